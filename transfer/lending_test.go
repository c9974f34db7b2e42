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
	"github.com/shebao/shebao/transfer"
)

const p5 = issuer + "00005" // 魏建华, 4.00 亩 耕地

// depositOf registers a third household (魏建华 with p5, 4.00 亩) and the
// verified deposit CUN-9 of three households with the cooperative: p1
// 10.00 (魏建国), p3 6.00 (魏建军), p5 4.00 (魏建华) at 500.00 元/亩/年,
// 2025-01-01 to 2027-12-31. It returns the ids with "d" for 魏建华.
func depositOf(t *testing.T, a *app.App) map[string]string {
	t.Helper()
	ids := landOf(t, a)
	ids["d"] = demo.IDNumber("640106", time.Date(1970, 5, 1, 0, 0, 0, 0, time.UTC), 41, false)
	if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: ids["d"], Name: "魏建华", Hukou: shebao.HukouAgricultural, Region: village}); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := a.Transfer.ImportParcels(villager, "p5", []shebao.NewParcel{parcel(p5, ids["d"], "4", "耕地")}); err != nil || errs[0] != nil {
		t.Fatal(err, errs)
	}
	var ls []shebao.NewTransferLine
	for _, l := range []struct{ parcel, area, from string }{{p1, "10", ids["a"]}, {p3, "6", ids["b"]}, {p5, "4", ids["d"]}} {
		d := line("CUN-9", l.parcel, l.area, l.from, ids)
		d.TransfereeID, d.TransfereeName, d.Start = coop, "良田镇土地信用合作社", "2025-01-01"
		ls = append(ls, d)
	}
	if _, errs := importLines(t, a, "cun9", ls...); errs[0] != nil || errs[1] != nil || errs[2] != nil {
		t.Fatal(errs)
	}
	return ids
}

// lend is a lending (贷出) by the cooperative of area of CUN-9 to 李明 at
// 650.00 元/亩/年, 2025-01-01 to 2027-12-31.
func lend(no, area string, ids map[string]string) shebao.NewTransferLine {
	return shebao.NewTransferLine{No: no, Form: "出租", Deposit: "CUN-9", Area: area, TransferorIDNo: coop,
		TransfereeID: ids["c"], TransfereeName: "李明", Start: "2025-01-01", End: "2027-12-31", Rent: "650", Purpose: "种植水稻"}
}

