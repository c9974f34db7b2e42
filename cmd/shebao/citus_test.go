package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestCitusScenario (issue #21 item 2): the same district's month of work
// through the CLI on single-node PostgreSQL and on a Citus cluster (a
// coordinator and two workers, SHEBAO_TEST_CITUS, started by scripts/test):
// the demo district built, persons, an enrollment, hospital claims,
// declarations and a bank's payments imported,
// the month assessed, the year's interest credited, the payroll run, the
// dashboard's summary, `ledger check` and `audit verify` — every answer,
// and the state the runs leave in the books, must be exactly the same on
// both. Skipped without a cluster (an error under CI).
func TestCitusScenario(t *testing.T) {
	pg := sqldbtest.PostgresDSN(t)
	citus := sqldbtest.CitusDSN(t)
	if pg == "" || citus == "" {
		t.Skip("needs PostgreSQL (SHEBAO_TEST_PG) and a Citus cluster (SHEBAO_TEST_CITUS): scripts/test starts both")
	}
	dir := t.TempDir()
	single := citusScenario(t, pg, filepath.Join(dir, "pg"))
	cluster := citusScenario(t, citus, filepath.Join(dir, "citus"))
	// The cluster is laid out as sqldb.CitusTables says.
	raw := rawOpen(t, citus)
	defer raw.Close()
	var distributed, reference int
	if err := raw.QueryRow(`SELECT COUNT(*) FILTER (WHERE partmethod = 'h'), COUNT(*) FILTER (WHERE partmethod = 'n' AND repmodel = 't')
		FROM pg_dist_partition`).Scan(&distributed, &reference); err != nil {
		t.Fatal(err)
	}
	var wantD, wantR int
	for _, c := range sqldb.CitusTables {
		switch c.Kind {
		case sqldb.CitusDistributed:
			wantD++
		case sqldb.CitusReference:
			wantR++
		}
	}
	if distributed != wantD || reference < wantR {
		t.Errorf("cluster layout: %d distributed, %d reference tables; want %d and %d", distributed, reference, wantD, wantR)
	}
	for _, step := range single.order {
		if single.out[step] != cluster.out[step] {
			t.Errorf("%s differs on the cluster:\n--- single-node PostgreSQL\n%s\n--- Citus\n%s", step, single.out[step], cluster.out[step])
		}
	}
	if len(cluster.order) != len(single.order) {
		t.Errorf("steps: %v on PostgreSQL, %v on Citus", single.order, cluster.order)
	}
}

// scenarioResult is every step's answer, with what differs by run (run
// ids, timestamps, durations, file paths) taken out.
type scenarioResult struct {
	order []string
	out   map[string]string
}

// perRun matches the values of an answer that differ between two runs of
// the same work: durations, times of day, run ids and the scenario's
// directory.
var perRun = regexp.MustCompile(`"(took|seconds|elapsed|started|finished|run|run_id|id|at|created_at|decided_at|submitted_at|ms)": ("[^"]*"|[0-9.]+)|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z|[0-9.]+ ?(ms|µs|s)\b|耗时[^\n,]*|\b[0-9a-f]{64}\b|\b[0-9a-f]{32}\b`)

func citusScenario(t *testing.T, dsn, dir string) scenarioResult {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	res := scenarioResult{out: map[string]string{}}
	step := func(name string, want int, args ...string) string {
		t.Helper()
		out, errOut, code := cli(t, dsn, args...)
		if code != want {
			t.Fatalf("%s: exit %d, want %d\n%s\n%s", name, code, want, out, errOut)
		}
		clean := strings.ReplaceAll(out+errOut, dir, "DIR")
		res.order = append(res.order, name)
		res.out[name] = perRun.ReplaceAllString(clean, "·")
		return out
	}
	if _, errOut, code := cli(t, dsn, "demo", "--no-serve", "--persons", "300"); code != 0 {
		t.Fatal(errOut)
	}
	for _, u := range []string{"jingban", "fuhe"} {
		if _, errOut, code := cliIn(t, dsn, "correct horse 8\n", "user", "add", u, "--role", "clerk", "--line", "benefits", "--region", demo.District); code != 0 {
			t.Fatal(errOut)
		}
	}
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	ns, _, err := db.FindEnrollments(ctx, shebao.EnrollmentFilter{Scheme: "110", Status: shebao.EnrollActive, Limit: 5})
	db.Close()
	if err != nil || len(ns) < 5 {
		t.Fatalf("employees in the demo: %d %v", len(ns), err)
	}
	// Imports: a month's declarations (one row refused, named), then the
	// bank's list of money received for the first employer's bill.
	var b strings.Builder
	b.WriteString("序号,姓名,身份证号,统一社会信用代码,费款所属期,申报工资\n")
	for i, n := range ns {
		fmt.Fprintf(&b, "%d,%s,%s,%s,2025-03,%d\n", i+1, n.Name, n.IDNo, n.Employer, 3000+i*1500)
	}
	fmt.Fprintf(&b, "9,无名,%s,%s,2025-03,abc\n", ns[0].IDNo, ns[0].Employer)
	decl := filepath.Join(dir, "申报.csv")
	os.WriteFile(decl, []byte(b.String()), 0o600)
	step("import declarations", 3, "import", "declarations", decl, "--json")
	// Persons, an enrollment and a hospital's settlement slips (the figures
	// of TestImportClaimsEndToEnd: 390 example policy, (6000 − 800) × 60% =
	// 3120.00 and (1100 − 100) × 85% = 850.00; the second person is not
	// enrolled and refused). Settling locks the claims' persons: on the
	// cluster one shard at a time.
	pa := demo.IDNumber("640106", time.Date(1961, 8, 3, 0, 0, 0, 0, time.UTC), 871, false)
	pb := demo.IDNumber("640106", time.Date(1975, 2, 14, 0, 0, 0, 0, time.UTC), 873, true)
	persons := filepath.Join(dir, "人员.csv")
	os.WriteFile(persons, []byte(fmt.Sprintf("姓名,身份证号,户籍性质,所属区划\n海玉梅,%s,农业,640106100201\n李宝成,%s,农业,640106100201\n", pa, pb)), 0o600)
	step("import persons", 0, "import", "persons", persons, "--json")
	enr := filepath.Join(dir, "参保.csv")
	os.WriteFile(enr, []byte(fmt.Sprintf("身份证号,险种,参保日期,参保年度\n%s,新农合,2024-01-01,2024\n", pa)), 0o600)
	step("import enrollments", 0, "import", "enrollments", enr, "--json")
	claims := filepath.Join(dir, "结算明细.csv")
	os.WriteFile(claims, []byte("序号,结算单号,身份证号,险种,医院名称,医院等级,入院日期,出院日期,总费用,合规费用(政策范围内费用)\n"+
		fmt.Sprintf("1,ZY20240001,%s,390,宁夏医科大学总医院,三级甲等,2024-03-01,2024-03-12,7000.00,6000.00\n", pa)+
		fmt.Sprintf("2,ZY20240002,%s,390,良田镇卫生院,1,2024-06-01,2024-06-04,1200,1100\n", pa)+
		fmt.Sprintf("3,ZY20240003,%s,390,良田镇卫生院,一级,2024-06-01,2024-06-04,1200,1100\n", pb)), 0o600)
	if out := step("import claims", 3, "import", "claims", claims, "--json"); !strings.Contains(out, `"created": 2`) {
		t.Fatalf("claims: %s", out)
	}
	if out := step("report medical", 0, "report", "medical", "--region", demo.District, "--from", "2024-01", "--to", "2024-12", "--json"); !strings.Contains(out, `"reimbursed": "3970.00"`) {
		t.Fatalf("report medical: %s", out)
	}
	step("run assessment", 0, "run", "assessment", "--month", "2025-03", "--json")
	step("run assessment again", 0, "run", "assessment", "--month", "2025-03", "--json")
	out := step("bill", 0, "bill", ns[0].Employer, "2025-03", "--json")
	var bill shebao.Bill
	if err := json.Unmarshal([]byte(out), &bill); err != nil || bill.Total <= shebao.Yuan(1000) {
		t.Fatalf("bill: %v %s", err, out)
	}
	pay := filepath.Join(dir, "到账.csv")
	os.WriteFile(pay, []byte(fmt.Sprintf("回单号,统一社会信用代码,金额(元),到账日期\nHD001,%s,%s,2025-04-02\n", ns[0].Employer, bill.Total-shebao.Yuan(1000))), 0o600)
	step("import payments", 0, "import", "payments", pay, "--json")
	step("import payments again", 0, "import", "payments", pay, "--json")
	step("arrears", 0, "arrears", ns[0].Employer, "--date", "2025-04-10", "--json")
	step("run interest", 0, "run", "interest", "--year", "2024", "--json")
	step("run payroll", 0, "run", "payroll", "--month", "2025-03", "--out", filepath.Join(dir, "bank"), "--as", "jingban", "--json")
	step("payroll show", 0, "payroll", "show", "--month", "2025-03", "--json")
	step("report summary", 0, "report", "summary", "--region", demo.District, "--format", "md")
	step("report insured", 0, "report", "insured", "--region", demo.District, "--date", "2025-03-31", "--json")
	step("ledger check", 0, "ledger", "check", "--json")
	step("ledger status", 0, "ledger", "status", "--date", "2025-03-31", "--json")
	step("audit verify", 0, "audit", "verify")
	// The state the runs leave, table by table (the crash tests' queries),
	// with the payroll's batch ids in the sources masked and the rows then
	// sorted (the ids decided their order).
	raw := rawOpen(t, dsn)
	defer raw.Close()
	for _, dq := range crashDigestQueries {
		rows, err := raw.Query(dq.q)
		if err != nil {
			t.Fatalf("%s: %v", dq.name, err)
		}
		cols, _ := rows.Columns()
		vals, ptrs := make([]any, len(cols)), make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var lines []string
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var l strings.Builder
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(&l, "%v|", v)
			}
			lines = append(lines, perRun.ReplaceAllString(l.String(), "·"))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		sort.Strings(lines)
		sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		res.order = append(res.order, "table "+dq.name)
		res.out["table "+dq.name] = fmt.Sprintf("%d rows %x", len(lines), sum[:8])
	}
	return res
}
