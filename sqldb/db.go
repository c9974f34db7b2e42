// Package sqldb is the only package that speaks SQL. It stores the registry
// and every scheme on SQLite (the embedded default, pure-Go
// modernc.org/sqlite) or PostgreSQL (pgx v5), with one schema and one set of
// queries for both. Queries are written with $1… placeholders and rewritten
// for SQLite, which binds $n by first appearance rather than by number.
//
// The SQL stays within what Postgres-compatible distributed engines (Citus,
// YugabyteDB, CockroachDB) accept: natural primary keys instead of
// sequences, no triggers, no stored procedures, no advisory locks.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/shebao/shebao"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open shebao database.
type DB struct {
	// read serves queries outside transactions; write serves transactions.
	// On SQLite they are two pools on one file: a wide one for readers and a
	// one-connection pool for the single writer, so writers queue in Go
	// instead of failing with SQLITE_BUSY. On PostgreSQL they are the same.
	read, write *sql.DB
	Dialect     Dialect
	// DSN as given, with any password removed, for messages.
	Name string
	// counting is true once the schema has the statistics counters
	// (migration 0050): a database migrated only part of the way (a
	// migration test) writes its records without them, and has them
	// counted in full when it is opened with its schema up to date.
	counting atomic.Bool
	// totals is true once the schema has the counters' running totals
	// (migration 0109, stats_totals): the counters' writes keep them and
	// the sums of stocks read them.
	totals atomic.Bool
	// medicalAid is true once the schema has the 医疗救助 tables (migration
	// 0096, medaid): the claims of an older schema (a migration test's
	// generated district) are settled and read without them.
	medicalAid atomic.Bool
	// ledgerDays is true once the schema has the ledger's sums per day
	// (migration 0116, ledger_days.go): postings of an older schema (a
	// migration test) are made, and the fund status read, without them.
	ledgerDays atomic.Bool
	// landCounters is true once the schema counts land contracting and
	// transfer (migration 0120, counters_land.go): the households and
	// transfers of an older schema (a migration test) are written without
	// them, and a recount leaves those families out.
	landCounters atomic.Bool
	// benefitsKeyed is true once a benefit's amounts carry the person's key
	// (migration 0122): the benefits of an older schema (a migration test's
	// generated district) are created without it.
	benefitsKeyed atomic.Bool
	// enrollmentsKeyed is true once an enrollment's events carry the
	// person's key (migration 0123): the enrollments of an older schema
	// (a migration test's generated district) are written without it.
	enrollmentsKeyed atomic.Bool
	// citus is true when the database has the citus extension (Migrate
	// sets it): the few statements Citus cannot plan take their switch
	// (citus.go lists why).
	citus atomic.Bool
	// reads group-commits the audit entries of reads (View); see
	// audit_append.go.
	reads *auditAppender
	// policy caches the policy set in force (PolicySet), keyed by the
	// number of policy loads.
	policy policyCache
	// headTakes counts the transactions that appended to the audit chain
	// (for tests: reads share them).
	headTakes atomic.Int64
}

// IsPostgresDSN reports whether dsn selects PostgreSQL.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn (a postgres:// URL, or else a SQLite
// file path) and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := OpenNoMigrate(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.ensureDefaultPolicy(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("载入默认政策参数失败: %w", err)
	}
	if err := db.ensureCounters(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("建立统计计数失败: %w", err)
	}
	return db, nil
}

// OpenNoMigrate opens the database without touching its schema.
func OpenNoMigrate(ctx context.Context, dsn string) (*DB, error) {
	open := openSQLite
	if IsPostgresDSN(dsn) {
		open = openPostgres
	}
	db, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db.checkCounting(ctx)
	db.checkMedicalAid(ctx)
	return db, nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("连接PostgreSQL失败: %w", err)
	}
	name := dsn
	if u, err := url.Parse(dsn); err == nil {
		u.User = nil
		name = u.String()
	}
	return newDB(pool, pool, Postgres, name), nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	path = strings.TrimPrefix(path, "file:")
	if path == "" {
		return nil, errors.New("数据库路径为空")
	}
	// busy_timeout first, so that the following pragmas wait rather than fail
	// while another process holds the file. mmap_size (1 GiB) reads the
	// file's pages through a memory map: every audited read writes, and a
	// write makes each other connection drop its whole page cache at its
	// next read, so that without the map each page view re-read its pages
	// by system calls into freshly allocated cache (issue #15: the 劳动力台账
	// page's count of 1,000 lines took 170–250 ms at 100,000 persons, 40 ms
	// with the map; TestSQLiteMmap, docs/BENCHMARKS.md).
	params := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=cache_size(-32000)&_pragma=temp_store(MEMORY)&_pragma=mmap_size(1073741824)"
	write, err := sql.Open("sqlite", "file:"+path+"?"+params+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("打开SQLite数据库%s失败: %w", path, err)
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+params)
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	return newDB(read, write, SQLite, path), nil
}

