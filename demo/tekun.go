package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
)

// tekunPick is the hash of a person's number that BuildTekun chooses by.
func tekunPick(p *shebao.Person) uint32 {
	h := fnv.New32a()
	h.Write([]byte(p.IDNo))
	return h.Sum32()
}

// TekunChosen reports whether BuildTekun chooses the person on today (a
// villager aged 60 or more in the year, without a 低保 flag, living, whose
// number's hash falls in the 3 in 1,000): gen leaves them out of its 低保
// households, which it draws from the persons as they were before their
// 特困 cases, since a 特困 person is not also in 低保.
func TekunChosen(p *shebao.Person, today time.Time) bool {
	if tekunPick(p)%1000 >= 12 || p.Region[9] == '0' || containsFlag(p.Flags, shebao.FlagDibao) || p.Status == shebao.StatusDeceased {
		return false
	}
	birth, err := time.Parse("20060102", p.IDNo[6:14])
	return err == nil && today.Year()-birth.Year() >= 61
}

// BuildTekun gives the demo district its 特困人员 (issue #18 items 3 and
// 10; assist/tekun.go) in the seed's proportions — "a few hundred 特困 in a
// district of 100,000": about 3 in 1,000 persons, chosen among the
// villagers aged 60 or more who carry no 低保 flag (a 特困 person is not
// also in 低保), the choice a hash of the number, so that the same persons
// are chosen again. Each goes through the real flow — application, the
// town's investigation (no income, no able obligor; a care level), the
// district's decision by two civil-affairs clerks — so that the case, the
// monthly tekun benefit and the 特困 flag are what a district would hold.
// The first chosen of each call is in 集中供养 at the 敬老院 of their town,
// paid to the 敬老院's account; the others 分散供养, paid to themselves. A
// person who already has a 特困 case is left, so that a run again (gen's
// resumed chunk) creates nothing twice. It returns the cases approved.
func BuildTekun(ctx context.Context, svc *app.App, ps []*shebao.Person, today time.Time) (int, error) {
	maker := shebao.WithActor(ctx, shebao.Actor{Name: "demo-mzjb", Role: shebao.RoleAdmin})
	checker := shebao.WithActor(ctx, shebao.Actor{Name: "demo-mzfh", Role: shebao.RoleAdmin})
	day := today.Format(shebao.DateLayout)
	levels := []string{shebao.CareSelf, shebao.CareSelf, shebao.CarePartial, shebao.CareFull}
	n := 0
	central := false
	for _, p := range ps {
		if !TekunChosen(p, today) {
			continue
		}
		pick := tekunPick(p)
		if cs, err := svc.Assist.TekunCasesOf(maker, p.IDNo); err != nil {
			return n, err
		} else if len(cs) > 0 {
			continue
		}
		zero := shebao.Money(0)
		c, err := svc.Assist.ApplyTekun(maker, shebao.TekunApplyRequest{Region: p.Region, Date: day, IDNo: p.IDNo, Note: "演示数据"})
		if err != nil {
			return n, fmt.Errorf("特困申请%s: %w", p.IDNo, err)
		}
		if c, err = svc.Assist.InvestigateTekun(maker, c.ID, shebao.TekunInvestigation{Date: day, Income: &zero,
			CareLevel: levels[pick/1000%uint32(len(levels))], Note: "演示数据:无劳动能力、无生活来源、无法定义务人"}); err != nil {
			return n, fmt.Errorf("特困调查%s: %w", p.IDNo, err)
		}
		if c.Status != shebao.TekunInvestigated {
			continue // not eligible (the policy's age or income): left refused
		}
		sub := shebao.TekunSubmitRequest{Date: day, Mode: shebao.TekunDispersed, BankAccount: bankAccount(p.IDNo)}
		if !central {
			central = true
			town := p.Region[:9] + "000"
			if r, err := svc.Registry.FindRegion(maker, town); err == nil {
				town = r.Name
			}
			sub = shebao.TekunSubmitRequest{Date: day, Mode: shebao.TekunCentral, Institution: town + "敬老院",
				InstitutionAccount: bankAccount("敬老院" + p.Region[:9])}
		}
		if c, err = svc.Assist.SubmitTekun(maker, c.ID, sub); err != nil {
			return n, fmt.Errorf("特困提请%s: %w", p.IDNo, err)
		}
		if _, err := svc.Approve.DecideApproval(checker, c.ApprovalID, true, "演示数据"); err != nil {
			return n, fmt.Errorf("特困审批%s: %w", p.IDNo, err)
		}
		n++
	}
	return n, nil
}
