package report_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"maps"
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

// Funds, land and employers travel in the file (format 2, issue #16
// item 5). The figures worked out by hand, on 2026-06-30:
//
// 金凤区 (build, plus addJinfengLand):
//
//	fund 110: balance −16480.00 (TestSummaryByHand: assets 2000.00 − liabilities 18480.00),
//	          expenditure of the twelve months 18000.00 (A's pension, 6 × 3000.00)
//	land: 宁土批[2026]1号 of 魏家桥村 (良田镇), approved 2026-03-01, 450 亩 of 1200 亩, 600 persons:
//	      450 ÷ 1200 × 600 = 225 to secure; received 11100.00 from the government on 2026-03-20
//	employers: 金凤建材有限公司 = 1
//
// 兴庆区 (buildXingqing, plus addXingqingFigures):
//
//	fund 110: L a flexible worker, base 6000.00 from 2026-01, January assessed (× 20% = 1200.00) and paid
//	          1200.00 on 2026-01-20: assets 1200.00, his account credited 6000.00 × 8% = 480.00 (2301, a
//	          liability): balance 720.00; nothing spent
//	land: 宁土批[2026]2号 of 丽景村 (凤凰北街街道), approved 2026-04-01, 100 亩 of 400 亩, 200 persons:
//	      100 ÷ 400 × 200 = 50 to secure; H on the roster, enrolled 2026-04-21 (lag 20 days); received 3000.00 from the collective on 2026-04-10 and
//	      2000.00 from the government on 2026-05-10
//	employers: two
//
// 银川市, the sum: fund 110 balance −16480.00 + 720.00 = −15760.00, expenditure 18000.00 + 0, so
// 抗风险支付能力 −15760.00 ÷ (18000.00 ÷ 12) = −10.5067 → −10.51 months (not the sum of the
// districts' −10.99 and ∞); land: 225 + 50 = 275 to secure, 1 enrolled (274 unsecured), lag
// 20 ÷ 1 = 20 days on average and 20 at worst, 2 batches in 2 villages of 2 towns,
// received 11100.00 + 3000.00 + 2000.00 = 16100.00 (government 13100.00, collective 3000.00);
// employers 1 + 2 = 3. The work report writes the balance as −1.58万元 (−1.576) and the land
// funds as 1.61万元.

func addJinfengLand(t *testing.T, a *app.App) {
	t.Helper()
	if _, _, err := a.Land.SaveLandBatch(admin, shebao.NewLandBatch{ApprovalNo: "宁土批[2026]1号", ApprovedOn: "2026-03-01",
		Region: "640106100201", AreaTaken: "450", Farmland: "1200", AgriPopulation: 600}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Land.RecordLandFund(admin, shebao.LandFund{ReceiptNo: "JF-HD-1", ApprovalNo: "宁土批[2026]1号", Payer: shebao.PayerGovernment,
		Amount: shebao.Yuan(11100), Date: "2026-03-20"}); err != nil {
		t.Fatal(err)
	}
}

func addXingqingFigures(t *testing.T, a *app.App) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	l := demo.IDNumber("640104", date(1980, 3, 3), 24, true)
	must(a.Registry.CreatePerson(admin, &shebao.Person{IDNo: l, Name: "郑十一", Hukou: "非农业", Region: "640104001001"}))
	must(a.Collect.RegisterFlexBase(admin, shebao.FlexBase{IDNo: l, From: "2026-01", Base: shebao.Yuan(6000)}))
	_, err := a.Collect.AssessFlex(admin, "2026-01")
	must(err)
	_, err = a.Collect.RecordFlexPayment(admin, "XQ-FX-1", l, shebao.Yuan(1200), "2026-01-20")
	must(err)
	for i, name := range []string{"兴庆商贸有限公司", "丽景物业服务有限公司"} {
		must(a.Registry.CreateEmployer(admin, &shebao.Employer{USCC: demo.USCC("640104", 1+i), Name: name, RiskClass: 1, Region: "640104001001"}))
	}
	_, _, err = a.Land.SaveLandBatch(admin, shebao.NewLandBatch{ApprovalNo: "宁土批[2026]2号", ApprovedOn: "2026-04-01",
		Region: "640104001001", AreaTaken: "100", Farmland: "400", AgriPopulation: 200})
	must(err)
	// H (1970, 农业, 丽景村) on the roster, accepted 2026-04-21: enrolled
	// 20 days after the approval; of working age (55), so no allowance.
	// The roster is submitted and accepted that day (the clock set back).
	h := demo.IDNumber("640104", date(1970, 4, 4), 21, true)
	now := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2026, 4, 21, 4, 0, 0, 0, time.UTC) }
	defer func() { shebao.Now = now }()
	_, errs, err := a.Land.SubmitRoster(admin, "r", []shebao.RosterEntry{{ApprovalNo: "宁土批[2026]2号", IDNo: h, Name: "马八"}})
	must(err)
	for _, e := range errs {
		must(e)
	}
	acc, err := a.Land.AcceptRoster(admin, "宁土批[2026]2号", "2026-04-21")
	must(err)
	if acc.Enrolled != 1 {
		t.Fatalf("acceptance %+v", acc)
	}
	shebao.Now = now
	for _, f := range []shebao.LandFund{
		{ReceiptNo: "XQ-HD-1", ApprovalNo: "宁土批[2026]2号", Payer: shebao.PayerCollective, Amount: shebao.Yuan(3000), Date: "2026-04-10"},
		{ReceiptNo: "XQ-HD-2", ApprovalNo: "宁土批[2026]2号", Payer: shebao.PayerGovernment, Amount: shebao.Yuan(2000), Date: "2026-05-10"},
	} {
		_, _, err := a.Land.RecordLandFund(admin, f)
		must(err)
	}
}

