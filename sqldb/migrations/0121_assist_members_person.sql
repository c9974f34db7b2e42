-- A person's 低保 cases (AssistCasesOf: the person page, the case flow's
-- check that an applicant has no case yet, a citizen's own decisions) are
-- found by the member's 身份证号 among every member row, open or closed.
-- The only index by id_no was the partial unique one of open memberships,
-- which a search of all memberships cannot use: each look-up read every
-- member row of the district (3.5 ms a call at 100,000 persons on
-- PostgreSQL, growing with the caseload; docs/BENCHMARKS.md, "gen at
-- 1,000,000 persons on a quiet machine").
CREATE INDEX assist_case_members_person ON assist_case_members (id_no);
