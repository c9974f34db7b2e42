package gen

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// employment generates a chunk's employment service records (Options.Labor,
// issue #19 item 8) from its labour register entries, in the proportions
// of the demo (demo.BuildEmployment, docs/DOMAIN.md §10), scaled to a
// chunk of persons:
//   - every person the villages registered 失业 gets a 失业登记, made 1 to
//     19 months ago (some become long-term unemployed);
//   - of those, the ones the data supports are certified 就业困难人员 today
//     (被征地, else 大龄 by the "4050" rule, else 长期失业 of 12 months);
//   - one 公益性岗位 (a village's road cleaners) of up to 4 places, filled
//     from this month with certified persons and approved by a second
//     actor (its subsidies then run in the monthly payroll);
//   - one training course (电工, 初级) of up to 20 places ending today with
//     persons who wish training or are unemployed: about 70% 结业 with the
//     certificate, 15% 结业 without, 15% 未结业 (no subsidy submitted: that
//     is the clerk's act);
//   - two vacancies of the chunk's generated employers with their 岗位编号
//     (GEN-<chunk>-1, -2), and up to three of the chunk's registered
//     unemployed referred to the first, their outcome still open.
//
// Idempotent: the chunk is one unit of work, so its employment part is
// written whole or not at all; a chunk generated again finds its first
// unemployed person registered already and writes nothing more.
func (g *generator) employment(ctx context.Context, ps []*shebao.Person, les []shebao.LaborEntry, chunk int) error {
	svc, today := g.svc, g.today
	e := svc.Employ
	day := today.Format(shebao.DateLayout)
	byID := map[string]*shebao.Person{}
	for _, p := range ps {
		byID[p.IDNo] = p
	}
	checker := shebao.WithActor(ctx, shebao.Actor{Name: "gen-jyfh", Role: shebao.RoleAdmin})

	// 失业登记 and 就业困难人员.
	var unemployed, certified []string
	n := 0
	for _, en := range les {
		if en.Status != shebao.LaborUnemployed {
			continue
		}
		back := 1 + (n*5)%19
		n++
		on := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -back, n%20)
		if _, err := e.RegisterUnemployed(ctx, en.IDNo, on.Format(shebao.DateLayout), "失去工作"); err != nil {
			if len(unemployed) == 0 && shebao.ErrorCode(err) == shebao.EINVALID && alreadyRegistered(err) {
				return nil // this chunk's employment part was generated before
			}
			continue // e.g. an employee enrollment in payment: not unemployed after all
		}
		unemployed = append(unemployed, en.IDNo)
		p := byID[en.IDNo]
		w, err := policy.WorkingAgeFor(g.set, p.Region, today)
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
			return fmt.Errorf("gen 就业困难人员认定%s: %w", en.IDNo, err)
		}
		certified = append(certified, en.IDNo)
	}
	if len(unemployed) == 0 {
		return nil // nothing to build on, and nothing to mark the chunk as done
	}

	// 公益性岗位.
	if len(certified) > 0 {
		region := byID[certified[0]].Region
		post, err := e.CreatePost(ctx, shebao.PublicPost{Name: fmt.Sprintf("村道保洁员(第%d片)", chunk+1), Region: region, Unit: "乡镇人民政府",
			Funding: "就业补助资金", Places: min(4, len(certified)), BankAccount: fmt.Sprintf("62284804025%08d", chunk+1)})
		if err != nil {
			return fmt.Errorf("gen 公益性岗位: %w", err)
		}
		month := today.Format("2006-01")
		for k, next := 0, 0; k < post.Places && next < len(certified); next++ {
			res, err := e.Place(ctx, shebao.PlaceRequest{PostID: post.ID, IDNo: certified[next], Start: month})
			if err != nil {
				continue // past the term or too near retirement: the next
			}
			if _, err := svc.Approve.DecideApproval(checker, res.Approval.ID, true, "生成数据"); err != nil {
				return err
			}
			k++
		}
	}

	// A training course ending today.
	course, err := e.CreateCourse(ctx, shebao.TrainingCourse{Name: fmt.Sprintf("金凤区第%d期电工培训班(生成)", chunk+1), Region: District,
		Provider: "银川市职业技能培训中心", Occupation: "电工", Level: shebao.CertPrimary, Start: today.AddDate(0, 0, -30).Format(shebao.DateLayout),
		End: day, Hours: 120, Places: 20, Payee: shebao.TrainingPayProvider, BankAccount: "6228480402564890034"})
	if err != nil {
		return fmt.Errorf("gen 培训班: %w", err)
	}
	var enrolled []string
	for pass := 0; pass < 2 && len(enrolled) < course.Places; pass++ {
		for _, en := range les {
			if len(enrolled) >= course.Places {
				break
			}
			wants := en.TrainingWish != ""
			if pass == 0 && !wants || pass == 1 && (wants || en.Status != shebao.LaborUnemployed) {
				continue
			}
			if _, err := e.Enrol(ctx, course.ID, en.IDNo); err != nil {
				continue // not of working age on the first day, or enrolled already
			}
			enrolled = append(enrolled, en.IDNo)
		}
	}
	for i, id := range enrolled {
		o := shebao.TrainingOutcome{CourseID: course.ID, IDNo: id, Date: day}
		switch i % 20 {
		case 17, 18, 19: // 15% 未结业
			o.Attended = 40
		case 14, 15, 16: // 15% 结业 without a certificate
			o.Attended, o.Completed = 112, true
		default: // 70% 结业 with the 初级 certificate
			o.Attended, o.Completed, o.Certificate, o.CertNo = 120, true, shebao.CertPrimary, fmt.Sprintf("S%04d640106%05d", chunk+1, i+1)
		}
		if _, err := e.RecordOutcome(ctx, o); err != nil {
			return fmt.Errorf("gen 结业登记: %w", err)
		}
	}

	// Vacancies of generated employers, and a few referrals.
	var first *shebao.Vacancy
	for k, spec := range []struct {
		occupation, skills string
		places             int
		lo, hi             shebao.Money
	}{{"电焊工", "电焊、气割", 3, 400000, 600000}, {"仓库管理员", "计算机", 2, 300000, 380000}} {
		emp := g.emps[(chunk*2+k)%len(g.emps)]
		v, err := e.CreateVacancy(ctx, shebao.Vacancy{Employer: emp.USCC, Code: fmt.Sprintf("GEN-%d-%d", chunk+1, k+1), Occupation: spec.occupation,
			Places: spec.places, Skills: spec.skills, Region: emp.Region, WageMin: spec.lo, WageMax: spec.hi,
			OpenFrom: today.AddDate(0, 0, -10).Format(shebao.DateLayout), OpenUntil: today.AddDate(0, 0, 50).Format(shebao.DateLayout)})
		if err != nil {
			return fmt.Errorf("gen 岗位空缺: %w", err)
		}
		if first == nil {
			first = v
		}
	}
	for i := 0; i < len(unemployed) && i < 3; i++ {
		if _, err := e.Refer(ctx, shebao.ReferralRequest{VacancyID: first.ID, IDNo: unemployed[i], Date: day}); err != nil {
			return fmt.Errorf("gen 推荐: %w", err)
		}
	}
	return nil
}