// twoDistricts builds 金凤区 and 兴庆区 with their funds, land and
// employers, and the city instance with both keys registered.
func twoDistricts(t *testing.T, db *sqldb.DB) (jf, xqa, c *app.App, kj, kx []byte) {
	jf = build(t, db).a
	addJinfengLand(t, jf)
	xqa = another(t, db)
	buildXingqing(t, xqa)
	addXingqingFigures(t, xqa)
	c, kj, kx = cityOf(t, db)
	return
}

func fundOf(t *testing.T, fs []shebao.FundStatus, code string) shebao.FundStatus {
	t.Helper()
	for _, f := range fs {
		if f.Fund == code {
			return f
		}
	}
	t.Fatalf("no fund %s in %+v", code, fs)
	return shebao.FundStatus{}
}

func months(f shebao.FundStatus) string {
	if f.Months == nil {
		return "∞"
	}
	return *f.Months
}

// checkCityFigures checks that the instance a reads for region the funds,
// land, employers and work report of 金凤区 and 兴庆区 together, as
// worked out by hand above, and for 兴庆区 its own.
func checkCityFigures(t *testing.T, a, jf, xqa *app.App, region string) {
	t.Helper()
	sp := report.Span{From: "2026-01-01", To: "2026-06-30"}
	cf, err := a.Report.Funds(admin, region, sp)
	if err != nil {
		t.Fatal(err)
	}
	f := fundOf(t, cf.Funds, "110")
	if f.Balance != -shebao.Yuan(15760) || f.Expenditure12 != shebao.Yuan(18000) || months(f) != "-10.51" {
		t.Errorf("%s fund 110: balance %s, expenditure %s, months %s; want -15760.00, 18000.00, -10.51", region, f.Balance, f.Expenditure12, months(f))
	}
	if !strings.Contains(f.Explanation, "含下级上报的基金数据") {
		t.Errorf("explanation %s", f.Explanation)
	}
	// Every fund is the sum of the districts' sums, its months recomputed.
	jfs, _ := jf.Report.Funds(admin, district, sp)
	xfs, _ := xqa.Report.Funds(admin, xq, sp)
	for _, g := range cf.Funds {
		var want shebao.FundStatus
		for _, fs := range [][]shebao.FundStatus{jfs.Funds, xfs.Funds} {
			for _, x := range fs {
				if x.Fund == g.Fund {
					want.AddFigures(shebao.FundFigures("", x))
				}
			}
		}
		want.Compute()
		if g.Assets != want.Assets || g.Liabilities != want.Liabilities || g.Income12 != want.Income12 || g.Expenditure12 != want.Expenditure12 ||
			g.Balance != want.Balance || months(g) != months(want) || g.Entries != want.Entries {
			t.Errorf("%s fund %s: %+v, want the sum %+v", region, g.Fund, g, want)
		}
	}
	// Land.
	lr, err := report.Run(admin, report.Sources{Report: a.Report, Land: a.Land}, "land", report.Query{Region: region, Date: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	land := lr.(*shebao.LandReport)
	tot := land.Total
	if tot.Batches != 2 || tot.PersonsToSecure != 275 || tot.OnRoster != 1 || tot.Enrolled != 1 || tot.Unsecured != 274 || tot.AvgLagDays != 20 || tot.WorstLagDays != 20 ||
		tot.Received != shebao.Yuan(16100) ||
		tot.ReceivedGovernment != shebao.Yuan(13100) || tot.ReceivedCollective != shebao.Yuan(3000) || len(land.Villages) != 2 || len(land.Towns) != 2 {
		t.Errorf("%s land total %+v (%d villages, %d towns)", region, tot, len(land.Villages), len(land.Towns))
	}
	// Funds required and the gap: the districts' own (a working-age
	// person's standard is policy data, not worked out here).
	var want shebao.LandFigures
	for _, d := range []*app.App{jf, xqa} {
		r, err := d.Land.LandReportAt(admin, "", "2026-06-30")
		if err != nil {
			t.Fatal(err)
		}
		want.Add(r.Total.LandFigures)
	}
	if tot.Required != want.Required || tot.Gap != want.Gap || tot.Required == 0 || tot.Gap != tot.Required-shebao.Yuan(16100) {
		t.Errorf("%s land required %s gap %s, want the districts' %s and %s", region, tot.Required, tot.Gap, want.Required, want.Gap)
	}
	for _, tw := range land.Towns {
		if tw.Name == "" {
			t.Errorf("town %s without its name", tw.Region)
		}
	}
	// The land funding of January to June among the subsidies: from the
	// government 11100.00 + 2000.00, from the collective 3000.00.
	sub, err := a.Report.Subsidies(admin, region, sp)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]shebao.Money{}
	for _, l := range sub.Lines {
		lines[l.Item] = l.Amount
	}
	if lines["被征地农民基本生活保障资金(政府)"] != shebao.Yuan(13100) || lines["被征地农民基本生活保障资金(村集体)"] != shebao.Yuan(3000) {
		t.Errorf("%s land funding among the subsidies: %+v", region, sub.Lines)
	}
	// Employers: the city's 3, 兴庆区's own 2.
	st, err := a.Report.StatsAt(admin, region, "2026-06-30")
	if err != nil || st.Employers != 3 {
		t.Errorf("%s employers %d %v, want 3", region, st.Employers, err)
	}
	st, err = a.Report.StatsAt(admin, xq, "2026-06-30")
	if err != nil || st.Employers != 2 {
		t.Errorf("兴庆区 employers %d %v, want 2", st.Employers, err)
	}
	xf, err := a.Report.Funds(admin, xq, sp)
	if err != nil {
		t.Fatal(err)
	}
	if f := fundOf(t, xf.Funds, "110"); f.Balance != shebao.Yuan(720) || months(f) != "∞" {
		t.Errorf("兴庆区 110 read above: %s, %s; want 720.00, ∞", f.Balance, months(f))
	}
	// The work report carries them (no change against a year earlier:
	// nothing was submitted for 2025).
	sm, err := a.Report.Summary(admin, region, "2026-06-30")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(sm.Paragraphs, "\n")
	for _, want := range []string{
		"1、城镇职工基本养老保险参保2人,其中在职参保人数1人,退休领取养老金待遇人员1人,企业养老保险基金结余为负(-1.58万元)。",
		"被征地农民基本生活保障:已参加办理基本生活保障1人,累计征收基本生活保障基金1.61万元,涉及到2个乡(镇、街道)、2个行政村(社区)", // a gap may follow

	} {
		if !strings.Contains(got, want) {
			t.Errorf("%s summary\n%s\nwants\n%s", region, got, want)
		}
	}
}

// TestUpwardFundsLandEmployers: two districts' files imported into a city
// instance; the city's funds, land and employer figures and its work
// report are the sums worked out by hand.
func TestUpwardFundsLandEmployers(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		jf, xqa, c, kj, kx := twoDistricts(t, db)
		// Each district's own figures first (the hand figures' inputs).
		sp := report.Span{From: "2026-01-01", To: "2026-06-30"}
		jfs, _ := jf.Report.Funds(admin, district, sp)
		if f := fundOf(t, jfs.Funds, "110"); f.Balance != -shebao.Yuan(16480) || f.Expenditure12 != shebao.Yuan(18000) {
			t.Fatalf("金凤区 110 %+v", f)
		}
		xfs, _ := xqa.Report.Funds(admin, xq, sp)
		if f := fundOf(t, xfs.Funds, "110"); f.Balance != shebao.Yuan(720) || f.Expenditure12 != 0 {
			t.Fatalf("兴庆区 110 %+v", f)
		}
		for _, f := range [][]byte{export(t, jf, district, "2026-06", kj), export(t, xqa, xq, "2026-06", kx)} {
			got, err := c.Report.Import(admin, f)
			if err != nil || !got.Created || len(got.Submission.Lacks) != 0 {
				t.Fatalf("import: %+v %v", got, err)
			}
		}
		subs, err := c.Report.Submissions(admin, "", "")
		if err != nil || len(subs) != 2 {
			t.Fatalf("submissions %+v %v", subs, err)
		}
		// What each carries: 兴庆区 (640104…) lists first.
		if s := subs[0]; s.Format != report.FileFormat || s.FiguresAsOf != "2026-06-30" || s.LandBatches != 1 || s.Employers != 2 || s.Funds == 0 {
			t.Errorf("兴庆区 carries %+v", s)
		}
		if s := subs[1]; s.LandBatches != 1 || s.Employers != 1 {
			t.Errorf("金凤区 carries %+v", s)
		}
		checkCityFigures(t, c, jf, xqa, city)
		// A day inside June reads May's month end: nothing submitted then.
		st, _ := c.Report.StatsAt(admin, city, "2026-06-15")
		if st.Employers != 0 {
			t.Errorf("employers on 2026-06-15: %d, want 0 (no month end submitted before)", st.Employers)
		}
	})
}

