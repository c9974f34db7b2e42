-- 返乡 (issue #19, labour export): the return of a person exported
-- through a 劳务公司 ends the export. returned_on '' while the person is
-- away; the statistics count an export as 劳务输出在外 on a day from its
-- start_date until the day before returned_on, so that a figure at a past
-- date stays what it was.
ALTER TABLE labor_exports ADD COLUMN returned_on TEXT NOT NULL DEFAULT '';
ALTER TABLE labor_exports ADD COLUMN return_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE labor_exports ADD COLUMN returned_by TEXT NOT NULL DEFAULT '';
