package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sheet"
)

// Money in from other payers: residents' annual contributions, the
// lump-sum back payment of converted villages, flexible employment; and
// the yearly account statement.

func runFlex(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao flex register --id 身份证号 --from YYYY-MM [--to YYYY-MM] --base 元 | flex assess --month YYYY-MM | flex pay --receipt 回单号 --id 身份证号 --amount 元 --date YYYY-MM-DD | flex arrears 身份证号 [--date YYYY-MM-DD] [--json]"}
	if len(args) == 0 {
		return usage
	}
	f := newFlags("flex "+args[0], e)
	id := f.String("id", "", "身份证号")
	from := f.String("from", "", "起始年月")
	to := f.String("to", "", "终止年月")
	base := f.String("base", "", "缴费基数(元/月)")
	month := f.String("month", "", "费款所属期 YYYY-MM")
	receipt := f.String("receipt", "", "回单号")
	amount := f.String("amount", "", "金额(元)")
	date := f.String("date", "", "日期 YYYY-MM-DD")
	sys, _, pos, err := f.start(ctx, args[1:], cmdStart{})
	if err != nil {
		return err
	}
	defer sys.Close()
	yuan := func(field, v string) (shebao.Money, error) {
		m, err := shebao.ParseYuan(v)
		if err != nil {
			return 0, shebao.FieldErrorf(field, "%s", err.Error())
		}
		return m, nil
	}
	switch args[0] {
	case "register":
		b, err := yuan("缴费基数", *base)
		if err != nil {
			return err
		}
		if err := sys.Collect.RegisterFlexBase(ctx, shebao.FlexBase{IDNo: *id, From: shebao.Period(*from), To: shebao.Period(*to), Base: b}); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "已登记灵活就业缴费基数")
		return nil
	case "assess":
		n, err := sys.Collect.AssessFlex(ctx, shebao.Period(*month))
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s 新核定灵活就业个人账单%d笔\n", *month, n)
		return nil
	case "pay":
		m, err := yuan("金额", *amount)
		if err != nil {
			return err
		}
		res, err := sys.Collect.RecordFlexPayment(ctx, *receipt, *id, m, *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, res)
		}
		fmt.Fprintf(e.stdout, "回单号%s %s元:分配%d个月,暂收款%s元\n", res.ReceiptNo, res.Amount, len(res.Allocations), res.Credit)
		return nil
	case "arrears":
		if len(pos) != 1 {
			return usage
		}
		asOf := *date
		if asOf == "" {
			asOf = shebao.Today().Format(shebao.DateLayout)
		}
		ars, err := sys.Collect.FlexArrears(ctx, pos[0], asOf)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"as_of": asOf, "bills": ars})
		}
		for _, a := range ars {
			fmt.Fprintln(e.stdout, a.Explain)
		}
		return nil
	}
	return usage
}

