-- The other payers join the one payer model (issue #13 item 3): residents'
-- annual contributions (城乡居民养老 170, 城乡居民医保 390; until now
-- resident_contributions, 0011) and the lump sums of converted villages
-- (村改居; lumpsum_persons and lumpsum_payments, 0011) are billed, paid,
-- allocated, refunded and corrected through the pipeline of 0025.
--
-- Two payer kinds are added, each keyed by the 身份证号 of the person whose
-- dues they are:
--
--   resident   one bill per person, scheme and year: period 'YYYY:SSS'
--              (e.g. '2025:170'). A resident pays each scheme once a year,
--              so the year and the scheme name the bill; the colon keeps
--              the period from ever being read as a month ('YYYY-MM', the
--              periods of employers and flexible payers) while text order
--              is still year order. Due on 31 December of the year.
--   lumpsum    one bill per person: period = the conversion date
--              'YYYY-MM-DD' (a person joins at most one conversion; the
--              date is when the dues were fixed). Due on that date.
--
-- The parties. A resident's year and a lump sum are paid by up to three
-- parties — the person, the village collective (集体补助) and the government
-- (缴费补贴 / 财政补助 and, for a special group, 代缴) — each into an income
-- account of its own (4001, 4003, 4002). They are modelled as what they
-- are in each case:
--
--   * a resident's receipt (票据号) is one act: the village hands in the
--     person's and the collective's money and the government's part is
--     owed by the finance bureau (Dr 1102 应收财政补贴). The receipt is one
--     payments row whose amount is the year's whole financing
--     (individual + subsidy + collective), and the bill's line
--     (resident_bill_lines, one per receipt that paid the bill) says who
--     pays what: the person individual − finance_paid, the government
--     subsidy + finance_paid, the collective collective. The ledger entry
--     books each party to its account, as before.
--   * a lump sum is paid by each party separately, by receipts of its own.
--     Each receipt is a payments row with party = 'collective',
--     'individual' or 'government', and the bill has one line per party
--     (lumpsum_bill_lines) with that party's due, fixed at the conversion
--     (village_conversions). What a party paid is the sum of its
--     payments' allocations; the lump sum is settled when the bill is paid
--     in full (every party's part is capped at its due).
--
-- One payer kind per case rather than payer kinds 'collective' and
-- 'government' of their own: a collective or the government does not owe
-- a debt of its own that money is allocated to oldest first — it pays a
-- share of one person's dues, and its money must land in that person's
-- bill (and account). The party is therefore a property of a payment and
-- of a bill line, not a payer.
--
-- Money and keys move unchanged: a resident's receipt becomes the
-- payments row 'resident:<receipt>' and a lump-sum receipt
-- 'lumpsum:<receipt>' (their ledger entries were and stay posted under
-- those sources); the recording time and clerk move with them. The
-- journal, the individual accounts and contribution_years are not
-- touched: the ledger check is the same before and after.
--
-- payments, bills and their children are rebuilt (SQLite cannot change a
-- CHECK in place; the children reference payments). Receipt numbers stay
-- unique per payer kind and row kind: a resident's receipt and a flexible
-- payer's may carry the same number, as they could before.

CREATE TABLE bills_p2 (
    payer_kind       TEXT NOT NULL CHECK (payer_kind IN ('employer', 'person', 'resident', 'lumpsum')),
    payer            TEXT NOT NULL, -- the employer's USCC, or the person's 身份证号
    period           TEXT NOT NULL, -- 'YYYY-MM'; a resident's 'YYYY:SSS'; a lump sum's conversion date
    region_code      TEXT NOT NULL,
    basis            TEXT NOT NULL,
    due_date         TEXT NOT NULL,
    employer_total   BIGINT NOT NULL, -- a resident's or lump sum's: what others than the person pay
    individual_total BIGINT NOT NULL,
    total            BIGINT NOT NULL,
    paid             BIGINT NOT NULL DEFAULT 0,
    lines            INTEGER NOT NULL,
    assessed_at      TEXT NOT NULL,
    PRIMARY KEY (payer_kind, payer, period)
);
INSERT INTO bills_p2 (payer_kind, payer, period, region_code, basis, due_date, employer_total, individual_total, total, paid, lines, assessed_at)
    SELECT payer_kind, payer, period, region_code, basis, due_date, employer_total, individual_total, total, paid, lines, assessed_at FROM bills;
-- A resident's year: billed and paid in full by its receipt.
INSERT INTO bills_p2 (payer_kind, payer, period, region_code, basis, due_date, employer_total, individual_total, total, paid, lines, assessed_at)
    SELECT 'resident', id_no, CAST(year AS TEXT) || ':' || scheme, region_code,
        CASE WHEN scheme = '170' THEN '城乡居民养老保险年度缴费' ELSE '城乡居民医疗保险年度缴费' END,
        CAST(year AS TEXT) || '-12-31', subsidy + collective, individual, individual + subsidy + collective,
        individual + subsidy + collective, 1, created_at FROM resident_contributions;
-- A lump sum: the person's share of the conversion's cost, paid so far.
INSERT INTO bills_p2 (payer_kind, payer, period, region_code, basis, due_date, employer_total, individual_total, total, paid, lines, assessed_at)
    SELECT 'lumpsum', l.id_no, v.converted_on, l.region_code, '村改居一次性补缴', v.converted_on, v.collective + v.government, v.individual,
        v.cost, l.collective_paid + l.individual_paid + l.government_paid, 3, l.joined_at
    FROM lumpsum_persons l JOIN village_conversions v ON v.region_code = l.region_code;

-- The line of a resident's bill as a receipt paid it: the amounts of each
-- party and their explanation (they are fixed by the tier chosen when
-- paying). payment_id is the receipt's payments row.
CREATE TABLE resident_bill_lines (
    payment_id   TEXT PRIMARY KEY,
    id_no        TEXT NOT NULL REFERENCES persons (id_no),
    period       TEXT NOT NULL,
    scheme       TEXT NOT NULL CHECK (scheme IN ('170', '390')),
    year         INTEGER NOT NULL,
    individual   BIGINT NOT NULL CHECK (individual >= 0),   -- the contribution at the tier (170) or the standard (390)
    finance_paid BIGINT NOT NULL CHECK (finance_paid >= 0), -- the part of it the government paid (代缴)
    subsidy      BIGINT NOT NULL CHECK (subsidy >= 0),      -- the government's subsidy
    collective   BIGINT NOT NULL CHECK (collective >= 0),   -- the village collective's subsidy
    special      TEXT NOT NULL DEFAULT '',
    explanation  TEXT NOT NULL
);
CREATE INDEX resident_bill_lines_bill ON resident_bill_lines (id_no, period);
INSERT INTO resident_bill_lines (payment_id, id_no, period, scheme, year, individual, finance_paid, subsidy, collective, special, explanation)
    SELECT 'resident:' || receipt_no, id_no, CAST(year AS TEXT) || ':' || scheme, scheme, year, individual, finance_paid, subsidy, collective,
        special, explanation FROM resident_contributions;

-- The lines of a lump sum's bill: each party's due.
CREATE TABLE lumpsum_bill_lines (
    id_no       TEXT NOT NULL REFERENCES persons (id_no),
    period      TEXT NOT NULL,
    party       TEXT NOT NULL CHECK (party IN ('collective', 'individual', 'government')),
    amount      BIGINT NOT NULL,
    explanation TEXT NOT NULL,
    created_by  TEXT NOT NULL, -- who recorded the person joining
    PRIMARY KEY (id_no, period, party)
);
INSERT INTO lumpsum_bill_lines (id_no, period, party, amount, explanation, created_by)
    SELECT l.id_no, v.converted_on, 'collective', v.collective, '村集体负担部分:' || v.explanation, l.joined_by
    FROM lumpsum_persons l JOIN village_conversions v ON v.region_code = l.region_code;
INSERT INTO lumpsum_bill_lines (id_no, period, party, amount, explanation, created_by)
    SELECT l.id_no, v.converted_on, 'individual', v.individual, '个人负担部分:' || v.explanation, l.joined_by
    FROM lumpsum_persons l JOIN village_conversions v ON v.region_code = l.region_code;
INSERT INTO lumpsum_bill_lines (id_no, period, party, amount, explanation, created_by)
    SELECT l.id_no, v.converted_on, 'government', v.government, '政府补贴部分:' || v.explanation, l.joined_by
    FROM lumpsum_persons l JOIN village_conversions v ON v.region_code = l.region_code;

-- Payments: party is who paid a lump sum's receipt ('' for every other
-- payer, who pays for itself).
CREATE TABLE payments_p2 (
    id         TEXT PRIMARY KEY,
    payer_kind TEXT NOT NULL CHECK (payer_kind IN ('employer', 'person', 'resident', 'lumpsum')),
    payer      TEXT NOT NULL,
    receipt_no TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT 'payment' CHECK (kind IN ('payment', 'refund', 'correction')),
    ref        TEXT NOT NULL DEFAULT '',
    amount     BIGINT NOT NULL,
    paid_on    TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    party      TEXT NOT NULL DEFAULT '' CHECK (party IN ('', 'collective', 'individual', 'government')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (payer_kind, kind, receipt_no),
    CHECK ((kind = 'payment' AND amount > 0) OR (kind <> 'payment' AND ref <> ''))
);
INSERT INTO payments_p2 (id, payer_kind, payer, receipt_no, kind, ref, amount, paid_on, source, reason, party, created_at, created_by)
    SELECT id, payer_kind, payer, receipt_no, kind, ref, amount, paid_on, source, reason, '', created_at, created_by FROM payments;
INSERT INTO payments_p2 (id, payer_kind, payer, receipt_no, kind, ref, amount, paid_on, source, reason, party, created_at, created_by)
    SELECT 'resident:' || receipt_no, 'resident', id_no, receipt_no, 'payment', '', individual + subsidy + collective, paid_on, source, '', '',
        created_at, created_by FROM resident_contributions;
INSERT INTO payments_p2 (id, payer_kind, payer, receipt_no, kind, ref, amount, paid_on, source, reason, party, created_at, created_by)
    SELECT 'lumpsum:' || receipt_no, 'lumpsum', id_no, receipt_no, 'payment', '', amount, paid_on, source, '', payer, created_at, created_by
    FROM lumpsum_payments;

CREATE TABLE allocations_p2 (
    payment_id    TEXT NOT NULL REFERENCES payments_p2 (id),
    payer_kind    TEXT NOT NULL,
    payer         TEXT NOT NULL,
    period        TEXT NOT NULL,
    seq           INTEGER NOT NULL DEFAULT 0,
    amount        BIGINT NOT NULL,
    late_fee_days INTEGER NOT NULL DEFAULT 0,
    settled       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (payment_id, period, seq)
);
INSERT INTO allocations_p2 (payment_id, payer_kind, payer, period, seq, amount, late_fee_days, settled)
    SELECT payment_id, payer_kind, payer, period, seq, amount, late_fee_days, settled FROM allocations;
INSERT INTO allocations_p2 (payment_id, payer_kind, payer, period, seq, amount, late_fee_days, settled)
    SELECT 'resident:' || receipt_no, 'resident', id_no, CAST(year AS TEXT) || ':' || scheme, 0, individual + subsidy + collective, 0, 1
    FROM resident_contributions;
-- A lump-sum receipt settled the bill (settled = 1) when it completed a
-- lump sum paid in full: one receipt of the settlement date.
INSERT INTO allocations_p2 (payment_id, payer_kind, payer, period, seq, amount, late_fee_days, settled)
    SELECT 'lumpsum:' || p.receipt_no, 'lumpsum', p.id_no, v.converted_on, 0, p.amount, 0,
        CASE WHEN l.settled_on <> '' AND p.receipt_no = (SELECT MAX(q.receipt_no) FROM lumpsum_payments q
            WHERE q.id_no = p.id_no AND q.paid_on = l.settled_on) THEN 1 ELSE 0 END
    FROM lumpsum_payments p JOIN lumpsum_persons l ON l.id_no = p.id_no JOIN village_conversions v ON v.region_code = l.region_code;

CREATE TABLE allocation_schemes_p2 (
    payment_id TEXT NOT NULL REFERENCES payments_p2 (id),
    payer_kind TEXT NOT NULL,
    payer      TEXT NOT NULL,
    period     TEXT NOT NULL,
    seq        INTEGER NOT NULL DEFAULT 0,
    scheme     TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    PRIMARY KEY (payment_id, period, seq, scheme)
);
INSERT INTO allocation_schemes_p2 (payment_id, payer_kind, payer, period, seq, scheme, amount)
    SELECT payment_id, payer_kind, payer, period, seq, scheme, amount FROM allocation_schemes;
INSERT INTO allocation_schemes_p2 (payment_id, payer_kind, payer, period, seq, scheme, amount)
    SELECT 'resident:' || receipt_no, 'resident', id_no, CAST(year AS TEXT) || ':' || scheme, 0, scheme, individual + subsidy + collective
    FROM resident_contributions;
INSERT INTO allocation_schemes_p2 (payment_id, payer_kind, payer, period, seq, scheme, amount)
    SELECT 'lumpsum:' || p.receipt_no, 'lumpsum', p.id_no, v.converted_on, 0, '110', p.amount
    FROM lumpsum_payments p JOIN lumpsum_persons l ON l.id_no = p.id_no JOIN village_conversions v ON v.region_code = l.region_code;

CREATE TABLE late_fees_p2 (
    payment_id  TEXT NOT NULL REFERENCES payments_p2 (id),
    payer_kind  TEXT NOT NULL,
    payer       TEXT NOT NULL,
    period      TEXT NOT NULL,
    seq         INTEGER NOT NULL DEFAULT 0,
    scheme      TEXT NOT NULL,
    principal   BIGINT NOT NULL,
    days        INTEGER NOT NULL,
    daily_rate  BIGINT NOT NULL,
    amount      BIGINT NOT NULL,
    assessed_on TEXT NOT NULL,
    explain     TEXT NOT NULL,
    PRIMARY KEY (payment_id, period, seq, scheme)
);
INSERT INTO late_fees_p2 (payment_id, payer_kind, payer, period, seq, scheme, principal, days, daily_rate, amount, assessed_on, explain)
    SELECT payment_id, payer_kind, payer, period, seq, scheme, principal, days, daily_rate, amount, assessed_on, explain FROM late_fees;

CREATE TABLE late_fee_collections_p2 (
    payment_id TEXT NOT NULL REFERENCES payments_p2 (id),
    payer_kind TEXT NOT NULL,
    payer      TEXT NOT NULL,
    seq        INTEGER NOT NULL DEFAULT 0,
    scheme     TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    paid_on    TEXT NOT NULL,
    PRIMARY KEY (payment_id, seq, scheme)
);
INSERT INTO late_fee_collections_p2 (payment_id, payer_kind, payer, seq, scheme, amount, paid_on)
    SELECT payment_id, payer_kind, payer, seq, scheme, amount, paid_on FROM late_fee_collections;

-- The old tables, children before parents.
DROP TABLE late_fee_collections;
DROP TABLE late_fees;
DROP TABLE allocation_schemes;
DROP TABLE allocations;
DROP TABLE payments;
DROP TABLE bills;
DROP TABLE lumpsum_payments;
DROP TABLE lumpsum_persons;
DROP TABLE resident_contributions;

ALTER TABLE bills_p2 RENAME TO bills;
ALTER TABLE payments_p2 RENAME TO payments;
ALTER TABLE allocations_p2 RENAME TO allocations;
ALTER TABLE allocation_schemes_p2 RENAME TO allocation_schemes;
ALTER TABLE late_fees_p2 RENAME TO late_fees;
ALTER TABLE late_fee_collections_p2 RENAME TO late_fee_collections;

CREATE INDEX bills_region ON bills (region_code, period);
CREATE INDEX payments_payer ON payments (payer_kind, payer, paid_on);
CREATE UNIQUE INDEX payments_employer_receipt ON payments (receipt_no) WHERE payer_kind = 'employer';
CREATE INDEX allocations_bill ON allocations (payer_kind, payer, period);
CREATE INDEX allocation_schemes_bill ON allocation_schemes (payer_kind, payer, period);
CREATE INDEX late_fees_payer ON late_fees (payer_kind, payer, period);
CREATE INDEX late_fee_collections_payer ON late_fee_collections (payer_kind, payer);
