package land

import (
	"context"
	"fmt"
	"time"

	"github.com/shebao/shebao"
)

// LandReport gives, for the batches in the region (within the actor's
// jurisdiction), the figures per batch and rolled up by village, town and
// district: persons to secure, on roster, enrolled, receiving, funds
// required / received / gap, average and worst lag.
func (s *Service) LandReport(ctx context.Context, region string) (*shebao.LandReport, error) {
	return s.LandReportAt(ctx, region, "")
}

// LandReportAt is LandReport on a day (YYYY-MM-DD; "" today): the batches
// approved by then, with the roster submitted, the persons enrolled, the
// funds received by then and the allowances paid for its month.
func (s *Service) LandReportAt(ctx context.Context, region, date string) (*shebao.LandReport, error) {
	return s.LandReportWith(ctx, region, date, nil)
}

// LandReportWith is LandReportAt with the batches of other instances
// added (the districts' submitted batches a city reads, report/upward.go),
// rolled up with the own ones by village, town and in the total.
func (s *Service) LandReportWith(ctx context.Context, region, date string, extra []shebao.StatsLandBatch) (*shebao.LandReport, error) {
	asOf := shebao.Today().Format(shebao.DateLayout)
	if date != "" {
		d, err := shebao.ParseDate("日期", date)
		if err != nil {
			return nil, err
		}
		asOf = d.Format(shebao.DateLayout)
	}
	batches, figs, err := s.store.LandFigures(ctx, region, date)
	if err != nil {
		return nil, err
	}
	rep := &shebao.LandReport{Region: region, AsOf: asOf,
		Batches: []shebao.LandBatchReport{}, Villages: []shebao.LandRollup{}, Towns: []shebao.LandRollup{}}
	villages := map[string]*shebao.LandRollup{}
	towns := map[string]*shebao.LandRollup{}
	var vOrder, tOrder []string
	district := ""
	lines := make([]shebao.LandBatchReport, 0, len(batches)+len(extra))
	for _, b := range batches {
		f := figs[b.ApprovalNo]
		if f == nil {
			f = &shebao.LandFigures{Batches: 1, PersonsToSecure: b.PersonsToSecure, Unsecured: b.PersonsToSecure}
		}
		lines = append(lines, shebao.LandBatchReport{ApprovalNo: b.ApprovalNo, ApprovedOn: b.ApprovedOn, Region: b.Region,
			RegionName: b.RegionName, LandFigures: *f})
	}
	for _, x := range extra {
		lines = append(lines, x.LandBatchReport)
	}
	for i := range lines {
		b, f := lines[i], &lines[i].LandFigures
		rep.Batches = append(rep.Batches, b)
		v := villages[b.Region]
		if v == nil {
			v = &shebao.LandRollup{Region: b.Region, Name: b.RegionName, Level: "村"}
			villages[b.Region] = v
			vOrder = append(vOrder, b.Region)
		}
		v.Add(*f)
		// The town and district of a village: its code's prefixes
		// (统计用区划代码 PP CC DD TTT VVV).
		town := b.Region[:9] + "000"
		t := towns[town]
		if t == nil {
			t = &shebao.LandRollup{Region: town, Level: "镇"}
			towns[town] = t
			tOrder = append(tOrder, town)
		}
		t.Add(*f)
		rep.Total.Add(*f)
		if district == "" {
			district = b.Region[:6] + "000000"
		} else if district != b.Region[:6]+"000000" {
			district = "-"
		}
	}
	names, err := s.store.RegionNamesOf(ctx, append(append([]string{}, tOrder...), district))
	if err != nil {
		return nil, err
	}
	for _, c := range vOrder {
		rep.Villages = append(rep.Villages, *villages[c])
	}
	for _, c := range tOrder {
		t := towns[c]
		t.Name = names[c]
		rep.Towns = append(rep.Towns, *t)
	}
	rep.Total.Level = "合计"
	if district != "" && district != "-" {
		rep.Total.Region, rep.Total.Name, rep.Total.Level = district, names[district], "区"
	}
	return rep, nil
}

// LandWarnings lists the batches in the region whose persons are not all
// secured (persons to secure − enrolled > 0), marking those whose roster is
// late: still incomplete more than land.roster_deadline_days after the
// approval date.
func (s *Service) LandWarnings(ctx context.Context, region string) ([]shebao.LandWarning, error) {
	// The batches' securing alone, not the whole report: every home page
	// with the land right shows these warnings.
	batches, figs, err := s.store.LandSecuring(ctx, region)
	if err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	today := shebao.Today()
	out := []shebao.LandWarning{}
	for _, lb := range batches {
		f := figs[lb.ApprovalNo]
		if f == nil {
			f = &shebao.LandFigures{PersonsToSecure: lb.PersonsToSecure, Unsecured: lb.PersonsToSecure}
		}
		b := shebao.LandBatchReport{ApprovalNo: lb.ApprovalNo, ApprovedOn: lb.ApprovedOn, Region: lb.Region, RegionName: lb.RegionName, LandFigures: *f}
		if b.Unsecured == 0 {
			continue
		}
		approved, _ := time.Parse(shebao.DateLayout, b.ApprovedOn)
		days := int(today.Sub(approved).Hours() / 24)
		deadline, p, err := set.Int("land.roster_deadline_days", b.Region, approved)
		if err != nil {
			return nil, err
		}
		w := shebao.LandWarning{ApprovalNo: b.ApprovalNo, ApprovedOn: b.ApprovedOn, Region: b.Region, RegionName: b.RegionName,
			PersonsToSecure: b.PersonsToSecure, OnRoster: b.OnRoster, Enrolled: b.Enrolled, Unsecured: b.Unsecured, DaysSince: days}
		w.Reason = append(w.Reason, fmt.Sprintf("应安置%d人,已参保%d人,尚有%d人未落实保障", b.PersonsToSecure, b.Enrolled, b.Unsecured))
		if b.OnRoster < b.PersonsToSecure {
			w.Reason = append(w.Reason, fmt.Sprintf("名单已报%d人,少于应安置人数", b.OnRoster))
		}
		if b.OnRoster > b.Enrolled {
			w.Reason = append(w.Reason, fmt.Sprintf("%d人已报送待受理参保", b.OnRoster-b.Enrolled))
		}
		if days > deadline {
			w.Late = true
			w.Reason = append(w.Reason, fmt.Sprintf("批准已%d天,超过名单报送期限%d天(依据:%s)", days, deadline, p.Cite()))
		}
		out = append(out, w)
	}
	return out, nil
}
