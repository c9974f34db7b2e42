-- One payer model (issue #13): money in from every payer through one
-- pipeline. Until now employers paid through bills, payments, allocations,
-- allocation_schemes, late_fees and late_fee_collections (0008, 0009, 0015,
-- 0020), and flexible-employment payers (灵活就业) through a parallel set:
-- personal_bills, personal_payments, personal_allocations,
-- personal_late_fees, personal_late_fee_collections, personal_corrections,
-- personal_correction_lines and personal_refunds (0011, 0020, 0022), with
-- refunds and corrections modelled differently in each.
--
-- From here on a payer is identified by its kind and key: ('employer', the
-- 统一社会信用代码) or ('person', the 身份证号). Every table of the pipeline
-- carries (payer_kind, payer):
--
--   bills                 one per payer and month: what it owes (应缴). An
--                         employer's lines are bill_lines (its employees'
--                         declared wages, 0008); a person's are
--                         flex_bill_lines (the base they chose, below).
--   payments              bank receipts (kind payment), refunds (退费, kind
--                         refund) and corrections (冲正, kind correction) of
--                         every payer: a refund or correction is a row with
--                         a negative amount, ref = the original receipt.
--   allocations,          what a payment paid of each bill, oldest first,
--   allocation_schemes    by scheme; negative rows reverse (settled = -1:
--                         the reversal made a bill paid in full unpaid).
--   late_fees,            滞纳金 assessed and cancelled; paid (collected).
--   late_fee_collections
--
-- 暂收款 is what a payment holds: Σ its amounts (with its refunds and
-- corrections) − Σ its allocations − Σ the late fees it paid.
--
-- Every personal_* row moves into these tables with its amounts, dates,
-- receipt numbers, ids and creators unchanged (a personal payment, refund
-- or correction keeps its id as the payments row's id, so the sources of
-- the ledger entries and account movements posted under it —
-- "flexpay:<id>", "flex-refund:<id>", "flex-correction:<id>" — still name
-- it). The journal and the individual accounts are not touched: the ledger
-- check is the same before and after.
--
-- Receipt numbers are unique per payer kind and row kind: the old personal
-- tables kept the receipts of payments, of refunds and of corrections apart,
-- so one number may appear in two of them. An employer's receipt stays
-- unique across its kinds (payments_employer_receipt), as 0009 had it.
--
-- Keys are natural or random text; no sequences, no triggers. Tables are
-- rebuilt under new names and renamed (SQLite cannot change a key in
-- place); the names with _new are not those of earlier rebuilds (0015 and
-- 0020 left indexes named *_v2_pkey on PostgreSQL). The statements are the
-- same on both engines.

-- Bills.
CREATE TABLE bills_new (
    payer_kind       TEXT NOT NULL CHECK (payer_kind IN ('employer', 'person')),
    payer            TEXT NOT NULL, -- the employer's USCC, or the person's 身份证号
    period           TEXT NOT NULL,
    region_code      TEXT NOT NULL,
    basis            TEXT NOT NULL,
    due_date         TEXT NOT NULL,
    employer_total   BIGINT NOT NULL,
    individual_total BIGINT NOT NULL,
    total            BIGINT NOT NULL,
    paid             BIGINT NOT NULL DEFAULT 0,
    lines            INTEGER NOT NULL,
    assessed_at      TEXT NOT NULL,
    PRIMARY KEY (payer_kind, payer, period)
);
INSERT INTO bills_new (payer_kind, payer, period, region_code, basis, due_date, employer_total, individual_total, total, paid,
        lines, assessed_at)
    SELECT 'employer', employer_uscc, period, region_code, basis, due_date, employer_total, individual_total, total, paid,
        lines, assessed_at FROM bills;
-- A flexible payer's bill of a month: the personal bills of the month (one
-- per scheme; only 110 was ever assessed) under one bill, the person paying
-- the whole of it.
INSERT INTO bills_new (payer_kind, payer, period, region_code, basis, due_date, employer_total, individual_total, total, paid,
        lines, assessed_at)
    SELECT 'person', id_no, period, MIN(region_code), '灵活就业人员自选缴费基数', MIN(due_date), 0, SUM(amount), SUM(amount), SUM(paid),
        COUNT(*), MIN(assessed_at) FROM personal_bills GROUP BY id_no, period;

-- The lines of a flexible payer's bill: per scheme, the base chosen (after
-- the month's floor and ceiling), the rate, the amount, the part credited
-- to the individual account once the bill is paid in full, explained.
CREATE TABLE flex_bill_lines (
    id_no          TEXT NOT NULL REFERENCES persons (id_no),
    period         TEXT NOT NULL,
    scheme         TEXT NOT NULL,
    base           BIGINT NOT NULL,
    rate           BIGINT NOT NULL, -- ppm
    amount         BIGINT NOT NULL,
    account_amount BIGINT NOT NULL,
    explanation    TEXT NOT NULL,
    PRIMARY KEY (id_no, period, scheme)
);
INSERT INTO flex_bill_lines (id_no, period, scheme, base, rate, amount, account_amount, explanation)
    SELECT id_no, period, scheme, base, rate, amount, account_amount, explanation FROM personal_bills;

