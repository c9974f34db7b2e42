package medical

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
)

// Monthly settlement with hospitals (医疗费用结算拨付), issue #5.
//
// A settled claim posts the fund's share (and the 310 account's) as owed
// to the hospital: Dr 5031/5033, Cr 2101 应付社会保险待遇 (claims.go). The
// hospital advanced it to the patient at discharge; once a month the fund
// pays it back. SettleHospitals, for a month M, is a batch job (kind
// "hospital", period M) of one chunk:
//
//   - it takes the claims in the actor's jurisdiction discharged in or
//     before M and not settled yet, groups them by hospital (the name on
//     the claim) and scheme, and makes one settlement (待拨付) per group
//     that M does not have yet: its claims are marked with it, and it is
//     counted, summed and explained from the marked claims, set-based;
//   - it submits the payment for approval (经办 → 复核, as the payroll's
//     release): when another clerk approves, each settlement posts Dr 2101
//     / Cr 1002 in its scheme's fund (kind payment, source
//     "hospital:<M>:<scheme>:<hospital>") and becomes 已拨付.
//
// The 医疗救助 lines of the claims (medaid.go) are settled the same way on
// settlements of their own, one per hospital and month with the scheme
// medical_aid, paid from the fund its kind maps to (shebao.MedicalAidKind).
//
// Running M again makes nothing new: a claim discharged in M that arrives
// after M's settlement of its hospital and scheme is taken by the next
// month's settlement (the row of (M, hospital, scheme) is made once, so
// its posting's source stays unique). A settlement whose approval was
// rejected is submitted again by the next run of M. Concurrent runs of M
// take their turn on the run record (batch.Runner).

// JobHospital is the batch job kind of the settlement with hospitals.
const JobHospital = "hospital"

// settlementPayload is the payload of a payment approval
// (shebao.ApproveHospitalSettlement).
type settlementPayload struct {
	Month       string       `json:"month"`
	Settlements []string     `json:"settlements"`
	Claims      int          `json:"claims"`
	Amount      shebao.Money `json:"amount"`
}

