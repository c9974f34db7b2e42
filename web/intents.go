package web

import (
	"net/http"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The transfer information platform (流转信息平台, issue #17 item 5) and
// the cooperative's year (item 4) in the API, over the same service calls
// as `shebao transfers offer|seek|market|match|withdraw|coop`. Intents are
// entity intent: villages and towns write them in their jurisdiction, a
// household (citizen) writes and reads its own (transfer.SaveIntent and
// the store keep it to its own ID number); the market is the public list
// without contacts or parcel codes, which every reader of intents sees.

// maskIntent is an intent as the actor may see it: the contact's ID
// number masked unless the role sees it in full or it is the actor's own.
// A contact that is not an ID number is an organisation's USCC (a request
// only: transfer.SaveIntent tries the ID number first), which is not
// personal.
func maskIntent(a shebao.Actor, it shebao.Intent) shebao.Intent {
	if it.ContactID != "" && !a.SeesFullID(it.ContactID) {
		if _, err := idno.ParseID(it.ContactID, shebao.Today()); err == nil {
			it.ContactID = idno.MaskID(it.ContactID)
		}
	}
	return it
}

// intentKind is the kind of an intent as the API and forms take it:
// 出让 or offer, 求租 or seek.
func intentKind(s string) string {
	switch s {
	case "offer":
		return shebao.IntentOffer
	case "seek":
		return shebao.IntentSeek
	}
	return s
}

// intentList is the answer of the intent lists.
type intentList struct {
	Items []shebao.Intent `json:"items"`
	Total int             `json:"total"`
}

// intentMarket serves GET /api/v1/intents/market?region=&kind=: the public
// list of the active offers and requests, without contacts or parcel codes.
func (s *Server) intentMarket(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "kind")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.app.Transfer.Intents(r.Context(), q.Get("region"), intentKind(q.Get("kind")), true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, intentList{Items: list, Total: len(list)})
}

// listIntents serves GET /api/v1/intents?region=&kind=: the intents with
// their contacts and status (withdrawn too); a citizen's own only.
func (s *Server) listIntents(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "kind")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.app.Transfer.Intents(r.Context(), q.Get("region"), intentKind(q.Get("kind")), false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	for i := range list {
		list[i] = maskIntent(a, list[i])
	}
	writeJSON(w, http.StatusOK, intentList{Items: list, Total: len(list)})
}

// intentInput is the body of POST /api/v1/intents.
type intentInput struct {
	No          string `json:"no"`
	Kind        string `json:"kind"` // 出让 (offer) or 求租 (seek)
	ParcelCode  string `json:"parcel_code"`
	Region      string `json:"region_code"`
	Class       string `json:"land_class"`
	Area        string `json:"area_mu"`
	Years       int    `json:"years"`
	Price       string `json:"price"` // 元/亩/年
	Use         string `json:"use"`
	ContactID   string `json:"contact_id"` // ignored for a citizen: their own
	ContactName string `json:"contact_name"`
}

// intent is the service's input of the body.
func (in intentInput) intent() (shebao.Intent, error) {
	price, err := shebao.ParseYuan(in.Price)
	if err != nil {
		return shebao.Intent{}, shebao.FieldErrorf("价格", "价格“%s”无效,应为元/亩/年", in.Price)
	}
	return shebao.Intent{No: in.No, Kind: intentKind(in.Kind), ParcelCode: in.ParcelCode, Region: in.Region, Class: in.Class,
		Area: in.Area, Years: in.Years, Price: price, Use: in.Use, ContactID: in.ContactID, ContactName: in.ContactName}, nil
}

// saveIntent serves POST /api/v1/intents: an offer (出让) or a request
// (求租); 201 when new, 200 when the same intent was entered before.
func (s *Server) saveIntent(w http.ResponseWriter, r *http.Request) {
	var in intentInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	it, err := in.intent()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out, created, err := s.app.Transfer.SaveIntent(r.Context(), it)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, maskIntent(actorOf(r), *out))
}

// matchIntent serves GET /api/v1/intents/{no}/matches: the intents of the
// other kind that fit it, in public form, the closest area first.
func (s *Server) matchIntent(w http.ResponseWriter, r *http.Request) {
	it, m, err := s.app.Transfer.MatchIntent(r.Context(), r.PathValue("no"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"intent": maskIntent(actorOf(r), *it), "matches": m})
}

// withdrawInput is the body of POST /api/v1/intents/{no}/withdraw.
type withdrawInput struct {
	Reason string `json:"reason,omitempty"`
}

// withdrawIntent serves POST /api/v1/intents/{no}/withdraw: 200 with the
// intent withdrawn (again: unchanged).
func (s *Server) withdrawIntent(w http.ResponseWriter, r *http.Request) {
	var in withdrawInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	it, changed, err := s.app.Transfer.WithdrawIntent(r.Context(), r.PathValue("no"), in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"intent": maskIntent(actorOf(r), *it), "changed": changed})
}

// maskCoop masks the member households' ID numbers for roles that do not
// see them in full.
func maskCoop(a shebao.Actor, y *shebao.CoopYear) *shebao.CoopYear {
	c := *y
	c.Members = make([]shebao.CoopMember, len(y.Members))
	for i, m := range y.Members {
		if !a.SeesFullID(m.IDNo) {
			m.IDNo = idno.MaskID(m.IDNo)
		}
		c.Members[i] = m
	}
	return &c
}

// coopYear serves GET /api/v1/transfers/coops/{uscc}?year=YYYY: a
// 土地信用合作社's year — deposits, lendings, the margin and each member
// household's share (transfer.Service.CoopYear).
func (s *Server) coopYear(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "year")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil {
		s.writeError(w, r, shebao.FieldErrorf("year", "年度“%s”无效,应为四位数年份", q.Get("year")))
		return
	}
	y, err := s.app.Transfer.CoopYear(r.Context(), r.PathValue("uscc"), year)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskCoop(actorOf(r), y))
}
