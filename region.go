package shebao

import "context"

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
