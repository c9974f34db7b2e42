package land_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/land"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

const (
	village = "640106100201" // 魏家桥村, 良田镇, 金凤区
	batchNo = "宁土批〔2025〕7号"
)

var (
	admin      = sqldbtest.Admin()
	landBureau = sqldbtest.As(shebao.Actor{Name: "gtj", Role: "land", Region: "640106000000"})
	villager   = sqldbtest.As(shebao.Actor{Name: "wjq", Role: "village", Region: village})
	clerk      = sqldbtest.As(shebao.Actor{Name: "clerk1", Role: "clerk", Region: "640106000000"})
	finance    = sqldbtest.As(shebao.Actor{Name: "cw1", Role: "clerk/finance", Region: "640106000000"})
)

// fixClock fixes the domain's clock at the day (China time) for the test.
func fixClock(t *testing.T, day string) {
	t.Helper()
	d, err := time.ParseInLocation(shebao.DateLayout, day, shebao.ChinaTime)
	if err != nil {
		t.Fatal(err)
	}
	prev := shebao.Now
	shebao.Now = func() time.Time { return d.Add(10 * time.Hour) }
	t.Cleanup(func() { shebao.Now = prev })
}

// landPeople are four villagers of 魏家桥村 with their age at the approval
// (2025-03-01) and the default band it puts them in:
//
//	child  born 2015-05-01:  9 → 未满16周岁, one-off 5000.00
//	worker born 1970-05-10: 54 → 劳动年龄段(女16–54), pension support 37000.00;
//	                        55 on 2025-05-10, so an allowance from 2025-06
//	                        where the district pays the working-age one
//	elder  born 1956-05-10: 68 → 老年段(女55–69), 120.00 a month
//	oldest born 1955-08-20: 69 → 老年段(女55–69), 120.00 a month; 70 on
//	                        2025-08-20, so 70–79周岁 at 160.00 from 2025-09
var landPeople = []struct {
	key, name, birth string
	seq              int
}{
	{"child", "魏小宝", "2015-05-01", 11},
	{"worker", "魏桂兰", "1970-05-10", 12},
	{"elder", "魏秀英", "1956-05-10", 13},
	{"oldest", "魏玉珍", "1955-08-20", 14},
}

func register(t *testing.T, a *app.App) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for _, p := range landPeople {
		b, _ := time.Parse(shebao.DateLayout, p.birth)
		id := demo.IDNumber("640106", b, p.seq, p.key == "child")
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: p.name, Hukou: shebao.HukouAgricultural, Region: village}); err != nil {
			t.Fatal(err)
		}
		ids[p.key] = id
	}
	return ids
}

