-- The assessment takes its policy parameters as a list of values in its
-- query (sqldb/contributions.go, assessmentParamValues): a table filled in
-- the same transaction had no statistics, and PostgreSQL planned the whole
-- assessment from it as if it held one row. The table is no longer written.
DROP TABLE assessment_params;
