package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Policy and the audit log in the browser (issue #15 item 1): the policy
// parameters in force for a region on a day with their sources (`shebao
// policy show`), one parameter's history as loaded (`shebao policy
// history`), and the audit log by entity, key and user with the chain
// check (`shebao audit show|verify`) for the roles that read it.

// policyView is the data of the policy page.
type policyView struct {
	Region, Date string
	Params       []policyRow
	Key          string // a parameter's history, when asked for
	History      []policyVersionRow
	Error        string
}

// policyRow is one parameter in force.
type policyRow struct {
	Key, Name, Value, Unit, From, To, Region, Source, HistoryLink string
	Example                                                       bool
}

// policyVersionRow is one loaded version of a parameter.
type policyVersionRow struct {
	Value, Region, From, To, Source, LoadedAt, LoadedBy, SupersededAt string
}

// policyPage serves GET /policy?region=&date=&key=.
func (u *ui) policyPage(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityPolicy)) {
		u.fail(w, r, v, forbidden(v, "查看政策参数"))
		return
	}
	q := r.URL.Query()
	view := policyView{Region: strings.TrimSpace(q.Get("region")), Date: strings.TrimSpace(q.Get("date")), Key: strings.TrimSpace(q.Get("key"))}
	if view.Region == "" {
		view.Region = v.actor.Region
	}
	on := shebao.Today()
	code := http.StatusOK
	if view.Date != "" {
		d, err := time.Parse(shebao.DateLayout, view.Date)
		if err != nil {
			view.Error, code = fmt.Sprintf("日期“%s”无效,应为YYYY-MM-DD", view.Date), http.StatusBadRequest
		} else {
			on = d
		}
	}
	view.Date = on.Format(shebao.DateLayout)
	set, err := u.s.app.Params.PolicySet(r.Context())
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	if view.Error == "" {
		for _, d := range policy.Catalogue {
			p, err := set.Get(d.Key, view.Region, on)
			if shebao.ErrorCode(err) == shebao.EINVALID {
				view.Error, code = shebao.ErrorMessage(err), http.StatusBadRequest
				break
			}
			if err != nil {
				continue // not in force on the day
			}
			view.Params = append(view.Params, policyRow{Key: d.Key, Name: d.Name, Value: p.Value, Unit: d.Unit, From: p.From, To: p.To,
				Region: p.RegionText(), Source: p.Source, Example: p.Example, HistoryLink: "/policy?key=" + d.Key})
		}
	}
	if view.Key != "" {
		vs, err := u.s.app.Params.PolicyHistory(r.Context(), view.Key)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		for _, x := range vs {
			view.History = append(view.History, policyVersionRow{Value: x.Value, Region: x.RegionText(), From: x.From, To: x.To, Source: x.Source,
				LoadedAt: x.LoadedAt, LoadedBy: x.LoadedBy, SupersededAt: x.SupersededAt})
		}
	}
	u.render(w, r, code, "policy", u.newPage(v, "政策参数", "policy", view))
}

// auditView is the data of the audit page.
type auditView struct {
	Entity, Key, Actor string
	Limit              int
	Entities           []option
	Rows               []auditRow
	Check              *shebao.AuditCheck
	// CanVerify: the chain check is for an administrator of the whole
	// database (the store refuses others).
	CanVerify bool
}

// auditRow is one entry of the audit log, as a person reads it.
type auditRow struct {
	At, Actor, Role, Action, Entity, Key, Remote string
}

// auditPage serves GET /audit?entity=&key=&actor=&limit=&verify=.
func (u *ui) auditPage(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityAudit)) {
		u.fail(w, r, v, forbidden(v, "查看审计日志"))
		return
	}
	q := r.URL.Query()
	view := auditView{Entity: q.Get("entity"), Key: strings.TrimSpace(q.Get("key")), Actor: strings.TrimSpace(q.Get("actor")), Limit: 100,
		CanVerify: v.actor.Role == shebao.RoleAdmin && v.actor.Region == ""}
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 && n <= 1000 {
		view.Limit = n
	}
	view.Entities = append(view.Entities, option{Value: "", Label: "全部", Selected: view.Entity == ""})
	for _, e := range []string{shebao.EntityPerson, shebao.EntityEmployer, shebao.EntityEnrollment, shebao.EntityContribution, shebao.EntityBenefit,
		shebao.EntityMedical, shebao.EntityFund, shebao.EntityLand, shebao.EntityRoster, shebao.EntityImport, shebao.EntityUser, shebao.EntityPolicy} {
		view.Entities = append(view.Entities, option{Value: e, Label: shebao.EntityName(e), Selected: e == view.Entity})
	}
	// An ID number typed in any accepted form finds the entries of the
	// person (stored under the canonical number).
	key := view.Key
	if id, err := idno.ParseID(key, shebao.Today()); err == nil {
		key = id.Number
	}
	es, err := u.s.app.Audit.FindAudit(r.Context(), shebao.AuditFilter{Entity: view.Entity, Key: key, Actor: view.Actor, Limit: view.Limit})
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	for _, e := range es {
		view.Rows = append(view.Rows, auditRow{At: formatTime(e.At), Actor: e.Actor, Role: shebao.Actor{Role: e.Role}.RoleName(), Action: e.Action,
			Entity: shebao.EntityName(e.Entity), Key: maskIDsIn(v.actor, e.Key), Remote: e.Remote})
	}
	if q.Get("verify") == "1" && view.CanVerify {
		if view.Check, err = u.s.app.Audit.CheckAudit(r.Context()); err != nil {
			u.fail(w, r, v, err)
			return
		}
	}
	u.render(w, r, http.StatusOK, "audit", u.newPage(v, "审计日志", "audit", view))
}
