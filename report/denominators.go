package report

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Denominators a rate divides by that the registry does not hold (应参保
// 人数: the eligible population from the census, the persons who should
// join the residents' medical scheme) are entered per region, year and
// measure with their source. A region without its own entry takes the sum
// of the entries below it (resolveDenominators), so that a district whose
// villages reported theirs needs no figure of its own.

// Measures lists what a denominator may count: each scheme of the
// catalogue, and "pension" for the three pension schemes together.
func Measures() []string {
	out := []string{"pension"}
	for _, s := range shebao.Schemes {
		out = append(out, s.Code)
	}
	return out
}

// SetDenominator enters (or corrects) a denominator: the region's code,
// the year, the measure, the value and its source are all required. The
// actor must write statistics (an administrator) in the region.
func (s *Service) SetDenominator(ctx context.Context, d shebao.Denominator) error {
	r, err := idno.ParseRegion(d.Region)
	if err != nil {
		return shebao.FieldErrorf("区划代码", "%s", err.Error())
	}
	d.Region = r.Code
	if d.Year < 1949 || d.Year > 2100 {
		return shebao.FieldErrorf("年度", "年度%d无效", d.Year)
	}
	valid := false
	for _, m := range Measures() {
		valid = valid || m == d.Measure
	}
	if !valid {
		return shebao.FieldErrorf("口径", "口径“%s”无效,应为%s之一", d.Measure, strings.Join(Measures(), "、"))
	}
	if d.Value < 0 {
		return shebao.FieldErrorf("应参保人数", "应参保人数不能为负")
	}
	d.Source = strings.TrimSpace(d.Source)
	if d.Source == "" {
		return shebao.FieldErrorf("来源", "请填写数据来源(如:第七次全国人口普查、民政部门统计)")
	}
	return s.store.SetDenominator(ctx, d)
}

// Denominators lists the denominators entered for the year in the region
// and below it.
func (s *Service) Denominators(ctx context.Context, region string, year int) ([]shebao.Denominator, error) {
	self, _, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	out, err := s.store.Denominators(ctx, self.Code, year)
	if out == nil {
		out = []shebao.Denominator{}
	}
	return out, err
}
