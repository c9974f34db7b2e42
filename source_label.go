package shebao

import (
	"strings"
)

// SourceLabel is how the source of a record (Person.Source, a history
// entry's, a benefit's …) is shown to a user: in Chinese, without the
// technical prefixes it is stored with (issue #15 item 8: screens showed
// "import:01a24a…#1488" and "list:death"). An import row reads
// 导入文件(批次 01a24a…)第1488行 — the run's first six characters
// identify it on the import page; a source it does not know is shown
// as stored.
func SourceLabel(source string) string {
	kind, rest, _ := strings.Cut(source, ":")
	short := func(run string) string {
		if len(run) > 6 {
			return run[:6] + "…"
		}
		return run
	}
	switch kind {
	case "":
		return "—"
	case "api":
		return "经办录入"
	case "merge":
		return "重复登记合并"
	case "gen":
		return "历史数据迁移"
	case "import":
		run, row, ok := strings.Cut(rest, "#")
		if ok {
			return "导入文件(批次" + short(run) + ")第" + row + "行"
		}
		return "导入文件(批次" + short(run) + ")"
	case "list":
		switch rest {
		case "death":
			return "死亡登记名单比对"
		case "dibao":
			return "低保名单比对"
		case "insured":
			return "外地参保名单比对"
		}
		return "外部名单比对(" + rest + ")"
	case "migration":
		return "历史数据迁移"
	case "land":
		return "征地批次" + rest + "名单接收"
	case "assist":
		return "社会救助案件" + strings.TrimPrefix(rest, "relief:")
	case "determination":
		return "待遇核定"
	case "resident":
		return "城乡居民缴费(票据号" + rest + ")"
	case "lumpsum":
		return "村改居补缴(票据号" + rest + ")"
	}
	return source
}

// ActorLabel is how the actor of a record or an audit entry is shown: a
// user by login name; the CLI's operator (CLIActor) as 命令行操作员 with
// the operator's name; the old "system" actor as 系统(命令行).
func ActorLabel(name string) string {
	if op, ok := strings.CutPrefix(name, CLIActorPrefix); ok {
		return op + "(命令行)"
	}
	if name == SystemActor.Name {
		return "系统(命令行)"
	}
	if name == "" {
		return "—"
	}
	return name
}

// CLIActorPrefix marks the actor name of commands run on the machine by an
// operator: "cli:" + the operator's login.
const CLIActorPrefix = "cli:"

// CLIActor is the actor of a command run on the machine by the operator
// named (their login on the machine, or SHEBAO_OPERATOR): SystemActor's
// rights — the operator administers the whole database — under the
// operator's name, so that history and the audit log say who did the work
// (issue #15 item 8: 经办人 "system"). An empty name gives SystemActor.
func CLIActor(operator string) Actor {
	a := SystemActor
	if operator = strings.TrimSpace(operator); operator != "" {
		a.Name = CLIActorPrefix + operator
	}
	return a
}
