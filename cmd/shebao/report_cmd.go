package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/pdfdoc"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sheet"
)

// `shebao report`: the indicators of any region on any day (report.Kinds),
// the work report written from them, the denominators entered by hand and
// the check of the statistics counters.

func runReport(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		if r, ok := reports[args[0]]; ok {
			return r.run(ctx, e, args[1:])
		}
		if _, ok := report.FindKind(args[0]); ok {
			return runReportKind(ctx, e, args[0], args[1:])
		}
	}
	var b strings.Builder
	b.WriteString("用法:\n  shebao " + usageReportKind + "\n  KIND:\n")
	for _, k := range report.Kinds {
		by := ""
		if k.By {
			by = "(须 --by)"
		}
		fmt.Fprintf(&b, "    %-14s %s%s\n", k.Name, k.Title, by)
	}
	var usage []string
	for _, r := range reports {
		usage = append(usage, "shebao "+r.usage)
	}
	slices.Sort(usage)
	b.WriteString("  " + strings.Join(usage, "\n  "))
	b.WriteString("\n  指标(--by): ")
	for i, ind := range report.Indicators {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(ind.ID)
	}
	return &exitError{code: 2, msg: b.String()}
}

// runReportKind runs one kind of indicators and writes it as JSON, as an
// .xlsx file or as text.
func runReportKind(ctx context.Context, e *env, kind string, args []string) error {
	f := newFlags("report "+kind, e)
	q := report.Query{}
	f.StringVar(&q.Region, "region", "", "区划代码(默认本人辖区或全库)")
	f.StringVar(&q.Date, "date", "", "统计日期 YYYY-MM-DD(默认今天;期间指标为当年1月1日至该日)")
	f.StringVar(&q.From, "from", "", "起始月份 YYYY-MM")
	f.StringVar(&q.To, "to", "", "终止月份 YYYY-MM")
	f.StringVar(&q.By, "by", "", "排名、趋势的指标")
	xlsx := f.String("xlsx", "", "导出为 .xlsx 文件")
	as := f.String("as", "", "以该用户的身份(其辖区)查询")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + strings.Replace(usageReportKind, "KIND", kind, 1)},
		ok:    nargs(0),
		as:    as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	v, err := report.Run(ctx, report.Sources{Report: sys.Report, Land: sys.Land}, kind, q)
	if err != nil {
		return err
	}
	switch {
	case *f.json:
		return writeJSON(e, v)
	case *xlsx != "":
		if err := sheet.WriteSections(*xlsx, report.Sections(report.Tables(v))); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已导出 %s\n", *xlsx)
		return nil
	}
	if w, ok := reportTexts[kind]; ok {
		w(e, v)
		return nil
	}
	writeTables(e, report.Tables(v))
	return nil
}

// writeTables prints tables as lines of cells separated by two spaces.
func writeTables(e *env, ts []report.Table) {
	for i, t := range ts {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintln(e.stdout, t.Title)
		var head []string
		for _, c := range t.Columns {
			head = append(head, c.Header)
		}
		fmt.Fprintln(e.stdout, strings.Join(head, "  "))
		for _, r := range t.Rows {
			cells := make([]string, len(r))
			for j, c := range r {
				cells[j] = report.Text(c)
				if cells[j] == "" {
					cells[j] = "-"
				}
			}
			fmt.Fprintln(e.stdout, strings.Join(cells, "  "))
		}
	}
}