func runStatement(ctx context.Context, e *env, args []string) error {
	f := newFlags("statement", e)
	year := f.Int("year", 0, "年度 YYYY")
	xlsx := f.String("xlsx", "", "同时写入此 .xlsx 文件")
	sys, _, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao statement 身份证号 --year YYYY [--json] [--xlsx FILE]"},
		ok:    func(pos []string) bool { return len(pos) == 1 && *year != 0 },
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	st, err := sys.Ledger.AccountStatement(ctx, pos[0], *year)
	if err != nil {
		return err
	}
	if *xlsx != "" {
		w, err := sheet.Create(*xlsx, []string{"账户", "日期", "所属月份", "类型", "金额(元)", "余额(元)", "说明"})
		if err != nil {
			return err
		}
		for _, fs := range st.Funds {
			rows := [][]string{{fs.FundName, fmt.Sprintf("%d-01-01", st.Year), "", "年初余额", "", fs.Opening.String(), ""}}
			for _, it := range fs.Items {
				rows = append(rows, []string{fs.FundName, it.Date, it.Month, it.KindName, it.Amount.String(), it.Balance.String(), it.Explanation})
			}
			rows = append(rows, []string{fs.FundName, fmt.Sprintf("%d-12-31", st.Year), "", "年末余额", "", fs.Closing.String(), fs.Summary})
			for _, r := range rows {
				if err := w.Write(r); err != nil {
					return err
				}
			}
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
	if *f.json {
		return writeJSON(e, st)
	}
	fmt.Fprintf(e.stdout, "%s(%s)%d年度个人账户对账单\n", st.Name, st.IDNo, st.Year)
	if len(st.Funds) == 0 {
		fmt.Fprintln(e.stdout, "  没有个人账户")
	}
	for _, fs := range st.Funds {
		fmt.Fprintf(e.stdout, "【%s】年初余额 %s元\n", fs.FundName, fs.Opening)
		for _, it := range fs.Items {
			fmt.Fprintf(e.stdout, "  %s %s %s元 余额%s元  %s\n", it.Date, it.KindName, it.Amount, it.Balance, it.Explanation)
		}
		fmt.Fprintf(e.stdout, "  %s\n", fs.Summary)
	}
	return nil
}

func runLumpSum(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: `用法: shebao lumpsum register --region 村区划代码 --date 改制日期 [--json]
      shebao lumpsum join --region 村区划代码 身份证号… [--json]
      shebao lumpsum quote --region 村区划代码 [--json]
      shebao lumpsum pay --receipt 票据号 --id 身份证号 --payer 集体|个人|政府 --amount 元 --date YYYY-MM-DD [--json]
      shebao lumpsum report [--region 区划代码] [--json]     各改制村应缴、已缴及缺口
      shebao lumpsum refund|correct --receipt 凭证号 --ref 原票据号 [--date D] --reason 原因 --as 经办人   退费/冲正(整张票据),须另一用户复核
      shebao import lumpsum-payments FILE                   (票据号, 身份证号, 缴费方, 金额, 到账日期)`}
	if len(args) == 0 {
		return usage
	}
	if _, ok := receiptReversals["lumpsum"][args[0]]; ok {
		return runReceiptReversal(ctx, e, "lumpsum", args[0], args[1:])
	}
	f := newFlags("lumpsum "+args[0], e)
	region := f.String("region", "", "区划代码")
	date := f.String("date", "", "日期 YYYY-MM-DD")
	receipt := f.String("receipt", "", "票据号")
	id := f.String("id", "", "身份证号")
	payer := f.String("payer", "", "缴费方:集体、个人或政府")
	amount := f.String("amount", "", "金额(元)")
	sys, _, pos, err := f.start(ctx, args[1:], cmdStart{})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch args[0] {
	case "register":
		v, err := sys.Collect.RegisterConversion(ctx, *region, *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, v)
		}
		fmt.Fprintf(e.stdout, "%s %s改制,人均一次性补缴%s元\n  %s\n", v.Name, v.ConvertedOn, v.Cost, v.Explanation)
		return nil
	case "join":
		n, errs, err := sys.Collect.JoinConversion(ctx, *region, pos)
		if err != nil {
			return err
		}
		var bad []map[string]string
		for i, er := range errs {
			if er != nil {
				bad = append(bad, map[string]string{"id_no": pos[i], "reason": shebao.ErrorMessage(er)})
			}
		}
		if *f.json {
			if bad == nil {
				bad = []map[string]string{}
			}
			return writeJSON(e, map[string]any{"added": n, "errors": bad})
		}
		fmt.Fprintf(e.stdout, "新增%d人\n", n)
		for _, b := range bad {
			fmt.Fprintf(e.stdout, "  %s: %s\n", b["id_no"], b["reason"])
		}
		if len(bad) > 0 {
			return &exitError{code: 1, msg: fmt.Sprintf("%d人未能加入", len(bad))}
		}
		return nil
	case "quote":
		v, ps, err := sys.Collect.ConversionQuote(ctx, *region)
		if err != nil {
			return err
		}
		if *f.json {
			if ps == nil {
				ps = []*shebao.LumpSumPerson{}
			}
			return writeJSON(e, map[string]any{"conversion": v, "persons": ps})
		}
		fmt.Fprintf(e.stdout, "%s %s改制:%s\n", v.Name, v.ConvertedOn, v.Explanation)
		for _, p := range ps {
			fmt.Fprintf(e.stdout, "  %s %s 应缴%s元 集体已缴%s 个人已缴%s 政府已缴%s 欠%s元 %s\n", p.IDNo, p.Name, p.Cost,
				p.CollectivePaid, p.IndividualPaid, p.GovernmentPaid, p.Shortfall, p.SettledOn)
		}
		return nil
	case "pay":
		m, err := shebao.ParseYuan(*amount)
		if err != nil {
			return shebao.FieldErrorf("金额", "%s", err.Error())
		}
		p, repeat, err := sys.Collect.RecordLumpSumPayment(ctx, shebao.LumpSumPayment{ReceiptNo: *receipt, IDNo: *id, Payer: *payer, Amount: m, PaidOn: *date})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"person": p, "repeat": repeat})
		}
		fmt.Fprintf(e.stdout, "%s 应缴%s元,尚欠%s元", p.Name, p.Cost, p.Shortfall)
		if p.SettledOn != "" {
			fmt.Fprintf(e.stdout, ",已于%s缴清并记入个人账户", p.SettledOn)
		}
		fmt.Fprintln(e.stdout)
		return nil
	case "report":
		rs, err := sys.Collect.ConversionReports(ctx, *region)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"villages": rs})
		}
		for _, r := range rs {
			fmt.Fprintln(e.stdout, r.Explanation)
		}
		return nil
	}
	return usage
}

