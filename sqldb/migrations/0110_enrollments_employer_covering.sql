-- The employees of a region's employers whose own region lies outside it
-- (外来务工, the employment indicator and the work report's employment
-- paragraph, sqldb/labor_stats.go) were read from the employer's index
-- (employer_uscc, scheme, status) with a look-up of every enrollment's row
-- for its region, start and person: 0.66–0.84 s for a district of 80,000
-- persons on SQLite, most of the work report's time (docs/BENCHMARKS.md).
-- The index now carries those columns, so the count reads the index alone
-- (0.05–0.07 s on the same data); every query the old index served is
-- served by its prefix.
DROP INDEX enrollments_employer;
CREATE INDEX enrollments_employer ON enrollments (employer_uscc, scheme, status, region_code, start_date, id_no);
