// Package report is statistics (docs/DOMAIN.md §7, issue #16): the
// indicators of any region at any of the five levels (自治区 → 市 → 区县 →
// 镇 → 村) on any date or over any span of days, their rankings and monthly
// trends, and the statistical section of a work report written from them.
//
// The figures are sums of the statistics counters the store keeps in the
// same transaction as the records (shebao.CounterDelta; sqldb/counters.go):
// this package holds the definitions of the indicators — which counters
// each adds up, what a rate divides by — and reads nothing else, except
// where the records are few (registered employers, land batches and funds,
// the lump sums of converted villages) or not per region at all (the
// funds' ledger, kept for the district as a whole).
//
// Every additive figure of a region is the sum of its sub-regions' (and of
// what is registered at the region itself): the counters are kept at every
// level from the same changes. A figure on a past date is the figure of
// that date, from the dates the records carry.
package report

import (
	"context"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// StatRegion returns the region ("" the actor's jurisdiction) and its
	// child regions, within the actor's jurisdiction and rights.
	StatRegion(ctx context.Context, code string) (*shebao.Region, []shebao.Region, error)
	// CounterSums sums the counters of each region ("" the whole
	// database) with a key starting with one of prefixes over the days
	// from … to (from "" for every day up to to).
	CounterSums(ctx context.Context, regions, prefixes []string, from, to string) (map[string]map[string]int64, error)
	// CounterMonths sums them per month from … to (YYYY-MM).
	CounterMonths(ctx context.Context, regions, prefixes []string, from, to string) (map[string]map[string]map[string]int64, error)
	CountEmployers(ctx context.Context, region string) (int, error)
	// EmploymentFigures are the employment indicators of each region
	// (就业, issue #19): stocks on the day to, flows from … to.
	EmploymentFigures(ctx context.Context, codes []string, from, to string) (map[string]shebao.EmploymentFigures, error)
	// AssistanceFigures are the social assistance statistics of each
	// region for the span (report/assistance.go).
	AssistanceFigures(ctx context.Context, codes []string, from, to string) (map[string]shebao.AssistanceFigures, error)
	// MedicalAidFigures are the 医疗救助 paid in the claim settlement of
	// each region for the span (medaid).
	MedicalAidFigures(ctx context.Context, codes []string, from, to string) (map[string]shebao.MedicalAidFigures, error)
	SubsidySums(ctx context.Context, region, from, to string) (map[string]shebao.Money, error)
	// LumpSumMonths are the 村改居 lump sums paid in the region from
	// from to to (days), per village, month and party.
	LumpSumMonths(ctx context.Context, region, from, to string) ([]shebao.StatsLumpSum, error)
	Denominators(ctx context.Context, region string, year int) ([]shebao.Denominator, error)
	SetDenominator(ctx context.Context, d shebao.Denominator) error
	FundStatus(ctx context.Context, asOf string) ([]shebao.FundStatus, error)
	LandFigures(ctx context.Context, region, asOf string) ([]*shebao.LandBatch, map[string]*shebao.LandFigures, error)
	// PolicySet is the policy parameters (the transfer statistics' 大户
	// threshold and the prices of rents in kind).
	PolicySet(ctx context.Context) (*policy.Set, error)
	// TransferTakers are the area and contracts each person (农户) takes
	// by the verified contracts running on the date in the region.
	TransferTakers(ctx context.Context, region, date string) (map[string]shebao.TransferTake, error)
	// LandIssuerNames names the 发包方 of the region by code.
	LandIssuerNames(ctx context.Context, region string) (map[string]string, error)
	RebuildCounters(ctx context.Context) error
	// Statistics that travel upward (upward.go).
	ExportCounters(ctx context.Context, region string, blocks []shebao.StatsBlock, forward [][]shebao.ImportedBlock) ([]shebao.Region, []shebao.StatsBlock, error)
	// EmployerCounts are the employers registered at each region code
	// within the region.
	EmployerCounts(ctx context.Context, region string) ([]shebao.StatsEmployers, error)
	TrustKey(ctx context.Context, k *shebao.TrustedKey) (bool, error)
	TrustedKey(ctx context.Context, region string) (*shebao.TrustedKey, error)
	SaveSubmission(ctx context.Context, s *shebao.StatsSubmission, regions []shebao.Region, blocks []shebao.StatsBlock, figures *shebao.StatsFigures) (bool, error)
	// ImportedFigures are the submitted figures read for a day: of each
	// submitting region, its latest month ending on or before it.
	ImportedFigures(ctx context.Context, day string) ([]shebao.ImportedFigures, error)
	Submissions(ctx context.Context, region, month string) ([]shebao.StatsSubmission, error)
	ImportedBlocks(ctx context.Context) ([]shebao.ImportedBlock, error)
	ImportedRows(ctx context.Context, blocks []shebao.ImportedBlock, regions, prefixes []string) ([]shebao.ImportedRow, error)
	VerifyCounters(ctx context.Context, limit int) ([]string, error)
}

