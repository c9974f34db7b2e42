-- The dashboard's statistics are read from the statistics counters
-- (0050, report.Service.Stats) instead of being counted from the persons
-- on every request: the covering index that made that count faster
-- (persons_stats, 0017) serves no query any more, and cost every import of
-- persons 12–17% of its time (issue #20).
DROP INDEX persons_stats;
