package collect_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var admin = sqldbtest.Admin()

// xingqing is a second district (兴庆区) beside the demo's 金凤区.
const xingqing = "640104000000"

// district seeds the demo's regions and 兴庆区.
func district(t *testing.T, a *app.App) {
	t.Helper()
	sqldbtest.SeedRegions(t, a)
	if _, err := a.Registry.SaveRegion(admin, &shebao.Region{Code: xingqing, Name: "兴庆区"}); err != nil {
		t.Fatal(err)
	}
}

// loadPolicy loads a district policy file.
func loadPolicy(t *testing.T, a *app.App, text string) {
	t.Helper()
	ps, err := policy.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Params.LoadPolicy(admin, "local.toml", fmt.Sprint(len(text)), ps); err != nil {
		t.Fatal(err)
	}
}

// workforce registers an employer of the region and risk class with n
// employees hired on 1 January 2025, and returns the employer's USCC and
// the employees' ID numbers.
func workforce(t *testing.T, a *app.App, region string, seq, class, n int) (string, []string) {
	t.Helper()
	emp := &shebao.Employer{USCC: demo.USCC(region[:6], seq), Name: fmt.Sprintf("测试单位%d", seq), RiskClass: class, Region: region}
	if err := a.Registry.CreateEmployer(admin, emp); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range n {
		id := demo.IDNumber(region[:6], time.Date(1970+i%30, time.Month(1+i%12), 1+seq%28, 0, 0, 0, 0, time.UTC), seq*100+i, i%2 == 0)
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "职工", Hukou: "农业", Region: region}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll.Hire(admin, id, emp.USCC, "2025-01-01", nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return emp.USCC, ids
}

// declare stores the wages of a month, failing on any row refused.
func declare(t *testing.T, a *app.App, ds []shebao.Declaration) {
	t.Helper()
	_, errs, err := a.Collect.ImportDeclarations(admin, "test", ds)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range errs {
		if e != nil {
			t.Fatalf("declaration %d: %v", i, e)
		}
	}
}

// lineKey names a line of a bill.
func lineKey(l *shebao.BillLine) string { return l.IDNo + "/" + l.Scheme }

// An employer that declares nothing owes its region's
// assess.undeclared_factor of last month: a district policy of 120% for
// 金凤区 makes its undeclared employers owe 120% of March in April, line by
// line (policy.UndeclaredAssessment), explained as 120%; 兴庆区 keeps the
// national 110%.
func TestUndeclaredFactorIsPolicy(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		district(t, a)
		loadPolicy(t, a, `
[[param]]
key = "assess.undeclared_factor"
value = "120%"
from = 2025-01-01
region = "640106"
source = "示例值:测试用区级未申报核定比例"
example = true
`)
		jf, jfIDs := workforce(t, a, "640106100201", 1, 2, 3)
		xq, xqIDs := workforce(t, a, xingqing, 2, 5, 2)
		var ds []shebao.Declaration
		for i, id := range jfIDs {
			ds = append(ds, shebao.Declaration{Employer: jf, Period: "2025-03", IDNo: id, Wage: shebao.Money(654321 + 1111*int64(i))})
		}
		for i, id := range xqIDs {
			ds = append(ds, shebao.Declaration{Employer: xq, Period: "2025-03", IDNo: id, Wage: shebao.Money(777777 + 3333*int64(i))})
		}
		declare(t, a, ds)
		if _, err := a.Collect.Assess(admin, "2025-03"); err != nil {
			t.Fatal(err)
		}
		res, err := a.Collect.Assess(admin, "2025-04")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(res.Undeclared, ","); got != strings.Join([]string{xq, jf}, ",") && got != strings.Join([]string{jf, xq}, ",") {
			t.Errorf("undeclared %v, want %s and %s", res.Undeclared, jf, xq)
		}
		for _, c := range []struct {
			uscc   string
			factor string
		}{{jf, "120%"}, {xq, "110%"}} {
			factor, _ := shebao.ParsePercent(c.factor)
			march, err := a.Collect.FindBill(admin, c.uscc, "2025-03")
			if err != nil {
				t.Fatal(err)
			}
			april, err := a.Collect.FindBill(admin, c.uscc, "2025-04")
			if err != nil {
				t.Fatal(err)
			}
			if april.Basis != shebao.UndeclaredBasis(factor) || len(april.Items) != len(march.Items) || len(april.Items) == 0 {
				t.Fatalf("%s: April bill %q with %d lines, March %d", c.uscc, april.Basis, len(april.Items), len(march.Items))
			}
			before := map[string]*shebao.BillLine{}
			for _, l := range march.Items {
				before[lineKey(l)] = l
			}
			var want shebao.Money
			for _, l := range april.Items {
				m := before[lineKey(l)]
				er, _ := policy.UndeclaredAssessment(m.EmployerAmount, factor)
				ir, _ := policy.UndeclaredAssessment(m.IndivAmount, factor)
				// What the person pays goes to the account, at the same
				// factor (issue #14 item 16).
				ar, _ := policy.UndeclaredAssessment(m.AccountAmount, factor)
				if l.EmployerAmount != er || l.IndivAmount != ir || l.AccountAmount != ar {
					t.Errorf("%s %s: %s + %s (account %s), want %s × %s = %s and %s × %s = %s (account %s)", c.uscc, lineKey(l), l.EmployerAmount,
						l.IndivAmount, l.AccountAmount, m.EmployerAmount, c.factor, er, m.IndivAmount, c.factor, ir, ar)
				}
				if !strings.Contains(l.Explain, "按上月缴费额的"+c.factor+"核定") {
					t.Errorf("%s %s: explanation %q does not name %s", c.uscc, lineKey(l), l.Explain, c.factor)
				}
				want += er + ir
			}
			if april.Total != want {
				t.Errorf("%s: April total %s, want %s", c.uscc, april.Total, want)
			}
		}
	})
}

