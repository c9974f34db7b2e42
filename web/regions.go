package web

import (
	"net/http"
	"strconv"

	"github.com/shebao/shebao"
)

// Regions: the 12-digit 统计用区划代码 tree. Names are public reference data
// to every signed-in actor; writes are limited by sqldb to the actor's
// jurisdiction.

// listRegions serves GET /api/v1/regions?parent=&prefix=&level=&name=&offset=&limit=.
func (s *Server) listRegions(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "parent", "prefix", "level", "name")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := shebao.RegionFilter{Parent: q.Get("parent"), Prefix: q.Get("prefix"), Name: q.Get("name"), Offset: p.Offset, Limit: p.Limit}
	if v := q.Get("level"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < shebao.LevelProvince || n > shebao.LevelVillage {
			s.writeError(w, r, &shebao.Error{Code: shebao.EINVALID, Field: "level",
				Message: "区划级别level应为1(省级)至5(村级)之间的整数"})
			return
		}
		f.Level = n
	}
	items, total, err := s.app.Registry.FindRegions(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(items, total, p))
}

// getRegion serves GET /api/v1/regions/{code}; the code may be a short
// prefix ("640106").
func (s *Server) getRegion(w http.ResponseWriter, r *http.Request) {
	reg, err := s.app.Registry.FindRegion(r.Context(), r.PathValue("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, reg)
}

// regionInput is the body of PUT /api/v1/regions/{code}: level and parent
// follow from the code and are never sent.
type regionInput struct {
	Name string `json:"name"`
}

// putRegion serves PUT /api/v1/regions/{code}: creates the region (201,
// its parent must exist) or renames it (200).
func (s *Server) putRegion(w http.ResponseWriter, r *http.Request) {
	var in regionInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	reg := &shebao.Region{Code: r.PathValue("code"), Name: in.Name}
	created, err := s.app.Registry.SaveRegion(r.Context(), reg)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/regions/"+reg.Code)
	}
	writeJSON(w, status, reg)
}
