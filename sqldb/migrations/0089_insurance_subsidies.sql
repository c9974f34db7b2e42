-- 社会保险补贴 of employers that hire a 就业困难人员 and of 就业困难人员 in
-- 灵活就业 (issue #19 item 5, docs/DOMAIN.md §10; 就业补助资金管理办法 第七条):
-- the approved grants, each with its term and share. The months reimbursed
-- are benefits (kind insurance_subsidy, source
-- "subsidy:<grant id>:<contribution month>"), created by the monthly
-- reimbursement from the contributions actually paid and paid by the
-- payroll to bank_account.
CREATE TABLE insurance_subsidies (
    id               TEXT PRIMARY KEY,            -- opaque (it names the benefits' source)
    id_no            TEXT NOT NULL REFERENCES persons (id_no),
    region_code      TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('单位', '灵活就业')),
    employer_uscc    TEXT NOT NULL DEFAULT '',    -- 单位: the employer that hired the person
    certification_id TEXT NOT NULL,               -- the 就业困难人员 certification it rests on
    start_month      TEXT NOT NULL,
    end_month        TEXT NOT NULL,
    months           INTEGER NOT NULL,
    share            BIGINT NOT NULL,             -- ppm of the contributions reimbursed
    bank_account     TEXT NOT NULL,
    explain          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    approved_by      TEXT NOT NULL
);
CREATE INDEX insurance_subsidies_person ON insurance_subsidies (id_no, start_month);
CREATE INDEX insurance_subsidies_region ON insurance_subsidies (region_code, start_month);
