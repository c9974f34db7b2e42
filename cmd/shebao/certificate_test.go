package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/pdfdoc"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// shebao certificate enrollment writes the PDF and prints the code, which
// shebao certificate verify then confirms with the masked name and the
// summary: 王建军's 110 history of 1998 (12 months) and 1999 (6 months) is
// 18 months. Without a font the command says what to install, and writes
// nothing.
func TestCertificateCommand(t *testing.T) {
	if _, err := pdfdoc.FindFont(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("under CI the certificate tests must run: %v", err)
		}
		t.Skipf("NOTICE: no Chinese font, certificate command test SKIPPED: %v", err)
	}
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dir := t.TempDir()
			id := demo.IDNumber("640106", time.Date(1966, 4, 2, 0, 0, 0, 0, time.UTC), 33, true)
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "10"); code != 0 {
				t.Fatal(errOut)
			}
			persons := filepath.Join(dir, "人员.csv")
			os.WriteFile(persons, []byte("身份证号,姓名,户籍性质,区划代码\n"+id+",王建军,非农业,640106100201\n"), 0o600)
			enr := filepath.Join(dir, "参保.csv")
			os.WriteFile(enr, []byte("身份证号,险种,参保日期,户号\n"+id+",170,1998-01-01,"+id+"\n"), 0o600)
			hist := filepath.Join(dir, "历年缴费.csv")
			os.WriteFile(hist, []byte("姓名,身份证号,险种,缴费年度,缴费月数,缴费基数合计\n"+
				fmt.Sprintf("王建军,%s,170,1998,12,9600\n王建军,%s,170,1999,6,4800\n", id, id)), 0o600)
			for _, args := range [][]string{{"import", "persons", persons}, {"import", "enrollments", enr}, {"import", "contribution-history", hist}} {
				if out, errOut, code := cli(t, eng.DSN, args...); code != 0 {
					t.Fatalf("%v: %s %s", args, out, errOut)
				}
			}
			pdf := filepath.Join(dir, "证明.pdf")
			out, errOut, code := cli(t, eng.DSN, "certificate", "enrollment", id, "--out", pdf, "--office", "金凤区社会保险事业管理局(测试)", "--json")
			var res struct{ File, Code, Office, Summary string }
			if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.File != pdf || len(res.Code) != 16 {
				t.Fatalf("issue: %d %s %s", code, out, errOut)
			}
			if !strings.Contains(res.Summary, "城乡居民基本养老保险18个月") || res.Office != "金凤区社会保险事业管理局(测试)" {
				t.Errorf("summary %q, office %q", res.Summary, res.Office)
			}
			if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
				t.Errorf("pdf: %v %.20q", err, b)
			}
			out, errOut, code = cli(t, eng.DSN, "certificate", "verify", pdfdoc.FormatCode(res.Code))
			if code != 0 || !strings.Contains(out, "有效") || !strings.Contains(out, "王**") || strings.Contains(out, id) || !strings.Contains(out, res.Summary) {
				t.Errorf("verify: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "certificate", "verify", "AAAA-AAAA-AAAA-AAAA"); code == 0 || !strings.Contains(errOut, "不存在") {
				t.Errorf("unknown code: %d %s", code, errOut)
			}
			if _, _, code := cli(t, eng.DSN, "certificate", "enrollment", id); code != 2 {
				t.Errorf("without --out: exit %d, want 2", code)
			}
			none := filepath.Join(dir, "无字体.pdf")
			_, errOut, code = cli(t, eng.DSN, "certificate", "record", id, "--out", none, "--font", filepath.Join(dir, "none.ttf"))
			if code == 0 || !strings.Contains(errOut, "找不到中文字体文件") {
				t.Errorf("no font: %d %s", code, errOut)
			}
			if _, err := os.Stat(none); err == nil {
				t.Error("a PDF written without a font")
			}
		})
	}
}

// report summary --format pdf writes the same paragraphs as --format md,
// every character of them (read back with pdftotext), and needs --out.
func TestReportSummaryPDF(t *testing.T) {
	if _, err := pdfdoc.FindFont(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("under CI the PDF tests must run: %v", err)
		}
		t.Skipf("NOTICE: no Chinese font, summary PDF test SKIPPED: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("under CI the PDF tests must run: pdftotext (poppler-utils) not found")
		}
		t.Skip("NOTICE: pdftotext not found, summary PDF test SKIPPED")
	}
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dir := t.TempDir()
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "60"); code != 0 {
				t.Fatal(errOut)
			}
			md, errOut, code := cli(t, eng.DSN, "report", "summary", "--region", demo.District, "--format", "md")
			if code != 0 {
				t.Fatal(errOut)
			}
			pdf := filepath.Join(dir, "s.pdf")
			if out, errOut, code := cli(t, eng.DSN, "report", "summary", "--region", demo.District, "--format", "pdf", "--out", pdf); code != 0 {
				t.Fatalf("%s %s", out, errOut)
			}
			out, err := exec.Command("pdftotext", pdf, "-").CombinedOutput()
			if err != nil {
				t.Fatalf("pdftotext: %v %s", err, out)
			}
			flat := strings.NewReplacer("\n", "", " ", "", "\f", "").Replace(string(out))
			n := 0
			for _, para := range strings.Split(md, "\n") {
				para = strings.TrimSpace(strings.TrimPrefix(para, "## "))
				if para == "" {
					continue
				}
				n++
				if !strings.Contains(flat, strings.ReplaceAll(para, " ", "")) {
					t.Errorf("the PDF lacks %q", para)
				}
			}
			if n < 3 {
				t.Errorf("summary of %d lines:\n%s", n, md)
			}
			if _, _, code := cli(t, eng.DSN, "report", "summary", "--format", "pdf"); code != 2 {
				t.Errorf("pdf without --out: exit %d, want 2", code)
			}
		})
	}
}
