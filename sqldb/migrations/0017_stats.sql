-- The district statistics (sqldb.Stats) scan the persons of an area grouped
-- by region and hukou and look at their status and birth date: this index
-- holds every column they read, in the order they group by, so that the
-- scan reads the index alone instead of looking each person up in the
-- table (at 100,000 persons on SQLite: 0.6 s → 0.35 s for the district's
-- person counts, the table being wide). id_no is there for the look-ups
-- into enrollment_slots.
CREATE INDEX persons_stats ON persons (region_code, hukou, merged_into, status, birth, id_no);
