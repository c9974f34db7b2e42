package main

import (
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestLedgerBudgetCLI records a budget for the 社会救助资金 by the command,
// on both engines: 10000.00 by 区财社〔2020〕1号 on 2020-01-02, once however
// often it is run; the same number with another amount is refused; the
// status on 2020-01-31 shows the fund with 10000.00 and no expenditure
// (∞ months) and its account 4201 财政补助收入 10000.00; nothing to
// reclassify.
func TestLedgerBudgetCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "finance", "cw1")
			args := []string{"ledger", "budget", "--doc", "区财社〔2020〕1号", "--amount", "10000", "--date", "2020-01-02", "--note", "城乡低保资金", "--as", "cw1"}
			out, errOut, code := cli(t, eng.DSN, args...)
			if code != 0 || !strings.Contains(out, "已登记社会救助资金财政补助10000.00元(文号区财社〔2020〕1号,2020-01-02到账)") {
				t.Fatalf("budget: %d %q %q", code, out, errOut)
			}
			if out, errOut, code = cli(t, eng.DSN, args...); code != 0 || !strings.Contains(out, "已登记过,未重复记账") {
				t.Errorf("budget again: %d %q %q", code, out, errOut)
			}
			args[5] = "9000"
			if _, errOut, code = cli(t, eng.DSN, args...); code == 0 || !strings.Contains(errOut, "文号区财社〔2020〕1号的财政补助已登记,金额与本次(9000.00元)不同") {
				t.Errorf("another amount: %d %q", code, errOut)
			}
			if _, errOut, code = cli(t, eng.DSN, "ledger", "budget", "--doc", "x", "--amount", "10", "--date", "2020-01-02"); code != 2 || !strings.Contains(errOut, "--as") {
				t.Errorf("without --as: %d %q", code, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "ledger", "status", "--date", "2020-01-31")
			if code != 0 {
				t.Fatalf("status: %d %q", code, errOut)
			}
			for _, want := range []string{"JZ 社会救助资金", "10000.00", "社会救助资金(财政资金,2020-01-31)", "4201 财政补助收入", "1002 银行存款"} {
				if !strings.Contains(out, want) {
					t.Errorf("status lacks %q:\n%s", want, out)
				}
			}
			if out, errOut, code = cli(t, eng.DSN, "ledger", "check"); code != 0 || !strings.Contains(out, "JZ 社会救助资金") {
				t.Errorf("check: %d %q %q", code, out, errOut)
			}
			if out, errOut, code = cli(t, eng.DSN, "ledger", "reclassify", "--date", "2020-01-31", "--as", "cw1"); code != 0 || !strings.Contains(out, "无需调整") {
				t.Errorf("reclassify: %d %q %q", code, out, errOut)
			}
		})
	}
}
