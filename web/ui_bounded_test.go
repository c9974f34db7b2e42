package web

import (
	"net/url"
	"testing"
)

// TestBoundedPager: a total counted up to a bound (the labour register
// page, issue #15). With pages of 50 and a bound of 1,000 (countUpTo of
// page 1): 999 lines are exact (20 pages, no next on page 20); a count
// that came back as 1,001 means more than 1,000 — 20+ pages, page 1 links
// page 2, page 20 links page 21 — and page 21 counts up to 21 × 50 =
// 1,050, so 1,051 back still links page 22.
func TestBoundedPager(t *testing.T) {
	u, _ := url.Parse("/labor?status=x")
	if countUpTo(1) != pageCountBound || countUpTo(21) != 1050 {
		t.Fatalf("countUpTo: %d %d", countUpTo(1), countUpTo(21))
	}
	p := boundedPager(u, 20, 999, 1000)
	if p.More || p.Total != 999 || p.Pages != 20 || p.Next != "" || p.From != 951 || p.To != 999 {
		t.Errorf("exact: %+v", p)
	}
	p = boundedPager(u, 1, 1001, 1000)
	if !p.More || p.Total != 1000 || p.Pages != 20 || p.Next != "/labor?page=2&status=x" || p.From != 1 || p.To != 50 {
		t.Errorf("more, page 1: %+v", p)
	}
	p = boundedPager(u, 20, 1001, 1000)
	if !p.More || p.Pages != 20 || p.Next != "/labor?page=21&status=x" || p.From != 951 || p.To != 1000 {
		t.Errorf("more, page 20: %+v", p)
	}
	p = boundedPager(u, 21, 1051, 1050)
	if !p.More || p.Total != 1050 || p.Pages != 21 || p.Next != "/labor?page=22&status=x" || p.To != 1050 {
		t.Errorf("more, page 21: %+v", p)
	}
}
