package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// 低保边缘家庭 (issue #18 item 4, medaid): the district records a household
// found 低保边缘; its members are assisted in their medical costs in the
// claim settlement.

// recordEdge serves POST /api/v1/assistance/edge (201 new, 200 the same
// record again).
func (s *Server) recordEdge(w http.ResponseWriter, r *http.Request) {
	var req shebao.EdgeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	h, created, err := s.app.Assist.RecordEdge(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, maskEdge(actorOf(r), h))
}

// listEdge serves GET /api/v1/assistance/edge?region=&on=&id_no=: the
// 低保边缘 records of the jurisdiction (an audited list; a citizen's own).
func (s *Server) listEdge(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "on", "id_no")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.app.Assist.FindEdge(r.Context(), shebao.EdgeFilter{Region: q.Get("region"), On: q.Get("on"), IDNo: q.Get("id_no")})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	for i, h := range list {
		list[i] = maskEdge(a, h)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list, "total": len(list)})
}

// maskEdge masks the members' ID numbers for the actor.
func maskEdge(a shebao.Actor, h *shebao.EdgeHousehold) *shebao.EdgeHousehold {
	out := *h
	out.Members = make([]shebao.EdgeMember, len(h.Members))
	for i, m := range h.Members {
		out.Members[i] = shebao.EdgeMember{IDNo: maskPerson(a, &shebao.Person{IDNo: m.IDNo}, false).IDNo, Name: m.Name}
	}
	return &out
}
