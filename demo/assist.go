package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
)

// 低保 cases of the demo and of gen (issue #18 item 10): households of the
// registry taken through the case flow of package assist — applied by the
// village, investigated by the town, published by the village, submitted
// and approved by two civil-affairs clerks of the district — so that every
// case, benefit, flag and audit entry is what the work itself writes.

// Dibao stages a household is taken to.
const (
	StageApplied      = "applied"      // 待调查
	StageInvestigated = "investigated" // 待公示
	StagePublished    = "published"    // 公示中, with an objection
	StageApproved     = "approved"     // 已批准, paid by the payroll from this month
	StageReviewed     = "reviewed"     // approved, then a review found a change: 复核待决定
	StageTapering     = "tapering"     // approved, then a review found work: 渐退期
	StageStopped      = "stopped"      // approved, then stopped from next month
)

// DibaoRates are the shares of persons under 低保 in rural villages and in
// urban communities (about 3–5% of rural persons, fewer in town).
const (
	DibaoRuralPerMille = 40
	DibaoUrbanPerMille = 15
)

// DibaoHousehold is one household chosen for a case: 1 to 3 persons of one
// village, the first the applicant, the counted monthly income of each.
type DibaoHousehold struct {
	Region  string
	Members []*shebao.Person
	Incomes []shebao.Money
	Urban   bool
}

// DibaoHouseholds chooses households among ps (living persons, in order):
// a person of a rural village starts a household with probability
// DibaoRuralPerMille ÷ 1000 ÷ 2 (households average two persons), of an
// urban community (urban(region)) DibaoUrbanPerMille; the next
// 0–2 persons of the same village not yet taken join it. Incomes keep the
// per-capita income below the standard (rural 520.00, urban 800.00 in the
// shipped policy): each member 0–250.00 (rural) or 0–400.00 (urban), in
// whole yuan. Deterministic for the seed.
func DibaoHouseholds(ps []*shebao.Person, seed uint64, urban func(region string) bool) []DibaoHousehold {
	r := rand.New(rand.NewPCG(seed, 0xd1ba0))
	taken := map[string]bool{}
	var out []DibaoHousehold
	for i, p := range ps {
		if taken[p.IDNo] || p.Status == shebao.StatusDeceased {
			continue
		}
		urban := urban(p.Region)
		rate := DibaoRuralPerMille
		if urban {
			rate = DibaoUrbanPerMille
		}
		if r.IntN(2000) >= rate {
			continue
		}
		h := DibaoHousehold{Region: p.Region, Members: []*shebao.Person{p}, Urban: urban}
		taken[p.IDNo] = true
		want := 1 + r.IntN(3)
		for _, q := range ps[i+1:] {
			if len(h.Members) >= want {
				break
			}
			if q.Region == p.Region && !taken[q.IDNo] && q.Status != shebao.StatusDeceased {
				h.Members = append(h.Members, q)
				taken[q.IDNo] = true
			}
		}
		top := 250
		if urban {
			top = 400
		}
		for range h.Members {
			h.Incomes = append(h.Incomes, shebao.Yuan(int64(r.IntN(top+1))))
		}
		out = append(out, h)
	}
	return out
}

// DemoUrban tells the demo's urban communities (居委会, codes 6401061…0xx
// of the subdistrict) from its villages.
func DemoUrban(region string) bool { return region[9] == '0' }

// dibaoActors are the users of the flow for a household's village.
type dibaoActors struct{ village, town, mz1, mz2 context.Context }

func newDibaoActors(ctx context.Context, village string) dibaoActors {
	as := func(role, region, name string) context.Context {
		return shebao.WithActor(ctx, shebao.Actor{Name: name, Role: role, Region: region, Remote: "demo"})
	}
	district := village[:6] + "000000"
	return dibaoActors{
		village: as("village", village, "cun"+village[9:]),
		town:    as("town", village[:9]+"000", "zhen"+village[6:9]),
		mz1:     as("clerk/civil", district, "mz1"),
		mz2:     as("clerk/civil", district, "mz2"),
	}
}

