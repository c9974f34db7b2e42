package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// 特困人员救助供养 cases from the command line (tekun; assist/tekun.go):
// `shebao assist tekun-case apply|investigate|submit|reassess|stop|deaths|show|list`.

const usageAssistTekunCase = `assist tekun-case apply --region CODE --id 身份证号 [--date D] [--area 城市|农村] [--note 说明] --as USER [--json]   特困人员供养申请(本人或村协管员代办)
  assist tekun-case investigate CASE --date D --income 月收入元|收入种类:金额,… --care 全自理|半护理|全护理 [--disabled] [--obligor-id 义务人身份证号 …] [--obligor] [--note 说明] --as 乡镇经办人
                                                  调查核实:核对登记库(本人及法定义务人),不符合条件的不予认定
  assist tekun-case submit CASE --date D --mode 集中供养|分散供养 [--institution 供养机构名称] [--institution-bank 机构账号] [--bank 本人账号] --as 民政经办人
                                                  提请审批,由另一民政经办人复核;集中供养有机构账号的发放至机构,否则发放至本人账户
  assist tekun-case reassess CASE --date D --care 全自理|半护理|全护理 [--note 说明] --as 民政经办人   护理等级重新评估,复核后自次月起按新标准发放
  assist tekun-case stop CASE [--month YYYY-MM] --reason 原因 --as 民政经办人   终止供养(死亡的可不填月份:自死亡次月起)
  assist tekun-case deaths --as 民政经办人          终止登记库已记录死亡人员的特困供养
  assist tekun-case show CASE [--json] [--as USER]
  assist tekun-case list [--region CODE] [--status 状态] [--mode 集中供养|分散供养] [--json] [--as USER]`

// runAssistTekunCase is one step of a 特困 case.
func runAssistTekunCase(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao " + usageAssistTekunCase}
	if len(args) == 0 {
		return usage
	}
	step, args := args[0], args[1:]
	f := newFlags("assist tekun-case "+step, e)
	as := f.String("as", "", "经办人用户名")
	region := f.String("region", "", "所在区划代码(村、社区)")
	area := f.String("area", "", "城乡类别:城市或农村(默认按区划代码)")
	idNo := f.String("id", "", "申请人身份证号")
	date := f.String("date", "", "办理日期 YYYY-MM-DD")
	note := f.String("note", "", "说明")
	income := f.String("income", "", "本人月收入(元),或 收入种类:金额,…;无收入填0")
	care := f.String("care", "", "生活自理能力:全自理、半护理或全护理")
	disabled := f.Bool("disabled", false, "经认定的残疾人")
	obligor := f.Bool("obligor", false, "法定义务人有履行义务能力")
	var obligors multiFlag
	f.Var(&obligors, "obligor-id", "法定赡养、抚养、扶养义务人的身份证号(可重复)")
	mode := f.String("mode", "", "供养形式:集中供养或分散供养")
	institution := f.String("institution", "", "集中供养的供养服务机构名称(如敬老院)")
	instBank := f.String("institution-bank", "", "供养服务机构收款账号")
	bank := f.String("bank", "", "本人收款银行账号")
	month := f.String("month", "", "终止月份 YYYY-MM(自该月起不再供养)")
	reason := f.String("reason", "", "终止原因")
	status := f.String("status", "", "案件状态:待调查、待提请、待审批、已批准、变更待审批、已终止、不予认定")
	limit := f.Int("limit", 100, "最多列出的案件数")
	known := map[string]int{"apply": 0, "investigate": 1, "submit": 1, "reassess": 1, "stop": 1, "deaths": 0, "show": 1, "list": 0}
	n, ok := known[step]
	if !ok {
		return usage
	}
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{usage: usage, as: as, mustAs: step != "show" && step != "list",
		ok: func(pos []string) bool { return len(pos) == n }})
	if err != nil {
		return err
	}
	defer sys.Close()
	var c *shebao.TekunCase
	switch step {
	case "apply":
		c, err = sys.Assist.ApplyTekun(ctx, shebao.TekunApplyRequest{Region: *region, Date: *date, Area: *area, IDNo: *idNo, Note: *note})
	case "investigate":
		inv := shebao.TekunInvestigation{Date: *date, Disabled: *disabled, Obligor: *obligor, Obligors: obligors, CareLevel: *care, Note: *note}
		if strings.TrimSpace(*income) == "" {
			return shebao.FieldErrorf("income", "请填写本人月收入(--income,无收入填0)")
		}
		m, err := parseMemberSpec("本人=" + *income)
		if err != nil {
			return shebao.FieldErrorf("income", "--income “%s”:%s", *income, shebao.ErrorMessage(err))
		}
		inv.Income, inv.Incomes = m.Income, m.Incomes
		c, err = sys.Assist.InvestigateTekun(ctx, pos[0], inv)
		if err != nil {
			return err
		}
	case "submit":
		c, err = sys.Assist.SubmitTekun(ctx, pos[0], shebao.TekunSubmitRequest{Date: *date, Mode: *mode, Institution: *institution,
			BankAccount: *bank, InstitutionAccount: *instBank})
	case "reassess":
		c, err = sys.Assist.ReassessTekun(ctx, pos[0], *date, *care, *note)
	case "stop":
		c, err = sys.Assist.StopTekun(ctx, pos[0], *month, *reason)
	case "show":
		c, err = sys.Assist.FindTekunCase(ctx, pos[0])
	case "deaths":
		cs, err := sys.Assist.StopDeceasedTekun(ctx)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"items": cs, "total": len(cs)})
		}
		for _, c := range cs {
			fmt.Fprintf(e.stdout, "%s  %s %s  自%s起终止供养(死亡)", c.ID, c.Name, idno.MaskID(c.IDNo), c.StopMonth)
			if c.Recover > 0 {
				fmt.Fprintf(e.stdout, ",多发%s元待追回", c.Recover)
			}
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintf(e.stdout, "终止%d件\n", len(cs))
		return nil
	case "list":
		cs, total, err := sys.Assist.FindTekunCases(ctx, shebao.TekunCaseFilter{Region: *region, Status: *status, Mode: *mode, Limit: *limit})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"items": cs, "total": total})
		}
		for _, c := range cs {
			fmt.Fprintf(e.stdout, "%s  %s  %s  %s  %s  %s元/月  申请%s\n", c.ID, c.Status, c.Region, c.Name, c.Mode, c.Monthly, c.AppliedOn)
		}
		fmt.Fprintf(e.stdout, "共%d件\n", total)
		return nil
	}
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, c)
	}
	printTekunCase(e, c)
	return nil
}

