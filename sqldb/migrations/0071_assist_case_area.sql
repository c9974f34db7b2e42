-- 社会救助 statistics (issue #18 item 8; sqldb/assist_stats.go): a 低保
-- case's area (城市 or 农村) as its quote used it, so that the urban and
-- rural 低保 are counted apart without reading each case's document. Rows
-- written before have '' and are counted by their region's code.
ALTER TABLE assist_cases ADD COLUMN area TEXT NOT NULL DEFAULT '';