-- Payments, refunds and corrections. reason is the reason a clerk gave for
-- a refund or a correction.
CREATE TABLE payments_new (
    id         TEXT PRIMARY KEY,
    payer_kind TEXT NOT NULL CHECK (payer_kind IN ('employer', 'person')),
    payer      TEXT NOT NULL,
    receipt_no TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT 'payment' CHECK (kind IN ('payment', 'refund', 'correction')),
    ref        TEXT NOT NULL DEFAULT '', -- the original payment's receipt number
    amount     BIGINT NOT NULL, -- 分; negative for a refund or a correction
    paid_on    TEXT NOT NULL,   -- 到账日期, or the day the money left (退费/冲正日期)
    source     TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (payer_kind, kind, receipt_no),
    CHECK ((kind = 'payment' AND amount > 0) OR (kind <> 'payment' AND ref <> ''))
);
INSERT INTO payments_new (id, payer_kind, payer, receipt_no, kind, ref, amount, paid_on, source, reason, created_at, created_by)
    SELECT id, 'employer', employer_uscc, receipt_no, kind, ref, amount, paid_on, source, '', created_at, created_by FROM payments;
INSERT INTO payments_new (id, payer_kind, payer, receipt_no, kind, ref, amount, paid_on, source, reason, created_at, created_by)
    SELECT id, 'person', id_no, receipt_no, 'payment', '', amount, paid_on, source, '', created_at, created_by FROM personal_payments;
INSERT INTO payments_new (id, payer_kind, payer, receipt_no, kind, ref, amount, paid_on, source, reason, created_at, created_by)
    SELECT r.id, 'person', r.id_no, r.receipt_no, 'refund', p.receipt_no, -r.amount, r.refunded_on, 'refund', r.reason, r.created_at, r.created_by
    FROM personal_refunds r JOIN personal_payments p ON p.id = r.payment_id;
-- A correction reversed what the payment still held after its refunds (a
-- refund after a correction was refused), as an employer's correction does:
-- its amount is minus the payment's amount less what was refunded.
INSERT INTO payments_new (id, payer_kind, payer, receipt_no, kind, ref, amount, paid_on, source, reason, created_at, created_by)
    SELECT c.id, 'person', c.id_no, c.receipt_no, 'correction', p.receipt_no,
        -(c.amount - COALESCE((SELECT SUM(r.amount) FROM personal_refunds r WHERE r.payment_id = c.payment_id), 0)),
        c.corrected_on, 'correction', c.reason, c.created_at, c.created_by
    FROM personal_corrections c JOIN personal_payments p ON p.id = c.payment_id;

-- Allocations. A personal payment allocated to each scheme's personal bill
-- of a month; it now allocates to the month's bill, split by scheme in
-- allocation_schemes. A correction's lines are its negative allocations.
CREATE TABLE allocations_new (
    payment_id    TEXT NOT NULL REFERENCES payments_new (id),
    payer_kind    TEXT NOT NULL,
    payer         TEXT NOT NULL,
    period        TEXT NOT NULL,
    seq           INTEGER NOT NULL DEFAULT 0,
    amount        BIGINT NOT NULL,
    late_fee_days INTEGER NOT NULL DEFAULT 0,
    settled       INTEGER NOT NULL DEFAULT 0, -- 1: paid the bill in full; -1: made a bill paid in full unpaid again
    PRIMARY KEY (payment_id, period, seq)
);
INSERT INTO allocations_new (payment_id, payer_kind, payer, period, seq, amount, late_fee_days, settled)
    SELECT payment_id, 'employer', employer_uscc, period, seq, amount, late_fee_days, settled FROM allocations;
INSERT INTO allocations_new (payment_id, payer_kind, payer, period, seq, amount, late_fee_days, settled)
    SELECT payment_id, 'person', id_no, period, 0, SUM(amount), MAX(late_fee_days), MIN(settled)
    FROM personal_allocations GROUP BY payment_id, id_no, period;
INSERT INTO allocations_new (payment_id, payer_kind, payer, period, seq, amount, late_fee_days, settled)
    SELECT correction_id, 'person', id_no, period, 0, -SUM(amount), 0, CASE WHEN MAX(unsettled) = 1 THEN -1 ELSE 0 END
    FROM personal_correction_lines GROUP BY correction_id, id_no, period;

