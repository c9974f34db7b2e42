package web

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBrowserNarrowAndKeyboard (issue #15 item 7): on a phone-sized screen
// (375 px) and on the office PC's 1366×768, the main pages of a clerk lay
// out without the page itself scrolling sideways (a wide table scrolls in
// its own box, not the page); and a form is usable from the keyboard:
// every input has a label, and Tab from the first field reaches the
// submit button. The pages are the same on both engines, so it runs on
// the first engine only; a page that scrolls is named with the elements
// that stick out.
func TestBrowserNarrowAndKeyboard(t *testing.T) {
	browser := newChromium(t)
	e := sqldbtest.Engines(t)[0]
	f := newBrowserFixture(t, e)
	b := newTab(t, browser, f.base)
	b.open("/")
	b.login("clerk1")
	pages := []string{"/", "/persons", "/employers", "/payroll", "/medical", "/land", "/funds", "/reports", "/persons/new", "/contributions/assess"}
	for _, size := range [][2]int64{{375, 740}, {1366, 768}} {
		b.do("resize", chromedp.EmulateViewport(size[0], size[1]))
		for _, p := range pages {
			b.open(p)
			if w := eval[int64](b, `document.documentElement.scrollWidth - window.innerWidth`); w > 1 {
				wide := eval[[]string](b, `Array.from(document.querySelectorAll('body *')).filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('table.data'))
					.slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ' ' + Math.round(el.getBoundingClientRect().right))`)
				t.Errorf("%d px: %s scrolls sideways (content %d px wider than the screen): %v", size[0], p, w, wide)
			}
		}
	}
	b.do("resize", chromedp.EmulateViewport(1366, 768))
	b.open("/persons/new")
	unlabelled := eval[[]string](b, `Array.from(document.querySelectorAll('#task-form input:not([type=hidden]), #task-form select, #task-form textarea'))
		.filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)`)
	if len(unlabelled) > 0 {
		t.Errorf("inputs without a label: %v", unlabelled)
	}
	reached := false
	b.do("focus the first field", chromedp.Focus(chromedp.CSS(`#task-form input:not([type=hidden])`)))
	for i := 0; i < 40 && !reached; i++ {
		b.do("tab", chromedp.KeyEvent("\t"))
		reached = eval[bool](b, `!!document.activeElement && document.activeElement.id === 'submit-button'`)
	}
	if !reached {
		t.Error("Tab from the first field never reaches the submit button")
	}
}

// eval evaluates a script in the tab's page and returns its value.
func eval[T any](b *tab, script string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", script, err)
	}
	return v
}
