package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The approval queue shows a row only to whoever may read its subject
// (issue 14, item 2): a citizen does not see another citizen's
// flexible-employment refund (name, receipt number, amount) and the land
// bureau no contribution approvals — the citizen is refused the page, the
// land bureau (which reads land transfers and so their 鉴证 queue) sees
// the page without the row, and neither can decide it; a town sees the refunds of its own jurisdiction only,
// and the village of the payer sees it.
func TestApprovalQueueShowsOnlyReadableRows(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		// 周海军 of 魏家桥村 (丰登镇) paid 1500.00 for January's 1200.00:
		// 300.00 held as 暂收款, of which 200.00 is to be refunded.
		id := flexPayer(t, db, 79, "FXA-1", shebao.Yuan(1500), "2025-01-20")
		maker := sqldbtest.As(shebao.Actor{Name: "zs1", Role: "clerk/collection", Region: "640106000000"})
		ap, err := app.New(db).Collect.RecordFlexRefund(maker, shebao.FlexRefundRequest{Receipt: "TF-0001", Ref: "FXA-1",
			Amount: shebao.Yuan(200), Date: "2025-02-01", Reason: "多缴"})
		if err != nil {
			t.Fatal(err)
		}
		other := demo.IDNumber("640106", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 81, false)
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: other, Name: "李娟", Hukou: "农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		secrets := []string{"周海军", "TF-0001", "FXA-1", "200.00"}
		page := func(a shebao.Actor) (*httptest.ResponseRecorder, http.Handler) {
			h := NewServer(app.New(db), Options{Authenticate: actorAuth(a)}).Handler()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/approvals", nil))
			return rec, h
		}
		for _, c := range []struct {
			name   string
			actor  shebao.Actor
			status int
			sees   bool
		}{
			{"another citizen of the village", shebao.Actor{Name: "lj", Role: "citizen", Region: "640106001001", IDNo: other}, http.StatusForbidden, false},
			{"the payer himself", shebao.Actor{Name: "zhj", Role: "citizen", Region: "640106001001", IDNo: id}, http.StatusForbidden, false},
			// The land bureau reads land transfers (issue 17), so it sees
			// the queue of their 鉴证 — but no contribution approval.
			{"the land bureau", shebao.Actor{Name: "gtj", Role: "land", Region: "640106000000"}, http.StatusOK, false},
			{"the other town", shebao.Actor{Name: "lt", Role: "town", Region: "640106002000"}, http.StatusOK, false},
			{"the payer's village", shebao.Actor{Name: "wjq", Role: "village", Region: "640106001001"}, http.StatusOK, true},
			{"a district viewer", shebao.Actor{Name: "leader", Role: "viewer", Region: "640106000000"}, http.StatusOK, true},
		} {
			rec, h := page(c.actor)
			body := rec.Body.String()
			if rec.Code != c.status {
				t.Errorf("%s: /approvals %d, want %d", c.name, rec.Code, c.status)
			}
			for _, s := range secrets {
				if strings.Contains(body, s) != c.sees {
					t.Errorf("%s: page shows %q: %v", c.name, s, !c.sees)
				}
			}
			// Deciding the row: refused, and it stays pending.
			if c.actor.Role == "citizen" || c.actor.Role == "land" || c.actor.Role == "town" {
				req := httptest.NewRequest("POST", "/approvals/"+ap.ID+"/approve", strings.NewReader(url.Values{"note": {"x"}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code < 400 {
					t.Errorf("%s decided the refund: %d", c.name, rec.Code)
				}
			}
		}
		if list, err := db.FindApprovals(admin, shebao.ApprovalPending, 10); err != nil || len(list) != 1 {
			t.Errorf("pending after the refused decisions: %d %v", len(list), err)
		}
	})
}

// The duplicate review page lists a pair across two towns only to the
// district (issue 14, item 1): a clerk whose jurisdiction is one of the
// towns sees neither registration.
func TestDuplicatesPageAcrossTowns(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		born := time.Date(1958, 3, 12, 0, 0, 0, 0, time.UTC)
		a, b := demo.IDNumber("640106", born, 21, true), demo.IDNumber("640106", born, 22, true)
		for _, p := range []*shebao.Person{
			{IDNo: a, Name: "马德福", Hukou: "农业", Region: "640106001001"}, // 丰登镇
			{IDNo: b, Name: "马德福", Hukou: "农业", Region: "640106002001"}, // 良田镇
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		if res, err := app.New(db).Registry.ScanDuplicates(admin); err != nil || res.New != 1 {
			t.Fatalf("scan %+v %v", res, err)
		}
		for _, c := range []struct {
			actor shebao.Actor
			sees  bool
		}{
			{shebao.Actor{Name: "fd", Role: "clerk", Region: "640106001000"}, false},
			{shebao.Actor{Name: "lt", Role: "clerk", Region: "640106002000"}, false},
			{shebao.Actor{Name: "qu", Role: "clerk", Region: "640106000000"}, true},
		} {
			h := NewServer(app.New(db), Options{Authenticate: actorAuth(c.actor)}).Handler()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/duplicates", nil))
			if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "马德福") != c.sees ||
				strings.Contains(rec.Body.String(), a) && !c.sees || strings.Contains(rec.Body.String(), b) && !c.sees {
				t.Errorf("%s (%s): /duplicates %d, shows the pair: %v", c.actor.Name, c.actor.Region, rec.Code, !c.sees)
			}
		}
	})
}