CREATE TABLE allocation_schemes_new (
    payment_id TEXT NOT NULL REFERENCES payments_new (id),
    payer_kind TEXT NOT NULL,
    payer      TEXT NOT NULL,
    period     TEXT NOT NULL,
    seq        INTEGER NOT NULL DEFAULT 0,
    scheme     TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    PRIMARY KEY (payment_id, period, seq, scheme)
);
INSERT INTO allocation_schemes_new (payment_id, payer_kind, payer, period, seq, scheme, amount)
    SELECT payment_id, 'employer', employer_uscc, period, seq, scheme, amount FROM allocation_schemes;
INSERT INTO allocation_schemes_new (payment_id, payer_kind, payer, period, seq, scheme, amount)
    SELECT payment_id, 'person', id_no, period, 0, scheme, amount FROM personal_allocations;
INSERT INTO allocation_schemes_new (payment_id, payer_kind, payer, period, seq, scheme, amount)
    SELECT correction_id, 'person', id_no, period, 0, scheme, -amount FROM personal_correction_lines;

-- Late fees assessed (positive) and cancelled by a correction (negative),
-- under the payment whose late allocation assessed them or the correction.
CREATE TABLE late_fees_new (
    payment_id  TEXT NOT NULL REFERENCES payments_new (id),
    payer_kind  TEXT NOT NULL,
    payer       TEXT NOT NULL,
    period      TEXT NOT NULL,
    seq         INTEGER NOT NULL DEFAULT 0,
    scheme      TEXT NOT NULL,
    principal   BIGINT NOT NULL,
    days        INTEGER NOT NULL,
    daily_rate  BIGINT NOT NULL, -- ppm
    amount      BIGINT NOT NULL,
    assessed_on TEXT NOT NULL,
    explain     TEXT NOT NULL,
    PRIMARY KEY (payment_id, period, seq, scheme)
);
INSERT INTO late_fees_new (payment_id, payer_kind, payer, period, seq, scheme, principal, days, daily_rate, amount, assessed_on, explain)
    SELECT payment_id, 'employer', employer_uscc, period, seq, scheme, principal, days, daily_rate, amount, assessed_on, explain FROM late_fees;
INSERT INTO late_fees_new (payment_id, payer_kind, payer, period, seq, scheme, principal, days, daily_rate, amount, assessed_on, explain)
    SELECT source_id, 'person', id_no, period, 0, scheme, principal, days, daily_rate, amount, assessed_on, explain FROM personal_late_fees;

-- Late fees paid by a payment (seq 0 when it was recorded, 1, 2 … from its
-- 暂收款 later), or reversed by a correction (negative).
CREATE TABLE late_fee_collections_new (
    payment_id TEXT NOT NULL REFERENCES payments_new (id),
    payer_kind TEXT NOT NULL,
    payer      TEXT NOT NULL,
    seq        INTEGER NOT NULL DEFAULT 0,
    scheme     TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    paid_on    TEXT NOT NULL,
    PRIMARY KEY (payment_id, seq, scheme)
);
INSERT INTO late_fee_collections_new (payment_id, payer_kind, payer, seq, scheme, amount, paid_on)
    SELECT payment_id, 'employer', employer_uscc, seq, scheme, amount, paid_on FROM late_fee_collections;
INSERT INTO late_fee_collections_new (payment_id, payer_kind, payer, seq, scheme, amount, paid_on)
    SELECT source_id, 'person', id_no, 0, scheme, amount, paid_on FROM personal_late_fee_collections;

-- The old tables, children before parents.
DROP TABLE personal_correction_lines;
DROP TABLE personal_corrections;
DROP TABLE personal_refunds;
DROP TABLE personal_late_fee_collections;
DROP TABLE personal_late_fees;
DROP TABLE personal_allocations;
DROP TABLE personal_payments;
DROP TABLE personal_bills;
DROP TABLE late_fee_collections;
DROP TABLE late_fees;
DROP TABLE allocation_schemes;
DROP TABLE allocations;
DROP TABLE payments;
DROP TABLE bills;

ALTER TABLE bills_new RENAME TO bills;
ALTER TABLE payments_new RENAME TO payments;
ALTER TABLE allocations_new RENAME TO allocations;
ALTER TABLE allocation_schemes_new RENAME TO allocation_schemes;
ALTER TABLE late_fees_new RENAME TO late_fees;
ALTER TABLE late_fee_collections_new RENAME TO late_fee_collections;

CREATE INDEX bills_region ON bills (region_code, period);
CREATE INDEX payments_payer ON payments (payer_kind, payer, paid_on);
CREATE UNIQUE INDEX payments_employer_receipt ON payments (receipt_no) WHERE payer_kind = 'employer';
CREATE INDEX allocations_bill ON allocations (payer_kind, payer, period);
CREATE INDEX allocation_schemes_bill ON allocation_schemes (payer_kind, payer, period);
CREATE INDEX late_fees_payer ON late_fees (payer_kind, payer, period);
CREATE INDEX late_fee_collections_payer ON late_fee_collections (payer_kind, payer);
