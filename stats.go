package shebao

import "time"

// CoverageAge is the age from which a person counts in the pension
// coverage rate: the age from which residents may join 170.
const CoverageAge = 16

// HukouCount is the number of persons of one hukou nature.
type HukouCount struct {
	Hukou   string `json:"hukou"`
	Persons int    `json:"persons"`
}

// SchemeCount is the number of open enrollments of one scheme, by status.
type SchemeCount struct {
	Scheme           string `json:"scheme"`
	Name             string `json:"name"`
	Active           int    `json:"active"`            // 参保缴费
	Suspended        int    `json:"suspended"`         // 暂停缴费
	Benefit          int    `json:"benefit"`           // 享受待遇
	BenefitSuspended int    `json:"benefit_suspended"` // 暂停发放
}

// Contributing is the number of enrollments in the contributing phase
// (参保缴费 and 暂停缴费).
func (c SchemeCount) Contributing() int { return c.Active + c.Suspended }

// Receiving is the number of enrollments receiving benefits (享受待遇 and
// 暂停发放).
func (c SchemeCount) Receiving() int { return c.Benefit + c.BenefitSuspended }

// Open is the number of open enrollments of the scheme.
func (c SchemeCount) Open() int { return c.Contributing() + c.Receiving() }

// Coverage holds the person counts of a region.
type Coverage struct {
	Persons  int `json:"persons"`  // registered persons (merged registrations aside)
	Deceased int `json:"deceased"` // of which deceased
	Insured  int `json:"insured"`  // with at least one open enrollment
	Adults   int `json:"adults"`   // living, aged CoverageAge or more
	Pension  int `json:"pension"`  // of Adults, with an open 110/120/170 enrollment
}

// RatePermille is Pension / Adults in tenths of a percent (‰), rounded
// half up, or -1 when there is nobody to count.
func (c Coverage) RatePermille() int {
	if c.Adults == 0 {
		return -1
	}
	return (c.Pension*2000 + c.Adults) / (2 * c.Adults)
}

func (c *Coverage) Add(o Coverage) {
	c.Persons += o.Persons
	c.Deceased += o.Deceased
	c.Insured += o.Insured
	c.Adults += o.Adults
	c.Pension += o.Pension
}

// RegionStats is the person counts of one region.
type RegionStats struct {
	Region Region `json:"region"`
	Coverage
}

// Stats are the counts of a region and of its child regions.
type Stats struct {
	// Region is the region counted; its Code is empty for the whole
	// database (an administrator without a jurisdiction).
	Region Region `json:"region"`
	// AsOf is the day of the count, which decides ages.
	AsOf string `json:"as_of"`
	Coverage
	// ByHukou lists the hukou natures (农业, 非农业, 居民 first, then any
	// other wording found), with zero counts for the standard three.
	ByHukou []HukouCount `json:"by_hukou"`
	// Schemes lists every scheme of the catalogue in order, with zeros.
	Schemes []SchemeCount `json:"schemes"`
	// Employers is the number of registered employers in the region.
	Employers int `json:"employers"`
	// Children are the child regions (towns of a district, villages of a
	// town…) by code, each with its counts, including empty ones.
	Children []*RegionStats `json:"children"`
	// Direct counts the persons registered at the region itself rather
	// than in one of its children (nil when there are none).
	Direct *Coverage `json:"direct,omitempty"`
}

// OpenEnrollments is the number of open enrollments of every scheme.
func (s *Stats) OpenEnrollments() int {
	n := 0
	for _, c := range s.Schemes {
		n += c.Open()
	}
	return n
}

// Denominator is a count a rate divides by that is not in the registry —
// the eligible population of a region from the census (应参保人数), the
// persons who should join the residents' medical scheme of a year (应参合
// 人数) — entered per region, year and measure with its source
// (`shebao report denominators set`).
type Denominator struct {
	Region     string `json:"region"`
	RegionName string `json:"region_name,omitempty"`
	Year       int    `json:"year"`
	// Measure is what it counts: a scheme code (170, 390 …) or "pension"
	// (the pension schemes 110, 120, 170 together).
	Measure   string    `json:"measure"`
	Value     int64     `json:"value"`
	Source    string    `json:"source"`
	EnteredAt time.Time `json:"entered_at"`
	EnteredBy string    `json:"entered_by"`
}
