-- The registry shared by every scheme: regions, persons, employers, their
-- history, the audit log and import runs. Dates are TEXT 'YYYY-MM-DD' and
-- timestamps TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC) on both engines, so that
-- one query text serves SQLite and PostgreSQL alike. Keys are natural (code,
-- 身份证号, USCC): no sequences, which distributed engines handle poorly.

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent_code TEXT REFERENCES regions (code),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (length(code) = 12)
);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE persons (
    id_no       TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    sex         TEXT NOT NULL,
    birth       TEXT NOT NULL,
    hukou       TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    phone       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT '正常',
    death_date  TEXT NOT NULL DEFAULT '',
    flags       TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    source      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX persons_region_name ON persons (region_code, name);
CREATE INDEX persons_name ON persons (name);

-- One row per superseded state of a person: the state before a change, the
-- change itself and who made it. The current state is in persons.
CREATE TABLE person_versions (
    id_no        TEXT NOT NULL REFERENCES persons (id_no),
    version      INTEGER NOT NULL,
    changed_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    source       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    before_json  TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    PRIMARY KEY (id_no, version)
);

CREATE TABLE employers (
    uscc        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    industry    TEXT NOT NULL DEFAULT '',
    risk_class  INTEGER NOT NULL CHECK (risk_class BETWEEN 1 AND 8),
    region_code TEXT NOT NULL REFERENCES regions (code),
    contact     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    source      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX employers_region ON employers (region_code);
CREATE INDEX employers_name ON employers (name);

CREATE TABLE employer_versions (
    uscc         TEXT NOT NULL REFERENCES employers (uscc),
    version      INTEGER NOT NULL,
    changed_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    source       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    before_json  TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    PRIMARY KEY (uscc, version)
);

-- Who did what, when, from where, with the state before and after. Reads of
-- personal data are recorded here too. region_code is the jurisdiction the
-- record belongs to, so auditors see their own area.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    remote      TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_key  TEXT NOT NULL,
    region_code TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log (entity, entity_key);
CREATE INDEX audit_at ON audit_log (at);

-- One row per import of a file: what was read and what came of it.
CREATE TABLE import_runs (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    actor       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'running',
    read_rows   INTEGER NOT NULL DEFAULT 0,
    created     INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0
);