// TestLandSecurityFlow follows one expropriation from the land bureau's
// batch to the allowances: persons to secure 450 亩 of 1200 for 600 → 225
// (土地管理法's 应安置农业人口 = area ÷ farmland per person); the village's
// roster banded at the approval date; acceptance 12 days after the
// approval enrolling everyone in 910 with the benefits due and the pension
// support; the monthly allowance run as a batch job in chunks, which
// creates and steps up allowances once however often it runs.
func TestLandSecurityFlow(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		fixClock(t, "2025-09-15")
		sqldbtest.SeedRegions(t, a)
		ids := register(t, a)

		b, out, err := a.Land.SaveLandBatch(landBureau, shebao.NewLandBatch{ApprovalNo: "宁土批[2025]7号", ApprovedOn: "2025-03-01",
			Region: village, AreaTaken: "450", Farmland: "1200", AgriPopulation: 600})
		if err != nil || out != shebao.Created || b.ApprovalNo != batchNo || b.PersonsToSecure != 225 {
			t.Fatalf("batch %+v %v %v", b, out, err)
		}
		if _, out, err := a.Land.SaveLandBatch(landBureau, shebao.NewLandBatch{ApprovalNo: batchNo, ApprovedOn: "2025-03-01",
			Region: village, AreaTaken: "450.00", Farmland: "1,200", AgriPopulation: 600}); err != nil || out != shebao.Unchanged {
			t.Errorf("the same batch again: %v %v", out, err)
		}

		var entries []shebao.RosterEntry
		for _, p := range landPeople {
			entries = append(entries, shebao.RosterEntry{ApprovalNo: batchNo, IDNo: ids[p.key], Name: p.name})
		}
		entries = append(entries, shebao.RosterEntry{ApprovalNo: batchNo, IDNo: ids["elder"], Name: landPeople[2].name},
			shebao.RosterEntry{ApprovalNo: batchNo, IDNo: ids["elder"][:17] + "0", Name: "无此人"})
		outs, errs, err := a.Land.SubmitRoster(villager, "r", entries)
		if err != nil {
			t.Fatal(err)
		}
		for i := range landPeople {
			if errs[i] != nil || outs[i] != shebao.Created {
				t.Errorf("line %d: %v %v", i+1, outs[i], errs[i])
			}
		}
		if errs[4] != nil || outs[4] != shebao.Unchanged {
			t.Errorf("a line submitted twice: %v %v", outs[4], errs[4])
		}
		if errs[5] == nil {
			t.Errorf("a number that is not one: %v", outs[5])
		}

		acc, err := a.Land.AcceptRoster(clerk, batchNo, "2025-03-13")
		if err != nil {
			t.Fatal(err)
		}
		if acc.Enrolled != 4 || acc.LumpSums != 1 || acc.Allowances != 2 || acc.PensionPersons != 1 || acc.PensionSubsidy != shebao.Yuan(37000) {
			t.Errorf("acceptance %+v", acc)
		}
		roster, err := a.Land.FindRoster(clerk, batchNo)
		if err != nil || len(roster) != 4 {
			t.Fatalf("roster %v %v", roster, err)
		}
		for _, l := range roster {
			if l.Status != shebao.RosterEnrolled || l.LagDays == nil || *l.LagDays != 12 {
				t.Errorf("line %s: %s lag %v", l.Name, l.Status, l.LagDays)
			}
		}
		p, err := a.Registry.FindPerson(admin, ids["elder"])
		if err != nil || p.Hukou != shebao.HukouNonAgricultural || len(p.Enrollments) != 1 || p.Enrollments[0].Scheme != shebao.SchemeLandExpropriated {
			t.Errorf("elder after acceptance %+v %v", p, err)
		}

		// The district pays the working-age their allowance from its age:
		// the worker's starts in June, found by July's run, in chunks of one.
		if _, err := a.Params.LoadPolicy(admin, "district.toml", "", []policy.Param{{Key: "land.pension_band_allowance", Region: "640106000000",
			From: "2025-01-01", Value: "1", Source: "区政策(测试)"}}); err != nil {
			t.Fatal(err)
		}
		restore := land.SetAllowanceChunk(1)
		r, err := a.Land.RunLandAllowances(clerk, "2025-07")
		restore()
		if err != nil || r.Checked != 4 || r.Created != 1 || r.Adjusted != 0 {
			t.Fatalf("July: %+v %v", r, err)
		}
		run, err := a.Batch.Find(admin, land.JobAllowances, "2025-07")
		if err != nil || run == nil || run.Status != batch.StatusDone || run.Done != 4 {
			t.Fatalf("July's run record %+v %v", run, err)
		}
		var detail shebao.LandAllowanceRun
		if err := json.Unmarshal(run.Detail, &detail); err != nil || detail != *r {
			t.Errorf("July's run detail %s, want %+v (%v)", run.Detail, r, err)
		}
		if r, err := a.Land.RunLandAllowances(clerk, "2025-07"); err != nil || r.Checked != 4 || r.Created != 0 || r.Adjusted != 0 {
			t.Errorf("July again: %+v %v", r, err)
		}

		// The oldest turns 70 in August: September steps her up, once.
		if r, err := a.Land.RunLandAllowances(clerk, "2025-09"); err != nil || r.Created != 0 || r.Adjusted != 1 {
			t.Errorf("September: %+v %v", r, err)
		}
		if r, err := a.Land.RunLandAllowances(clerk, "2025-09"); err != nil || r.Adjusted != 0 {
			t.Errorf("September again: %+v %v", r, err)
		}
		if _, err := a.Land.RunLandAllowances(villager, "2025-09"); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a village ran the allowances: %v", err)
		}
		if run, _ := a.Batch.Find(admin, land.JobAllowances, "2025-08"); run != nil {
			t.Errorf("a run record of a month not run: %+v", run)
		}

		// Funds: one receipt once; the same number for something else is
		// a conflict.
		f := shebao.LandFund{ReceiptNo: "HD-1", ApprovalNo: batchNo, Payer: shebao.PayerGovernment, Amount: shebao.Yuan(11100), Date: "2025-03-20"}
		if _, created, err := a.Land.RecordLandFund(finance, f); err != nil || !created {
			t.Fatalf("fund: %v %v", created, err)
		}
		if _, created, err := a.Land.RecordLandFund(finance, f); err != nil || created {
			t.Errorf("fund again: %v %v", created, err)
		}
		f.Amount = shebao.Yuan(1)
		if _, _, err := a.Land.RecordLandFund(finance, f); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("a receipt reused: %v", err)
		}

		rep, err := a.Land.LandReport(clerk, "")
		if err != nil {
			t.Fatal(err)
		}
		if tot := rep.Total; tot.PersonsToSecure != 225 || tot.Enrolled != 4 || tot.Unsecured != 221 || tot.Received != shebao.Yuan(11100) ||
			tot.AvgLagDays != 12 || tot.Receiving != 3 || tot.Region != "640106000000" || len(rep.Villages) != 1 || len(rep.Towns) != 1 {
			t.Errorf("report total %+v", tot)
		}
		ws, err := a.Land.LandWarnings(clerk, "")
		if err != nil || len(ws) != 1 || !ws[0].Late || ws[0].Unsecured != 221 {
			t.Errorf("warnings %+v %v", ws, err)
		}
	})
}
