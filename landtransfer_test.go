package shebao

import (
	"strings"
	"testing"
	"time"
)

// TestPeakArea: the area of a parcel not free for a new transfer is the
// most that other transfers take on any one day of its period (hand
// computed, areas in 0.01 亩).
func TestPeakArea(t *testing.T) {
	a := AreaSpan{"2020-01-01", "2021-12-31", 600} // 6.00 亩, 2020–2021
	b := AreaSpan{"2022-01-01", "2023-12-31", 600} // 6.00 亩, 2022–2023, right after a
	c := AreaSpan{"2021-07-01", "2022-06-30", 250} // 2.50 亩 across the turn of the year
	cases := []struct {
		spans      []AreaSpan
		start, end string
		want       int64
	}{
		{nil, "2020-01-01", "2030-12-31", 0},
		// a and b follow each other: never more than 6.00 亩 at once,
		// although they sum to 12.00.
		{[]AreaSpan{a, b}, "2020-01-01", "2023-12-31", 600},
		// c overlaps both: 6.00 + 2.50 = 8.50 in 2021-07…2022-06.
		{[]AreaSpan{a, b, c}, "2020-01-01", "2023-12-31", 850},
		// Only the period counts: in 2023 only b runs.
		{[]AreaSpan{a, b, c}, "2023-01-01", "2025-12-31", 600},
		// A period ending the day before a span starts meets nothing.
		{[]AreaSpan{b}, "2019-01-01", "2021-12-31", 0},
		// Meeting on one day (the last of a, the first of the period) counts.
		{[]AreaSpan{a}, "2021-12-31", "2022-12-31", 600},
	}
	for i, c := range cases {
		if got := PeakArea(c.spans, c.start, c.end); got != c.want {
			t.Errorf("case %d: %d, want %d", i, got, c.want)
		}
	}
}

func TestCheckAgriculturalUse(t *testing.T) {
	for _, ok := range []string{"种植水稻", "枸杞种植", "设施蔬菜", "肉牛养殖", "苗木花卉", "粮食生产"} {
		if err := CheckAgriculturalUse(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "建设厂房", "种植大棚配套建房", "农家乐", "仓储物流", "停车场", "商住开发"} {
		err := CheckAgriculturalUse(bad)
		if err == nil {
			t.Errorf("%q accepted", bad)
			continue
		}
		if e, ok := err.(*Error); !ok || e.Field != "用途" || !strings.Contains(e.Message, "农业") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestRegistrableAndForms(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(DateLayout, s); return v }
	// 2025-01-01 … 2029-12-31 is five whole years; a day less is not.
	if !Registrable(d("2025-01-01"), d("2029-12-31")) || Registrable(d("2025-01-01"), d("2029-12-30")) {
		t.Error("five years")
	}
	for in, want := range map[string]string{"转包": FormLease, "出租": FormLease, "出租/转包": FormLease, "入股": FormShare,
		"托管": FormTrust, "互换": FormExchange, "转让": FormAssign} {
		if got, ok := ParseTransferForm(in); !ok || got != want {
			t.Errorf("%s: %s", in, got)
		}
	}
	if _, ok := ParseTransferForm("抵押"); ok {
		t.Error("抵押 is not a form of transfer")
	}
	for id, want := range map[string]string{"93640106MA7XXXXX0X": TransfereeCoop, "91640106MA7XXXXX0X": TransfereeEnterprise,
		"N2640106MA7XXXXX0X": TransfereeOther} {
		if got := TransfereeKindOf(id, false); got != want {
			t.Errorf("%s: %s", id, got)
		}
	}
}
