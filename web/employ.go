package web

import (
	"net/http"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// 失业登记, 就业困难人员, 零就业家庭 and 公益性岗位 (employ, issue #19 items 2
// and 5):
//
//	GET  /api/v1/labor/unemployed?all=1         registrations (open, or all)
//	POST /api/v1/labor/unemployed               register {id_no, date, reason} (201)
//	POST /api/v1/labor/unemployed/end           end {id_no, date, reason}
//	GET  /api/v1/labor/hardship?all=1           就业困难人员 certifications
//	POST /api/v1/labor/hardship                 certify {id_no, reason, date, until} (201)
//	POST /api/v1/labor/hardship/end             end {id_no, date, reason}
//	GET  /api/v1/labor/zero-households?all=1    零就业家庭
//	POST /api/v1/labor/zero-households/scan     scan {date}
//	GET  /api/v1/posts                          公益性岗位
//	POST /api/v1/posts                          create a post (201)
//	GET  /api/v1/posts/placements               placements
//	POST /api/v1/posts/{id}/placements          place {id_no, start}: 201 with the approval it waits for
//
// The first segments "labor" and "posts" are the entities shebao.EntityLabor
// and shebao.EntityPost (routeEntity). ID numbers are masked unless the
// role sees them in full.

// allParam reads ?all= (1/true: with the ended ones).
func allParam(r *http.Request) (bool, error) {
	q, _, err := query(r, "all")
	if err != nil {
		return false, err
	}
	switch q.Get("all") {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, shebao.FieldErrorf("all", "all应为1或0")
}

// maskID masks an ID number unless the actor sees it in full.
func maskIDFor(a shebao.Actor, id string) string {
	if id == "" || a.SeesFullID(id) {
		return id
	}
	return idno.MaskID(id)
}

// personEvent is the body of the registration and certification routes.
type personEvent struct {
	IDNo   string `json:"id_no"`
	Date   string `json:"date,omitempty"`
	Reason string `json:"reason,omitempty"`
	Until  string `json:"until,omitempty"`
}

func (s *Server) listUnemployed(w http.ResponseWriter, r *http.Request) {
	all, err := allParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	us, err := s.app.Employ.FindUnemployed(r.Context(), !all)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for _, u := range us {
		u.IDNo = maskIDFor(a, u.IDNo)
	}
	writeJSON(w, http.StatusOK, newList(us, len(us), paging{Limit: len(us)}))
}

func (s *Server) registerUnemployed(w http.ResponseWriter, r *http.Request) {
	var in personEvent
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.app.Employ.RegisterUnemployed(r.Context(), in.IDNo, in.Date, in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	u.IDNo = maskIDFor(a, u.IDNo)
	writeJSON(w, http.StatusCreated, u)
}

func (s *Server) endUnemployed(w http.ResponseWriter, r *http.Request) {
	var in personEvent
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.app.Employ.EndUnemployed(r.Context(), in.IDNo, in.Date, in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	u.IDNo = maskIDFor(a, u.IDNo)
	writeJSON(w, http.StatusOK, u)
}

func (s *Server) listHardship(w http.ResponseWriter, r *http.Request) {
	all, err := allParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	hs, err := s.app.Employ.FindHardship(r.Context(), !all)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for _, h := range hs {
		h.IDNo = maskIDFor(a, h.IDNo)
	}
	writeJSON(w, http.StatusOK, newList(hs, len(hs), paging{Limit: len(hs)}))
}

func (s *Server) certifyHardship(w http.ResponseWriter, r *http.Request) {
	var in personEvent
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	h, err := s.app.Employ.CertifyHardship(r.Context(), shebao.HardshipRequest{IDNo: in.IDNo, Reason: in.Reason, Date: in.Date, Until: in.Until})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	h.IDNo = maskIDFor(a, h.IDNo)
	writeJSON(w, http.StatusCreated, h)
}

func (s *Server) endHardship(w http.ResponseWriter, r *http.Request) {
	var in personEvent
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	h, err := s.app.Employ.EndHardship(r.Context(), in.IDNo, in.Date, in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	h.IDNo = maskIDFor(a, h.IDNo)
	writeJSON(w, http.StatusOK, h)
}

func (s *Server) listZeroHouseholds(w http.ResponseWriter, r *http.Request) {
	all, err := allParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	zs, err := s.app.Employ.FindZeroEmployment(r.Context(), !all)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for _, z := range zs {
		z.Head = maskIDFor(a, z.Head)
	}
	writeJSON(w, http.StatusOK, newList(zs, len(zs), paging{Limit: len(zs)}))
}

// scanDate is the body of POST /api/v1/labor/zero-households/scan.
type scanDate struct {
	Date string `json:"date,omitempty"`
}

func (s *Server) scanZeroHouseholds(w http.ResponseWriter, r *http.Request) {
	var in scanDate
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	sc, err := s.app.Employ.ScanZeroEmployment(r.Context(), in.Date)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sc)
}

func (s *Server) listPosts(w http.ResponseWriter, r *http.Request) {
	if _, _, err := query(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	ps, err := s.app.Employ.FindPosts(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(ps, len(ps), paging{Limit: len(ps)}))
}

func (s *Server) createPost(w http.ResponseWriter, r *http.Request) {
	var in shebao.PublicPost
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.app.Employ.CreatePost(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) listPlacements(w http.ResponseWriter, r *http.Request) {
	if _, _, err := query(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	xs, err := s.app.Employ.FindPlacements(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for _, x := range xs {
		x.IDNo = maskIDFor(a, x.IDNo)
	}
	writeJSON(w, http.StatusOK, newList(xs, len(xs), paging{Limit: len(xs)}))
}

// placeInput is the body of POST /api/v1/posts/{id}/placements.
type placeInput struct {
	IDNo  string `json:"id_no"`
	Start string `json:"start"`
}

func (s *Server) placeOnPost(w http.ResponseWriter, r *http.Request) {
	var in placeInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.app.Employ.Place(r.Context(), shebao.PlaceRequest{PostID: r.PathValue("id"), IDNo: in.IDNo, Start: in.Start})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	res.Placement.IDNo = maskIDFor(a, res.Placement.IDNo)
	writeJSON(w, http.StatusCreated, res)
}

// 社会保险补贴 of employers and flexible workers (issue #19 item 5): the
// rights of the 公益性岗位.

func (s *Server) listSubsidies(w http.ResponseWriter, r *http.Request) {
	if _, _, err := query(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	gs, err := s.app.Employ.FindInsuranceSubsidies(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for _, g := range gs {
		g.IDNo = maskIDFor(a, g.IDNo)
	}
	writeJSON(w, http.StatusOK, newList(gs, len(gs), paging{Limit: len(gs)}))
}

func (s *Server) grantSubsidy(w http.ResponseWriter, r *http.Request) {
	var in shebao.InsuranceSubsidyRequest
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.app.Employ.Grant(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	res.Grant.IDNo = maskIDFor(a, res.Grant.IDNo)
	writeJSON(w, http.StatusCreated, res)
}

// reimburseInput is the body of POST /api/v1/posts/subsidies/reimburse.
type reimburseInput struct {
	Month string `json:"month"`
}

func (s *Server) reimburseSubsidies(w http.ResponseWriter, r *http.Request) {
	var in reimburseInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.app.Employ.Reimburse(r.Context(), in.Month)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for i := range res.Lines {
		res.Lines[i].IDNo = maskIDFor(a, res.Lines[i].IDNo)
	}
	writeJSON(w, http.StatusOK, res)
}