// resign rewrites a file as format 1 (no figures) and signs it again with
// the private key: a file as a district of the earlier version sends it.
func resign(t *testing.T, file, privPEM []byte) []byte {
	t.Helper()
	var f report.File
	if err := json.Unmarshal(file, &f); err != nil {
		t.Fatal(err)
	}
	f.Format, f.Figures, f.Signature = report.FileFormatV1, nil, ""
	c, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	k, err := report.ParsePrivateKey(privPEM)
	if err != nil {
		t.Fatal(err)
	}
	f.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(k, c))
	out, _ := json.Marshal(f)
	return out
}

// TestUpwardOldFormat: a file of format 1 still imports, says what it
// lacks, and adds no funds, land or employers.
func TestUpwardOldFormat(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		jf := build(t, db).a
		addJinfengLand(t, jf)
		c, kj, _ := cityOf(t, db)
		got, err := c.Report.Import(admin, resign(t, export(t, jf, district, "2026-06", kj), kj))
		if err != nil || !got.Created {
			t.Fatalf("import: %+v %v", got, err)
		}
		if s := got.Submission; s.Format != report.FileFormatV1 || strings.Join(s.Lacks, "、") != "基金收支与结余、被征地农民基本生活保障、参保单位数、村改居一次性补缴" {
			t.Errorf("old format: %+v", s)
		}
		subs, _ := c.Report.Submissions(admin, district, "")
		if len(subs) != 1 || len(subs[0].Lacks) != 4 || subs[0].Funds != 0 {
			t.Errorf("listed: %+v", subs)
		}
		// The counters are there (C, D, E in 390 on 2026-06-30), the rest not.
		in, _ := c.Report.Insured(admin, city, report.Span{From: "2026-01-01", To: "2026-06-30"})
		if in.Scheme("390").Active != 3 {
			t.Errorf("390 %d, want 3", in.Scheme("390").Active)
		}
		st, _ := c.Report.StatsAt(admin, city, "2026-06-30")
		fs, _ := c.Report.Funds(admin, city, report.Span{From: "2026-01-01", To: "2026-06-30"})
		if st.Employers != 0 || fundOf(t, fs.Funds, "110").Entries != 0 {
			t.Errorf("an old file's figures: employers %d, 110 %+v", st.Employers, fundOf(t, fs.Funds, "110"))
		}
		// A format-1 file claiming figures is refused.
		var f map[string]any
		_ = json.Unmarshal(export(t, jf, district, "2026-06", kj), &f)
		f["format"] = report.FileFormatV1
		bad, _ := json.Marshal(f)
		if _, err := c.Report.Import(admin, bad); err == nil || !strings.Contains(err.Error(), "格式") {
			t.Errorf("format 1 with figures: %v", err)
		}
	})
}

