package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb/sqldbtest"
	"github.com/xuri/excelize/v2"
)

// TestPayrollFileWithBackPays: January and February 2026 paid and
// released; the 2026 adjustment raises 杨建国's 3719.14 to 3790.17 from
// January; the March run pays the four March payments (3 × 160.00 +
// 3790.17 = 4270.17) and two back payments of 71.03 (January, February).
// The bank files (CSV and .xlsx) list the six rows, the back payments
// marked 补发 with their month, and total 4412.23 — the release's amount;
// `payroll show` has a 补发 line for 110, with the same month total, before
// and after the release.
func TestPayrollFileWithBackPays(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "benefits", "jingban", "fuhe")
			ids := payrollBeneficiaries(t, eng.DSN)
			type runOut struct {
				Payments  int
				Total     shebao.Money
				Release   *shebao.Approval
				Files     []string
				FileRows  int          `json:"file_rows"`
				FileTotal shebao.Money `json:"file_total"`
				MonthTot  shebao.Money `json:"month_total"`
				Totals    []shebao.PayrollTotal
			}
			run := func(month, dir string) runOut {
				t.Helper()
				out, errOut, code := cli(t, eng.DSN, "run", "payroll", "--month", month, "--out", dir, "--as", "jingban", "--json")
				var res runOut
				if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
					t.Fatalf("run %s: %s %s", month, out, errOut)
				}
				return res
			}
			approve := func(ap *shebao.Approval) {
				t.Helper()
				if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 {
					t.Fatalf("release: %s %s", out, errOut)
				}
			}
			for _, m := range []string{"2026-01", "2026-02"} {
				res := run(m, t.TempDir())
				if res.FileTotal != 3*16000+371914 {
					t.Fatalf("%s file total %s", m, res.FileTotal)
				}
				approve(res.Release)
			}
			if out, errOut, code := cli(t, eng.DSN, "run", "adjustment", "--year", "2026", "--json"); code != 0 {
				t.Fatalf("adjustment: %s %s", out, errOut)
			}
			dir := t.TempDir()
			res := run("2026-03", dir)
			var payload struct {
				Payments int
				Total    shebao.Money
			}
			if res.Release == nil || json.Unmarshal(res.Release.Payload, &payload) != nil {
				t.Fatalf("no release: %+v", res)
			}
			const want = 3*16000 + 379017 + 2*7103 // 4412.23
			if res.Payments != 4 || res.FileRows != 6 || res.FileTotal != want || payload.Payments != 6 || payload.Total != want || res.MonthTot != want {
				t.Fatalf("march: run %+v, release %+v", res, payload)
			}
			csv, err := os.ReadFile(filepath.Join(dir, "payroll-2026-03.csv"))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(csv), "\uFEFF")), "\r\n")
			if len(lines) != 8 || lines[0] != "序号,姓名,身份证号,收款账号,险种,待遇项目,金额(元)" ||
				lines[5] != "5,杨建国,"+ids["杨建国"]+",6228480000000000001,企业职工基本养老保险,基本养老金补发(2026-01),71.03" ||
				lines[6] != "6,杨建国,"+ids["杨建国"]+",6228480000000000001,企业职工基本养老保险,基本养老金补发(2026-02),71.03" ||
				lines[7] != "合计,笔数,6,,,合计金额,4412.23" {
				t.Errorf("bank file:\n%s", csv)
			}
			x, err := excelize.OpenFile(filepath.Join(dir, "payroll-2026-03.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := x.GetRows(x.GetSheetList()[0], excelize.Options{RawCellValue: true})
			if err != nil || len(rows) != 8 || strings.Join(rows[6], ",") != strings.TrimPrefix(lines[6], "") || strings.Join(rows[7], ",") != lines[7] {
				t.Errorf("xlsx: %v %q", err, rows)
			}
			// The amounts are number cells, so that Excel's SUM over the
			// column gives the total (text cells sum to 0), and the ID
			// numbers stay text.
			for _, cell := range []string{"G2", "G7", "G8", "C8"} {
				if typ, err := x.GetCellType(x.GetSheetList()[0], cell); err != nil || typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
					t.Errorf("xlsx %s: type %v %v, want a number", cell, typ, err)
				}
			}
			if typ, _ := x.GetCellType(x.GetSheetList()[0], "C2"); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("xlsx C2 (身份证号): type %v, want text", typ)
			}
			x.Close()
			// The month's totals: a 补发 line for 110, the total the release's.
			show := func(wantStatus string) {
				t.Helper()
				out, _, _ := cli(t, eng.DSN, "payroll", "show", "--month", "2026-03", "--json")
				var s shebao.PayrollSummary
				if json.Unmarshal([]byte(out), &s) != nil || s.Total != want || s.Payments != 6 {
					t.Fatalf("show: %s", out)
				}
				var bp *shebao.PayrollTotal
				for i, l := range s.Totals {
					if l.Kind == shebao.BackPayKind {
						bp = &s.Totals[i]
					}
				}
				if bp == nil || bp.Scheme != "110" || bp.KindName != "补发" || bp.Count != 2 || bp.Amount != 2*7103 || bp.Status != wantStatus {
					t.Errorf("back pay line: %s", out)
				}
			}
			show(shebao.PaymentPending)
			if out, _, _ := cli(t, eng.DSN, "payroll", "show", "--month", "2026-03"); !strings.Contains(out, "补发") || !strings.Contains(out, "6人次,合计4412.23元") {
				t.Errorf("show text: %s", out)
			}
			approve(res.Release)
			show(shebao.PaymentReleased)
			// After the release: nothing pending; --all lists the six again.
			if out, _, _ := cli(t, eng.DSN, "payroll", "file", "--month", "2026-03", "--out", t.TempDir()); !strings.Contains(out, "未生成文件") {
				t.Errorf("pending file after release: %s", out)
			}
			out, _, _ := cli(t, eng.DSN, "payroll", "file", "--month", "2026-03", "--out", t.TempDir(), "--all", "--json")
			if !strings.Contains(out, `"rows": 6`) || !strings.Contains(out, `"total": "4412.23"`) {
				t.Errorf("file --all: %s", out)
			}
			ledgerBalanced(t, eng.DSN)
		})
	}
}
