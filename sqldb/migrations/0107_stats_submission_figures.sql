-- Statistics that travel upward, file format 2 (issue #16 item 5;
-- report/upward.go): besides the counters a submission carries the funds'
-- ledger figures, the land-expropriated farmers' batches and the
-- registered employers as of its month's last day, and a city's file the
-- submissions of its districts it forwards. What each submission carries
-- is kept with it; a file of format 1 (before) carries none of them.
ALTER TABLE stats_submissions ADD COLUMN format TEXT NOT NULL DEFAULT 'shebao-stats-submission/1';
ALTER TABLE stats_submissions ADD COLUMN figures_as_of TEXT NOT NULL DEFAULT '';
ALTER TABLE stats_submissions ADD COLUMN fund_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_submissions ADD COLUMN land_batches INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_submissions ADD COLUMN employers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_submissions ADD COLUMN includes TEXT NOT NULL DEFAULT '';

-- The figures of a submission, one row per entry: kind fund, land,
-- employers or includes; region the entry belongs to; body the entry as
-- the file has it (JSON of shebao.StatsFund, StatsLandBatch,
-- StatsEmployers, StatsIncluded). Sums of a few rows per district, read
-- whole by the report service.
CREATE TABLE stats_import_figures (
    digest      TEXT NOT NULL REFERENCES stats_submissions (digest),
    kind        TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (digest, kind, seq)
);