// TestUpwardThreeLevels: 金凤区 and 兴庆区 submit June to 银川市; the city
// forwards its June, with its districts' data, signed with its own key,
// to the autonomous region, which then reads the whole region — counters,
// funds, land, employers and the work report — as the sums worked out by
// hand, and each district as its own. A district's data reaches an
// instance one way only: the region refuses the city's file when 兴庆区
// submitted to it directly, and 兴庆区's own file once the city's carries
// it.
func TestUpwardThreeLevels(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		jf, xqa, c, kj, kx := twoDistricts(t, db)
		jfFile, xqFile := export(t, jf, district, "2026-06", kj), export(t, xqa, xq, "2026-06", kx)
		for _, f := range [][]byte{jfFile, xqFile} {
			if _, err := c.Report.Import(admin, f); err != nil {
				t.Fatal(err)
			}
		}
		r := another(t, db)
		saveRegions(t, r, upper...)
		kc := keys(t, r, city)
		// A month a district has not submitted cannot be forwarded.
		priv, _ := report.ParsePrivateKey(kc)
		if _, err := c.Report.Export(admin, city, "2026-05", priv); err == nil || !strings.Contains(err.Error(), "尚未上报2026-05月") {
			t.Errorf("forwarding May: %v", err)
		}
		cityFile := export(t, c, city, "2026-06", kc)
		got, err := r.Report.Import(admin, cityFile)
		if err != nil || !got.Created {
			t.Fatalf("the city's file: %+v %v", got, err)
		}
		if s := got.Submission; strings.Join(s.Includes, ",") != "640104000000:2026-06,640106000000:2026-06" || s.Employers != 3 || s.LandBatches != 2 {
			t.Errorf("the city's submission %+v", s)
		}
		// The whole region and the city read there: the hand figures.
		checkCityFigures(t, r, jf, xqa, demo.Province)
		checkCityFigures(t, r, jf, xqa, city)
		// The counters: the region's figure is the city's, a district's is
		// its own, on the month's last day, a day inside it and over spans.
		for _, sp := range []report.Span{{From: "2026-06-01", To: "2026-06-30"}, {From: "2026-01-01", To: "2026-06-30"}, {From: "2026-01-01", To: "2026-06-15"}} {
			for _, pair := range []struct {
				a, b       *app.App
				ra, rb     string
				name, kind string
			}{
				{r, c, demo.Province, city, "region = city", ""}, {r, jf, district, district, "金凤区", ""}, {r, xqa, xq, xq, "兴庆区", ""},
			} {
				for kind, get := range map[string]func(a *app.App, region string) (any, error){
					"insured":       func(a *app.App, rg string) (any, error) { return a.Report.Insured(admin, rg, sp) },
					"enrollments":   func(a *app.App, rg string) (any, error) { return a.Report.Enrollments(admin, rg, sp) },
					"contributions": func(a *app.App, rg string) (any, error) { return a.Report.Contributions(admin, rg, sp) },
					"benefits":      func(a *app.App, rg string) (any, error) { return a.Report.Benefits(admin, rg, sp) },
					"subsidies":     func(a *app.App, rg string) (any, error) { return a.Report.Subsidies(admin, rg, sp) },
					"trend":         func(a *app.App, rg string) (any, error) { return a.Report.Trend(admin, rg, "active:390", sp) },
				} {
					if kind == "subsidies" && sp.To != "2026-06-30" {
						continue // the land funds travel as of month ends
					}
					x, err := get(pair.a, pair.ra)
					if err != nil {
						t.Fatal(err)
					}
					y, err := get(pair.b, pair.rb)
					if err != nil {
						t.Fatal(err)
					}
					// Compare the figures, not the region's code and name.
					gx, gy := stripRegion(t, x), stripRegion(t, y)
					if gx != gy {
						t.Errorf("%v %s %s:\n%s\nwant\n%s", sp, pair.name, kind, gx, gy)
					}
				}
			}
		}
		// 390 contributing in the region on 2026-06-30: 金凤区's C, D, E and
		// 兴庆区's H, J = 5 (TestUpwardCityEqualsDistricts).
		in, _ := r.Report.Insured(admin, demo.Province, report.Span{From: "2026-01-01", To: "2026-06-30"})
		if in.Scheme("390").Active != 5 {
			t.Errorf("the region's 390 = %d, want 5", in.Scheme("390").Active)
		}

		// One way only: 兴庆区 directly to the region, then the city's file…
		r2 := another(t, db)
		saveRegions(t, r2, append(upper, shebao.Region{Code: xq, Name: "兴庆区"})...)
		_, pub := mustKeys(t, kx)
		if _, _, err := r2.Report.Trust(admin, xq, pub); err != nil {
			t.Fatal(err)
		}
		_, cpub := mustKeys(t, kc)
		if _, _, err := r2.Report.Trust(admin, city, cpub); err != nil {
			t.Fatal(err)
		}
		if _, err := r2.Report.Import(admin, xqFile); err != nil {
			t.Fatal(err)
		}
		if _, err := r2.Report.Import(admin, cityFile); err == nil || !strings.Contains(err.Error(), "区划640104000000已直接向本级上报") {
			t.Errorf("the city's file over a district's own: %v", err)
		}
		// …and the district's own file after the city's.
		if _, _, err := r.Report.Trust(admin, xq, pub); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Report.Import(admin, xqFile); err == nil || !strings.Contains(err.Error(), "已由上级640100000000汇总上报") {
			t.Errorf("a district's file under the city's: %v", err)
		}
		if subs, _ := r.Report.Submissions(admin, "", ""); len(subs) != 1 {
			t.Errorf("submissions at the region: %+v", subs)
		}
	})
}

