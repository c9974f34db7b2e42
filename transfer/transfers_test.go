package transfer_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

const (
	coop       = "93640106MA7WFHC10W" // a 农民专业合作社
	enterprise = "91640106MA7NYQY20H" // an enterprise
	p1         = issuer + "00001"     // 魏建国, 10.00 亩 耕地
	p2         = issuer + "00002"     // 魏建国, 4.00 亩 耕地
	p3         = issuer + "00003"     // 魏建军, 6.00 亩 耕地
	p4         = issuer + "00004"     // 魏建国, 150.00 亩 园地
)

// landOf registers the parcels of the transfer tests (second round, to
// 2027-12-31).
func landOf(t *testing.T, a *app.App) map[string]string {
	t.Helper()
	ids := people(t, a)
	rows := []shebao.NewParcel{
		parcel(p1, ids["a"], "10", "耕地"), parcel(p2, ids["a"], "4", "耕地"),
		parcel(p3, ids["b"], "6", "耕地"), parcel(p4, ids["a"], "150", "园地"),
	}
	_, errs, err := a.Transfer.ImportParcels(villager, "parcels", rows)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range errs {
		if e != nil {
			t.Fatalf("parcel %d: %v", i+1, e)
		}
	}
	return ids
}

// line is a row of a transfer to 李明 (a farmer of 盈南村), 出租, 2024–2027,
// 500 元/亩/年, for rice.
func line(no, parcel, area, from string, ids map[string]string) shebao.NewTransferLine {
	return shebao.NewTransferLine{No: no, Form: "出租", ParcelCode: parcel, Area: area, TransferorIDNo: from,
		TransfereeID: ids["c"], TransfereeName: "李明", Start: "2024-01-01", End: "2027-12-31", Rent: "500", Purpose: "种植水稻"}
}

func importLines(t *testing.T, a *app.App, run string, ls ...shebao.NewTransferLine) ([]shebao.Outcome, []error) {
	t.Helper()
	out, errs, err := a.Transfer.ImportTransfers(villager, run, ls)
	if err != nil {
		t.Fatal(err)
	}
	return out, errs
}

