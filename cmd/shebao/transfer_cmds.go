package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Land contracting and transfer (土地承包和流转, package transfer): the 确权
// data and the transfer contracts come in by `shebao import parcels|transfers`;
// `shebao transfers` lists and shows them, ends a contract early and
// submits the 资格审查 of an enterprise; the 鉴证 of a contract is an
// approval (`shebao approvals approve ID` by the town's service centre).

const usageTransfers = "transfers list [--region CODE] [--status 待鉴证|已鉴证|已终止] [--json] | show NO [--json] | contract CODE [--json] | " +
	"end NO --date YYYY-MM-DD --reason 原因 --as USER | review --uscc USCC --name 企业名称 --area 亩 --until YYYY-MM-DD --as USER | " +
	"pay NO --receipt 收据号 --amount 元 --date YYYY-MM-DD --as USER | arrears --region CODE --date YYYY-MM-DD [--json] | prices [--region CODE] [--date YYYY-MM-DD] [--json] | " +
	"offer|seek --no 意向编号 [--parcel 地块编码 | --region CODE --class 地类] --area 亩 --years N --price 元/亩/年 [--use 用途] --contact 证件号 --name 姓名 --as USER | " +
	"market [--region CODE] [--json] | intents [--region CODE] [--json] | match NO [--json] | withdraw NO [--reason 原因] --as USER | coop USCC --year YYYY [--json] | " +
	"dispute NO --case 调解案号 --date YYYY-MM-DD --reason 纠纷事由 --as USER | mediate NO --case 调解案号 --date YYYY-MM-DD --reason 调解结果 [--settled] --as USER" +
	"   土地流转:合同台账、提前终止、工商企业资格审查(鉴证在复核队列)、租金收取与逾期督促、纠纷调解、价格指导、出让求租信息与匹配、合作社存入贷出租金与差额"

