package transfer_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestRentsAndArrears: LZ-1 takes 6.00 亩 of p1 and 6.00 of p3 at 500.00
// 元/亩/年 from 2024-01-01 to 2027-12-31: 12.00 × 500.00 = 6000.00 due on
// each 1 January. Paid 6000.00 on 2024-01-05 and 3000.00 on 2025-02-01:
// on 2025-06-30 the 2025 rent has 3000.00 unpaid, 180 days overdue
// (30 + 28 + 31 + 30 + 31 + 30).
func TestRentsAndArrears(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := landOf(t, a)
		if _, errs := importLines(t, a, "t1", line("LZ-1", p1, "6", ids["a"], ids), line("LZ-1", p3, "6", ids["b"], ids)); errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		pay := func(receipt, amount, date string) (*shebao.RentPayment, bool, error) {
			m, _ := shebao.ParseYuan(amount)
			return a.Transfer.RecordRentPayment(town, shebao.RentPayment{Receipt: receipt, No: "LZ-1", Amount: m, Date: date})
		}
		if _, _, err := pay("R1", "6000", "2024-01-05"); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("rent of a contract not verified: %v", err)
		}
		if _, err := a.Approve.DecideApproval(town, pendingApproval(t, a, shebao.ApproveTransferVerify, "LZ-1").ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, created, err := pay("R1", "6000", "2024-01-05"); err != nil || !created {
			t.Fatalf("R1: %v", err)
		}
		if _, created, err := pay("R2", "3000", "2025-02-01"); err != nil || !created {
			t.Fatalf("R2: %v", err)
		}
		// The same receipt again changes nothing; with another amount it
		// is refused.
		if _, created, err := pay("R2", "3000", "2025-02-01"); err != nil || created {
			t.Errorf("R2 again: %v %v", created, err)
		}
		if _, _, err := pay("R2", "3500", "2025-02-01"); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("R2 changed: %v", err)
		}
		// The whole term owes 4 × 6000.00 = 24000.00; 9000.00 paid leaves
		// 15000.00.
		if _, _, err := pay("R3", "15000.01", "2025-03-01"); err == nil {
			t.Error("more than the contract owes")
		}

		r, err := a.Transfer.RentArrears(town, "640106100000", "2025-06-30")
		if err != nil {
			t.Fatal(err)
		}
		if r.Contracts != 1 || r.Unpaid != 300000 || len(r.Towns) != 1 || r.Towns[0].Name != "良田镇" ||
			len(r.Towns[0].Villages) != 1 || r.Towns[0].Villages[0].Name != "魏家桥村" {
			t.Fatalf("arrears: %+v", r)
		}
		it := r.Towns[0].Villages[0].Items
		if len(it) != 1 || it[0].Seq != 2 || it[0].Due != "2025-01-01" || it[0].Amount != 600000 || it[0].Paid != 300000 ||
			it[0].Unpaid != 300000 || it[0].DaysOverdue != 180 || it[0].Transferors != "魏建国等2户" {
			t.Fatalf("items: %+v", it)
		}
		// On 2025-01-31 the payment of 2025-02-01 is not in yet: 6000.00 of
		// 2025 unpaid, 30 days overdue.
		if r, _ := a.Transfer.RentArrears(town, "", "2025-01-31"); r.Unpaid != 600000 || r.Towns[0].Villages[0].Items[0].DaysOverdue != 30 {
			t.Errorf("on 2025-01-31: %+v", r)
		}
		if r, err := a.Transfer.RentArrears(yingnan, "", "2025-06-30"); err != nil || r.Contracts != 0 {
			t.Errorf("other village: %+v %v", r, err)
		}

		// A dispute and its mediation.
		d := shebao.Dispute{CaseNo: "良调〔2025〕3号", No: "LZ-1", FiledOn: "2025-07-01", Summary: "受入方拖欠2025年租金"}
		if _, err := a.Transfer.RecordDispute(villager, d); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Transfer.RecordDispute(villager, d); err != nil {
			t.Errorf("again: %v", err)
		}
		if got, err := a.Transfer.MediateDispute(town, "LZ-1", d.CaseNo, "2025-07-15", "受入方同意于2025-08-01前付清", true); err != nil ||
			got.Status != shebao.DisputeSettled {
			t.Fatalf("mediate: %+v %v", got, err)
		}
		if _, err := a.Transfer.MediateDispute(town, "LZ-1", d.CaseNo, "2025-07-16", "再次调解", false); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("mediated twice: %v", err)
		}
		tr, _ := a.Transfer.FindTransfer(town, "LZ-1")
		if len(tr.Disputes) != 1 || tr.Disputes[0].Outcome != "受入方同意于2025-08-01前付清" {
			t.Errorf("disputes: %+v", tr.Disputes)
		}
	})
}

// TestCoopYear: the cooperative takes on deposit p2 (4.00 亩 of 魏建国) at
// 800.00 from 2025-01-01 — 3200.00 a year — and p3 (6.00 of 魏建军) with 4.00
// of p1 (魏建国) at 600.00 from 2025-03-01 — 10.00 × 600.00 = 6000.00 a
// year. In 2025 it owes 3200.00 + 6000.00 = 9200.00: 魏建国 3200.00 +
// 6000.00 × 4 ÷ 10 = 5600.00, 魏建军 6000.00 × 6 ÷ 10 = 3600.00; it paid
// 3200.00 in 2025 (and nothing counts from 2024).
func TestCoopYear(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := landOf(t, a)
		c1 := line("CUN-1", p2, "4", ids["a"], ids)
		c2a, c2b := line("CUN-2", p3, "6", ids["b"], ids), line("CUN-2", p1, "4", ids["a"], ids)
		for _, l := range []*shebao.NewTransferLine{&c1, &c2a, &c2b} {
			l.TransfereeID, l.TransfereeName, l.Form = coop, "良田镇土地信用合作社", "出租"
		}
		c1.Rent, c1.Start = "800", "2025-01-01"
		c2a.Rent, c2a.Start, c2b.Rent, c2b.Start = "600", "2025-03-01", "600", "2025-03-01"
		if _, errs := importLines(t, a, "c1", c1); errs[0] != nil {
			t.Fatal(errs)
		}
		if _, errs := importLines(t, a, "c2", c2a, c2b); errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		for _, no := range []string{"CUN-1", "CUN-2"} {
			if _, err := a.Approve.DecideApproval(town, pendingApproval(t, a, shebao.ApproveTransferVerify, no).ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := a.Transfer.RecordRentPayment(town, shebao.RentPayment{Receipt: "C-1", No: "CUN-1", Amount: shebao.Yuan(3200), Date: "2025-01-10"}); err != nil {
			t.Fatal(err)
		}
		y, err := a.Transfer.CoopYear(town, coop, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if y.Contracts != 2 || y.AreaMu != "14.00" || y.Due != 920000 || y.Paid != 320000 || len(y.Members) != 2 {
			t.Fatalf("coop: %+v", y)
		}
		want := map[string]shebao.CoopMember{ids["a"]: {IDNo: ids["a"], Name: "魏建国", AreaMu: "8.00", Due: 560000},
			ids["b"]: {IDNo: ids["b"], Name: "魏建军", AreaMu: "6.00", Due: 360000}}
		for _, m := range y.Members {
			if m != want[m.IDNo] {
				t.Errorf("member: %+v, want %+v", m, want[m.IDNo])
			}
		}
		if y, _ := a.Transfer.CoopYear(yingnan, coop, 2025); y.Contracts != 0 {
			t.Errorf("other village: %+v", y)
		}
	})
}
