package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// payrollBeneficiaries creates three land-allowance beneficiaries and an
// employee pensioner with an individual account in the database.
func payrollBeneficiaries(t *testing.T, dsn string) map[string]string {
	t.Helper()
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := map[string]string{"王秀英": "11010519491231002X", "马德福": "640106195803120213", "杨建国": "640106195501010019", "李桂兰": "640106195502020024"}
	for name, id := range ids {
		if err := db.CreatePerson(ctx, &shebao.Person{IDNo: id, Name: name, Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
	}
	var bs []shebao.NewBenefit
	for _, name := range []string{"王秀英", "马德福", "李桂兰"} {
		bs = append(bs, shebao.NewBenefit{IDNo: ids[name], Kind: shebao.BenefitLandAllowance, StartMonth: "2025-01", Monthly: 16000,
			BankAccount: "622848000000000" + ids[name][14:], Source: "land:宁政土批〔2024〕3号", Explanation: "基本生活保障金160.00元/月"})
	}
	bs = append(bs, shebao.NewBenefit{IDNo: ids["杨建国"], Kind: shebao.BenefitPension, StartMonth: "2025-01", Monthly: 371914, AccountPart: 107914,
		BankAccount: "6228480000000000001", Source: "determination:test", Explanation: "2640.00 + 150000.00 ÷ 139 = 3719.14元/月"})
	if _, err := db.CreateBenefits(ctx, bs); err != nil {
		t.Fatal(err)
	}
	m := shebao.AccountMovement{IDNo: ids["杨建国"], Fund: "110", Date: "2024-12-31", Kind: shebao.MoveCredit, Source: "opening", Amount: 15000000}
	if _, err := db.MoveAccounts(ctx, m.Date, "opening", "期初余额", []shebao.AccountMovement{m}); err != nil {
		t.Fatal(err)
	}
	return ids
}

func ledgerBalanced(t *testing.T, dsn string) {
	t.Helper()
	out, errOut, code := cli(t, dsn, "ledger", "check", "--json")
	var c shebao.LedgerCheck
	if code != 0 || json.Unmarshal([]byte(out), &c) != nil || !c.Balanced {
		t.Fatalf("ledger check: %d %s %s", code, out, errOut)
	}
}

// TestPayrollEndToEnd: run payroll writes the bank files and submits the
// release; a second run changes nothing; the maker cannot approve, another
// clerk can; a late death notice makes the paid month an overpayment,
// which is recovered; the books stay balanced throughout.
func TestPayrollEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "benefits", "jingban", "fuhe")
			ids := payrollBeneficiaries(t, eng.DSN)
			dir := t.TempDir()
			out, errOut, code := cli(t, eng.DSN, "run", "payroll", "--month", "2025-03", "--out", dir, "--as", "jingban", "--json")
			if code != 0 {
				t.Fatal(errOut)
			}
			var res struct {
				Month     string
				Payments  int
				Total     shebao.Money
				Skipped   map[string]int
				Release   *shebao.Approval
				Files     []string
				FileRows  int `json:"file_rows"`
				FileTotal shebao.Money
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err, out)
			}
			if res.Month != "2025-03" || res.Payments != 4 || res.Total != 3*16000+371914 || res.Release == nil || len(res.Files) != 2 || res.FileRows != 4 {
				t.Fatalf("run: %s", out)
			}
			csv, err := os.ReadFile(filepath.Join(dir, "payroll-2025-03.csv"))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(csv), "\uFEFF")), "\r\n")
			if len(lines) != 6 || lines[0] != "序号,姓名,身份证号,收款账号,险种,待遇项目,金额(元)" ||
				lines[5] != "合计,笔数,4,,,合计金额,4199.14" || !strings.Contains(string(csv), "1,王秀英,11010519491231002X,622848000000000002X,被征地农民基本生活保障,被征地农民基本生活保障金,160.00") {
				t.Errorf("bank file:\n%s", csv)
			}
			if _, err := os.Stat(filepath.Join(dir, "payroll-2025-03.xlsx")); err != nil {
				t.Error(err)
			}
			// Again: nothing new.
			out, _, _ = cli(t, eng.DSN, "run", "payroll", "--month", "2025-03", "--out", t.TempDir(), "--json")
			if !strings.Contains(out, `"payments": 0`) || strings.Contains(out, `"release"`) {
				t.Errorf("second run: %s", out)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", res.Release.ID, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker released own payroll: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", res.Release.ID, "--as", "fuhe"); code != 0 || !strings.Contains(out, "已发放2025-03月待遇4人次") {
				t.Fatalf("release: %d %s %s", code, out, errOut)
			}
			out, _, _ = cli(t, eng.DSN, "payroll", "show", "--month", "2025-03", "--json")
			if !strings.Contains(out, `"released": 4`) || !strings.Contains(out, `"pending": 0`) {
				t.Errorf("show: %s", out)
			}
			ledgerBalanced(t, eng.DSN)
			// Nothing pending: no file; with --all the month's four.
			if out, _, _ := cli(t, eng.DSN, "payroll", "file", "--month", "2025-03", "--out", t.TempDir()); !strings.Contains(out, "未生成文件") {
				t.Errorf("file of nothing: %s", out)
			}
			if out, _, _ := cli(t, eng.DSN, "payroll", "file", "--month", "2025-03", "--out", t.TempDir(), "--all", "--json"); !strings.Contains(out, `"rows": 4`) {
				t.Errorf("file --all: %s", out)
			}

			// 马德福 died in February: March was overpaid.
			deaths := filepath.Join(dir, "death.csv")
			os.WriteFile(deaths, []byte("身份证号,姓名,死亡日期\n"+ids["马德福"]+",马德福,2025-02-10\n"), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "match", "death", deaths, "--json"); code != 0 || !strings.Contains(out, "终止待遇1项,死亡后多发1个月待追回") {
				t.Fatalf("match: %s %s", out, errOut)
			}
			out, _, _ = cli(t, eng.DSN, "overpayments", "--json")
			var ops struct {
				Overpayments []shebao.Overpayment
				Count        int
				Total        shebao.Money
			}
			if json.Unmarshal([]byte(out), &ops); ops.Count != 1 || ops.Total != 16000 || ops.Overpayments[0].Month != "2025-03" {
				t.Fatalf("overpayments: %s", out)
			}
			if _, errOut, code := cli(t, eng.DSN, "overpayments", "recover", ops.Overpayments[0].BenefitID, "2025-03"); code != 2 {
				t.Errorf("recover without --as: %d %s", code, errOut)
			}
			rec := []string{"overpayments", "recover", ops.Overpayments[0].BenefitID, "2025-03", "--receipt", "ZH-CLI-1", "--date", shebao.Today().Format(shebao.DateLayout), "--as", "fuhe"}
			if _, errOut, code := cli(t, eng.DSN, append(rec, "--amount", "150")...); code == 0 || !strings.Contains(errOut, "与应追回的160.00元不符") {
				t.Errorf("recover a wrong amount: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, append(rec, "--amount", "160.00")...); code != 0 || !strings.Contains(out, "已追回") || !strings.Contains(out, "回单ZH-CLI-1") {
				t.Fatalf("recover: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, append(rec, "--amount", "160.00")...); code != 0 || !strings.Contains(out, "未重复入账") {
				t.Errorf("recover again: %d %s %s", code, out, errOut)
			}
			ledgerBalanced(t, eng.DSN)
			// April: 马德福 is no longer paid.
			out, _, _ = cli(t, eng.DSN, "run", "payroll", "--month", "2025-04", "--out", t.TempDir(), "--json")
			if !strings.Contains(out, `"payments": 3`) || !strings.Contains(out, `"死亡": 1`) {
				t.Errorf("April: %s", out)
			}
		})
	}
}