// alreadyRegistered reports whether a refused 失业登记 says the person holds
// an open one (a chunk generated before).
func alreadyRegistered(err error) bool {
	return strings.Contains(shebao.ErrorMessage(err), "登记失业,尚未终止")
}

func hasFlag(p *shebao.Person, flag string) bool {
	for _, f := range p.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// employmentCounts fills the result's employment counts from the district
// as it stands (the same after a run again).
func (g *generator) employmentCounts(ctx context.Context, res *Result) error {
	e := g.svc.Employ
	us, err := e.FindUnemployed(ctx, true)
	if err != nil {
		return err
	}
	hs, err := e.FindHardship(ctx, true)
	if err != nil {
		return err
	}
	xs, err := e.FindPlacements(ctx)
	if err != nil {
		return err
	}
	cs, err := e.FindCourses(ctx)
	if err != nil {
		return err
	}
	res.Unemployed, res.Hardship, res.Placements, res.Courses = len(us), len(hs), len(xs), len(cs)
	for _, c := range cs {
		es, err := e.FindEnrolments(ctx, c.ID)
		if err != nil {
			return err
		}
		res.Trainees += len(es)
		for _, x := range es {
			if x.Status == shebao.TrainingCompleted {
				res.Completions++
			}
		}
	}
	vs, err := e.FindVacancies(ctx, shebao.VacancyFilter{})
	if err != nil {
		return err
	}
	res.Vacancies = len(vs)
	for _, v := range vs {
		res.Referrals += v.Referred
	}
	return nil
}
