-- The 增减挂钩 projects look each chunk's heads up in households by
-- head_id_no (ProjectHeads, ProjectHead: a head's 户号): without an index
-- of its own that was a scan of every household per head, so gen's land
-- phase and a project plot import slowed as the registry grew (a district
-- of 1,000,000 persons holds about 660,000 households; docs/BENCHMARKS.md,
-- "gen, issue #20 item 4").
CREATE INDEX households_head ON households (head_id_no);
