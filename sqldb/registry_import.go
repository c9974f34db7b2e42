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
}

// insertPersons inserts new, already normalised persons; each one's Source
// says what created it.
func (tx *Tx) insertPersons(ctx context.Context, ps []*shebao.Person) error {
	a, _ := shebao.ActorFrom(ctx)
	now := fmtTime(tx.now)
	rows := make([][]any, len(ps))
	for i, p := range ps {
		rows[i] = []any{p.IDNo, p.Name, p.Sex, p.Birth, p.Hukou, p.Region, p.Phone, p.Status, p.DeathDate,
			strings.Join(p.Flags, ","), int64(1), p.Source, now, a.Name, now, a.Name}
	}
	return tx.bulkInsert(ctx, personTable, rows)
}

// ImportPersons stores a chunk of normalised persons from import run `run`,
// each with its Source set by ImportSource: new numbers are created, changed
// records updated with their history, identical ones left alone, so importing
// the same file twice changes nothing. The persons' regions must exist (the
// importer checks them against RegionNames) and numbers must be unique within
// the chunk. A number already written by an earlier row of the same run, or a
// person outside the actor's jurisdiction, gets an error in errs and is not
// written.
func (db *DB) ImportPersons(ctx context.Context, run string, ps []*shebao.Person) (out []shebao.Outcome, errs []error, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		out, errs = make([]shebao.Outcome, len(ps)), make([]error, len(ps))
		keys := make([]string, 0, len(ps))
		for _, p := range ps {
			keys = append(keys, p.IDNo)
		}
		existing, err := tx.personsByID(ctx, keys)
		if err != nil {
			return err
		}
		var fresh []*shebao.Person
		var created []string
		for i, p := range ps {
			old := existing[p.IDNo]
			switch {
			case !sc.contains(p.Region):
				errs[i] = shebao.FieldErrorf("所属区划", "区划%s不在您的管辖范围内", p.Region)
			case old != nil && inRun(old.Source, run):
				row, _ := shebao.RowInRun(old.Source, run)
				errs[i] = shebao.FieldErrorf("身份证号", "身份证号与本文件第%d行重复", row)
			case old != nil && !sc.contains(old.Region):
				errs[i] = shebao.FieldErrorf("身份证号", "此人已在您辖区以外的区划%s登记", old.Region)
			case old == nil:
				fresh = append(fresh, p)
				created = append(created, p.IDNo)
				out[i] = shebao.Created
			default:
				changes := shebao.PersonChanges(old, p)
				if len(changes) == 0 {
					out[i] = shebao.Unchanged
					continue
				}
				if err := tx.updatePerson(ctx, "批量导入", old, p, changes); err != nil {
					return err
				}
				out[i] = shebao.Updated
			}
		}
		if err := tx.insertPersons(ctx, fresh); err != nil {
			return err
		}
		if len(created) > 0 {
			// One audit entry per chunk of created records: the rows
			// themselves carry who, when and which import row created them.
			return tx.audit(ctx, "person.import", "import", run, "", nil, map[string]any{"created": created})
		}
		return nil
	})
	return out, errs, err
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

func inRun(source, run string) bool {
	_, ok := shebao.RowInRun(source, run)
	return ok
}
