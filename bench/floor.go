package bench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// The schema floor (issue #20 item 3). A floor is a lower bound for the
// product only when it is the engine's fastest set-based statements doing
// exactly the writes the product must make: on the product's real tables
// with all their indexes, constraints and triggers, through the same driver
// and connection settings as the product (modernc.org/sqlite with sqldb's
// pragmas, pgx on PostgreSQL), timed in a quiet state, with the product's
// durability settings.
//
// The floor here is a replay: the product runs first (timed), and the rows
// it wrote are then copied into stage tables (untimed); its writes are
// undone (untimed); the database is brought to a quiet state (untimed); and
// then the engine writes exactly those rows again, timed (in one
// transaction on PostgreSQL; on SQLite each statement in its own, which
// spares it the statement journal): an INSERT … SELECT from the stage for each table the product
// inserts into, and an INSERT … ON CONFLICT DO UPDATE (an UPDATE of the rows
// that exist, an INSERT of the new ones) for each table whose rows it
// changes — the balances of the individual accounts and the statistics
// counters (stats_months, stats_years), which the product keeps in the same
// transaction as the records they count. After the replay every row the
// product wrote is back, column for column (floorVerify checks it: the
// bench's tests run it on both engines).
//
// What the floor does not do is compute: it reads the stage (a sequential
// scan of exactly the rows to write) instead of the file, the declarations,
// the movements or the benefits the product must read to compute them. It is
// therefore a strict lower bound — no implementation can beat it on this
// schema — but for the assessment, the interest and the payroll it leaves
// out reads that any implementation must make. Also left out: the product's
// audit entries and ledger journal entries, which are one per chunk or per
// run (a few rows against hundreds of thousands).
//
// Quiet state: on SQLite a WAL checkpoint (TRUNCATE) and VACUUM; on
// PostgreSQL VACUUM ANALYZE, autovacuum off on the written tables until the
// timed phase is over, and a CHECKPOINT. The product's timed phase gets the
// same quiet state (floorQuiet before it), so that both are measured alike.

// floorTable is a table the product writes.
type floorTable struct {
	table string
	// Inserted rows: cond selects the rows the product inserted ("" = every
	// row: the table was empty before).
	cond string
	// Changed rows (key set): the table's rows are compared before and
	// after the product by key and cols; the rows that differ or are new
	// are replayed by an upsert.
	key, cols []string
}

func (t floorTable) changed() bool { return len(t.key) > 0 }

func (t floorTable) where() string {
	if t.cond == "" {
		return ""
	}
	return " WHERE " + t.cond
}

func (t floorTable) all() string {
	return strings.Join(append(append([]string{}, t.key...), t.cols...), ", ")
}

// countersFloor are the statistics counters (migration 0050), which the
// product keeps in the same transaction as the records they count.
var countersFloor = []floorTable{
	{table: "stats_months", key: []string{"region_code", "key", "month"}, cols: append([]string{"n"}, dayColumns()...)},
	{table: "stats_years", key: []string{"region_code", "key", "year"}, cols: []string{"n"}},
}

func dayColumns() []string {
	out := make([]string, 31)
	for i := range out {
		out[i] = fmt.Sprintf("d%02d", i+1)
	}
	return out
}

// FloorResult is one floor: how it was timed and what it wrote.
type FloorResult struct {
	Method     string         `json:"method"`
	Seconds    float64        `json:"seconds"`
	Rows       map[string]int `json:"rows"`       // rows written per table
	Durability string         `json:"durability"` // the engine's settings in force
	// Same: after the replay every row the product wrote is there again,
	// column for column (and none is missing or extra).
	Same bool `json:"same"`
}

const floorMethod = "replay of the product's rows: INSERT … SELECT / INSERT … ON CONFLICT DO UPDATE from an untimed stage, product driver (PostgreSQL: one transaction; SQLite: each statement its own)"

func stageName(i int) string  { return fmt.Sprintf("bench_floor_stage_%d", i) }
func beforeName(i int) string { return fmt.Sprintf("bench_floor_before_%d", i) }

// floorBefore snapshots the changed tables before the product runs
// (untimed).
func (e *env) floorBefore(ctx context.Context, ts []floorTable) error {
	db, err := e.rawDB()
	if err != nil {
		return err
	}
	defer db.Close()
	for i, t := range ts {
		if !t.changed() {
			continue
		}
		for _, q := range []string{`DROP TABLE IF EXISTS ` + beforeName(i),
			`CREATE TABLE ` + beforeName(i) + ` AS SELECT ` + t.all() + ` FROM ` + t.table} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("bench: floor: %w\n%s", err, q)
			}
		}
		if err := e.layLikeTarget(ctx, db, beforeName(i), t.table); err != nil {
			return err
		}
		// Keyed, for the undo's look-ups (a million accounts).
		q := `CREATE INDEX ` + beforeName(i) + `_key ON ` + beforeName(i) + ` (` + strings.Join(t.key, ", ") + `)`
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("bench: floor: %w\n%s", err, q)
		}
	}
	return nil
}

