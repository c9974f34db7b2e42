package shebao

import "testing"

// Sources and actors are shown in Chinese, never with their stored
// prefixes (issue #15 item 8).
func TestSourceAndActorLabels(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"import:01a24a5b6c7d#1488", "导入文件(批次01a24a…)第1488行"},
		{"import:01a24a5b6c7d", "导入文件(批次01a24a…)"},
		{"list:death", "死亡登记名单比对"},
		{"list:dibao", "低保名单比对"},
		{"api", "经办录入"},
		{"merge", "重复登记合并"},
		{"migration:gen", "历史数据迁移"},
		{"gen", "历史数据迁移"},
		{"land:金自然资征〔2026〕1号", "征地批次金自然资征〔2026〕1号名单接收"},
		{"assist:DB2026001", "社会救助案件DB2026001"},
		{"", "—"},
		{"其他来源", "其他来源"},
	} {
		if got := SourceLabel(c.in); got != c.want {
			t.Errorf("SourceLabel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"cli:wangli", "wangli(命令行)"},
		{"system", "系统(命令行)"},
		{"daiyu", "daiyu"},
	} {
		if got := ActorLabel(c.in); got != c.want {
			t.Errorf("ActorLabel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if a := CLIActor(" wangli "); a.Name != "cli:wangli" || a.Role != SystemActor.Role || a.Region != "" || a.Remote != "cli" {
		t.Errorf("CLIActor = %+v", a)
	}
	if a := CLIActor(""); a != SystemActor {
		t.Errorf("CLIActor(\"\") = %+v, want SystemActor", a)
	}
}