// SettleHospitals settles the month with the hospitals (see the top of
// this file). The actor must be a medical clerk of the district (or
// above): a hospital serves every town.
func (s *Service) SettleHospitals(ctx context.Context, month string) (*shebao.HospitalSettlementResult, error) {
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return nil, err
	}
	a, _ := shebao.ActorFrom(ctx)
	if err := a.Authorize(shebao.AuditAction("hospital.settle", shebao.EntityMedical), month); err != nil {
		return nil, err
	}
	if !j.All && !strings.HasSuffix(a.Region, "000000") {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "医疗费用结算拨付须由区(县)级医保经办人员办理,您的所属区划为%s", a.Region)
	}
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		return nil, shebao.FieldErrorf("月份", "结算月份“%s”无效,应为YYYY-MM", month)
	}
	if this := shebao.Period(shebao.Today().Format("2006-01")); string(m) > string(this) {
		return nil, shebao.FieldErrorf("月份", "结算月份%s晚于本月%s,不能预先结算", m, this)
	}
	var res *shebao.HospitalSettlementResult
	_, err = s.runner.Run(ctx, batch.Job{Kind: JobHospital, Period: string(m),
		// One chunk: a district has tens of hospitals a month.
		Bound: func(ctx context.Context, lo string) (string, error) { return "", nil },
		Chunk: func(ctx context.Context, lo, hi string) (int, error) {
			r, err := s.settleMonth(ctx, m, a.Region)
			if err != nil {
				return 0, err
			}
			res = r
			return r.Claims + r.Deferred, nil
		},
		Finish: func(ctx context.Context) (any, error) { return settlementDetail(res), nil },
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// settleMonth is the chunk of SettleHospitals, in the unit of work of ctx.
func (s *Service) settleMonth(ctx context.Context, m shebao.Period, region string) (*shebao.HospitalSettlementResult, error) {
	res := &shebao.HospitalSettlementResult{Month: string(m), Created: []*shebao.HospitalSettlement{}}
	next := m.First().AddDate(0, 1, 0).Format(shebao.DateLayout)
	groups, err := s.store.ClaimGroups(ctx, next)
	if err != nil {
		return nil, err
	}
	existing, err := s.store.MonthSettlements(ctx, m)
	if err != nil {
		return nil, err
	}
	done := map[[2]string]bool{}
	for _, e := range existing {
		done[[2]string{e.Hospital, e.Scheme}] = true
	}
	var fresh []shebao.ClaimGroup
	for _, g := range groups {
		if done[[2]string{g.Hospital, g.Scheme}] {
			res.Deferred += g.Claims
			continue
		}
		fresh = append(fresh, g)
	}
	if len(fresh) > 0 {
		list, err := s.store.CreateSettlements(ctx, m, next, fresh)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(list))
		for i, st := range list {
			st.Explanation = settlementExplanation(m, st)
			ids[i] = st.ID
		}
		if len(list) > 0 {
			if err := s.store.DescribeSettlements(ctx, list); err != nil {
				return nil, err
			}
			if res.Created, err = s.store.SettlementsByID(ctx, ids); err != nil {
				return nil, err
			}
		}
		for _, st := range res.Created {
			res.Claims += st.Claims
			res.Amount += st.Amount
		}
	}
	ap, err := s.submitPayment(ctx, m, region)
	if err != nil {
		return nil, err
	}
	res.Approval = ap
	res.Summary = fmt.Sprintf("%s月医疗费用结算:新结算%d家次(医院×险种)、结算单%d张,应拨付%s元", m, len(res.Created), res.Claims, res.Amount)
	if res.Deferred > 0 {
		res.Summary += fmt.Sprintf(";本月已结算的医院另有%d张迟到的结算单,留待下月结算", res.Deferred)
	}
	if ap != nil {
		res.Summary += ";已提交复核:" + ap.Summary
	}
	if err := s.store.RecordHospitalSettlement(ctx, m, settlementDetail(res)); err != nil {
		return nil, err
	}
	return res, nil
}

// settlementDetail is what the run record and the audit keep of a run.
func settlementDetail(res *shebao.HospitalSettlementResult) map[string]any {
	if res == nil {
		return nil
	}
	detail := map[string]any{"created": len(res.Created), "claims": res.Claims, "amount": res.Amount, "deferred": res.Deferred}
	if res.Approval != nil {
		detail["approval"] = res.Approval.ID
	}
	return detail
}

// settlementExplanation says what a settlement pays and why.
func settlementExplanation(m shebao.Period, st *shebao.HospitalSettlement) string {
	if st.Scheme == shebao.BenefitMedicalAid {
		return fmt.Sprintf("%s月拨付%s 医疗救助:%s至%s出院、此前未结算的结算单%d张,医疗救助支付%s元(医院已在出院结算时垫付,一站式结算;单列拨付,不计入医保基金)",
			m, st.Hospital, st.FirstDischarged, st.LastDischarged, st.Claims, st.FundPaid)
	}
	name := st.Scheme
	if sch, ok := shebao.FindScheme(st.Scheme); ok {
		name = sch.Name + "(" + st.Scheme + ")"
	}
	return fmt.Sprintf("%s月拨付%s %s:%s至%s出院、此前未结算的结算单%d张,统筹基金支付%s元 + 个人账户支付%s元 = 应拨付%s元(医院已在出院结算时垫付,冲减应付社会保险待遇)",
		m, st.Hospital, name, st.FirstDischarged, st.LastDischarged, st.Claims, st.FundPaid, st.AccountPaid, st.FundPaid+st.AccountPaid)
}

// submitPayment submits the payment of the month's pending settlements
// that no pending approval covers yet; nil when there are none.
func (s *Service) submitPayment(ctx context.Context, m shebao.Period, region string) (*shebao.Approval, error) {
	list, err := s.store.MonthSettlements(ctx, m)
	if err != nil {
		return nil, err
	}
	payloads, err := s.store.PendingSettlementPayments(ctx)
	if err != nil {
		return nil, err
	}
	covered := map[string]bool{}
	for _, raw := range payloads {
		var p settlementPayload
		if json.Unmarshal(raw, &p) == nil {
			for _, id := range p.Settlements {
				covered[id] = true
			}
		}
	}
	p := settlementPayload{Month: string(m)}
	hospitals := map[string]bool{}
	for _, st := range list {
		if st.Status != shebao.SettlementPending || covered[st.ID] {
			continue
		}
		p.Settlements = append(p.Settlements, st.ID)
		p.Claims += st.Claims
		p.Amount += st.Amount
		hospitals[st.Hospital] = true
	}
	if len(p.Settlements) == 0 {
		return nil, nil
	}
	summary := fmt.Sprintf("%s月医疗费用结算拨付:%d家医院,结算单%d张,合计%s元", m, len(hospitals), p.Claims, p.Amount)
	return s.store.SubmitSettlementPayment(ctx, region, summary, p)
}

// ExecuteHospitalSettlement carries out an approved payment of a month's
// settlements with the hospitals (shebao.ApproveHospitalSettlement) in the
// approving unit of work: the approval service calls it inside
// DecideApproval. The settlements must still be as the maker submitted
// them; each posts Dr 2101 / Cr 1002 in its scheme's fund and becomes 已拨付.
func (s *Service) ExecuteHospitalSettlement(ctx context.Context, payload []byte) (string, error) {
	var p settlementPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return "", err
	}
	if len(p.Settlements) == 0 {
		return "", shebao.Errorf(shebao.EINVALID, "结算拨付申请内容无效")
	}
	var out string
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		list, err := s.store.SettlementsByID(ctx, p.Settlements)
		if err != nil {
			return err
		}
		var n int
		var total shebao.Money
		for _, st := range list {
			if st.Status != shebao.SettlementPending {
				return shebao.Errorf(shebao.ECONFLICT, "%s %s %s月的结算已%s", st.Hospital, st.Scheme, st.Month, st.Status)
			}
			n += st.Claims
			total += st.Amount
		}
		if len(list) != len(p.Settlements) || n != p.Claims || total != p.Amount {
			return shebao.Errorf(shebao.ECONFLICT, "%s月医疗费用结算已变化(申请时结算单%d张%s元,现%d张%s元),请重新提交", p.Month, p.Claims, p.Amount, n, total)
		}
		date := shebao.Today().Format(shebao.DateLayout)
		var es []*shebao.Entry
		hospitals := map[string]bool{}
		for _, st := range list {
			hospitals[st.Hospital] = true
			if st.Amount == 0 {
				continue
			}
			// A 医疗救助 settlement is paid from the fund its kind maps to.
			fund := st.Scheme
			if st.Scheme == shebao.BenefitMedicalAid {
				fund = shebao.MedicalAidKind().Scheme
			}
			es = append(es, &shebao.Entry{Fund: fund, Date: date, Kind: shebao.PostPayment,
				Source:      "hospital:" + st.Month + ":" + st.Scheme + ":" + st.Hospital,
				Description: fmt.Sprintf("%s月医疗费用结算拨付 %s(结算单%d张)", st.Month, st.Hospital, st.Claims),
				Lines:       []shebao.Line{shebao.Debit(shebao.AcctBenefitsPayable, st.Amount), shebao.Credit(shebao.AcctBank, st.Amount)}})
		}
		if err := s.store.PaySettlements(ctx, p.Settlements, es); err != nil {
			return err
		}
		out = fmt.Sprintf("已拨付%s月医疗费用:%d家医院,结算单%d张,合计%s元", p.Month, len(hospitals), n, total)
		return nil
	})
	return out, err
}
