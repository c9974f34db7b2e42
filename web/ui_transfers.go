package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The pages of land transfer (土地流转, package transfer): the list of
// transfer contracts in the user's jurisdiction by status, and one
// contract with its parcels, its rents (each instalment with what was paid
// of it and the days overdue) and its disputes. A citizen sees the
// contracts they transfer or take (the store's scope). Contracts are
// entered by import (/import: parcels, transfers) and verified on the 复核
// page.

// transferStatuses are the statuses of the filter, in the order shown.
var transferStatuses = []string{shebao.TransferPending, shebao.TransferVerified, shebao.TransferEnded}

// transfersView is the data of the list page.
type transfersView struct {
	Status   string
	Statuses []option
	Rows     []transferRow
	Pager    pager
}

// transferRow is one contract of the list.
type transferRow struct {
	No, Link, Region, Form, Transferors, Transferee, Kind, Area, Term, Rent, Status string
}

// transferView is the data of one contract's page.
type transferView struct {
	T      *shebao.Transfer
	Lines  []transferLineRow
	Rents  []rentRow
	Unpaid string // 元 overdue today
	// Overpaid is what was paid beyond every instalment ("" none).
	Overpaid string
	AsOf     string
	// MyArea and MyRents: a citizen's household's part of a contract of
	// several households (a deposit with a cooperative), issue #17 item 8.
	MyArea  string
	MyRents []rentRow
	// CoopLink is the cooperative's year (transferee or lender a
	// cooperative), for the roles that read it ("" otherwise).
	CoopLink string
}

// transferLineRow is a parcel of the contract.
type transferLineRow struct {
	Parcel, Area, Transferor, TransferorID string
}

// rentRow is an instalment of the rent.
type rentRow struct {
	Seq                               int
	Label                             string // 第1年, 第1期, 一次性
	Due, Period, Amount, Paid, Unpaid string
	DaysOverdue                       int
	Explanation                       string
}

// transfers serves GET /transfers?status=&page=.
func (u *ui) transfers(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityTransfer)) {
		u.fail(w, r, v, forbidden(v, "查看土地流转合同"))
		return
	}
	status := r.URL.Query().Get("status")
	view := transfersView{Statuses: []option{{Value: "", Label: "全部", Selected: status == ""}}}
	for _, s := range transferStatuses {
		if s == status {
			view.Status = s
		}
		view.Statuses = append(view.Statuses, option{Value: s, Label: s, Selected: s == status})
	}
	pageNo := pageParam(r.URL.Query())
	ts, total, err := u.s.app.Transfer.FindTransfers(r.Context(), shebao.TransferFilter{Status: view.Status,
		Offset: (pageNo - 1) * uiPageSize, Limit: uiPageSize})
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view.Pager = makePager(r.URL, pageNo, total)
	for _, t := range ts {
		view.Rows = append(view.Rows, transferRow{No: t.No, Link: "/transfers/" + url.PathEscape(t.No), Region: t.RegionName, Form: t.Form,
			Transferors: t.Transferors(), Transferee: t.TransfereeName, Kind: t.TransfereeKind, Area: t.Area, Term: t.Start + " 至 " + t.End,
			Rent: listRent(t), Status: t.Status})
	}
	u.render(w, r, http.StatusOK, "transfers", u.newPage(v, "土地流转合同", "transfers", view))
}

// listRent is the rent of a list row: 元 per 亩 and year, or the quantity
// in kind ("800.00斤稻谷").
func listRent(t *shebao.Transfer) string {
	if t.RentKind != "" {
		return t.RentQty + "斤" + t.RentKind
	}
	return t.Rent.String()
}

// transfer serves GET /transfers/{no}.
func (u *ui) transfer(w http.ResponseWriter, r *http.Request, v *visit) {
	t, err := u.s.app.Transfer.FindTransfer(r.Context(), r.PathValue("no"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := transferView{T: t, AsOf: shebao.Today().Format(shebao.DateLayout)}
	if mayReadCoops(v) {
		year := strconv.Itoa(shebao.Today().Year())
		switch {
		case t.Lender != "":
			view.CoopLink = "/coop?" + url.Values{"uscc": {t.Lender}, "year": {year}}.Encode()
		case t.TransfereeKind == shebao.TransfereeCoop:
			view.CoopLink = "/coop?" + url.Values{"uscc": {t.TransfereeID}, "year": {year}}.Encode()
		}
	}
	for _, l := range t.Parcels {
		id := l.TransferorIDNo
		if !v.actor.SeesFullID(id) {
			id = idno.MaskID(id)
		}
		view.Lines = append(view.Lines, transferLineRow{Parcel: l.ParcelCode, Area: l.Area, Transferor: l.TransferorName, TransferorID: id})
	}
	if t.VerifiedOn != "" {
		rents, over, err := u.s.app.Transfer.TransferRents(r.Context(), t, "")
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		var unpaid shebao.Money
		for _, o := range rents {
			if o.Pending {
				// A rent in kind whose year has no price yet.
				view.Rents = append(view.Rents, rentRow{Seq: o.Seq, Label: o.Label, Due: o.Due, Period: o.From + " 至 " + o.To,
					Amount: "待定", Paid: o.Paid.String(), Unpaid: "待定", Explanation: o.Explanation})
				continue
			}
			view.Rents = append(view.Rents, rentRow{Seq: o.Seq, Label: o.Label, Due: o.Due, Period: o.From + " 至 " + o.To, Amount: o.Amount.String(),
				Paid: o.Paid.String(), Unpaid: o.Unpaid.String(), DaysOverdue: o.DaysOverdue, Explanation: o.Explanation})
			if o.DaysOverdue > 0 || o.Due <= view.AsOf {
				unpaid += o.Unpaid
			}
		}
		view.Unpaid = unpaid.String()
		if over > 0 {
			view.Overpaid = over.String()
		}
		if v.role.OwnOnly && v.actor.IDNo != "" {
			if area, shares, ok := u.s.app.Transfer.HouseholdShare(t, v.actor.IDNo, rents); ok {
				view.MyArea = area.String()
				for _, o := range shares {
					if o.Pending {
						continue
					}
					view.MyRents = append(view.MyRents, rentRow{Seq: o.Seq, Label: o.Label, Due: o.Due, Period: o.From + " 至 " + o.To,
						Amount: o.Amount.String(), Paid: o.Paid.String(), Unpaid: o.Unpaid.String(), DaysOverdue: o.DaysOverdue,
						Explanation: o.Explanation})
				}
			}
		}
	}
	u.render(w, r, http.StatusOK, "transfer", u.newPage(v, "流转合同"+t.No, "transfers", view))
}
