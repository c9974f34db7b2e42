-- The labour register's stocks become statistics counters (issue #16 item
-- 7): the employment report and the work report's employment paragraph
-- counted the persons of working age, the employed, the 转移就业, the
-- farming and the land-lost of a region over the whole register (persons ⨝
-- labor_derived ⨝ labor_register, O(persons) of the region: 1.7 s for a
-- district of 100,000 on SQLite). They are now counted by the counters'
-- labour family (sqldb/counters_families.go, key l.status|ST|L) in the
-- same transaction as the rebuild's chunks and the register's writes.
--
-- The 被征地 flag is taken at the rebuild, with the status: the figures
-- then depend on the register's own two tables alone, so that a change of
-- a person's flags (land batches, the registry) need not recount the
-- register, and the register's stocks are what they say they are — the
-- register as of its last rebuild. The flag of the rows there is filled
-- from the persons now.
ALTER TABLE labor_derived ADD COLUMN land_lost INTEGER NOT NULL DEFAULT 0;

UPDATE labor_derived SET land_lost = 1
    WHERE id_no IN (SELECT id_no FROM persons WHERE (',' || flags || ',') LIKE '%,被征地,%');

-- Count every family afresh on the next open (ensureCounters), which adds
-- the labour family's counters of the register there.
UPDATE stats_state SET built = '' WHERE id = 1;
