package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/policy"
)

// laborDestinations are where the demo's rural labour goes to work (转移地点):
// the district's own city first, then the usual destinations of Ningxia's
// labour export.
var laborDestinations = []string{"银川市兴庆区", "银川市金凤区", "石嘴山市", "浙江省宁波市", "江苏省苏州市", "陕西省西安市", "新疆乌鲁木齐市", "内蒙古鄂尔多斯市"}

var laborSkills = []string{"", "", "农机驾驶", "电焊", "砌筑", "家政服务", "餐饮服务", "汽车驾驶", "种养殖", "电工"}
var laborWishes = []string{"", "", "电焊", "家政服务", "餐饮服务", "汽车驾驶", "电工", "种养殖"}

// BuildLabor keeps the villages' labour register for the demo's persons of
// working age who are not employees (whose status the data gives), in the
// proportions the seed's districts describe for rural labour: about 40%
// 务农, 30% 转移就业 (half of it within the city), 12% 灵活就业, 6% 失业,
// 2% 无劳动能力, the rest (mostly students) unregistered; then derives the
// statuses from the data (run labor-derive). Idempotent: the same entries
// again are unchanged and the rebuild writes the same rows.
func BuildLabor(ctx context.Context, svc *app.App, ps []*shebao.Person, reqs []shebao.EnrollRequest, today time.Time, seed uint64) error {
	set, err := svc.Params.PolicySet(ctx)
	if err != nil {
		return err
	}
	es, err := LaborEntries(set, ps, reqs, today, seed)
	if err != nil {
		return err
	}
	for start := 0; start < len(es); start += 2000 {
		if _, errs, err := svc.Employ.ImportLabor(ctx, "api", es[start:min(start+2000, len(es))]); err != nil {
			return err
		} else if err := firstError(errs); err != nil {
			return err
		}
	}
	_, err = svc.Employ.Rebuild(ctx, today.Format(shebao.DateLayout), nil)
	return err
}

// LaborEntries draws the villages' register entries of BuildLabor for the
// persons (reqs: their enrollments, which tell the employees), the same
// for the same seed.
func LaborEntries(set *policy.Set, ps []*shebao.Person, reqs []shebao.EnrollRequest, today time.Time, seed uint64) ([]shebao.LaborEntry, error) {
	employees := map[string]bool{}
	for _, q := range reqs {
		if q.Employer != "" {
			employees[q.IDNo] = true
		}
	}
	r := rand.New(rand.NewPCG(seed, 0x1ab0))
	var es []shebao.LaborEntry
	for _, p := range ps {
		w, err := policy.WorkingAgeFor(set, p.Region, today)
		if err != nil {
			return nil, err
		}
		birth, _ := time.Parse(shebao.DateLayout, p.Birth)
		// The draws are made for everyone, so that a person's entry does not
		// depend on who else is in the roster.
		n, dest, skill, wish := r.IntN(100), laborDestinations[r.IntN(len(laborDestinations))], laborSkills[r.IntN(len(laborSkills))], laborWishes[r.IntN(len(laborWishes))]
		if employees[p.IDNo] || p.Status != shebao.StatusAlive || w.Check(birth, p.Sex) != nil || w.Age(birth) < w.SchoolAge {
			continue
		}
		e := shebao.LaborEntry{IDNo: p.IDNo, Skills: skill, TrainingWish: wish}
		switch {
		case n < 40:
			e.Status = shebao.LaborFarming
		case n < 70:
			e.Status, e.Destination, e.WorkWish = shebao.LaborTransferred, dest, "外出务工"
		case n < 82:
			e.Status = shebao.LaborFlexible
		case n < 88:
			e.Status, e.WorkWish = shebao.LaborUnemployed, "就近就业"
		case n < 90:
			e.Status, e.Skills, e.TrainingWish = shebao.LaborUnable, "", ""
		default:
			continue
		}
		es = append(es, e)
	}
	return es, nil
}
