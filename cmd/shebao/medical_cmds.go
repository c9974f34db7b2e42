package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// Medical reimbursement: `shebao import claims FILE` settles hospital and
// outpatient settlements (ingest.Claims); `shebao report medical` gives the
// indicators (stays and amounts reimbursed per scheme and region).

func runMedicalReport(ctx context.Context, e *env, args []string) error {
	f := newFlags("report medical", e)
	region := f.String("region", "", "区划代码(默认全库)")
	from := f.String("from", "", "起始月份 YYYY-MM(按出院日期)")
	to := f.String("to", "", "终止月份 YYYY-MM")
	sys, _, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageReportMedical},
		ok:    func(pos []string) bool { return len(pos) == 0 && *from != "" && *to != "" },
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	rep, err := sys.Report.Medical(ctx, *region, *from, *to)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, rep)
	}
	fmt.Fprintln(e.stdout, rep.Summary)
	print := func(indent string, s shebao.MedicalStats) {
		name := s.RegionName
		if name == "" {
			name = s.Region
		}
		fmt.Fprintf(e.stdout, "%s%s %s %s: 住院%d人次(%d人),报销%s元,次均%s元;门诊%d笔,个人账户支付%s元\n",
			indent, s.Scheme, s.SchemeName, name, s.Stays, s.Persons, s.Reimbursed, s.PerStay, s.Outpatient, s.AccountPaid)
	}
	for _, s := range rep.Schemes {
		print("", s)
	}
	for _, s := range rep.Children {
		print("  ", s)
	}
	return nil
}
