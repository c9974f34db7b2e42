package sqldb_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestAuditReadsShareOneAppend: reads that arrive while the chain's head
// is taken (by a writer, here by the test playing another process) wait —
// none answers before its entry is committed — and are then appended
// together, in one or two transactions instead of one each, into a whole
// chain that holds every one of them. Before the appender, each read took
// the head in its own transaction (30 takes for 30 reads).
func TestAuditReadsShareOneAppend(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		head := chained(t, db)
		const reads = 30
		release, err := db.HoldAuditHead(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		takes := db.AuditHeadTakes()
		var answered sync.WaitGroup
		var mu sync.Mutex
		var done int
		errs := make(chan error, reads)
		for range reads {
			answered.Go(func() {
				if _, err := db.FindPerson(admin, female1949); err != nil {
					errs <- err
				}
				mu.Lock()
				done++
				mu.Unlock()
			})
		}
		deadline := time.Now().Add(20 * time.Second)
		for db.AuditReadsWaiting() < reads && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		early := done
		mu.Unlock()
		if early != 0 || db.AuditReadsWaiting() != reads {
			t.Errorf("while the head is held: %d reads answered, %d waiting; want 0 and %d", early, db.AuditReadsWaiting(), reads)
		}
		release()
		answered.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := db.AuditHeadTakes() - takes; n < 1 || n > 2 {
			t.Errorf("%d reads appended in %d transactions, want 1 or 2", reads, n)
		}
		c, err := db.CheckAudit(admin)
		if err != nil {
			t.Fatal(err)
		}
		if !c.OK || c.HeadSeq != head+reads {
			t.Errorf("chain after %d grouped reads: %+v (head was %d)", reads, c, head)
		}
		es, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityPerson, Key: female1949, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range es {
			if e.Action == "person.read" {
				n++
			}
		}
		if n != reads+1 { // chained read it once
			t.Errorf("%d person.read entries, want %d", n, reads+1)
		}
	})
}

// TestAuditReadWithoutEntryFails: when its entry cannot be committed, a
// read returns an error, not the data.
func TestAuditReadWithoutEntryFails(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		chained(t, db)
		exec(t, db, `DELETE FROM audit_head`)
		if p, err := db.FindPerson(admin, female1949); err == nil || p != nil {
			t.Errorf("read answered without its entry: %v %v", p, err)
		}
	})
}

// TestAuditWriteEntryRollsBackWithIt: a write's entry is part of its
// transaction: a unit of work that records entries and then fails leaves
// none of them, and the chain stays whole.
func TestAuditWriteEntryRollsBackWithIt(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		head := chained(t, db)
		fail := shebao.Errorf(shebao.ECONFLICT, "test")
		err := db.InTx(admin, func(ctx context.Context) error {
			if _, err := db.FindPerson(ctx, female1949); err != nil { // its entry joins the unit of work
				return err
			}
			p := person(female1975, "赵六", "640106100201")
			if err := db.CreatePerson(ctx, p); err != nil {
				return err
			}
			return fail
		})
		if err != fail {
			t.Fatalf("InTx: %v", err)
		}
		c, err := db.CheckAudit(admin)
		if err != nil || !c.OK || c.HeadSeq != head {
			t.Errorf("after a failed unit of work: %+v %v (head was %d)", c, err, head)
		}
		if err := db.InTx(admin, func(ctx context.Context) error {
			_, err := db.FindPerson(ctx, female1949)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if c, err := db.CheckAudit(admin); err != nil || !c.OK || c.HeadSeq != head+1 {
			t.Errorf("a read in a unit of work: %+v %v (head was %d)", c, err, head)
		}
	})
}
