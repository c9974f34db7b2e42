package report_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// another opens a fresh, migrated database on the engine of db.
func another(t *testing.T, db *sqldb.DB) *app.App {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "other.db")
	if db.Dialect == sqldb.Postgres {
		dsn = sqldbtest.PostgresDSN(t)
	}
	o, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	return app.New(o)
}

const (
	city = "640100000000" // 银川市
	xq   = "640104000000" // 兴庆区
)

// saveRegions stores regions, parents first.
func saveRegions(t *testing.T, a *app.App, rs ...shebao.Region) {
	t.Helper()
	for _, r := range rs {
		r := r
		if _, err := a.Registry.SaveRegion(admin, &r); err != nil {
			t.Fatalf("region %s: %v", r.Code, err)
		}
	}
}

var upper = []shebao.Region{{Code: demo.Province, Name: "宁夏回族自治区"}, {Code: demo.City, Name: "银川市"}}

// buildXingqing is the second district, 兴庆区, with three persons of one
// village, the clock on 2026-07-15:
//
//	H 1970 ♂ 农业  390 for 2026 from 2026-01-01, paid 2026-06-10 (individual 400.00, subsidy 670.00);
//	               a stay at level 1 discharged 2026-06-12, eligible 3100.00: (3100 − 100) × 85% = 2550.00
//	J 1988 ♀ 农业  390 for 2026 from 2026-06-20 (a new enrollment in June)
//	K 1950 ♂ 农业  170 from 2012-01-01, 享受待遇 from 2015-02-01
//
// so that on 2026-06-30 兴庆区 has 390: 2 contributing, 170: 1 receiving;
// on 2026-06-15 390: 1.
func buildXingqing(t *testing.T, a *app.App) {
	t.Helper()
	saveRegions(t, a, append(upper, shebao.Region{Code: xq, Name: "兴庆区"}, shebao.Region{Code: "640104001000", Name: "凤凰北街街道"},
		shebao.Region{Code: "640104001001", Name: "丽景村"})...)
	ids := map[string]string{
		"H": demo.IDNumber("640104", date(1970, 4, 4), 21, true),
		"J": demo.IDNumber("640104", date(1988, 8, 8), 22, false),
		"K": demo.IDNumber("640104", date(1950, 5, 5), 23, true),
	}
	for who, name := range map[string]string{"H": "马八", "J": "杨九", "K": "周十"} {
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: ids[who], Name: name, Hukou: "农业", Region: "640104001001"}); err != nil {
			t.Fatalf("person %s: %v", who, err)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: ids["H"], Scheme: "390", Date: "2026-01-01", Year: 2026})
	must(err)
	_, err = a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: ids["J"], Scheme: "390", Date: "2026-06-20", Year: 2026})
	must(err)
	k, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: ids["K"], Scheme: "170", Date: "2012-01-01"})
	must(err)
	_, err = a.Enroll.ChangeEnrollment(admin, k.ID, shebao.ChangeRequest{Action: shebao.ActStartBenefit, Date: "2015-02-01"})
	must(err)
	_, _, err = a.Collect.RecordResidentContribution(admin, shebao.ResidentContribution{ReceiptNo: "XQ-1", IDNo: ids["H"], Scheme: "390", Year: 2026, PaidOn: "2026-06-10"})
	must(err)
	_, errs, err := a.Medical.ImportClaims(admin, "claims", []shebao.NewClaim{{SettlementNo: "XQ-JS-1", IDNo: ids["H"], Scheme: "390",
		Hospital: "兴庆区人民医院", Level: 1, Admitted: "2026-06-12", Discharged: "2026-06-12", TotalCost: shebao.Yuan(5000), Eligible: shebao.Yuan(3100)}})
	must(err)
	for _, e := range errs {
		must(e)
	}
}

// keys makes a key pair and registers its public key for the region in
// the city.
func keys(t *testing.T, c *app.App, region string) []byte {
	t.Helper()
	priv, pub, err := report.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Report.Trust(admin, region, pub); err != nil {
		t.Fatalf("trust %s: %v", region, err)
	}
	return priv
}

func export(t *testing.T, a *app.App, region, month string, privPEM []byte) []byte {
	t.Helper()
	priv, err := report.ParsePrivateKey(privPEM)
	if err != nil {
		t.Fatal(err)
	}
	f, err := a.Report.Export(admin, region, month, priv)
	if err != nil {
		t.Fatalf("export %s %s: %v", region, month, err)
	}
	return f
}

