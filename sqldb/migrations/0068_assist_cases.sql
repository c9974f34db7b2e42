-- 社会救助 (issue #18; assist/cases.go, sqldb/assist.go): 低保 cases from
-- the application to the district's decision. The case's record (members
-- with their relationship and incomes, the latest quote, the
-- investigation, the publication and its objections, the decision) is one
-- JSON document; the members are also rows, so that a person is in at most
-- one open case (a unique index over the open rows) and a person's cases
-- are found by number. Every change is an audit entry with the record
-- before and after.
CREATE TABLE assist_cases (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,               -- dibao
    region_code TEXT NOT NULL REFERENCES regions (code),
    status      TEXT NOT NULL,
    applied_on  TEXT NOT NULL,               -- YYYY-MM-DD
    monthly     BIGINT NOT NULL DEFAULT 0,   -- 分, the amount decided (or quoted)
    start_month TEXT NOT NULL DEFAULT '',    -- YYYY-MM once approved
    detail      TEXT NOT NULL,               -- JSON of shebao.AssistCase
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX assist_cases_region ON assist_cases (region_code, status);

CREATE TABLE assist_case_members (
    case_id TEXT NOT NULL REFERENCES assist_cases (id),
    id_no   TEXT NOT NULL REFERENCES persons (id_no),
    open    INTEGER NOT NULL DEFAULT 1,      -- 1 while the case holds the person
    PRIMARY KEY (case_id, id_no)
);
CREATE UNIQUE INDEX assist_case_members_open ON assist_case_members (id_no) WHERE open = 1;
