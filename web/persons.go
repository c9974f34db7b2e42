package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// Persons: the registry of natural persons, keyed by the 18-character
// 公民身份号码. Every route accepts any form of the number a clerk may type
// (15 digits, lower-case x, full-width digits); sqldb normalises it, scopes
// the request to the actor's jurisdiction and audits reads.
//
// Persons reach JSON only through writePerson, writePersons and
// writePersonHistory, which pass each record through presentPerson, and
// getPerson, which may grant the audited full view: all of them mask ID
// and phone numbers for the actor's role with maskPerson (json.go).

// presentPerson returns the form of p that the request's actor may see:
// ID and phone masked unless the role needs them (maskPerson in json.go).
func (s *Server) presentPerson(r *http.Request, p *shebao.Person) *shebao.Person {
	return maskPerson(actorOf(r), p, false)
}

// writePerson answers with one person.
func (s *Server) writePerson(w http.ResponseWriter, r *http.Request, status int, p *shebao.Person) {
	writeJSON(w, status, s.presentPerson(r, p))
}

// writePersons answers with a page of persons in the list envelope.
func (s *Server) writePersons(w http.ResponseWriter, r *http.Request, ps []*shebao.Person, total int, p paging) {
	out := make([]*shebao.Person, len(ps))
	for i, x := range ps {
		out[i] = s.presentPerson(r, x)
	}
	writeJSON(w, http.StatusOK, newList(out, total, p))
}

// writePersonHistory answers with a person's past states. The changes list
// field values too (a phone before and after): masking must cover them.
func (s *Server) writePersonHistory(w http.ResponseWriter, r *http.Request, vs []*shebao.PersonVersion) {
	out := make([]*shebao.PersonVersion, len(vs))
	for i, v := range vs {
		c := *v
		if c.Before != nil {
			c.Changes = maskChanges(actorOf(r), c.Before.IDNo, c.Changes)
			c.Before = s.presentPerson(r, c.Before)
		}
		if c.Changes == nil {
			c.Changes = []shebao.Change{}
		}
		out[i] = &c
	}
	writeJSON(w, http.StatusOK, struct {
		Items []*shebao.PersonVersion `json:"items"`
	}{out})
}

// listPersons serves GET /api/v1/persons?id_no=&name=&region=&flag=&offset=&limit=.
func (s *Server) listPersons(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "id_no", "id_tail", "name", "name_part", "household", "region", "flag")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := shebao.PersonFilter{IDNo: q.Get("id_no"), IDTail: q.Get("id_tail"), Name: q.Get("name"), NamePart: q.Get("name_part"),
		Household: q.Get("household"), Region: q.Get("region"), Offset: p.Offset, Limit: p.Limit}
	if v := q.Get("flag"); v != "" {
		// Only known flags: the store matches flags with LIKE.
		flags, err := shebao.NormalizeFlags([]string{v})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if len(flags) == 1 {
			f.Flag = flags[0]
		}
	}
	ps, total, err := s.app.Registry.FindPersons(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writePersons(w, r, ps, total, p)
}

// getPerson serves GET /api/v1/persons/{id_no}[?full=1]. A person outside
// the actor's jurisdiction is 404, exactly like one that does not exist.
// With full=1 a role that may reveal numbers gets them unmasked, and the
// full view is audited (person.read_full); other roles get 403.
func (s *Server) getPerson(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "full")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	full, err := boolParam(q, "full")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	if full && !shebao.RoleOf(a).May(shebao.ReadFull(shebao.EntityPerson)) && !shebao.RoleOf(a).OwnOnly {
		s.writeError(w, r, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看完整的身份证号和电话号码", roleLabel(a)))
		return
	}
	p, err := s.app.Registry.FindPerson(r.Context(), r.PathValue("id_no"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if full {
		if err := s.app.Audit.RecordFullView(r.Context(), p.IDNo); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	setETag(w, p.Version)
	writeJSON(w, http.StatusOK, maskPerson(a, p, full))
}

// personInput is the body of POST /api/v1/persons: the fields a clerk
// enters. Sex and birth date follow from the ID number; when sent they must
// agree with it. Version, source and timestamps are the store's, so sending
// them is an unknown-field error rather than silently ignored.
type personInput struct {
	IDNo      string   `json:"id_no"`
	Name      string   `json:"name"`
	Sex       string   `json:"sex"`
	Birth     string   `json:"birth"`
	Hukou     string   `json:"hukou"`
	Region    string   `json:"region"`
	Phone     string   `json:"phone"`
	Status    string   `json:"status"`
	DeathDate string   `json:"death_date"`
	Flags     []string `json:"flags"`
}

// createPerson serves POST /api/v1/persons: 201 with the stored person and
// its Location.
func (s *Server) createPerson(w http.ResponseWriter, r *http.Request) {
	var in personInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p := &shebao.Person{IDNo: in.IDNo, Name: in.Name, Sex: in.Sex, Birth: in.Birth, Hukou: in.Hukou, Region: in.Region,
		Phone: in.Phone, Status: in.Status, DeathDate: in.DeathDate, Flags: in.Flags}
	if err := s.app.Registry.CreatePerson(r.Context(), p); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/persons/"+p.IDNo)
	s.writePerson(w, r, http.StatusCreated, p)
}

// updatePerson serves PATCH /api/v1/persons/{id_no} with a
// shebao.PersonUpdate: absent fields stay, the old state goes to history;
// the version it edits in If-Match or the body (versions.go), 409 when
// the person changed meanwhile.
func (s *Server) updatePerson(w http.ResponseWriter, r *http.Request) {
	var u shebao.PersonUpdate
	if err := decodeJSON(w, r, &u); err != nil {
		s.writeError(w, r, err)
		return
	}
	var err error
	if u.Version, err = editVersion(r, u.Version); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.app.Registry.UpdatePerson(r.Context(), r.PathValue("id_no"), u)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, p.Version)
	s.writePerson(w, r, http.StatusOK, p)
}

// personHistory serves GET /api/v1/persons/{id_no}/history: superseded
// states, newest first.
func (s *Server) personHistory(w http.ResponseWriter, r *http.Request) {
	vs, err := s.app.Registry.PersonHistory(r.Context(), r.PathValue("id_no"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writePersonHistory(w, r, vs)
}
