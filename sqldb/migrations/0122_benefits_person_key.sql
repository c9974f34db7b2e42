-- A benefit, its amounts and its monthly payments carry the person's key
-- (issue #21 item 2: "a person's enrollments, accounts, movements, payments
-- and benefits live on one shard"). On a Citus cluster a table is
-- distributed by a column only when every unique key contains it, and two
-- distributed tables keep a foreign key between them only through that
-- column; until now benefits (primary key id), benefit_amounts (no id_no at
-- all) and benefit_payments (primary key (benefit_id, month)) could only be
-- reference tables, copied to every node, and the payroll's chunk wrote
-- that copy from the accounts on the workers through the coordinator (572 s
-- for 1,000,000 payments on the test cluster against 15 s on one server:
-- docs/BENCHMARKS.md, "The bulk paths at 1,000,000 on the Citus cluster").
--
-- The keys gain id_no as their LAST column, so every look-up and range scan
-- by benefit id (the payroll's chunks run over ranges of benefits.id and
-- benefit_payments.benefit_id) keeps its index, and no index is added:
--
--   benefits          PRIMARY KEY (id, id_no)            was (id)
--   benefit_amounts   + id_no (the benefit's person);
--                     PRIMARY KEY (benefit_id, from_month, id_no)
--                     FOREIGN KEY (benefit_id, id_no) → benefits (id, id_no)
--   benefit_payments  PRIMARY KEY (benefit_id, month, id_no)
--
-- A benefit id is 128 bits of time and randomness (sqldb/audit.go newID)
-- and a benefit belongs to one person, so (id, id_no) is as unique as id
-- was; what is given up is the engine's check of id alone, which a
-- distributed engine cannot keep (it would have to look at every shard).
-- Back pays, cancellations and overpayments keep their keys: they stay
-- reference tables (overpayments' receipt number is unique across persons).
--
-- SQLite cannot change a key in place: the tables are rebuilt under new
-- names and renamed (as 0025), children dropped before parents; renaming
-- benefits_new to benefits rewrites the foreign key of benefit_amounts_new
-- (SQLite ≥ 3.26). On PostgreSQL the renamed tables' constraints are
-- renamed back to the names a table created as benefits would have.

CREATE TABLE benefits_new (
    id           TEXT NOT NULL,
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
    PRIMARY KEY (id, id_no),
    UNIQUE (id_no, kind, source)
);
INSERT INTO benefits_new (id, id_no, scheme, kind, region_code, status, start_month, end_month, monthly, bank_account,
        source, explanation, detail, status_reason, version, created_at, created_by, approved_by, updated_at, updated_by)
    SELECT id, id_no, scheme, kind, region_code, status, start_month, end_month, monthly, bank_account,
        source, explanation, detail, status_reason, version, created_at, created_by, approved_by, updated_at, updated_by
    FROM benefits;

CREATE TABLE benefit_amounts_new (
    benefit_id   TEXT NOT NULL,
    id_no        TEXT NOT NULL,
    from_month   TEXT NOT NULL,
    to_month     TEXT NOT NULL DEFAULT '',
    monthly      BIGINT NOT NULL CHECK (monthly >= 0),
    account_part BIGINT NOT NULL DEFAULT 0,
    basic_part   BIGINT NOT NULL DEFAULT 0,
    explanation  TEXT NOT NULL,
    source       TEXT NOT NULL,              -- "determination", "adjust:2025" …
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (benefit_id, from_month, id_no),
    FOREIGN KEY (benefit_id, id_no) REFERENCES benefits_new (id, id_no)
);
INSERT INTO benefit_amounts_new (benefit_id, id_no, from_month, to_month, monthly, account_part, basic_part, explanation,
        source, created_at, created_by)
    SELECT a.benefit_id, b.id_no, a.from_month, a.to_month, a.monthly, a.account_part, a.basic_part, a.explanation,
        a.source, a.created_at, a.created_by
    FROM benefit_amounts a JOIN benefits b ON b.id = a.benefit_id;

CREATE TABLE benefit_payments_new (
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
    PRIMARY KEY (benefit_id, month, id_no)
);
INSERT INTO benefit_payments_new (benefit_id, month, id_no, scheme, kind, region_code, amount, account_part, basic_part,
        bank_account, status, batch, created_at)
    SELECT benefit_id, month, id_no, scheme, kind, region_code, amount, account_part, basic_part,
        bank_account, status, batch, created_at
    FROM benefit_payments;

DROP TABLE benefit_payments;
DROP TABLE benefit_amounts;
DROP TABLE benefits;
ALTER TABLE benefits_new RENAME TO benefits;
ALTER TABLE benefit_amounts_new RENAME TO benefit_amounts;
ALTER TABLE benefit_payments_new RENAME TO benefit_payments;
--postgres: ALTER TABLE benefits RENAME CONSTRAINT benefits_new_pkey TO benefits_pkey;
--postgres: ALTER TABLE benefits RENAME CONSTRAINT benefits_new_id_no_kind_source_key TO benefits_id_no_kind_source_key;
--postgres: ALTER TABLE benefits RENAME CONSTRAINT benefits_new_id_no_fkey TO benefits_id_no_fkey;
--postgres: ALTER TABLE benefits RENAME CONSTRAINT benefits_new_region_code_fkey TO benefits_region_code_fkey;
--postgres: ALTER TABLE benefit_amounts RENAME CONSTRAINT benefit_amounts_new_pkey TO benefit_amounts_pkey;
--postgres: ALTER TABLE benefit_amounts RENAME CONSTRAINT benefit_amounts_new_benefit_id_id_no_fkey TO benefit_amounts_benefit_id_id_no_fkey;
--postgres: ALTER TABLE benefit_amounts RENAME CONSTRAINT benefit_amounts_new_monthly_check TO benefit_amounts_monthly_check;
--postgres: ALTER TABLE benefit_payments RENAME CONSTRAINT benefit_payments_new_pkey TO benefit_payments_pkey;

-- The indexes of 0010 and 0119, unchanged (0113 dropped benefit_payments_batch).
CREATE INDEX benefits_person ON benefits (id_no, kind);
CREATE INDEX benefits_payroll ON benefits (status, start_month);
CREATE INDEX benefits_region ON benefits (region_code, scheme, status);
CREATE INDEX benefit_payments_month ON benefit_payments (month, scheme, status);
CREATE INDEX benefit_payments_person ON benefit_payments (id_no, month);
CREATE INDEX benefit_payments_employment ON benefit_payments (kind, month, region_code, id_no)
    WHERE kind IN ('public_post', 'post_insurance', 'insurance_subsidy');
