-- The assessment of a month asks who was a paying employee of an employer
-- in that month from the enrollments' history (issue #14): an employer's
-- paying spells are the enrollment_events that moved an enrollment to
-- 参保缴费 with that employer, until the enrollment's next event. The test
-- "does the employer still have paying employees in the month" of the
-- undeclared-employer rule starts from the employer, so the events are
-- indexed by employer.
CREATE INDEX enrollment_events_employer ON enrollment_events (employer_uscc, to_status, event_date);
