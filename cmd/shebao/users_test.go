package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// cliIn is cli with standard input.
func cliIn(t *testing.T, dsn, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string {
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
			code = 1
			errb.WriteString(err.Error())
		}
	}
	return out.String(), errb.String(), code
}

// rawDB opens the test database without shebao, as an intruder would.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if sqldb.IsPostgresDSN(dsn) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestUsersTokensAndAudit(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dsn := eng.DSN
			out, errOut, code := cli(t, dsn, "demo", "--no-serve", "--persons", "20", "--admin-password", "demo-admin-pw")
			if code != 0 {
				t.Fatalf("demo: %s", errOut)
			}
			// The demo prints its accounts with passwords that work.
			for _, want := range []string{"admin", "demo-admin-pw", "liangtian", "weijiaqiao", "viewer", "良田镇(640106100000)", "魏家桥村(640106100201)"} {
				if !strings.Contains(out, want) {
					t.Errorf("demo output lacks %s:\n%s", want, out)
				}
			}
			m := regexp.MustCompile(`liangtian\s+(\S+)`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no password for liangtian:\n%s", out)
			}
			db, err := sqldb.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			liangtian := m[1]
			for name, pw := range map[string]string{"admin": "demo-admin-pw", "liangtian": liangtian} {
				if _, err := app.New(db).Access.Authenticate(context.Background(), name, pw, "127.0.0.1"); err != nil {
					t.Errorf("demo account %s: %v", name, err)
				}
			}
			// Running the demo again keeps the passwords (issue #15 item 8:
			// every start reset them) and says so; --reset-passwords sets
			// new ones that work.
			out, _, _ = cli(t, dsn, "demo", "--no-serve", "--persons", "20")
			demoOut := out
			if !strings.Contains(out, "liangtian   (已有账户,密码未改") || strings.Contains(out, "demo-admin-pw") {
				t.Errorf("second demo does not say the passwords are kept:\n%s", out)
			}
			for name, pw := range map[string]string{"admin": "demo-admin-pw", "liangtian": liangtian} {
				if _, err := app.New(db).Access.Authenticate(context.Background(), name, pw, "127.0.0.1"); err != nil {
					t.Errorf("demo account %s after a second start: %v", name, err)
				}
			}
			out, _, _ = cli(t, dsn, "demo", "--no-serve", "--persons", "20", "--reset-passwords")
			m = regexp.MustCompile(`admin\s+(\S+)`).FindStringSubmatch(out)
			if m == nil || m[1] == "demo-admin-pw" || strings.Contains(m[1], "已有账户") {
				t.Fatalf("demo --reset-passwords: %s", out)
			}
			if _, err := app.New(db).Access.Authenticate(context.Background(), "admin", m[1], "127.0.0.1"); err != nil {
				t.Errorf("reset demo admin password: %v", err)
			}

			// user add: the password is the first line of standard input.
			_, errOut, code = cliIn(t, dsn, "short\n", "user", "add", "zhangsan", "--role", "clerk", "--line", "collection", "--region", "640106")
			if code != 1 || !strings.Contains(errOut, "至少8个字符") {
				t.Errorf("short password: %d %s", code, errOut)
			}
			_, errOut, code = cliIn(t, dsn, "", "user", "add", "zhangsan", "--role", "clerk", "--region", "640106")
			if code != 1 || !strings.Contains(errOut, "不能为空") {
				t.Errorf("empty password: %d %s", code, errOut)
			}
			_, errOut, code = cliIn(t, dsn, "long enough pw\n", "user", "add", "zhangsan", "--region", "640106")
			if code != 2 || !strings.Contains(errOut, "--role") {
				t.Errorf("no role: %d %s", code, errOut)
			}
			out, errOut, code = cliIn(t, dsn, "long enough pw\r\nignored\n", "user", "add", "zhangsan", "--role", "clerk", "--line", "collection",
				"--region", "640106", "--display", "张三")
			if code != 0 || !strings.Contains(out, "区社保经办员(征收)") || !strings.Contains(out, "金凤区(640106000000)") {
				t.Fatalf("user add: %d %s %s", code, out, errOut)
			}
			if _, err := app.New(db).Access.Authenticate(context.Background(), "zhangsan", "long enough pw", "127.0.0.1"); err != nil {
				t.Errorf("new user signs in: %v", err)
			}
			_, errOut, code = cliIn(t, dsn, "long enough pw\n", "user", "add", "zhangsan", "--role", "town", "--region", "640106100000")
			if code != 1 || !strings.Contains(errOut, "已存在") {
				t.Errorf("duplicate: %d %s", code, errOut)
			}
			// The demo's seven accounts (the citizen's when the demo has a
			// pensioner) and zhangsan.
			users := 7
			if strings.Contains(demoOut, "canbaoren") {
				users = 8
			}
			out, _, code = cli(t, dsn, "user", "list")
			if code != 0 || !strings.Contains(out, "zhangsan") || !strings.Contains(out, fmt.Sprintf("共%d个用户", users)) {
				t.Errorf("user list: %d %s", code, out)
			}

			// token create prints the token once; it works until revoked.
			out, errOut, code = cli(t, dsn, "token", "create", "zhangsan", "--label", "对账")
			if code != 0 || !strings.HasPrefix(out, "shebao_") {
				t.Fatalf("token create: %d %q %s", code, out, errOut)
			}
			token := strings.TrimSpace(out)
			tk, _, err := db.FindToken(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			out, _, _ = cli(t, dsn, "token", "list", "zhangsan")
			if !strings.Contains(out, tk.ID) || !strings.Contains(out, "对账") || strings.Contains(out, token) {
				t.Errorf("token list: %s", out)
			}
			if _, errOut, code := cli(t, dsn, "token", "revoke", tk.ID); code != 0 {
				t.Fatalf("token revoke: %s", errOut)
			}
			if _, _, err := db.FindToken(context.Background(), token); err == nil {
				t.Error("revoked token still works")
			}
			if _, errOut, code := cli(t, dsn, "token", "revoke", "0123456789abcdef"); code != 1 || !strings.Contains(errOut, "未找到") {
				t.Errorf("revoke unknown: %d %s", code, errOut)
			}
			// token create --expires: a token that stops working; a
			// password change may revoke the user's tokens; weak passwords
			// are refused with the reason.
			if _, errOut, code := cli(t, dsn, "token", "create", "zhangsan", "--expires", "soon"); code != 2 || !strings.Contains(errOut, "90d") {
				t.Errorf("token create --expires soon: %d %s", code, errOut)
			}
			out, errOut, code = cli(t, dsn, "token", "create", "zhangsan", "--expires", "90d")
			if code != 0 || !strings.Contains(errOut, "有效期至") {
				t.Fatalf("token create --expires 90d: %d %s", code, errOut)
			}
			expiring := strings.TrimSpace(out)
			if out, _, _ := cli(t, dsn, "token", "list", "zhangsan"); !strings.Contains(out, "有效至") {
				t.Errorf("token list shows no expiry: %s", out)
			}
			if _, errOut, code := cliIn(t, dsn, "password\n", "user", "passwd", "zhangsan"); code != 1 || !strings.Contains(errOut, "密码太弱") {
				t.Errorf("weak password: %d %s", code, errOut)
			}
			if out, errOut, code := cliIn(t, dsn, "another long pw\n", "user", "passwd", "zhangsan", "--revoke-tokens"); code != 0 || !strings.Contains(out, "API令牌已全部吊销") {
				t.Errorf("passwd --revoke-tokens: %d %s %s", code, out, errOut)
			}
			if _, _, err := db.FindToken(context.Background(), expiring); err == nil {
				t.Error("token survives passwd --revoke-tokens")
			}
			if _, errOut, code := cli(t, dsn, "user", "disable", "zhangsan"); code != 0 {
				t.Fatalf("disable: %s", errOut)
			}
			if _, err := app.New(db).Access.Authenticate(context.Background(), "zhangsan", "another long pw", "127.0.0.1"); err == nil {
				t.Error("disabled user signs in")
			}

			// audit show: who looked at whom.
			out, _, _ = cli(t, dsn, "show", "person", demoPerson(t, db), "--json")
			var p struct {
				IDNo string `json:"id_no"`
			}
			json.Unmarshal([]byte(out), &p)
			out, errOut, code = cli(t, dsn, "audit", "show", "--person", p.IDNo, "--json")
			if code != 0 {
				t.Fatalf("audit show: %s", errOut)
			}
			var entries []map[string]any
			if err := json.Unmarshal([]byte(out), &entries); err != nil || len(entries) == 0 {
				t.Fatalf("audit show: %v %s", err, out)
			}
			if e := entries[0]; e["action"] != "person.read" || e["actor"] != "system" || e["remote"] != "cli" {
				t.Errorf("newest entry %v", e)
			}
			out, _, code = cli(t, dsn, "audit", "show", "--person", p.IDNo)
			if code != 0 || !strings.Contains(out, "person.read") || strings.Contains(out, p.IDNo) || !strings.Contains(out, "系统管理员") {
				t.Errorf("audit show text: %s", out)
			}

			// audit verify: whole, then broken.
			out, errOut, code = cli(t, dsn, "audit", "verify")
			if code != 0 || !strings.Contains(out, "审计链完整") {
				t.Fatalf("verify: %d %s %s", code, out, errOut)
			}
			raw := rawDB(t, dsn)
			if _, err := raw.Exec(`UPDATE audit_log SET remote = '10.6.6.6' WHERE seq = 2`); err != nil {
				t.Fatal(err)
			}
			_, errOut, code = cli(t, dsn, "audit", "verify")
			if code != 1 || !strings.Contains(errOut, "seq 2") {
				t.Errorf("broken chain: %d %s", code, errOut)
			}
			out, _, code = cli(t, dsn, "audit", "verify", "--json")
			if code != 1 || !strings.Contains(out, `"first_bad": 2`) || !strings.Contains(out, `"ok": false`) {
				t.Errorf("broken chain, JSON: %d %s", code, out)
			}
		})
	}
}

