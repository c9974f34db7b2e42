-- The employment report counts the distinct persons paid 公益性岗位
-- subsidies and 社会保险补贴 in the span's payrolls (sqldb/labor_stats.go,
-- EmploymentFigures: distinct persons, which no counter can sum). Its only
-- index was benefit_payments_month (month, scheme, status): every payment
-- of the span's months — a year of a district's pensions, millions of rows
-- — read for the district and again for each town. A partial index holds
-- the payments of those three kinds alone (a payroll's pensions do not
-- touch it), with the month, region and person the count reads; the query
-- repeats its condition so that SQLite can use it.
CREATE INDEX benefit_payments_employment ON benefit_payments (kind, month, region_code, id_no)
    WHERE kind IN ('public_post', 'post_insurance', 'insurance_subsidy');
