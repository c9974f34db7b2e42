package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// The 增减挂钩 project ledger (package transfer, issue #17 item 7): project
// areas, their 拆旧 homesteads, the quota issued and used, reclamation and
// its 复垦验收, closing, and the progress with overdue quotas flagged.

const usageLandProjects = "landprojects create CODE --name 项目名称 --region 乡镇或区县代码 --as USER | " +
	"plot CODE --plot 宅基地编号 --head 户主身份证号 --homestead 亩 --demolished 亩 [--compensation 元] --as USER | " +
	"issue|use CODE --doc 文号 --area 亩 --date YYYY-MM-DD [--note 说明] --as USER | " +
	"reclaim|accept CODE --doc 文号 --plot 宅基地编号 --area 亩 --date YYYY-MM-DD [--note 说明] --as USER | " +
	"resettle CODE --head 户主身份证号 --mode 货币安置|集中安置|自建 [--unit 安置房号或新宅基地编号] [--amount 元] --date YYYY-MM-DD [--note 说明] --as USER | " +
	"close CODE --date YYYY-MM-DD --as USER | show CODE [--date YYYY-MM-DD] [--json] | list [--region CODE] [--date YYYY-MM-DD] [--json]" +
	"   增减挂钩项目台账:拆旧户与宅基地、安置、周转指标下达与使用、复垦与验收、项目关闭、逾期未归还指标"

func runLandProjects(ctx context.Context, e *env, args []string) error {
	f := newFlags("landprojects", e)
	as := f.String("as", "", "以该用户的身份办理")
	name := f.String("name", "", "项目名称")
	region := f.String("region", "", "区划代码")
	plot := f.String("plot", "", "宅基地编号")
	head := f.String("head", "", "户主身份证号")
	homestead := f.String("homestead", "", "宅基地面积(亩)")
	demolished := f.String("demolished", "", "拆旧面积(亩)")
	compensation := f.String("compensation", "", "补偿金额(元)")
	doc := f.String("doc", "", "文号")
	area := f.String("area", "", "面积(亩)")
	date := f.String("date", "", "日期 YYYY-MM-DD")
	note := f.String("note", "", "说明")
	mode := f.String("mode", "", "安置方式:货币安置、集中安置或自建")
	unit := f.String("unit", "", "安置房号(集中安置)或新宅基地编号(自建)")
	amount := f.String("amount", "", "安置金额(元)")
	usage := &exitError{code: 2, msg: "用法: shebao " + usageLandProjects}
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{usage: usage, ok: func(pos []string) bool {
		return len(pos) == 2 || len(pos) == 1 && pos[0] == "list"
	}, as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	if pos[0] != "show" && pos[0] != "list" && *as == "" {
		return &exitError{code: 2, msg: "须用 --as 用户名 指明经办人"}
	}
	done := func(created bool, what string) {
		if created {
			fmt.Fprintf(e.stdout, "已登记%s\n", what)
		} else {
			fmt.Fprintf(e.stdout, "%s已登记,未作改动\n", what)
		}
	}
	switch pos[0] {
	case "create":
		p, created, err := sys.Transfer.CreateLandProject(ctx, shebao.LandProject{Code: pos[1], Name: *name, Region: *region})
		if err != nil {
			return err
		}
		done(created, fmt.Sprintf("增减挂钩项目%s %s(%s)", p.Code, p.Name, p.Region))
	case "plot":
		pl, created, err := sys.Transfer.AddProjectPlot(ctx, pos[1], shebao.NewProjectPlot{PlotNo: *plot, HeadIDNo: *head,
			Homestead: *homestead, Demolished: *demolished, Compensation: *compensation})
		if err != nil {
			return err
		}
		done(created, fmt.Sprintf("拆旧宅基地%s(户主%s,宅基地%s亩,拆旧%s亩,补偿%s元)", pl.PlotNo, pl.HeadName, pl.Homestead, pl.Demolished, pl.Compensation))
	case "issue", "use", "reclaim", "accept":
		kind := map[string]string{"issue": shebao.EntryIssue, "use": shebao.EntryUse, "reclaim": shebao.EntryReclaim, "accept": shebao.EntryAccept}[pos[0]]
		en, created, err := sys.Transfer.AddProjectEntry(ctx, pos[1], shebao.NewProjectEntry{DocNo: *doc, Kind: kind, PlotNo: *plot,
			Area: *area, On: *date, Note: *note})
		if err != nil {
			return err
		}
		what := fmt.Sprintf("%s %s %s亩(文号%s)", en.On, en.Kind, en.Area, en.DocNo)
		if en.PlotNo != "" {
			what = fmt.Sprintf("%s 宅基地%s %s %s亩(文号%s)", en.On, en.PlotNo, en.Kind, en.Area, en.DocNo)
		}
		done(created, what)
	case "resettle":
		r, created, err := sys.Transfer.Resettle(ctx, pos[1], shebao.NewResettlement{HeadIDNo: *head, Mode: *mode, Unit: *unit,
			Amount: *amount, On: *date, Note: *note})
		if err != nil {
			return err
		}
		done(created, fmt.Sprintf("%s %s %s(%s元)", r.On, r.Mode, r.Unit, r.Amount))
	case "close":
		pr, err := sys.Transfer.CloseLandProject(ctx, pos[1], *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, pr)
		}
		fmt.Fprintf(e.stdout, "项目%s已于%s关闭:验收复垦%s亩,不少于建新使用%s亩\n", pr.Code, pr.ClosedOn, pr.Accepted, pr.Used)
	case "show":
		pr, err := sys.Transfer.LandProjectProgress(ctx, pos[1], *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, pr)
		}
		writeProjectProgress(e, pr)
	case "list":
		ps, err := sys.Transfer.LandProjects(ctx, *region, *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"projects": ps})
		}
		fmt.Fprintf(e.stdout, "增减挂钩项目%d个\n", len(ps))
		for _, p := range ps {
			flag := ""
			if p.OverdueArea > 0 {
				flag = fmt.Sprintf(" 逾期未归还指标%s亩", p.OverdueArea)
			}
			fmt.Fprintf(e.stdout, "  %s %s %s %s 下达%s亩 使用%s亩 拆旧%d户%s亩 验收%s亩%s\n", p.Code, p.Name, p.RegionName, p.Status,
				p.Issued, p.Used, p.Households, p.Demolished, p.Accepted, flag)
		}
	default:
		return usage
	}
	return nil
}

