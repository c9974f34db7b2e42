package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/ingest"
)

func runScan(ctx context.Context, e *env, args []string) error {
	f := newFlags("scan", e)
	sys, _, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao scan duplicates [--json]"},
		ok:    func(pos []string) bool { return len(pos) == 1 && pos[0] == "duplicates" },
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	res, err := sys.Registry.ScanDuplicates(ctx)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, res)
	}
	fmt.Fprintf(e.stdout, "疑似重复登记%d对(新发现%d对),待复核%d对;死亡未停保%d人\n", res.Pairs, res.New, res.Pending, res.DeceasedOpen)
	return nil
}

func runMatch(ctx context.Context, e *env, args []string) error {
	f := newFlags("match", e)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return &exitError{code: 2, msg: "用法: shebao match insured|dibao|death FILE [--json]"}
	}
	if _, ok := shebao.ListNames[pos[0]]; !ok {
		return &exitError{code: 2, msg: "名单类型: insured(外地参保)、dibao(低保)、death(死亡登记)"}
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	opt := ingest.Options{}
	if isTerminal(os.Stderr) {
		opt.Progress = progressPrinter(e)
	}
	rep, err := ingest.MatchList(ctx, sys.App, pos[0], pos[1], opt)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, rep)
	}
	fmt.Fprintf(e.stdout, "%s比对: 读取%d行,匹配%d人,无效%d行\n", shebao.ListNames[pos[0]], rep.Read, len(rep.Matches), rep.Rejected)
	for _, m := range rep.Matches {
		where := fmt.Sprintf("第%d行", m.Row)
		if m.Row == 0 {
			where = "名单外" // an approved 低保 case missing from the list
		}
		fmt.Fprintf(e.stdout, "%s %s %s %s: %s", where, idno.MaskID(m.IDNo), m.Name, m.RegionName, m.Suggestion)
		if len(m.Open) > 0 {
			fmt.Fprintf(e.stdout, " [在保: %s]", strings.Join(m.Open, ";"))
		}
		if m.Applied != "" {
			fmt.Fprintf(e.stdout, " → %s", m.Applied)
		}
		fmt.Fprintln(e.stdout)
	}
	for _, re := range rep.Errors {
		fmt.Fprintf(e.stdout, "第%d行 %s: %s\n", re.Row, re.Field, re.Reason)
	}
	return nil
}

func runDuplicates(ctx context.Context, e *env, args []string) error {
	f := newFlags("duplicates", e)
	note := f.String("note", "", "处理说明")
	as := f.String("as", "", "以该用户的身份查看或经办(合并须经另一用户复核);查看、驳回不指定时为运维人员")
	usage := &exitError{code: 2, msg: "用法: shebao duplicates list [--as 用户] | merge KEEP DROP --as 经办人 | dismiss A B [--note 说明] [--as 经办人]"}
	// With --as the list and the decisions are the user's: only pairs whose
	// two persons lie in the user's jurisdiction.
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{usage: usage, ok: func(pos []string) bool { return len(pos) != 0 }, as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch {
	case pos[0] == "list" && len(pos) == 1:
		list, err := sys.Registry.FindDuplicates(ctx, "", 1000)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, list)
		}
		for _, c := range list {
			fmt.Fprintf(e.stdout, "[%d] %s %s %s(%s) ↔ %s %s(%s): %s\n", c.Score, c.A.Name, c.A.IDNo, c.A.RegionName, c.A.Birth,
				c.B.IDNo, c.B.RegionName, c.B.Birth, c.Reason)
		}
		fmt.Fprintf(e.stdout, "待复核%d对\n", len(list))
		return nil
	case pos[0] == "merge" && len(pos) == 3:
		if *as == "" {
			return &exitError{code: 2, msg: "须用 --as 用户名 指明经办或复核的用户"}
		}
		ap, err := sys.Registry.MergeDuplicate(ctx, pos[1], pos[2], *note)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, ap)
		}
		fmt.Fprintf(e.stdout, "已提交合并申请%s:%s。须由另一用户复核: shebao approvals approve %s --as 复核人\n", ap.ID, ap.Summary, ap.ID)
		return nil
	case pos[0] == "dismiss" && len(pos) == 3:
		if err := sys.Registry.DismissDuplicate(ctx, pos[1], pos[2], *note); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "已驳回:确认为不同人员")
		return nil
	}
	return usage
}

// actAs returns the context of a command run for a named user: operations
// under maker-checker need two real users, not the operator's system actor.
func actAs(ctx context.Context, sys *system, name string) (context.Context, error) {
	if name == "" {
		return nil, &exitError{code: 2, msg: "须用 --as 用户名 指明经办或复核的用户"}
	}
	u, err := sys.Access.FindUser(ctx, name)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, &exitError{code: 1, msg: "用户" + name + "已停用"}
	}
	return shebao.WithActor(ctx, u.Actor("cli")), nil
}

func runApprovals(ctx context.Context, e *env, args []string) error {
	f := newFlags("approvals", e)
	note := f.String("note", "", "复核意见(退回时必填)")
	as := f.String("as", "", "复核人用户名(list 时为查看的用户:只列其角色可查看、辖区内的业务)")
	usage := &exitError{code: 2, msg: "用法: shebao approvals list [--as 用户] | approve ID --as 复核人 | reject ID --note 原因 --as 复核人"}
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{usage: usage, ok: func(pos []string) bool { return len(pos) != 0 }, as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch {
	case pos[0] == "list" && len(pos) == 1:
		list, err := sys.Approve.FindApprovals(ctx, "", 1000)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, list)
		}
		for _, ap := range list {
			fmt.Fprintf(e.stdout, "%s %s %s 经办人:%s %s\n", ap.ID, ap.KindName, ap.Summary, ap.Maker, ap.MadeAt.In(shebao.ChinaTime).Format("2006-01-02 15:04"))
		}
		fmt.Fprintf(e.stdout, "待复核%d件\n", len(list))
		return nil
	case (pos[0] == "approve" || pos[0] == "reject") && len(pos) == 2:
		if *as == "" {
			return &exitError{code: 2, msg: "须用 --as 用户名 指明经办或复核的用户"}
		}
		ap, err := sys.Approve.DecideApproval(ctx, pos[1], pos[0] == "approve", *note)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, ap)
		}
		fmt.Fprintf(e.stdout, "%s:%s %s\n", ap.Status, ap.Summary, ap.Result)
		return nil
	}
	return usage
}
