package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/shebao/shebao"
)

// The 复核 page: operations that change entitlements wait here for a second
// user (经办 → 复核). The store decides who may approve what; the page only
// offers the buttons to roles that could.

// approvalsView is the data of the approvals page.
type approvalsView struct {
	Status   string
	Statuses []option
	Rows     []approvalRow
	CanCheck bool
	Done     string
	Error    string
}

type approvalRow struct {
	ID, Kind, Summary, Maker, MadeAt, Status, Checker, CheckedAt, Note, Result string
	Own                                                                        bool // made by the viewer: cannot be approved by them
	// MayDecide: the viewer may approve or reject this row (shebao.Actor.MayDecide).
	MayDecide bool
}

// approvals serves GET /approvals?status=.
func (u *ui) approvals(w http.ResponseWriter, r *http.Request, v *visit) {
	done := map[string]string{"approved": "已复核通过并执行。", "rejected": "已退回经办人。"}[r.URL.Query().Get("done")]
	u.showApprovals(w, r, v, r.URL.Query().Get("status"), http.StatusOK, done, "")
}

func (u *ui) showApprovals(w http.ResponseWriter, r *http.Request, v *visit, status string, code int, done, msg string) {
	switch status {
	case shebao.ApprovalPending, shebao.ApprovalApproved, shebao.ApprovalRejected:
	default:
		status = shebao.ApprovalPending
	}
	view := approvalsView{Status: status, Done: done, Error: msg, CanCheck: status == shebao.ApprovalPending && v.actor.MayDecideAny()}
	for _, s := range []string{shebao.ApprovalPending, shebao.ApprovalApproved, shebao.ApprovalRejected} {
		view.Statuses = append(view.Statuses, option{Value: s, Label: s, Selected: s == status})
	}
	list, err := u.s.app.Approve.FindApprovals(r.Context(), status, 200)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	for _, ap := range list {
		row := approvalRow{ID: ap.ID, Kind: ap.KindName, Summary: ap.Summary, Maker: ap.Maker, MadeAt: formatTime(ap.MadeAt),
			Status: ap.Status, Checker: ap.Checker, Note: ap.Note, Result: ap.Result, Own: ap.Maker == v.actor.Name,
			MayDecide: ap.Status == shebao.ApprovalPending && v.actor.MayDecide(ap) == nil}
		if ap.CheckedAt != nil {
			row.CheckedAt = formatTime(*ap.CheckedAt)
		}
		view.Rows = append(view.Rows, row)
	}
	u.render(w, r, code, "approvals", u.newPage(v, "待复核业务", "approvals", view))
}

// decideApproval serves POST /approvals/{id}/approve and /reject (note).
func (u *ui) decideApproval(w http.ResponseWriter, r *http.Request, v *visit) {
	approve := strings.HasSuffix(r.URL.Path, "/approve")
	note := strings.TrimSpace(r.PostFormValue("note"))
	if _, err := u.s.app.Approve.DecideApproval(r.Context(), r.PathValue("id"), approve, note); err != nil {
		if shebao.ErrorCode(err) == shebao.EINTERNAL {
			u.fail(w, r, v, err)
			return
		}
		u.showApprovals(w, r, v, shebao.ApprovalPending, errorStatus(err), "", shebao.ErrorMessage(err))
		return
	}
	done := "approved"
	if !approve {
		done = "rejected"
	}
	http.Redirect(w, r, "/approvals?done="+url.QueryEscape(done), http.StatusSeeOther)
}
