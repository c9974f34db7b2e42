package report_test

import (
	"encoding/json"
	"fmt"
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

var admin = sqldbtest.Admin()

// The constructed district: seven persons of 金凤区 whose every figure is
// worked out by hand below, through the services' own operations, with
// the clock on 2026-07-15.
//
//	A 1960 ♂ 农业   魏家桥村 (良田镇)    增员 2015-01-01 at E1 (110 210 310 410 510);
//	                                     110 享受待遇 from 2025-04-01; pension 3000.00/month from 2026-01, paid Jan–Jun
//	B 1985 ♀ 非农业 盈南村 (良田镇)      增员 2024-03-01 at E1; 减员 2026-03-31 (暂停缴费, still open)
//	C 1950 ♂ 农业   英刘村 (丰登镇)      170 from 2012-01-01, 享受待遇 from 2013-02-01; 390 for 2026
//	D 1990 ♀ 居民   英刘村 (丰登镇)      170 from 2016-01-01, terminated 2025-12-31; 390 for 2026
//	E 2012 ♂ 农业   东门社区 (满城北街)  390 for 2025 (ended 2025-12-31), 390 for 2026 — a child
//	F 1940 ♀ 农业   西街村 (丰登镇)      170 from 2010-01-01, 享受待遇 the same day; died 2026-02-10, 170 left open
//	G 1980 ♂ 非农业 东门社区 (满城北街)  灵活就业 base 6000.00 from 2026-01 (no enrollment)
//
// The two days compared: D1 = 2025-06-30 and D2 = 2026-06-30.
type fixture struct {
	a   *app.App
	db  *sqldb.DB
	ids map[string]string
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func build(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	a := app.New(db)
	sqldbtest.SeedRegions(t, a)
	f := &fixture{a: a, db: db, ids: map[string]string{
		"A": demo.IDNumber("640106", date(1960, 3, 10), 11, true),
		"B": demo.IDNumber("640106", date(1985, 6, 1), 12, false),
		"C": demo.IDNumber("640106", date(1950, 1, 20), 13, true),
		"D": demo.IDNumber("640106", date(1990, 9, 9), 14, false),
		"E": demo.IDNumber("640106", date(2012, 5, 5), 15, true),
		"F": demo.IDNumber("640106", date(1940, 11, 11), 16, false),
		"G": demo.IDNumber("640106", date(1980, 2, 2), 17, true),
	}}
	for _, p := range []struct{ who, name, hukou, region string }{
		{"A", "王一", "农业", "640106100201"}, {"B", "李二", "非农业", "640106100202"}, {"C", "张三", "农业", "640106101201"},
		{"D", "赵四", "居民", "640106101201"}, {"E", "刘五", "农业", "640106001001"}, {"F", "陈六", "农业", "640106101202"},
		{"G", "孙七", "非农业", "640106001001"},
	} {
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: f.ids[p.who], Name: p.name, Hukou: p.hukou, Region: p.region}); err != nil {
			t.Fatalf("person %s: %v", p.who, err)
		}
	}
	emp := &shebao.Employer{USCC: demo.USCC("640106", 7), Name: "金凤建材有限公司", RiskClass: 3, Region: "640106100201"}
	if err := a.Registry.CreateEmployer(admin, emp); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	enroll := func(who, scheme, day string, year int) *shebao.Enrollment {
		t.Helper()
		n, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: f.ids[who], Scheme: scheme, Date: day, Year: year})
		if err != nil {
			t.Fatalf("enroll %s %s: %v", who, scheme, err)
		}
		return n
	}
	change := func(n *shebao.Enrollment, action, day, reason string) {
		t.Helper()
		if _, err := a.Enroll.ChangeEnrollment(admin, n.ID, shebao.ChangeRequest{Action: action, Date: day, Reason: reason}); err != nil {
			t.Fatalf("%s %s: %v", action, n.ID, err)
		}
	}
	hired, err := a.Enroll.Hire(admin, f.ids["A"], emp.USCC, "2015-01-01", nil)
	must(err)
	for _, n := range hired {
		if n.Scheme == "110" {
			change(n, shebao.ActStartBenefit, "2025-04-01", "退休")
		}
	}
	_, err = a.Enroll.Hire(admin, f.ids["B"], emp.USCC, "2024-03-01", nil)
	must(err)
	_, err = a.Enroll.Leave(admin, f.ids["B"], emp.USCC, "2026-03-31", "解除劳动合同")
	must(err)
	change(enroll("C", "170", "2012-01-01", 0), shebao.ActStartBenefit, "2013-02-01", "")
	enroll("C", "390", "2026-01-01", 2026)
	change(enroll("D", "170", "2016-01-01", 0), shebao.ActTerminate, "2025-12-31", shebao.EndEmigrated)
	enroll("D", "390", "2026-01-01", 2026)
	change(enroll("E", "390", "2025-01-01", 2025), shebao.ActTerminate, "2025-12-31", shebao.EndExpired)
	enroll("E", "390", "2026-01-01", 2026)
	change(enroll("F", "170", "2010-01-01", 0), shebao.ActStartBenefit, "2010-01-01", "")
	dead, deathDate := shebao.StatusDeceased, "2026-02-10"
	_, err = db.UpdatePerson(admin, f.ids["F"], shebao.PersonUpdate{Status: &dead, DeathDate: &deathDate, Reason: "死亡登记"})
	must(err)

	// Medical claims, reimbursed by the default policy (per stay):
	//   390 level 1: (eligible − 100) × 85%; level 2: (eligible − 400) × 75%;
	//   310 level 3: (eligible − 800) × 80%.
	claim := func(no, who, scheme string, level int, discharged string, total, eligible int64) shebao.NewClaim {
		return shebao.NewClaim{SettlementNo: no, IDNo: f.ids[who], Scheme: scheme, Hospital: "金凤区人民医院", Level: level,
			Admitted: discharged, Discharged: discharged, TotalCost: shebao.Yuan(total), Eligible: shebao.Yuan(eligible)}
	}
	_, errs, err := a.Medical.ImportClaims(admin, "claims", []shebao.NewClaim{
		claim("JS-1", "C", "390", 1, "2026-03-10", 10000, 8000),  // (8000 − 100) × 85% = 6715.00
		claim("JS-2", "D", "390", 2, "2026-05-20", 5000, 4400),   // (4400 − 400) × 75% = 3000.00
		claim("JS-3", "C", "390", 1, "2026-06-05", 2000, 1100),   // (1100 − 100) × 85% = 850.00
		claim("JS-4", "A", "310", 3, "2026-04-15", 20000, 16800), // (16800 − 800) × 80% = 12800.00
		claim("JS-5", "E", "390", 2, "2025-11-20", 3000, 2400),   // (2400 − 400) × 75% = 1500.00
	})
	must(err)
	for i, e := range errs {
		if e != nil {
			t.Fatalf("claim %d: %v", i, e)
		}
	}

	// Residents' contributions: D's 170 for 2025 at the 500 tier (subsidy
	// 60.00, collective 50.00); the 390 of 2026 for C, D and E (individual
	// 400.00, subsidy 670.00 each).
	for _, c := range []shebao.ResidentContribution{
		{ReceiptNo: "R-1", IDNo: f.ids["D"], Scheme: "170", Year: 2025, Tier: shebao.Yuan(500), PaidOn: "2025-03-15"},
		{ReceiptNo: "R-2", IDNo: f.ids["C"], Scheme: "390", Year: 2026, PaidOn: "2026-01-05"},
		{ReceiptNo: "R-3", IDNo: f.ids["D"], Scheme: "390", Year: 2026, PaidOn: "2026-01-06"},
		{ReceiptNo: "R-4", IDNo: f.ids["E"], Scheme: "390", Year: 2026, PaidOn: "2026-01-07"},
	} {
		if _, _, err := a.Collect.RecordResidentContribution(admin, c); err != nil {
			t.Fatalf("resident contribution %s: %v", c.ReceiptNo, err)
		}
	}

	// G's flexible employment: base 6000.00 × 20% = 1200.00 a month, due
	// on the month's last day; January to March assessed (3600.00), and
	// 2000.00 paid on 2026-01-20: January's 1200.00 in full, 800.00 of
	// February's (oldest first).
	must(a.Collect.RegisterFlexBase(admin, shebao.FlexBase{IDNo: f.ids["G"], From: "2026-01", Base: shebao.Yuan(6000)}))
	for _, m := range []shebao.Period{"2026-01", "2026-02", "2026-03"} {
		_, err := a.Collect.AssessFlex(admin, m)
		must(err)
	}
	_, err = a.Collect.RecordFlexPayment(admin, "FX-1", f.ids["G"], shebao.Yuan(2000), "2026-01-20")
	must(err)

	// A's pension of 3000.00 a month from 2026-01, paid January to June.
	_, err = a.Benefit.CreateBenefits(admin, []shebao.NewBenefit{{IDNo: f.ids["A"], Kind: shebao.BenefitPension, StartMonth: "2026-01",
		Monthly: shebao.Yuan(3000), Explanation: "测试", Source: "test:A"}})
	must(err)
	for m := 1; m <= 6; m++ {
		_, err := a.Benefit.RunPayroll(admin, fmt.Sprintf("2026-%02d", m), shebao.PayrollOptions{})
		must(err)
	}

	// Denominators: 170 for 丰登镇 (4) and 良田镇 (3) — 金凤区 has none of
	// its own, so 7 — and 390 for 金凤区 (5).
	for _, d := range []shebao.Denominator{
		{Region: "640106101000", Year: 2026, Measure: "170", Value: 4, Source: "2025年人口抽样调查"},
		{Region: "640106100000", Year: 2026, Measure: "170", Value: 3, Source: "2025年人口抽样调查"},
		{Region: "640106000000", Year: 2026, Measure: "390", Value: 5, Source: "应参合人数(卫健部门)"},
	} {
		must(a.Report.SetDenominator(admin, d))
	}
	return f
}