func pendingApproval(t *testing.T, a *app.App, kind, no string) *shebao.Approval {
	t.Helper()
	aps, err := a.Approve.FindApprovals(town, shebao.ApprovalPending, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, ap := range aps {
		if ap.Kind == kind && strings.Contains(ap.Summary, no) {
			return ap
		}
	}
	t.Fatalf("no pending %s for %s", kind, no)
	return nil
}

// TestTransferRules: every refusal of a transfer contract, the free area
// of a parcel over time, 鉴证 by the town, and the early end.
func TestTransferRules(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := landOf(t, a)
		// T1: 6.00 of p1's 10.00 亩 and all of p3 (another household).
		out, errs := importLines(t, a, "t1", line("LZ-1", p1, "6", ids["a"], ids), line("LZ-1", p3, "6.00", ids["b"], ids))
		if errs[0] != nil || errs[1] != nil || out[0] != shebao.Created || out[1] != shebao.Created {
			t.Fatalf("T1: %v %v", out, errs)
		}

		refused := func(name, field, words string, l shebao.NewTransferLine) {
			t.Helper()
			_, errs := importLines(t, a, "r-"+name, l)
			var e *shebao.Error
			if errs[0] == nil || !strings.Contains(shebao.ErrorMessage(errs[0]), words) {
				t.Errorf("%s: want %q, got %v", name, words, errs[0])
			} else if e, _ = errs[0].(*shebao.Error); field != "" && e.Field != field {
				t.Errorf("%s: field %s, want %s", name, e.Field, field)
			}
		}
		long := line("LZ-2", p2, "4", ids["a"], ids)
		long.End = "2030-12-31" // the contract ends 2027-12-31
		refused("beyond the contract", "结束日期", "超过承包期剩余期限", long)
		build := line("LZ-3", p2, "4", ids["a"], ids)
		build.Purpose = "建设厂房"
		refused("non-agricultural", "用途", "非农业用途", build)
		// p1 has 10.00 − 6.00 = 4.00 亩 free in 2025–2026.
		twice := line("LZ-4", p1, "5", ids["a"], ids)
		twice.Start, twice.End = "2025-01-01", "2026-12-31"
		refused("double transfer", "流转面积", "已流转6.00亩,可流转4.00亩,不足5.00亩", twice)
		assign := line("LZ-5", p2, "4", ids["a"], ids)
		assign.Form = "转让"
		refused("转让 without consent", "发包方同意", "发包方书面同意", assign)
		refused("not the head", "转出方身份证号", "承包方代表是魏建军", line("LZ-6", p3, "1", ids["a"], ids))
		big := line("LZ-7", p4, "120", ids["a"], ids)
		big.TransfereeID, big.TransfereeName, big.Purpose = enterprise, "宁夏农业开发有限公司", "枸杞种植"
		refused("enterprise without 资格审查", "受入方", "须先经资格审查", big)

		// Exactly the free 4.00 亩 of p1 in 2025–2026 may go.
		twice.No, twice.Area = "LZ-8", "4"
		if out, errs := importLines(t, a, "t8", twice); errs[0] != nil || out[0] != shebao.Created {
			t.Fatalf("the free area: %v %v", out, errs)
		}

		// 资格审查: submitted by the town, approved by another town user;
		// then the enterprise's 120 亩 go.
		if _, err := a.Transfer.SubmitReview(town, shebao.TransferReview{USCC: enterprise, Name: "宁夏农业开发有限公司",
			Area: "150", Until: "2099-12-31"}); err != nil {
			t.Fatal(err)
		}
		ap := pendingApproval(t, a, shebao.ApproveTransferReview, enterprise)
		if _, err := a.Approve.DecideApproval(town2, ap.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if out, errs := importLines(t, a, "t7", big); errs[0] != nil || out[0] != shebao.Created {
			t.Fatalf("after 资格审查: %v %v", out, errs)
		}

		// 鉴证: a village user may not verify; the town's service centre does.
		ap = pendingApproval(t, a, shebao.ApproveTransferVerify, "LZ-1")
		village2 := sqldbtest.As(shebao.Actor{Name: "wjq2", Role: "village", Region: village})
		if _, err := a.Approve.DecideApproval(village2, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a village verifies: %v", err)
		}
		if _, err := a.Approve.DecideApproval(town, ap.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		t1, err := a.Transfer.FindTransfer(town, "LZ-1")
		if err != nil {
			t.Fatal(err)
		}
		// 6.00 + 6.00 = 12.00 亩 of two households; 2024–2027 is four years,
		// too short for 经营权登记.
		if t1.Status != shebao.TransferVerified || t1.Area != "12.00" || len(t1.Parcels) != 2 || t1.Registrable ||
			t1.TransfereeKind != shebao.TransfereeFarmer || t1.Rent != 50000 || t1.VerifiedBy != "ltz" {
			t.Fatalf("T1: %+v", t1)
		}
		// A re-run changes nothing; a verified contract cannot change.
		if out, errs := importLines(t, a, "t1-again", line("LZ-1", p1, "6", ids["a"], ids)); errs[0] != nil || out[0] != shebao.Unchanged {
			t.Errorf("re-run: %v %v", out, errs)
		}
		dearer := line("LZ-1", p1, "6", ids["a"], ids)
		dearer.Rent = "600"
		if _, errs := importLines(t, a, "t1-rent", dearer); shebao.ErrorCode(errs[0]) != shebao.ECONFLICT {
			t.Errorf("verified changed: %v", errs[0])
		}

		// Ended early on 2025-12-31: in 2026–2027 p1 has 10.00 − 4.00 (LZ-8,
		// to 2026-12-31) = 6.00 亩 free.
		if _, err := a.Transfer.EndTransfer(town, "LZ-1", "2025-12-31", "受入方放弃经营"); err != nil {
			t.Fatal(err)
		}
		after := line("LZ-9", p1, "6.01", ids["a"], ids)
		after.Start = "2026-01-01"
		refused("after the end", "流转面积", "可流转6.00亩", after)
		after.Area = "6"
		if out, errs := importLines(t, a, "t9", after); errs[0] != nil || out[0] != shebao.Created {
			t.Fatalf("after the end: %v %v", out, errs)
		}

		// Jurisdiction: 盈南村 sees none of 魏家桥村's transfers; the
		// citizen 李明 sees those he takes.
		if list, n, err := a.Transfer.FindTransfers(yingnan, shebao.TransferFilter{}); err != nil || n != 0 || len(list) != 0 {
			t.Errorf("other village: %d %v", n, err)
		}
		citizen := sqldbtest.As(shebao.Actor{Name: "lm", Role: "citizen", Region: other, IDNo: ids["c"]})
		if list, n, err := a.Transfer.FindTransfers(citizen, shebao.TransferFilter{}); err != nil || n != 0 || len(list) != 0 {
			// 李明 lives in 盈南村: his jurisdiction holds none of them.
			t.Errorf("citizen outside the village: %d %v", n, err)
		}
		head := sqldbtest.As(shebao.Actor{Name: "wjj", Role: "citizen", Region: village, IDNo: ids["b"]})
		if list, n, err := a.Transfer.FindTransfers(head, shebao.TransferFilter{}); err != nil || n != 1 || list[0].No != "LZ-1" {
			t.Errorf("citizen transferor: %d %v", n, err)
		}
	})
}
