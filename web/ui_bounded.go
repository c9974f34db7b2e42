package web

import "net/url"

// Bounded pager totals (issue #15: each navigation page under 100 ms at
// 100,000 persons). A list whose whole count would read most of a
// district's rows on every page view — the labour register, some 60,000
// lines at 100,000 persons — is counted only up to a bound: exact below
// it, "超过 N" above it. The bound grows with the page asked for, so the
// pager always links the next page while there is one.

// pageCountBound is the bound of a bounded pager total: every town and
// village of a generated district of 100,000 persons counts exactly.
const pageCountBound = 1000

// countUpTo is the bound of the count for the page: at least
// pageCountBound, and at least to the end of the page.
func countUpTo(pageNo int) int {
	return max(pageCountBound, pageNo*uiPageSize)
}

// boundedPager is makePager for a total counted up to upTo+1 at most: a
// total above upTo is shown as more than upTo (pager.More), with a next
// page after this one.
func boundedPager(u *url.URL, pageNo, total, upTo int) pager {
	if total <= upTo {
		return makePager(u, pageNo, total)
	}
	p := makePager(u, pageNo, upTo+1)
	p.Total, p.Pages, p.More = upTo, (upTo+uiPageSize-1)/uiPageSize, true
	if pageNo >= p.Pages { // the bound ends on this page: more follow
		p.Pages = pageNo
	}
	return p
}
