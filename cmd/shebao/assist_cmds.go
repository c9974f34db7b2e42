package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Social assistance (社会救助). `shebao assist quote` computes a household's
// 低保 from the command line alone, writing nothing.

const usageAssist = "assist quote --region CODE [--date D] [--area 城市|农村] --member 身份证号=月收入元 … [--category 身份证号=类别 …] [--registry] | assist tekun --region CODE --id 身份证号 --income 元 --care 全自理|半护理|全护理 [--disabled] [--obligor] | assist apply|investigate|publish|object|submit|review|stop|refuse|show|list … | assist relief|reliefs … | assist tekun-case apply|investigate|submit|reassess|stop|deaths|show|list … | assist edge|edges …  [--as USER] [--json]   社会救助:低保、特困试算(不写入);低保申请、入户调查、公示、异议、提请审批、定期核查(增发、减发、渐退、停发)、停保(低保金由月度发放支付);临时救助决定;特困人员认定、集中或分散供养、护理等级变更、终止供养;低保边缘家庭认定"

const usageAssistQuote = "assist quote --region CODE [--date YYYY-MM-DD] [--area 城市|农村] --member 身份证号=月收入元 … [--category 身份证号=重度残疾人 …] [--registry] [--as USER] [--json]   低保试算(不写入任何记录;--registry 核对登记库并计入社保发放的待遇)"

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

const usageAssistTekun = "assist tekun --region CODE [--date YYYY-MM-DD] [--area 城市|农村] --id 身份证号 --income 月收入元 --care 全自理|半护理|全护理 [--disabled] [--obligor] [--as USER] [--json]   特困人员救助供养试算"

const usageAssistCase = `assist apply --region CODE [--date D] --member 身份证号=月收入元 … [--relation 身份证号=配偶 …] [--category 身份证号=类别 …] [--bank 收款账号] --as USER [--json]
  assist investigate CASE --date D --assets 财产情况 [--assets-ok] [--note 说明] --as 乡镇经办人
  assist publish CASE --from D --as USER          公示(天数见 assist.dibao.publicity_days)
  assist object CASE --date D --note 异议内容 --as USER
  assist submit CASE --date D [--bank 收款账号] --as 民政经办人   公示期满后提请审批,由另一民政经办人复核(shebao approvals approve ID);批准后自当月起由月度发放支付低保金
  assist review CASE --date D --assets 财产情况 [--assets-ok] [--work] [--member 身份证号=月收入元 …] [--join 身份证号=关系:原因 …] [--leave 身份证号=原因 …] [--note 说明] --as 乡镇经办人
                                                  定期核查(间隔见 assist.dibao.review_months):维持,或增发、减发、渐退(--work:就业增收)、停发,由民政经办人 assist submit 提请、另一民政经办人复核
  assist stop CASE --month YYYY-MM --reason 原因 --as 民政经办人   停保:低保金发放至上月,成员低保标识自该月起取消
  assist refuse CASE --date D --reason 理由 --as 民政经办人   不予保障(提请审批前;已提请的由复核人退回即不予保障),案件办结,家庭可重新申请
  assist show CASE [--json] [--as USER]
  assist list [--region CODE] [--status 状态] [--review-due YYYY-MM-DD] [--json] [--as USER]`

// runAssist dispatches `shebao assist quote|tekun|apply|…`.
func runAssist(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "tekun":
			return runAssistTekun(ctx, e, args[1:])
		case "tekun-case": // 特困人员救助供养 cases (assist_tekun_cmds.go)
			return runAssistTekunCase(ctx, e, args[1:])
		case "apply", "investigate", "publish", "object", "submit", "review", "stop", "show",
			"refuse": // assistui: the district's refusal (不予保障)
			return runAssistCase(ctx, e, args[0], args[1:])
		case "list":
			return runAssistList(ctx, e, args[1:])
		case "relief":
			return runAssistRelief(ctx, e, args[1:])
		case "reliefs":
			return runAssistReliefs(ctx, e, args[1:])
		// 低保边缘家庭 (medaid: assist_medaid_cmds.go).
		case "edge":
			return runAssistEdge(ctx, e, args[1:])
		case "edges":
			return runAssistEdges(ctx, e, args[1:])
		}
	}
	return runAssistQuote(ctx, e, args)
}

