package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Bulk paths. Imports, assessments and payrolls write thousands of rows per
// transaction; one INSERT per row would spend its time in round trips and
// statement overhead. SQLite gets multi-row VALUES statements (prepared once
// per transaction and size); PostgreSQL gets one INSERT … SELECT FROM
// unnest($1::text[], …) per chunk, which pgx sends as typed arrays — close to
// COPY in speed, but an ordinary statement that also runs inside the same
// transaction as everything else, with ON CONFLICT, on Citus, YugabyteDB and
// CockroachDB alike.

// bulkTable describes the target of a bulk insert.
type bulkTable struct {
	name     string
	cols     []string
	pgTypes  []string // PostgreSQL array element type of each column: text, bigint
	conflict string   // optional "ON CONFLICT … DO …" clause
	// rowByRow: on SQLite, one prepared single-row INSERT executed per
	// row instead of multi-row VALUES statements. Inside a transaction a
	// statement that writes several rows and can abort (a foreign key, a
	// unique or a check constraint) makes SQLite keep a statement journal
	// — a copy of every page the statement touches, to undo it alone —
	// which a single-row INSERT does not need (it writes one row or none).
	// On the person import the statement journal was about half of the
	// time (issue #20 item 3); the prepared statement is parsed once per
	// chunk, and a row is a few microseconds of the engine's own work.
	rowByRow bool
}

// withoutColumn is the table and its rows without column i: the rows of
// an older schema that lacks that column (a migration test's district;
// e.g. the person's key a later migration added).
func (t bulkTable) withoutColumn(i int, rows [][]any) (bulkTable, [][]any) {
	t.cols, t.pgTypes = slices.Delete(slices.Clone(t.cols), i, i+1), slices.Delete(slices.Clone(t.pgTypes), i, i+1)
	for r := range rows {
		rows[r] = slices.Delete(rows[r], i, i+1)
	}
	return t, rows
}

// sqliteMaxRows bounds the rows of one SQLite statement (at most 32766
// variables per statement).
func (t bulkTable) sqliteMaxRows() int {
	n := 32000 / len(t.cols)
	if n > 500 {
		n = 500
	}
	return n
}

// bulkInsert inserts rows (each a slice of string or int64 values in column
// order) into the table.
func (tx *Tx) bulkInsert(ctx context.Context, t bulkTable, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if tx.db.Dialect == Postgres {
		return tx.bulkInsertPG(ctx, t, rows)
	}
	if t.rowByRow {
		return tx.insertRowByRow(ctx, t, rows)
	}
	max := t.sqliteMaxRows()
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for start := 0; start < len(rows); start += max {
		end := min(start+max, len(rows))
		chunk := rows[start:end]
		args := make([]any, 0, len(chunk)*len(t.cols))
		for _, r := range chunk {
			args = append(args, r...)
		}
		if len(chunk) == max {
			if full == nil {
				var err error
				if full, err = tx.tx.PrepareContext(ctx, sqliteInsert(t, max)); err != nil {
					return err
				}
			}
			if _, err := full.ExecContext(ctx, args...); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.tx.ExecContext(ctx, sqliteInsert(t, len(chunk)), args...); err != nil {
			return err
		}
	}
	return nil
}

// insertRowByRow inserts rows on SQLite through one prepared single-row
// INSERT (bulkTable.rowByRow).
func (tx *Tx) insertRowByRow(ctx context.Context, t bulkTable, rows [][]any) error {
	st, err := tx.tx.PrepareContext(ctx, sqliteInsert(t, 1))
	if err != nil {
		return err
	}
	defer st.Close()
	// Each row runs under a context that cannot be cancelled, and the
	// caller's is checked every 1,000 rows: under a cancellable context
	// modernc starts a goroutine and sets a progress handler for every
	// statement to watch it (0.66 s of the 15 s of CPU of a 262,000-row
	// enrollment import, docs/BENCHMARKS.md).
	rowCtx := context.WithoutCancel(ctx)
	for i, r := range rows {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if _, err := st.ExecContext(rowCtx, r...); err != nil {
			return err
		}
	}
	return nil
}

func sqliteInsert(t bulkTable, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", t.name, strings.Join(t.cols, ", "))
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	if t.conflict != "" {
		b.WriteString(" " + t.conflict)
	}
	return b.String()
}

func (tx *Tx) bulkInsertPG(ctx context.Context, t bulkTable, rows [][]any) error {
	const chunk = 5000
	for start := 0; start < len(rows); start += chunk {
		part := rows[start:min(start+chunk, len(rows))]
		args := make([]any, len(t.cols))
		for c, typ := range t.pgTypes {
			switch typ {
			case "text":
				col := make([]string, len(part))
				for i, r := range part {
					col[i] = r[c].(string)
				}
				args[c] = col
			case "bigint":
				col := make([]int64, len(part))
				for i, r := range part {
					switch v := r[c].(type) {
					case int64:
						col[i] = v
					case int:
						col[i] = int64(v)
					default:
						return fmt.Errorf("bulkInsert %s.%s: %T is not an integer", t.name, t.cols[c], v)
					}
				}
				args[c] = col
			default:
				return fmt.Errorf("bulkInsert %s: unknown type %s", t.name, typ)
			}
		}
		var sel []string
		for c, typ := range t.pgTypes {
			sel = append(sel, fmt.Sprintf("$%d::%s[]", c+1, typ))
		}
		q := fmt.Sprintf("INSERT INTO %s (%s) SELECT * FROM unnest(%s) %s",
			t.name, strings.Join(t.cols, ", "), strings.Join(sel, ", "), t.conflict)
		if _, err := tx.tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// inKeys returns a condition "col IN (…)" for SQLite or "col = ANY($n)" for
// PostgreSQL matching any of keys, with its arguments appended to args.
func (tx *Tx) inKeys(col string, keys []string, args []any) (string, []any) {
	if tx.db.Dialect == Postgres {
		args = append(args, keys)
		return fmt.Sprintf("%s = ANY($%d)", col, len(args)), args
	}
	// One JSON array instead of one parameter per key: binding thousands of
	// numbered parameters costs the driver a linear name lookup each.
	b, _ := json.Marshal(keys)
	args = append(args, string(b))
	return fmt.Sprintf("%s IN (SELECT value FROM json_each($%d))", col, len(args)), args
}

// inPairs returns a condition "(colA, colB) IN (…)" matching any of the
// pairs, with its arguments appended to args. Two separate inKeys would
// match every combination of the two lists — on PostgreSQL a plan that
// grows with their product (2,000 employers × 2,000 persons: 25 s a
// chunk); the pairs are matched as pairs on both engines.
func (tx *Tx) inPairs(colA, colB string, a, b []string, args []any) (string, []any) {
	if tx.db.Dialect == Postgres {
		args = append(args, a, b)
		return fmt.Sprintf("(%s, %s) IN (SELECT * FROM unnest($%d::text[], $%d::text[]))", colA, colB, len(args)-1, len(args)), args
	}
	pairs := make([][2]string, len(a))
	for i := range a {
		pairs[i] = [2]string{a[i], b[i]}
	}
	js, _ := json.Marshal(pairs)
	args = append(args, string(js))
	return fmt.Sprintf("(%s, %s) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($%d))",
		colA, colB, len(args)), args
}
