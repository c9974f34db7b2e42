-- Money in, the other payers: residents' annual contributions (170, 390),
-- the lump-sum back payment of converted villages (村改居), flexible
-- employment (灵活就业). Money BIGINT 分, dates 'YYYY-MM-DD' text, months
-- 'YYYY-MM', natural or random text keys; no sequences, no triggers.

-- Residents' annual contributions (城乡居民养老保险 170, 城乡居民医保 390):
-- one row per receipt (票据号, the idempotency key), at most one per person,
-- scheme and year. individual is the contribution at the chosen tier (170)
-- or the individual standard (390); finance_paid is the part of it the
-- government paid for a person of a special group (代缴, 国发〔2014〕8号),
-- so the person paid individual - finance_paid. subsidy is the government
-- subsidy (缴费补贴 170, 财政补助 390), collective the village's 集体补助.
CREATE TABLE resident_contributions (
    receipt_no   TEXT PRIMARY KEY,
    id_no        TEXT NOT NULL REFERENCES persons (id_no),
    scheme       TEXT NOT NULL CHECK (scheme IN ('170', '390')),
    year         INTEGER NOT NULL,
    region_code  TEXT NOT NULL,
    individual   BIGINT NOT NULL CHECK (individual >= 0),
    finance_paid BIGINT NOT NULL DEFAULT 0 CHECK (finance_paid >= 0),
    subsidy      BIGINT NOT NULL DEFAULT 0 CHECK (subsidy >= 0),
    collective   BIGINT NOT NULL DEFAULT 0 CHECK (collective >= 0),
    special      TEXT NOT NULL DEFAULT '', -- the person flag that made the government pay (低保, 五保 …)
    paid_on      TEXT NOT NULL,
    explanation  TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    UNIQUE (id_no, scheme, year)
);
CREATE INDEX resident_contributions_region ON resident_contributions (region_code, scheme, year);

-- Village conversions (城中村改造 村改居): a village whose residents may join
-- the employee pension (110) by a lump-sum payment of years_required years.
-- The cost per person and its split were fixed at registration from the
-- policy in force on the conversion date and are kept with their
-- explanation, so that a later policy change does not move a quote.
CREATE TABLE village_conversions (
    region_code    TEXT PRIMARY KEY REFERENCES regions (code),
    converted_on   TEXT NOT NULL,
    years_required INTEGER NOT NULL,
    monthly_base   BIGINT NOT NULL, -- the base the lump sum is computed at
    cost           BIGINT NOT NULL, -- per person
    collective     BIGINT NOT NULL, -- per person, paid by the village collective
    individual     BIGINT NOT NULL, -- per person, paid by the person
    government     BIGINT NOT NULL, -- per person, paid by the government
    account        BIGINT NOT NULL, -- credited to the pension account per person when paid in full
    explanation    TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL
);

-- The persons of a conversion who opted in, and what each party has paid.
-- A person joins at most one conversion. settled_on is set when the three
-- parts are paid in full (the account is then credited and the years
-- written to contribution_years).
CREATE TABLE lumpsum_persons (
    id_no           TEXT PRIMARY KEY REFERENCES persons (id_no),
    region_code     TEXT NOT NULL REFERENCES village_conversions (region_code),
    collective_paid BIGINT NOT NULL DEFAULT 0,
    individual_paid BIGINT NOT NULL DEFAULT 0,
    government_paid BIGINT NOT NULL DEFAULT 0,
    settled_on      TEXT NOT NULL DEFAULT '',
    joined_at       TEXT NOT NULL,
    joined_by       TEXT NOT NULL
);
CREATE INDEX lumpsum_persons_region ON lumpsum_persons (region_code);

-- Money received for a lump sum: one row per receipt, by payer.
CREATE TABLE lumpsum_payments (
    receipt_no  TEXT PRIMARY KEY,
    id_no       TEXT NOT NULL REFERENCES lumpsum_persons (id_no),
    payer       TEXT NOT NULL CHECK (payer IN ('collective', 'individual', 'government')),
    amount      BIGINT NOT NULL CHECK (amount > 0),
    paid_on     TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX lumpsum_payments_person ON lumpsum_payments (id_no);

-- Flexible employment (灵活就业): the base a person chose for a range of
-- months (to_period '' = open), within the floor and ceiling in force.
CREATE TABLE flex_bases (
    id_no       TEXT NOT NULL REFERENCES persons (id_no),
    from_period TEXT NOT NULL,
    to_period   TEXT NOT NULL DEFAULT '',
    base        BIGINT NOT NULL CHECK (base > 0),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (id_no, from_period)
);

-- Personal monthly bills (个人应缴) of flexible employment, one per person,
-- month and scheme, each explained.
CREATE TABLE personal_bills (
    id_no          TEXT NOT NULL REFERENCES persons (id_no),
    period         TEXT NOT NULL,
    scheme         TEXT NOT NULL,
    region_code    TEXT NOT NULL,
    base           BIGINT NOT NULL,
    rate           BIGINT NOT NULL, -- ppm
    amount         BIGINT NOT NULL,
    account_amount BIGINT NOT NULL,
    paid           BIGINT NOT NULL DEFAULT 0,
    due_date       TEXT NOT NULL,
    explanation    TEXT NOT NULL,
    assessed_at    TEXT NOT NULL,
    PRIMARY KEY (id_no, period, scheme)
);
CREATE INDEX personal_bills_region ON personal_bills (region_code, period);

-- Payments of persons (flexible employment) by bank receipt, and what they
-- paid of each personal bill, oldest first.
CREATE TABLE personal_payments (
    id          TEXT PRIMARY KEY,
    receipt_no  TEXT NOT NULL UNIQUE,
    id_no       TEXT NOT NULL REFERENCES persons (id_no),
    amount      BIGINT NOT NULL CHECK (amount > 0),
    paid_on     TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX personal_payments_person ON personal_payments (id_no, paid_on);

CREATE TABLE personal_allocations (
    payment_id    TEXT NOT NULL REFERENCES personal_payments (id),
    id_no         TEXT NOT NULL,
    period        TEXT NOT NULL,
    scheme        TEXT NOT NULL,
    amount        BIGINT NOT NULL,
    late_fee_days INTEGER NOT NULL DEFAULT 0,
    settled       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (payment_id, period, scheme)
);
CREATE INDEX personal_allocations_bill ON personal_allocations (id_no, period);