// runAssistCase is one step of a 低保 case.
func runAssistCase(ctx context.Context, e *env, step string, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao " + usageAssistCase}
	f := newFlags("assist "+step, e)
	as := f.String("as", "", "经办人用户名")
	var members, relations, categories multiFlag
	region := f.String("region", "", "家庭所在区划代码")
	area := f.String("area", "", "低保类别:城市或农村")
	date := f.String("date", "", "办理日期 YYYY-MM-DD")
	from := f.String("from", "", "公示开始日期 YYYY-MM-DD")
	assets := f.String("assets", "", "家庭财产(车辆、存款、房产等)申报与核查情况")
	assetsOK := f.Bool("assets-ok", false, "家庭财产状况符合规定")
	note := f.String("note", "", "说明或异议内容")
	bank := f.String("bank", "", "申请人收款银行账号(低保金按月发放至该账户)")
	month := f.String("month", "", "停保月份 YYYY-MM")
	reason := f.String("reason", "", "停保原因或不予保障理由")
	work := f.Bool("work", false, "定期核查:家庭成员就业增收(收入超过标准的给予渐退期)")
	f.Var(&members, "member", "家庭成员:身份证号=月收入元,或 身份证号=收入种类:金额,…(第一位为申请人本人)")
	f.Var(&relations, "relation", "与申请人关系:身份证号=配偶|子女|父母|…")
	f.Var(&categories, "category", "分类施保类别:身份证号=类别")
	// assistui: members joining or leaving at a review.
	var joins, leaves multiFlag
	f.Var(&joins, "join", "定期核查:加入成员 身份证号=关系:原因(出生、结婚等;收入用 --member 填写)")
	f.Var(&leaves, "leave", "定期核查:退出成员 身份证号=原因(死亡、迁出等)")
	wantCase := step != "apply"
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{usage: usage, as: as, mustAs: step != "show",
		ok: func(pos []string) bool { return (len(pos) == 1) == wantCase && len(pos) <= 1 }})
	if err != nil {
		return err
	}
	defer sys.Close()
	var c *shebao.AssistCase
	switch step {
	case "apply":
		req := shebao.AssistApplyRequest{Region: *region, Date: *date, Area: *area, BankAccount: *bank}
		index := map[string]int{}
		for i, spec := range members {
			m, err := parseMemberSpec(spec)
			if err != nil {
				return shebao.FieldErrorf("member", "--member 第%d项“%s”:%s", i+1, spec, shebao.ErrorMessage(err))
			}
			index[strings.ToUpper(strings.TrimSpace(m.IDNo))] = len(req.Members)
			req.Members = append(req.Members, shebao.AssistCaseMember{AssistMember: m})
		}
		for _, spec := range append(append(multiFlag{}, relations...), categories...) {
			idNo, v, ok := strings.Cut(spec, "=")
			i, known := index[strings.ToUpper(strings.TrimSpace(idNo))]
			if !ok || !known || strings.TrimSpace(v) == "" {
				return shebao.FieldErrorf("member", "“%s”应写成 身份证号=值,且身份证号须为 --member 中的成员", spec)
			}
			if slices.Contains(relations, spec) {
				req.Members[i].Relation = strings.TrimSpace(v)
			} else {
				req.Members[i].Categories = append(req.Members[i].Categories, strings.TrimSpace(v))
			}
		}
		c, err = sys.Assist.Apply(ctx, req)
	case "investigate":
		c, err = sys.Assist.Investigate(ctx, pos[0], shebao.AssistInvestigation{Date: *date, AssetsOK: *assetsOK, Assets: *assets, Note: *note})
	case "publish":
		c, err = sys.Assist.Publish(ctx, pos[0], *from)
	case "object":
		c, err = sys.Assist.Object(ctx, pos[0], *date, *note)
	case "submit":
		c, err = sys.Assist.Submit(ctx, pos[0], *date, *bank)
	case "review":
		req := shebao.AssistReviewRequest{Date: *date, AssetsOK: *assetsOK, Assets: *assets, Work: *work, Note: *note}
		for i, spec := range members {
			m, err := parseMemberSpec(spec)
			if err != nil {
				return shebao.FieldErrorf("member", "--member 第%d项“%s”:%s", i+1, spec, shebao.ErrorMessage(err))
			}
			req.Members = append(req.Members, m)
		}
		for _, spec := range joins {
			idNo, v, ok := strings.Cut(spec, "=")
			rel, why, _ := strings.Cut(v, ":")
			if !ok || strings.TrimSpace(idNo) == "" {
				return shebao.FieldErrorf("join", "--join “%s”应写成 身份证号=关系:原因", spec)
			}
			j := shebao.AssistJoin{AssistCaseMember: shebao.AssistCaseMember{AssistMember: shebao.AssistMember{IDNo: strings.TrimSpace(idNo)},
				Relation: strings.TrimSpace(rel)}, Reason: strings.TrimSpace(why)}
			for _, m := range req.Members {
				if strings.EqualFold(strings.TrimSpace(m.IDNo), j.IDNo) {
					j.AssistMember = m
				}
			}
			req.Join = append(req.Join, j)
		}
		for _, spec := range leaves {
			idNo, why, ok := strings.Cut(spec, "=")
			if !ok || strings.TrimSpace(idNo) == "" {
				return shebao.FieldErrorf("leave", "--leave “%s”应写成 身份证号=原因", spec)
			}
			req.Leave = append(req.Leave, shebao.AssistLeave{IDNo: strings.TrimSpace(idNo), Reason: strings.TrimSpace(why)})
		}
		c, err = sys.Assist.Review(ctx, pos[0], req)
	case "stop":
		c, err = sys.Assist.Stop(ctx, pos[0], *month, *reason)
	case "refuse":
		c, err = sys.Assist.Refuse(ctx, pos[0], *date, *reason)
	case "show":
		c, err = sys.Assist.FindCase(ctx, pos[0])
	}
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, c)
	}
	fmt.Fprintf(e.stdout, "低保案件 %s  %s  区划%s(%s)  申请日期%s\n", c.ID, c.Status, c.Region, c.Area, c.AppliedOn)
	for _, m := range c.Members {
		fmt.Fprintf(e.stdout, "  %s %s %s\n", m.Relation, m.Name, idno.MaskID(m.IDNo))
	}
	if c.Quote != nil {
		fmt.Fprintf(e.stdout, "月保障金 %s元:%s\n", c.Quote.Monthly, c.Quote.Reason)
	}
	if v := c.Investigation; v != nil {
		fmt.Fprintf(e.stdout, "入户调查 %s(%s):%s\n", v.Date, v.By, v.Assets)
	}
	if c.PublishFrom != "" {
		fmt.Fprintf(e.stdout, "公示 %s 至 %s,异议%d件\n", c.PublishFrom, c.PublishTo, len(c.Objections))
	}
	for _, o := range c.Objections {
		fmt.Fprintf(e.stdout, "  异议 %s(%s):%s\n", o.Date, o.By, o.Note)
	}
	if c.Reason != "" {
		fmt.Fprintln(e.stdout, "原因:"+c.Reason)
	}
	for _, r := range c.Reviews {
		fmt.Fprintf(e.stdout, "定期核查 %s(%s):%s,%s", r.Date, r.By, r.Outcome, r.Reason)
		if r.FromMonth != "" {
			fmt.Fprintf(e.stdout, "(%s决定,自%s起)", r.DecidedOn, r.FromMonth)
		}
		fmt.Fprintln(e.stdout)
	}
	if c.NextReview != "" && (c.Status == shebao.CaseApproved || c.Status == shebao.CaseReviewed || c.Status == shebao.CaseChangeSubmitted) {
		fmt.Fprintf(e.stdout, "下次定期核查:%s\n", c.NextReview)
	}
	if c.Status == shebao.CaseReviewed {
		fmt.Fprintf(e.stdout, "核查结论待区民政部门决定:shebao assist submit %s --date D --as 民政经办人\n", c.ID)
	}
	if c.ApprovalID != "" && (c.Status == shebao.CaseSubmitted || c.Status == shebao.CaseChangeSubmitted) {
		fmt.Fprintf(e.stdout, "待审批:复核编号 %s(shebao approvals approve %s --as 另一民政经办人)\n", c.ApprovalID, c.ApprovalID)
	}
	if c.Status == shebao.CaseApproved {
		fmt.Fprintf(e.stdout, "已批准(%s):自%s起每月%s元,由月度发放支付(待遇编号%s)\n", c.DecidedOn, c.StartMonth, c.Monthly, c.BenefitID)
	}
	if c.Status == shebao.CaseTapering {
		fmt.Fprintf(e.stdout, "渐退期:按每月%s元发放至%s,期满停发\n", c.Monthly, c.EndMonth)
	}
	if c.Status == shebao.CaseStopped {
		fmt.Fprintf(e.stdout, "已停保:自%s起停发(%s),低保金发放至上月\n", c.StopMonth, c.StopReason)
	}
	return nil
}