// withClock runs fn with the domain's clock on 2026-07-15 (China time).
func withClock(t *testing.T) {
	t.Helper()
	old := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2026, 7, 15, 4, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { shebao.Now = old })
}

const district = "640106000000"

func span(t *testing.T, date, from, to string) report.Span {
	t.Helper()
	sp, err := report.ParseSpan(date, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestIndicatorsByHand(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := build(t, db)
		r := f.a.Report

		t.Run("insured", func(t *testing.T) {
			// D1 2025-06-30: 110 A retired (since 2025-04-01), B active;
			// 170 C and F retired, D active; 390 E (2025).
			// D2 2026-06-30: 110 A retired, B suspended (contributing);
			// 170 C and F retired (F dead, enrollment open), D ended;
			// 390 C, D, E (2026).
			for _, c := range []struct {
				day  string
				want map[string]report.InsuredCounts
			}{
				{"2025-06-30", map[string]report.InsuredCounts{"110": {1, 1, 2}, "170": {1, 2, 3}, "210": {2, 0, 2}, "310": {2, 0, 2},
					"390": {1, 0, 1}, "410": {2, 0, 2}, "510": {2, 0, 2}}},
				{"2026-06-30", map[string]report.InsuredCounts{"110": {1, 1, 2}, "170": {0, 2, 2}, "210": {2, 0, 2}, "310": {2, 0, 2},
					"390": {3, 0, 3}, "410": {2, 0, 2}, "510": {2, 0, 2}}},
				// Before anything: nobody.
				{"2009-12-31", map[string]report.InsuredCounts{}},
			} {
				in, err := r.Insured(admin, district, span(t, c.day, "", ""))
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range shebao.Schemes {
					if got := in.Scheme(s.Code).InsuredCounts; got != c.want[s.Code] {
						t.Errorf("%s %s: %+v, want %+v", c.day, s.Code, got, c.want[s.Code])
					}
				}
			}
			// By hukou on D2: 110 A 农业 retired, B 非农业 active; 390 C 农业,
			// D 居民, E 农业.
			in, _ := r.Insured(admin, district, span(t, "2026-06-30", "", ""))
			if got, want := fmt.Sprint(in.Scheme("110").ByHukou), "map[农业:{0 1 1} 非农业:{1 0 1}]"; got != want {
				t.Errorf("110 by hukou %s, want %s", got, want)
			}
			if got, want := fmt.Sprint(in.Scheme("390").ByHukou), "map[农业:{2 0 2} 居民:{1 0 1}]"; got != want {
				t.Errorf("390 by hukou %s, want %s", got, want)
			}
			// The JSON: keyed by scheme code, with the region and the date.
			b, _ := json.Marshal(in)
			var m map[string]json.RawMessage
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if string(m["region"]) != `"640106000000"` || string(m["date"]) != `"2026-06-30"` || !strings.Contains(string(m["390"]), `"active":3,"retired":0,"total":3`) {
				t.Errorf("json %s", b)
			}
			// A town: 良田镇 has A and B only; 丰登镇 C, D, F.
			town, _ := r.Insured(admin, "640106101000", span(t, "2026-06-30", "", ""))
			if got := town.Scheme("170").InsuredCounts; got != (report.InsuredCounts{0, 2, 2}) {
				t.Errorf("丰登镇 170 %+v", got)
			}
		})

		t.Run("enrollment changes", func(t *testing.T) {
			// 2025-07 … 2026-06: 390 begun C, D, E(2026), ended E(2025) on
			// 2025-12-31; 170 ended D; opening 2025-06-30, closing 2026-06-30.
			e, err := r.Enrollments(admin, district, span(t, "", "2025-07", "2026-06"))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]report.SchemeChanges{}
			for _, s := range e.Schemes {
				got[s.Scheme] = s
			}
			for code, want := range map[string][5]int64{"390": {1, 3, 1, 0, 3}, "170": {3, 0, 1, 0, 2}, "110": {2, 0, 0, 0, 2}} {
				s := got[code]
				if g := [5]int64{s.Opening, s.New, s.Stopped, s.Retired, s.Closing}; g != want {
					t.Errorf("%s: opening, new, stopped, retired, closing %v, want %v", code, g, want)
				}
			}
			// The year 2025 up to D1: A moved to 享受待遇 on 2025-04-01.
			e, _ = r.Enrollments(admin, district, span(t, "2025-06-30", "", ""))
			for _, s := range e.Schemes {
				if s.Scheme == "110" && s.Retired != 1 {
					t.Errorf("110 retired in 2025 up to D1: %d", s.Retired)
				}
			}
		})

		t.Run("overview", func(t *testing.T) {
			// D2: persons A–G (7), F deceased; insured A B C D E F (G has
			// no enrollment); living aged 16+: A B C D G (E is 14, F dead);
			// of them in a pension scheme: A (110), B (110 suspended), C
			// (170) = 3.
			st, err := r.StatsAt(admin, district, "2026-06-30")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := st.Coverage, (shebao.Coverage{Persons: 7, Deceased: 1, Insured: 6, Adults: 5, Pension: 3}); got != want {
				t.Errorf("D2 %+v, want %+v", got, want)
			}
			if got, want := fmt.Sprint(st.ByHukou), "[{农业 4} {非农业 2} {居民 1}]"; got != want {
				t.Errorf("by hukou %s, want %s", got, want)
			}
			var kids []string
			for _, c := range st.Children {
				kids = append(kids, fmt.Sprintf("%s %+v", c.Region.Name, c.Coverage))
			}
			if got, want := strings.Join(kids, "; "), "满城北街街道 {Persons:2 Deceased:0 Insured:1 Adults:1 Pension:0}; "+
				"良田镇 {Persons:2 Deceased:0 Insured:2 Adults:2 Pension:2}; "+
				"丰登镇 {Persons:3 Deceased:1 Insured:3 Adults:2 Pension:1}"; got != want {
				t.Errorf("children\n %s\nwant\n %s", got, want)
			}
			// D1: nobody dead yet, E 13; A B C D F G adults, in pension A B
			// C D F.
			st, _ = r.StatsAt(admin, district, "2025-06-30")
			if got, want := st.Coverage, (shebao.Coverage{Persons: 7, Deceased: 0, Insured: 6, Adults: 6, Pension: 5}); got != want {
				t.Errorf("D1 %+v, want %+v", got, want)
			}
		})

		t.Run("coverage", func(t *testing.T) {
			// Registry 3 ÷ 5 = 60.00%; 170: C and F open ÷ (4 + 3) = 28.57%;
			// 390: 3 ÷ 5 = 60.00%.
			c, err := r.Coverage(admin, district, span(t, "2026-06-30", "", ""))
			if err != nil {
				t.Fatal(err)
			}
			if c.Registry != (report.RateFigures{Insured: 3, Eligible: 5, Rate: "60.00"}) {
				t.Errorf("registry %+v", c.Registry)
			}
			var ms []string
			for _, m := range c.Measures {
				ms = append(ms, fmt.Sprintf("%s %d/%d=%s (%d regions, %s)", m.Measure, m.Insured, m.Eligible, m.Rate, m.Regions, m.Source))
			}
			if got, want := strings.Join(ms, "; "), "170 2/7=28.57 (2 regions, 2025年人口抽样调查); 390 3/5=60.00 (1 regions, 应参合人数(卫健部门))"; got != want {
				t.Errorf("measures\n %s\nwant\n %s", got, want)
			}
			// 丰登镇 has its own 170 denominator and no 390 one.
			c, _ = r.Coverage(admin, "640106101000", span(t, "2026-06-30", "", ""))
			if len(c.Measures) != 1 || c.Measures[0].RateFigures != (report.RateFigures{Insured: 2, Eligible: 4, Rate: "50.00"}) {
				t.Errorf("丰登镇 %+v", c.Measures)
			}
		})

		t.Run("contributions", func(t *testing.T) {
			// 2026-01 … 06: assessed 3 × 1200.00; collected 2000.00 (110);
			// arrears on 06-30: 3600.00 due − 2000.00 allocated = 1600.00.
			c, err := r.Contributions(admin, district, span(t, "", "2026-01", "2026-06"))
			if err != nil {
				t.Fatal(err)
			}
			if c.ContributionFigures != (report.ContributionFigures{Assessed: shebao.Yuan(3600), Collected: shebao.Yuan(2000), Arrears: shebao.Yuan(1600)}) ||
				c.ArrearsBefore != 0 || c.AssessedBy[shebao.PayerPerson] != shebao.Yuan(3600) ||
				len(c.CollectedBy) != 1 || c.CollectedBy[0].Scheme != "110" {
				t.Errorf("%+v", c)
			}
			// On 2026-01-31 January (paid on the 20th) is not in arrears;
			// on 2026-02-28 February's 400.00 is.
			for day, want := range map[string]shebao.Money{"2026-01-31": 0, "2026-02-28": shebao.Yuan(400), "2026-01-30": 0} {
				c, _ := r.Contributions(admin, district, span(t, day, "", ""))
				if c.Arrears != want {
					t.Errorf("arrears on %s: %s, want %s", day, c.Arrears, want)
				}
			}
			for _, ch := range c.Children {
				if ch.Region == "640106001000" && ch.Arrears != shebao.Yuan(1600) || ch.Region != "640106001000" && ch.Assessed != 0 {
					t.Errorf("child %+v", ch)
				}
			}
		})

		t.Run("benefits", func(t *testing.T) {
			// A's pension: 6 payments of 3000.00 in 2026-01 … 06; paid for
			// June: 1 person.
			b, err := r.Benefits(admin, district, span(t, "", "2026-01", "2026-06"))
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range b.Kinds {
				want := report.BenefitFigures{}
				if k.Kind == shebao.BenefitPension {
					want = report.BenefitFigures{Payments: 6, Beneficiaries: 1, Amount: shebao.Yuan(18000)}
				}
				if k.Payments != want.Payments || k.Beneficiaries != want.Beneficiaries || k.Amount != want.Amount || k.BackPay != 0 {
					t.Errorf("%s: %+v", k.Kind, k)
				}
			}
			// March alone: one payment.
			b, _ = r.Benefits(admin, "640106100000", span(t, "", "2026-03", "2026-03"))
			if b.Kinds[0].Payments != 1 || b.Kinds[0].Amount != shebao.Yuan(3000) {
				t.Errorf("良田镇 March %+v", b.Kinds[0])
			}
		})

		t.Run("medical", func(t *testing.T) {
			// 2026-01 … 06: 390 C ×2 and D: 3 stays, 6715 + 3000 + 850 =
			// 10565.00, persons C and D; 310 A: 12800.00. Level 1 of 390:
			// 2 stays 7565.00; level 2: 1 stay 3000.00.
			m, err := r.Medical(admin, district, "2026-01", "2026-06")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range m.Schemes {
				got = append(got, fmt.Sprintf("%s %d %d %s %s", s.Scheme, s.Stays, s.Persons, s.Reimbursed, s.PerStay))
			}
			for _, l := range m.Levels {
				got = append(got, fmt.Sprintf("%s L%d %d %s", l.Scheme, l.Level, l.Stays, l.Reimbursed))
			}
			want := "310 1 1 12800.00 12800.00; 390 3 2 10565.00 3521.67; 310 L3 1 12800.00; 390 L1 2 7565.00; 390 L2 1 3000.00"
			if strings.Join(got, "; ") != want {
				t.Errorf("medical\n %s\nwant\n %s", strings.Join(got, "; "), want)
			}
			if !strings.Contains(m.Summary, "城乡居民基本医疗保险住院报销3人次,报销金额1.06万元") {
				t.Errorf("summary %s", m.Summary)
			}
		})

		t.Run("subsidies", func(t *testing.T) {
			// 2026 to D2: 390 subsidies 3 × 670.00 = 2010.00. 2025: D's
			// 170 60.00 (government) and 50.00 (collective).
			s, err := r.Subsidies(admin, district, span(t, "2026-06-30", "", ""))
			if err != nil {
				t.Fatal(err)
			}
			if s.Government != shebao.Yuan(2010) || s.Collective != 0 {
				t.Errorf("2026 %+v", s)
			}
			s, _ = r.Subsidies(admin, district, span(t, "2025-12-31", "", ""))
			if s.Government != shebao.Yuan(60) || s.Collective != shebao.Yuan(50) {
				t.Errorf("2025 %+v", s)
			}
		})

		t.Run("ranking and trend", func(t *testing.T) {
			// Insured by town on D2: 丰登镇 3, 良田镇 2, 满城北街街道 1.
			rk, err := r.Ranking(admin, district, "insured", span(t, "2026-06-30", "", ""))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, row := range rk.Rows {
				got = append(got, fmt.Sprintf("%d %s %d", row.Rank, row.Name, row.Num))
			}
			if strings.Join(got, "; ") != "1 丰登镇 3; 2 良田镇 2; 3 满城北街街道 1" {
				t.Errorf("ranking %v", got)
			}
			// Pension coverage by town on D2: 良田镇 2/2, 丰登镇 1/2,
			// 满城北街街道 0/1.
			rk, _ = r.Ranking(admin, district, "coverage", span(t, "2026-06-30", "", ""))
			got = nil
			for _, row := range rk.Rows {
				got = append(got, fmt.Sprintf("%d %s %s", row.Rank, row.Name, row.Rate))
			}
			if strings.Join(got, "; ") != "1 良田镇 100.00; 2 丰登镇 50.00; 3 满城北街街道 0.00" {
				t.Errorf("coverage ranking %v", got)
			}
			// 390 insured month by month, 2025-11 … 2026-02: E (2025) in
			// Nov and Dec, ended on Dec 31; C, D, E from 2026-01-01.
			tr, err := r.Trend(admin, district, "enrolled:390", span(t, "", "2025-11", "2026-02"))
			if err != nil {
				t.Fatal(err)
			}
			got = nil
			for _, m := range tr.Months {
				got = append(got, fmt.Sprintf("%s %d", m.Month, m.Num))
			}
			if strings.Join(got, "; ") != "2025-11 1; 2025-12 0; 2026-01 3; 2026-02 3" {
				t.Errorf("trend %v", got)
			}
			// Persons aged 16+ and living (coverage's denominator) over the
			// birthdays: E turns 16 on 2028-05-05 — not yet; F dies in
			// February 2026: 6 in January, 5 from February.
			tr, _ = r.Trend(admin, district, "coverage", span(t, "", "2026-01", "2026-03"))
			got = nil
			for _, m := range tr.Months {
				got = append(got, fmt.Sprintf("%s %d/%d", m.Month, m.Num, m.Den))
			}
			if strings.Join(got, "; ") != "2026-01 4/6; 2026-02 3/5; 2026-03 3/5" {
				t.Errorf("coverage trend %v", got)
			}
		})
	})
}

