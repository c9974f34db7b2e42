-- 经办 → 复核: operations that move money or change entitlements wait here
-- until a second user approves them. The maker can never be the checker.

CREATE TABLE approvals (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    payload     TEXT NOT NULL,
    region_code TEXT NOT NULL,
    status      TEXT NOT NULL,
    maker       TEXT NOT NULL,
    maker_role  TEXT NOT NULL,
    made_at     TEXT NOT NULL,
    checker     TEXT NOT NULL DEFAULT '',
    checked_at  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    result      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approvals_status ON approvals (status, region_code);
