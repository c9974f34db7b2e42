package web

import (
	"net/http"
	"slices"

	"github.com/shebao/shebao"
)

// Social assistance (社会救助), issue #18.

// quoteAssistance serves POST /api/v1/assistance/quote with a
// shebao.AssistQuoteRequest: 200 with the 低保 the household would get. It
// reads no person and writes nothing (a compute route): every role that
// reads assistance may ask, a citizen included. The answer numbers the
// members and repeats no ID number.
func (s *Server) quoteAssistance(w http.ResponseWriter, r *http.Request) {
	var req shebao.AssistQuoteRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	q, err := s.app.Assist.Quote(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q)
}

// quoteTekun serves POST /api/v1/assistance/tekun/quote with a
// shebao.TekunQuoteRequest: 200 with the 特困 conditions and support. Like
// the 低保 quote it reads no person and writes nothing; the answer repeats
// no ID number.
func (s *Server) quoteTekun(w http.ResponseWriter, r *http.Request) {
	var req shebao.TekunQuoteRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	q, err := s.app.Assist.QuoteTekun(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q)
}

// applyAssistance serves POST /api/v1/assistance/cases with a
// shebao.AssistApplyRequest: 201 with the new 低保 case (members' numbers
// masked for roles that see masked numbers).
func (s *Server) applyAssistance(w http.ResponseWriter, r *http.Request) {
	var req shebao.AssistApplyRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.app.Assist.Apply(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, maskCase(actorOf(r), c))
}

// getAssistance serves GET /api/v1/assistance/cases/{id}: one case (an
// audited read).
func (s *Server) getAssistance(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.Assist.FindCase(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskCase(actorOf(r), c))
}