func runTransfers(ctx context.Context, e *env, args []string) error {
	f := newFlags("transfers", e)
	as := f.String("as", "", "以该用户的身份办理")
	region := f.String("region", "", "区划代码")
	status := f.String("status", "", "合同状态")
	date := f.String("date", "", "日期 YYYY-MM-DD")
	reason := f.String("reason", "", "原因")
	uscc := f.String("uscc", "", "统一社会信用代码")
	name := f.String("name", "", "企业名称")
	area := f.String("area", "", "面积(亩)")
	until := f.String("until", "", "有效期至 YYYY-MM-DD")
	receipt := f.String("receipt", "", "收据号")
	amount := f.String("amount", "", "金额(元)")
	caseNo := f.String("case", "", "调解案号")
	settled := f.Bool("settled", false, "调解成功")
	parcel := f.String("parcel", "", "地块编码")
	class := f.String("class", "", "地类")
	years := f.Int("years", 0, "年限")
	price := f.String("price", "", "价格(元/亩/年)")
	use := f.String("use", "", "用途")
	contact := f.String("contact", "", "联系人证件号")
	intentNo := f.String("no", "", "意向编号")
	year := f.Int("year", 0, "年度")
	usage := &exitError{code: 2, msg: "用法: shebao " + usageTransfers}
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{usage: usage, ok: func(pos []string) bool { return len(pos) != 0 }, as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	needAs := func(what string) error {
		if *as == "" {
			return &exitError{code: 2, msg: "须用 --as 用户名 指明" + what}
		}
		return nil
	}
	switch {
	case pos[0] == "list" && len(pos) == 1:
		ts, total, err := sys.Transfer.FindTransfers(ctx, shebao.TransferFilter{Region: *region, Status: *status, Limit: 1000})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"total": total, "transfers": ts})
		}
		fmt.Fprintf(e.stdout, "流转合同%d份\n", total)
		for _, t := range ts {
			fmt.Fprintf(e.stdout, "  %s %s %s %s→%s(%s) %s亩 %s至%s %s %s\n", t.No, t.RegionName, t.Form, t.Transferors(),
				t.TransfereeName, t.TransfereeKind, t.Area, t.Start, t.End, t.RentText(), t.Status)
		}
		return nil
	case pos[0] == "show" && len(pos) == 2:
		t, err := sys.Transfer.FindTransfer(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, t)
		}
		writeTransfer(e, t)
		return nil
	case pos[0] == "contract" && len(pos) == 2:
		c, err := sys.Transfer.FindLandContract(ctx, pos[1])
		if err != nil {
			return err
		}
		hist, err := sys.Transfer.ContractingHistory(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"contract": c, "history": hist})
		}
		fmt.Fprintf(e.stdout, "承包合同 %s(%s)发包方 %s %s\n承包方代表 %s %s  户号 %s\n承包期限 %s至%s  经营权证 %s  共%d块%s亩\n",
			c.Code, c.Method, c.Issuer, c.IssuerName, c.HeadName, c.HeadIDNo, c.Household, c.Start, c.End, c.CertNo, len(c.Parcels), c.Area)
		for _, p := range c.Parcels {
			basic := ""
			if p.Basic {
				basic = " 基本农田"
			}
			fmt.Fprintf(e.stdout, "  地块 %s %s亩 %s%s %s\n", p.Code, p.Area, p.Class, basic, p.Bounds)
		}
		for _, v := range hist {
			fmt.Fprintf(e.stdout, "  变更 %s %s 第%d版 %s %s:", v.ChangedAt.In(shebao.ChinaTime).Format("2006-01-02 15:04"), v.Code, v.Version, v.Actor, v.Source)
			for _, c := range v.Changes {
				fmt.Fprintf(e.stdout, " %s %s→%s", c.Field, c.Before, c.After)
			}
			fmt.Fprintln(e.stdout)
		}
		return nil
	case pos[0] == "end" && len(pos) == 2:
		if err := needAs("终止合同的经办人"); err != nil {
			return err
		}
		t, err := sys.Transfer.EndTransfer(ctx, pos[1], *date, *reason)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, t)
		}
		fmt.Fprintf(e.stdout, "流转合同%s已于%s提前终止(%s),其地块自次日起可再流转\n", t.No, t.EndedOn, t.EndReason)
		return nil
	case pos[0] == "review" && len(pos) == 1:
		if err := needAs("资格审查的经办人"); err != nil {
			return err
		}
		ap, err := sys.Transfer.SubmitReview(ctx, shebao.TransferReview{USCC: *uscc, Name: *name, Area: *area, Until: *until, Note: *reason})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, ap)
		}
		fmt.Fprintf(e.stdout, "已提交复核(编号%s):%s\n", ap.ID, ap.Summary)
		return nil
	case pos[0] == "pay" && len(pos) == 2:
		if err := needAs("登记租金的经办人"); err != nil {
			return err
		}
		m, err := shebao.ParseYuan(*amount)
		if err != nil {
			return shebao.FieldErrorf("金额", "金额“%s”无效", *amount)
		}
		p, created, err := sys.Transfer.RecordRentPayment(ctx, shebao.RentPayment{Receipt: *receipt, No: pos[1], Amount: m, Date: *date, Note: *reason})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"payment": p, "created": created})
		}
		if !created {
			fmt.Fprintf(e.stdout, "收据%s已登记过,未重复登记\n", p.Receipt)
			return nil
		}
		fmt.Fprintf(e.stdout, "已登记流转合同%s租金%s元(收据%s,%s)\n", p.No, p.Amount, p.Receipt, p.Date)
		return nil
	case pos[0] == "arrears" && len(pos) == 1:
		r, err := sys.Transfer.RentArrears(ctx, *region, *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, r)
		}
		fmt.Fprintf(e.stdout, "%s %s 逾期未付租金:%d份合同,共%s元\n", r.RegionName, r.Date, r.Contracts, r.Unpaid)
		for _, t := range r.Towns {
			fmt.Fprintf(e.stdout, "%s %s:%d份,%s元\n", t.Code, t.Name, t.Contracts, t.Unpaid)
			for _, v := range t.Villages {
				fmt.Fprintf(e.stdout, "  %s %s:%d份,%s元\n", v.Code, v.Name, v.Contracts, v.Unpaid)
				for _, it := range v.Items {
					fmt.Fprintf(e.stdout, "    %s %s→%s %s %s应付%s元 已付%s元 欠%s元 逾期%d天\n", it.No, it.Transferors, it.Transferee,
						it.Label, it.Due, it.Amount, it.Paid, it.Unpaid, it.DaysOverdue)
				}
			}
		}
		return nil
	case pos[0] == "prices" && len(pos) == 1:
		g, err := sys.Transfer.PriceGuide(ctx, *region, *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, g)
		}
		fmt.Fprintf(e.stdout, "流转价格指导(%s后至%s起始的已鉴证合同,元/亩/年)\n", g.From, g.To)
		for _, r := range g.Rows {
			fmt.Fprintf(e.stdout, "  %s %s %s:%d份,中位数%s,最低%s,最高%s\n", r.Village, r.VillageName, r.Class, r.Contracts, r.Median, r.Min, r.Max)
		}
		return nil
	case (pos[0] == "offer" || pos[0] == "seek") && len(pos) == 1:
		if err := needAs("登记意向的信息联络员"); err != nil {
			return err
		}
		m, err := shebao.ParseYuan(*price)
		if err != nil {
			return shebao.FieldErrorf("价格", "价格“%s”无效", *price)
		}
		kind := map[string]string{"offer": shebao.IntentOffer, "seek": shebao.IntentSeek}[pos[0]]
		it, created, err := sys.Transfer.SaveIntent(ctx, shebao.Intent{No: *intentNo, Kind: kind, ParcelCode: *parcel, Region: *region,
			Class: *class, Area: *area, Years: *years, Price: m, Use: *use, ContactID: *contact, ContactName: *name})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"intent": it, "created": created})
		}
		if !created {
			fmt.Fprintf(e.stdout, "意向%s已登记过,未重复登记\n", it.No)
			return nil
		}
		fmt.Fprintf(e.stdout, "已登记%s意向%s:%s %s %s亩 %d年 %s元/亩/年\n", it.Kind, it.No, it.RegionName, it.Class, it.Area, it.Years, it.Price)
		return nil
	case pos[0] == "market" && len(pos) == 1:
		list, err := sys.Transfer.Intents(ctx, *region, "", true)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, list)
		}
		fmt.Fprintf(e.stdout, "流转信息(出让、求租意向%d条,不含个人信息)\n", len(list))
		for _, it := range list {
			fmt.Fprintf(e.stdout, "  %s %s %s %s %s亩 %d年 %s元/亩/年 %s\n", it.No, it.Kind, it.RegionName, it.Class, it.Area, it.Years, it.Price, it.Use)
		}
		return nil
	case pos[0] == "intents" && len(pos) == 1:
		list, err := sys.Transfer.Intents(ctx, *region, "", false)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, list)
		}
		fmt.Fprintf(e.stdout, "流转意向%d条(含联系人和状态)\n", len(list))
		for _, it := range list {
			fmt.Fprintf(e.stdout, "  %s %s %s %s %s亩 %d年 %s元/亩/年 %s 联系人%s %s\n", it.No, it.Kind, it.RegionName, it.Class, it.Area, it.Years,
				it.Price, it.Use, it.ContactName, it.Status)
		}
		return nil
	case pos[0] == "withdraw" && len(pos) == 2:
		if err := needAs("撤回意向的经办人"); err != nil {
			return err
		}
		it, changed, err := sys.Transfer.WithdrawIntent(ctx, pos[1], *reason)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"intent": it, "changed": changed})
		}
		if !changed {
			fmt.Fprintf(e.stdout, "意向%s此前已撤回\n", it.No)
			return nil
		}
		fmt.Fprintf(e.stdout, "已撤回意向%s,不再公开、不参与匹配\n", it.No)
		return nil
	case pos[0] == "match" && len(pos) == 2:
		it, m, err := sys.Transfer.MatchIntent(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"intent": it.Public(), "matches": m})
		}
		fmt.Fprintf(e.stdout, "%s意向%s(%s %s亩 %s元/亩/年)的匹配%d条:\n", it.Kind, it.No, it.RegionName, it.Area, it.Price, len(m))
		for _, c := range m {
			fmt.Fprintf(e.stdout, "  %s %s %s %s %s亩 %d年 %s元/亩/年 %s\n", c.No, c.Kind, c.RegionName, c.Class, c.Area, c.Years, c.Price, c.Use)
		}
		return nil
	case pos[0] == "coop" && len(pos) == 2:
		y, err := sys.Transfer.CoopYear(ctx, pos[1], *year)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, y)
		}
		fmt.Fprintf(e.stdout, "%s %s %d年:存入合同%d份%s亩,应付社员租金%s元,当年已付%s元\n", y.USCC, y.Name, y.Year, y.Contracts, y.AreaMu, y.Due, y.Paid)
		fmt.Fprintf(e.stdout, "贷出合同%d份%s亩,应收贷出租金%s元,当年已收%s元;差额收益(贷出租金−存入租金)%s元\n",
			y.LendingContracts, y.LentMu, y.LendingDue, y.LendingReceived, y.Margin)
		// A member list is read at the counter and printed: the numbers are
		// masked as in every other list (the API masks them by role).
		for _, m := range y.Members {
			fmt.Fprintf(e.stdout, "  %s %s 存入%s亩 应得%s元\n", idno.MaskID(m.IDNo), m.Name, m.AreaMu, m.Due)
		}
		return nil
	case pos[0] == "dispute" && len(pos) == 2:
		if err := needAs("受理纠纷的经办人"); err != nil {
			return err
		}
		d, err := sys.Transfer.RecordDispute(ctx, shebao.Dispute{CaseNo: *caseNo, No: pos[1], FiledOn: *date, Summary: *reason})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, d)
		}
		fmt.Fprintf(e.stdout, "纠纷%s(流转合同%s,%s受理):%s,%s\n", d.CaseNo, d.No, d.FiledOn, d.Summary, d.Status)
		return nil
	case pos[0] == "mediate" && len(pos) == 2:
		if err := needAs("调解人"); err != nil {
			return err
		}
		d, err := sys.Transfer.MediateDispute(ctx, pos[1], *caseNo, *date, *reason, *settled)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, d)
		}
		fmt.Fprintf(e.stdout, "纠纷%s %s(%s):%s\n", d.CaseNo, d.Status, d.MediatedOn, d.Outcome)
		return nil
	}
	return usage
}

