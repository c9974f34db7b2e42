package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// TestTransferPageLending: a lending (贷出) of a 土地信用合作社 shows the
// cooperative and the deposit contracts it draws on instead of parcels.
func TestTransferPageLending(t *testing.T) {
	pages, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	u := &ui{s: &Server{logger: slog.New(slog.DiscardHandler)}, pages: pages, refs: newRefCodec()}
	v := &visit{actor: shebao.Actor{Name: "clerk1", Role: "town", Region: "640106100000"},
		user: &shebao.User{Name: "clerk1", Display: "clerk1", Role: "town", Region: "640106100000"}, csrf: "t"}
	v.role = shebao.RoleOf(v.actor)
	view := transferView{T: &shebao.Transfer{No: "DAI-1", Form: shebao.FormLease, Region: "640106100201", RegionName: "魏家桥村",
		TransfereeKind: shebao.TransfereeFarmer, TransfereeName: "李明", Start: "2025-01-01", End: "2027-12-31", Rent: 65000,
		Purpose: "种植水稻", Status: shebao.TransferVerified, Area: "18.00", Lender: "93640106MA7WFHC10W", LenderName: evil,
		Loans: []shebao.LoanLine{{DepositNo: "CUN-9", Area: "18.00"}}}}
	rec := httptest.NewRecorder()
	u.render(rec, httptest.NewRequest("GET", "/", nil), http.StatusOK, "transfer", u.newPage(v, "流转合同", "transfer", view))
	body := rec.Body.String()
	for _, want := range []string{"合作社贷出(共 18.00 亩)", "&lt;script&gt;", "93640106MA7WFHC10W", `href="/transfers/CUN-9"`} {
		if !strings.Contains(body, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if strings.Contains(body, "流转地块") {
		t.Error("a lending shows parcels")
	}
}

// TestTransferPageMyRents: a citizen's household's share of a deposit is
// shown in its own table.
func TestTransferPageMyRents(t *testing.T) {
	pages, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	u := &ui{s: &Server{logger: slog.New(slog.DiscardHandler)}, pages: pages, refs: newRefCodec()}
	v := &visit{actor: shebao.Actor{Name: "wjg", Role: "citizen", Region: "640106"},
		user: &shebao.User{Name: "wjg", Display: "wjg", Role: "citizen", Region: "640106"}, csrf: "t"}
	v.role = shebao.RoleOf(v.actor)
	view := transferView{T: &shebao.Transfer{No: "CUN-9", Form: shebao.FormLease, Region: "640106100201", RegionName: "魏家桥村",
		TransfereeName: "良田镇土地信用合作社", Start: "2025-01-01", End: "2027-12-31", Rent: 50000, Status: shebao.TransferVerified,
		Area: "20.00", Schedule: shebao.ScheduleAdvance},
		MyArea: "10.00", MyRents: []rentRow{{Seq: 1, Label: "第1年", Due: "2025-01-01", Amount: "5000.00", Paid: "5000.00", Unpaid: "0.00", Explanation: evil}}}
	rec := httptest.NewRecorder()
	u.render(rec, httptest.NewRequest("GET", "/", nil), http.StatusOK, "transfer", u.newPage(v, "流转合同", "transfer", view))
	body := rec.Body.String()
	for _, want := range []string{"本户应得租金(本户 10.00 亩", `id="transfer-my-rents"`, "5000.00", "&lt;script&gt;", "每个合同年度首日预付"} {
		if !strings.Contains(body, want) {
			t.Errorf("lacks %q", want)
		}
	}
}
