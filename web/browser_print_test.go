package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBrowserDeterminationPrint (issue #15 item 3): a pension's 核定表
// opened from the person page prints on A4 — at the sheet's width
// (210 mm = 794 CSS px at 96 dpi) the print view does not scroll sideways,
// it has the formula's explanation and the signatures, and no navigation.
// The page is the same on both engines, so it runs on the first only; the
// screenshot is kept in the test's artifact folder.
func TestBrowserDeterminationPrint(t *testing.T) {
	browser := newChromium(t)
	e := sqldbtest.Engines(t)[0]
	f := newBrowserFixture(t, e)
	bs, _, err := f.db.FindBenefits(admin, shebao.BenefitFilter{Kind: shebao.BenefitPension, Limit: 1})
	if err != nil || len(bs) == 0 {
		t.Fatalf("no pensioner in the demo: %v", err)
	}
	b := newTab(t, browser, f.base)
	b.open("/")
	b.login("clerk1")
	b.do("A4 width", chromedp.EmulateViewport(794, 1123))
	b.open("/persons/" + bs[0].IDNo)
	href := eval[string](b, `(document.querySelector('a.determination-link') || {}).getAttribute ? document.querySelector('a.determination-link').getAttribute('href') : ''`)
	if href == "" {
		t.Fatal("no 核定表 link on the person page")
	}
	if status := b.open(href + "?print=1"); status != 200 {
		t.Fatalf("print view: status %d", status)
	}
	if w := eval[int64](b, `document.documentElement.scrollWidth - window.innerWidth`); w > 1 {
		t.Errorf("the 核定表's print view is %d px wider than an A4 sheet", w)
	}
	for sel, want := range map[string]string{"h1": "基本养老金核定表", "#determination-explain": "基础养老金", "#determination-sign": "复核人"} {
		if got := b.text(sel); !strings.Contains(got, want) {
			t.Errorf("%s: %q lacks %q", sel, got, want)
		}
	}
	if eval[bool](b, `!!document.querySelector('nav.main')`) {
		t.Error("the print view shows the navigation")
	}
	b.screenshot(t.ArtifactDir(), "determination-print-a4")
}