// BuildDibao takes each household to its stage (stage(i) for the i-th),
// with today's dates: applied 30 days ago, investigated 25, published from
// 24 (for the policy's days), submitted 10 days ago, approved today (the
// decision's day is the clock's). A household whose applicant already has
// a case is left as it is, so building again changes nothing. It returns
// the cases taken to a stage by this call.
func BuildDibao(ctx context.Context, svc *app.App, hs []DibaoHousehold, today time.Time, stage func(i int) string) (int, error) {
	day := func(n int) string { return today.AddDate(0, 0, -n).Format(shebao.DateLayout) }
	next := shebao.Period(today.AddDate(0, 1, 0).Format("2006-01"))
	n := 0
	for i, h := range hs {
		st := stage(i)
		a := newDibaoActors(ctx, h.Region)
		have, err := svc.Assist.CasesOf(a.mz1, h.Members[0].IDNo)
		if err != nil {
			return n, err
		}
		if len(have) > 0 {
			continue
		}
		req := shebao.AssistApplyRequest{Region: h.Region, Date: day(30), BankAccount: "62284804" + h.Members[0].IDNo[6:17]}
		for k, p := range h.Members {
			inc := h.Incomes[k]
			m := shebao.AssistCaseMember{AssistMember: shebao.AssistMember{IDNo: p.IDNo, Income: &inc}}
			if k > 0 {
				m.Relation = []string{"配偶", "子女", "父母"}[(k-1)%3]
			}
			req.Members = append(req.Members, m)
		}
		c, err := svc.Assist.Apply(a.village, req)
		if err != nil {
			return n, fmt.Errorf("低保申请(%s): %w", h.Members[0].Name, err)
		}
		n++
		if st == StageApplied {
			continue
		}
		if c, err = svc.Assist.Investigate(a.town, c.ID, shebao.AssistInvestigation{Date: day(25), AssetsOK: true, Assets: "无机动车;存款在限额内;仅有自住房"}); err != nil {
			return n, fmt.Errorf("入户调查(%s): %w", c.ID, err)
		}
		if c.Status != shebao.CaseInvestigated || st == StageInvestigated {
			continue
		}
		from := day(24)
		if st == StagePublished {
			from = day(2)
		}
		if c, err = svc.Assist.Publish(a.village, c.ID, from); err != nil {
			return n, fmt.Errorf("公示(%s): %w", c.ID, err)
		}
		if st == StagePublished {
			if _, err := svc.Assist.Object(a.village, c.ID, day(1), "村民反映申请人家中有营运车辆,请核实"); err != nil {
				return n, fmt.Errorf("异议(%s): %w", c.ID, err)
			}
			continue
		}
		if c, err = svc.Assist.Submit(a.mz1, c.ID, day(10), ""); err != nil {
			return n, fmt.Errorf("提请审批(%s): %w", c.ID, err)
		}
		if _, err := svc.Approve.DecideApproval(a.mz2, c.ApprovalID, true, ""); err != nil {
			return n, fmt.Errorf("审批(%s): %w", c.ID, err)
		}
		switch st {
		case StageStopped:
			if _, err := svc.Assist.Stop(a.mz1, c.ID, string(next), "家庭成员外出务工,收入超过低保标准"); err != nil {
				return n, fmt.Errorf("停保(%s): %w", c.ID, err)
			}
		case StageReviewed, StageTapering:
			// A review today: the applicant found work at 2000.00 a month.
			rv := shebao.AssistReviewRequest{Date: day(0), AssetsOK: true, Assets: "无变化", Work: true}
			for k, p := range h.Members {
				inc := h.Incomes[k]
				if k == 0 {
					inc = shebao.Yuan(2000)
				}
				rv.Members = append(rv.Members, shebao.AssistMember{IDNo: p.IDNo, Income: &inc})
			}
			if c, err = svc.Assist.Review(a.town, c.ID, rv); err != nil {
				return n, fmt.Errorf("定期核查(%s): %w", c.ID, err)
			}
			if st == StageTapering && c.Status == shebao.CaseReviewed {
				if c, err = svc.Assist.Submit(a.mz1, c.ID, day(0), ""); err != nil {
					return n, fmt.Errorf("渐退提请(%s): %w", c.ID, err)
				}
				if _, err := svc.Approve.DecideApproval(a.mz2, c.ApprovalID, true, ""); err != nil {
					return n, fmt.Errorf("渐退审批(%s): %w", c.ID, err)
				}
			}
		}
	}
	return n, nil
}

// BuildAssist gives the demo district its social assistance (issue #18):
// 低保 cases in DibaoHouseholds' proportions — the first seven at the other
// stages (applied; investigated; in publication with an objection; under
// review, 复核待决定; in its 渐退期; stopped from next month; the rest
// approved and paid by the payroll from this month) —, one 临时救助 decision
// approved, and the year's budget of the 社会救助资金 received on 1 January
// (文号 金财社〔YYYY〕1号): 900.00 a month for a year per household, which
// covers the cases' payments. Idempotent: building again changes nothing.
func BuildAssist(ctx context.Context, svc *app.App, ps []*shebao.Person, today time.Time) error {
	hs := DibaoHouseholds(ps, 2005, DemoUrban)
	if len(hs) == 0 {
		return nil
	}
	stages := []string{StageApplied, StageInvestigated, StagePublished, StageReviewed, StageTapering, StageStopped}
	if _, err := BuildDibao(ctx, svc, hs, today, func(i int) string {
		if i < len(stages) {
			return stages[i]
		}
		return StageApproved
	}); err != nil {
		return err
	}
	// A 临时救助: the last household's applicant, a fire at home.
	h := hs[len(hs)-1]
	a := newDibaoActors(ctx, h.Region)
	rl, _, err := svc.Assist.SubmitRelief(a.mz1, shebao.ReliefRequest{No: fmt.Sprintf("金民临救〔%d〕1号", today.Year()), IDNo: h.Members[0].IDNo,
		Date: today.AddDate(0, 0, -3).Format(shebao.DateLayout), Category: shebao.ReliefUrgent, Amount: shebao.Yuan(1500),
		Reason: "住房失火,生活用品损毁", BankAccount: "62284804" + h.Members[0].IDNo[6:17]})
	if err != nil {
		return fmt.Errorf("临时救助: %w", err)
	}
	if rl.ApprovalID != "" && rl.Status != "" && rl.BenefitID == "" {
		if _, err := svc.Approve.DecideApproval(a.mz2, rl.ApprovalID, true, ""); err != nil && shebao.ErrorCode(err) != shebao.ECONFLICT {
			return fmt.Errorf("临时救助审批: %w", err)
		}
	}
	finance := shebao.WithActor(ctx, shebao.Actor{Name: "caiwu", Role: "clerk/finance", Region: "640106000000", Remote: "demo"})
	jan1 := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	if _, _, err := svc.Ledger.RecordAssistBudget(finance, shebao.AssistBudget{Doc: fmt.Sprintf("金财社〔%d〕1号", today.Year()),
		Date: jan1.Format(shebao.DateLayout), Amount: shebao.Yuan(int64(len(hs)) * 900 * 12), Note: "城乡低保、临时救助资金"}); err != nil {
		return fmt.Errorf("社会救助资金预算: %w", err)
	}
	return nil
}
