-- Late fees paid from 暂收款 already held (sqldb/latefees.go,
-- sqldb/refunds.go applyCredit), and late fees of flexible employment's
-- personal bills (sqldb/flex_refunds.go).
--
-- A payment's 暂收款 may pay late fees more than once (each `payments
-- apply` or assessment that finds fees outstanding), so a collection is
-- keyed by (payment, seq, scheme): seq 0 is what the payment paid when it
-- was recorded (or, for a correction, what it reversed), 1, 2 … later
-- collections from its 暂收款. The table of 0015 is rebuilt with the
-- column (same rows, seq 0); the statements are the same on both engines.
CREATE TABLE late_fee_collections_v2 (
    payment_id    TEXT NOT NULL REFERENCES payments (id),
    employer_uscc TEXT NOT NULL,
    seq           INTEGER NOT NULL DEFAULT 0,
    scheme        TEXT NOT NULL,
    amount        BIGINT NOT NULL, -- 分; negative for a reversal
    paid_on       TEXT NOT NULL,
    PRIMARY KEY (payment_id, seq, scheme)
);
INSERT INTO late_fee_collections_v2 (payment_id, employer_uscc, seq, scheme, amount, paid_on)
    SELECT payment_id, employer_uscc, 0, scheme, amount, paid_on FROM late_fee_collections;
DROP TABLE late_fee_collections;
ALTER TABLE late_fee_collections_v2 RENAME TO late_fee_collections;
CREATE INDEX late_fee_collections_employer ON late_fee_collections (employer_uscc);

-- Flexible employment (灵活就业): corrections (冲正) of personal payments
-- and late fees of personal bills (sqldb/flex_refunds.go). A correction
-- reverses one personal payment in full, once (its own voucher number is
-- the idempotency key); the allocations it reversed are its lines, with
-- unsettled = 1 when the bill paid in full became unpaid again (the
-- account credit was then withdrawn; the number of such lines of a bill
-- names its next crediting).
CREATE TABLE personal_corrections (
    id           TEXT PRIMARY KEY,
    receipt_no   TEXT NOT NULL UNIQUE,
    payment_id   TEXT NOT NULL UNIQUE REFERENCES personal_payments (id),
    id_no        TEXT NOT NULL,
    amount       BIGINT NOT NULL CHECK (amount > 0), -- 分 reversed (the payment's amount)
    corrected_on TEXT NOT NULL,
    reason       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX personal_corrections_person ON personal_corrections (id_no);

CREATE TABLE personal_correction_lines (
    correction_id TEXT NOT NULL REFERENCES personal_corrections (id),
    id_no         TEXT NOT NULL,
    period        TEXT NOT NULL,
    scheme        TEXT NOT NULL,
    amount        BIGINT NOT NULL, -- 分 reversed (positive)
    unsettled     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (correction_id, period, scheme)
);
CREATE INDEX personal_correction_lines_bill ON personal_correction_lines (id_no, period);

-- Late fees of personal bills: assessed when a personal payment's
-- allocation arrives after the due date (source_id = the payment), and
-- cancelled by the correction of that payment (source_id = the
-- correction, negative amount).
CREATE TABLE personal_late_fees (
    source_id   TEXT NOT NULL,
    id_no       TEXT NOT NULL,
    period      TEXT NOT NULL,
    scheme      TEXT NOT NULL,
    principal   BIGINT NOT NULL,
    days        INTEGER NOT NULL,
    daily_rate  BIGINT NOT NULL, -- ppm
    amount      BIGINT NOT NULL, -- 分; negative for a cancellation
    assessed_on TEXT NOT NULL,
    explain     TEXT NOT NULL,
    PRIMARY KEY (source_id, period, scheme)
);
CREATE INDEX personal_late_fees_person ON personal_late_fees (id_no);

-- Late fees paid by a personal payment after its bills (source_id = the
-- payment), or reversed by its correction (source_id = the correction,
-- negative).
CREATE TABLE personal_late_fee_collections (
    source_id   TEXT NOT NULL,
    id_no       TEXT NOT NULL,
    scheme      TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    paid_on     TEXT NOT NULL,
    PRIMARY KEY (source_id, scheme)
);
CREATE INDEX personal_late_fee_collections_person ON personal_late_fee_collections (id_no);