// floor stages what the product wrote, undoes it, quiets the database and
// replays the writes, timed. The database ends as the product left it.
func (e *env) floor(ctx context.Context, ts []floorTable) (*FloorResult, error) {
	db, err := e.rawDB()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	res := &FloorResult{Method: floorMethod, Rows: map[string]int{}}
	exec := func(q string) error {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("bench: floor: %w\n%s", err, q)
		}
		return nil
	}
	// Stage (untimed).
	for i, t := range ts {
		if err := exec(`DROP TABLE IF EXISTS ` + stageName(i)); err != nil {
			return nil, err
		}
		q := `CREATE TABLE ` + stageName(i) + ` AS SELECT * FROM ` + t.table + t.where()
		if t.changed() {
			q = `CREATE TABLE ` + stageName(i) + ` AS SELECT ` + t.all() + ` FROM ` + t.table + ` EXCEPT SELECT ` + t.all() + ` FROM ` + beforeName(i)
		}
		if err := exec(q); err != nil {
			return nil, err
		}
		if err := e.layLikeTarget(ctx, db, stageName(i), t.table); err != nil {
			return nil, err
		}
		if t.changed() {
			if err := exec(`CREATE INDEX ` + stageName(i) + `_key ON ` + stageName(i) + ` (` + strings.Join(t.key, ", ") + `)`); err != nil {
				return nil, err
			}
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+stageName(i)).Scan(&n); err != nil {
			return nil, err
		}
		res.Rows[t.table] = n
	}
	// Undo (untimed), children first, without the foreign keys' checks:
	// the rows undone were just written by the product and nothing else
	// refers to them, and on PostgreSQL each deleted person would be
	// looked up in every table referring to persons.
	if err := e.floorUndo(ctx, db, ts); err != nil {
		return nil, err
	}
	if err := e.floorUndone(ctx, db, ts); err != nil {
		return nil, err
	}
	// Quiet, then the replay, timed.
	restore, err := e.floorQuiet(ctx, ts)
	if err != nil {
		return nil, err
	}
	res.Durability = e.durability(ctx, db)
	start := time.Now()
	// On PostgreSQL one transaction. On SQLite each statement commits on
	// its own: a many-row statement inside an explicit transaction that
	// can abort (foreign keys, unique keys) makes SQLite keep a statement
	// journal of every page it touches, which a statement that is its own
	// transaction does not need — the faster of the two is the floor.
	var ex interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	} = db
	var tx *sql.Tx
	if e.engine == "postgres" {
		if tx, err = db.BeginTx(ctx, nil); err != nil {
			restore()
			return nil, err
		}
		ex = tx
	}
	for i, t := range ts {
		q := `INSERT INTO ` + t.table + ` SELECT * FROM ` + stageName(i)
		if t.changed() {
			var set []string
			for _, c := range t.cols {
				set = append(set, c+" = excluded."+c)
			}
			q = `INSERT INTO ` + t.table + ` (` + t.all() + `) SELECT ` + t.all() + ` FROM ` + stageName(i) + ` WHERE true ON CONFLICT (` +
				strings.Join(t.key, ", ") + `) DO UPDATE SET ` + strings.Join(set, ", ")
		}
		if _, err := ex.ExecContext(ctx, q); err != nil {
			if tx != nil {
				tx.Rollback()
			}
			restore()
			return nil, fmt.Errorf("bench: floor: %w\n%s", err, q)
		}
	}
	if tx != nil {
		if err := tx.Commit(); err != nil {
			restore()
			return nil, err
		}
	}
	res.Seconds = time.Since(start).Seconds()
	restore()
	res.Same, err = floorVerify(ctx, db, ts)
	if err != nil {
		return nil, err
	}
	for i, t := range ts {
		if err := exec(`DROP TABLE ` + stageName(i)); err != nil {
			return nil, err
		}
		if t.changed() {
			if err := exec(`DROP TABLE ` + beforeName(i)); err != nil {
				return nil, err
			}
		}
	}
	e.logf("schema floor: %v rows in %.2fs (same rows as the product: %v; %s)", res.Rows, res.Seconds, res.Same, res.Durability)
	return res, nil
}

