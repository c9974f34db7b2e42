-- account_movements without its foreign key to individual_accounts.
--
-- On PostgreSQL a foreign key is a per-row trigger: inserting the 100,000
-- interest movements of a year took 5.4 s with it and 2.2 s without
-- (docs/BENCHMARKS.md, "Annual interest"), the same finding as for
-- bill_lines (0008). Every writer of movements writes or reads the account
-- in the same transaction (creditFor inserts the accounts first; the
-- interest run and the payroll take their movements from existing
-- accounts), and `shebao ledger check` compares each account's balance
-- with the sum of its own movements and the sums of both per fund, so a
-- movement without its account shows there.
--
-- SQLite cannot drop a constraint, so the table is rebuilt (the same SQL
-- on both engines): copied aside, recreated, copied back.
CREATE TABLE account_movements_0014 AS
    SELECT fund, id_no, kind, source, moved_on, amount, batch, actor, at FROM account_movements;

DROP TABLE account_movements;

CREATE TABLE account_movements (
    fund     TEXT NOT NULL,
    id_no    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    source   TEXT NOT NULL,
    moved_on TEXT NOT NULL,
    amount   BIGINT NOT NULL,
    batch    TEXT NOT NULL,
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (fund, id_no, kind, source),
    CHECK ((kind IN ('credit', 'interest', 'transfer_in') AND amount > 0)
        OR (kind IN ('withdraw', 'transfer_out') AND amount < 0))
);

INSERT INTO account_movements (fund, id_no, kind, source, moved_on, amount, batch, actor, at)
    SELECT fund, id_no, kind, source, moved_on, amount, batch, actor, at FROM account_movements_0014;

DROP TABLE account_movements_0014;

CREATE INDEX account_movements_batch ON account_movements (batch);
CREATE INDEX account_movements_person ON account_movements (id_no, fund);
