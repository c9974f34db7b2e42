package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// 公益性岗位 (employ, issue #19 item 5).

const usagePost = "post create --name 岗位名称 --region CODE --unit 用人单位 [--uscc USCC] --funding 资金来源 --places N --bank 收款账号 | post list | post place POST_ID ID_NO --start YYYY-MM | post placements  [--json] --as USER   公益性岗位:开发岗位、安置(补贴期限、岗位补贴和社会保险补贴,须复核)、随月度发放拨付"

func runPost(ctx context.Context, e *env, args []string) error {
	f := newFlags("post", e)
	as := f.String("as", "", "以该用户的身份办理")
	name := f.String("name", "", "岗位名称")
	region := f.String("region", "", "区划代码")
	unit := f.String("unit", "", "用人单位")
	uscc := f.String("uscc", "", "用人单位统一社会信用代码")
	funding := f.String("funding", "", "资金来源")
	places := f.Int("places", 0, "岗位数")
	bank := f.String("bank", "", "用人单位收款账号")
	start := f.String("start", "", "安置起始年月 YYYY-MM")
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usagePost},
		ok: func(pos []string) bool {
			return len(pos) == 1 && (pos[0] == "create" || pos[0] == "list" || pos[0] == "placements") || len(pos) == 3 && pos[0] == "place"
		},
		as: as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	svc := sys.Employ
	switch pos[0] {
	case "create":
		p, err := svc.CreatePost(ctx, shebao.PublicPost{Name: *name, Region: *region, Unit: *unit, UnitUSCC: *uscc, Funding: *funding,
			Places: *places, BankAccount: *bank})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, p)
		}
		fmt.Fprintf(e.stdout, "公益性岗位%s“%s”(%s,%s)%d个岗位\n", p.ID, p.Name, p.Unit, p.Funding, p.Places)
	case "list":
		ps, err := svc.FindPosts(ctx)
		if err != nil {
			return err
		}
		if *f.json {
			if ps == nil {
				ps = []*shebao.PublicPost{}
			}
			return writeJSON(e, ps)
		}
		for _, p := range ps {
			fmt.Fprintf(e.stdout, "%s %s “%s” %s %s 岗位%d 在岗%d\n", p.ID, p.Region, p.Name, p.Unit, p.Funding, p.Places, p.Filled)
		}
	case "place":
		r, err := svc.Place(ctx, shebao.PlaceRequest{PostID: pos[1], IDNo: pos[2], Start: *start})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, r)
		}
		x := r.Placement
		fmt.Fprintf(e.stdout, "%s 安置公益性岗位(%s):%s\n岗位补贴%s元/月,社会保险补贴%s元/月:%s\n已提交复核(编号%s),复核通过后由月度待遇发放拨付至用人单位账户\n",
			x.Name, x.Priority, x.Explain, r.Subsidy.Post, r.Subsidy.Insurance, r.Subsidy.Explain, r.Approval.ID)
	case "placements":
		xs, err := svc.FindPlacements(ctx)
		if err != nil {
			return err
		}
		if *f.json {
			if xs == nil {
				xs = []*shebao.PostPlacement{}
			}
			return writeJSON(e, xs)
		}
		for _, x := range xs {
			fmt.Fprintf(e.stdout, "%s %s 岗位%s %s %s至%s(%d个月)\n", x.IDNo, x.Name, x.PostID, x.Priority, x.Start, x.End, x.Months)
		}
	}
	return nil
}
