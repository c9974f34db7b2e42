-- 社会救助 (issue #18 item 5; assist/relief.go): 临时救助 decisions, one
-- row each, keyed by the decision's number the civil-affairs clerk gives
-- (the same number again changes nothing). Submitted for the second
-- clerk's approval; approved, it is paid once by the monthly payroll as a
-- benefit of kind temporary_relief (benefit_id).
CREATE TABLE assist_reliefs (
    no           TEXT PRIMARY KEY,
    id_no        TEXT NOT NULL REFERENCES persons (id_no),
    region_code  TEXT NOT NULL REFERENCES regions (code),
    area         TEXT NOT NULL,
    category     TEXT NOT NULL,               -- 急难型 / 支出型
    amount       BIGINT NOT NULL CHECK (amount > 0),
    cap          BIGINT NOT NULL,             -- the most one decision may give, by policy
    reason       TEXT NOT NULL,
    decided_date TEXT NOT NULL,               -- YYYY-MM-DD of the decision submitted
    bank_account TEXT NOT NULL,
    status       TEXT NOT NULL,               -- 待审批 / 已批准
    approval_id  TEXT NOT NULL DEFAULT '',
    benefit_id   TEXT NOT NULL DEFAULT '',
    month        TEXT NOT NULL DEFAULT '',    -- the month paid, once approved
    decided_on   TEXT NOT NULL DEFAULT '',
    explanation  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX assist_reliefs_region ON assist_reliefs (region_code, decided_date);
CREATE INDEX assist_reliefs_person ON assist_reliefs (id_no);