// layLikeTarget lays a stage table out on a Citus cluster as its target
// table is laid out: distributed by the same column and co-located with it,
// or a reference table, so that the replay's INSERT … SELECT runs on the
// workers shard by shard, the cluster's fastest set-based path (and the
// undo's statements, which join the two, are ones Citus can plan). A no-op
// elsewhere. db is the caller's connection to the bench database.
func (e *env) layLikeTarget(ctx context.Context, db *sql.DB, stage, target string) error {
	if e.created == nil || !e.created.Citus {
		return nil
	}
	var kind, column string
	err := db.QueryRowContext(ctx, `SELECT citus_table_type, distribution_column FROM citus_tables WHERE table_name = $1::regclass`, target).Scan(&kind, &column)
	if err == sql.ErrNoRows {
		return nil // a local table of the coordinator
	}
	if err != nil {
		return fmt.Errorf("bench: citus layout of %s: %w", target, err)
	}
	q := `SELECT create_reference_table('` + stage + `')`
	if kind == "distributed" {
		q = `SELECT create_distributed_table('` + stage + `', '` + column + `', colocate_with => '` + target + `')`
	}
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("bench: %s: %w", q, err)
	}
	// create_*_table copied the rows into the shards; the coordinator's
	// local copy is left behind as data Citus no longer reads.
	if _, err := db.ExecContext(ctx, `SELECT truncate_local_data_after_distributing_table('`+stage+`')`); err != nil {
		return fmt.Errorf("bench: truncate local data of %s: %w", stage, err)
	}
	return nil
}

// floorUndo undoes the product's writes of the tables ts, in one
// transaction on PostgreSQL (with session_replication_role = replica: no
// foreign-key triggers) and with foreign_keys off on SQLite.
func (e *env) floorUndo(ctx context.Context, db *sql.DB, ts []floorTable) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	exec := func(q string) error {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("bench: floor undo: %w\n%s", err, q)
		}
		return nil
	}
	if e.engine == "postgres" {
		if err := exec(`BEGIN`); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				conn.ExecContext(context.Background(), `ROLLBACK`)
			}
		}()
		if e.created != nil && e.created.Citus {
			// Citus runs the deletes on the workers: the setting below
			// must travel with them, or every row deleted is looked up
			// in the tables referring to it, shard by shard.
			if err := exec(`SET LOCAL citus.propagate_set_commands = 'local'`); err != nil {
				return err
			}
		}
		if err := exec(`SET LOCAL session_replication_role = replica`); err != nil {
			return err
		}
	} else {
		if err := exec(`PRAGMA foreign_keys = OFF`); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`)
	}
	for i := len(ts) - 1; i >= 0; i-- {
		t := ts[i]
		if !t.changed() {
			if err := exec(`DELETE FROM ` + t.table + t.where()); err != nil {
				return err
			}
			continue
		}
		var set []string
		for _, c := range t.cols {
			set = append(set, c+" = x."+c)
		}
		if err := exec(`UPDATE ` + t.table + ` SET ` + strings.Join(set, ", ") + ` FROM (SELECT b.* FROM ` + beforeName(i) + ` b JOIN ` +
			stageName(i) + ` s ON ` + keysEqual("b", "s", t.key) + `) x WHERE ` + keysEqual(t.table, "x", t.key)); err != nil {
			return err
		}
		if err := exec(`DELETE FROM ` + t.table + ` WHERE EXISTS (SELECT 1 FROM ` + stageName(i) + ` s WHERE ` + keysEqual("s", t.table, t.key) +
			`) AND NOT EXISTS (SELECT 1 FROM ` + beforeName(i) + ` b WHERE ` + keysEqual("b", t.table, t.key) + `)`); err != nil {
			return err
		}
	}
	if e.engine == "postgres" {
		return exec(`COMMIT`)
	}
	return nil
}

func keysEqual(a, b string, key []string) string {
	var out []string
	for _, k := range key {
		out = append(out, a+"."+k+" = "+b+"."+k)
	}
	return strings.Join(out, " AND ")
}

// floorUndone checks the undo: none of the product's rows is left.
func (e *env) floorUndone(ctx context.Context, db *sql.DB, ts []floorTable) error {
	for i, t := range ts {
		q := `SELECT COUNT(*) FROM ` + t.table + t.where()
		if t.changed() {
			q = `SELECT COUNT(*) FROM (SELECT ` + t.all() + ` FROM ` + t.table + ` EXCEPT SELECT ` + t.all() + ` FROM ` + beforeName(i) + `) x`
		}
		var n int
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return err
		}
		if n != 0 {
			return fmt.Errorf("bench: floor: %d rows of %s left after undoing the product's writes", n, t.table)
		}
	}
	return nil
}

// floorVerify reports whether every row the product wrote is there again
// after the replay, column for column, and no other.
func floorVerify(ctx context.Context, db *sql.DB, ts []floorTable) (bool, error) {
	for i, t := range ts {
		var missing, extra int
		if t.changed() {
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT `+t.all()+` FROM `+stageName(i)+` EXCEPT SELECT `+t.all()+` FROM `+t.table+`) x`).Scan(&missing); err != nil {
				return false, err
			}
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT `+t.all()+` FROM `+t.table+` EXCEPT SELECT `+t.all()+` FROM `+stageName(i)+
				` EXCEPT SELECT `+t.all()+` FROM `+beforeName(i)+`) x`).Scan(&extra); err != nil {
				return false, err
			}
		} else {
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT * FROM `+stageName(i)+` EXCEPT SELECT * FROM `+t.table+t.where()+`) x`).Scan(&missing); err != nil {
				return false, err
			}
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT * FROM `+t.table+t.where()+` EXCEPT SELECT * FROM `+stageName(i)+`) x`).Scan(&extra); err != nil {
				return false, err
			}
		}
		if missing != 0 || extra != 0 {
			return false, nil
		}
	}
	return true, nil
}

// floorQuiet brings the database to a quiet state before a timed phase
// (which writes the tables ts): on SQLite a WAL checkpoint and VACUUM; on
// PostgreSQL VACUUM ANALYZE, autovacuum off on the tables, a CHECKPOINT.
// The function returned turns autovacuum back on.
func (e *env) floorQuiet(ctx context.Context, ts []floorTable) (func(), error) {
	if e.engine != "postgres" {
		for _, q := range []string{`PRAGMA wal_checkpoint(TRUNCATE)`, `VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
			if err := e.execRaw(ctx, q); err != nil {
				return func() {}, fmt.Errorf("bench: quiet: %s: %w", q, err)
			}
		}
		return func() {}, nil
	}
	var tables []string
	for _, t := range ts {
		tables = append(tables, t.table)
	}
	restore := func() {
		for _, t := range tables {
			if err := e.execRaw(context.Background(), `ALTER TABLE `+t+` RESET (autovacuum_enabled)`); err != nil {
				e.logf("autovacuum on %s: %v", t, err)
			}
		}
	}
	for _, t := range tables {
		if err := e.execRaw(ctx, `ALTER TABLE `+t+` SET (autovacuum_enabled = false)`); err != nil {
			restore()
			return func() {}, err
		}
	}
	for _, q := range []string{`VACUUM ANALYZE`, `CHECKPOINT`} {
		if err := e.execRaw(ctx, q); err != nil {
			restore()
			return func() {}, fmt.Errorf("bench: quiet: %s: %w", q, err)
		}
	}
	return restore, nil
}