// runAssistTekun is `shebao assist tekun`: the 特困 conditions and support.
func runAssistTekun(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao " + usageAssistTekun}
	f := newFlags("assist tekun", e)
	var req shebao.TekunQuoteRequest
	f.StringVar(&req.Region, "region", "", "所在区划代码(村、社区)")
	f.StringVar(&req.Date, "date", "", "按该日有效的标准计算 YYYY-MM-DD(默认今天)")
	f.StringVar(&req.Area, "area", "", "低保类别:城市或农村(默认按区划代码)")
	f.StringVar(&req.IDNo, "id", "", "身份证号")
	income := f.String("income", "", "本人月收入(元),无收入填0")
	f.StringVar(&req.CareLevel, "care", "", "生活自理能力:全自理、半护理或全护理")
	f.BoolVar(&req.Disabled, "disabled", false, "经认定的残疾人")
	f.BoolVar(&req.Obligor, "obligor", false, "有履行义务能力的法定赡养、抚养、扶养义务人")
	as := f.String("as", "", "以该用户的身份试算")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: usage, ok: func(pos []string) bool { return len(pos) == 0 }, as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	if strings.TrimSpace(*income) != "" {
		v, err := shebao.ParseYuan(*income)
		if err != nil {
			return shebao.FieldErrorf("income", "--income %s", shebao.ErrorMessage(err))
		}
		req.Income = &v
	}
	q, err := sys.Assist.QuoteTekun(ctx, req)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, q)
	}
	fmt.Fprintf(e.stdout, "特困人员救助供养试算 区划%s %s\n%s\n月供养金 %s元(基本生活标准%s + 照料护理标准%s)\n\n%s\n", q.Region, q.Date, q.Reason, q.Monthly, q.Basic, q.Care, q.Explain)
	for _, s := range q.Sources {
		fmt.Fprintln(e.stdout, "依据:"+s)
	}
	return nil
}