// Service computes statistics.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// Span is the days an indicator covers: flows (new enrollments,
// contributions collected, stays) are summed from From to To inclusive,
// stocks (the insured, arrears) are taken on To.
type Span struct {
	From string `json:"from"` // YYYY-MM-DD
	To   string `json:"to"`   // YYYY-MM-DD
}

// ParseSpan reads the span of a query: a date (the stocks on that day,
// the flows of its year up to it: 截至…), or months from … to (YYYY-MM:
// the flows of those months, the stocks on the last day of to), or
// neither (today). Both is an error.
func ParseSpan(date, from, to string) (Span, error) {
	if date != "" && (from != "" || to != "") {
		return Span{}, shebao.FieldErrorf("日期", "请指定日期(--date)或起止月份(--from/--to),不能同时指定")
	}
	if from != "" || to != "" {
		if from == "" {
			from = to
		}
		if to == "" {
			to = from
		}
		f, err := shebao.ParsePeriod(from)
		if err != nil {
			return Span{}, shebao.FieldErrorf("起始月份", "起始月份“%s”无效,应为YYYY-MM", from)
		}
		t, err := shebao.ParsePeriod(to)
		if err != nil {
			return Span{}, shebao.FieldErrorf("终止月份", "终止月份“%s”无效,应为YYYY-MM", to)
		}
		if t < f {
			return Span{}, shebao.FieldErrorf("终止月份", "终止月份%s早于起始月份%s", t, f)
		}
		return Span{From: f.First().Format(shebao.DateLayout), To: t.Last().Format(shebao.DateLayout)}, nil
	}
	day := shebao.Today()
	if date != "" {
		d, err := shebao.ParseDate("日期", date)
		if err != nil {
			return Span{}, err
		}
		day = d
	}
	return Span{From: time.Date(day.Year(), 1, 1, 0, 0, 0, 0, time.UTC).Format(shebao.DateLayout), To: day.Format(shebao.DateLayout)}, nil
}

// dayBefore returns the day before (YYYY-MM-DD).
func dayBefore(day string) string {
	t, _ := time.Parse(shebao.DateLayout, day)
	return t.AddDate(0, 0, -1).Format(shebao.DateLayout)
}

// yearBefore returns the same day a year earlier (February 29 → 28).
func yearBefore(day string) string {
	t, _ := time.Parse(shebao.DateLayout, day)
	y := t.AddDate(-1, 0, 0)
	if y.Day() != t.Day() { // 29 February of a leap year
		y = y.AddDate(0, 0, -y.Day())
	}
	return y.Format(shebao.DateLayout)
}

// RebuildCounters counts every statistic afresh from the records (an
// administrator of the whole database).
func (s *Service) RebuildCounters(ctx context.Context) error { return s.store.RebuildCounters(ctx) }

// VerifyCounters counts every statistic afresh and returns where the
// counters kept differ (at most limit rows; none when they agree).
func (s *Service) VerifyCounters(ctx context.Context, limit int) ([]string, error) {
	return s.store.VerifyCounters(ctx, limit)
}