// cityOf builds the city instance: the province, the city and its two
// districts (no records), with both districts' keys registered; it
// returns the private keys of 金凤区 and 兴庆区.
func cityOf(t *testing.T, db *sqldb.DB) (*app.App, []byte, []byte) {
	c := another(t, db)
	saveRegions(t, c, append(upper, shebao.Region{Code: district, Name: "金凤区"}, shebao.Region{Code: xq, Name: "兴庆区"})...)
	return c, keys(t, c, district), keys(t, c, xq)
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestUpwardCityEqualsDistricts: two districts, each with its own
// database and data (金凤区: the constructed district of
// TestIndicatorsByHand; 兴庆区: buildXingqing), export June 2026; a third
// database, the city, imports both, and its figures for the city are the
// sums of the districts' own, for the month's last day, a day inside it,
// the month's flows and the year so far; its figures for a district and
// a town are the district's own.
func TestUpwardCityEqualsDistricts(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		jf := build(t, db).a
		xqa := another(t, db)
		buildXingqing(t, xqa)
		c, kj, kx := cityOf(t, db)
		for _, f := range [][]byte{export(t, jf, district, "2026-06", kj), export(t, xqa, xq, "2026-06", kx)} {
			got, err := c.Report.Import(admin, f)
			if err != nil || !got.Created {
				t.Fatalf("import: %+v %v", got, err)
			}
		}
		// The city's own counters are still empty and consistent: rebuild
		// and verify see only its own records.
		if diffs, err := c.Report.VerifyCounters(admin, 10); err != nil || len(diffs) != 0 {
			t.Fatalf("verify: %v %v", diffs, err)
		}

		for _, sp := range []report.Span{{From: "2026-06-01", To: "2026-06-30"}, {From: "2026-01-01", To: "2026-06-30"},
			{From: "2026-06-01", To: "2026-06-15"}, {From: "2026-03-01", To: "2026-06-30"}} {
			// Insured: per scheme, the sum of the districts'.
			ci, err := c.Report.Insured(admin, city, sp)
			if err != nil {
				t.Fatal(err)
			}
			ji, _ := jf.Report.Insured(admin, district, sp)
			xi, _ := xqa.Report.Insured(admin, xq, sp)
			for _, s := range shebao.Schemes {
				a, b, g := ji.Scheme(s.Code), xi.Scheme(s.Code), ci.Scheme(s.Code)
				if g.Active != a.Active+b.Active || g.Retired != a.Retired+b.Retired || g.Total != a.Total+b.Total {
					t.Errorf("%v insured %s: city %+v, districts %+v + %+v", sp, s.Code, g.InsuredCounts, a.InsuredCounts, b.InsuredCounts)
				}
			}
			// Enrollments, contributions, benefits, subsidies.
			ce, _ := c.Report.Enrollments(admin, city, sp)
			je, _ := jf.Report.Enrollments(admin, district, sp)
			xe, _ := xqa.Report.Enrollments(admin, xq, sp)
			for i := range ce.Schemes {
				g, a, b := ce.Schemes[i], je.Schemes[i], xe.Schemes[i]
				if g.Opening != a.Opening+b.Opening || g.New != a.New+b.New || g.Stopped != a.Stopped+b.Stopped ||
					g.Retired != a.Retired+b.Retired || g.Closing != a.Closing+b.Closing {
					t.Errorf("%v enrollments %s: city %+v, districts %+v + %+v", sp, g.Scheme, g, a, b)
				}
			}
			cc, _ := c.Report.Contributions(admin, city, sp)
			jc, _ := jf.Report.Contributions(admin, district, sp)
			xc, _ := xqa.Report.Contributions(admin, xq, sp)
			if cc.Assessed != jc.Assessed+xc.Assessed || cc.Collected != jc.Collected+xc.Collected ||
				cc.Arrears != jc.Arrears+xc.Arrears || cc.ArrearsBefore != jc.ArrearsBefore+xc.ArrearsBefore {
				t.Errorf("%v contributions: city %+v, districts %+v + %+v", sp, cc.ContributionFigures, jc.ContributionFigures, xc.ContributionFigures)
			}
			cb, _ := c.Report.Benefits(admin, city, sp)
			jb, _ := jf.Report.Benefits(admin, district, sp)
			xb, _ := xqa.Report.Benefits(admin, xq, sp)
			for i := range cb.Kinds {
				g, a, b := cb.Kinds[i], jb.Kinds[i], xb.Kinds[i]
				if g.Payments != a.Payments+b.Payments || g.Beneficiaries != a.Beneficiaries+b.Beneficiaries ||
					g.Amount != a.Amount+b.Amount || g.BackPay != a.BackPay+b.BackPay {
					t.Errorf("%v benefits %s: city %+v, districts %+v + %+v", sp, g.Kind, g, a, b)
				}
			}
			cs, _ := c.Report.Subsidies(admin, city, sp)
			js, _ := jf.Report.Subsidies(admin, district, sp)
			xs, _ := xqa.Report.Subsidies(admin, xq, sp)
			if cs.Government != js.Government+xs.Government || cs.Collective != js.Collective+xs.Collective {
				t.Errorf("%v subsidies: city %d/%d, districts %d/%d + %d/%d", sp, cs.Government, cs.Collective, js.Government, js.Collective, xs.Government, xs.Collective)
			}
			cm, err := c.Report.Medical(admin, city, sp.From[:7], sp.To[:7])
			if err != nil {
				t.Fatal(err)
			}
			jm, _ := jf.Report.Medical(admin, district, sp.From[:7], sp.To[:7])
			xm, _ := xqa.Report.Medical(admin, xq, sp.From[:7], sp.To[:7])
			if g, a, b := medicalFund(cm), medicalFund(jm), medicalFund(xm); g != a+b {
				t.Errorf("%v medical fund: city %d, districts %d + %d", sp, g, a, b)
			}
			// Persons, insured and pension coverage of the day.
			cst, _ := c.Report.StatsAt(admin, city, sp.To)
			jst, _ := jf.Report.StatsAt(admin, district, sp.To)
			xst, _ := xqa.Report.StatsAt(admin, xq, sp.To)
			g, a, b := cst.Coverage, jst.Coverage, xst.Coverage
			if g.Persons != a.Persons+b.Persons || g.Deceased != a.Deceased+b.Deceased || g.Insured != a.Insured+b.Insured ||
				g.Adults != a.Adults+b.Adults || g.Pension != a.Pension+b.Pension {
				t.Errorf("%v coverage: city %+v, districts %+v + %+v", sp, g, a, b)
			}
			// A district and a town read in the city are the district's own.
			for _, r := range []string{district, "640106001000", "640106101000"} {
				for kind, get := range map[string]func(a *app.App) (any, error){
					"insured":       func(a *app.App) (any, error) { return a.Report.Insured(admin, r, sp) },
					"enrollments":   func(a *app.App) (any, error) { return a.Report.Enrollments(admin, r, sp) },
					"contributions": func(a *app.App) (any, error) { return a.Report.Contributions(admin, r, sp) },
					"benefits":      func(a *app.App) (any, error) { return a.Report.Benefits(admin, r, sp) },
					"subsidies":     func(a *app.App) (any, error) { return a.Report.Subsidies(admin, r, sp) },
					"medical":       func(a *app.App) (any, error) { return a.Report.Medical(admin, r, sp.From[:7], sp.To[:7]) },
					"trend":         func(a *app.App) (any, error) { return a.Report.Trend(admin, r, "active:390", sp) },
					"coverage":      func(a *app.App) (any, error) { return a.Report.Trend(admin, r, "coverage", sp) },
					"stats": func(a *app.App) (any, error) {
						st, err := a.Report.StatsAt(admin, r, sp.To)
						if err == nil {
							st.Employers = 0 // the district counts its employers of today, the city those of the month end submitted (a day inside June: none)
						}
						return st, err
					},
				} {
					want, err := get(jf)
					if err != nil {
						t.Fatal(err)
					}
					got, err := get(c)
					if err != nil {
						t.Fatal(err)
					}
					if w, g := jsonOf(t, want), jsonOf(t, got); w != g {
						t.Errorf("%v %s of %s: city\n%s\ndistrict\n%s", sp, kind, r, g, w)
					}
				}
			}
		}
		// Anchors worked out by hand: on 2026-06-30 the city's 390 has
		// 金凤区's 3 (C, D, E; TestIndicatorsByHand) and 兴庆区's 2 (H, J)
		// contributing; on 2026-06-15 兴庆区's J has not joined: 3 + 1.
		// June's new 390 enrollments: J only. June's medical fund in 兴庆区
		// 2550.00, in 金凤区 JS-3's 850.00.
		for _, c0 := range []struct {
			day  string
			want int64
		}{{"2026-06-30", 5}, {"2026-06-15", 4}} {
			in, _ := c.Report.Insured(admin, city, report.Span{From: "2026-01-01", To: c0.day})
			if got := in.Scheme("390").Active; got != c0.want {
				t.Errorf("city 390 on %s = %d, want %d", c0.day, got, c0.want)
			}
		}
		en, _ := c.Report.Enrollments(admin, city, report.Span{From: "2026-06-01", To: "2026-06-30"})
		for _, s := range en.Schemes {
			if s.Scheme == "390" && s.New != 1 {
				t.Errorf("city new 390 in June = %d, want 1", s.New)
			}
		}
		tr, err := c.Report.Trend(admin, city, "active:390", report.Span{From: "2026-01-01", To: "2026-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		// 390 contributing at each month's end: 金凤区 3 from January (C, D, E
		// for 2026), 兴庆区 H from January and J from June.
		want := []int64{4, 4, 4, 4, 4, 5}
		for i, m := range tr.Months {
			if m.Num != want[i] {
				t.Errorf("trend %s = %d, want %d", m.Month, m.Num, want[i])
			}
		}
	})
}

// medicalFund is what the pooled funds paid in a medical report.
func medicalFund(m *shebao.MedicalReport) shebao.Money {
	var n shebao.Money
	for _, s := range m.Schemes {
		n += s.Reimbursed
	}
	return n
}

// TestUpwardRefusals: a file is refused when no key is registered for its
// region, when it was signed by another key, when its content was changed
// after signing, when its region is not below the importer's
// jurisdiction, and when the importer keeps the region's records itself;
// nothing is kept of a refused file. Every import is audited.
func TestUpwardRefusals(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		jf := build(t, db).a
		c := another(t, db)
		saveRegions(t, c, append(upper, shebao.Region{Code: district, Name: "金凤区"}, shebao.Region{Code: xq, Name: "兴庆区"})...)
		priv, _, _ := report.GenerateKeys()
		file := export(t, jf, district, "2026-06", priv)
		refused := func(name string, ctx context.Context, f []byte, want string) {
			t.Helper()
			_, err := c.Report.Import(ctx, f)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v, want an error with %q", name, err, want)
			}
		}
		refused("no key", admin, file, "尚未登记上报公钥")
		other := keys(t, c, district) // a key, but not the one that signed
		_ = other
		refused("wrong key", admin, file, "不是用区划640106000000登记的公钥")
		keys(t, c, xq)
		_, pub := mustKeys(t, priv)
		if _, _, err := c.Report.Trust(admin, district, pub); err != nil {
			t.Fatal(err)
		}
		// Tampered: 良田镇's persons born before 2026 (a base row) one more.
		var f map[string]any
		if err := json.Unmarshal(file, &f); err != nil {
			t.Fatal(err)
		}
		base := f["blocks"].([]any)[0].(map[string]any)["base"].([]any)
		row := base[0].(map[string]any)
		row["n"] = row["n"].(float64) + 1
		tampered, _ := json.Marshal(f)
		refused("tampered", admin, tampered, "签名校验失败")
		refused("not json", admin, []byte("PK\x03\x04"), "不是有效的统计上报文件")
		// A district's own clerk, an administrator of another city: not below.
		refused("same level", sqldbtest.As(shebao.Actor{Name: "jf", Role: shebao.RoleAdmin, Region: district}), file, "不在本级的下级管辖范围内")
		refused("outside", sqldbtest.As(shebao.Actor{Name: "sz", Role: shebao.RoleAdmin, Region: "640200000000"}), file, "不存在")
		refused("viewer", sqldbtest.As(shebao.Actor{Name: "v", Role: shebao.RoleViewer, Region: city}), file, "无权")
		if subs, err := c.Report.Submissions(admin, "", ""); err != nil || len(subs) != 0 {
			t.Fatalf("refused files kept: %v %v", subs, err)
		}
		// The city keeping 金凤区's records itself would count them twice.
		own := another(t, db)
		sqldbtest.SeedRegions(t, own)
		if err := own.Registry.CreatePerson(admin, &shebao.Person{IDNo: demo.IDNumber("640106", date(1970, 1, 1), 31, true), Name: "吴一",
			Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := own.Report.Trust(admin, district, pub); err != nil {
			t.Fatal(err)
		}
		if _, err := own.Report.Import(admin, file); err == nil || !strings.Contains(err.Error(), "重复计算") {
			t.Errorf("own records: %v", err)
		}
		// Accepted, and audited.
		got, err := c.Report.Import(sqldbtest.As(shebao.Actor{Name: "city", Role: shebao.RoleAdmin, Region: city}), file)
		if err != nil || !got.Created || got.Submission.ReceivedBy != "city" {
			t.Fatalf("import: %+v %v", got, err)
		}
		es, err := c.Audit.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityStats})
		if err != nil {
			t.Fatal(err)
		}
		var imports, trusts int
		for _, e := range es {
			switch e.Action {
			case "stats.import":
				imports++
			case "stats.trust":
				trusts++
			}
		}
		if imports != 1 || trusts != 3 {
			t.Errorf("audit: %d imports, %d trusts; want 1 and 3", imports, trusts)
		}
	})
}

