-- Collection (征收): payments received (实缴) and their allocation to bills.
--
-- A payment is the bank's credit to the collection account (收入户), one row
-- per bank receipt (回单号, receipt_no): importing the same receipt again
-- changes nothing. Payments are never edited or deleted; a refund or a
-- correction is a new row of kind 'refund' or 'correction' with a negative
-- amount, ref naming the original payment.

CREATE TABLE payments (
    id            TEXT PRIMARY KEY,
    receipt_no    TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL DEFAULT 'payment' CHECK (kind IN ('payment', 'refund', 'correction')),
    ref           TEXT NOT NULL DEFAULT '', -- the original payment of a refund or correction
    employer_uscc TEXT NOT NULL REFERENCES employers (uscc),
    amount        BIGINT NOT NULL, -- 分; negative for a refund
    paid_on       TEXT NOT NULL,   -- 到账日期 YYYY-MM-DD
    source        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    CHECK ((kind = 'payment' AND amount > 0) OR (kind <> 'payment' AND ref <> ''))
);
CREATE INDEX payments_employer ON payments (employer_uscc, paid_on);

-- What a payment paid of each bill, oldest period first. late_fee_days is
-- how many days after the bill's due date the money arrived (0: on time).
CREATE TABLE allocations (
    payment_id    TEXT NOT NULL REFERENCES payments (id),
    employer_uscc TEXT NOT NULL,
    period        TEXT NOT NULL,
    amount        BIGINT NOT NULL,
    late_fee_days INTEGER NOT NULL DEFAULT 0,
    settled       INTEGER NOT NULL DEFAULT 0, -- 1: this allocation paid the bill in full
    PRIMARY KEY (payment_id, period)
);
CREATE INDEX allocations_bill ON allocations (employer_uscc, period);

-- The allocation of a payment to one bill, split by scheme (fund): what the
-- collection entry of each fund credits. Shares are proportional to what is
-- still unpaid of each scheme, so that a bill paid in full has paid each
-- scheme exactly its amount.
CREATE TABLE allocation_schemes (
    payment_id    TEXT NOT NULL REFERENCES payments (id),
    employer_uscc TEXT NOT NULL,
    period        TEXT NOT NULL,
    scheme        TEXT NOT NULL,
    amount        BIGINT NOT NULL,
    PRIMARY KEY (payment_id, period, scheme)
);
CREATE INDEX allocation_schemes_bill ON allocation_schemes (employer_uscc, period);
