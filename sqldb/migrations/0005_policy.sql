-- Policy parameters as data: each value with its effective period and
-- region ('' = national). Loading a changed file supersedes the old row
-- rather than editing it, so the history of every parameter stays.

CREATE TABLE policy_params (
    id            TEXT PRIMARY KEY,
    param_key     TEXT NOT NULL,
    region_code   TEXT NOT NULL DEFAULT '',
    valid_from    TEXT NOT NULL,
    valid_to      TEXT NOT NULL DEFAULT '',
    value         TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    example       INTEGER NOT NULL DEFAULT 0,
    load_id       TEXT NOT NULL,
    loaded_at     TEXT NOT NULL,
    loaded_by     TEXT NOT NULL,
    superseded_at TEXT NOT NULL DEFAULT '',
    superseded_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX policy_params_current ON policy_params (superseded_at, param_key, region_code);
CREATE INDEX policy_params_key ON policy_params (param_key, region_code, valid_from);

CREATE TABLE policy_loads (
    id          TEXT PRIMARY KEY,
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    added       INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL
);
