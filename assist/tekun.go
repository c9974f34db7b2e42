package assist

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// 特困人员救助供养 cases (issue #18 item 3; 社会救助暂行办法 第十四至十九条;
// 特困人员认定办法, 民发〔2021〕43号; docs/DOMAIN.md §9), built on the what-if
// policy.QuoteTekun and shaped as the 低保 case (cases.go):
//
//   - application for a person, by the person or a village assistant
//     (ApplyTekun): the person must be registered and alive, hold no other
//     open 特困 case and be in no open 低保 case (特困人员 are not also given
//     低保; the store refuses, with the reason, in both directions);
//   - the town's investigation (InvestigateTekun): income declared (one
//     figure or by kind) with what shebao pays the person added from its
//     own records, certified disability, the legal support obligors checked
//     against the registry (employment in payment, pensions) and the town's
//     finding whether one is able to support, the self-care level assessed;
//     a person who does not meet the conditions is refused (不予认定);
//   - the district's decision (SubmitTekun, then a second civil-affairs
//     clerk approves assist.tekun): support mode 集中供养 at a named
//     institution or 分散供养 at home. The monthly support is paid to the
//     institution's account when a 集中供养's institution account is given
//     (the institution provides the support and receives the money, as
//     民发〔2016〕115号 has 集中供养 funds go to the 供养服务机构), else to the
//     person's own account;
//   - the amount = basic living standard + care allowance of QuoteTekun on
//     the day of the decision (the approval), explained in Chinese; it is
//     one monthly benefit of kind tekun from the month of the decision,
//     paid by the payroll like 低保 (payment.go);
//   - a re-assessment of the self-care level (ReassessTekun) changes the
//     amount from the month after its approval (assist.tekun.change);
//   - a stop (StopTekun: death, conditions no longer met, moved away) ends
//     the benefit with the month before the stop month, settling months
//     already paid as 低保's late stop does; StopDeceasedTekun stops the
//     cases of persons the registry records as deceased.
//
// The approval gives the person the registry's 特困 flag (FlagWubao, the
// code of the older 五保) and the stop removes it, each with the case and
// the month in the person's history, so that the residents' pension
// subsidy follows the cases (issue #18 item 6).

// TekunStore is what the 特困 cases need of the storage.
type TekunStore interface {
	InsertTekunCase(ctx context.Context, c *shebao.TekunCase) error
	TekunCase(ctx context.Context, id string) (*shebao.TekunCase, error)
	FindTekunCase(ctx context.Context, id string) (*shebao.TekunCase, error)
	UpdateTekunCase(ctx context.Context, action string, old, c *shebao.TekunCase, approvalKind, summary string) error
	FindTekunCases(ctx context.Context, f shebao.TekunCaseFilter) ([]*shebao.TekunCase, int, error)
	TekunCasesOf(ctx context.Context, idNo string) ([]*shebao.TekunCase, error)
}

