package report

import (
	"context"

	"github.com/shebao/shebao"
)

// Assistance is the social assistance report of a region and its child
// regions (社会救助, issue #18 item 8): the 低保 in payment on the span's last
// day, urban and rural, households and persons; the 低保 and 临时救助 the
// payroll paid in the span's months; the 临时救助 decisions approved in the
// span; the 特困 persons in support on the span's last day from the cases
// (集中 and 分散供养) and the 特困供养金 paid (tekun; no longer the registry's
// 五保 flag); the 医疗救助 paid in the claim settlement (persons, claims,
// amount; a table of its own).
type Assistance struct {
	Region     string          `json:"region"`
	RegionName string          `json:"region_name"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	Rows       []AssistanceRow `json:"rows"` // the region first, then its children
}

// AssistanceRow is one region's figures.
type AssistanceRow struct {
	Region string `json:"region"`
	Name   string `json:"name"`
	shebao.AssistanceFigures
	// 医疗救助 paid in the claim settlement (medaid): persons, claims and
	// amount of the claims discharged in the span.
	shebao.MedicalAidFigures
}

// Assistance computes the social assistance report.
func (s *Service) Assistance(ctx context.Context, region string, sp Span) (*Assistance, error) {
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := regionCodes(self, children)
	figs, err := s.store.AssistanceFigures(ctx, codes, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	aid, err := s.store.MedicalAidFigures(ctx, codes, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	out := &Assistance{Region: self.Code, RegionName: self.Name, From: sp.From, To: sp.To}
	names := map[string]string{self.Code: self.Name}
	for _, c := range children {
		names[c.Code] = c.Name
	}
	for _, code := range codes {
		out.Rows = append(out.Rows, AssistanceRow{Region: code, Name: names[code], AssistanceFigures: figs[code], MedicalAidFigures: aid[code]})
	}
	return out, nil
}
