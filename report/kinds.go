package report

import (
	"context"

	"github.com/shebao/shebao"
)

// Query is what a kind of report is asked: the region ("" the actor's
// jurisdiction), a date or months from … to (ParseSpan), and for rankings
// and trends the indicator (By, LookupIndicator).
type Query struct {
	Region string `json:"region"`
	Date   string `json:"date"`
	From   string `json:"from"`
	To     string `json:"to"`
	By     string `json:"by"`
}

// LandReporter is the land service's report (被征地农民 on a day).
type LandReporter interface {
	LandReportAt(ctx context.Context, region, date string) (*shebao.LandReport, error)
	// LandReportWith adds batches submitted from below (upward.go).
	LandReportWith(ctx context.Context, region, date string, extra []shebao.StatsLandBatch) (*shebao.LandReport, error)
}

// Sources are the services the kinds read: this one, and the land
// service for the land report, which rolls its batches up itself.
type Sources struct {
	Report *Service
	Land   LandReporter
}

// Kind is one kind of report: `shebao report NAME` and GET
// /api/v1/reports/NAME. Run returns one of the report types of this
// package (or shebao.Stats, shebao.MedicalReport, shebao.LandReport),
// which Tables writes as tables.
type Kind struct {
	Name  string `json:"kind"`
	Title string `json:"title"`
	// Span says what the span means: "day" (stocks on the date, the last
	// day of --to), "period" (flows over the months, or over the year up
	// to the date, and stocks on its last day), "months" (--from and --to
	// required).
	Span string `json:"span"`
	// By is true when the kind needs an indicator (--by).
	By  bool                                                         `json:"by,omitempty"`
	Run func(ctx context.Context, src Sources, q Query) (any, error) `json:"-"`
}

// span reads the query's span.
func (q Query) span() (Span, error) { return ParseSpan(q.Date, q.From, q.To) }

// Kinds is the table of report kinds, in the order `shebao report` lists
// them.
var Kinds = []Kind{
	{Name: "overview", Title: "户籍人口与参保概况", Span: "day", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.StatsAt(ctx, q.Region, sp.To)
	}},
	{Name: "insured", Title: "各险种参保人数(在职、退休)", Span: "day", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Insured(ctx, q.Region, sp)
	}},
	{Name: "enrollment", Title: "参保变动(新增、终止、新增待遇领取)", Span: "period", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Enrollments(ctx, q.Region, sp)
	}},
	{Name: "coverage", Title: "参保覆盖率", Span: "day", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Coverage(ctx, q.Region, sp)
	}},
	{Name: "contributions", Title: "基金征缴(应缴、实缴、欠缴)", Span: "period", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Contributions(ctx, q.Region, sp)
	}},
	{Name: "benefits", Title: "待遇发放", Span: "period", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Benefits(ctx, q.Region, sp)
	}},
	{Name: "medical", Title: "医疗费用报销", Span: "months", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		if q.Date != "" {
			return nil, shebao.FieldErrorf("日期", "医疗费用报销按出院月份统计,请指定起止月份(--from/--to)")
		}
		return src.Report.Medical(ctx, q.Region, q.From, q.To)
	}},
	{Name: "land", Title: "被征地农民基本生活保障", Span: "day", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		date := q.Date
		if q.From != "" || q.To != "" {
			sp, err := q.span()
			if err != nil {
				return nil, err
			}
			date = sp.To
		}
		extra, err := src.Report.ImportedLand(ctx, q.Region, date)
		if err != nil {
			return nil, err
		}
		return src.Land.LandReportWith(ctx, q.Region, date, extra)
	}},
	// 社会救助 (assist, issue #18 item 8)
	{Name: "assistance", Title: "社会救助(低保、临时救助)", Span: "period", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Assistance(ctx, q.Region, sp)
	}},
	// 就业 (employ, issue #19 item 6)
	{Name: "employment", Title: "就业与劳动力转移", Span: "period", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Employment(ctx, q.Region, sp)
	}},
	// Land contracting and transfer (transfers.go).
	{Name: "transfers", Title: "土地承包经营权流转", Span: "day", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		date := q.Date
		if q.From != "" || q.To != "" {
			sp, err := q.span()
			if err != nil {
				return nil, err
			}
			date = sp.To
		}
		return src.Report.Transfers(ctx, q.Region, date)
	}},
	{Name: "funds", Title: "基金收支、结余与抗风险支付能力", Span: "day", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Funds(ctx, q.Region, sp)
	}},
	{Name: "subsidies", Title: "政府、集体补贴", Span: "period", Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Subsidies(ctx, q.Region, sp)
	}},
	{Name: "ranking", Title: "下级区划排名", Span: "period", By: true, Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Ranking(ctx, q.Region, q.By, sp)
	}},
	{Name: "trend", Title: "逐月趋势", Span: "period", By: true, Run: func(ctx context.Context, src Sources, q Query) (any, error) {
		sp, err := q.span()
		if err != nil {
			return nil, err
		}
		return src.Report.Trend(ctx, q.Region, q.By, sp)
	}},
}

// FindKind returns the kind with the name.
func FindKind(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Run runs the kind of report named, or says it is unknown.
func Run(ctx context.Context, src Sources, name string, q Query) (any, error) {
	k, ok := FindKind(name)
	if !ok {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未知报表类型“%s”", name)
	}
	if k.By && q.By == "" {
		return nil, shebao.FieldErrorf("指标", "请用 --by(by=)指定排名或趋势的指标,如 insured、coverage、enrolled:110")
	}
	return k.Run(ctx, src, q)
}
