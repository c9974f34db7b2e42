-- Running totals of the statistics counters (issue #16 item 7): per region
-- and key, the sum of every delta ever counted (stats_years' rows of the
-- key summed over all years), kept in the same transaction as the month
-- and year rows by the same flush (sqldb/counters.go).
--
-- A stock as of a day D (the insured on D, the persons born by D) was the
-- sum of the year rows before D's year, the month rows of its year before
-- D's month and D's month's days up to D: for the persons' births a row per
-- year for a century, per region, key and hukou, which made the district's
-- dashboard and coverage the slowest indicators (docs/BENCHMARKS.md). It is
-- now the total less what is dated after D — the year rows after D's year
-- (none for today but a few future-dated ones; sixteen for the births up to
-- the day sixteen years back), the month rows of its year after D's month,
-- and D's month's days after D.
CREATE TABLE stats_totals (
    region_code TEXT NOT NULL,
    key         TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, key)
);

-- The same, counted afresh by a verification (sqldb.VerifyCounters) in a
-- transaction it rolls back: empty outside it.
CREATE TABLE stats_check_totals (
    region_code TEXT NOT NULL,
    key         TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, key)
);

INSERT INTO stats_totals (region_code, key, n)
SELECT region_code, key, SUM(n) FROM stats_years GROUP BY region_code, key;

-- What is dated after a day is then read by period first: the days after
-- it in its month (one month row per key), the years after its year (for
-- today, the few future-dated ones). By the primary key (region, key,
-- period) each key's every period was walked to find them — the births'
-- century of month and year rows — so the month and year rows are also
-- indexed by region, period and key.
CREATE INDEX stats_months_by_month ON stats_months (region_code, month, key);
CREATE INDEX stats_years_by_year ON stats_years (region_code, year, key);
