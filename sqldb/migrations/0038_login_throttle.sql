-- One row per name and per address that tried to sign in lately, keyed
-- "name:<login name>" and "remote:<address>". A sign-in attempt writes its
-- two rows first (an upsert), which holds them until it commits: two
-- attempts for the same name, or from the same address, take their turns,
-- so that the count of recent failures an attempt checks includes every
-- attempt before it (the access service reserves an attempt as a failure
-- before it compares the password). SQLite has one writer anyway; on
-- PostgreSQL the row lock does it, without advisory locks. Rows not
-- touched within the throttling window are deleted as failures arrive.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    at  TEXT NOT NULL
);
CREATE INDEX login_throttle_at ON login_throttle (at);