func runResident(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao resident pay --receipt 票据号 --id 身份证号 --scheme 170|390 --year YYYY [--tier 元] --date YYYY-MM-DD [--json]\n      shebao resident show 身份证号 [--json]\n      shebao resident refund|correct --receipt 凭证号 --ref 原票据号 [--date D] --reason 原因 --as 经办人   退费/冲正(整张票据),须另一用户复核"}
	if len(args) == 0 {
		return usage
	}
	if _, ok := receiptReversals["resident"][args[0]]; ok {
		return runReceiptReversal(ctx, e, "resident", args[0], args[1:])
	}
	f := newFlags("resident "+args[0], e)
	receipt := f.String("receipt", "", "票据号")
	id := f.String("id", "", "身份证号")
	scheme := f.String("scheme", "", "险种 170 或 390")
	year := f.Int("year", 0, "缴费年度")
	tier := f.String("tier", "", "缴费档次(元/年;困难群体可不填)")
	date := f.String("date", "", "缴费日期 YYYY-MM-DD")
	sys, _, pos, err := f.start(ctx, args[1:], cmdStart{})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch args[0] {
	case "pay":
		c := shebao.ResidentContribution{ReceiptNo: *receipt, IDNo: *id, Scheme: *scheme, Year: *year, PaidOn: *date}
		if *tier != "" {
			m, err := shebao.ParseYuan(*tier)
			if err != nil {
				return shebao.FieldErrorf("缴费档次", "%s", err.Error())
			}
			c.Tier = m
		}
		got, repeat, err := sys.Collect.RecordResidentContribution(ctx, c)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"contribution": got, "repeat": repeat})
		}
		if repeat {
			fmt.Fprintf(e.stdout, "票据号%s已登记过,未作改动\n", got.ReceiptNo)
		}
		fmt.Fprintln(e.stdout, got.Explanation)
		return nil
	case "show":
		if len(pos) != 1 {
			return usage
		}
		cs, err := sys.Collect.ResidentContributions(ctx, pos[0])
		if err != nil {
			return err
		}
		if *f.json {
			if cs == nil {
				cs = []*shebao.ResidentContribution{}
			}
			return writeJSON(e, map[string]any{"items": cs})
		}
		if len(cs) == 0 {
			fmt.Fprintln(e.stdout, "没有城乡居民缴费记录")
		}
		for _, c := range cs {
			fmt.Fprintf(e.stdout, "%d %s 票据号%s 缴费日期%s\n  %s\n", c.Year, c.Scheme, c.ReceiptNo, c.PaidOn, c.Explanation)
		}
		return nil
	}
	return usage
}
