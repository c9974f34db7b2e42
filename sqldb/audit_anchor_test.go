package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/audit"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// audited writes n audited entries (accounts created).
func auditedUsers(t *testing.T, a *app.App, prefix string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		u := &shebao.User{Name: prefix + string(rune('a'+i)), Role: "viewer", Region: "640106000000"}
		if err := a.Access.CreateUser(sqldbtest.Admin(), u, "secret-password-1"); err != nil {
			t.Fatal(err)
		}
	}
}

// rewind deletes the entries after seq and sets the head back to it, as an
// intruder with write access to the database would.
func rewind(t *testing.T, db *sqldb.DB, seq int64) {
	t.Helper()
	ctx := context.Background()
	if err := db.ExecRaw(ctx, `DELETE FROM audit_log WHERE seq > $1`, seq); err != nil {
		t.Fatal(err)
	}
	if err := db.ExecRaw(ctx, `UPDATE audit_head SET seq = $1, hash = (SELECT hash FROM audit_log WHERE seq = $1) WHERE id = 1`, seq); err != nil {
		t.Fatal(err)
	}
}

// TestAnchorDetectsTruncation (a test of the audit service, here for the
// store's raw access that plays the intruder): deleting the newest entries and rewinding
// the head leaves a chain that checks whole; against an anchor taken
// before, it fails — also when entries are appended again past the
// anchor's seq.
func TestAnchorDetectsTruncation(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		admin := sqldbtest.Admin()
		auditedUsers(t, a, "early", 3)
		first, err := a.Audit.Anchor(admin)
		if err != nil || first.Seq == 0 || len(first.Hash) != 64 || first.At.IsZero() || first.AnchoredAt.IsZero() {
			t.Fatalf("Anchor: %+v %v", first, err)
		}
		keep := first.Seq
		auditedUsers(t, a, "late", 4)
		second, err := a.Audit.Anchor(admin)
		if err != nil || second.Seq != keep+4 {
			t.Fatalf("second anchor: %+v %v", second, err)
		}
		// The anchors go to a file and come back from it.
		file := "# 审计锚点\n" + audit.FormatAnchor(first) + "\nnote\n" + audit.FormatAnchor(second) + "\n"
		anchors, err := audit.ParseAnchors(strings.NewReader(file))
		if err != nil || len(anchors) != 2 || anchors[1].Seq != second.Seq || anchors[1].Hash != second.Hash || !anchors[0].At.Equal(first.At) {
			t.Fatalf("ParseAnchors: %+v %v", anchors, err)
		}

		// Untouched: whole, against both anchors.
		c, err := a.Audit.CheckAnchored(admin, anchors)
		if err != nil || !c.OK || c.Anchors != 2 {
			t.Fatalf("untouched: %+v %v", c, err)
		}
		// The newest four entries deleted, the head rewound: the chain
		// alone checks whole; the second anchor finds the cut.
		rewind(t, db, keep)
		if c, err := a.Audit.CheckAudit(admin); err != nil || !c.OK {
			t.Fatalf("the truncated chain no longer checks whole by itself (the test rewinds wrongly): %+v %v", c, err)
		}
		c, err = a.Audit.CheckAnchored(admin, anchors)
		if err != nil || c.OK || !strings.Contains(c.Reason, "截断") || c.FirstBad != keep+1 {
			t.Errorf("truncated: %+v %v", c, err)
		}
		if c, err := a.Audit.CheckAnchored(admin, anchors[:1]); err != nil || !c.OK {
			t.Errorf("against the anchor before the cut: %+v %v", c, err)
		}
		// Writing on past the anchor's seq does not hide the cut.
		auditedUsers(t, a, "again", 5)
		c, err = a.Audit.CheckAnchored(admin, anchors)
		if err != nil || c.OK || !strings.Contains(c.Reason, "与锚点") || c.FirstBad != second.Seq {
			t.Errorf("truncated and written on: %+v %v", c, err)
		}
		// Only an administrator of the whole database anchors.
		district := sqldbtest.As(shebao.Actor{Name: "d", Role: "admin", Region: "640106000000"})
		if _, err := a.Audit.Anchor(district); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("district admin anchors: %v", err)
		}
	})
}
