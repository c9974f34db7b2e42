package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/report"
)

// The statistics pages (issue #16): every kind of `shebao report` for any
// region and day (or span of months) as tables with a chart each, the
// same tables as an .xlsx download, and the work report's section in the
// seed's style (HTML, and PDF to print). They read the entity stats, as
// the API does; the counters behind them are scoped by the store.

// reportsView is the reports page.
type reportsView struct {
	Kinds      []report.Kind
	Indicators []report.Indicator
	Kind       report.Kind
	Query      report.Query
	Tables     []reportTable
	Download   string // the .xlsx download of what is shown
	Summary    string // the work report of the region and day
	Error      string
	Ran        bool
}

// reportTable is one table of a report with its chart.
type reportTable struct {
	report.Table
	Chart *reportChart
}

// reportChart is a chart of one column of a table: a bar per row (regions,
// schemes, kinds), or for a trend a line over the months.
type reportChart struct {
	Title         string
	Width, Height int
	LabelX, PlotX int
	Bars          []reportBar
	Line          string // the polyline's points, for a trend
	Points        []reportPoint
	AxisY         int
}

type reportBar struct {
	Label, Value  string
	Y, TextY, W   int
	ValueX, Width int
}

type reportPoint struct {
	X, Y  int
	Label string // month and value, as the point's tooltip
	Month string
}

// reportQuery reads the page's query: the kind (default overview), the
// region (default the user's), the day or the months, the indicator.
func reportQuery(r *http.Request, v *visit) (report.Kind, report.Query) {
	q := r.URL.Query()
	k, ok := report.FindKind(q.Get("kind"))
	if !ok {
		k = report.Kinds[0]
	}
	rq := report.Query{Region: strings.TrimSpace(q.Get("region")), Date: strings.TrimSpace(q.Get("date")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), By: strings.TrimSpace(q.Get("by"))}
	if rq.Region == "" {
		rq.Region = v.actor.Region
	}
	if rq.Date == "" && rq.From == "" && rq.To == "" {
		rq.Date = shebao.Today().Format(shebao.DateLayout)
	}
	if k.By && rq.By == "" {
		rq.By = report.Indicators[0].ID
	}
	return k, rq
}

// encode is the query string of the report.
func encodeReport(k report.Kind, q report.Query) string {
	vals := url.Values{"kind": {k.Name}, "region": {q.Region}}
	for name, v := range map[string]string{"date": q.Date, "from": q.From, "to": q.To, "by": q.By} {
		if v != "" {
			vals.Set(name, v)
		}
	}
	return vals.Encode()
}

func (u *ui) mayReadStats(w http.ResponseWriter, r *http.Request, v *visit) bool {
	if !v.role.May(shebao.Read(shebao.EntityStats)) {
		u.fail(w, r, v, forbidden(v, "查看统计报表"))
		return false
	}
	return true
}

// reports serves GET /reports: the form, and the report it asks for.
func (u *ui) reports(w http.ResponseWriter, r *http.Request, v *visit) {
	if !u.mayReadStats(w, r, v) {
		return
	}
	k, q := reportQuery(r, v)
	view := reportsView{Kinds: report.Kinds, Indicators: report.Indicators, Kind: k, Query: q}
	status := http.StatusOK
	if r.URL.Query().Has("kind") {
		view.Ran = true
		res, err := report.Run(r.Context(), report.Sources{Report: u.s.app.Report, Land: u.s.app.Land}, k.Name, q)
		switch {
		case err != nil && shebao.ErrorCode(err) == shebao.EINTERNAL:
			u.fail(w, r, v, err)
			return
		case err != nil:
			status, view.Error = errorStatus(err), shebao.ErrorMessage(err)
		default:
			for _, t := range report.Tables(res) {
				view.Tables = append(view.Tables, reportTable{Table: t, Chart: chartOf(t, k.Name == "trend")})
			}
			qs := encodeReport(k, q)
			view.Download = "/reports/download?" + qs
			if q.Date != "" {
				view.Summary = "/reports/summary?" + url.Values{"region": {q.Region}, "date": {q.Date}}.Encode()
			}
		}
	}
	u.render(w, r, status, "reports", u.newPage(v, "统计报表", "reports", view))
}

// downloadReport serves GET /reports/download: the report's tables as an
// .xlsx file, numbers as number cells.
func (u *ui) downloadReport(w http.ResponseWriter, r *http.Request, v *visit) {
	if !u.mayReadStats(w, r, v) {
		return
	}
	k, q := reportQuery(r, v)
	res, err := report.Run(r.Context(), report.Sources{Report: u.s.app.Report, Land: u.s.app.Land}, k.Name, q)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.s.writeXLSX(w, r, k.Name+".xlsx", report.Sections(report.Tables(res)))
}

