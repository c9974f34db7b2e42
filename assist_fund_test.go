package shebao

import (
	"fmt"
	"strings"
	"testing"
)

// TestAssistanceFundTable: every assistance kind is paid by the 社会救助资金
// to an expense account of its chart, BenefitKinds says the same, a payment
// posted by the 910 stopgap is undone in 5199, and a recovery goes to 5209.
func TestAssistanceFundTable(t *testing.T) {
	if _, ok := FindScheme(FundAssistance); ok {
		t.Fatalf("the assistance fund's code %s is a scheme's", FundAssistance)
	}
	var codes []string
	for _, a := range Chart(FundAssistance) {
		codes = append(codes, a.Code)
	}
	if got, want := strings.Join(codes, " "), "1002 1201 2101 2202 3001 4004 4099 4201 5199 5201 5202 5203 5204 5209"; got != want {
		t.Errorf("chart %s, want %s", got, want)
	}
	want := map[string]string{"dibao": "5201", "tekun": "5202", "temporary_relief": "5203", "medical_aid": "5204"}
	for _, k := range AssistanceKinds {
		bk, ok := FindBenefitKind(k.Kind)
		if !ok || bk.Scheme != FundAssistance || bk.Expense != want[k.Kind] {
			t.Errorf("kind %s: %+v", k.Kind, bk)
		}
		if a, ok := FindAccount(FundAssistance, k.Expense); !ok || a.Type != AccountExpense {
			t.Errorf("kind %s: account %s not an expense of JZ", k.Kind, k.Expense)
		}
		if got := KindExpense("910", k.Kind); got != AcctOtherExpense {
			t.Errorf("kind %s in 910: %s", k.Kind, got)
		}
	}
	o := &Overpayment{Scheme: FundAssistance, Amount: 76000, Reason: ReasonStopOverpayment}
	if got := fmt.Sprint(RecoveryCredits(o, BenefitDibao, 0)); got != "[{5209 0.00 760.00 }]" {
		t.Errorf("recovery %s", got)
	}
	if got := fmt.Sprint(OverpaymentCredits(o, BenefitDibao, 0)); got != "[{5201 0.00 760.00 }]" {
		t.Errorf("write-off credits %s", got)
	}
	old := &Overpayment{Scheme: "910", Amount: 76000, Reason: ReasonStopOverpayment}
	if got := fmt.Sprint(RecoveryCredits(old, BenefitDibao, 0)); got != "[{5199 0.00 760.00 }]" {
		t.Errorf("recovery of a 910 payment %s", got)
	}
	// 1520.00 of 低保 moved out of 910, then 760.00 back.
	for _, tt := range []struct {
		delta Money
		want  string
	}{
		{152000, "910 reclass:dibao:1 [{1201 1520.00 0.00 } {5199 0.00 1520.00 }]|JZ reclass:dibao:1 [{5201 1520.00 0.00 } {2202 0.00 1520.00 }]"},
		{-76000, "910 reclass:dibao:1 [{1201 0.00 760.00 } {5199 760.00 0.00 }]|JZ reclass:dibao:1 [{5201 0.00 760.00 } {2202 760.00 0.00 }]"},
	} {
		es, err := ReclassifyEntries("910", BenefitDibao, "2025-06-30", 1, tt.delta, 152000)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range es {
			if err := e.Validate(); err != nil {
				t.Errorf("%+v: %v", e, err)
			}
			got = append(got, fmt.Sprint(e.Fund, " ", e.Source, " ", e.Lines))
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("reclassify %s:\n got %s\nwant %s", tt.delta, strings.Join(got, "|"), tt.want)
		}
	}
	if es, err := ReclassifyEntries("910", BenefitDibao, "2025-06-30", 1, 0, 0); err != nil || es != nil {
		t.Errorf("nothing to move: %v %v", es, err)
	}
}