// demoPerson returns the number of one demo person.
func demoPerson(t *testing.T, db *sqldb.DB) string {
	t.Helper()
	ps, _, err := db.FindPersons(shebao.WithActor(context.Background(), shebao.SystemActor), shebao.PersonFilter{Limit: 1})
	if err != nil || len(ps) == 0 {
		t.Fatalf("no demo person: %v", err)
	}
	return ps[0].IDNo
}

// The demo has a citizen account: one of its employee pensioners, who
// signs in with the printed password and reads their own record only.
func TestDemoCitizenAccount(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			out, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "300")
			if code != 0 {
				t.Fatalf("demo: %s", errOut)
			}
			m := regexp.MustCompile(`canbaoren\s+(\S+)\s+参保人 本人 (\S+) (6401\*{10}\d{3}[\dX])`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no citizen account in the demo's output:\n%s", out)
			}
			db, err := sqldb.Open(context.Background(), eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			svc := app.New(db)
			a, err := svc.Access.Authenticate(context.Background(), "canbaoren", m[1], "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			if a.Role != shebao.RoleCitizen || a.IDNo == "" {
				t.Fatalf("canbaoren is %+v, want a citizen with an ID number", a)
			}
			ctx := shebao.WithActor(context.Background(), a.Actor("127.0.0.1"))
			bs, _, err := svc.Benefit.FindBenefits(ctx, shebao.BenefitFilter{IDNo: a.IDNo, Scheme: shebao.SchemeEmployeePension})
			if err != nil || len(bs) != 1 || bs[0].Name != m[2] {
				t.Fatalf("the citizen's own pension: %v %v, want one of %s", bs, err, m[2])
			}
			if _, err := svc.Registry.FindPerson(ctx, a.IDNo); err != nil {
				t.Errorf("own record: %v", err)
			}
			others, _, err := svc.Benefit.FindBenefits(shebao.WithActor(context.Background(), shebao.SystemActor),
				shebao.BenefitFilter{Scheme: shebao.SchemeEmployeePension, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range others {
				if o.IDNo == a.IDNo {
					continue
				}
				if _, err := svc.Registry.FindPerson(ctx, o.IDNo); shebao.ErrorCode(err) != shebao.ENOTFOUND {
					t.Errorf("another pensioner's record for the citizen: %v, want not found", err)
				}
			}
		})
	}
}
