package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/policy"
)

// BuildEmployment gives the demo's employment service real figures (issue
// #19 item 8), on top of the register of BuildLabor, in the proportions a
// district public employment service sees:
//   - every person the villages registered 失业 gets a 失业登记, made 1 to
//     19 months ago (the spread makes some long-term unemployed);
//   - of those, the ones the data supports are certified 就业困难人员
//     today: 被征地 (flag), else 大龄 (the "4050" rule), else 长期失业 (12
//     months registered) — about half of them;
//   - two 公益性岗位 (a village's road cleaners, 4 places; a community's
//     public-service assistants, 3 places) filled from the month with
//     certified persons, approved by a second clerk (their subsidies then
//     run in the monthly payroll);
//   - one 电工 (初级) course of 20 places that ends today, with the
//     persons of working age who wish electrician training (or else other
//     registered persons) enrolled: about 70% 结业 with the 初级 certificate,
//     15% 结业 without, 15% 未结业; its subsidy approved by a second clerk.
//
// No 零就业家庭 scan: the demo's households are drawn without regard to
// who works, so the scan would list nearly every household of an
// unemployed person — not the rare case a district sees; the clerk runs it
// (employ zero-households scan) to see the rule at work.
//
// Idempotent: a part already built (registrations, certifications, posts,
// the course) is not built again.
func BuildEmployment(ctx context.Context, svc *app.App, ps []*shebao.Person, reqs []shebao.EnrollRequest, today time.Time, seed uint64) error {
	set, err := svc.Params.PolicySet(ctx)
	if err != nil {
		return err
	}
	es, err := LaborEntries(set, ps, reqs, today, seed)
	if err != nil {
		return err
	}
	byID := map[string]*shebao.Person{}
	for _, p := range ps {
		byID[p.IDNo] = p
	}
	e := svc.Employ
	day := today.Format(shebao.DateLayout)
	checker := shebao.WithActor(ctx, shebao.Actor{Name: "demo-jyfh", Role: shebao.RoleAdmin})

	// 失业登记 and 就业困难人员.
	registered, err := e.FindUnemployed(ctx, false)
	if err != nil {
		return err
	}
	var certified []string
	if len(registered) == 0 {
		n := 0
		for _, en := range es {
			if en.Status != shebao.LaborUnemployed {
				continue
			}
			back := 1 + (n*5)%19
			n++
			on := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -back, n%20)
			if _, err := e.RegisterUnemployed(ctx, en.IDNo, on.Format(shebao.DateLayout), "失去工作"); err != nil {
				return fmt.Errorf("失业登记%s: %w", en.IDNo, err)
			}
			p := byID[en.IDNo]
			w, err := policy.WorkingAgeFor(set, p.Region, today)
			if err != nil {
				return err
			}
			birth, _ := time.Parse(shebao.DateLayout, p.Birth)
			age := w.Age(birth)
			var reason string
			switch {
			case hasFlag(p, shebao.FlagLandLost):
				reason = shebao.HardshipLandLost
			case p.Sex == "男" && age >= 50 || p.Sex == "女" && age >= 40:
				reason = shebao.HardshipOlder
			case back >= 13:
				reason = shebao.HardshipLongUnemployed
			default:
				continue
			}
			if _, err := e.CertifyHardship(ctx, shebao.HardshipRequest{IDNo: en.IDNo, Reason: reason, Date: day}); err != nil {
				return fmt.Errorf("就业困难人员认定%s: %w", en.IDNo, err)
			}
			certified = append(certified, en.IDNo)
		}
	}

	// 公益性岗位.
	posts, err := e.FindPosts(ctx)
	if err != nil {
		return err
	}
	if len(posts) == 0 && len(certified) > 0 {
		month := today.Format("2006-01")
		next := 0
		for _, spec := range []shebao.PublicPost{
			{Name: "村道保洁员", Region: "640106100201", Unit: "良田镇人民政府", Funding: "就业补助资金", Places: 4, BankAccount: "6228480402564890018"},
			{Name: "社区公共服务协管员", Region: "640106001001", Unit: "满城北街街道办事处", Funding: "就业补助资金", Places: 3, BankAccount: "6228480402564890026"},
		} {
			post, err := e.CreatePost(ctx, spec)
			if err != nil {
				return fmt.Errorf("公益性岗位: %w", err)
			}
			for k := 0; k < spec.Places && next < len(certified); k++ {
				res, err := e.Place(ctx, shebao.PlaceRequest{PostID: post.ID, IDNo: certified[next], Start: month})
				next++
				if err != nil {
					// A person past the term or too near retirement is
					// left out; the place goes to the next.
					k--
					continue
				}
				if _, err := svc.Approve.DecideApproval(checker, res.Approval.ID, true, "演示数据"); err != nil {
					return err
				}
			}
		}
	}

	// A training course ending today.
	courses, err := e.FindCourses(ctx)
	if err != nil {
		return err
	}
	if len(courses) == 0 {
		c, err := e.CreateCourse(ctx, shebao.TrainingCourse{Name: "金凤区第4期电工培训班", Region: District, Provider: "银川市职业技能培训中心",
			Occupation: "电工", Level: shebao.CertPrimary, Start: today.AddDate(0, 0, -30).Format(shebao.DateLayout), End: day, Hours: 120,
			Places: 20, Payee: shebao.TrainingPayProvider, BankAccount: "6228480402564890034"})
		if err != nil {
			return fmt.Errorf("培训班: %w", err)
		}
		var enrolled []string
		for pass := 0; pass < 2 && len(enrolled) < c.Places; pass++ {
			for _, en := range es {
				if len(enrolled) >= c.Places {
					break
				}
				wants := en.TrainingWish == "电工"
				if pass == 0 && !wants || pass == 1 && (wants || en.Status != shebao.LaborUnemployed && en.Status != shebao.LaborFlexible) {
					continue
				}
				if _, err := e.Enrol(ctx, c.ID, en.IDNo); err != nil {
					continue // not of working age on the first day, or taken
				}
				enrolled = append(enrolled, en.IDNo)
			}
		}
		for i, id := range enrolled {
			o := shebao.TrainingOutcome{CourseID: c.ID, IDNo: id, Date: day}
			switch i % 20 {
			case 17, 18, 19: // 15% 未结业
				o.Attended = 40
			case 14, 15, 16: // 15% 结业 without a certificate
				o.Attended, o.Completed = 112, true
			default: // 70% 结业 with the 初级 certificate
				o.Attended, o.Completed, o.Certificate, o.CertNo = 120, true, shebao.CertPrimary, fmt.Sprintf("S0000640106%05d", i+1)
			}
			if _, err := e.RecordOutcome(ctx, o); err != nil {
				return fmt.Errorf("结业登记: %w", err)
			}
		}
		if len(enrolled) > 0 {
			res, err := e.SubmitSubsidy(ctx, c.ID)
			if err != nil {
				return fmt.Errorf("培训补贴: %w", err)
			}
			if _, err := svc.Approve.DecideApproval(checker, res.Approval.ID, true, "演示数据"); err != nil {
				return err
			}
		}
	}
	return nil
}

func hasFlag(p *shebao.Person, flag string) bool {
	for _, f := range p.Flags {
		if f == flag {
			return true
		}
	}
	return false
}
