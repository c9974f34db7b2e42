package web

import (
	"fmt"

	"github.com/shebao/shebao"
)

// Charts are drawn on the server as inline SVG: no script, nothing to load,
// printable, and allowed by the Content-Security-Policy (default-src
// 'self'), which forbids inline styles — so the SVG uses presentation
// attributes and classes of the stylesheet only. Every chart also has its
// numbers in a table next to it, for screen readers and for copying.

// barChart is a horizontal stacked bar chart with one bar per scheme: open
// enrollments contributing (参保缴费, 暂停缴费) and receiving benefits
// (享受待遇, 暂停发放).
type barChart struct {
	Width, Height int
	// PlotX and PlotWidth place the bars; labels end at LabelX, left of
	// them. Grid lines run from GridTop down to the axis at AxisY.
	PlotX, PlotWidth int
	LabelX, GridTop  int
	AxisY            int
	Bars             []chartBar
	Ticks            []chartTick
	Empty            bool // no open enrollment at all
	Title            string
}

// chartBar is one bar: its label and the two segments.
type chartBar struct {
	Label       string
	Y, TextY    int
	Height      int
	X1, W1      int // contributing
	X2, W2      int // receiving benefits
	Total       int
	TotalX      int
	Description string // the bar's numbers, as its tooltip (<title>)
}

// chartTick is one mark of the value axis.
type chartTick struct {
	X     int
	Label string
}

// Geometry of the chart, in SVG user units (the SVG scales to its box).
const (
	chartWidth   = 760
	chartLabelW  = 230 // scheme names, right-aligned at PlotX-8
	chartTotalW  = 70  // the total right of each bar
	chartTop     = 34  // room for the legend
	chartBarH    = 20
	chartBarStep = 30
	chartAxisH   = 26
)

// schemeChart draws the open enrollments of every scheme.
func schemeChart(schemes []shebao.SchemeCount) *barChart {
	c := &barChart{Width: chartWidth, PlotX: chartLabelW, PlotWidth: chartWidth - chartLabelW - chartTotalW,
		LabelX: chartLabelW - 8, GridTop: chartTop - 4, Title: "各险种在册参保人次(缴费期与待遇期)"}
	max := 0
	for _, s := range schemes {
		if s.Open() > max {
			max = s.Open()
		}
	}
	c.Empty = max == 0
	top := niceCeil(max)
	scale := func(n int) int { return n * c.PlotWidth / top }
	for i, s := range schemes {
		y := chartTop + i*chartBarStep
		b := chartBar{Label: s.Scheme + " " + s.Name, Y: y, Height: chartBarH, TextY: y + chartBarH/2 + 5,
			X1: c.PlotX, W1: scale(s.Contributing()), Total: s.Open(),
			Description: fmt.Sprintf("%s %s:缴费期%d人次(参保缴费%d,暂停缴费%d),待遇期%d人次(享受待遇%d,暂停发放%d)",
				s.Scheme, s.Name, s.Contributing(), s.Active, s.Suspended, s.Receiving(), s.Benefit, s.BenefitSuspended)}
		b.X2 = b.X1 + b.W1
		b.W2 = scale(s.Open()) - b.W1
		b.TotalX = b.X2 + b.W2 + 6
		c.Bars = append(c.Bars, b)
	}
	c.AxisY = chartTop + len(schemes)*chartBarStep
	c.Height = c.AxisY + chartAxisH
	for i := 0; i <= 4; i++ {
		c.Ticks = append(c.Ticks, chartTick{X: c.PlotX + i*c.PlotWidth/4, Label: groupDigits(top * i / 4)})
	}
	return c
}

// niceCeil rounds n up to 1, 2, 4, 5 or 8 times a power of ten (at least
// 4), so that the axis has four round steps.
func niceCeil(n int) int {
	if n <= 4 {
		return 4
	}
	p := 1
	for p*10 < n {
		p *= 10
	}
	for _, m := range []int{1, 2, 4, 5, 8, 10} {
		if m*p >= n {
			return m * p
		}
	}
	return 10 * p
}
