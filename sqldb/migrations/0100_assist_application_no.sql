-- 低保 applications imported from a village's file (assistui, issue #18
-- item 10; ingest/assist.go): the application's number on paper (申请编号),
-- unique within its region, so that importing the file again creates
-- nothing. Cases applied for on a form or through the API have none.
ALTER TABLE assist_cases ADD COLUMN application_no TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX assist_cases_application ON assist_cases (region_code, application_no) WHERE application_no <> '';
