package shebao

import (
	"context"
	"strings"

	"github.com/shebao/shebao/idno"
)

// Region levels of the 12-digit 统计用区划代码 (PP CC DD TTT VVV).
const (
	LevelProvince = 1 // 省级 (自治区)
	LevelCity     = 2 // 地级 (市)
	LevelDistrict = 3 // 县级 (区、县)
	LevelTown     = 4 // 乡级 (镇、乡、街道)
	LevelVillage  = 5 // 村级 (村、社区)
)

// Region is one administrative region. Its level and parent follow from its
// code, so they are never typed by a clerk.
type Region struct {
	Code   string `json:"code"`   // 12 digits
	Name   string `json:"name"`   // e.g. 金凤区
	Level  int    `json:"level"`  // 1..5
	Parent string `json:"parent"` // 12-digit code, "" for a province
}

// RegionFilter selects regions. Zero fields do not filter.
type RegionFilter struct {
	Code   string // exact 12-digit code
	Parent string // direct children of this region
	Prefix string // jurisdiction prefix: the region itself and everything below
	Level  int
	Name   string // substring of the name
	Offset int
	Limit  int
}

// RegionService reads and writes the region registry.
type RegionService interface {
	FindRegion(ctx context.Context, code string) (*Region, error)
	FindRegions(ctx context.Context, f RegionFilter) ([]*Region, int, error)
	// SaveRegion creates the region or renames it; the parent must exist.
	SaveRegion(ctx context.Context, r *Region) (created bool, err error)
}

// NormalizeRegion puts a region as entered or imported in canonical form:
// the code in its 12-digit form, level and parent derived from it, the name
// trimmed and required. Whether the parent exists is the store's business.
func NormalizeRegion(r *Region) error {
	parsed, err := idno.ParseRegion(r.Code)
	if err != nil {
		return FieldErrorf("区划代码", "%s", err.Error())
	}
	r.Code, r.Level, r.Parent = parsed.Code, parsed.Level, parsed.Parent
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" {
		return FieldErrorf("名称", "区划名称不能为空")
	}
	return nil
}

// Jurisdiction is the part of the region tree an actor works in: the
// 12-digit codes from Lo to Hi (the codes under the actor's region), or
// every code (All, the operator). The store derives it from the actor and
// applies it to every query; a service is given it (Store.Jurisdiction) to
// decide what a request about a region outside it means — as a rule of the
// request, not as a filter, which stays the store's.
type Jurisdiction struct {
	All    bool
	Lo, Hi string
}

// Contains reports whether the region code lies in the jurisdiction.
func (j Jurisdiction) Contains(code string) bool {
	return j.All || (code >= j.Lo && code <= j.Hi)
}