// mustKeys returns the private key and its public key as PEM.
func mustKeys(t *testing.T, privPEM []byte) ([]byte, []byte) {
	t.Helper()
	k, err := report.ParsePrivateKey(privPEM)
	if err != nil {
		t.Fatal(err)
	}
	return privPEM, report.PublicPEM(k)
}

// TestUpwardResubmission: a month submitted again replaces the earlier
// submission, which is kept as history; a file received before changes
// nothing; a file exported before the one in force is refused.
func TestUpwardResubmission(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := build(t, db)
		c, kj, _ := cityOf(t, db)
		first := export(t, f.a, district, "2026-06", kj)
		if _, err := c.Report.Import(admin, first); err != nil {
			t.Fatal(err)
		}
		// A late registration in 金凤区: G's 390 for 2026, paid 2026-06-25
		// (individual 400.00 + government subsidy 670.00).
		if _, err := f.a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: f.ids["G"], Scheme: "390", Date: "2026-06-25", Year: 2026}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.a.Collect.RecordResidentContribution(admin, shebao.ResidentContribution{ReceiptNo: "R-9", IDNo: f.ids["G"],
			Scheme: "390", Year: 2026, PaidOn: "2026-06-25"}); err != nil {
			t.Fatal(err)
		}
		old := shebao.Now
		shebao.Now = func() time.Time { return old().Add(30 * time.Minute) }
		stale := export(t, f.a, district, "2026-06", kj) // exported, not sent until after the next
		shebao.Now = func() time.Time { return old().Add(time.Hour) }
		second := export(t, f.a, district, "2026-06", kj)
		got, err := c.Report.Import(admin, second)
		if err != nil || !got.Created {
			t.Fatalf("resubmission: %+v %v", got, err)
		}
		subs, err := c.Report.Submissions(admin, district, "2026-06")
		if err != nil || len(subs) != 2 {
			t.Fatalf("submissions: %+v %v", subs, err)
		}
		if subs[0].SupersededBy != subs[1].Digest || subs[1].SupersededBy != "" {
			t.Errorf("history: %+v", subs)
		}
		// The city now reads the second: 390 contributing on 2026-06-30 is
		// C, D, E and G = 4; the subsidies of June 670.00.
		sp := report.Span{From: "2026-06-01", To: "2026-06-30"}
		in, _ := c.Report.Insured(admin, city, sp)
		if n := in.Scheme("390").Active; n != 4 {
			t.Errorf("390 after resubmission = %d, want 4", n)
		}
		sub, _ := c.Report.Subsidies(admin, city, sp)
		if sub.Government != shebao.Yuan(670) {
			t.Errorf("June's subsidies = %d, want 670.00", sub.Government)
		}
		again, err := c.Report.Import(admin, second)
		if err != nil || again.Created {
			t.Errorf("same file again: %+v %v", again, err)
		}
		if again, err := c.Report.Import(admin, first); err != nil || again.Created || again.Submission.SupersededBy != subs[1].Digest {
			t.Errorf("the first file again: %+v %v", again, err)
		}
		if _, err := c.Report.Import(admin, stale); err == nil || !strings.Contains(err.Error(), "不予替换") {
			t.Errorf("an earlier export after the later: %v", err)
		}
		if subs, _ := c.Report.Submissions(admin, "", ""); len(subs) != 2 {
			t.Errorf("submissions after the repeats: %d", len(subs))
		}
	})
}