// ApplyTekun records an application for 特困 support. The case waits for
// the town's investigation.
func (s *Service) ApplyTekun(ctx context.Context, req shebao.TekunApplyRequest) (*shebao.TekunCase, error) {
	if err := writer(ctx); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Date) == "" {
		req.Date = shebao.Today().Format(shebao.DateLayout)
	}
	if _, err := shebao.ParseDate("date", req.Date); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Region) == "" {
		return nil, shebao.FieldErrorf("region", "缺少区划代码")
	}
	r, err := s.store.FindRegion(ctx, req.Region)
	if err != nil {
		if shebao.ErrorCode(err) == shebao.ENOTFOUND || shebao.ErrorCode(err) == shebao.EINVALID {
			return nil, shebao.FieldErrorf("region", "%s", shebao.ErrorMessage(err))
		}
		return nil, err
	}
	if req.Area != "" && req.Area != shebao.AreaUrban && req.Area != shebao.AreaRural {
		return nil, shebao.FieldErrorf("area", "城乡类别“%s”无效,应为%s或%s", req.Area, shebao.AreaUrban, shebao.AreaRural)
	}
	n := idno.NormalizeID(req.IDNo)
	if n == "" {
		return nil, shebao.FieldErrorf("id_no", "请填写申请人身份证号")
	}
	p, err := s.src.FindPerson(ctx, n)
	if err != nil {
		if shebao.ErrorCode(err) == shebao.ENOTFOUND || shebao.ErrorCode(err) == shebao.EINVALID {
			return nil, shebao.FieldErrorf("id_no", "%s(申请人须为本辖区已登记人员)", shebao.ErrorMessage(err))
		}
		return nil, err
	}
	if p.Status == shebao.StatusDeceased {
		return nil, shebao.FieldErrorf("id_no", "%s已于%s死亡,不能申请特困供养", p.Name, p.DeathDate)
	}
	c := &shebao.TekunCase{ID: newTekunID(), Region: r.Code, Area: req.Area, Status: shebao.TekunApplied, AppliedOn: req.Date,
		IDNo: p.IDNo, Name: p.Name, Note: strings.TrimSpace(req.Note), Version: 1}
	if a, ok := shebao.ActorFrom(ctx); ok {
		c.AppliedBy = a.Name
	}
	if err := s.store.InsertTekunCase(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// InvestigateTekun records the town's investigation of a case waiting for
// it (a village assistant cannot): the person and the obligors are checked
// against the registry, the quote computed on the investigation's date;
// a person who does not meet the conditions is refused (不予认定) with the
// reason, else the case waits for the district's decision.
func (s *Service) InvestigateTekun(ctx context.Context, id string, inv shebao.TekunInvestigation) (*shebao.TekunCase, error) {
	a, err := townOrDistrict(ctx, "特困人员调查核实")
	if err != nil {
		return nil, err
	}
	if _, err := shebao.ParseDate("date", inv.Date); err != nil {
		return nil, err
	}
	if strings.TrimSpace(inv.CareLevel) == "" {
		return nil, shebao.FieldErrorf("care_level", "请填写生活自理能力评估结果(%s、%s或%s)", shebao.CareSelf, shebao.CarePartial, shebao.CareFull)
	}
	old, c, err := s.loadTekun(ctx, id, shebao.TekunApplied)
	if err != nil {
		return nil, err
	}
	if inv.Date < c.AppliedOn {
		return nil, shebao.FieldErrorf("date", "调查日期%s早于申请日期%s", inv.Date, c.AppliedOn)
	}
	inv.By, inv.CareLevel, inv.Note = a.Name, strings.TrimSpace(inv.CareLevel), strings.TrimSpace(inv.Note)
	seen := map[string]bool{c.IDNo: true}
	for i, o := range inv.Obligors {
		n := idno.NormalizeID(o)
		if n == "" || seen[n] {
			return nil, shebao.FieldErrorf(fmt.Sprintf("obligors[%d]", i), "第%d位义务人的身份证号为空或重复", i+1)
		}
		seen[n] = true
		inv.Obligors[i] = n
	}
	c.Investigation = &inv
	checks, q, err := s.tekunQuote(ctx, c, inv.Date, inv.CareLevel)
	if err != nil {
		return nil, err
	}
	c.Checks, c.Quote, c.Monthly = checks, q, q.Monthly
	if q.Eligible {
		c.Status, c.Reason = shebao.TekunInvestigated, ""
	} else {
		c.Status, c.Reason = shebao.TekunRefused, q.Reason
	}
	return c, s.store.UpdateTekunCase(ctx, "assistance.investigate", old, c, "", "")
}

// tekunQuote checks the person (and the obligors) against the registry on
// the date and computes the quote with the investigation's findings and the
// care level given, adding what shebao pays the person to the income.
func (s *Service) tekunQuote(ctx context.Context, c *shebao.TekunCase, date, care string) ([]shebao.AssistCheck, *shebao.TekunQuote, error) {
	inv := c.Investigation
	person := shebao.AssistQuoteRequest{Region: c.Region, Members: []shebao.AssistMember{{IDNo: c.IDNo}}}
	checks, err := s.check(ctx, quoteDate(date), &person)
	if err != nil {
		return nil, nil, err
	}
	checks[0].Findings = slices.DeleteFunc(checks[0].Findings, func(f string) bool { return f == "已有"+shebao.FlagWubao+"人员标识" })
	for i, o := range inv.Obligors {
		one := shebao.AssistQuoteRequest{Region: c.Region, Members: []shebao.AssistMember{{IDNo: o}}}
		oc, err := s.check(ctx, quoteDate(date), &one)
		var ch shebao.AssistCheck
		switch {
		case err == nil:
			ch = oc[0]
			// An obligor need not live with the person: the 共同生活
			// finding of the 低保 check does not apply.
			ch.Findings = slices.DeleteFunc(ch.Findings, func(f string) bool { return strings.HasPrefix(f, "户籍登记区划") })
			ch.Findings = append([]string{"法定义务人"}, ch.Findings...)
		case shebao.ErrorCode(err) == shebao.EINVALID:
			// Not registered here, or deceased: said to the clerk, not
			// refused (an obligor may live elsewhere).
			ch = shebao.AssistCheck{Findings: []string{"法定义务人:" + shebao.ErrorMessage(err)}, Incomes: []shebao.AssistIncome{}}
		default:
			return nil, nil, err
		}
		ch.Member = i + 2
		checks = append(checks, ch)
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	q, err := policy.QuoteTekun(set, shebao.TekunQuoteRequest{Region: c.Region, Date: shebao.DateOrToday(date), Area: c.Area, IDNo: c.IDNo,
		Income: inv.Income, Incomes: inv.Incomes, Disabled: inv.Disabled, Obligor: inv.Obligor, CareLevel: care,
		Registry: person.Members[0].Registry})
	if err != nil {
		return nil, nil, err
	}
	return checks, q, nil
}

// SubmitTekun puts an investigated case to the district's decision (经办;
// the civil-affairs line only) with the support mode, the institution and
// the accounts; a case sent back (退回) is submitted again the same way.
func (s *Service) SubmitTekun(ctx context.Context, id string, req shebao.TekunSubmitRequest) (*shebao.TekunCase, error) {
	if err := decider(ctx, "特困人员认定"); err != nil {
		return nil, err
	}
	if _, err := shebao.ParseDate("date", req.Date); err != nil {
		return nil, err
	}
	old, c, err := s.loadTekun(ctx, id, shebao.TekunInvestigated, shebao.TekunSubmitted)
	if err != nil {
		return nil, err
	}
	if req.Date < c.Investigation.Date {
		return nil, shebao.FieldErrorf("date", "提请日期%s早于调查日期%s", req.Date, c.Investigation.Date)
	}
	if err := tekunPayee(c, req); err != nil {
		return nil, err
	}
	c.Status = shebao.TekunSubmitted
	summary := fmt.Sprintf("特困人员%s:%s,%s,%s,%s,月供养金%s元(基本生活%s元+照料护理%s元)", c.ID, c.Name, c.Region, c.Mode,
		c.Investigation.CareLevel, c.Quote.Monthly, c.Quote.Basic, c.Quote.Care)
	return c, s.store.UpdateTekunCase(ctx, "assistance.submit", old, c, shebao.ApproveTekun, summary)
}

// tekunPayee sets the case's support mode, institution and the account
// paid from the request (see the package comment).
func tekunPayee(c *shebao.TekunCase, req shebao.TekunSubmitRequest) error {
	bank, err := shebao.NormalizeBankAccount("bank_account", req.BankAccount)
	if err != nil {
		return err
	}
	inst, err := shebao.NormalizeBankAccount("institution_account", req.InstitutionAccount)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(req.Institution)
	switch req.Mode {
	case shebao.TekunCentral:
		if name == "" {
			return shebao.FieldErrorf("institution", "集中供养须填写供养服务机构名称(如敬老院、福利院)")
		}
		c.Institution = name
		if inst != "" {
			c.Mode, c.BankAccount, c.PayTo = req.Mode, inst, name
			return nil
		}
	case shebao.TekunDispersed:
		if name != "" || inst != "" {
			return shebao.FieldErrorf("institution", "分散供养在家,不填写供养服务机构及其账号")
		}
		c.Institution = ""
	default:
		return shebao.FieldErrorf("mode", "供养形式“%s”无效,应为%s或%s", req.Mode, shebao.TekunCentral, shebao.TekunDispersed)
	}
	if bank == "" {
		return shebao.FieldErrorf("bank_account", "请填写%s本人的收款银行账号(特困供养金按月发放至该账户)", c.Name)
	}
	c.Mode, c.BankAccount, c.PayTo = req.Mode, bank, "本人"
	return nil
}

// ExecuteTekun is the executor of an approved 特困 decision (复核): the
// case, unchanged since it was submitted, is computed again on the day of
// the decision (the standards in force then), approved from the month of
// the decision, its monthly benefit created for the payroll and the
// person flagged 特困.
func (s *Service) ExecuteTekun(ctx context.Context, payload []byte) (string, error) {
	var d shebao.AssistDecision
	if err := json.Unmarshal(payload, &d); err != nil {
		return "", err
	}
	old, c, err := s.loadTekun(ctx, d.CaseID, shebao.TekunSubmitted)
	if err != nil {
		return "", err
	}
	if old.Version != d.Version {
		return "", shebao.Errorf(shebao.ECONFLICT, "特困人员案件%s在提请审批后已有变化,请重新提请", d.CaseID)
	}
	today := shebao.Today()
	checks, q, err := s.tekunQuote(ctx, c, today.Format(shebao.DateLayout), c.Investigation.CareLevel)
	if err != nil {
		return "", err
	}
	if !q.Eligible {
		return "", shebao.Errorf(shebao.ECONFLICT, "特困人员案件%s按审批日的标准已不符合条件:%s", c.ID, q.Reason)
	}
	c.Checks, c.Quote = checks, q
	c.Status, c.DecidedOn, c.StartMonth, c.Monthly = shebao.TekunApproved, today.Format(shebao.DateLayout), today.Format("2006-01"), q.Monthly
	if c.BenefitID, err = s.store.CreateAssistBenefit(ctx, tekunBenefit(c)); err != nil {
		return "", err
	}
	if err := s.store.UpdateTekunCase(ctx, "assistance.decide", old, c, "", ""); err != nil {
		return "", err
	}
	if err := s.flagPerson(ctx, c.IDNo, shebao.FlagWubao, "assist:"+c.ID, true, fmt.Sprintf("特困人员案件%s批准(自%s起,%s)", c.ID, c.StartMonth, c.Mode)); err != nil {
		return "", err
	}
	return fmt.Sprintf("特困人员%s已批准:%s,自%s起每月%s元", c.ID, c.Mode, c.StartMonth, c.Monthly), nil
}

// tekunBenefit is the monthly benefit of an approved case, in the person's
// name, paid to the account of the decision.
func tekunBenefit(c *shebao.TekunCase) shebao.NewBenefit {
	where := "分散供养,发放至本人账户"
	if c.Mode == shebao.TekunCentral {
		where = "集中供养于" + c.Institution + ",发放至" + c.PayTo + "账户"
		if c.PayTo == "本人" {
			where = "集中供养于" + c.Institution + ",发放至本人账户"
		}
	}
	explain := fmt.Sprintf("特困人员案件%s(%s,%s)经区民政部门批准,自%s起每月%s元,%s;%s", c.ID, c.Region, c.Quote.Area, c.StartMonth, c.Monthly, where, c.Quote.Explain)
	return shebao.NewBenefit{IDNo: c.IDNo, Kind: shebao.BenefitTekun, StartMonth: c.StartMonth, Monthly: c.Monthly,
		BankAccount: c.BankAccount, Source: "assist:" + c.ID, Summary: "特困人员救助供养金", Explanation: explain,
		Detail: map[string]any{"case": c.ID, "mode": c.Mode, "institution": c.Institution, "care_level": c.Quote.CareLevel}}
}

// ReassessTekun records a re-assessment of the self-care level of an
// approved case on the date and submits the change of the amount to the
// district's decision (the civil-affairs line; a second clerk approves
// assist.tekun.change). The amount is QuoteTekun's on the date with the new
// level; a level that changes nothing is refused. A change waiting for its
// decision is replaced by a new re-assessment.
func (s *Service) ReassessTekun(ctx context.Context, id, date, care, note string) (*shebao.TekunCase, error) {
	if err := decider(ctx, "特困人员护理等级变更"); err != nil {
		return nil, err
	}
	if _, err := shebao.ParseDate("date", date); err != nil {
		return nil, err
	}
	old, c, err := s.loadTekun(ctx, id, shebao.TekunApproved, shebao.TekunChangeSubmitted)
	if err != nil {
		return nil, err
	}
	if date < c.DecidedOn {
		return nil, shebao.FieldErrorf("date", "评估日期%s早于批准日期%s", date, c.DecidedOn)
	}
	care = strings.TrimSpace(care)
	if c.Status == shebao.TekunChangeSubmitted {
		c.Reassessments = c.Reassessments[:len(c.Reassessments)-1]
	}
	current := c.Investigation.CareLevel
	for _, r := range c.Reassessments {
		if r.DecidedOn != "" {
			current = r.CareLevel
		}
	}
	if care == current {
		return nil, shebao.FieldErrorf("care_level", "生活自理能力仍为%s,无需变更", care)
	}
	_, q, err := s.tekunQuote(ctx, c, date, care)
	if err != nil {
		return nil, err
	}
	a, _ := shebao.ActorFrom(ctx)
	c.Reassessments = append(c.Reassessments, shebao.TekunReassessment{Date: date, By: a.Name, CareLevel: q.CareLevel,
		Note: strings.TrimSpace(note), Quote: q, Monthly: q.Monthly})
	c.Status = shebao.TekunChangeSubmitted
	summary := fmt.Sprintf("特困人员%s:%s,生活自理能力由%s变为%s(%s评估),月供养金由%s元变为%s元,自批准次月起", c.ID, c.Name, current, q.CareLevel, date, c.Monthly, q.Monthly)
	return c, s.store.UpdateTekunCase(ctx, "assistance.reassess", old, c, shebao.ApproveTekunChange, summary)
}

// ExecuteTekunChange is the executor of an approved re-assessment: from the
// month after the day of the approval the benefit is paid at the new
// amount (the month being paid is not changed behind the payroll).
func (s *Service) ExecuteTekunChange(ctx context.Context, payload []byte) (string, error) {
	var d shebao.AssistDecision
	if err := json.Unmarshal(payload, &d); err != nil {
		return "", err
	}
	old, c, err := s.loadTekun(ctx, d.CaseID, shebao.TekunChangeSubmitted)
	if err != nil {
		return "", err
	}
	if old.Version != d.Version {
		return "", shebao.Errorf(shebao.ECONFLICT, "特困人员案件%s在提请审批后已有变化,请重新提请", d.CaseID)
	}
	today := shebao.Today()
	from := addMonths(today, 1).Format("2006-01")
	r := &c.Reassessments[len(c.Reassessments)-1]
	explain := fmt.Sprintf("特困人员案件%s生活自理能力重新评估为%s(%s),自%s起每月%s元:%s", c.ID, r.CareLevel, r.Date, from, r.Monthly, r.Quote.Explain)
	if err := s.store.ChangeAssistBenefitAmount(ctx, c.BenefitID, shebao.BenefitAmount{FromMonth: from, Monthly: r.Monthly, Explanation: explain}); err != nil {
		return "", err
	}
	prev := c.Monthly
	r.DecidedOn, r.FromMonth = today.Format(shebao.DateLayout), from
	c.Status, c.Monthly, c.Quote = shebao.TekunApproved, r.Monthly, r.Quote
	if err := s.store.UpdateTekunCase(ctx, "assistance.change", old, c, "", ""); err != nil {
		return "", err
	}
	return fmt.Sprintf("特困人员%s护理等级变更为%s:月供养金由%s元变为%s元,自%s起", c.ID, r.CareLevel, prev, r.Monthly, from), nil
}

// StopTekun stops an approved case from the month (终止供养): the benefit
// is paid through the month before, the case closes and the person's 特困
// flag ends, with the reason in the history. Only the civil-affairs line
// may. For a person the registry records as deceased the month may be
// empty: it is then the month after the month of death (the payroll pays
// through the month of death, as it does for every benefit). Months
// already paid from the stop month on are recovered, those not yet
// released cancelled (payment.go); a benefit the registry's death handling
// already stopped is left as it settled it.
func (s *Service) StopTekun(ctx context.Context, id, month, reason string) (*shebao.TekunCase, error) {
	if err := decider(ctx, "特困人员终止供养"); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, shebao.FieldErrorf("reason", "请填写终止原因(死亡、不再符合条件、迁出本辖区等)")
	}
	var out *shebao.TekunCase
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, c, err := s.loadTekun(ctx, id, shebao.TekunApproved, shebao.TekunChangeSubmitted)
		if err != nil {
			return err
		}
		if strings.TrimSpace(month) == "" {
			p, err := s.src.FindPerson(ctx, c.IDNo)
			if err != nil {
				return err
			}
			if p.Status != shebao.StatusDeceased || len(p.DeathDate) < 7 {
				return shebao.FieldErrorf("month", "请填写终止月份(YYYY-MM);登记库记录死亡的人员可不填,自死亡次月起终止")
			}
			d, _ := shebao.ParsePeriod(p.DeathDate[:7])
			month = d.First().AddDate(0, 1, 0).Format("2006-01")
		}
		m, err := shebao.ParsePeriod(month)
		if err != nil {
			return shebao.FieldErrorf("month", "终止月份“%s”无效,应为YYYY-MM", month)
		}
		if string(m) < c.StartMonth {
			return shebao.FieldErrorf("month", "终止月份%s早于供养起始月份%s", m, c.StartMonth)
		}
		why := fmt.Sprintf("特困人员案件%s终止供养(自%s起):%s", c.ID, m, reason)
		if c.BenefitID != "" {
			b, err := s.src.FindBenefit(ctx, c.BenefitID)
			if err != nil {
				return err
			}
			if b.Status != shebao.BenefitStopped {
				st, err := s.store.StopAssistBenefit(ctx, c.BenefitID, shebao.BenefitChange{Action: shebao.BenefitStop, Month: string(m), Reason: why})
				if err != nil {
					return err
				}
				c.Recover, c.RecoverMonths = st.Amount, st.Overpaid
			}
		}
		if c.Status == shebao.TekunChangeSubmitted {
			c.Reassessments = c.Reassessments[:len(c.Reassessments)-1] // the change waiting is moot
		}
		c.Status, c.StopMonth, c.StopReason, c.EndMonth = shebao.TekunStopped, string(m), reason, string(m.Prev())
		if err := s.store.UpdateTekunCase(ctx, "assistance.stop", old, c, "", ""); err != nil {
			return err
		}
		if err := s.flagPerson(ctx, c.IDNo, shebao.FlagWubao, "assist:"+c.ID, false, why); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// StopDeceasedTekun stops, from the month after the death, every case in
// support in the actor's jurisdiction whose person the registry records
// as deceased (the death register's matching, a clerk's change of the
// person): the registry's death handling stops the benefit itself; this
// closes the case and ends the flag. Running it again changes nothing. It
// returns the cases stopped.
func (s *Service) StopDeceasedTekun(ctx context.Context) ([]*shebao.TekunCase, error) {
	if err := decider(ctx, "特困人员终止供养"); err != nil {
		return nil, err
	}
	var dead []string
	for _, st := range []string{shebao.TekunApproved, shebao.TekunChangeSubmitted} {
		for off := 0; ; off += 500 {
			cs, total, err := s.store.FindTekunCases(ctx, shebao.TekunCaseFilter{Status: st, Offset: off, Limit: 500})
			if err != nil {
				return nil, err
			}
			for _, c := range cs {
				p, err := s.src.FindPerson(ctx, c.IDNo)
				if err != nil {
					return nil, err
				}
				if p.Status == shebao.StatusDeceased && p.DeathDate != "" {
					dead = append(dead, c.ID)
				}
			}
			if off+len(cs) >= total || len(cs) == 0 {
				break
			}
		}
	}
	out := []*shebao.TekunCase{}
	for _, id := range dead {
		c, err := s.StopTekun(ctx, id, "", "死亡")
		if err != nil {
			return out, fmt.Errorf("%s: %w", id, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// TekunDeath is the hook of the registry's death handling (registry
// UseAfterDeath): the person's 特困 case in support, if any, is stopped
// from the month after the death, by the system (the death is a fact, not
// a decision to approve). It returns what it did ("" for no case).
func (s *Service) TekunDeath(ctx context.Context, idNo string) (string, error) {
	sys := shebao.WithActor(ctx, shebao.SystemActor)
	cs, err := s.store.TekunCasesOf(sys, idNo)
	if err != nil {
		return "", err
	}
	for _, c := range cs {
		if c.Status == shebao.TekunApproved || c.Status == shebao.TekunChangeSubmitted {
			c, err := s.StopTekun(sys, c.ID, "", "死亡")
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("特困供养案件%s自%s起终止", c.ID, c.StopMonth), nil
		}
	}
	return "", nil
}

// FindTekunCase reads a case (an audited read).
func (s *Service) FindTekunCase(ctx context.Context, id string) (*shebao.TekunCase, error) {
	return s.store.FindTekunCase(ctx, id)
}

// FindTekunCases lists the cases in the actor's jurisdiction (an audited
// list).
func (s *Service) FindTekunCases(ctx context.Context, f shebao.TekunCaseFilter) ([]*shebao.TekunCase, int, error) {
	if f.Mode != "" && f.Mode != shebao.TekunCentral && f.Mode != shebao.TekunDispersed {
		return nil, 0, shebao.FieldErrorf("mode", "供养形式“%s”无效,应为%s或%s", f.Mode, shebao.TekunCentral, shebao.TekunDispersed)
	}
	return s.store.FindTekunCases(ctx, f)
}

// TekunCasesOf lists the person's 特困 cases (an audited list; a citizen's
// own decisions).
func (s *Service) TekunCasesOf(ctx context.Context, idNo string) ([]*shebao.TekunCase, error) {
	return s.store.TekunCasesOf(ctx, idno.NormalizeID(idNo))
}

// loadTekun reads a case for a change and checks its status is one of
// those given.
func (s *Service) loadTekun(ctx context.Context, id string, statuses ...string) (old, c *shebao.TekunCase, err error) {
	old, err = s.store.TekunCase(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !slices.Contains(statuses, old.Status) {
		return nil, nil, shebao.Errorf(shebao.ECONFLICT, "特困人员案件%s当前为%s,不能办理(应为%s)", id, old.Status, strings.Join(statuses, "或"))
	}
	b, _ := json.Marshal(old)
	c = &shebao.TekunCase{}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, nil, err
	}
	return old, c, nil
}

// decider checks that the actor decides assistance (the district's
// civil-affairs line).
func decider(ctx context.Context, what string) error {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Write(shebao.EntityAssistDecision)) {
		return shebao.Errorf(shebao.EFORBIDDEN, "%s由区民政部门办理,您的角色(%s)不能办理", what, a.RoleName())
	}
	return nil
}

// newTekunID is a case number: TK + the date + 16 random hex digits
// (newCaseID).
func newTekunID() string { return "TK" + newCaseID()[2:] }