// runReportSummary writes the work report's section (md or html).
func runReportSummary(ctx context.Context, e *env, args []string) error {
	f := newFlags("report summary", e)
	region := f.String("region", "", "区划代码(默认本人辖区或全库)")
	date := f.String("date", "", "统计日期 YYYY-MM-DD(默认今天)")
	format := f.String("format", "md", "md、html 或 pdf(pdf 须同时给 --out)")
	font := f.String("font", "", "pdf:TrueType 中文字体文件(默认 $"+pdfdoc.FontEnv+" 或 fonts-wqy-microhei)")
	out := f.String("out", "", "写入文件(默认标准输出)")
	as := f.String("as", "", "以该用户的身份(其辖区)撰写")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageReportSummary},
		ok: func(pos []string) bool {
			return len(pos) == 0 && (*format == "md" || *format == "html" || (*format == "pdf" && *out != ""))
		},
		as: as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	var fontPath string
	if *format == "pdf" {
		// The font first: a missing font is said before anything is read.
		if fontPath, err = pdfdoc.FindFont(*font); err != nil {
			return err
		}
	}
	sm, err := sys.Report.Summary(ctx, *region, *date)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, sm)
	}
	if *format == "pdf" {
		b, err := sm.PDF(fontPath)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已写入 %s\n", *out)
		return nil
	}
	text := sm.Markdown()
	if *format == "html" {
		text = sm.HTML()
	}
	if *out != "" {
		if err := os.WriteFile(*out, []byte(text), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已写入 %s\n", *out)
		return nil
	}
	fmt.Fprint(e.stdout, text)
	return nil
}

// runReportDenominators enters or lists the denominators.
func runReportDenominators(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "set" && args[0] != "list") {
		return &exitError{code: 2, msg: "用法: shebao " + usageReportDenominators}
	}
	f := newFlags("report denominators "+args[0], e)
	region := f.String("region", "", "区划代码")
	year := f.Int("year", 0, "年度 YYYY")
	measure := f.String("measure", "", "口径: 险种代码(170、390 …)或 pension(养老保险合计)")
	value := f.String("value", "", "应参保人数")
	source := f.String("source", "", "数据来源")
	as := f.String("as", "", "以该用户的身份办理")
	set := args[0] == "set"
	sys, ctx, _, err := f.start(ctx, args[1:], cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageReportDenominators},
		ok: func(pos []string) bool {
			return len(pos) == 0 && *year != 0 && (!set || *region != "" && *measure != "" && *value != "")
		},
		as: as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	if set {
		n, err := strconv.ParseInt(strings.TrimSpace(*value), 10, 64)
		if err != nil {
			return shebao.FieldErrorf("应参保人数", "应参保人数“%s”应为整数", *value)
		}
		if err := sys.Report.SetDenominator(ctx, shebao.Denominator{Region: *region, Year: *year, Measure: *measure, Value: n, Source: *source}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已登记 %s %d年 %s 应参保人数%d(来源:%s)\n", *region, *year, *measure, n, *source)
		return nil
	}
	ds, err := sys.Report.Denominators(ctx, *region, *year)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, ds)
	}
	for _, d := range ds {
		fmt.Fprintf(e.stdout, "%s %s %d年 %s %d 来源:%s(%s登记)\n", d.Region, d.RegionName, d.Year, d.Measure, d.Value, d.Source, d.EnteredBy)
	}
	return nil
}

// runReportVerify counts the statistics afresh and compares.
func runReportVerify(ctx context.Context, e *env, args []string) error {
	f := newFlags("report verify", e)
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageReportVerify}, ok: nargs(0)})
	if err != nil {
		return err
	}
	defer sys.Close()
	diffs, err := sys.Report.VerifyCounters(ctx, 50)
	if err != nil {
		return err
	}
	if *f.json {
		if err := writeJSON(e, map[string]any{"consistent": len(diffs) == 0, "differences": diffs}); err != nil {
			return err
		}
	} else if len(diffs) == 0 {
		fmt.Fprintln(e.stdout, "统计计数与记录全量重算一致")
	} else {
		fmt.Fprintln(e.stdout, "统计计数与记录全量重算不一致(前50处):")
		for _, d := range diffs {
			fmt.Fprintln(e.stdout, "  "+d)
		}
	}
	if len(diffs) > 0 {
		return &exitError{code: 1}
	}
	return nil
}

// runReportRebuild counts the statistics afresh.
func runReportRebuild(ctx context.Context, e *env, args []string) error {
	f := newFlags("report rebuild", e)
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageReportRebuild}, ok: nargs(0)})
	if err != nil {
		return err
	}
	defer sys.Close()
	if err := sys.Report.RebuildCounters(ctx); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "已按记录全量重算统计计数")
	return nil
}
