package transfer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestTransfereeRegistration (issue #17 item 2): an organisation taking
// land that is not registered is registered as an employer of the
// contract's village with the contract, in the same transaction (and not
// when the row is refused); a registered one must be named as registered;
// a person taking land must be a registered person.
func TestTransfereeRegistration(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := landOf(t, a)
		if _, err := a.Registry.FindEmployer(admin, coop); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Fatalf("the cooperative is registered before: %v", err)
		}
		l := line("LZ-1", p1, "10", ids["a"], ids)
		l.TransfereeID, l.TransfereeName = coop, "魏丰土地股份专业合作社"
		// Refused (non-agricultural): nothing registered.
		build := l
		build.Purpose = "建设仓储"
		if _, errs := importLines(t, a, "b", build); errs[0] == nil {
			t.Fatal("non-agricultural accepted")
		}
		if _, err := a.Registry.FindEmployer(admin, coop); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Fatalf("registered by a refused row: %v", err)
		}
		if out, errs := importLines(t, a, "t1", l); errs[0] != nil || out[0] != shebao.Created {
			t.Fatalf("LZ-1: %v %v", out, errs)
		}
		e, err := a.Registry.FindEmployer(admin, coop)
		if err != nil {
			t.Fatal(err)
		}
		if e.Name != "魏丰土地股份专业合作社" || e.Region != village || e.RiskClass != 4 || e.Industry != "农业" || e.Source != "transfer:t1:LZ-1" {
			t.Errorf("registered: %+v", e)
		}
		// Again: unchanged, registered once.
		if out, errs := importLines(t, a, "t1b", l); errs[0] != nil || out[0] != shebao.Unchanged {
			t.Errorf("again: %v %v", out, errs)
		}
		// Another contract naming the cooperative otherwise.
		other := line("LZ-2", p3, "6", ids["b"], ids)
		other.TransfereeID, other.TransfereeName = coop, "魏丰合作社"
		if _, errs := importLines(t, a, "t2", other); fieldOf(errs[0]) != "受入方名称" || !strings.Contains(errs[0].Error(), "魏丰土地股份专业合作社") {
			t.Errorf("another name: %v", errs[0])
		}
		// A person not in the registry.
		stranger := line("LZ-3", p2, "4", ids["a"], ids)
		stranger.TransfereeID = demo.IDNumber("640106", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 77, false)
		stranger.TransfereeName = "外村人"
		if _, errs := importLines(t, a, "t3", stranger); fieldOf(errs[0]) != "受入方" || !strings.Contains(errs[0].Error(), "不是人员库登记的人员") {
			t.Errorf("unregistered person: %v", errs[0])
		}
		// An enterprise by the API: registered with the contract.
		ent := line("LZ-4", p2, "4", ids["a"], ids)
		ent.TransfereeID, ent.TransfereeName, ent.Purpose = enterprise, "宁夏农业开发有限公司", "枸杞种植"
		if _, outcome, err := a.Transfer.SaveTransfer(villager, []shebao.NewTransferLine{ent}); err != nil || outcome != shebao.Created {
			t.Fatalf("API: %v %v", outcome, err)
		}
		if e, err := a.Registry.FindEmployer(admin, enterprise); err != nil || e.Name != "宁夏农业开发有限公司" || e.Source != "transfer:LZ-4" {
			t.Errorf("enterprise: %+v %v", e, err)
		}
	})
}
