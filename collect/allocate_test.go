package collect

import (
	"reflect"
	"testing"

	"github.com/shebao/shebao"
)

// Oldest first: each bill takes what it still lacks until the money is
// spent; a bill paid in full is passed over.
func TestOldestFirst(t *testing.T) {
	bills := []shebao.OpenBill{
		{Period: "2025-01", Total: 1200, Paid: 1000},
		{Period: "2025-02", Total: 1200, Paid: 1200},
		{Period: "2025-03", Total: 1200},
		{Period: "2025-04", Total: 1200},
	}
	for _, c := range []struct {
		amount shebao.Money
		want   map[shebao.Period]shebao.Money
	}{
		{100, map[shebao.Period]shebao.Money{"2025-01": 100}},
		// 200 to January, 1200 to March, 100 to April.
		{1500, map[shebao.Period]shebao.Money{"2025-01": 200, "2025-03": 1200, "2025-04": 100}},
		// More than owed: every bill in full, the rest is left (暂收款).
		{5000, map[shebao.Period]shebao.Money{"2025-01": 200, "2025-03": 1200, "2025-04": 1200}},
		{0, map[shebao.Period]shebao.Money{}},
	} {
		got := map[shebao.Period]shebao.Money{}
		for _, p := range oldestFirst(bills, c.amount) {
			got[p.bill.Period] = p.amount
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.amount, got, c.want)
		}
	}
}
