package main

import (
	"fmt"

	"github.com/shebao/shebao"
)

// Medical reimbursement: `shebao import claims FILE` settles hospital and
// outpatient settlements (ingest.Claims); `shebao report medical` gives the
// indicators (stays and amounts reimbursed per scheme and region).

// writeMedicalReport prints the reimbursement indicators: the summary,
// then per scheme and per scheme and child region.
func writeMedicalReport(e *env, rep *shebao.MedicalReport) {
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
}
