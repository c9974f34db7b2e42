-- The batch runner (package batch) keeps each run's progress in its record:
-- the upper bound of the last chunk done, the items scanned and the total,
-- and when the record last changed, so that any process (the UI) can show
-- a long job's progress while it runs.
ALTER TABLE batch_runs ADD COLUMN cursor TEXT NOT NULL DEFAULT '';
ALTER TABLE batch_runs ADD COLUMN done_items INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batch_runs ADD COLUMN total_items INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batch_runs ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
