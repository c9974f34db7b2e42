-- 岗位编号 (issue #19, placement): the employer's own number of a vacancy,
-- unique per employer. It makes posting a vacancy idempotent: the same
-- request sent again (a retried POST) answers the vacancy it created
-- instead of a second one. '' for vacancies posted without a number (and
-- for those posted before this migration), which are not constrained.
ALTER TABLE vacancies ADD COLUMN code TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX vacancies_code ON vacancies (employer_uscc, code) WHERE code <> '';