// stripRegion writes a report as JSON without its region's code and name.
func stripRegion(t *testing.T, v any) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(jsonOf(t, v)), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"region", "region_name", "name", "children", "regions"} {
		delete(m, k)
	}
	return jsonOf(t, m)
}

// TestUpwardResubmissionFigures: June submitted again after 20 June's
// collective payment of 500.00 for 宁土批[2026]1号 and a second employer
// replaces the earlier figures (kept as history): the city's land funds
// received are 11100.00 + 500.00 = 11600.00 and its employers 2, not the
// earlier file's plus the new.
func TestUpwardResubmissionFigures(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		jf := build(t, db).a
		addJinfengLand(t, jf)
		c, kj, _ := cityOf(t, db)
		if _, err := c.Report.Import(admin, export(t, jf, district, "2026-06", kj)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := jf.Land.RecordLandFund(admin, shebao.LandFund{ReceiptNo: "JF-HD-2", ApprovalNo: "宁土批[2026]1号", Payer: shebao.PayerCollective,
			Amount: shebao.Yuan(500), Date: "2026-06-20"}); err != nil {
			t.Fatal(err)
		}
		if err := jf.Registry.CreateEmployer(admin, &shebao.Employer{USCC: demo.USCC("640106", 8), Name: "金凤物流有限公司", RiskClass: 1,
			Region: "640106100202"}); err != nil {
			t.Fatal(err)
		}
		old := shebao.Now
		shebao.Now = func() time.Time { return old().Add(time.Hour) }
		if _, err := c.Report.Import(admin, export(t, jf, district, "2026-06", kj)); err != nil {
			t.Fatal(err)
		}
		subs, _ := c.Report.Submissions(admin, district, "2026-06")
		if len(subs) != 2 || subs[0].SupersededBy != subs[1].Digest || subs[0].Employers != 1 || subs[1].Employers != 2 || subs[1].SupersededBy != "" {
			t.Fatalf("history %+v", subs)
		}
		lr, err := report.Run(admin, report.Sources{Report: c.Report, Land: c.Land}, "land", report.Query{Region: city, Date: "2026-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		if tot := lr.(*shebao.LandReport).Total; tot.Batches != 1 || tot.Received != shebao.Yuan(11600) || tot.ReceivedCollective != shebao.Yuan(500) {
			t.Errorf("land after resubmission %+v", tot)
		}
		if st, _ := c.Report.StatsAt(admin, city, "2026-06-30"); st.Employers != 2 {
			t.Errorf("employers after resubmission %d, want 2", st.Employers)
		}
		sub, _ := c.Report.Subsidies(admin, city, report.Span{From: "2026-06-01", To: "2026-06-30"})
		var coll shebao.Money
		for _, l := range sub.Lines {
			if l.Item == "被征地农民基本生活保障资金(村集体)" {
				coll = l.Amount
			}
		}
		if coll != shebao.Yuan(500) {
			t.Errorf("June's collective land funding %s, want 500.00", coll)
		}
	})
}