// randomRate is a rate of lo–hi ppm, any ppm (up to four decimals of a
// per cent, as a policy file writes it).
func randomRate(r *rand.Rand, lo, hi int64) shebao.Rate { return shebao.Rate(lo + r.Int64N(hi-lo+1)) }

// regionRates are the random rates of one region, as written to its policy
// file.
type regionRates struct {
	avg                      shebao.Money
	floor, ceiling           shebao.Rate
	employer, individual     map[string]shebao.Rate // by scheme 110, 210, 310
	account110               shebao.Rate
	medIndShare, medEmpShare shebao.Rate
	injury                   [9]shebao.Rate // by class 1–8
}

func (rr *regionRates) toml(region string) string {
	var b strings.Builder
	param := func(key, value string) {
		fmt.Fprintf(&b, "[[param]]\nkey = %q\nvalue = %s\nfrom = 2025-01-01\nregion = %q\nsource = \"示例值:随机测试参数\"\nexample = true\n\n", key, value, region)
	}
	q := func(s string) string { return `"` + s + `"` }
	param("wage.avg_monthly", q(rr.avg.String()))
	param("base.floor", q(rr.floor.Percent()))
	param("base.ceiling", q(rr.ceiling.Percent()))
	for _, s := range []string{"110", "210", "310"} {
		param("rate."+s+".employer", q(rr.employer[s].Percent()))
		param("rate."+s+".individual", q(rr.individual[s].Percent()))
	}
	param("account.110.rate", q(rr.account110.Percent()))
	param("account.310.individual_share", q(rr.medIndShare.Percent()))
	param("account.310.employer_share", q(rr.medEmpShare.Percent()))
	var classes []string
	for c := 1; c <= 8; c++ {
		classes = append(classes, fmt.Sprintf("{ class = %d, rate = %q }", c, rr.injury[c].Percent()))
	}
	param("rate.410.class", "["+strings.Join(classes, ", ")+"]")
	return b.String()
}

