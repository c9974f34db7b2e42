package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 职业介绍 from the command line (issue #19 items 4 and 7), on 2026-12-06:
// 良田建材 posts 电焊工, 2 places, skills 电焊、气割, at 魏家桥村, through an
// employer's account (`user add … --role employer --employer USCC`); the
// employment clerk matches 马福 (魏家桥村, 电焊、气割, registered unemployed:
// 2/2, same village) before 李强 (盈南村, 电焊: 1/2, same town), refers
// 马福 and records 录用: the 增员 enrolls him in the five employee schemes
// and ends his 失业登记. 王军 is exported through 宁夏劳务 to 浙江省宁波市:
// `labor show --json` reads 转移就业 with that destination; he returns on
// 2026-12-05 (`labor return`, a reason required) and reads 务农 again. The
// employer posts a 叉车工 vacancy with its 岗位编号 LT-08 twice: one
// vacancy (2 with the 电焊工).
func TestPlacementCommands(t *testing.T) {
	prev := shebao.Now
	t.Cleanup(func() { shebao.Now = prev })
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
			demoWithClerks(t, eng.DSN, "employment", "jy1")
			dir := t.TempDir()
			var ids []string
			csv := "身份证号,姓名,户籍性质,区划代码\n"
			for i, p := range []struct{ name, village string }{{"马福", "640106100201"}, {"李强", "640106100202"}, {"王军", "640106100201"}} {
				id := demo.IDNumber("640106", time.Date(1980+i, 3, 1, 0, 0, 0, 0, time.UTC), 81+i, true)
				ids = append(ids, id)
				csv += fmt.Sprintf("%s,%s,农业,%s\n", id, p.name, p.village)
			}
			os.WriteFile(filepath.Join(dir, "人员.csv"), []byte(csv), 0o600)
			jiancai, laowu := demo.USCC("640106", 901), demo.USCC("640106", 902)
			os.WriteFile(filepath.Join(dir, "单位.csv"), []byte("统一社会信用代码,单位名称,行业风险类别,所属区划\n"+
				jiancai+",良田建材,2,640106100201\n"+laowu+",宁夏劳务,1,640106100201\n"), 0o600)
			os.WriteFile(filepath.Join(dir, "台账.csv"), []byte("身份证号,就业状态,技能\n"+ids[0]+",务农,电焊、气割\n"+ids[1]+",失业,电焊\n"+ids[2]+",务农,\n"), 0o600)
			for _, c := range [][]string{{"persons", "人员.csv"}, {"employers", "单位.csv"}, {"labor", "台账.csv"}} {
				if out, errOut, code := cli(t, eng.DSN, "import", c[0], filepath.Join(dir, c[1])); code != 0 {
					t.Fatalf("%s: %s %s", c[0], out, errOut)
				}
			}
			if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", "jiancai", "--role", "employer", "--employer", jiancai); code != 0 {
				t.Fatal(errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "employ", "unemployed", "register", ids[0], "--date", "2026-11-01", "--as", "jy1"); code != 0 {
				t.Fatalf("register: %s %s", out, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, "vacancy", "add", "--occupation", "电焊工", "--places", "2", "--skills", "电焊、气割",
				"--region", "640106100201", "--wage-min", "4000", "--wage-max", "6000", "--from", "2026-12-01", "--until", "2026-12-31", "--as", "jiancai")
			m := regexp.MustCompile(`岗位(\S+) 电焊工 良田建材`).FindStringSubmatch(out)
			if code != 0 || m == nil {
				t.Fatalf("add: %d %s %s", code, out, errOut)
			}
			vacancy := m[1]
			if _, errOut, code := cli(t, eng.DSN, "vacancy", "match", vacancy, "--as", "jiancai"); code == 0 || !strings.Contains(errOut, "无权查看劳动力资源台账") {
				t.Errorf("the employer matched: %d %s", code, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "vacancy", "match", vacancy, "--as", "jy1")
			want := "1. " + ids[0] + " 马福 640106100201  技能符合2/2项(电焊、气割);同村(社区);已办理失业登记\n" +
				"2. " + ids[1] + " 李强 640106100202  技能符合1/2项(电焊);同乡镇(街道);台账状态为失业\n"
			if code != 0 || !strings.Contains(out, "匹配的求职人员2人") || !strings.Contains(out, want) {
				t.Fatalf("match: %d %s %s\nwant %s", code, out, errOut, want)
			}
			out, errOut, code = cli(t, eng.DSN, "vacancy", "refer", vacancy, ids[0], "--as", "jy1")
			r := regexp.MustCompile(`推荐(\S+) `).FindStringSubmatch(out)
			if code != 0 || r == nil {
				t.Fatalf("refer: %d %s %s", code, out, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "vacancy", "outcome", r[1], "录用", "--date", "2026-12-06", "--as", "jy1")
			if code != 0 || !strings.Contains(out, "录用 2026-12-06,已增员(参保5项),失业登记已终止") {
				t.Fatalf("outcome: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "vacancy", "referrals", vacancy, "--as", "jiancai"); !strings.Contains(out, "马福") || strings.Contains(out, ids[0]) {
				t.Errorf("the employer's referrals: %s", out)
			}
			if out, errOut, code := cli(t, eng.DSN, "labor", "export", ids[2], "--company", laowu, "--destination", "浙江省宁波市",
				"--dest-employer", "宁波电子厂", "--start", "2026-12-01", "--as", "jy1"); code != 0 || !strings.Contains(out, "经宁夏劳务") {
				t.Fatalf("export: %d %s %s", code, out, errOut)
			}
			out, _, _ = cli(t, eng.DSN, "labor", "show", ids[2], "--json")
			if !strings.Contains(out, `"status": "转移就业"`) || !strings.Contains(out, `"destination": "浙江省宁波市"`) {
				t.Errorf("王军 after the export: %s", out)
			}
			out, _, _ = cli(t, eng.DSN, "labor", "show", ids[0], "--json")
			if !strings.Contains(out, `"status": "就业"`) || !strings.Contains(out, `"employer": "`+jiancai+`"`) {
				t.Errorf("马福 after the 录用: %s", out)
			}
			// 王军 comes back on 2026-12-05: the export ends, his line reads 务农.
			out, _, _ = cli(t, eng.DSN, "labor", "exports", "--json", "--as", "jy1")
			x := regexp.MustCompile(`"id": "([^"]+)"`).FindStringSubmatch(out)
			if x == nil {
				t.Fatalf("exports: %s", out)
			}
			if _, errOut, code := cli(t, eng.DSN, "labor", "return", x[1], "--date", "2026-12-05", "--as", "jy1"); code != 1 || !strings.Contains(errOut, "须填写返乡原因") {
				t.Errorf("a return without a reason: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "labor", "return", x[1], "--date", "2026-12-05", "--reason", "工程结束", "--as", "jy1"); code != 0 ||
				!strings.Contains(out, "2026-12-05返乡(工程结束),台账改为务农") {
				t.Errorf("return: %d %s %s", code, out, errOut)
			}
			out, _, _ = cli(t, eng.DSN, "labor", "show", ids[2], "--json")
			if !strings.Contains(out, `"status": "务农"`) || strings.Contains(out, `"destination"`) {
				t.Errorf("王军 after the return: %s", out)
			}
			// A vacancy posted twice with its 岗位编号 is one vacancy.
			for i, want := range []string{"[岗位编号LT-08] 岗位", "该岗位已登记,未重复登记:[岗位编号LT-08]"} {
				out, errOut, code := cli(t, eng.DSN, "vacancy", "add", "--code", "LT-08", "--occupation", "叉车工", "--places", "1",
					"--region", "640106100201", "--wage-max", "5000", "--from", "2026-12-01", "--until", "2026-12-31", "--as", "jiancai")
				if code != 0 || !strings.HasPrefix(out, want) {
					t.Errorf("add %d: %d %s %s", i+1, code, out, errOut)
				}
			}
			if out, _, _ := cli(t, eng.DSN, "vacancy", "list", "--as", "jiancai"); !strings.Contains(out, "岗位空缺2个") {
				t.Errorf("the employer's vacancies: %s", out)
			}
		})
	}
}