// TestUpwardLumpSums: the 村改居 lump sums travel too (file format 3). 金凤区
// converts 640106100202 on 2026-03-01 and F joins; the village collective
// pays 1000.00 on 2026-03-10, F himself 500.00 on 2026-04-01 and the
// government 2000.00 on 2026-05-10. The city's subsidies of January to June
// then carry 村改居一次性补缴(政府) 2000.00 and (村集体) 1000.00 as 金凤区's
// own do (an individual's payment is no subsidy); April to June only the
// government's 2000.00. A file of format 2 still imports, says it lacks
// them, and carries none.
func TestUpwardLumpSums(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		jf := build(t, db).a
		f := demo.IDNumber("640106", date(1975, 5, 5), 61, true)
		if err := jf.Registry.CreatePerson(admin, &shebao.Person{IDNo: f, Name: "周六", Hukou: "农业", Region: "640106100202"}); err != nil {
			t.Fatal(err)
		}
		if _, err := jf.Collect.RegisterConversion(admin, "640106100202", "2026-03-01"); err != nil {
			t.Fatal(err)
		}
		if n, errs, err := jf.Collect.JoinConversion(admin, "640106100202", []string{f}); err != nil || n != 1 || errs[0] != nil {
			t.Fatalf("join: %d %v %v", n, errs, err)
		}
		for _, p := range []shebao.LumpSumPayment{
			{ReceiptNo: "JF-CG-1", IDNo: f, Payer: "村集体", Amount: shebao.Yuan(1000), PaidOn: "2026-03-10"},
			{ReceiptNo: "JF-CG-2", IDNo: f, Payer: "个人", Amount: shebao.Yuan(500), PaidOn: "2026-04-01"},
			{ReceiptNo: "JF-CG-3", IDNo: f, Payer: "政府", Amount: shebao.Yuan(2000), PaidOn: "2026-05-10"},
		} {
			if _, _, err := jf.Collect.RecordLumpSumPayment(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		lines := func(a *app.App, region string, sp report.Span) map[string]shebao.Money {
			t.Helper()
			sub, err := a.Report.Subsidies(admin, region, sp)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]shebao.Money{}
			for _, l := range sub.Lines {
				if strings.HasPrefix(l.Item, "村改居") {
					out[l.Item] = l.Amount
				}
			}
			return out
		}
		half := report.Span{From: "2026-01-01", To: "2026-06-30"}
		want := map[string]shebao.Money{"村改居一次性补缴(政府)": shebao.Yuan(2000), "村改居一次性补缴(村集体)": shebao.Yuan(1000)}
		if got := lines(jf, district, half); !maps.Equal(got, want) {
			t.Fatalf("金凤区's own: %v, want %v", got, want)
		}
		c, kj, _ := cityOf(t, db)
		file := export(t, jf, district, "2026-06", kj)
		got, err := c.Report.Import(admin, file)
		if err != nil || len(got.Submission.Lacks) != 0 {
			t.Fatalf("import: %+v %v", got, err)
		}
		for _, region := range []string{city, district, "640106100000"} {
			if got := lines(c, region, half); !maps.Equal(got, want) {
				t.Errorf("%s January to June: %v, want %v", region, got, want)
			}
		}
		q2 := map[string]shebao.Money{"村改居一次性补缴(政府)": shebao.Yuan(2000)}
		if got := lines(c, city, report.Span{From: "2026-04-01", To: "2026-06-30"}); !maps.Equal(got, q2) {
			t.Errorf("April to June: %v, want %v", got, q2)
		}
		if got := lines(c, "640106101000", half); len(got) != 0 {
			t.Errorf("another town: %v, want nothing", got)
		}

		// The same June as format 2 (no lump sums), exported later: it
		// replaces the first, says what it lacks, and the city has none.
		old := shebao.Now
		shebao.Now = func() time.Time { return old().Add(time.Hour) }
		var v2 report.File
		if err := json.Unmarshal(export(t, jf, district, "2026-06", kj), &v2); err != nil {
			t.Fatal(err)
		}
		v2.Format, v2.Figures.LumpSums, v2.Signature = report.FileFormatV2, nil, ""
		k, _ := report.ParsePrivateKey(kj)
		body, _ := json.Marshal(v2)
		v2.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(k, body))
		body, _ = json.Marshal(v2)
		got, err = c.Report.Import(admin, body)
		if err != nil || !got.Created || strings.Join(got.Submission.Lacks, "、") != "村改居一次性补缴" {
			t.Fatalf("format 2: %+v %v", got, err)
		}
		if got := lines(c, city, half); len(got) != 0 {
			t.Errorf("after a format-2 file: %v, want nothing", got)
		}
		// A format-2 file claiming lump sums is refused.
		var bad map[string]any
		_ = json.Unmarshal(file, &bad)
		bad["format"] = report.FileFormatV2
		b, _ := json.Marshal(bad)
		if _, err := c.Report.Import(admin, b); err == nil || !strings.Contains(err.Error(), "格式") {
			t.Errorf("format 2 with lump sums: %v", err)
		}
	})
}

