-- Medical reimbursement (医疗费用报销) of 310 and 390: one row per
-- settlement (结算单) of a hospital stay or an outpatient visit, with what
-- the fund, the 310 individual account and the person paid and how it was
-- computed. Money BIGINT 分, dates 'YYYY-MM-DD' text, no sequences or
-- triggers, as everywhere.
--
-- settlement_no identifies the claim: an import of the same settlement
-- again inserts nothing (ON CONFLICT DO NOTHING) and a settled claim is
-- never recomputed. year is the year of the annual cap (the discharge
-- year); the cap used before a claim is the sum of fund_paid of the
-- person's earlier claims of the scheme and year, so claims are settled in
-- discharge-date order within an import. No foreign key to persons, as
-- bill_lines: every row is written after the person and the enrollment
-- were checked.
CREATE TABLE medical_claims (
    id              TEXT PRIMARY KEY,
    settlement_no   TEXT NOT NULL UNIQUE,
    id_no           TEXT NOT NULL,
    scheme          TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    claim_type      TEXT NOT NULL,              -- 住院 / 门诊
    hospital        TEXT NOT NULL,
    hospital_level  INTEGER NOT NULL,           -- 0 基层, 1–3
    admitted        TEXT NOT NULL,
    discharged      TEXT NOT NULL,
    year            INTEGER NOT NULL,
    total_cost      BIGINT NOT NULL,
    eligible_cost   BIGINT NOT NULL,
    deductible      BIGINT NOT NULL DEFAULT 0,  -- borne as the deductible of this stay
    ratio           BIGINT NOT NULL DEFAULT 0,  -- ppm
    cap_used_before BIGINT NOT NULL DEFAULT 0,
    fund_paid       BIGINT NOT NULL DEFAULT 0,  -- 统筹基金支付 (reimbursement)
    account_paid    BIGINT NOT NULL DEFAULT 0,  -- 个人账户支付 (310)
    self_paid       BIGINT NOT NULL DEFAULT 0,  -- 个人负担
    explanation     TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',   -- JSON of the policy applied
    source          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    CHECK (fund_paid >= 0 AND account_paid >= 0 AND self_paid >= 0 AND fund_paid + account_paid + self_paid = total_cost)
);
CREATE INDEX medical_claims_person ON medical_claims (id_no, scheme, year);
CREATE INDEX medical_claims_region ON medical_claims (region_code, discharged);