// TestSummaryByHand writes the work report of the constructed district on
// D2 and wants exactly the numbers worked out above in its sentences.
func TestSummaryByHand(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := build(t, db)
		sm, err := f.a.Report.Summary(admin, district, "2026-06-30")
		if err != nil {
			t.Fatal(err)
		}
		// The fund of 110 on D2: assets 2000.00 (G's payment) − liabilities
		// 18480.00 (the payroll not yet released, 6 × 3000.00, and G's
		// account credited 480.00 for January paid in full) = −16480.00:
		// no months of 抗风险支付能力 to speak of, the balance instead.
		if m := fundMonths(t, f.a, "2026-06-30"); m != "-10.99" { // −16480.00 ÷ (18000.00 ÷ 12)
			t.Errorf("110 fund months %s, want -10.99", m)
		}
		want := []string{
			"1、城镇职工基本养老保险参保2人,与上年持平,其中在职参保人数1人,退休领取养老金待遇人员1人,企业养老保险基金结余为负(-1.65万元)。",
			"2、城镇职工基本医疗保险参保2人,与上年持平,本年度享受住院医疗费报销1人、1人次,报销医疗费1.28万元。",
			"3、工伤保险参保2人,与上年持平;生育保险参保2人,与上年持平。",
			"4、失业保险参保2人,与上年持平。",
			"5、城乡居民基本养老保险参保2人,比上年减少1人,下降33.33%,应参保7人,参保覆盖率达28.57%,已有2名参保居民享受养老金待遇。",
			"6、城乡居民基本医疗保险参保3人,比上年增加2人,增长200.00%,应参保5人,参保率达60.00%;本年度共报销住院3人次,报销医疗费1.06万元。",
		}
		if strings.Join(sm.Paragraphs, "\n") != strings.Join(want, "\n") {
			t.Errorf("summary\n%s\nwant\n%s", strings.Join(sm.Paragraphs, "\n"), strings.Join(want, "\n"))
		}
		if sm.Lead != "截至2026年6月30日,金凤区城乡社会保障情况如下:" || sm.Title != "一、城乡社保情况" {
			t.Errorf("lead %q title %q", sm.Lead, sm.Title)
		}
		md := sm.Markdown()
		if !strings.HasPrefix(md, "## 一、城乡社保情况\n\n截至2026年6月30日") || !strings.Contains(md, want[4]) {
			t.Errorf("markdown %s", md)
		}
		if h := sm.HTML(); !strings.Contains(h, "<p>"+want[5]+"</p>") {
			t.Errorf("html %s", h)
		}
		// A town: no fund sentence (the fund is the district's), no 170
		// denominator of its own… 良田镇 has one (3): 170 there is nobody.
		sm, err = f.a.Report.Summary(admin, "640106100000", "2026-06-30")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(sm.Paragraphs, "\n"); strings.Contains(got, "抗风险") || strings.Contains(got, "城乡居民") ||
			!strings.Contains(got, "1、城镇职工基本养老保险参保2人,与上年持平,其中在职参保人数1人,退休领取养老金待遇人员1人。") {
			t.Errorf("良田镇\n%s", got)
		}
		// Before anything was insured: no sentence at all.
		sm, _ = f.a.Report.Summary(admin, district, "2009-06-30")
		if len(sm.Paragraphs) != 0 {
			t.Errorf("2009: %v", sm.Paragraphs)
		}
	})
}

func fundMonths(t *testing.T, a *app.App, day string) string {
	t.Helper()
	fs, err := a.Ledger.FundStatus(admin, day)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Fund == "110" && f.Months != nil {
			return *f.Months
		}
	}
	t.Fatal("no months for 110")
	return ""
}