// caseStep is the body of POST /api/v1/assistance/cases/{id}/steps.
type caseStep struct {
	Step     string `json:"step"` // investigate, publish, object, submit, review, stop, refuse
	Date     string `json:"date"`
	AssetsOK bool   `json:"assets_ok,omitempty"`
	Assets   string `json:"assets,omitempty"`
	Note     string `json:"note,omitempty"`
	// BankAccount: the applicant's account for the payment (submit, when
	// the application had none).
	BankAccount string `json:"bank_account,omitempty"`
	// Month and Reason: a stop (停保) from the month.
	Month  string `json:"month,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Work and Members: a periodic review (review): the town found that
	// a member found work; every member's incomes found.
	Work    bool                  `json:"work,omitempty"`
	Members []shebao.AssistMember `json:"members,omitempty"`
	// Join and Leave: members joining or leaving the household at a
	// review (assistui, assist/members.go).
	Join  []shebao.AssistJoin  `json:"join,omitempty"`
	Leave []shebao.AssistLeave `json:"leave,omitempty"`
}

// stepAssistance serves POST /api/v1/assistance/cases/{id}/steps: the
// town's investigation, the village's publication (from date), an
// objection, the submission to the district's decision, or the district's
// stop of an approved case from a month.
func (s *Server) stepAssistance(w http.ResponseWriter, r *http.Request) {
	var st caseStep
	if err := decodeJSON(w, r, &st); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, id := r.Context(), r.PathValue("id")
	var c *shebao.AssistCase
	var err error
	switch st.Step {
	case "investigate":
		c, err = s.app.Assist.Investigate(ctx, id, shebao.AssistInvestigation{Date: st.Date, AssetsOK: st.AssetsOK, Assets: st.Assets, Note: st.Note})
	case "publish":
		c, err = s.app.Assist.Publish(ctx, id, st.Date)
	case "object":
		c, err = s.app.Assist.Object(ctx, id, st.Date, st.Note)
	case "submit":
		c, err = s.app.Assist.Submit(ctx, id, st.Date, st.BankAccount)
	case "review":
		c, err = s.app.Assist.Review(ctx, id, shebao.AssistReviewRequest{Date: st.Date, AssetsOK: st.AssetsOK, Assets: st.Assets,
			Work: st.Work, Note: st.Note, Members: st.Members, Join: st.Join, Leave: st.Leave})
	case "stop":
		c, err = s.app.Assist.Stop(ctx, id, st.Month, st.Reason)
	case "refuse": // assistui: the district's refusal (不予保障) before submission
		c, err = s.app.Assist.Refuse(ctx, id, st.Date, st.Reason)
	default:
		err = shebao.FieldErrorf("step", "办理步骤“%s”无效,应为investigate(入户调查)、publish(公示)、object(异议)、submit(提请审批)、review(定期核查)、stop(停保)或refuse(不予保障)", st.Step)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskCase(actorOf(r), c))
}

// maskCase masks the members' ID numbers for the actor (the quote repeats
// none).
func maskCase(a shebao.Actor, c *shebao.AssistCase) *shebao.AssistCase {
	out := *c
	out.Members = make([]shebao.AssistCaseMember, len(c.Members))
	for i, m := range c.Members {
		m.IDNo = maskPerson(a, &shebao.Person{IDNo: m.IDNo}, false).IDNo
		out.Members[i] = m
	}
	// The members who joined or left at a review, and those before it.
	if len(c.Reviews) > 0 {
		out.Reviews = make([]shebao.AssistReview, len(c.Reviews))
		for i, r := range c.Reviews {
			r.Changes, r.Before = slices.Clone(r.Changes), slices.Clone(r.Before)
			for j := range r.Changes {
				r.Changes[j].IDNo = maskPerson(a, &shebao.Person{IDNo: r.Changes[j].IDNo}, false).IDNo
			}
			for j := range r.Before {
				r.Before[j].IDNo = maskPerson(a, &shebao.Person{IDNo: r.Before[j].IDNo}, false).IDNo
			}
			out.Reviews[i] = r
		}
	}
	return &out
}

// listAssistance serves GET /api/v1/assistance/cases?region=&status=&review_due=&offset=&limit=:
// the 低保 cases of the jurisdiction, newest first (an audited list; a
// town's or village's work queue).
func (s *Server) listAssistance(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "region", "status", "review_due")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, total, err := s.app.Assist.FindCases(r.Context(), shebao.AssistCaseFilter{Region: q.Get("region"), Status: q.Get("status"), ReviewDue: q.Get("review_due"),
		Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	for i, c := range cs {
		cs[i] = maskCase(a, c)
	}
	writeJSON(w, http.StatusOK, newList(cs, total, p))
}

// personAssistance serves GET /api/v1/persons/{id_no}/assistance: the 低保
// cases the person is a member of — for a citizen, their own household's
// applications and decisions.
func (s *Server) personAssistance(w http.ResponseWriter, r *http.Request) {
	cs, err := s.app.Assist.CasesOf(r.Context(), r.PathValue("id_no"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	for i, c := range cs {
		cs[i] = maskCase(a, c)
	}
	// The person's own 特困 cases (tekun) beside the 低保 cases of their
	// household.
	ts, err := s.app.Assist.TekunCasesOf(r.Context(), r.PathValue("id_no"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for i, c := range ts {
		ts[i] = maskTekun(a, c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": cs, "tekun": ts})
}

// submitRelief serves POST /api/v1/assistance/reliefs: a 临时救助 decision
// by the civil-affairs line, to another civil-affairs clerk's approval
// (201 new, 200 the same decision again).
func (s *Server) submitRelief(w http.ResponseWriter, r *http.Request) {
	var req shebao.ReliefRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	rel, created, err := s.app.Assist.SubmitRelief(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, maskRelief(actorOf(r), rel))
}

// listReliefs serves GET /api/v1/assistance/reliefs?region=&from=&to=&offset=&limit=:
// the 临时救助 decisions of the jurisdiction, newest first (an audited list).
func (s *Server) listReliefs(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "region", "from", "to")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rs, total, err := s.app.Assist.FindReliefs(r.Context(), shebao.ReliefFilter{Region: q.Get("region"), From: q.Get("from"), To: q.Get("to"),
		Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	for i, rel := range rs {
		rs[i] = maskRelief(a, rel)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": rs, "total": total})
}

// maskRelief masks the person's ID number and account for the actor.
func maskRelief(a shebao.Actor, r *shebao.Relief) *shebao.Relief {
	out := *r
	out.IDNo = maskPerson(a, &shebao.Person{IDNo: r.IDNo}, false).IDNo
	if !shebao.RoleOf(a).FullID {
		out.BankAccount = "" // the account is the paying clerks' business
	}
	return &out
}
