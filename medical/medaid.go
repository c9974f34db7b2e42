package medical

import (
	"fmt"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// 医疗救助 in the same settlement (一站式, issue #18 item 4; docs/DOMAIN.md §9;
// 国办发〔2021〕42号).
//
// After a stay (住院) is reimbursed by 310/390, the assistance pays, for a
// person who on the discharge date (the day the hospital settles the stay)
// is a 特困人员, a 低保 member or a member of a 低保边缘 household
// (shebao.MedicalAidData.CategoryOn, in that order of precedence), its
// ratio of the claim's in-policy self-paid amount (政策范围内个人自付: the
// claim's eligible cost less what the fund paid), after the category's
// yearly 起付线 if any, up to what is left of the category's annual cap in
// the discharge year, counting the assistance of the person's earlier
// claims of the year (policy.ComputeMedicalAid). Outpatient claims (paid
// from the 310 account) get none: 门诊救助 is not built.
//
// The claim then carries the assistance line and its explanation, and its
// 个人负担 is what is left after it. The assistance is owed to the hospital,
// which advanced it at discharge: Dr the kind's expense account / Cr 2101
// in the kind's fund (shebao.BenefitKinds row medical_aid: one place maps it
// to its fund and account), source "medical_aid:<结算单号>"; the monthly
// settlement with hospitals pays it on a line of its own (scheme
// medical_aid). A claim is final and settled once, so its assistance is
// too: the system has no cancellation or correction of a claim yet, and
// so none of its assistance.
//
// Concurrency: the store's ClaimData locks the persons (PostgreSQL) before
// MedicalAidData reads the year's assistance used, so two claims of one
// person settle one after the other and never both use the last of the cap.

// medicalAid computes the assistance of an inpatient claim whose fund part
// is computed; nil when the person is in no category on the day or the
// category has no rule.
func medicalAid(set *policy.Set, d *shebao.MedicalAidData, cl *shebao.Claim) (*shebao.MedicalAid, error) {
	cat, why := d.CategoryOn(cl.IDNo, cl.Discharged)
	if cat == "" {
		return nil, nil
	}
	on, _ := time.Parse(shebao.DateLayout, cl.Discharged)
	rule, p, err := policy.MedicalAidRuleAt(set, cl.Region, cat, on)
	if err != nil {
		if shebao.ErrorCode(err) == shebao.ENOTFOUND {
			// No medical assistance policy in force: the claim is settled
			// without it (a district that has none loads none).
			return nil, nil
		}
		return nil, err
	}
	key := shebao.MedicalAidUseKey(cl.IDNo, cl.Year)
	use := d.Use[key]
	res := policy.ComputeMedicalAid(policy.MedicalAidInput{Category: cat, Rule: rule, Eligible: cl.Eligible,
		FundPaid: cl.FundPaid + cl.AccountPaid, CapUsed: use.Paid, DeductibleUsed: use.Deductible, Source: p.Source})
	d.Use[key] = shebao.MedicalAidUse{Paid: use.Paid + res.Paid, Deductible: use.Deductible + res.Deductible}
	return &shebao.MedicalAid{SettlementNo: cl.SettlementNo, IDNo: cl.IDNo, Region: cl.Region, Hospital: cl.Hospital,
		Discharged: cl.Discharged, Year: cl.Year, Category: cat, Ratio: rule.Ratio.Rate(), Base: res.Base, Deductible: res.Deductible,
		CapUsedBefore: use.Paid, Paid: res.Paid, Explanation: fmt.Sprintf("%s:%s", why, res.Explanation)}, nil
}

// medicalAidEntry posts a claim's assistance as owed to the hospital.
func medicalAidEntry(m *shebao.MedicalAid) *shebao.Entry {
	k := shebao.MedicalAidKind()
	return &shebao.Entry{Fund: k.Scheme, Date: m.Discharged, Kind: shebao.PostBenefit, Source: "medical_aid:" + m.SettlementNo,
		Description: fmt.Sprintf("医疗救助(%s) %s %s", m.Category, m.Hospital, m.SettlementNo),
		Lines:       []shebao.Line{shebao.Debit(k.Expense, m.Paid), shebao.Credit(shebao.AcctBenefitsPayable, m.Paid)}}
}
