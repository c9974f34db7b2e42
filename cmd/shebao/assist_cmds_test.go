package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// assistID completes a 身份证号 with its check character.
func assistID(t *testing.T, first17 string) string {
	t.Helper()
	c, err := idno.CheckCharID(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

// TestAssistQuoteCLI runs `shebao assist quote` on both engines with the
// household of policy.TestQuoteDibao, worked by hand: 魏家桥村 (a 村民委员会,
// rural standard 520.00 in the default policy), 2025-06-01, three members:
// the man with 800.00 wages and 300.00 优待抚恤金 (not counted), his wife
// with nothing, their son of 9 (未成年人 10% × 520.00 = 52.00). Per capita
// 800.00 ÷ 3 = 266.67; base 520.00 × 3 − 800.00 = 760.00; monthly 812.00.
// The wife, certified 重病患者 (20% × 520.00 = 104.00), raises it to 916.00.
func TestAssistQuoteCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "civil", "mz1")
			man, wife, son := assistID(t, "64010619800315011"), assistID(t, "64010619820720022"), assistID(t, "64010620150901031")
			args := []string{"assist", "quote", "--region", "640106100201", "--date", "2025-06-01",
				"--member", man + "=工资性收入:800,优待抚恤金:300", "--member", wife + "=0", "--member", son + "=0"}
			out, errOut, code := cli(t, eng.DSN, append(args, "--json", "--as", "mz1")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			for k, want := range map[string]any{"eligible": true, "per_capita_income": "266.67", "standard": "520.00",
				"base": "760.00", "extras": "52.00", "monthly": "812.00", "area": "农村"} {
				if got[k] != want {
					t.Errorf("%s = %v, want %v", k, got[k], want)
				}
			}
			if e, _ := got["explain"].(string); !strings.Contains(e, "520.00 × 3 − 800.00 = 760.00元") || !strings.Contains(e, "月保障金 = 760.00 + 52.00 = 812.00元") {
				t.Errorf("explain %q", e)
			}
			if r, _ := got["reason"].(string); !strings.Contains(r, "266.67") {
				t.Errorf("reason %q", r)
			}
			if strings.Contains(out, man) {
				t.Error("the answer repeats an ID number")
			}
			// Text, with the wife's certified category (and without --as: the operator).
			out, errOut, code = cli(t, eng.DSN, append(args, "--category", wife+"=重病患者")...)
			if code != 0 || !strings.Contains(out, "月保障金 916.00元(差额保障金760.00 + 分类施保156.00)") ||
				!strings.Contains(out, "成员2  女,42周岁,月收入0.00元,计入0.00元  分类施保 重病患者 20% × 520.00 = 104.00元") ||
				!strings.Contains(out, "依据:农村低保标准520.00元/人·月") {
				t.Errorf("text: exit %d\n%s%s", code, out, errOut)
			}
			// 特困 (policy.TestQuoteTekun): a man of 75 with 200.00, 全护理:
			// 520.00 × 130% = 676.00 + 520.00 × 60% = 312.00 = 988.00.
			old := assistID(t, "64010619500110051")
			out, errOut, code = cli(t, eng.DSN, "assist", "tekun", "--region", "640106100201", "--date", "2025-06-01", "--id", old, "--income", "200", "--care", "全护理")
			if code != 0 || !strings.Contains(out, "月供养金 988.00元(基本生活标准676.00 + 照料护理标准312.00)") || !strings.Contains(out, "符合特困人员条件:老年人(75周岁)") {
				t.Errorf("tekun: exit %d\n%s%s", code, out, errOut)
			}
			// Bad input: exit 1 (2 for usage) with the reason in Chinese.
			for _, tt := range []struct {
				args []string
				code int
				want string
			}{
				{[]string{"assist", "quote", "--region", "640106100201", "--member", man + "=八百"}, 1, "--member 第1项"},
				{[]string{"assist", "quote", "--region", "640106100201", "--member", man + "=工资性收入"}, 1, "应写成 收入种类:金额"},
				{[]string{"assist", "quote", "--region", "640106100201", "--member", man + "=0", "--category", wife + "=重病患者"}, 1, "不是 --member 中的家庭成员"},
				{[]string{"assist", "quote", "--region", "640106100299", "--member", man + "=0"}, 1, "区划640106100299不存在"},
				{[]string{"assist", "quote", "--region", "640106100000", "--member", man + "=0"}, 1, "请指定低保类别"},
				{[]string{"assist", "quote", "--region", "640106100201", "--date", "2025-06-01", "--member", man + "=0", "--member", "640106198207200220=0"}, 1, "第2位成员的身份证号"},
				{[]string{"assist", "quote", "--region", "640106100201", "--date", "2025-06-01", "--member", man + "=彩票:5"}, 1, "收入种类“彩票”不在政策参数中"},
				{[]string{"assist", "estimate"}, 2, "用法: shebao assist quote"},
				{[]string{"assist", "tekun", "--region", "640106100201", "--id", man, "--income", "0", "--care", "特护"}, 1, "生活自理能力“特护”无效"},
				{[]string{"assist", "tekun", "--region", "640106100201", "--id", man, "--income", "八百", "--care", "全自理"}, 1, "--income"},
			} {
				if _, errOut, code := cli(t, eng.DSN, tt.args...); code != tt.code || !strings.Contains(errOut, tt.want) {
					t.Errorf("%v: exit %d %q, want %d %q", tt.args, code, errOut, tt.code, tt.want)
				}
			}
		})
	}
}

