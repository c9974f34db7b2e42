-- Statistics that travel upward (五级联网, issue #16 item 5; report/upward.go).
-- A district exports its counters for a month as one file signed with its
-- Ed25519 key; a city or the autonomous region registers the public key of
-- each district below it (stats_trusted_keys) and imports the files
-- (stats_submissions), whose counters are kept here, apart from the
-- instance's own (stats_months, stats_years): rebuilding or verifying its
-- own counters never touches them, and the report service reads both.

-- The public keys registered per region; a new key replaces the one in
-- force (replaced_at), whose row is kept.
CREATE TABLE stats_trusted_keys (
    region_code   TEXT NOT NULL REFERENCES regions (code),
    fingerprint   TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    replaced_at   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (region_code, fingerprint)
);
CREATE UNIQUE INDEX stats_trusted_keys_current ON stats_trusted_keys (region_code) WHERE replaced_at = '';

-- Every file accepted, identified by the SHA-256 of its signed content.
-- One submission per region and month is in force (superseded_by = ''); a
-- month submitted again names its successor in the earlier one, which is
-- kept with its counters as history.
CREATE TABLE stats_submissions (
    digest          TEXT PRIMARY KEY,
    region_code     TEXT NOT NULL REFERENCES regions (code),
    month           TEXT NOT NULL, -- YYYY-MM
    sender          TEXT NOT NULL,
    created         TEXT NOT NULL, -- the file's time of export (UTC, RFC 3339 with nanoseconds)
    key_fingerprint TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    received_by     TEXT NOT NULL,
    superseded_by   TEXT NOT NULL DEFAULT '',
    superseded_at   TEXT NOT NULL DEFAULT '',
    row_count       BIGINT NOT NULL
);
CREATE UNIQUE INDEX stats_submissions_current ON stats_submissions (region_code, month) WHERE superseded_by = '';

-- The blocks of a submission (shebao.StatsBlock): the days from 1 January
-- of year to the end of month upto, for the keys starting with prefix.
CREATE TABLE stats_import_blocks (
    digest TEXT NOT NULL REFERENCES stats_submissions (digest),
    block  INTEGER NOT NULL,
    year   INTEGER NOT NULL,
    prefix TEXT NOT NULL,
    upto   TEXT NOT NULL,
    PRIMARY KEY (digest, block)
);

-- Their counter rows: month '' is the sum before the block's year, a month
-- YYYY-MM its changes as in stats_months. The rows of the district itself
-- are also kept under each region above it (as the counters are kept at
-- every level), so that a city's figure reads its own code's rows.
CREATE TABLE stats_import_rows (
    digest      TEXT NOT NULL,
    block       INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    key         TEXT NOT NULL,
    month       TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    d01 BIGINT NOT NULL DEFAULT 0,
    d02 BIGINT NOT NULL DEFAULT 0,
    d03 BIGINT NOT NULL DEFAULT 0,
    d04 BIGINT NOT NULL DEFAULT 0,
    d05 BIGINT NOT NULL DEFAULT 0,
    d06 BIGINT NOT NULL DEFAULT 0,
    d07 BIGINT NOT NULL DEFAULT 0,
    d08 BIGINT NOT NULL DEFAULT 0,
    d09 BIGINT NOT NULL DEFAULT 0,
    d10 BIGINT NOT NULL DEFAULT 0,
    d11 BIGINT NOT NULL DEFAULT 0,
    d12 BIGINT NOT NULL DEFAULT 0,
    d13 BIGINT NOT NULL DEFAULT 0,
    d14 BIGINT NOT NULL DEFAULT 0,
    d15 BIGINT NOT NULL DEFAULT 0,
    d16 BIGINT NOT NULL DEFAULT 0,
    d17 BIGINT NOT NULL DEFAULT 0,
    d18 BIGINT NOT NULL DEFAULT 0,
    d19 BIGINT NOT NULL DEFAULT 0,
    d20 BIGINT NOT NULL DEFAULT 0,
    d21 BIGINT NOT NULL DEFAULT 0,
    d22 BIGINT NOT NULL DEFAULT 0,
    d23 BIGINT NOT NULL DEFAULT 0,
    d24 BIGINT NOT NULL DEFAULT 0,
    d25 BIGINT NOT NULL DEFAULT 0,
    d26 BIGINT NOT NULL DEFAULT 0,
    d27 BIGINT NOT NULL DEFAULT 0,
    d28 BIGINT NOT NULL DEFAULT 0,
    d29 BIGINT NOT NULL DEFAULT 0,
    d30 BIGINT NOT NULL DEFAULT 0,
    d31 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (digest, block, region_code, key, month),
    FOREIGN KEY (digest, block) REFERENCES stats_import_blocks (digest, block)
);
