-- Employees taken in by `import enrollments` before issue #14 have no
-- employment (单位参保期间), so 减员 answers that they are not the
-- employer's employees. Record one for every person paying (参保缴费) in an
-- employee scheme through an employer with whom no employment is open,
-- from the earliest start date of those enrollments, as the import now
-- does. The id names the pair (an open employment is one per pair), so
-- the same statement on both engines needs no generated key.
INSERT INTO employments (id, id_no, employer_uscc, start_date)
    SELECT 'import:' || n.id_no || ':' || n.employer_uscc, n.id_no, n.employer_uscc, MIN(n.start_date)
    FROM enrollments n
    WHERE n.status = '参保缴费' AND n.employer_uscc <> '' AND n.scheme IN ('110', '120', '210', '310', '410', '510')
        AND NOT EXISTS (SELECT 1 FROM employments m WHERE m.id_no = n.id_no AND m.employer_uscc = n.employer_uscc AND m.end_date = '')
    GROUP BY n.id_no, n.employer_uscc;
