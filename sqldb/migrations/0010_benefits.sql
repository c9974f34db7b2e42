-- Money out (待遇): contribution history for determinations, benefit
-- entitlements with their amounts over time, the monthly payroll and the
-- recovery of overpayments. Money BIGINT 分, months 'YYYY-MM' text, no
-- sequences or triggers, as everywhere.

-- Yearly contribution history (历年缴费记录) migrated from earlier systems
-- or recorded by hand from the archive: one row per person, scheme and
-- year. Months assessed by shebao itself come from bill_lines; a year found
-- in both counts the bill lines. avg_wage is the 社平工资 the old record
-- indexed the year by (0: take wage.avg_monthly in force that year).
CREATE TABLE contribution_years (
    id_no      TEXT NOT NULL REFERENCES persons (id_no),
    scheme     TEXT NOT NULL,
    year       INTEGER NOT NULL,
    months     INTEGER NOT NULL CHECK (months BETWEEN 1 AND 12),
    base_total BIGINT NOT NULL CHECK (base_total >= 0), -- sum of the monthly bases of those months
    avg_wage   BIGINT NOT NULL DEFAULT 0,
    source     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (id_no, scheme, year)
);

-- A benefit entitlement (待遇): what one person is paid by one fund, from
-- its start month, monthly (pensions, allowances, unemployment benefit) or
-- once (start_month = end_month: maternity allowance, lump sums). It exists
-- only after approval (经办 → 复核) where the kind requires it. The fund
-- that pays is scheme. status: 正常发放 / 暂停发放 / 终止发放.
CREATE TABLE benefits (
    id           TEXT PRIMARY KEY,
    id_no        TEXT NOT NULL REFERENCES persons (id_no),
    scheme       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    region_code  TEXT NOT NULL REFERENCES regions (code),
    status       TEXT NOT NULL,
    start_month  TEXT NOT NULL,
    end_month    TEXT NOT NULL DEFAULT '',   -- last month paid; '' until stopped
    monthly      BIGINT NOT NULL,            -- amount in force now (see benefit_amounts)
    bank_account TEXT NOT NULL DEFAULT '',   -- 收款账号 (社保卡金融账户)
    source       TEXT NOT NULL,              -- the business event that created it: "determination:<id>", "land:<batch>"
    explanation  TEXT NOT NULL,              -- how the first amount was computed, in Chinese
    detail       TEXT NOT NULL DEFAULT '',   -- JSON of the inputs
    status_reason TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    approved_by  TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    UNIQUE (id_no, kind, source)
);
CREATE INDEX benefits_person ON benefits (id_no, kind);
CREATE INDEX benefits_payroll ON benefits (status, start_month);
CREATE INDEX benefits_region ON benefits (region_code, scheme, status);

-- The amounts of a benefit over time: the first determination, then each
-- adjustment (养老金调整) from its month. Exactly one row is in force for
-- any month from start_month on: from_month ≤ month and (to_month = '' or
-- month ≤ to_month). account_part is what the individual account pays of
-- the amount each month (account pensions of 110 and 170); basic_part is
-- the residents' basic pension (170, paid by the government subsidy).
CREATE TABLE benefit_amounts (
    benefit_id   TEXT NOT NULL REFERENCES benefits (id),
    from_month   TEXT NOT NULL,
    to_month     TEXT NOT NULL DEFAULT '',
    monthly      BIGINT NOT NULL CHECK (monthly >= 0),
    account_part BIGINT NOT NULL DEFAULT 0,
    basic_part   BIGINT NOT NULL DEFAULT 0,
    explanation  TEXT NOT NULL,
    source       TEXT NOT NULL,              -- "determination", "adjust:2025" …
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (benefit_id, from_month)
);

-- The monthly payroll (待遇发放): one row per benefit and month, so a
-- payroll run again or resumed after a crash pays nobody twice (INSERT …
-- ON CONFLICT DO NOTHING). batch is the run chunk that wrote the row; the
-- ledger entry of the chunk covers exactly the rows of its batch. status:
-- 待发放 (computed, waiting for the release), 已发放 (released to the bank).
-- No foreign keys, as bill_lines: every row is selected from benefits.
CREATE TABLE benefit_payments (
    benefit_id   TEXT NOT NULL,
    month        TEXT NOT NULL,
    id_no        TEXT NOT NULL,
    scheme       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    amount       BIGINT NOT NULL,
    account_part BIGINT NOT NULL DEFAULT 0,  -- withdrawn from the individual account
    basic_part   BIGINT NOT NULL DEFAULT 0,
    bank_account TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    batch        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (benefit_id, month)
);
CREATE INDEX benefit_payments_month ON benefit_payments (month, scheme, status);
CREATE INDEX benefit_payments_batch ON benefit_payments (batch);
CREATE INDEX benefit_payments_person ON benefit_payments (id_no, month);

-- Overpayments to recover (死亡冒领追回 and others): a payment for a month
-- after the person's death (or after the benefit ended). One row per paid
-- month; found again, nothing changes. status: 待追回 / 已追回 / 已核销.
CREATE TABLE overpayments (
    benefit_id   TEXT NOT NULL,
    month        TEXT NOT NULL,
    id_no        TEXT NOT NULL,
    scheme       TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    amount       BIGINT NOT NULL,
    reason       TEXT NOT NULL,
    status       TEXT NOT NULL,
    found_at     TEXT NOT NULL,
    settled_on   TEXT NOT NULL DEFAULT '',
    settled_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (benefit_id, month)
);
CREATE INDEX overpayments_person ON overpayments (id_no);
CREATE INDEX overpayments_region ON overpayments (region_code, status);