func newDB(read, write *sql.DB, d Dialect, name string) *DB {
	db := &DB{read: read, write: write, Dialect: d, Name: name}
	db.reads = newAuditAppender(db)
	return db
}

// Close waits for the audit entries of reads under way to be committed,
// then closes both pools.
func (db *DB) Close() error {
	db.reads.close()
	err := db.write.Close()
	if db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

var placeholder = regexp.MustCompile(`\$(\d+)`)

var rewritten sync.Map // query text → SQLite form

// q returns the query in the engine's placeholder syntax.
func (db *DB) q(query string) string {
	if db.Dialect != SQLite {
		return query
	}
	if s, ok := rewritten.Load(query); ok {
		return s.(string)
	}
	s := placeholder.ReplaceAllString(query, "?$1")
	rewritten.Store(query, s)
	return s
}

// Tx is a write transaction (Update), or a read-only one (View).
type Tx struct {
	tx *sql.Tx
	db *DB
	// now is the transaction's timestamp, the same for every row it writes.
	now time.Time
	// recounting holds, per counter family, the keys a recount of this
	// transaction is keeping the counters of (counters.go).
	recounting map[string]map[string]bool
	// counters holds the counter changes of the transaction's writes until
	// they are added to the counters (flushCounters).
	counters *counterBuffer
	// ledgerDays holds the sums of the journal lines and entries the
	// transaction posted, per fund, account and day, until they are added
	// to ledger_days and ledger_entry_days (flushLedgerDays).
	ledgerDays *ledgerDayBuffer
	// view marks a read-only transaction of View: it may not write, and
	// its audit entries are appended by the appender once it has ended.
	view bool
	// entries holds the transaction's audit entries, in the order they were
	// recorded, until they are appended to the chain: just before the
	// commit of a write transaction, by the appender for a view.
	entries []*auditRow
	// policyLoaded marks a transaction that stored policy parameters
	// (LoadPolicy): until it commits, its PolicySet is its own.
	policyLoaded bool
}

// errViewWrite is a programming error: a write inside View.
var errViewWrite = errors.New("sqldb: write statement in a read-only transaction (View)")

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if tx.view {
		return nil, errViewWrite
	}
	return tx.tx.ExecContext(ctx, tx.db.q(query), args...)
}

// Query runs a query in the transaction.
func (tx *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.q(query), args...)
}

// QueryRow runs a single-row query in the transaction.
func (tx *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.q(query), args...)
}

// txKey carries the write transaction of a unit of work in a context
// (InTx), so that every store method called with that context joins it.
type txKey struct{}

// txFrom returns the transaction of db that ctx carries, if any.
func (db *DB) txFrom(ctx context.Context) *Tx {
	if tx, ok := ctx.Value(txKey{}).(*Tx); ok && tx.db == db {
		return tx
	}
	return nil
}

// InTx runs fn as one unit of work: every store method called with the
// context fn receives joins the same write transaction, which commits when
// fn returns nil and rolls back otherwise. This is how a service reads
// data, applies its rules and writes the outcome atomically without
// knowing about transactions. A serialization failure or deadlock retries
// fn from the start, so fn must only touch the database through the store.
// Called inside another InTx, fn joins the outer unit of work.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return db.Update(ctx, func(tx *Tx) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
}

// Update runs fn in a write transaction, committing when fn returns nil.
// On PostgreSQL a serialization failure or deadlock is retried: fn must be
// safe to run again (it only touches the database through tx). When ctx
// already carries a transaction of db (InTx), fn runs in it: the outermost
// unit of work commits, and retries.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	if tx := db.txFrom(ctx); tx != nil {
		return fn(tx)
	}
	for attempt := 0; ; attempt++ {
		err := db.update(ctx, fn)
		if err != nil && attempt < 5 && isRetryable(err) {
			time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
			continue
		}
		return err
	}
}

