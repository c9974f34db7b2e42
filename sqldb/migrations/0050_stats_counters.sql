-- Statistics counters (issue #16): every indicator of a region at any date
-- is a sum of dated changes ("deltas") that the writes of each capability
-- keep, in the same transaction as the records they change (sqldb/counters.go,
-- the one mechanism every write path calls). A delta is (region, key, day,
-- amount): a person born, an enrollment moving from 参保缴费 to 享受待遇, a
-- contribution paid toward a bill, a stay reimbursed. Its day is the
-- business date of the change (the date the record says it happened, not
-- the time it was entered), so that a figure at a past date is what it was
-- on that date.
--
-- The deltas are kept summed, not one row each: per region, key and month
-- (stats_months: n is the month's sum, d01 … d31 the sums of its days) and
-- per region, key and year (stats_years). A region is counted at every
-- level it lies in: a change in a village adds to the village's rows, its
-- town's, its district's, its city's and its province's (the codes padded
-- with zeros, 统计用区划代码), so that a district of a million persons reads
-- its own few thousand rows, and a figure of a region is exactly the sum of
-- its sub-regions' (and of what is registered at the region itself). The
-- sum of every change up to a day D is then the year rows before D's year,
-- the month rows of D's year before D's month, and D's month's days up to
-- D's day.
--
-- Amounts are counts of persons or enrollments, or money in fen; the key
-- says which (shebao.Counter* in counters.go of the root package).
CREATE TABLE stats_months (
    region_code TEXT NOT NULL,
    key         TEXT NOT NULL,
    month       TEXT NOT NULL, -- YYYY-MM
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
    PRIMARY KEY (region_code, key, month)
);

CREATE TABLE stats_years (
    region_code TEXT NOT NULL,
    key         TEXT NOT NULL,
    year        TEXT NOT NULL, -- YYYY
    n           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, key, year)
);

-- The same, counted afresh from the records by a verification (`shebao
-- report verify`, sqldb.VerifyCounters) inside a transaction it rolls back:
-- empty outside it.
CREATE TABLE stats_check_months (
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
    PRIMARY KEY (region_code, key, month)
);

CREATE TABLE stats_check_years (
    region_code TEXT NOT NULL,
    key         TEXT NOT NULL,
    year        TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, key, year)
);

-- built is when the counters were last counted in full from the records
-- ('' until then): a database that had records before this migration has
-- its counters built once when it is opened (sqldb.Open), and
-- `shebao report rebuild` counts them again.
CREATE TABLE stats_state (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    built TEXT NOT NULL DEFAULT ''
);
INSERT INTO stats_state (id, built) VALUES (1, '');

-- Denominators that are not in the registry (应参保人数: the eligible
-- population of a region from the census or the civil-affairs count, the
-- persons who should join the residents' medical scheme …), entered per
-- region, year and what they count, with their source. A coverage rate
-- divides an insured count by one of them (report.Coverage).
CREATE TABLE stats_denominators (
    region_code TEXT NOT NULL REFERENCES regions (code),
    year        INTEGER NOT NULL,
    measure     TEXT NOT NULL, -- a scheme code (170, 390 …) or 'pension' (110/120/170 together)
    value       BIGINT NOT NULL CHECK (value >= 0),
    source      TEXT NOT NULL CHECK (source <> ''),
    entered_at  TEXT NOT NULL,
    entered_by  TEXT NOT NULL,
    PRIMARY KEY (region_code, year, measure)
);
