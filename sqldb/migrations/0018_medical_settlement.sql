-- Monthly settlement with hospitals (医疗费用结算拨付): the fund pays each
-- hospital what it advanced to patients at discharge (the fund's and the
-- 310 account's share of the claims, owed on 2101 应付社会保险待遇).
--
-- One row per (month, hospital, scheme): the claims discharged in or
-- before the month and not settled before, counted and summed when the
-- row is made (待拨付); the payment is posted when a second clerk
-- approves it (已拨付, Dr 2101 / Cr 1002). A claim names its settlement in
-- settlement_id ('' = not yet settled). Hospitals are identified by the
-- name on the claims (no hospital register yet).
CREATE TABLE hospital_settlements (
    id           TEXT PRIMARY KEY,
    month        TEXT NOT NULL,              -- YYYY-MM
    hospital     TEXT NOT NULL,
    scheme       TEXT NOT NULL,
    claims       BIGINT NOT NULL DEFAULT 0,
    fund_paid    BIGINT NOT NULL DEFAULT 0,  -- 统筹基金支付
    account_paid BIGINT NOT NULL DEFAULT 0,  -- 个人账户支付 (310)
    amount       BIGINT NOT NULL DEFAULT 0,  -- fund_paid + account_paid
    first_discharged TEXT NOT NULL DEFAULT '',
    last_discharged  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,              -- 待拨付 / 已拨付
    explanation  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    paid_at      TEXT NOT NULL DEFAULT '',
    UNIQUE (month, hospital, scheme)
);
ALTER TABLE medical_claims ADD COLUMN settlement_id TEXT NOT NULL DEFAULT '';
CREATE INDEX medical_claims_unsettled ON medical_claims (settlement_id, discharged);