func (db *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	sqltx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{tx: sqltx, db: db, now: shebao.Now().UTC()}
	if err := fn(tx); err != nil {
		sqltx.Rollback()
		return err
	}
	if err := tx.flushLedgerDays(ctx); err != nil {
		sqltx.Rollback()
		return err
	}
	if err := tx.flushCounters(ctx); err != nil {
		sqltx.Rollback()
		return err
	}
	// The transaction's audit entries join the chain last, so that it holds
	// the chain's head only from here to its commit (see appendAudit).
	if err := tx.appendAudit(ctx, tx.entries); err != nil {
		sqltx.Rollback()
		return err
	}
	return sqltx.Commit()
}

// View runs fn in a read-only transaction on the read pool: every
// statement of fn sees the same snapshot (SQLite: a read transaction in
// WAL mode; PostgreSQL: REPEATABLE READ READ ONLY), and readers do not
// queue behind the writer. The audit entries fn records (reads of personal
// data) are appended to the chain by the appender, grouped with those of
// other readers, once the snapshot has ended; View returns only when they
// are committed, so the caller answers only reads that are on record. A
// write statement in fn fails. When ctx carries a unit of work (InTx), fn
// runs in it, and its entries commit with it.
func (db *DB) View(ctx context.Context, fn func(tx *Tx) error) error {
	if tx := db.txFrom(ctx); tx != nil {
		return fn(tx)
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	sqltx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	tx := &Tx{tx: sqltx, db: db, now: shebao.Now().UTC(), view: true}
	err = fn(tx)
	if rerr := sqltx.Rollback(); err == nil && rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
		err = rerr
	}
	if err != nil {
		return err
	}
	return db.reads.append(ctx, tx.entries)
}

func isRetryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_BUSY
	}
	return false
}

// isUniqueViolation reports whether err is a primary-key or unique conflict.
// Citus relays a worker's unique violation raised while it copies rows
// into a shard (an INSERT … SELECT it runs through the coordinator, as it
// does the store's bulk inserts from unnest) under SQLSTATE XX000 with the
// worker's message: e.g. two clerks enrolling one person in one slot at
// once on a cluster (TestConcurrentExclusiveEnrollment with
// SHEBAO_TEST_CITUS_ALL).
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505" || pe.Code == "XX000" && strings.HasPrefix(pe.Message, "duplicate key value violates unique constraint")
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
	}
	return false
}

// query runs a read outside any transaction, or in the unit of work that
// ctx carries (InTx), so that it sees that work's own writes.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if tx := db.txFrom(ctx); tx != nil {
		return tx.Query(ctx, query, args...)
	}
	return db.read.QueryContext(ctx, db.q(query), args...)
}

// queryRow runs a single-row read outside any transaction, or in the unit
// of work that ctx carries (InTx).
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if tx := db.txFrom(ctx); tx != nil {
		return tx.QueryRow(ctx, query, args...)
	}
	return db.read.QueryRowContext(ctx, db.q(query), args...)
}

// Analyze refreshes the engine's planner statistics during a bulk load
// (registry.Service.RefreshStatisticsAfter: every import and gen, after
// their 1st, 2nd, 4th, 8th … chunk). PostgreSQL plans from statistics
// autovacuum gathers at most once a minute and only after a table has
// changed by a tenth: a bulk load's
// tables grow far faster, and plans made for a table a tenth of its size
// scanned enrollment_events whole for each recount of a few dozen persons
// (docs/BENCHMARKS.md). Analyze does at once what autovacuum would do next:
// it analyzes the tables past autovacuum's threshold (50 rows + a tenth of
// the table changed since their last analysis), and nothing when none is,
// so that an import of a few rows into a large district costs nothing.
// SQLite keeps no statistics unless ANALYZE is run once, and the store's
// statements are written for its planner without them (e.g.
// TestLaborRebuildPlan), so it does nothing there.
func (db *DB) Analyze(ctx context.Context) error {
	if db.Dialect != Postgres {
		return nil
	}
	rows, err := db.write.QueryContext(ctx, `SELECT quote_ident(relname) FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND n_mod_since_analyze > 50 + 0.1 * n_live_tup ORDER BY relname`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(tables) == 0 {
		return err
	}
	_, err = db.write.ExecContext(ctx, `ANALYZE `+strings.Join(tables, ", "))
	return err
}

// timeLayout stores timestamps as sortable UTC text, identical on both
// engines, so that one query serves both and a dump reads the same.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

// placeholders returns "$start, $start+1, …" n times, for IN lists.
func placeholders(start, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", start+i)
	}
	return b.String()
}

// likePrefix escapes s for use as a LIKE prefix pattern with ESCAPE '\'.
func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
