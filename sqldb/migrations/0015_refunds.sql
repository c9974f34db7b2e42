-- Refunds, corrections and late fees (sqldb/refunds.go, sqldb/latefees.go).
--
-- Refunds (退费) and corrections (更正/冲正) are payments rows of kind
-- 'refund' / 'correction' (0009) with a negative amount and ref = the
-- original payment's receipt number; the allocations they reverse are new
-- negative rows of allocations and allocation_schemes under their own id.
-- A negative allocation row has settled = -1 when the reversal made a bill
-- that was paid in full unpaid again (its individual-account credits were
-- then withdrawn), 0 otherwise: the number of such rows of a bill is how
-- many times its credits were reversed, which names the next crediting.

-- Late fees (滞纳金) assessed when money for a bill arrived after its due
-- date: the allocated principal × the daily rate × the days late, split by
-- scheme (fund) like the allocation. payment_id is the payment whose
-- allocation was late; a correction cancels the fees of the payment it
-- reverses with negative rows under its own id. Never updated.
CREATE TABLE late_fees (
    payment_id    TEXT NOT NULL REFERENCES payments (id),
    employer_uscc TEXT NOT NULL,
    period        TEXT NOT NULL,
    seq           INTEGER NOT NULL DEFAULT 0, -- the allocation's seq (below)
    scheme        TEXT NOT NULL,
    principal     BIGINT NOT NULL, -- 分, the part of the allocation in this scheme
    days          INTEGER NOT NULL,
    daily_rate    BIGINT NOT NULL, -- ppm
    amount        BIGINT NOT NULL, -- 分; negative for a cancellation
    assessed_on   TEXT NOT NULL,
    explain       TEXT NOT NULL,
    PRIMARY KEY (payment_id, period, seq, scheme)
);
CREATE INDEX late_fees_employer ON late_fees (employer_uscc, period);

-- Late fees paid (collected) by a payment: a payment first pays the
-- employer's outstanding late fees, then its bills oldest first. A
-- correction reverses what the corrected payment paid with negative rows.
CREATE TABLE late_fee_collections (
    payment_id    TEXT NOT NULL REFERENCES payments (id),
    employer_uscc TEXT NOT NULL,
    scheme        TEXT NOT NULL,
    amount        BIGINT NOT NULL, -- 分; negative for a reversal
    paid_on       TEXT NOT NULL,
    PRIMARY KEY (payment_id, scheme)
);
CREATE INDEX late_fee_collections_employer ON late_fee_collections (employer_uscc);

-- 暂收款 applied later is allocated under the payment that held it. Such a
-- payment may already have an allocation to the same bill (the bill was
-- made unpaid again by a refund or a correction), so an allocation is keyed
-- by (payment, period, seq): seq 0 is what the payment allocated when it was
-- recorded, 1, 2 … later applications of its 暂收款. The tables of 0009 are
-- rebuilt with the column (same rows, seq 0); the statements are the same
-- on both engines.
CREATE TABLE allocations_v2 (
    payment_id    TEXT NOT NULL REFERENCES payments (id),
    employer_uscc TEXT NOT NULL,
    period        TEXT NOT NULL,
    seq           INTEGER NOT NULL DEFAULT 0,
    amount        BIGINT NOT NULL,
    late_fee_days INTEGER NOT NULL DEFAULT 0,
    settled       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (payment_id, period, seq)
);
INSERT INTO allocations_v2 (payment_id, employer_uscc, period, seq, amount, late_fee_days, settled)
    SELECT payment_id, employer_uscc, period, 0, amount, late_fee_days, settled FROM allocations;
DROP TABLE allocations;
ALTER TABLE allocations_v2 RENAME TO allocations;
CREATE INDEX allocations_bill ON allocations (employer_uscc, period);

CREATE TABLE allocation_schemes_v2 (
    payment_id    TEXT NOT NULL REFERENCES payments (id),
    employer_uscc TEXT NOT NULL,
    period        TEXT NOT NULL,
    seq           INTEGER NOT NULL DEFAULT 0,
    scheme        TEXT NOT NULL,
    amount        BIGINT NOT NULL,
    PRIMARY KEY (payment_id, period, seq, scheme)
);
INSERT INTO allocation_schemes_v2 (payment_id, employer_uscc, period, seq, scheme, amount)
    SELECT payment_id, employer_uscc, period, 0, scheme, amount FROM allocation_schemes;
DROP TABLE allocation_schemes;
ALTER TABLE allocation_schemes_v2 RENAME TO allocation_schemes;
CREATE INDEX allocation_schemes_bill ON allocation_schemes (employer_uscc, period);