func writeProjectProgress(e *env, p *shebao.ProjectProgress) {
	fmt.Fprintf(e.stdout, "增减挂钩项目 %s %s(%s)%s  截至%s\n", p.Code, p.Name, p.RegionName, p.Status, p.Date)
	fmt.Fprintf(e.stdout, "建新:下达周转指标%s亩,已使用%s亩\n", p.Issued, p.Used)
	fmt.Fprintf(e.stdout, "拆旧:%d户 宅基地%s亩 拆旧%s亩 复垦%s亩 验收%s亩 补偿%s元\n", p.Households, p.Homestead, p.Demolished,
		p.Reclaimed, p.Accepted, p.Compensation)
	if p.Closable {
		fmt.Fprintf(e.stdout, "验收复垦面积不少于建新使用面积")
		if p.Status == shebao.ProjectOpen {
			fmt.Fprint(e.stdout, ",可以关闭")
		}
		fmt.Fprintln(e.stdout)
	} else {
		fmt.Fprintf(e.stdout, "验收复垦面积少于建新使用面积%s亩,尚不能关闭(耕地不减少)\n", p.Shortfall)
	}
	for _, q := range p.Quotas {
		flag := ""
		if q.Overdue {
			flag = "【逾期】"
		}
		fmt.Fprintf(e.stdout, "  指标 %s %s%s\n", q.DocNo, flag, q.Explanation)
	}
	for _, v := range p.Villages {
		fmt.Fprintf(e.stdout, "  %s %s:%d户 拆旧%s亩 复垦%s亩 验收%s亩 补偿%s元\n", v.Region, v.RegionName, v.Households, v.Demolished,
			v.Reclaimed, v.Accepted, v.Compensation)
	}
	if len(p.Resettled) > 0 {
		fmt.Fprintf(e.stdout, "安置:货币安置%d户 集中安置%d户 自建%d户,安置金额%s元\n", p.Resettled[shebao.ResettleMoney],
			p.Resettled[shebao.ResettleFlat], p.Resettled[shebao.ResettleBuild], p.ResettleAmount)
	}
	for _, h := range p.Homes {
		fmt.Fprintf(e.stdout, "    %s %s 户号%s 宅基地%v:宅基地%s亩 拆旧%s亩 复垦%s亩 验收%s亩 补偿%s元%s%s\n", h.RegionName, h.HeadName,
			h.Household, h.Plots, h.Homestead, h.Demolished, h.Reclaimed, h.Accepted, h.Compensation, resettlementText(h.Resettlement),
			conversionText(h.Conversion))
	}
}

// resettlementText describes a household's resettlement, "" when none.
func resettlementText(r *shebao.ProjectResettlement) string {
	if r == nil {
		return ""
	}
	s := " 安置:" + r.On + " " + r.Mode
	if r.Unit != "" {
		s += " " + r.Unit
	}
	if r.Amount > 0 {
		s += " " + r.Amount.String() + "元"
	}
	return s
}

// conversionText describes the link of a household to 村改居, "" when its
// village has not converted.
func conversionText(c *shebao.ProjectConversion) string {
	switch {
	case c == nil:
		return ""
	case c.Paid:
		return " 村改居(" + c.ConvertedOn + "),户主已参加一次性补缴并缴清"
	case c.Joined:
		return " 村改居(" + c.ConvertedOn + "),户主已参加一次性补缴,尚未缴清"
	}
	return " 村改居(" + c.ConvertedOn + "),户主未参加一次性补缴"
}
