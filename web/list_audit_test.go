package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The reads the outside review named (issue 14, item 7) each leave one
// audit entry per request, naming the query (the person it names, the
// filter) and how many records and persons it returned: the persons of a
// region (limit 1000), a person by number, enrollments by number, one
// enrollment, an employer's bill and a person's benefits.
func TestListReadsAuditedThroughAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		emp, _ := marchBill(t, db)
		id := validID(t, "64010619700101021")
		if _, err := db.CreateBenefits(admin, []shebao.NewBenefit{{IDNo: id, Kind: shebao.BenefitLandAllowance, StartMonth: "2025-01",
			Monthly: 16000, BankAccount: "622848000000000009", Source: "land:test", Explanation: "160.00元/月"}}); err != nil {
			t.Fatal(err)
		}
		ns, _, err := db.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: id})
		if err != nil || len(ns) == 0 {
			t.Fatalf("enrollments %v %v", ns, err)
		}
		reader := shebao.Actor{Name: "reader", Role: "clerk", Region: "640106000000"}
		h := NewServer(app.New(db), Options{Authenticate: actorAuth(reader)}).Handler()
		seen := 0
		for _, c := range []struct {
			url, action, key string
			rows, persons    int
			filter           string // a fragment of the entry's filter
		}{
			{"/api/v1/persons?region=640106000000&limit=1000", "person.list", "", 1, 1, `"limit":1000`},
			{"/api/v1/persons?id_no=" + id, "person.search", id, 1, 1, `"id_no":"` + id + `"`},
			{"/api/v1/enrollments?id_no=" + id, "enrollment.list", id, len(ns), 1, `"id_no":"` + id + `"`},
			{"/api/v1/enrollments/" + ns[0].ID, "enrollment.read", id, 0, -1, ""},
			{"/api/v1/contributions/bills/" + emp + "/2025-03", "bill.read", emp + "|2025-03", 4, 1, `"period":"2025-03"`},
			{"/api/v1/benefits?id_no=" + id, "benefit.list", id, 1, 1, `"id_no":"` + id + `"`},
		} {
			rec := scenario{Name: c.url, Method: "GET", URL: c.url, ExpectedStatus: http.StatusOK}.test(t, h)
			if rec.Code != http.StatusOK {
				continue
			}
			es, err := db.FindAudit(admin, shebao.AuditFilter{Actor: reader.Name, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != seen+1 {
				t.Errorf("%s: %d audit entries, want %d", c.url, len(es), seen+1)
				seen = len(es)
				continue
			}
			seen = len(es)
			var after struct {
				Filter  json.RawMessage `json:"filter"`
				Rows    int             `json:"rows"`
				Persons *int            `json:"persons"`
			}
			json.Unmarshal(es[0].After, &after)
			if e := es[0]; e.Action != c.action || e.Key != c.key || c.persons >= 0 && (after.Rows != c.rows || after.Persons == nil ||
				*after.Persons != c.persons) || !strings.Contains(string(after.Filter), c.filter) {
				t.Errorf("%s: audit %s key %q after %s; want %s key %q rows %d persons %d filter %s", c.url, e.Action, e.Key, e.After,
					c.action, c.key, c.rows, c.persons, c.filter)
			}
		}
	})
}