// runAssistQuote is `shebao assist quote`: the 低保 of a household.
func runAssistQuote(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao " + usageAssistQuote + `
  --member 身份证号=800          该成员月收入800元(全部计入)
  --member 身份证号=工资性收入:800,优待抚恤金:300   分项收入,按政策参数 assist.income.kinds 计入或不计入
  --category 身份证号=重病患者    经认定的分类施保类别(年龄类别按身份证号自动认定)
  --registry                    成员须为已登记人员;社保发放的待遇自动计入,不必填写(只领待遇的成员可写 身份证号=0)`}
	f := newFlags("assist quote", e)
	var req shebao.AssistQuoteRequest
	var members, categories multiFlag
	f.StringVar(&req.Region, "region", "", "家庭所在区划代码(村、社区)")
	f.StringVar(&req.Date, "date", "", "按该日有效的低保标准计算 YYYY-MM-DD(默认今天)")
	f.StringVar(&req.Area, "area", "", "低保类别:城市或农村(默认按区划代码:居委会、街道为城市,村委会为农村)")
	f.Var(&members, "member", "家庭成员:身份证号=月收入元,或 身份证号=收入种类:金额,… (可重复)")
	f.Var(&categories, "category", "分类施保类别:身份证号=类别[,类别] (可重复)")
	f.BoolVar(&req.Registry, "registry", false, "核对登记库(参保缴费单位、死亡、低保/五保标识)并计入社保正在发放的养老金等待遇(读取人员记录,记入审计日志)")
	as := f.String("as", "", "以该用户的身份试算")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: usage, ok: func(pos []string) bool { return len(pos) == 1 && pos[0] == "quote" }, as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	index := map[string]int{}
	for i, spec := range members {
		m, err := parseMemberSpec(spec)
		if err != nil {
			return shebao.FieldErrorf("member", "--member 第%d项“%s”:%s", i+1, spec, shebao.ErrorMessage(err))
		}
		index[strings.ToUpper(strings.TrimSpace(m.IDNo))] = len(req.Members)
		req.Members = append(req.Members, m)
	}
	for _, spec := range categories {
		idNo, list, ok := strings.Cut(spec, "=")
		i, known := index[strings.ToUpper(strings.TrimSpace(idNo))]
		if !ok || strings.TrimSpace(list) == "" {
			return shebao.FieldErrorf("category", "--category “%s”应写成 身份证号=类别", spec)
		}
		if !known {
			return shebao.FieldErrorf("category", "--category “%s”:该身份证号不是 --member 中的家庭成员", spec)
		}
		for _, c := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == '\uff0c' || r == '、' }) {
			req.Members[i].Categories = append(req.Members[i].Categories, strings.TrimSpace(c))
		}
	}
	q, err := sys.Assist.Quote(ctx, req)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, q)
	}
	verdict := "符合低保收入条件"
	if !q.Eligible {
		verdict = "不符合低保收入条件"
	}
	fmt.Fprintf(e.stdout, "低保试算 区划%s %s %s低保标准%s元/人·月\n", q.Region, q.Date, q.Area, q.Standard)
	for _, l := range q.Lines {
		extra := ""
		if l.Extra > 0 {
			extra = "  分类施保 " + l.ExtraExplain
		}
		fmt.Fprintf(e.stdout, "成员%d  %s%s\n", l.Member, l.Explain, extra)
	}
	fmt.Fprintf(e.stdout, "%s:%s\n月保障金 %s元(差额保障金%s + 分类施保%s)\n\n%s\n", verdict, q.Reason, q.Monthly, q.Base, q.Extras, q.Explain)
	for _, s := range q.Sources {
		fmt.Fprintln(e.stdout, "依据:"+s)
	}
	for _, c := range q.Checks {
		fmt.Fprintf(e.stdout, "核对 成员%d %s:%s\n", c.Member, c.Name, strings.Join(c.Findings, ";"))
	}
	return nil
}

// parseMemberSpec reads "身份证号=800" (the counted monthly income) or
// "身份证号=工资性收入:800,优待抚恤金:300" (income by kind).
func parseMemberSpec(spec string) (shebao.AssistMember, error) {
	idNo, income, ok := strings.Cut(spec, "=")
	if !ok || strings.TrimSpace(idNo) == "" || strings.TrimSpace(income) == "" {
		return shebao.AssistMember{}, shebao.FieldErrorf("member", "应写成 身份证号=月收入元 或 身份证号=收入种类:金额,…")
	}
	m := shebao.AssistMember{IDNo: strings.TrimSpace(idNo)}
	if !strings.ContainsAny(income, ":\uff1a") {
		v, err := shebao.ParseYuan(income)
		if err != nil {
			return m, shebao.FieldErrorf("member", "月收入%s(分项收入应写成 收入种类:金额)", shebao.ErrorMessage(err))
		}
		m.Income = &v
		return m, nil
	}
	for _, item := range strings.FieldsFunc(income, func(r rune) bool { return r == ',' || r == '\uff0c' }) {
		kind, amount, ok := strings.Cut(strings.ReplaceAll(item, "\uff1a", ":"), ":")
		if !ok || strings.TrimSpace(kind) == "" {
			return m, shebao.FieldErrorf("member", "分项收入“%s”应写成 收入种类:金额", item)
		}
		v, err := shebao.ParseYuan(amount)
		if err != nil {
			return m, shebao.FieldErrorf("member", "%s的金额%s", strings.TrimSpace(kind), shebao.ErrorMessage(err))
		}
		m.Incomes = append(m.Incomes, shebao.AssistIncome{Kind: strings.TrimSpace(kind), Amount: v})
	}
	return m, nil
}

// runAssistList is `shebao assist list`: the cases of the jurisdiction.
func runAssistList(ctx context.Context, e *env, args []string) error {
	f := newFlags("assist list", e)
	as := f.String("as", "", "以该用户的身份查询")
	var flt shebao.AssistCaseFilter
	f.StringVar(&flt.Region, "region", "", "区划代码(含下级)")
	f.StringVar(&flt.Status, "status", "", "案件状态:待调查、待公示、公示中、待审批、已批准、复核待决定、变更待审批、渐退期、已停保、不予保障")
	f.StringVar(&flt.ReviewDue, "review-due", "", "列出截至该日(YYYY-MM-DD)应定期核查的已批准案件")
	f.IntVar(&flt.Limit, "limit", 100, "最多列出的案件数")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageAssistCase}, ok: nargs(0), as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	cs, total, err := sys.Assist.FindCases(ctx, flt)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, map[string]any{"items": cs, "total": total})
	}
	for _, c := range cs {
		fmt.Fprintf(e.stdout, "%s  %s  %s  %s等%d人  %s元/月  申请%s", c.ID, c.Status, c.Region, c.Members[0].Name, len(c.Members), c.Monthly, c.AppliedOn)
		if flt.ReviewDue != "" {
			fmt.Fprintf(e.stdout, "  应核查%s", c.NextReview)
		}
		fmt.Fprintln(e.stdout)
	}
	fmt.Fprintf(e.stdout, "共%d件\n", total)
	return nil
}

const usageAssistRelief = `assist relief --no 决定编号 --id 身份证号 --category 急难型|支出型 --amount 元 --reason 事由 --bank 收款账号 [--date D] [--area 城市|农村] --as 民政经办人 [--json]
                                                  临时救助决定:金额不超过 assist.temporary.max_months × 低保标准,由另一民政经办人复核,批准后随当月月度发放
  assist reliefs [--region CODE] [--from D] [--to D] [--json] [--as USER]`

// runAssistRelief is `shebao assist relief`: a 临时救助 decision to approval.
func runAssistRelief(ctx context.Context, e *env, args []string) error {
	f := newFlags("assist relief", e)
	as := f.String("as", "", "民政经办人用户名")
	var req shebao.ReliefRequest
	f.StringVar(&req.No, "no", "", "临时救助决定编号")
	f.StringVar(&req.IDNo, "id", "", "救助对象身份证号")
	f.StringVar(&req.Category, "category", "", "救助类型:急难型或支出型")
	amount := f.String("amount", "", "救助金额(元)")
	f.StringVar(&req.Reason, "reason", "", "救助事由")
	f.StringVar(&req.BankAccount, "bank", "", "收款银行账号")
	f.StringVar(&req.Date, "date", "", "决定日期 YYYY-MM-DD(默认今日)")
	f.StringVar(&req.Area, "area", "", "城市或农村(区划同时有城乡居民时)")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageAssistRelief}, ok: nargs(0), as: as, mustAs: true})
	if err != nil {
		return err
	}
	defer sys.Close()
	if req.Amount, err = shebao.ParseYuan(*amount); err != nil {
		return shebao.FieldErrorf("amount", "救助金额“%s”无效:%s", *amount, shebao.ErrorMessage(err))
	}
	r, created, err := sys.Assist.SubmitRelief(ctx, req)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, r)
	}
	if !created {
		fmt.Fprintln(e.stdout, "该决定已提请过,未重复办理")
	}
	fmt.Fprintf(e.stdout, "临时救助 %s  %s  %s %s  %s  %s元(上限%s元)  %s\n", r.No, r.Status, r.Name, idno.MaskID(r.IDNo), r.Category, r.Amount, r.Cap, r.Reason)
	fmt.Fprintln(e.stdout, r.Explanation)
	if r.Status == shebao.ReliefSubmitted {
		fmt.Fprintf(e.stdout, "待审批:复核编号 %s(shebao approvals approve %s --as 另一民政经办人)\n", r.ApprovalID, r.ApprovalID)
	}
	return nil
}

// runAssistReliefs is `shebao assist reliefs`: the 临时救助 decisions.
func runAssistReliefs(ctx context.Context, e *env, args []string) error {
	f := newFlags("assist reliefs", e)
	as := f.String("as", "", "以该用户的身份查询")
	var flt shebao.ReliefFilter
	f.StringVar(&flt.Region, "region", "", "区划代码(含下级)")
	f.StringVar(&flt.From, "from", "", "决定日期起 YYYY-MM-DD")
	f.StringVar(&flt.To, "to", "", "决定日期止 YYYY-MM-DD")
	f.IntVar(&flt.Limit, "limit", 100, "最多列出的决定数")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageAssistRelief}, ok: nargs(0), as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	rs, total, err := sys.Assist.FindReliefs(ctx, flt)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, map[string]any{"items": rs, "total": total})
	}
	var sum shebao.Money
	for _, r := range rs {
		fmt.Fprintf(e.stdout, "%s  %s  %s  %s %s  %s  %s元  %s", r.No, r.Date, r.Status, r.Name, idno.MaskID(r.IDNo), r.Category, r.Amount, r.Reason)
		if r.Month != "" {
			fmt.Fprintf(e.stdout, "  随%s发放", r.Month)
		}
		fmt.Fprintln(e.stdout)
		sum += r.Amount
	}
	fmt.Fprintf(e.stdout, "共%d件,本页合计%s元\n", total, sum)
	return nil
}
