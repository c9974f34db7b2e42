package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
)

var personTable = bulkTable{
	name: "persons",
	cols: []string{"id_no", "name", "sex", "birth", "hukou", "region_code", "phone", "status", "death_date", "flags",
		"version", "source", "created_at", "created_by", "updated_at", "updated_by"},
	pgTypes: []string{"text", "text", "text", "text", "text", "text", "text", "text", "text", "text",
		"bigint", "text", "text", "text", "text", "text"},
	rowByRow: true, // no statement journal on SQLite (bulk.go)
}

// insertPersons inserts new, already normalised persons; each one's Source
// says what created it.
func (tx *Tx) insertPersons(ctx context.Context, ps []*shebao.Person) error {
	a, _ := shebao.ActorFrom(ctx)
	now := fmtTime(tx.now)
	rows := make([][]any, len(ps))
	ids := make([]string, len(ps))
	for i, p := range ps {
		rows[i] = []any{p.IDNo, p.Name, p.Sex, p.Birth, p.Hukou, p.Region, p.Phone, p.Status, p.DeathDate,
			strings.Join(p.Flags, ","), int64(1), p.Source, now, a.Name, now, a.Name}
		ids[i] = p.IDNo
	}
	// The INSERT fails if any of the numbers is registered: the persons
	// are created, counted only after it (createdSel).
	return tx.recount(ctx, personsFamily, createdSel(ids...), func() error { return tx.bulkInsert(ctx, personTable, rows) })
}

// PersonsByID reads the persons with the numbers, wherever registered, by
// number (the services' rules tell persons of another jurisdiction apart;
// they are not shown).
func (db *DB) PersonsByID(ctx context.Context, ids []string) (map[string]*shebao.Person, error) {
	var out map[string]*shebao.Person
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.personsByID(ctx, ids)
		return err
	})
	return out, err
}

// InsertPersons registers new, normalised persons of import run `run`
// (each with its Source), with one audit entry for the chunk: the rows
// themselves carry who, when and which import row created them.
func (db *DB) InsertPersons(ctx context.Context, run string, ps []*shebao.Person) error {
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.insertPersons(ctx, ps); err != nil {
			return err
		}
		if len(ps) == 0 {
			return nil
		}
		created := make([]string, len(ps))
		for i, p := range ps {
			created[i] = p.IDNo
		}
		return tx.audit(ctx, "person.import", "import", run, "", nil, map[string]any{"created": created})
	})
}

// ChangePerson writes a changed person (the changes listed by
// shebao.PersonChanges): the old state into the history with the reason,
// the new one with its version incremented, and the audit entry. A record
// changed meanwhile by another writer is a conflict.
func (db *DB) ChangePerson(ctx context.Context, reason string, old, p *shebao.Person, changes []shebao.Change) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.updatePerson(ctx, reason, old, p, changes) })
}

// StartImportRun records the start of an import and returns its id, which
// becomes the source of every record the import writes.
func (db *DB) StartImportRun(ctx context.Context, kind, fileName, sha string) (string, error) {
	if _, err := scopeOf(ctx); err != nil {
		return "", err
	}
	id := newID()
	a, _ := shebao.ActorFrom(ctx)
	err := db.Update(ctx, func(tx *Tx) error {
		// An earlier import of the same file that never finished was
		// interrupted (killed, crashed): this run completes its work.
		if sha != "" {
			if _, err := tx.Exec(ctx, `UPDATE import_runs SET status = 'interrupted', finished_at = $1
				WHERE kind = $2 AND file_sha256 = $3 AND status = 'running'`, fmtTime(tx.now), kind, sha); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO import_runs (id, kind, file_name, file_sha256, actor, started_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, kind, fileName, sha, a.Name, fmtTime(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, "import.start", "import", id, a.Region, nil, map[string]string{"kind": kind, "file": fileName, "sha256": sha})
	})
	return id, err
}

// FinishImportRun records the counts and the end of an import.
func (db *DB) FinishImportRun(ctx context.Context, r shebao.ImportRun) error {
	a, _ := shebao.ActorFrom(ctx)
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE import_runs SET finished_at = $1, status = $2, read_rows = $3, created = $4, updated = $5,
			unchanged = $6, rejected = $7 WHERE id = $8`,
			fmtTime(tx.now), r.Status, r.Read, r.Created, r.Updated, r.Unchanged, r.Rejected, r.ID); err != nil {
			return err
		}
		return tx.audit(ctx, "import.finish", "import", r.ID, a.Region, nil, r)
	})
}

// CountImportRuns counts import runs with the status (running, done,
// interrupted).
func (db *DB) CountImportRuns(ctx context.Context, status string) (int, error) {
	if _, err := scopeOf(ctx); err != nil {
		return 0, err
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM import_runs WHERE status = $1`, status).Scan(&n)
	return n, err
}
