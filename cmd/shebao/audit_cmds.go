package main

import (
	"context"
	"fmt"
	"os"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/audit"
	"github.com/shebao/shebao/idno"
)

// The audit log from the command line: verify the chain (against anchors
// kept elsewhere), take an anchor, show who looked at whom.

func runAudit(ctx context.Context, e *env, args []string) error {
	f := newFlags("audit", e)
	person := f.String("person", "", "人员的身份证号:谁查看、修改过此人")
	actor := f.String("actor", "", "操作人用户名:此人查看、修改过什么")
	limit := f.Int("limit", 200, "最多显示条数(1~1000)")
	anchorFile := f.String("anchor", "", "verify: 锚点文件(audit anchor 写下的链头),校验审计链仍含其中每个链头")
	out := f.String("out", "", "anchor: 把链头追加到此文件(应保存在数据库服务器以外)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	usage := &exitError{code: 2, msg: "用法: shebao audit verify [--anchor FILE] [--json] | audit anchor [--out FILE] [--json] | audit show --person 身份证号 [--actor NAME] [--limit N] [--json]"}
	if len(pos) != 1 {
		return usage
	}
	switch pos[0] {
	case "anchor":
		return auditAnchor(ctx, e, f, *out)
	case "verify":
		var anchors []shebao.AuditAnchor
		if *anchorFile != "" {
			file, err := os.Open(*anchorFile)
			if err != nil {
				return &exitError{code: 1, msg: "无法打开锚点文件: " + err.Error()}
			}
			anchors, err = audit.ParseAnchors(file)
			file.Close()
			if err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
		}
		sys, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer sys.Close()
		c, err := sys.Audit.CheckAnchored(ctx, anchors)
		if err != nil {
			return err
		}
		if *f.json {
			if err := writeJSON(e, c); err != nil {
				return err
			}
			if !c.OK {
				return &exitError{code: 1}
			}
			return nil
		}
		if !c.OK {
			msg := "审计链损坏: " + c.Reason
			if c.FirstBad > 0 {
				msg += fmt.Sprintf("(第一处错误 seq %d)", c.FirstBad)
			}
			return &exitError{code: 1, msg: msg}
		}
		fmt.Fprintf(e.stdout, "审计链完整: 共%d条,链头 seq %d %s\n", c.Entries, c.HeadSeq, c.HeadHash)
		if c.Anchors > 0 {
			fmt.Fprintf(e.stdout, "与锚点文件中的%d个链头一致(锚定后没有记录被删除或改写)\n", c.Anchors)
		} else {
			fmt.Fprintln(e.stdout, "提示: 未给出锚点文件,删除最新记录并回退链头无法由此发现;请定期运行 shebao audit anchor --out 文件,并用 --anchor 文件 校验")
		}
		return nil
	case "show":
		if *person == "" && *actor == "" {
			return &exitError{code: 2, msg: "请用 --person 身份证号 或 --actor 用户名 指定要查看的审计记录"}
		}
		fl := shebao.AuditFilter{Actor: *actor, Limit: *limit}
		if *person != "" {
			id, err := idno.ParseID(*person, shebao.Today())
			if err != nil {
				return &exitError{code: 1, msg: "身份证号无效: " + err.Error()}
			}
			// Every entry keyed by the person: reads and changes of their
			// record, and the reads of their enrollments, benefits, claims …
			// and the lists and searches that named them.
			fl.Key = id.Number
		}
		sys, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer sys.Close()
		es, err := sys.Audit.FindAudit(ctx, fl)
		if err != nil {
			return err
		}
		if *f.json {
			out := make([]map[string]any, len(es))
			for i, x := range es {
				out[i] = map[string]any{"at": x.At, "actor": x.Actor, "role": x.Role, "action": x.Action,
					"entity": x.Entity, "key": x.Key, "remote": x.Remote}
			}
			return writeJSON(e, out)
		}
		for _, x := range es {
			fmt.Fprintf(e.stdout, "%s  %-14s %-20s %-18s %s  %s\n", cst(x.At), shebao.ActorLabel(x.Actor), shebao.Actor{Role: x.Role}.RoleName(), x.Action, x.Remote, auditKey(x))
		}
		fmt.Fprintf(e.stdout, "共%d条(最新的在前)\n", len(es))
		return nil
	}
	return usage
}

// auditKey shows an entry's key, with ID numbers masked: the operator
// asked about one person, the list need not spell out others.
func auditKey(x *shebao.AuditEntry) string {
	key := x.Key
	if _, err := idno.ParseID(key, shebao.Today()); err == nil {
		key = idno.MaskID(key)
	}
	if x.Entity == shebao.EntityPerson {
		return key
	}
	return x.Entity + ":" + key
}

// auditAnchor prints the chain's head as an anchor line, or appends it to
// the file (created if need be), which the operator keeps where the
// database's writers cannot change it.
func auditAnchor(ctx context.Context, e *env, f *flags, out string) error {
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	a, err := sys.Audit.Anchor(ctx)
	if err != nil {
		return err
	}
	line := audit.FormatAnchor(a)
	if out != "" {
		file, err := os.OpenFile(out, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return &exitError{code: 1, msg: "无法打开锚点文件: " + err.Error()}
		}
		_, err = fmt.Fprintln(file, line)
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return &exitError{code: 1, msg: "写入锚点文件失败: " + err.Error()}
		}
	}
	if *f.json {
		return writeJSON(e, a)
	}
	fmt.Fprintln(e.stdout, line)
	if out != "" {
		fmt.Fprintf(e.stderr, "已把链头(第%d条)追加到%s;请把此文件保存在数据库服务器以外\n", a.Seq, out)
	}
	return nil
}
