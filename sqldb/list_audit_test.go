package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// listData is what the list tests read: medicalFixture's three persons in
// 魏家桥村 (白秀兰 in 390 with a claim, 马志刚 who left his employer, 田有福
// with a land allowance paid in March 2025 and a flexible payer), 马志强
// of 盈南村 still employed (the employer's bill of 2024-03 has his lines),
// 杨远 of 丰登镇英刘村 (another town) with a 390 enrollment, a claim and a
// land allowance, a land batch of 魏家桥村, and the payroll's release
// waiting for approval.
type listData struct {
	resident, employee, uninsured, worker, far, uscc string
	enrollment, farEnrollment                        string
}

func listFixture(t *testing.T, db *sqldb.DB) listData {
	t.Helper()
	var d listData
	d.resident, d.employee, d.uninsured, d.uscc = medicalFixture(t, db)
	resident, uninsured, uscc := d.resident, d.uninsured, d.uscc
	d.far = demo.IDNumber("640106", time.Date(1956, 6, 6, 0, 0, 0, 0, time.UTC), 49, true)
	if err := db.CreatePerson(admin, person(d.far, "杨远", "640106101201")); err != nil {
		t.Fatal(err)
	}
	farN, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: d.far, Scheme: "390", Date: "2023-12-01", Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	d.farEnrollment = farN.ID
	// Claims of 白秀兰 and 杨远 (390, 2024).
	claim := func(no, id string) shebao.NewClaim {
		return shebao.NewClaim{SettlementNo: no, IDNo: id, Scheme: "390", Hospital: "银川市第一人民医院", Level: 3,
			Admitted: "2024-03-01", Discharged: "2024-03-10", TotalCost: shebao.Yuan(10000), Eligible: shebao.Yuan(10000)}
	}
	if _, errs, err := db.ImportClaims(admin, "c1", []shebao.NewClaim{claim("JS2024-0001", resident), claim("JS2024-0002", d.far)}); err != nil || errs[0] != nil || errs[1] != nil {
		t.Fatalf("claims %v %v", errs, err)
	}
	// The bill of 2024-03 of 马志刚's employer, with one employee still
	// there (马志刚 left: see issue 14, item 13): one line per scheme.
	worker := demo.IDNumber("640106", time.Date(1990, 2, 3, 0, 0, 0, 0, time.UTC), 47, true)
	d.worker = worker
	if err := db.CreatePerson(admin, person(worker, "马志强", "640106100202")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Hire(admin, worker, uscc, "2024-01-01", nil); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := declare(db, admin, "d1", []shebao.Declaration{{Employer: uscc, Period: "2024-03", IDNo: worker,
		Wage: shebao.Yuan(6000)}}); err != nil || errs[0] != nil {
		t.Fatalf("declaration %v %v", errs, err)
	}
	if _, err := assess(db, admin, "2024-03"); err != nil {
		t.Fatal(err)
	}
	// Land allowances of 田有福 and 杨远, paid in March 2025: payments,
	// and the payroll's release waiting in the approval queue.
	allowance := func(id, account string) shebao.NewBenefit {
		return shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitLandAllowance, StartMonth: "2025-01", Monthly: 16000,
			BankAccount: account, Source: "land:test", Explanation: "160.00元/月"}
	}
	if _, err := db.CreateBenefits(admin, []shebao.NewBenefit{allowance(uninsured, "622848000000000001"), allowance(d.far, "622848000000000002")}); err != nil {
		t.Fatal(err)
	}
	if _, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := db.ImportLandBatches(landBureau, "b", []shebao.NewLandBatch{{ApprovalNo: batchA, ApprovedOn: "2025-03-01",
		Region: weijiaqiao, AreaTaken: "450", Farmland: "1200", AgriPopulation: 600}}); err != nil || errs[0] != nil {
		t.Fatalf("batch %v %v", errs, err)
	}
	if err := app.New(db).Collect.RegisterFlexBase(admin, shebao.FlexBase{IDNo: uninsured, From: "2024-01", Base: shebao.Yuan(4800)}); err != nil {
		t.Fatal(err)
	}
	ns, _, err := db.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: resident})
	if err != nil || len(ns) != 1 {
		t.Fatalf("enrollments %v %v", ns, err)
	}
	d.enrollment = ns[0].ID
	return d
}