// durability names the engine's durability settings in force.
func (e *env) durability(ctx context.Context, db *sql.DB) string {
	if e.engine != "postgres" {
		var mode string
		var sync int
		db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
		db.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync)
		return fmt.Sprintf("SQLite journal_mode=%s synchronous=%d (sqldb's settings)", mode, sync)
	}
	var fsync, commit, full string
	db.QueryRowContext(ctx, `SHOW fsync`).Scan(&fsync)
	db.QueryRowContext(ctx, `SHOW synchronous_commit`).Scan(&commit)
	db.QueryRowContext(ctx, `SHOW full_page_writes`).Scan(&full)
	engine := "PostgreSQL"
	if e.created != nil && e.created.Citus {
		engine = "Citus (settings of the coordinator)"
	}
	return fmt.Sprintf("%s fsync=%s synchronous_commit=%s full_page_writes=%s", engine, fsync, commit, full)
}

// The tables each benchmark's product writes, parents first. Found by
// counting every table's rows before and after each run; the audit log,
// the ledger's journal entries (one per chunk or run), batch_runs and
// import_runs are not replayed.
var (
	// The enrollment import: every table is empty before it.
	enrollmentsFloor = append([]floorTable{{table: "households"}, {table: "household_members"}, {table: "employments"},
		{table: "enrollments"}, {table: "enrollment_slots"}, {table: "enrollment_events"}}, countersFloor...)
	// The assessment of 2025-03.
	assessFloor = append([]floorTable{{table: "bills", cond: "period = '2025-03'"}, {table: "bill_lines", cond: "period = '2025-03'"}},
		countersFloor...)
	// The interest of 2024: the balances and the interest movements (not
	// counted by the statistics).
	interestFloor = []floorTable{
		{table: "individual_accounts", key: []string{"fund", "id_no"}, cols: []string{"balance", "opened", "updated_at"}},
		{table: "account_movements", cond: "kind = 'interest' AND source = 'interest:2024'"},
	}
	// The payroll of 2025-03: the payments, the account parts' withdrawals
	// and the balances, and the counters of the payments.
	payrollFloor = append([]floorTable{
		{table: "individual_accounts", key: []string{"fund", "id_no"}, cols: []string{"balance", "opened", "updated_at"}},
		{table: "benefit_payments", cond: "month = '2025-03'"},
		{table: "account_movements", cond: "kind = 'withdraw' AND source LIKE 'payroll:2025-03:%'"},
	}, countersFloor...)
)
