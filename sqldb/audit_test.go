package sqldb_test

import (
	"context"
	"sync"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// chained fills a database with a few audited writes and reads and checks
// that the chain is whole. It returns the head seq.
func chained(t *testing.T, db *sqldb.DB) int64 {
	t.Helper()
	seedRegions(t, db)
	for _, p := range []*shebao.Person{person(female1949, "王秀英", "640106100201"), person(male1960, "李四", "640106100202")} {
		if err := db.CreatePerson(admin, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.FindPerson(admin, female1949); err != nil {
		t.Fatal(err)
	}
	c, err := db.CheckAudit(admin)
	if err != nil {
		t.Fatal(err)
	}
	if !c.OK || c.HeadSeq < 10 || c.Entries != c.HeadSeq || len(c.HeadHash) != 64 {
		t.Fatalf("fresh chain: %+v", c)
	}
	return c.HeadSeq
}

// TestAuditChainDetectsTampering: whatever an intruder with direct access
// to the database does to audit_log, VerifyAudit names the first entry
// that no longer fits.
func TestAuditChainDetectsTampering(t *testing.T) {
	for _, c := range []struct {
		name   string
		tamper func(t *testing.T, db *sqldb.DB, head int64)
		// bad is the expected first bad seq given the head; 0 for a row
		// outside the chain.
		bad func(head int64) int64
	}{
		{"alter a field", func(t *testing.T, db *sqldb.DB, head int64) {
			exec(t, db, `UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`)
		}, func(int64) int64 { return 3 }},
		{"alter the remote address", func(t *testing.T, db *sqldb.DB, head int64) {
			exec(t, db, `UPDATE audit_log SET remote = '10.0.0.1' WHERE seq = 5`)
		}, func(int64) int64 { return 5 }},
		{"alter a row and recompute its hash", func(t *testing.T, db *sqldb.DB, head int64) {
			// The intruder fixes row 4's own hash, but row 5 was chained to
			// the old one.
			exec(t, db, `UPDATE audit_log SET hash = (SELECT hash FROM audit_log WHERE seq = 3) WHERE seq = 4`)
		}, func(int64) int64 { return 4 }},
		{"delete a row", func(t *testing.T, db *sqldb.DB, head int64) {
			exec(t, db, `DELETE FROM audit_log WHERE seq = 6`)
		}, func(int64) int64 { return 6 }},
		{"delete the newest row", func(t *testing.T, db *sqldb.DB, head int64) {
			exec(t, db, `DELETE FROM audit_log WHERE seq = $1`, head)
		}, func(head int64) int64 { return head }},
		{"delete the first row", func(t *testing.T, db *sqldb.DB, head int64) {
			exec(t, db, `DELETE FROM audit_log WHERE seq = 1`)
		}, func(int64) int64 { return 1 }},
		{"swap two rows", func(t *testing.T, db *sqldb.DB, head int64) {
			exec(t, db, `UPDATE audit_log SET seq = -1 WHERE seq = 2`)
			exec(t, db, `UPDATE audit_log SET seq = 2 WHERE seq = 3`)
			exec(t, db, `UPDATE audit_log SET seq = 3 WHERE seq = -1`)
		}, func(int64) int64 { return 2 }},
		{"reorder by time", func(t *testing.T, db *sqldb.DB, head int64) {
			exec(t, db, `UPDATE audit_log SET at = '2000-01-01T00:00:00.000000Z' WHERE seq = 7`)
		}, func(int64) int64 { return 7 }},
		{"insert a row beside the chain", func(t *testing.T, db *sqldb.DB, head int64) {
			exec(t, db, `INSERT INTO audit_log (id, at, actor, role, remote, action, entity, entity_key)
				VALUES ('forged', '2026-01-01T00:00:00.000000Z', 'ghost', 'admin', 'cli', 'person.read', 'person', 'x')`)
		}, func(int64) int64 { return 0 }},
		{"move the head back", func(t *testing.T, db *sqldb.DB, head int64) {
			exec(t, db, `UPDATE audit_head SET seq = seq + 1`)
		}, func(head int64) int64 { return head + 1 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
				head := chained(t, db)
				c.tamper(t, db, head)
				ok, bad, err := db.VerifyAudit(admin)
				if err != nil {
					t.Fatal(err)
				}
				if ok || bad != c.bad(head) {
					chk, _ := db.CheckAudit(admin)
					t.Errorf("VerifyAudit = %v, first bad %d, want false, %d (%+v)", ok, bad, c.bad(head), chk)
				}
			})
		})
	}
}

func exec(t *testing.T, db *sqldb.DB, q string, args ...any) {
	t.Helper()
	if err := db.ExecRaw(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestAuditChainSealsLegacyRows: rows written before the chain existed
// (no seq) are chained, oldest first, by the first audited write.
func TestAuditChainSealsLegacyRows(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		// The state right after migration 0003 on a database with history:
		// rows without seq, the head at zero.
		exec(t, db, `DELETE FROM audit_log`)
		exec(t, db, `UPDATE audit_head SET seq = 0, hash = ''`)
		for i, at := range []string{"2025-01-02T00:00:00.000000Z", "2025-01-01T00:00:00.000000Z"} {
			exec(t, db, `INSERT INTO audit_log (id, at, actor, role, remote, action, entity, entity_key)
				VALUES ($1, $2, 'system', 'admin', 'cli', 'region.create', 'region', '640000000000')`, "legacy"+itoa(i), at)
		}
		if ok, _, err := db.VerifyAudit(admin); err != nil || !ok {
			t.Fatalf("legacy rows before the chain starts: %v %v", ok, err)
		}
		seedRegions(t, db)
		c, err := db.CheckAudit(admin)
		if err != nil || !c.OK {
			t.Fatalf("after sealing: %+v %v", c, err)
		}
		es, err := db.FindAudit(admin, shebao.AuditFilter{Actor: "system", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := int64(len(es)), c.Entries; got != want {
			t.Errorf("%d entries, chain of %d", got, want)
		}
		exec(t, db, `UPDATE audit_log SET action = 'region.delete' WHERE id = 'legacy1'`)
		if ok, bad, _ := db.VerifyAudit(admin); ok || bad != 1 {
			t.Errorf("tampered legacy row (the oldest, seq 1): %v %d", ok, bad)
		}
	})
}

func itoa(i int) string { return string(rune('0' + i)) }

// TestAuditChainConcurrentWriters: audited transactions from many
// goroutines all land in one gapless chain.
func TestAuditChainConcurrentWriters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		head := chained(t, db)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 5; i++ {
					if _, err := db.FindPerson(admin, female1949); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		c, err := db.CheckAudit(admin)
		if err != nil {
			t.Fatal(err)
		}
		if !c.OK || c.HeadSeq != head+40 {
			t.Errorf("after 40 concurrent reads: %+v (head was %d)", c, head)
		}
	})
}

// TestAuditChainOnlyForWholeDatabaseAdmins: verifying reads every entry.
func TestAuditChainOnlyForWholeDatabaseAdmins(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		for _, a := range []shebao.Actor{
			{Name: "a", Role: "admin", Region: "640106000000"},
			{Name: "v", Role: "viewer", Region: "640106000000"},
		} {
			if _, _, err := db.VerifyAudit(shebao.WithActor(context.Background(), a)); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
				t.Errorf("%s: %v", a.Role, err)
			}
		}
		town := shebao.WithActor(context.Background(), shebao.Actor{Name: "t", Role: "town", Region: "640106100000"})
		if _, err := db.FindAudit(town, shebao.AuditFilter{}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town reads the audit log: %v", err)
		}
		viewer := shebao.WithActor(context.Background(), shebao.Actor{Name: "v", Role: "viewer", Region: "640106100000"})
		if _, err := db.FindAudit(viewer, shebao.AuditFilter{}); err != nil {
			t.Errorf("auditor reads the audit log: %v", err)
		}
	})
}
