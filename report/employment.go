package report

import (
	"context"

	"github.com/shebao/shebao"
)

// Employment is the employment report of a region and its child regions
// (就业与劳动力转移, issue #19 item 6): the labour register's stocks on the
// span's last day — as of the register's last rebuild (run labor-derive)
// — and the flows of the span: 失业登记, 就业困难人员, 零就业家庭 cleared,
// 公益性岗位 placements and the subsidies the payroll paid.
type Employment struct {
	Region     string          `json:"region"`
	RegionName string          `json:"region_name"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	Rows       []EmploymentRow `json:"rows"` // the region first, then its children
}

// EmploymentRow is one region's figures, with the employment rate of its
// land-lost farmers of working age (%, two decimals; "" without any).
type EmploymentRow struct {
	Region string `json:"region"`
	Name   string `json:"name"`
	shebao.EmploymentFigures
	LandLostRate string `json:"land_lost_rate"`
}

// Employment computes the employment report.
func (s *Service) Employment(ctx context.Context, region string, sp Span) (*Employment, error) {
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := regionCodes(self, children)
	figs, err := s.store.EmploymentFigures(ctx, codes, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	out := &Employment{Region: self.Code, RegionName: self.Name, From: sp.From, To: sp.To}
	names := map[string]string{self.Code: self.Name}
	for _, c := range children {
		names[c.Code] = c.Name
	}
	for _, code := range codes {
		f := figs[code]
		row := EmploymentRow{Region: code, Name: names[code], EmploymentFigures: f}
		row.LandLostRate = rateOf(f.LandLostEmployed, f.LandLost).Rate
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}
