-- account_movements keeps only its primary key (fund, id_no, kind, source).
--
-- The yearly interest run and the monthly payroll each insert one movement
-- per account; every secondary index is one more B-tree insert per row. At
-- 100,000 accounts on PostgreSQL the two indexes doubled the insert
-- (docs/BENCHMARKS.md, "Annual interest"). Their readers now go through
-- the key: a person's movements from the person's accounts (fund, id_no),
-- a batch's movements by (fund, id_no) and then the batch, the interest
-- run's balances by the full key of each account's interest movement.
DROP INDEX account_movements_batch;
DROP INDEX account_movements_person;

-- Every interest run and every monthly payroll with an account part
-- rewrites the balance of each account. On PostgreSQL an update whose
-- columns are in no index is a heap-only tuple (HOT) update, with no index
-- entries to write, when the row's page has room: 20% is kept free for it.
-- (At 100,000 accounts: 1.57 s → 1.06 s.) Existing pages take the setting
-- as they are rewritten. SQLite has no such parameter.
--postgres: ALTER TABLE individual_accounts SET (fillfactor = 80);
