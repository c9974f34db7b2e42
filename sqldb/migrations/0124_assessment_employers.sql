-- The employers a running assessment needs to know by employer, gathered
-- from the persons' records (issue #21 item 2): for a run of the monthly
-- assessment, the employers that declared for the month (kind 'declared')
-- and those with an employee paying through them in it (kind 'paying'). On
-- a Citus cluster the declarations, the enrollments and their events are
-- on the persons' shards, and the lines of an employer that did not declare
-- are computed on the employer's shard from last month's; Citus answers a
-- correlated subquery only on the distribution column of the tables it
-- joins, so the two tests are gathered here first, distributed by the
-- employer (sqldb/contributions.go stageAssessEmployers), and deleted with
-- the run. One PostgreSQL and SQLite read declarations and events in place
-- and never write this table.
CREATE TABLE assessment_employers (
    run           TEXT NOT NULL,
    kind          TEXT NOT NULL,   -- 'declared' | 'paying'
    employer_uscc TEXT NOT NULL,
    PRIMARY KEY (run, kind, employer_uscc)
);
