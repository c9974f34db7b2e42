-- The pager total of 人员查询 (sqldb/persons.go personCountQuery) counts
-- the persons of a jurisdiction in the index persons_region_name and
-- subtracts the merged registrations among them; this partial index holds
-- only those (merged_into <> ''), a handful in a district, so it costs an
-- import of persons nothing (a new person is never merged) and the count
-- reads no person's row. The query names the index's condition literally
-- (merged_into <> '') so that SQLite can use it.
CREATE INDEX persons_merged ON persons (region_code) WHERE merged_into <> '';
