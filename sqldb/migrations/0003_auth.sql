-- Accounts, sign-in and the audit chain.
--
-- Credentials are never stored: passwords as argon2id hashes (PHC string),
-- API tokens and session ids as the hex SHA-256 of the secret the client
-- holds, so that a copy of the database signs nobody in. Timestamps are TEXT
-- as everywhere ('' = never); no sequences, no triggers.

-- One row per account. region_code is the jurisdiction (12 digits); ''
-- only for an administrator of the whole database (checked by sqldb, which
-- also checks that the region exists: '' cannot reference regions).
CREATE TABLE users (
    name                TEXT PRIMARY KEY,
    display_name        TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL,
    line                TEXT NOT NULL DEFAULT '',
    region_code         TEXT NOT NULL DEFAULT '',
    id_no               TEXT NOT NULL DEFAULT '',
    password_hash       TEXT NOT NULL,
    disabled            INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    CHECK (region_code = '' OR length(region_code) = 12),
    CHECK (region_code <> '' OR role = 'admin')
);
CREATE INDEX users_region ON users (region_code);

-- API tokens of machine clients: "Authorization: Bearer <token>". id is
-- what the operator sees and revokes; token_hash finds the token.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_name    TEXT NOT NULL REFERENCES users (name),
    label        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    last_used_at TEXT NOT NULL DEFAULT '',
    revoked_at   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_tokens_user ON api_tokens (user_name);

-- Browser sessions: the cookie holds the secret, the row its hash, the
-- CSRF token the page must echo in X-CSRF-Token, and where it came from.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_name  TEXT NOT NULL REFERENCES users (name),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT NOT NULL DEFAULT '',
    remote     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_name);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed sign-ins, for throttling by name and by address. Rows older than
-- the throttling window are deleted as new failures arrive.
CREATE TABLE login_failures (
    id     TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    remote TEXT NOT NULL,
    at     TEXT NOT NULL
);
CREATE INDEX login_failures_name ON login_failures (name, at);
CREATE INDEX login_failures_remote ON login_failures (remote, at);

-- The audit chain. Every audit_log row gets seq (1, 2, 3 … without gaps) and
-- hash = SHA-256(hash of row seq-1 ‖ canonical form of this row), so that
-- altering, removing, inserting or reordering rows breaks the chain from
-- that row on (shebao audit verify).
--
-- The head of the chain (last seq and hash) lives in the one row of
-- audit_head, not in MAX(seq): every audited transaction updates that row
-- first, which serialises audit writers on every engine without sequences,
-- triggers or advisory locks (PostgreSQL's row lock makes a concurrent
-- writer wait and then read the committed head; SQLite has one writer;
-- serializable engines such as CockroachDB abort one of two writers with a
-- retryable error, which sqldb.Update retries). MAX(seq)+1 would instead
-- let two PostgreSQL transactions read the same maximum under READ
-- COMMITTED and fail on the unique index. The head row also makes removing
-- the newest rows detectable: the head then points past the last row.
-- Serialising audit writers is the price; an audited transaction holds the
-- head only from its first audit entry (usually its last statement) to its
-- commit.
--
-- Rows written before this migration have no seq; the first audited write
-- after it chains them, oldest first, before its own entry.
ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