// TestAssistCaseCLI runs a 低保 case from the command line on both engines
// (the household of TestAssistQuoteCLI: 812.00 a month): the village
// applies, the town investigates, the village publishes (7 days, to
// 2025-06-12) and records an objection, the civil-affairs clerk submits
// after the publication, another approves with `approvals approve`.
func TestAssistCaseCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "civil", "mz1", "mz2")
			for _, u := range [][]string{{"wjq", "village", "640106100201"}, {"lt", "town", "640106100000"}} {
				if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", u[0], "--role", u[1], "--region", u[2]); code != 0 {
					t.Fatal(errOut)
				}
			}
			man, wife, son := assistID(t, "64010619800315011"), assistID(t, "64010619820720022"), assistID(t, "64010620150901031")
			p := filepath.Join(t.TempDir(), "p.csv")
			os.WriteFile(p, []byte("姓名,身份证号,户籍性质,所属区划\n马强,"+man+",农业,640106100201\n李梅,"+wife+",农业,640106100201\n马小军,"+son+",农业,640106100201\n"), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", p, "--json"); code != 0 || !strings.Contains(out, `"created": 3`) {
				t.Fatalf("%s %s", out, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, "assist", "apply", "--region", "640106100201", "--date", "2025-06-01",
				"--member", man+"=工资性收入:800,优待抚恤金:300", "--member", wife+"=0", "--member", son+"=0",
				"--relation", wife+"=配偶", "--relation", son+"=子女", "--as", "wjq", "--json")
			if code != 0 {
				t.Fatalf("apply: %d %s", code, errOut)
			}
			var c struct {
				ID, Status, Monthly string
				ApprovalID          string `json:"approval_id"`
			}
			if err := json.Unmarshal([]byte(out), &c); err != nil || c.Monthly != "812.00" || c.Status != "待调查" {
				t.Fatalf("apply: %v %s", err, out)
			}
			steps := []struct {
				args []string
				code int
				want string
			}{
				{[]string{"investigate", c.ID, "--date", "2025-06-05", "--assets", "无机动车", "--assets-ok", "--as", "wjq"}, 1, "村协管员不能办理"},
				{[]string{"investigate", c.ID, "--date", "2025-06-05", "--assets", "无机动车;存款3000元", "--assets-ok", "--as", "lt"}, 0, "待公示"},
				{[]string{"publish", c.ID, "--from", "2025-06-06", "--as", "wjq"}, 0, "公示 2025-06-06 至 2025-06-12,异议0件"},
				{[]string{"object", c.ID, "--date", "2025-06-08", "--note", "有村民反映其家中有营运车辆", "--as", "wjq"}, 0, "异议 2025-06-08(wjq):有村民反映其家中有营运车辆"},
				{[]string{"submit", c.ID, "--date", "2025-06-12", "--as", "mz1"}, 1, "期满后方可提请审批"},
				{[]string{"submit", c.ID, "--date", "2025-06-13", "--as", "lt"}, 1, "无权"},
				{[]string{"submit", c.ID, "--date", "2025-06-13", "--as", "mz1"}, 1, "收款银行账号"},
				{[]string{"submit", c.ID, "--date", "2025-06-13", "--bank", "6228480402564890018", "--as", "mz1"}, 0, "待审批:复核编号"},
			}
			for _, s := range steps {
				out, errOut, code := cli(t, eng.DSN, append([]string{"assist"}, s.args...)...)
				if code != s.code || !strings.Contains(out+errOut, s.want) {
					t.Errorf("%v: exit %d, want %d %q\n%s%s", s.args, code, s.code, s.want, out, errOut)
				}
			}
			out, _, _ = cli(t, eng.DSN, "assist", "show", c.ID, "--json", "--as", "mz1")
			if err := json.Unmarshal([]byte(out), &c); err != nil || c.ApprovalID == "" {
				t.Fatalf("show: %v %s", err, out)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", c.ApprovalID, "--as", "mz1"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker approved: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", c.ApprovalID, "--as", "mz2"); code != 0 {
				t.Fatalf("approve: %s %s", out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "assist", "show", c.ID); code != 0 || !strings.Contains(out, "已批准") || !strings.Contains(out, "每月812.00元") {
				t.Errorf("show: %s", out)
			}
			if out, _, code := cli(t, eng.DSN, "assist", "list", "--status", "已批准", "--as", "lt"); code != 0 || !strings.Contains(out, c.ID+"  已批准") || !strings.Contains(out, "共1件") {
				t.Errorf("list: %s", out)
			}
			// A periodic review today: 马强 now earns 1000.00, so 1560.00 −
			// 1000.00 + 52.00 (the son's 10%) = 612.00, a 减发 the district
			// decides; it takes effect next month.
			today := shebao.Today()
			day := today.Format(shebao.DateLayout)
			next := time.Date(today.Year(), today.Month()+1, 1, 0, 0, 0, 0, shebao.ChinaTime).Format("2006-01")
			if out, _, code := cli(t, eng.DSN, "assist", "list", "--review-due", day, "--as", "lt"); code != 0 || !strings.Contains(out, "共0件") {
				t.Errorf("due today: %s", out)
			}
			review := []string{"assist", "review", c.ID, "--date", day, "--assets", "无机动车", "--assets-ok",
				"--member", man + "=工资性收入:1000,优待抚恤金:300", "--member", wife + "=0", "--member", son + "=0"}
			if _, errOut, code := cli(t, eng.DSN, append(review, "--as", "wjq")...); code != 1 || !strings.Contains(errOut, "村协管员不能办理") {
				t.Errorf("village reviewed: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, append(review, "--as", "lt")...); code != 0 || !strings.Contains(out, "复核待决定") ||
				!strings.Contains(out, "减发,月保障金由812.00元减至612.00元") || !strings.Contains(out, "assist submit "+c.ID) {
				t.Errorf("review: %d %s %s", code, out, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "assist", "submit", c.ID, "--date", day, "--as", "mz1", "--json")
			if err := json.Unmarshal([]byte(out), &c); code != 0 || err != nil || c.Status != "变更待审批" {
				t.Fatalf("submit the change: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", c.ApprovalID, "--as", "mz2"); code != 0 || !strings.Contains(out, "减发:自"+next+"起每月612.00元") {
				t.Fatalf("approve the change: %s %s", out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "assist", "show", c.ID); !strings.Contains(out, "已批准") || !strings.Contains(out, "自"+next+"起)") {
				t.Errorf("show after the change: %s", out)
			}
			// The stop from next month: the benefit is paid through this
			// month; only the civil-affairs line may stop.
			if _, errOut, code := cli(t, eng.DSN, "assist", "stop", c.ID, "--month", next, "--reason", "家庭收入超过低保标准", "--as", "lt"); code != 1 || !strings.Contains(errOut, "不能办理") {
				t.Errorf("town stopped: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "assist", "stop", c.ID, "--month", next, "--reason", "家庭收入超过低保标准", "--as", "mz1"); code != 0 ||
				!strings.Contains(out, "已停保:自"+next+"起停发(家庭收入超过低保标准)") {
				t.Errorf("stop: %d %s %s", code, out, errOut)
			}
			// A 临时救助 for 马强 (魏家桥村, rural 520.00: at most 3120.00 at
			// once), decided by mz1 and approved by mz2.
			relief := []string{"assist", "relief", "--no", "LS-CLI-1", "--id", man, "--category", "急难型", "--amount", "1500",
				"--reason", "房屋失火", "--bank", "6228480402564890018"}
			if _, errOut, code := cli(t, eng.DSN, append(relief, "--as", "lt")...); code != 1 || !strings.Contains(errOut, "不能办理") {
				t.Errorf("a town decided a relief: %d %s", code, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "assist", "relief", "--no", "LS-CLI-2", "--id", man, "--category", "急难型", "--amount", "3120.01",
				"--reason", "房屋失火", "--bank", "6228480402564890018", "--as", "mz1"); code != 1 || !strings.Contains(errOut, "超过单次上限3120.00元") {
				t.Errorf("over the cap: %d %s", code, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, append(relief, "--as", "mz1", "--json")...)
			var rel struct {
				Status     string
				ApprovalID string `json:"approval_id"`
			}
			if err := json.Unmarshal([]byte(out), &rel); code != 0 || err != nil || rel.Status != "待审批" {
				t.Fatalf("relief: %d %s %s", code, out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, append(relief, "--as", "mz1")...); code != 0 || !strings.Contains(out, "未重复办理") {
				t.Errorf("relief again: %s", out)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", rel.ApprovalID, "--as", "mz2"); code != 0 || !strings.Contains(out, "临时救助LS-CLI-1已批准") {
				t.Fatalf("approve the relief: %s %s", out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "assist", "reliefs", "--as", "lt"); code != 0 || !strings.Contains(out, "LS-CLI-1") || !strings.Contains(out, "已批准") ||
				!strings.Contains(out, "共1件,本页合计1500.00元") {
				t.Errorf("reliefs: %s", out)
			}
		})
	}
}