// TestUpwardTransfers: the statistics of land transfer are counters, so
// they travel with the counters. 金凤区: A (魏家桥村第1村民小组) contracts
// 10.00 亩 of 耕地 and 2.00 of 园地 and lets 6.00 of the 耕地 and the 2.00
// to C (a farmer) from 2026-01-01 to 2027-12-31 at 500.00 a 亩 and year,
// verified: on 2026-06-30, 6.00 of 10.00 亩 耕地 transferred (60.00%), 8.00 in
// all, one contract, one household of one person (A has no household),
// rent 8.00 × 500.00 = 4000.00. The city reads exactly the district's
// report (its region aside), by 发包方 village and town; C takes 8.00 亩,
// under the 大户 threshold, so 农户 either way.
func TestUpwardTransfers(t *testing.T) {
	withClock(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := build(t, db)
		jf := f.a
		const issuer = "64010610020101"
		rows := []shebao.NewParcel{
			{Code: issuer + "00001", HeadIDNo: f.ids["A"], Area: "10", Class: "耕地", Start: "1998-01-01", End: "2027-12-31"},
			{Code: issuer + "00002", HeadIDNo: f.ids["A"], Area: "2", Class: "园地", Start: "1998-01-01", End: "2027-12-31"},
		}
		if _, errs, err := jf.Transfer.ImportParcels(admin, "parcels", rows); err != nil || errs[0] != nil || errs[1] != nil {
			t.Fatal(err, errs)
		}
		var lines []shebao.NewTransferLine
		for _, p := range []struct{ code, area string }{{issuer + "00001", "6"}, {issuer + "00002", "2"}} {
			lines = append(lines, shebao.NewTransferLine{No: "LZ-JF-1", Form: "出租", ParcelCode: p.code, Area: p.area, TransferorIDNo: f.ids["A"],
				TransfereeID: f.ids["C"], TransfereeName: "张三", Start: "2026-01-01", End: "2027-12-31", Rent: "500", Purpose: "种植水稻"})
		}
		if _, errs, err := jf.Transfer.ImportTransfers(admin, "t", lines); err != nil || errs[0] != nil {
			t.Fatal(err, errs)
		}
		tr, err := jf.Transfer.FindTransfer(admin, "LZ-JF-1")
		if err != nil {
			t.Fatal(err)
		}
		// The approval's execution, by the store.
		if err := f.db.VerifyTransfer(admin, tr, "2026-01-05"); err != nil {
			t.Fatal(err)
		}
		mine, err := jf.Report.Transfers(admin, district, "2026-06-30")
		if err != nil {
			t.Fatal(err)
		}
		want := shebao.TransferFigures{ArableMu: "10.00", TransferredMu: "6.00", SharePercent: "60.00", AllTransferredMu: "8.00",
			Contracts: 1, Households: 1, Persons: 1, RentYearly: shebao.Yuan(4000), RentPerCapita: shebao.Yuan(4000)}
		if mine.TransferFigures != want {
			t.Fatalf("金凤区 %+v, want %+v", mine.TransferFigures, want)
		}
		c, kj, _ := cityOf(t, db)
		if _, err := c.Report.Import(admin, export(t, jf, district, "2026-06", kj)); err != nil {
			t.Fatal(err)
		}
		for _, region := range []string{district, "640106100000", "640106100201"} {
			x, err := jf.Report.Transfers(admin, region, "2026-06-30")
			if err != nil {
				t.Fatal(err)
			}
			y, err := c.Report.Transfers(admin, region, "2026-06-30")
			if err != nil {
				t.Fatal(err)
			}
			if gx, gy := stripRegion(t, x), stripRegion(t, y); gx != gy {
				t.Errorf("%s at the city:\n%s\nwant the district's\n%s", region, gy, gx)
			}
		}
		cr, err := c.Report.Transfers(admin, city, "2026-06-30")
		if err != nil {
			t.Fatal(err)
		}
		if cr.TransferFigures != want || len(cr.Children) != 1 || cr.Children[0].Code != district || cr.Children[0].TransferFigures != want {
			t.Errorf("银川市 %+v", cr)
		}
	})
}