// Every list or search that returns personal data leaves one audit entry
// per call (issue 14, item 7): its action, the person it names (key), the
// filter, and how many records and persons it returned — also when it
// found nothing, since a look-up by number that finds nobody is a fact
// learnt too.
func TestListReadsAreAudited(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		d := listFixture(t, db)
		a := app.New(db)
		resident, employee, uninsured, uscc := d.resident, d.employee, d.uninsured, d.uscc
		reader := shebao.Actor{Name: "reader", Role: "clerk", Region: "640106000000"}
		ctx := sqldbtest.As(reader)
		seen := 0
		check := func(name, action, key string, rows, persons int, call func() error) {
			t.Helper()
			appended := db.AuditReadsAppended()
			if err := call(); err != nil {
				t.Errorf("%s: %v", name, err)
				return
			}
			// A read outside a unit of work takes no write transaction
			// of its own: its entry goes to the group-committing appender.
			if db.AuditReadsAppended() == appended {
				t.Errorf("%s: the read's audit entry did not go through the appender (audit_append.go)", name)
			}
			es, err := db.FindAudit(admin, shebao.AuditFilter{Actor: reader.Name, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != seen+1 {
				t.Errorf("%s: %d audit entries, want one more than %d", name, len(es), seen)
				seen = len(es)
				return
			}
			seen = len(es)
			e := es[0]
			var after struct {
				Filter  map[string]any `json:"filter"`
				Rows    int            `json:"rows"`
				Persons *int           `json:"persons"`
			}
			json.Unmarshal(e.After, &after)
			if e.Action != action || e.Key != key || after.Rows != rows || persons >= 0 && (after.Persons == nil || *after.Persons != persons) {
				t.Errorf("%s: audit %s key %q after %s; want %s key %q rows %d persons %d", name, e.Action, e.Key, e.After, action, key, rows, persons)
			}
		}
		check("persons of a village", "person.list", "", 3, 3, func() error {
			_, _, err := a.Registry.FindPersons(ctx, shebao.PersonFilter{Region: "640106100201", Limit: 1000})
			return err
		})
		check("person by number", "person.search", resident, 1, 1, func() error {
			_, _, err := a.Registry.FindPersons(ctx, shebao.PersonFilter{IDNo: resident})
			return err
		})
		check("a number nobody has", "person.search", "110101199001011237", 0, 0, func() error {
			_, _, err := a.Registry.FindPersons(ctx, shebao.PersonFilter{IDNo: "110101199001011237"})
			return err
		})
		check("enrollments by number", "enrollment.list", employee, 5, 1, func() error {
			_, _, err := a.Enroll.FindEnrollments(ctx, shebao.EnrollmentFilter{IDNo: employee})
			return err
		})
		check("one enrollment", "enrollment.read", resident, 0, -1, func() error {
			_, err := a.Enroll.FindEnrollment(ctx, d.enrollment)
			return err
		})
		check("employers", "employer.list", "", 1, 0, func() error {
			_, _, err := a.Registry.FindEmployers(ctx, shebao.EmployerFilter{})
			return err
		})
		check("one employer", "employer.read", uscc, 0, -1, func() error {
			_, err := a.Registry.FindEmployer(ctx, uscc)
			return err
		})
		check("a bill with its lines", "bill.read", uscc+"|2024-03", 4, 1, func() error {
			_, err := a.Collect.FindBill(ctx, uscc, "2024-03")
			return err
		})
		check("benefits", "benefit.list", "", 2, 2, func() error {
			_, _, err := a.Benefit.FindBenefits(ctx, shebao.BenefitFilter{})
			return err
		})
		check("payments of a month", "payment.list", "", 2, 2, func() error {
			_, _, err := a.Benefit.FindPayments(ctx, shebao.PaymentFilter{Month: "2025-03"})
			return err
		})
		check("back pays", "backpay.list", "", 0, 0, func() error {
			_, _, err := a.Benefit.FindBackPays(ctx, shebao.BackPayFilter{PayMonth: "2025-03"})
			return err
		})
		check("overpayments", "overpayment.list", "", 0, 0, func() error {
			_, _, _, err := a.Benefit.FindOverpayments(ctx, shebao.OverpaymentFilter{})
			return err
		})
		check("claims of a person", "claim.list", resident, 1, 1, func() error {
			_, _, err := a.Medical.FindClaims(ctx, shebao.ClaimFilter{IDNo: resident})
			return err
		})
		check("a roster", "roster.list", batchA, 0, 0, func() error {
			_, err := a.Land.FindRoster(ctx, batchA)
			return err
		})
		check("the approval queue", "approval.list", shebao.ApprovalPending, 1, -1, func() error {
			_, err := a.Approve.FindApprovals(ctx, "", 100)
			return err
		})
		check("the duplicates queue", "duplicate.list", "", 0, 0, func() error {
			_, err := a.Registry.FindDuplicates(ctx, "", 100)
			return err
		})
		check("a flexible payer's arrears", "flex_arrears.read", uninsured, 0, -1, func() error {
			_, err := a.Collect.FlexArrears(ctx, uninsured, "2024-02-01")
			return err
		})
		check("an individual account", "account.read", employee, 0, -1, func() error {
			_, _, err := a.Ledger.IndividualAccount(ctx, employee, "310")
			return err
		})
	})
}