// printTekunCase writes a case for the clerk.
func printTekunCase(e *env, c *shebao.TekunCase) {
	fmt.Fprintf(e.stdout, "特困人员案件 %s  %s  %s %s  区划%s  申请日期%s\n", c.ID, c.Status, c.Name, idno.MaskID(c.IDNo), c.Region, c.AppliedOn)
	if v := c.Investigation; v != nil {
		fmt.Fprintf(e.stdout, "调查核实 %s(%s):生活自理能力%s", v.Date, v.By, v.CareLevel)
		if v.Note != "" {
			fmt.Fprintf(e.stdout, ";%s", v.Note)
		}
		fmt.Fprintln(e.stdout)
	}
	for _, ch := range c.Checks {
		fmt.Fprintf(e.stdout, "  核对 %s:%s\n", ch.Name, strings.Join(ch.Findings, ";"))
	}
	if q := c.Quote; q != nil {
		fmt.Fprintf(e.stdout, "月供养金 %s元(基本生活标准%s + 照料护理标准%s):%s\n%s\n", q.Monthly, q.Basic, q.Care, q.Reason, q.Explain)
	}
	if c.Reason != "" && c.Status == shebao.TekunRefused {
		fmt.Fprintln(e.stdout, "不予认定:"+c.Reason)
	}
	if c.Mode != "" {
		fmt.Fprintf(e.stdout, "供养形式:%s", c.Mode)
		if c.Institution != "" {
			fmt.Fprintf(e.stdout, "(%s)", c.Institution)
		}
		fmt.Fprintf(e.stdout, ",发放至%s账户\n", c.PayTo)
	}
	for _, r := range c.Reassessments {
		fmt.Fprintf(e.stdout, "重新评估 %s(%s):%s,月供养金%s元", r.Date, r.By, r.CareLevel, r.Monthly)
		if r.FromMonth != "" {
			fmt.Fprintf(e.stdout, "(%s批准,自%s起)", r.DecidedOn, r.FromMonth)
		}
		fmt.Fprintln(e.stdout)
	}
	if c.ApprovalID != "" && (c.Status == shebao.TekunSubmitted || c.Status == shebao.TekunChangeSubmitted) {
		fmt.Fprintf(e.stdout, "待审批:复核编号 %s(shebao approvals approve %s --as 另一民政经办人)\n", c.ApprovalID, c.ApprovalID)
	}
	if c.Status == shebao.TekunApproved {
		fmt.Fprintf(e.stdout, "已批准(%s):自%s起每月%s元,由月度发放支付(待遇编号%s)\n", c.DecidedOn, c.StartMonth, c.Monthly, c.BenefitID)
	}
	if c.Status == shebao.TekunStopped {
		fmt.Fprintf(e.stdout, "已终止:自%s起不再供养(%s),供养金发放至%s", c.StopMonth, c.StopReason, c.EndMonth)
		if c.Recover > 0 {
			fmt.Fprintf(e.stdout, ";已发放的%s共%s元待追回", strings.Join(c.RecoverMonths, "、"), c.Recover)
		}
		fmt.Fprintln(e.stdout)
	}
}
