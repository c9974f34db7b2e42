package web

import (
	"net/http"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Flexible employment (灵活就业): POST /api/v1/contributions/flex registers
// the base a person chose for a range of months (collect.Service.ImportFlexBases):
// 201 when new, 200 when the same registration was there before. The first
// segment "contributions" is the contribution entity (routeEntity).

// flexBaseResult answers a registration; the ID number is masked.
type flexBaseResult struct {
	shebao.FlexBase
	Created bool `json:"created"`
}

func (s *Server) registerFlexBase(w http.ResponseWriter, r *http.Request) {
	var fb shebao.FlexBase
	if err := decodeJSON(w, r, &fb); err != nil {
		s.writeError(w, r, err)
		return
	}
	out, errs, err := s.app.Collect.ImportFlexBases(r.Context(), []shebao.FlexBase{fb})
	if err == nil {
		err = errs[0]
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	fb.IDNo = idno.MaskID(fb.IDNo)
	status := http.StatusOK
	if out[0] == shebao.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, flexBaseResult{FlexBase: fb, Created: out[0] == shebao.Created})
}