func writeTransfer(e *env, t *shebao.Transfer) {
	fmt.Fprintf(e.stdout, "流转合同 %s  %s  %s %s\n", t.No, t.Status, t.Region, t.RegionName)
	fmt.Fprintf(e.stdout, "流转方式 %s  受入方 %s(%s,%s)\n期限 %s至%s  租金 %s(%s,%s)  用途 %s\n",
		t.Form, t.TransfereeName, t.TransfereeKind, t.TransfereeID, t.Start, t.End, t.RentText(), t.Schedule, shebao.ScheduleNote(t.Schedule), t.Purpose)
	if t.Consent != "" {
		fmt.Fprintf(e.stdout, "发包方同意 %s\n", t.Consent)
	}
	if t.VerifiedOn != "" {
		fmt.Fprintf(e.stdout, "鉴证 %s(%s),已报发包方备案\n", t.VerifiedOn, t.VerifiedBy)
	}
	if t.Registrable {
		fmt.Fprintln(e.stdout, "流转期限五年以上,可申请土地经营权登记")
	}
	if t.EndedOn != "" {
		fmt.Fprintf(e.stdout, "提前终止 %s:%s\n", t.EndedOn, t.EndReason)
	}
	for _, d := range t.Disputes {
		fmt.Fprintf(e.stdout, "纠纷 %s %s受理:%s %s %s %s\n", d.CaseNo, d.FiledOn, d.Summary, d.Status, d.MediatedOn, d.Outcome)
	}
	if t.Lender != "" {
		fmt.Fprintf(e.stdout, "贷出方 %s(%s,土地信用合作社),共%s亩,依据存入合同:\n", t.LenderName, t.Lender, t.Area)
		for _, l := range t.Loans {
			fmt.Fprintf(e.stdout, "  %s %s亩\n", l.DepositNo, l.Area)
		}
		return
	}
	fmt.Fprintf(e.stdout, "地块%d块,共%s亩:\n", len(t.Parcels), t.Area)
	for _, l := range t.Parcels {
		fmt.Fprintf(e.stdout, "  %s %s亩 转出方 %s\n", l.ParcelCode, l.Area, l.TransferorName)
	}
}