// Every list and search applies the jurisdiction and the role in the store,
// whatever face asks (issue 14): a town, a village, the land bureau, a
// read-only viewer and a citizen each get only rows of their jurisdiction
// (a citizen: their own records), and a role that may not read an entity
// is refused rather than given a list.
func TestListsScopedInStoreByRole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		d := listFixture(t, db)
		a := app.New(db)
		type row struct{ region, idNo string }
		type probe func(ctx context.Context) ([]row, error)
		rowsOf := func(n int, f func(i int) row) []row {
			out := make([]row, n)
			for i := range out {
				out[i] = f(i)
			}
			return out
		}
		probes := map[string]probe{
			"persons": func(ctx context.Context) ([]row, error) {
				ps, _, err := a.Registry.FindPersons(ctx, shebao.PersonFilter{Limit: 1000})
				return rowsOf(len(ps), func(i int) row { return row{ps[i].Region, ps[i].IDNo} }), err
			},
			"person in another town": func(ctx context.Context) ([]row, error) {
				ps, _, err := a.Registry.FindPersons(ctx, shebao.PersonFilter{IDNo: d.far})
				return rowsOf(len(ps), func(i int) row { return row{ps[i].Region, ps[i].IDNo} }), err
			},
			"enrollments": func(ctx context.Context) ([]row, error) {
				ns, _, err := a.Enroll.FindEnrollments(ctx, shebao.EnrollmentFilter{Limit: 1000})
				return rowsOf(len(ns), func(i int) row { return row{ns[i].Region, ns[i].IDNo} }), err
			},
			"enrollment in another town": func(ctx context.Context) ([]row, error) {
				n, err := a.Enroll.FindEnrollment(ctx, d.farEnrollment)
				if err != nil {
					return nil, err
				}
				return []row{{n.Region, n.IDNo}}, nil
			},
			"employers": func(ctx context.Context) ([]row, error) {
				es, _, err := a.Registry.FindEmployers(ctx, shebao.EmployerFilter{Limit: 1000})
				return rowsOf(len(es), func(i int) row { return row{es[i].Region, ""} }), err
			},
			"bill": func(ctx context.Context) ([]row, error) {
				b, err := a.Collect.FindBill(ctx, d.uscc, "2024-03")
				if err != nil {
					return nil, err
				}
				return []row{{b.Region, ""}}, nil
			},
			"benefits": func(ctx context.Context) ([]row, error) {
				bs, _, err := a.Benefit.FindBenefits(ctx, shebao.BenefitFilter{Limit: 1000})
				return rowsOf(len(bs), func(i int) row { return row{bs[i].Region, bs[i].IDNo} }), err
			},
			"payments": func(ctx context.Context) ([]row, error) {
				ps, _, err := a.Benefit.FindPayments(ctx, shebao.PaymentFilter{Month: "2025-03", Limit: 1000})
				return rowsOf(len(ps), func(i int) row { return row{ps[i].Region, ps[i].IDNo} }), err
			},
			"back pays": func(ctx context.Context) ([]row, error) {
				bs, _, err := a.Benefit.FindBackPays(ctx, shebao.BackPayFilter{Limit: 1000})
				return rowsOf(len(bs), func(i int) row { return row{bs[i].Region, bs[i].IDNo} }), err
			},
			"overpayments": func(ctx context.Context) ([]row, error) {
				os, _, _, err := a.Benefit.FindOverpayments(ctx, shebao.OverpaymentFilter{Limit: 1000})
				return rowsOf(len(os), func(i int) row { return row{os[i].Region, os[i].IDNo} }), err
			},
			"claims": func(ctx context.Context) ([]row, error) {
				cs, _, err := a.Medical.FindClaims(ctx, shebao.ClaimFilter{Limit: 1000})
				return rowsOf(len(cs), func(i int) row { return row{cs[i].Region, cs[i].IDNo} }), err
			},
			"roster": func(ctx context.Context) ([]row, error) {
				ls, err := a.Land.FindRoster(ctx, batchA)
				return rowsOf(len(ls), func(i int) row { return row{ls[i].Region, ls[i].IDNo} }), err
			},
			"approvals": func(ctx context.Context) ([]row, error) {
				as, err := a.Approve.FindApprovals(ctx, "", 1000)
				return rowsOf(len(as), func(i int) row { return row{as[i].Region, ""} }), err
			},
			"duplicates": func(ctx context.Context) ([]row, error) {
				cs, err := a.Registry.FindDuplicates(ctx, "", 1000)
				return rowsOf(len(cs), func(i int) row { return row{cs[i].A.Region, cs[i].A.IDNo} }), err
			},
		}
		const (
			ok        = ""
			forbidden = shebao.EFORBIDDEN
			notFound  = shebao.ENOTFOUND
		)
		roles := []struct {
			name   string
			actor  shebao.Actor
			prefix string            // every row's region starts with it
			want   map[string]string // probe → error code; absent: ok
		}{
			{"town 良田镇", shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"}, "640106100",
				map[string]string{"enrollment in another town": notFound, "duplicates": forbidden}},
			{"village 魏家桥村", shebao.Actor{Name: "wjq", Role: "village", Region: weijiaqiao}, weijiaqiao,
				map[string]string{"enrollment in another town": notFound, "bill": ok, "duplicates": forbidden}},
			{"land bureau", shebao.Actor{Name: "gtj", Role: "land", Region: "640106000000"}, "640106",
				map[string]string{"persons": forbidden, "person in another town": forbidden, "enrollments": forbidden,
					"enrollment in another town": forbidden, "employers": forbidden, "bill": forbidden, "benefits": forbidden,
					"payments": forbidden, "back pays": forbidden, "overpayments": forbidden, "claims": forbidden,
					"duplicates": forbidden}}, // approvals: the land bureau reads transfers, so it lists their approvals (none here)
			{"viewer", shebao.Actor{Name: "leader", Role: "viewer", Region: "640106000000"}, "640106", nil},
			{"citizen 白秀兰", shebao.Actor{Name: "bxl", Role: "citizen", Region: weijiaqiao, IDNo: d.resident}, weijiaqiao,
				map[string]string{"enrollment in another town": notFound, "employers": forbidden, "bill": notFound,
					"roster": forbidden, "approvals": forbidden, "duplicates": forbidden}},
		}
		for _, r := range roles {
			ctx := sqldbtest.As(r.actor)
			for name, p := range probes {
				rows, err := p(ctx)
				want := r.want[name]
				if got := shebao.ErrorCode(err); err != nil && got != want || err == nil && want != ok {
					t.Errorf("%s, %s: error %v, want %q", r.name, name, err, want)
					continue
				}
				for _, x := range rows {
					if !strings.HasPrefix(x.region, r.prefix) {
						t.Errorf("%s, %s: a row of region %s outside %s", r.name, name, x.region, r.prefix)
					}
					if r.actor.Role == "citizen" && x.idNo != "" && x.idNo != d.resident {
						t.Errorf("%s, %s: another person's row %s", r.name, name, x.idNo)
					}
				}
				if r.actor.Role == "citizen" && err == nil && (name == "persons" || name == "enrollments" || name == "claims") && len(rows) == 0 {
					t.Errorf("%s, %s: her own records are missing", r.name, name)
				}
			}
		}
		// The district sees the other town's records the others may not.
		viewer := sqldbtest.As(roles[3].actor)
		for _, name := range []string{"person in another town", "enrollment in another town", "payments", "claims"} {
			rows, err := probes[name](viewer)
			far := false
			for _, x := range rows {
				far = far || x.idNo == d.far
			}
			if err != nil || !far {
				t.Errorf("viewer, %s: %v, 杨远 listed %v", name, err, far)
			}
		}
	})
}
