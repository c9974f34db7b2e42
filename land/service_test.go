package land_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/idno"
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

// A roster submission answers nothing from outside the submitter's
// jurisdiction (issue 14, item 3): a person registered in another town is
// answered word for word as an unregistered number (not with their
// village, nor the batch whose roster they are on), a person who moved in
// from there after being put on that village's roster is told they are on
// another batch's roster without its number, and every submission is
// audited with the numbers it looked up — also when every line was refused.
func TestRosterAnswersNothingFromOutside(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		fixClock(t, "2025-09-15")
		sqldbtest.SeedRegions(t, a)
		const yingliu = "640106101201" // 英刘村, 丰登镇: another town
		const otherBatch = "宁土批〔2025〕8号"
		born := time.Date(1960, 5, 10, 0, 0, 0, 0, time.UTC)
		elsewhere := demo.IDNumber("640106", born, 21, true) // lives in 英刘村, on its roster
		movedIn := demo.IDNumber("640106", born, 22, true)   // was on 英刘村's roster, moved to 魏家桥村
		nobody := demo.IDNumber("640106", born, 23, true)    // not registered
		stranger := demo.IDNumber("640106", born, 24, true)  // lives in 英刘村, on no roster
		for _, p := range []*shebao.Person{
			{IDNo: elsewhere, Name: "杨远", Hukou: shebao.HukouAgricultural, Region: yingliu},
			{IDNo: stranger, Name: "杨生", Hukou: shebao.HukouAgricultural, Region: yingliu},
			{IDNo: movedIn, Name: "杨近", Hukou: shebao.HukouAgricultural, Region: yingliu},
		} {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, nb := range []shebao.NewLandBatch{
			{ApprovalNo: batchNo, ApprovedOn: "2025-03-01", Region: village, AreaTaken: "450", Farmland: "1200", AgriPopulation: 600},
			{ApprovalNo: otherBatch, ApprovedOn: "2025-03-01", Region: yingliu, AreaTaken: "450", Farmland: "1200", AgriPopulation: 600},
		} {
			if _, _, err := a.Land.SaveLandBatch(landBureau, nb); err != nil {
				t.Fatal(err)
			}
		}
		if _, errs, err := a.Land.SubmitRoster(clerk, "r0", []shebao.RosterEntry{{ApprovalNo: otherBatch, IDNo: elsewhere, Name: "杨远"},
			{ApprovalNo: otherBatch, IDNo: movedIn, Name: "杨近"}}); err != nil || errs[0] != nil || errs[1] != nil {
			t.Fatalf("英刘村's roster: %v %v", errs, err)
		}
		moved := village
		if _, err := a.Registry.UpdatePerson(admin, movedIn, shebao.PersonUpdate{Region: &moved, Reason: "迁入"}); err != nil {
			t.Fatal(err)
		}

		outs, errs, err := a.Land.SubmitRoster(villager, "r1", []shebao.RosterEntry{
			{ApprovalNo: batchNo, IDNo: elsewhere, Name: "杨远"},
			{ApprovalNo: batchNo, IDNo: nobody, Name: "杨无"},
			{ApprovalNo: batchNo, IDNo: movedIn, Name: "杨近"},
			{ApprovalNo: batchNo, IDNo: stranger, Name: "杨生"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if errs[0] == nil || errs[1] == nil || errs[2] == nil || errs[3] == nil {
			t.Fatalf("accepted: %v %v", outs, errs)
		}
		unknown := shebao.ErrorMessage(errs[1])
		for _, i := range []int{0, 3} {
			id := []string{elsewhere, "", "", stranger}[i]
			if got, want := shebao.ErrorMessage(errs[i]), strings.Replace(unknown, idno.MaskID(nobody), idno.MaskID(id), 1); got != want {
				t.Errorf("line %d, a person of another town: %q, want as for nobody: %q", i+1, got, want)
			}
		}
		for i, e := range errs {
			for _, leak := range []string{yingliu, "英刘村", "丰登镇", otherBatch, "2025〕8号", "杨生", "杨远"} {
				if strings.Contains(shebao.ErrorMessage(e), leak) {
					t.Errorf("line %d tells %q: %s", i+1, leak, shebao.ErrorMessage(e))
				}
			}
		}
		if !strings.Contains(shebao.ErrorMessage(errs[2]), "已在其他征地批次的名单中") {
			t.Errorf("a person on another village's roster: %s", shebao.ErrorMessage(errs[2]))
		}
		// The district sees both batches: it is told which.
		if _, errs, _ := a.Land.SubmitRoster(clerk, "r2", []shebao.RosterEntry{{ApprovalNo: batchNo, IDNo: movedIn, Name: "杨近"}}); errs[0] == nil ||
			!strings.Contains(shebao.ErrorMessage(errs[0]), otherBatch) {
			t.Errorf("the district is not told the batch: %v", errs[0])
		}
		// The refused submission is audited with what it looked up.
		es, err := a.Audit.FindAudit(admin, shebao.AuditFilter{Actor: "wjq", Limit: 10})
		if err != nil || len(es) != 1 || es[0].Action != "roster.submit" {
			t.Fatalf("audit %+v %v", es, err)
		}
		var after struct {
			LookedUp []string `json:"looked_up"`
			Refused  int      `json:"refused"`
			Created  int      `json:"created"`
		}
		json.Unmarshal(es[0].After, &after)
		if after.Refused != 4 || after.Created != 0 || len(after.LookedUp) != 4 || after.LookedUp[0] != elsewhere {
			t.Errorf("audit entry %s", es[0].After)
		}
	})
}
