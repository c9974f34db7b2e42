-- The monthly payroll's look-ups of deceased persons (settling deaths,
-- counting the benefits skipped for a death, leaving the deceased out of a
-- chunk): a partial index holding only the persons who are not alive, so
-- that these look-ups touch the few deceased instead of scanning the
-- registry. Partial indexes work on SQLite, PostgreSQL, CockroachDB and
-- YugabyteDB; queries name the index's condition (status <> '正常')
-- literally so that SQLite can use it.
CREATE INDEX persons_deceased ON persons (status, id_no) WHERE status <> '正常';
