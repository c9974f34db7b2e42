package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// cli runs the command line in-process and returns stdout, stderr and the
// exit code main would use.
func cli(t *testing.T, dsn string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string {
		if k == "SHEBAO_DB" {
			return dsn
		}
		return ""
	}}
	err := run(context.Background(), args, e)
	code := 0
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
			errb.WriteString(ee.msg)
		} else {
			// What main prints.
			code = 1
			errb.WriteString("错误: " + shebao.ErrorMessageFull(err))
		}
	}
	return out.String(), errb.String(), code
}

func TestCheckID(t *testing.T) {
	out, _, code := cli(t, "", "check", "id", "11010519491231002x", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got["number"] != "11010519491231002X" || got["birth"] != "1949-12-31" || got["sex"] != "女" || got["region"] != "110105" {
		t.Errorf("facts: %v", got)
	}
	// The 15-digit form is upgraded.
	out, _, code = cli(t, "", "check", "id", "110105491231002")
	if code != 0 || !strings.Contains(out, "11010519491231002X") || !strings.Contains(out, "15位") {
		t.Errorf("legacy: %d %s", code, out)
	}
	_, errOut, code := cli(t, "", "check", "id", "110105194912310021")
	if code != 1 || !strings.Contains(errOut, "校验码") {
		t.Errorf("bad check char: %d %q", code, errOut)
	}
}

func TestCheckUSCC(t *testing.T) {
	out, _, code := cli(t, "", "check", "uscc", "91350100M000100Y43", "--json")
	if code != 0 || !strings.Contains(out, `"region": "350100"`) {
		t.Fatalf("%d %s", code, out)
	}
	_, errOut, code := cli(t, "", "check", "uscc", "91350100M000100Y4O")
	if code != 1 || errOut == "" {
		t.Fatalf("invalid accepted: %d %s", code, errOut)
	}
}

func TestImportAndShowEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dir := t.TempDir()
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "50"); code != 0 {
				t.Fatalf("demo: %s", errOut)
			}
			csv := filepath.Join(dir, "p.csv")
			os.WriteFile(csv, []byte("序号,姓名,身份证号,户籍性质,所属区划\n1,王秀英,11010519491231002x,农业,640106100201\n2,坏号,110105194912310021,农业,640106100201\n"), 0o600)
			errXLSX := filepath.Join(dir, "err.xlsx")
			out, errOut, code := cli(t, eng.DSN, "import", "persons", csv, "--json", "--errors-out", errXLSX)
			// A rejected row: exit status 3 after the summary.
			if code != 3 || !strings.Contains(errOut, "1行被拒绝") {
				t.Fatalf("import: %d %s", code, errOut)
			}
			var s struct {
				Read, Created, Updated, Unchanged, Rejected int
				Errors                                      []struct {
					Row           int
					Field, Reason string
				}
			}
			if err := json.Unmarshal([]byte(out), &s); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if s.Read != 2 || s.Created != 1 || s.Rejected != 1 || len(s.Errors) != 1 || s.Errors[0].Row != 3 || s.Errors[0].Field != "身份证号" {
				t.Fatalf("summary %+v", s)
			}
			if _, err := os.Stat(errXLSX); err != nil {
				t.Errorf("errors file: %v", err)
			}
			out, _, code = cli(t, eng.DSN, "import", "persons", csv, "--json")
			if code != 3 || !strings.Contains(out, `"unchanged": 1`) || !strings.Contains(out, `"created": 0`) {
				t.Fatalf("re-import: %s", out)
			}
			// Any accepted form of the number finds the person.
			out, errOut, code = cli(t, eng.DSN, "show", "person", "１１０１０５１９４９１２３１００２ｘ", "--json")
			if code != 0 {
				t.Fatalf("show: %s", errOut)
			}
			var p map[string]any
			json.Unmarshal([]byte(out), &p)
			if p["id_no"] != "11010519491231002X" || p["name"] != "王秀英" || p["region_name"] != "魏家桥村" || p["sex"] != "女" {
				t.Errorf("person %v", p)
			}
			_, errOut, code = cli(t, eng.DSN, "show", "person", "640106194912310011")
			if code != 1 || errOut == "" {
				t.Errorf("unknown person: %d %s", code, errOut)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	if _, _, code := cli(t, "", "frobnicate"); code != 2 {
		t.Errorf("exit %d", code)
	}
}

func TestMatchDeathAndScanEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dir := t.TempDir()
			persons := filepath.Join(dir, "p.csv")
			os.WriteFile(persons, []byte("姓名,身份证号,户籍性质,所属区划\n王秀英,11010519491231002X,农业,640106100201\n"), 0o600)
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "10"); code != 0 {
				t.Fatal(errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "import", "persons", persons); code != 0 {
				t.Fatal(errOut)
			}
			deaths := filepath.Join(dir, "death.csv")
			os.WriteFile(deaths, []byte("身份证号,姓名,死亡日期\n11010519491231002X,王秀英,2024-05-06\n110105194912310021,坏号,2024-05-06\n"), 0o600)
			out, errOut, code := cli(t, eng.DSN, "match", "death", deaths, "--json")
			if code != 0 {
				t.Fatal(errOut)
			}
			if !strings.Contains(out, `"applied": "已记录死亡"`) || !strings.Contains(out, `"rejected": 1`) {
				t.Errorf("match output: %s", out)
			}
			out, _, _ = cli(t, eng.DSN, "show", "person", "11010519491231002X", "--json")
			if !strings.Contains(out, `"status": "死亡"`) {
				t.Errorf("death not recorded: %s", out)
			}
			out, errOut, code = cli(t, eng.DSN, "scan", "duplicates", "--json")
			if code != 0 || !strings.Contains(out, `"pending"`) {
				t.Errorf("scan: %d %s %s", code, out, errOut)
			}
		})
	}
}