// The bill lines that the set-based SQL writes equal, to the fen, what
// policy.Contribution gives for every line — for random 社平工资, base
// limits, rates (any ppm), risk classes and regions, and declared wages
// below the floor, a fen below it, at it, within, at the ceiling, a fen above it and above it, and wages whose
// pension employer amount is exactly half a fen (rounded up). The expected
// amounts are computed here from the random parameters, not from the
// service's resolution of them, so a clamp or a rounding in SQL other than
// policy's fails.
func TestAssessmentMatchesPolicy(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		district(t, a)
		r := rand.New(rand.NewPCG(13, 2025))
		rates := map[string]*regionRates{}
		regions := []string{"640106100201", xingqing}
		var file strings.Builder
		for _, region := range regions {
			rr := &regionRates{avg: shebao.Money(500000 + r.Int64N(700000)), floor: randomRate(r, 400000, 700000),
				ceiling: randomRate(r, 2000000, 3500000), employer: map[string]shebao.Rate{}, individual: map[string]shebao.Rate{},
				account110: randomRate(r, 60000, 100000), medIndShare: randomRate(r, 500000, 1000000), medEmpShare: randomRate(r, 0, 400000)}
			for _, s := range []string{"110", "210", "310"} {
				rr.employer[s], rr.individual[s] = randomRate(r, 1, 200000), randomRate(r, 1, 100000)
			}
			for c := 1; c <= 8; c++ {
				rr.injury[c] = randomRate(r, 1, 25000)
			}
			rates[region] = rr
			// Policy regions are the district (640106) and 兴庆区.
			file.WriteString(rr.toml(region[:6]))
		}
		loadPolicy(t, a, file.String())
		type person struct {
			employer string
			region   string
			class    int
			wage     shebao.Money
		}
		persons := map[string]person{}
		var ds []shebao.Declaration
		seq := 10
		for _, region := range regions {
			rr := rates[region]
			lo, hi := rr.floor.Apply(rr.avg), rr.ceiling.Apply(rr.avg)
			// A wage whose pension employer amount is exactly half a fen.
			half := shebao.Money(0)
			for w := lo; w < lo+1_000_000; w++ {
				if int64(w)*int64(rr.employer["110"])%1_000_000 == 500_000 {
					half = w
					break
				}
			}
			wages := []func() shebao.Money{
				func() shebao.Money { return 1 + shebao.Money(r.Int64N(int64(lo-1))) }, // below the floor
				func() shebao.Money { return lo - 1 },
				func() shebao.Money { return lo },
				func() shebao.Money { return lo + shebao.Money(r.Int64N(int64(hi-lo))) }, // within
				func() shebao.Money { return hi },
				func() shebao.Money { return hi + 1 },
				func() shebao.Money { return hi + 1 + shebao.Money(r.Int64N(10_000_000)) }, // above the ceiling
				func() shebao.Money { return half },
			}
			for e := range 4 {
				seq++
				class := 1 + r.IntN(8)
				uscc, ids := workforce(t, a, region, seq, class, 8)
				for i, id := range ids {
					w := wages[(i+e)%len(wages)]()
					if w <= 0 {
						w = lo + shebao.Money(i)
					}
					persons[id] = person{employer: uscc, region: region, class: class, wage: w}
					ds = append(ds, shebao.Declaration{Employer: uscc, Period: "2025-03", IDNo: id, Wage: w})
				}
			}
		}
		declare(t, a, ds)
		if _, err := a.Collect.Assess(admin, "2025-03"); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		lines, halves := 0, 0
		for _, d := range ds {
			if seen[d.Employer] {
				continue
			}
			seen[d.Employer] = true
			bill, err := a.Collect.FindBill(admin, d.Employer, "2025-03")
			if err != nil {
				t.Fatal(err)
			}
			var total shebao.Money
			for _, l := range bill.Items {
				p := persons[l.IDNo]
				rr := rates[p.region]
				lo, hi := rr.floor.Apply(rr.avg), rr.ceiling.Apply(rr.avg)
				base := min(max(p.wage, lo), hi)
				var er, ir, ar shebao.Rate
				switch l.Scheme {
				case "110":
					er, ir, ar = rr.employer["110"], rr.individual["110"], rr.account110
				case "210":
					er, ir = rr.employer["210"], rr.individual["210"]
				case "310":
					er, ir = rr.employer["310"], rr.individual["310"]
					ar = shebao.Rate(shebao.MulDivRound(int64(ir), int64(rr.medIndShare), shebao.RatePPM) +
						shebao.MulDivRound(int64(er), int64(rr.medEmpShare), shebao.RatePPM))
				case "410":
					er = rr.injury[p.class]
				default:
					t.Errorf("unexpected scheme %s", l.Scheme)
				}
				want := shebao.BillLine{Declared: p.wage, Base: base, Floor: lo, Ceiling: hi, AvgWage: rr.avg, EmployerRate: er, IndividualRate: ir,
					EmployerAmount: policy.Contribution(base, er), IndivAmount: policy.Contribution(base, ir), AccountAmount: policy.Contribution(base, ar)}
				got := shebao.BillLine{Declared: l.Declared, Base: l.Base, Floor: l.Floor, Ceiling: l.Ceiling, AvgWage: l.AvgWage,
					EmployerRate: l.EmployerRate, IndividualRate: l.IndividualRate, EmployerAmount: l.EmployerAmount, IndivAmount: l.IndivAmount,
					AccountAmount: l.AccountAmount}
				if got != want {
					t.Errorf("%s %s %s:\n got %+v\nwant %+v", d.Employer, l.IDNo, l.Scheme, got, want)
				}
				if l.Scheme == "110" && int64(base)*int64(er)%1_000_000 == 500_000 {
					halves++
				}
				total += l.EmployerAmount + l.IndivAmount
				lines++
			}
			if len(bill.Items) != 8*4 || bill.Total != total {
				t.Errorf("%s: %d lines, total %s (lines sum to %s)", d.Employer, len(bill.Items), bill.Total, total)
			}
		}
		if lines != len(ds)*4 || halves == 0 {
			t.Errorf("%d lines for %d declarations, %d half-fen lines", lines, len(ds), halves)
		}
	})
}
