package enroll

import (
	"context"

	"github.com/shebao/shebao"
)

// households decides the households (户) of residents enrolling in a
// household scheme, in memory over what the store read (EnrollmentData),
// later requests seeing earlier ones, and writes what is new at once.
type households struct {
	region    map[string]string // 户号 → region
	member    map[string]string // ID number → 户号
	created   []shebao.NewHousehold
	isNew     map[string]bool
	newMember map[string]string
}

func newHouseholds(d *shebao.EnrollmentData) *households {
	return &households{region: d.HouseholdRegion, member: d.Member, isNew: map[string]bool{}, newMember: map[string]string{}}
}

// resolve returns the household of a resident: the given 户号 (created
// when new, with the person as its head), else the household the person
// already belongs to, else a new household of their own
// (shebao.HouseholdIDFor). A household lies in one village: a person of
// another region cannot join it.
func (h *households) resolve(p *shebao.Person, given string) (string, error) {
	id := given
	if id == "" {
		if cur, ok := h.member[p.IDNo]; ok {
			return cur, nil
		}
		id = shebao.HouseholdIDFor(p.IDNo, p.Region)
	}
	region, ok := h.region[id]
	if !ok {
		h.region[id] = p.Region
		h.isNew[id] = true
		h.created = append(h.created, shebao.NewHousehold{ID: id, Region: p.Region, Head: p.IDNo})
	} else if region != p.Region {
		return "", shebao.FieldErrorf("户号", "户号%s属于区划%s,与%s的所属区划%s不符", id, region, p.Name, p.Region)
	}
	if h.member[p.IDNo] != id {
		h.member[p.IDNo] = id
		h.newMember[p.IDNo] = id
	}
	return id, nil
}

// write stores the new households and memberships.
func (h *households) write(ctx context.Context, store Store) error {
	if len(h.created) == 0 && len(h.newMember) == 0 {
		return nil
	}
	return store.WriteHouseholds(ctx, h.created, h.newMember)
}
