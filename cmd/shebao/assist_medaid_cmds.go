package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// 低保边缘家庭 (issue #18 item 4, medaid): `shebao assist edge` records a
// household found 低保边缘 by the district; `assist edges` lists them. Its
// members are assisted in their medical costs in the claim settlement.

const usageAssistEdge = `assist edge --no 认定编号 --region CODE [--area 城市|农村] --member 身份证号 … --income 人均月收入元 --from YYYY-MM-DD [--to YYYY-MM-DD] [--note 说明] --as 民政经办人 [--json]   低保边缘家庭认定(收入不低于低保标准、低于 assist.edge.ratio 倍)
  assist edges [--region CODE] [--on YYYY-MM-DD] [--id 身份证号] [--as USER] [--json]`

// runAssistEdge is `shebao assist edge`.
func runAssistEdge(ctx context.Context, e *env, args []string) error {
	f := newFlags("assist edge", e)
	as := f.String("as", "", "民政经办人用户名")
	var req shebao.EdgeRequest
	var members multiFlag
	f.StringVar(&req.No, "no", "", "低保边缘家庭认定编号")
	f.StringVar(&req.Region, "region", "", "家庭所在区划代码")
	f.StringVar(&req.Area, "area", "", "城市或农村(区划同时有城乡居民时)")
	f.Var(&members, "member", "家庭成员身份证号(可重复)")
	income := f.String("income", "", "家庭人均月收入(元)")
	f.StringVar(&req.From, "from", "", "认定有效期起 YYYY-MM-DD")
	f.StringVar(&req.To, "to", "", "认定有效期止 YYYY-MM-DD(不填为长期)")
	f.StringVar(&req.Note, "note", "", "说明")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageAssistEdge}, ok: nargs(0), as: as, mustAs: true})
	if err != nil {
		return err
	}
	defer sys.Close()
	if req.PerCapita, err = shebao.ParseYuan(*income); err != nil {
		return shebao.FieldErrorf("per_capita_income", "家庭人均月收入“%s”无效:%s", *income, shebao.ErrorMessage(err))
	}
	for _, m := range members {
		for _, id := range strings.Split(m, ",") {
			if id = strings.TrimSpace(id); id != "" {
				req.Members = append(req.Members, id)
			}
		}
	}
	h, created, err := sys.Assist.RecordEdge(ctx, req)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, h)
	}
	if !created {
		fmt.Fprintln(e.stdout, "该认定已登记过,未重复办理")
	}
	printEdge(e, h)
	return nil
}

// runAssistEdges is `shebao assist edges`.
func runAssistEdges(ctx context.Context, e *env, args []string) error {
	f := newFlags("assist edges", e)
	as := f.String("as", "", "以该用户的身份查询")
	var flt shebao.EdgeFilter
	f.StringVar(&flt.Region, "region", "", "区划代码(含下级)")
	f.StringVar(&flt.On, "on", "", "在该日有效的认定 YYYY-MM-DD")
	f.StringVar(&flt.IDNo, "id", "", "成员身份证号")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageAssistEdge}, ok: nargs(0), as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	list, err := sys.Assist.FindEdge(ctx, flt)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, map[string]any{"items": list, "total": len(list)})
	}
	for _, h := range list {
		printEdge(e, h)
	}
	fmt.Fprintf(e.stdout, "共%d户\n", len(list))
	return nil
}

func printEdge(e *env, h *shebao.EdgeHousehold) {
	var names []string
	for _, m := range h.Members {
		names = append(names, m.Name+" "+idno.MaskID(m.IDNo))
	}
	to := h.To
	if to == "" {
		to = "长期"
	}
	fmt.Fprintf(e.stdout, "低保边缘家庭 %s  区划%s(%s)  %s至%s  人均月收入%s元(标准%s元,上限%s元)  成员:%s\n", h.No, h.Region, h.Area, h.From, to,
		h.PerCapita, h.Standard, h.Limit, strings.Join(names, "、"))
}