// TestCoopLending (issue #17 item 4): the 土地信用合作社 lends on (贷出)
// land its members deposited (存入). Hand-worked: 3 households deposit
// 10.00 + 6.00 + 4.00 = 20.00 亩 at 500.00 元/亩/年 → deposit rents
// 20.00 × 500.00 = 10000.00 a year (魏建国 5000.00, 魏建军 3000.00, 魏建华
// 2000.00); 18.00 亩 lent at 650.00 → 11700.00 a year; margin 11700.00 −
// 10000.00 = 1700.00. 20.01 亩 is refused (20.00 free); with 18.00 lent,
// 2.01 more is refused (2.00 free).
func TestCoopLending(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := depositOf(t, a)
		refused := func(name, field, words string, l shebao.NewTransferLine) {
			t.Helper()
			_, errs := importLines(t, a, "r-"+name, l)
			if errs[0] == nil || !strings.Contains(shebao.ErrorMessage(errs[0]), words) {
				t.Errorf("%s: want %q, got %v", name, words, errs[0])
			} else if f := fieldOf(errs[0]); f != field {
				t.Errorf("%s: field %s, want %s", name, f, field)
			}
		}
		refused("deposit not verified", "存入合同号", "存入合同CUN-9待鉴证", lend("DAI-1", "18", ids))
		if _, err := a.Approve.DecideApproval(town, pendingApproval(t, a, shebao.ApproveTransferVerify, "CUN-9").ID, true, ""); err != nil {
			t.Fatal(err)
		}
		refused("more than deposited", "流转面积", "存入合同CUN-9存入20.00亩,2025-01-01至2027-12-31期间已贷出0.00亩,可贷出20.00亩,不足20.01亩",
			lend("DAI-1", "20.01", ids))
		long := lend("DAI-1", "18", ids)
		long.End = "2028-12-31"
		refused("beyond the deposit's term", "结束日期", "超过存入期限", long)
		notCoop := lend("DAI-1", "18", ids)
		notCoop.TransferorIDNo = enterprise
		refused("an enterprise lends", "转出方身份证号", "不是农民专业合作社", notCoop)
		build := lend("DAI-1", "18", ids)
		build.Purpose = "建设仓储"
		refused("non-agricultural", "用途", "非农业用途", build)
		refused("unknown deposit", "存入合同号", "未登记", func() shebao.NewTransferLine { l := lend("DAI-1", "1", ids); l.Deposit = "CUN-404"; return l }())
		// A contract of which the cooperative is not the transferee.
		if _, errs := importLines(t, a, "lz5", line("LZ-5", p2, "4", ids["a"], ids)); errs[0] != nil {
			t.Fatal(errs)
		}
		refused("not its deposit", "存入合同号", "不是转出方", func() shebao.NewTransferLine { l := lend("DAI-1", "1", ids); l.Deposit = "LZ-5"; return l }())

		out, errs := importLines(t, a, "dai1", lend("DAI-1", "18", ids))
		if errs[0] != nil || out[0] != shebao.Created {
			t.Fatalf("DAI-1: %v %v", out, errs)
		}
		if out, errs := importLines(t, a, "dai1-again", lend("DAI-1", "18", ids)); errs[0] != nil || out[0] != shebao.Unchanged {
			t.Errorf("DAI-1 again: %v %v", out, errs)
		}
		// 18.00 of 20.00 lent: 2.00 free, also for a part of the period.
		part := lend("DAI-2", "2.01", ids)
		part.Start, part.End = "2026-03-01", "2026-12-31"
		refused("double lending", "流转面积", "已贷出18.00亩,可贷出2.00亩,不足2.01亩", part)
		if _, err := a.Approve.DecideApproval(town, pendingApproval(t, a, shebao.ApproveTransferVerify, "DAI-1").ID, true, ""); err != nil {
			t.Fatal(err)
		}
		got, err := a.Transfer.FindTransfer(town, "DAI-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Lender != coop || got.LenderName != "良田镇土地信用合作社" || got.Area != "18.00" || len(got.Loans) != 1 ||
			got.Loans[0].DepositNo != "CUN-9" || len(got.Parcels) != 0 || got.Transferors() != "良田镇土地信用合作社" {
			t.Fatalf("DAI-1: %+v", got)
		}

		// The lending's rent received, the deposit's rent paid.
		for _, p := range []shebao.RentPayment{{Receipt: "D-1", No: "DAI-1", Amount: shebao.Yuan(11700), Date: "2025-01-15"},
			{Receipt: "C-1", No: "CUN-9", Amount: shebao.Yuan(10000), Date: "2025-01-20"}} {
			if _, _, err := a.Transfer.RecordRentPayment(town, p); err != nil {
				t.Fatal(err)
			}
		}
		y, err := a.Transfer.CoopYear(town, coop, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if y.Contracts != 1 || y.AreaMu != "20.00" || y.Due != shebao.Yuan(10000) || y.Paid != shebao.Yuan(10000) ||
			y.LendingContracts != 1 || y.LentMu != "18.00" || y.LendingDue != shebao.Yuan(11700) || y.LendingReceived != shebao.Yuan(11700) ||
			y.Margin != shebao.Yuan(1700) {
			t.Fatalf("coop 2025: %+v", y)
		}
		want := map[string]shebao.Money{ids["a"]: shebao.Yuan(5000), ids["b"]: shebao.Yuan(3000), ids["d"]: shebao.Yuan(2000)}
		for _, m := range y.Members {
			if m.Due != want[m.IDNo] {
				t.Errorf("member %s: %s, want %s", m.Name, m.Due, want[m.IDNo])
			}
		}
		if len(y.Members) != 3 {
			t.Errorf("members: %+v", y.Members)
		}
		// Contract by contract: CUN-9, 20.00 亩 at 500.00, owes 10000.00
		// in 2025 (paid on 2025-01-20); DAI-1, 18.00 亩 at 650.00, 11700.00
		// (received on 2025-01-15).
		if len(y.Deposits) != 1 || y.Deposits[0] != (shebao.CoopContract{No: "CUN-9", Region: "魏家桥村", Party: "魏建国等3户",
			AreaMu: "20.00", Rent: shebao.Yuan(500), Start: "2025-01-01", End: "2027-12-31", Due: shebao.Yuan(10000), Paid: shebao.Yuan(10000)}) {
			t.Errorf("deposits: %+v", y.Deposits)
		}
		if len(y.Lendings) != 1 || y.Lendings[0] != (shebao.CoopContract{No: "DAI-1", Region: "魏家桥村", Party: "李明", AreaMu: "18.00",
			Rent: shebao.Yuan(650), Start: "2025-01-01", End: "2027-12-31", Due: shebao.Yuan(11700), Paid: shebao.Yuan(11700)}) {
			t.Errorf("lendings: %+v", y.Lendings)
		}
		// 魏建国 (a citizen) sees his deposit, not the lending, and his
		// share: 10.00 of 20.00 亩, 5000.00 due and paid in 2025.
		citizen := sqldbtest.As(shebao.Actor{Name: "wjg", Role: shebao.RoleCitizen, Region: "640106", IDNo: ids["a"]})
		// (his own LZ-5 to 李明 too, not the cooperative's DAI-1).
		mine, _, err := a.Transfer.FindTransfers(citizen, shebao.TransferFilter{Limit: 10})
		if err != nil || len(mine) != 2 || mine[0].No == "DAI-1" || mine[1].No == "DAI-1" {
			t.Fatalf("citizen's transfers: %v", err)
		}
		dep, err := a.Transfer.FindTransfer(citizen, "CUN-9")
		if err != nil {
			t.Fatal(err)
		}
		mine = []*shebao.Transfer{dep}
		owed, _, err := a.Transfer.TransferRents(citizen, mine[0], "2025-06-30")
		if err != nil {
			t.Fatal(err)
		}
		area, shares, ok := transfer.HouseholdShare(mine[0], ids["a"], owed)
		if !ok || area != 1000 || len(shares) != 3 || shares[0].Amount != shebao.Yuan(5000) || shares[0].Paid != shebao.Yuan(5000) ||
			shares[0].Unpaid != 0 || !strings.Contains(shares[0].Explanation, "本户10.00亩 ÷ 合同20.00亩:应得5000.00元") {
			t.Errorf("share: %v %v %+v", area, ok, shares)
		}
		// Lent land is not transferred twice in the statistics: 20.00 亩
		// of 耕地 out of the households (p1 10.00 + p3 6.00 + p5 4.00).
		if r, err := a.Transfer.TransferReportAt(town, village, "2025-06-30"); err != nil || r.TransferredMu != "20.00" {
			t.Errorf("report: %+v %v", r, err)
		}
		// The deposit cannot end while the lending drawn on it runs after
		// that day: the cooperative would lend land it no longer holds.
		if _, err := a.Transfer.EndTransfer(town, "CUN-9", "2025-12-31", "农户收回"); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "请先终止该贷出合同") || !strings.Contains(shebao.ErrorMessage(err), "DAI-1") {
			t.Errorf("deposit ended under a lending: %v", err)
		}
		// Ended early on 2025-12-31, the lending frees its area from the
		// next day: 20.00 亩 may be lent for 2026–2027.
		if _, err := a.Transfer.EndTransfer(town, "DAI-1", "2025-12-31", "经营者退出"); err != nil {
			t.Fatal(err)
		}
		next := lend("DAI-3", "20", ids)
		next.Start = "2026-01-01"
		if _, errs := importLines(t, a, "dai3", next); errs[0] != nil {
			t.Errorf("after the early end: %v", errs[0])
		}
		// A village of another town's jurisdiction does not see the deposit.
		other := lend("DAI-4", "1", ids)
		if _, errs, err := a.Transfer.ImportTransfers(yingnan, "yn", []shebao.NewTransferLine{other}); err != nil ||
			errs[0] == nil || !strings.Contains(errs[0].Error(), "不在您的管辖范围内") {
			t.Errorf("other village: %v %v", errs, err)
		}
	})
}