// summaryView is the work report page.
type summaryView struct {
	Region, Date string
	// HTML is report.Summary's HTML, whose every text is escaped there.
	HTML template.HTML
	PDF  string
}

// workReport serves GET /reports/summary?region=&date=[&format=pdf]: the
// "城乡社会保障" section of the work report, written from the data as of
// the day, to read and to print.
func (u *ui) workReport(w http.ResponseWriter, r *http.Request, v *visit) {
	if !u.mayReadStats(w, r, v) {
		return
	}
	q := r.URL.Query()
	region, date := strings.TrimSpace(q.Get("region")), strings.TrimSpace(q.Get("date"))
	if region == "" {
		region = v.actor.Region
	}
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	sm, err := u.s.app.Report.Summary(r.Context(), region, date)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	if q.Get("format") == "pdf" {
		b, err := summaryPDF(sm)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		writePDF(w, b, sm.PDFName())
		return
	}
	view := summaryView{Region: region, Date: date, HTML: template.HTML(sm.HTML()),
		PDF: "/reports/summary?" + url.Values{"region": {region}, "date": {date}, "format": {"pdf"}}.Encode()}
	u.render(w, r, http.StatusOK, "summary", u.newPage(v, "工作报告(城乡社会保障)", "reports", view))
}

// Geometry of the report charts, in SVG user units.
const (
	rcWidth   = 760
	rcLabelW  = 200
	rcValueW  = 110
	rcTop     = 8
	rcBarH    = 18
	rcStep    = 26
	rcMaxBars = 40
	rcLineH   = 220
)

// chartOf draws the first count or money column of a table: a bar per row
// when the rows are two to rcMaxBars regions, schemes or kinds, a line
// over the rows when they are the months of a trend; nil when the table
// has no such column or too few or too many rows (the table says it all).
func chartOf(t report.Table, trend bool) *reportChart {
	col := -1
	for i, c := range t.Columns {
		if c.Type == report.ColCount || c.Type == report.ColMoney || (trend && c.Type == report.ColRate) {
			col = i
			break
		}
	}
	if col < 0 || len(t.Rows) < 2 || len(t.Rows) > rcMaxBars && !trend {
		return nil
	}
	values := make([]float64, len(t.Rows))
	texts := make([]string, len(t.Rows))
	labels := make([]string, len(t.Rows))
	max := 0.0
	for i, row := range t.Rows {
		if col >= len(row) {
			return nil
		}
		switch x := row[col].(type) {
		case int64:
			values[i], texts[i] = float64(x), strconv.FormatInt(x, 10)
		case shebao.Money:
			values[i], texts[i] = float64(x)/100, x.String()
		case string:
			f, err := strconv.ParseFloat(x, 64)
			if err != nil {
				continue
			}
			values[i], texts[i] = f, x
		default:
			return nil
		}
		if values[i] > max {
			max = values[i]
		}
		labels[i] = rowLabel(t, row)
	}
	c := &reportChart{Title: t.Title + ":" + t.Columns[col].Header, Width: rcWidth, LabelX: rcLabelW - 8, PlotX: rcLabelW}
	if max <= 0 {
		max = 1
	}
	if trend {
		c.Height = rcLineH + 40
		c.AxisY = rcLineH + 10
		plotW := rcWidth - rcLabelW - 20
		var pts []string
		for i, val := range values {
			x := rcLabelW + i*plotW/max1(len(values)-1)
			y := c.AxisY - int(val/max*float64(rcLineH-10))
			pts = append(pts, fmt.Sprintf("%d,%d", x, y))
			c.Points = append(c.Points, reportPoint{X: x, Y: y, Label: labels[i] + ":" + texts[i], Month: labels[i]})
		}
		c.Line = strings.Join(pts, " ")
		return c
	}
	plotW := rcWidth - rcLabelW - rcValueW
	for i, val := range values {
		y := rcTop + i*rcStep
		w := int(val / max * float64(plotW))
		c.Bars = append(c.Bars, reportBar{Label: labels[i], Value: texts[i], Y: y, TextY: y + rcBarH/2 + 5, W: w,
			ValueX: rcLabelW + w + 6, Width: plotW})
	}
	c.Height = rcTop + len(values)*rcStep + 4
	return c
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// rowLabel names a row by its text columns (a code and its name, a month).
func rowLabel(t report.Table, row []any) string {
	var parts []string
	for i, c := range t.Columns {
		if i >= len(row) || (c.Type != report.ColText && c.Type != report.ColCode) {
			continue
		}
		if s, ok := row[i].(string); ok && s != "" {
			parts = append(parts, s)
		}
		if len(parts) == 2 {
			break
		}
	}
	// A region's code and name: the name says it.
	if len(parts) == 2 && len(parts[0]) == 12 && strings.Trim(parts[0], "0123456789") == "" {
		return parts[1]
	}
	return strings.Join(parts, " ")
}
