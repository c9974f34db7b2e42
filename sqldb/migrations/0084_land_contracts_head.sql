-- An import of 确权 data looks each chunk's household heads up in
-- land_contracts by head_id_no alone (a head's contract in any 发包方):
-- without an index of its own that was a scan of every contract per chunk,
-- so the import slowed as the registry grew (the benchmark of 500,000
-- parcels, docs/BENCHMARKS.md). A citizen's own contracts are found by it
-- too.
CREATE INDEX land_contracts_head_id ON land_contracts (head_id_no);
