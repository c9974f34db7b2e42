package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

func runPolicy(ctx context.Context, e *env, args []string) error {
	f := newFlags("policy", e)
	region := f.String("region", "", "区划代码(默认全国)")
	date := f.String("date", "", "日期 YYYY-MM-DD(默认今天)")
	usage := &exitError{code: 2, msg: "用法: shebao policy load FILE | policy show [--region CODE] [--date YYYY-MM-DD] | policy history KEY [--json]"}
	sys, _, pos, err := f.start(ctx, args, cmdStart{usage: usage, ok: func(pos []string) bool { return len(pos) != 0 }})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch {
	case pos[0] == "load" && len(pos) == 2:
		b, err := os.ReadFile(pos[1])
		if err != nil {
			return err
		}
		ps, err := policy.Parse(bytesReader(b))
		if err != nil {
			return &exitError{code: 1, msg: "政策文件有误:\n" + err.Error()}
		}
		sum := sha256.Sum256(b)
		res, err := sys.Params.LoadPolicy(ctx, filepath.Base(pos[1]), hex.EncodeToString(sum[:]), ps)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, res)
		}
		fmt.Fprintf(e.stdout, "已载入%s: 新增%d项,变更%d项,未变%d项\n", res.File, res.Added, res.Changed, res.Unchanged)
		return nil
	case pos[0] == "show" && len(pos) == 1:
		on := shebao.Today()
		if *date != "" {
			if on, err = time.Parse(shebao.DateLayout, *date); err != nil {
				return &exitError{code: 2, msg: "日期应为YYYY-MM-DD"}
			}
		}
		set, err := sys.Params.PolicySet(ctx)
		if err != nil {
			return err
		}
		type row struct {
			policy.Param
			Name string `json:"name"`
			Unit string `json:"unit"`
		}
		var rows []row
		for _, d := range policy.Catalogue {
			p, err := set.Get(d.Key, *region, on)
			if err != nil {
				continue
			}
			rows = append(rows, row{Param: p, Name: d.Name, Unit: d.Unit})
		}
		if *f.json {
			return writeJSON(e, map[string]any{"region": *region, "date": on.Format(shebao.DateLayout), "params": rows})
		}
		where := "全国"
		if *region != "" {
			where = *region
		}
		fmt.Fprintf(e.stdout, "%s %s 施行的政策参数:\n", where, on.Format(shebao.DateLayout))
		for _, r := range rows {
			mark := ""
			if r.Example {
				mark = " [示例值,须按本地文件替换]"
			}
			to := r.To
			if to == "" {
				to = "至今"
			}
			val, unit := r.Value, r.Unit
			if len(val) > 60 {
				val = val[:57] + "..."
			}
			if strings.HasSuffix(val, "%") && strings.HasPrefix(unit, "%") {
				unit = strings.TrimPrefix(unit, "%")
			}
			fmt.Fprintf(e.stdout, "%-28s %s: %s %s(%s起,%s;%s;依据:%s)%s\n", r.Key, r.Name, val, unit, r.From, to, r.RegionText(), r.Source, mark)
		}
		return nil
	case pos[0] == "history" && len(pos) == 2:
		hist, err := sys.Params.PolicyHistory(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, hist)
		}
		for _, v := range hist {
			state := "施行中"
			if v.SupersededAt != "" {
				state = "已于" + v.SupersededAt[:10] + "被替换"
			}
			fmt.Fprintf(e.stdout, "%s %s %s~%s = %s (%s载入,%s) %s\n", v.Key, v.RegionText(), v.From, v.To, v.Value, v.LoadedAt[:10], v.LoadedBy, state)
		}
		return nil
	}
	return usage
}
