-- 社会救助 (issue #18 item 2): the dynamic management of 低保 cases
-- (assist/review.go). next_review is the day the periodic review is due,
-- so that the town lists the cases due (set-based, by index); a case
-- approved before reviews existed has '' and so is due at once. end_month
-- is the last month paid once a 渐退 or a stop is decided: a member of a
-- case in its 渐退期 may apply again only after it.
ALTER TABLE assist_cases ADD COLUMN next_review TEXT NOT NULL DEFAULT '';
ALTER TABLE assist_cases ADD COLUMN end_month TEXT NOT NULL DEFAULT '';
CREATE INDEX assist_cases_review ON assist_cases (status, next_review);
