-- A pair of likely duplicate registrations belongs to the smallest region
-- holding both persons (issue 14, item 1): a pair across two towns is the
-- district's to see and decide, not the town of its first person's. The
-- queue is scoped from the persons' regions when it is read; this files
-- the queued pairs, and the merges waiting for (or decided by) a second
-- clerk, under that common region, so that the approval queue shows a
-- merge only to those who may decide it. The common region of two 12-digit
-- codes: the longest shared level prefix (province 2, city 4, county 6,
-- town 9, village 12) padded with zeros; '' when they share no province.

UPDATE duplicate_candidates SET region_code = COALESCE((
    SELECT CASE
        WHEN pa.region_code = pb.region_code THEN pa.region_code
        WHEN substr(pa.region_code, 1, 9) = substr(pb.region_code, 1, 9) THEN substr(pa.region_code, 1, 9) || '000'
        WHEN substr(pa.region_code, 1, 6) = substr(pb.region_code, 1, 6) THEN substr(pa.region_code, 1, 6) || '000000'
        WHEN substr(pa.region_code, 1, 4) = substr(pb.region_code, 1, 4) THEN substr(pa.region_code, 1, 4) || '00000000'
        WHEN substr(pa.region_code, 1, 2) = substr(pb.region_code, 1, 2) THEN substr(pa.region_code, 1, 2) || '0000000000'
        ELSE '' END
    FROM persons pa, persons pb
    WHERE pa.id_no = duplicate_candidates.id_no_a AND pb.id_no = duplicate_candidates.id_no_b), region_code);

UPDATE approvals SET region_code = COALESCE((
    SELECT d.region_code FROM duplicate_candidates d
    WHERE approvals.payload LIKE '%"' || d.id_no_a || '"%' AND approvals.payload LIKE '%"' || d.id_no_b || '"%'
    ORDER BY d.id_no_a, d.id_no_b LIMIT 1), region_code)
WHERE kind = 'persons.merge';
