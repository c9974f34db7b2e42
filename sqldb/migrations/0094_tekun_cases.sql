-- 特困人员救助供养 (issue #18 item 3; assist/tekun.go, sqldb/assist_tekun.go):
-- a person's case from the application to the district's decision, the
-- support (集中 or 分散) and its stop. The record (investigation, registry
-- findings, quote, decision, re-assessments, stop) is one JSON document;
-- the person, status, mode and amounts are columns, so that a person holds
-- at most one open case (a unique index over the open rows), a 低保
-- application can refuse a 特困 person by index, and statistics count the
-- persons in support without reading documents.
CREATE TABLE tekun_cases (
    id          TEXT PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    id_no       TEXT NOT NULL REFERENCES persons (id_no),
    status      TEXT NOT NULL,
    open        INTEGER NOT NULL DEFAULT 1,      -- 1 while the case holds the person
    mode        TEXT NOT NULL DEFAULT '',        -- 集中供养 or 分散供养 once decided
    applied_on  TEXT NOT NULL,                   -- YYYY-MM-DD
    monthly     BIGINT NOT NULL DEFAULT 0,       -- 分, the amount decided (or quoted)
    start_month TEXT NOT NULL DEFAULT '',        -- YYYY-MM once approved
    end_month   TEXT NOT NULL DEFAULT '',        -- YYYY-MM, the last month paid once stopped
    detail      TEXT NOT NULL,                   -- JSON of shebao.TekunCase
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX tekun_cases_region ON tekun_cases (region_code, status);
CREATE UNIQUE INDEX tekun_cases_open ON tekun_cases (id_no) WHERE open = 1;
