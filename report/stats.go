package report

import (
	"context"
	"sort"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// sums are counter sums by key.
type sums map[string]int64

// total adds up the keys of the family with the dimensions given, "" for
// any value of a dimension: total(shebao.CounterOpen, "110", "", "") is
// every open 110 enrollment of any status and hukou.
func (m sums) total(family string, dims ...string) int64 {
	var n int64
	for k, v := range m {
		f, ds := shebao.CounterDims(k)
		if f != family || len(ds) < len(dims) {
			continue
		}
		ok := true
		for i, d := range dims {
			if d != "" && ds[i] != d {
				ok = false
				break
			}
		}
		if ok {
			n += v
		}
	}
	return n
}

// sums reads counter sums (Store.CounterSums) by region.
func (s *Service) sums(ctx context.Context, regions, prefixes []string, from, to string) (map[string]sums, error) {
	got, err := s.store.CounterSums(ctx, regions, prefixes, from, to)
	if err != nil {
		return nil, err
	}
	out := make(map[string]sums, len(got))
	for r, m := range got {
		out[r] = m
	}
	if from != "" && from > to {
		return out, nil
	}
	// The counters imported from districts below (upward.go): their sum
	// up to to, less their sum up to the day before from.
	days := []string{to}
	if from != "" {
		days = append(days, dayBefore(from))
	}
	imp, err := s.importedAt(ctx, regions, prefixes, days)
	if err != nil || imp == nil {
		return out, err
	}
	for _, r := range regions {
		if out[r] == nil {
			out[r] = sums{}
		}
		for k, v := range imp[to][r] {
			out[r][k] += v
		}
		if from != "" {
			for k, v := range imp[dayBefore(from)][r] {
				out[r][k] -= v
			}
		}
	}
	return out, nil
}

// lineage returns the codes of a region and those above it.
func lineage(code string) []string {
	r, err := idno.ParseRegion(code)
	if err != nil {
		return []string{code}
	}
	return r.Lineage()
}

// inRegion reports whether code lies in region's jurisdiction ("" the
// whole database).
func inRegion(region, code string) bool {
	if region == "" {
		return true
	}
	r, err := idno.ParseRegion(region)
	return err == nil && r.Contains(code)
}

// regionCodes returns the codes of the region and its children.
func regionCodes(self *shebao.Region, children []shebao.Region) []string {
	codes := []string{self.Code}
	for _, c := range children {
		codes = append(codes, c.Code)
	}
	return codes
}

// coverageOf computes a region's person counts on a day from its sums on
// the day (now) and its births up to 16 years before it (born16).
func coverageOf(now, born16 sums) shebao.Coverage {
	return shebao.Coverage{
		Persons:  int(now.total(shebao.CounterBorn)),
		Deceased: int(now.total(shebao.CounterDied)),
		Insured:  int(now.total(shebao.CounterInsured)),
		Adults:   int(born16.total(shebao.CounterBorn) - now.total(shebao.CounterDied16)),
		Pension:  int(now.total(shebao.CounterPension)),
	}
}

// Stats counts persons, insured persons, pension coverage and open
// enrollments in region (any accepted form of the code; "" is the actor's
// jurisdiction) today, and the same person counts for each child region.
// The actor's role must read statistics.
func (s *Service) Stats(ctx context.Context, region string) (*shebao.Stats, error) {
	return s.StatsAt(ctx, region, "")
}

// StatsAt is Stats on a day (YYYY-MM-DD; "" today), from the statistics
// counters: the persons born by then (living or not; registrations merged
// into another left out), the deceased, the insured (holding an open
// enrollment that day), the living aged 16 or more and those of them in a
// pension scheme, and the enrollments open that day by scheme and status.
// Employers are the registry's today (they have no dates), with those
// the districts below submitted for the day (upward.go).
func (s *Service) StatsAt(ctx context.Context, region, date string) (*shebao.Stats, error) {
	day := shebao.Today().Format(shebao.DateLayout)
	if date != "" {
		d, err := shebao.ParseDate("日期", date)
		if err != nil {
			return nil, err
		}
		day = d.Format(shebao.DateLayout)
	}
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := regionCodes(self, children)
	now, err := s.sums(ctx, codes, []string{"p.", shebao.CounterOpen + "|"}, "", day)
	if err != nil {
		return nil, err
	}
	born16, err := s.sums(ctx, codes, []string{shebao.CounterBorn + "|"}, "", shebao.AddYears(day, -shebao.CoverageAge))
	if err != nil {
		return nil, err
	}
	st := &shebao.Stats{Region: *self, AsOf: day, Coverage: coverageOf(now[self.Code], born16[self.Code]), Children: []*shebao.RegionStats{}}
	// Persons by hukou: the standard three first, then any other wording.
	hukou := map[string]int{}
	for k, v := range now[self.Code] {
		if f, ds := shebao.CounterDims(k); f == shebao.CounterBorn && len(ds) == 1 {
			hukou[ds[0]] += int(v)
		}
	}
	for _, h := range shebao.HukouNatures {
		st.ByHukou = append(st.ByHukou, shebao.HukouCount{Hukou: h, Persons: hukou[h]})
		delete(hukou, h)
	}
	var other []string
	for h, n := range hukou {
		if n != 0 {
			other = append(other, h)
		}
	}
	sort.Strings(other)
	for _, h := range other {
		st.ByHukou = append(st.ByHukou, shebao.HukouCount{Hukou: h, Persons: hukou[h]})
	}
	st.Schemes = schemeCounts(now[self.Code])
	if st.Employers, err = s.store.CountEmployers(ctx, self.Code); err != nil {
		return nil, err
	}
	// And those of the districts below as submitted for the day.
	imp, err := s.importedEmployers(ctx, self.Code, day)
	if err != nil {
		return nil, err
	}
	st.Employers += imp
	var sum shebao.Coverage
	for _, c := range children {
		rs := &shebao.RegionStats{Region: c, Coverage: coverageOf(now[c.Code], born16[c.Code])}
		st.Children = append(st.Children, rs)
		sum.Add(rs.Coverage)
	}
	// What is registered at the region itself rather than in a child.
	direct := st.Coverage
	direct.Persons -= sum.Persons
	direct.Deceased -= sum.Deceased
	direct.Insured -= sum.Insured
	direct.Adults -= sum.Adults
	direct.Pension -= sum.Pension
	if direct != (shebao.Coverage{}) {
		st.Direct = &direct
	}
	return st, nil
}

// schemeCounts lists the open enrollments of every scheme of the
// catalogue by status (and of any other code found, after them).
func schemeCounts(m sums) []shebao.SchemeCount {
	out := make([]shebao.SchemeCount, 0, len(shebao.Schemes))
	by := map[string]*shebao.SchemeCount{}
	for _, s := range shebao.Schemes {
		out = append(out, shebao.SchemeCount{Scheme: s.Code, Name: s.Name})
	}
	for i := range out {
		by[out[i].Scheme] = &out[i]
	}
	var extra []string
	for k := range m {
		f, ds := shebao.CounterDims(k)
		if f != shebao.CounterOpen || len(ds) < 2 {
			continue
		}
		if _, ok := by[ds[0]]; !ok {
			extra = append(extra, ds[0])
			by[ds[0]] = &shebao.SchemeCount{Scheme: ds[0], Name: ds[0]}
		}
	}
	sort.Strings(extra)
	for k, v := range m {
		f, ds := shebao.CounterDims(k)
		if f != shebao.CounterOpen || len(ds) < 2 {
			continue
		}
		c := by[ds[0]]
		switch ds[1] {
		case shebao.EnrollActive:
			c.Active += int(v)
		case shebao.EnrollSuspended:
			c.Suspended += int(v)
		case shebao.EnrollBenefit:
			c.Benefit += int(v)
		case shebao.EnrollBenefitSuspended:
			c.BenefitSuspended += int(v)
		}
	}
	for _, code := range extra {
		if by[code].Open() == 0 {
			continue
		}
		out = append(out, *by[code])
	}
	return out
}
