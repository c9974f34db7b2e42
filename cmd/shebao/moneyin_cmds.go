package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/ingest"
)

// Money in from other payers: residents' annual contributions, the
// lump-sum back payment of converted villages, flexible employment; and
// the yearly account statement.

func init() {
	commands = append(commands,
		command{"resident", "resident pay --receipt NO --id ID --scheme 170|390 --year YYYY [--tier 元] --date YYYY-MM-DD | resident show ID  城乡居民年度缴费", runResident},
	)
	importers["resident-contributions"] = ingest.ResidentContributions
}

func runResident(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao resident pay --receipt 票据号 --id 身份证号 --scheme 170|390 --year YYYY [--tier 元] --date YYYY-MM-DD [--json]\n      shebao resident show 身份证号 [--json]"}
	if len(args) == 0 {
		return usage
	}
	f := newFlags("resident "+args[0], e)
	receipt := f.String("receipt", "", "票据号")
	id := f.String("id", "", "身份证号")
	scheme := f.String("scheme", "", "险种 170 或 390")
	year := f.Int("year", 0, "缴费年度")
	tier := f.String("tier", "", "缴费档次(元/年;困难群体可不填)")
	date := f.String("date", "", "缴费日期 YYYY-MM-DD")
	pos, err := f.parse(args[1:])
	if err != nil {
		return err
	}
	db, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer db.Close()
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
		got, repeat, err := db.RecordResidentContribution(ctx, c)
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
		cs, err := db.ResidentContributions(ctx, pos[0])
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
