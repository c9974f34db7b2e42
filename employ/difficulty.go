package employ

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// 失业登记, 就业困难人员 and 零就业家庭 (issue #19 item 2, docs/DOMAIN.md §10).

// DifficultyStore is what this part of the service needs of the storage
// (part of Store).
type DifficultyStore interface {
	OpenUnemployment(ctx context.Context, idNo string) (*shebao.UnemploymentRegistration, error)
	SaveUnemployment(ctx context.Context, u *shebao.UnemploymentRegistration) error
	FindUnemployment(ctx context.Context, open bool) ([]*shebao.UnemploymentRegistration, error)
	OpenHardship(ctx context.Context, idNo string) (*shebao.HardshipCertification, error)
	SaveHardship(ctx context.Context, h *shebao.HardshipCertification) error
	FindHardship(ctx context.Context, open bool) ([]*shebao.HardshipCertification, error)
	HouseholdOf(ctx context.Context, idNo string) (string, error)
	ZeroEmploymentCandidates(ctx context.Context) ([]*shebao.ZeroEmploymentHousehold, error)
	FindZeroEmployment(ctx context.Context, open bool) ([]*shebao.ZeroEmploymentHousehold, error)
	SaveZeroEmploymentScan(ctx context.Context, scan shebao.ZeroEmploymentScan, found, cleared []*shebao.ZeroEmploymentHousehold) error
}

// day parses a business date, "" today.
func day(field, s string) (time.Time, error) {
	if s == "" {
		return shebao.Today(), nil
	}
	return shebao.ParseDate(field, s)
}

// person reads one living person of the actor's jurisdiction, of working
// age on the day, with the working-age rule in force for them.
func (s *Service) person(ctx context.Context, set *policy.Set, idNo string, on time.Time) (*shebao.Person, policy.WorkingAge, error) {
	var w policy.WorkingAge
	id, err := shebao.CanonicalIDNo(idNo)
	if err != nil {
		return nil, w, err
	}
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return nil, w, err
	}
	ps, err := s.store.PersonsByID(ctx, []string{id})
	if err != nil {
		return nil, w, err
	}
	p := ps[id]
	if p == nil || !j.Contains(p.Region) {
		return nil, w, shebao.PersonNotFound(id)
	}
	if p.Status != shebao.StatusAlive {
		return nil, w, shebao.FieldErrorf("身份证号", "%s已登记死亡", p.Name)
	}
	if w, err = workingAge(set, p.Region, on); err != nil {
		return nil, w, err
	}
	birth, err := time.Parse(shebao.DateLayout, p.Birth)
	if err != nil {
		return nil, w, err
	}
	if err := w.Check(birth, p.Sex); err != nil {
		return nil, w, shebao.FieldErrorf("身份证号", "%s(%s出生)%s", p.Name, p.Birth, err.Error())
	}
	return p, w, nil
}

// RegisterUnemployed records a 失业登记 on the day ("" today): the person
// must be living, of working age and in the jurisdiction, without an open
// registration, and not in an employee enrollment in payment (a person
// insured by an employer is working: 减员 first). The person's line of the
// labour register becomes 失业 (registered), keeping skills and wishes.
func (s *Service) RegisterUnemployed(ctx context.Context, idNo, date, reason string) (*shebao.UnemploymentRegistration, error) {
	if err := s.begin(ctx, "unemployment.register"); err != nil {
		return nil, err
	}
	on, err := day("登记日期", date)
	if err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var u *shebao.UnemploymentRegistration
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		p, w, err := s.person(ctx, set, idNo, on)
		if err != nil {
			return err
		}
		if open, err := s.store.OpenUnemployment(ctx, p.IDNo); err != nil {
			return err
		} else if open != nil {
			return shebao.FieldErrorf("身份证号", "%s已于%s登记失业,尚未终止", p.Name, open.RegisteredOn)
		}
		ages, err := w.Ages()
		if err != nil {
			return err
		}
		if d, err := s.store.LaborDerive(ctx, ages, p.IDNo); err != nil {
			return err
		} else if d != nil && d.Source == shebao.LaborSourceEmployee {
			return shebao.FieldErrorf("身份证号", "%s正在单位%s参保缴费(职工参保),不能登记失业;请单位先办理减员", p.Name, d.Employer)
		}
		u = &shebao.UnemploymentRegistration{IDNo: p.IDNo, Name: p.Name, Region: p.Region, RegisteredOn: on.Format(shebao.DateLayout),
			Reason: strings.TrimSpace(reason)}
		if err := s.store.SaveUnemployment(ctx, u); err != nil {
			return err
		}
		// The register says 失业 from now on (the village's other fields
		// stay).
		have, err := s.store.LaborEntries(ctx, []string{p.IDNo})
		if err != nil {
			return err
		}
		e := shebao.LaborEntry{IDNo: p.IDNo, Status: shebao.LaborUnemployed}
		if old := have[p.IDNo]; old != nil {
			e = *old
			e.Status, e.Destination = shebao.LaborUnemployed, ""
		}
		_, err = s.save(ctx, set, shebao.Jurisdiction{All: true}, shebao.Today(), map[string]*shebao.Person{p.IDNo: p}, have, &e, "unemployment:"+u.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// EndUnemployed ends the person's open registration on the day with the
// reason (found work, left the working age …).
func (s *Service) EndUnemployed(ctx context.Context, idNo, date, reason string) (*shebao.UnemploymentRegistration, error) {
	if err := s.begin(ctx, "unemployment.end"); err != nil {
		return nil, err
	}
	on, err := day("终止日期", date)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, shebao.FieldErrorf("终止原因", "终止失业登记须说明原因")
	}
	id, err := shebao.CanonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	var u *shebao.UnemploymentRegistration
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if u, err = s.store.OpenUnemployment(ctx, id); err != nil {
			return err
		}
		j, err := s.store.Jurisdiction(ctx)
		if err != nil {
			return err
		}
		if u == nil || !j.Contains(u.Region) {
			return shebao.Errorf(shebao.ENOTFOUND, "该人员没有未终止的失业登记")
		}
		if d := on.Format(shebao.DateLayout); d < u.RegisteredOn {
			return shebao.FieldErrorf("终止日期", "终止日期%s早于登记日期%s", d, u.RegisteredOn)
		}
		u.EndedOn, u.EndReason = on.Format(shebao.DateLayout), strings.TrimSpace(reason)
		return s.store.SaveUnemployment(ctx, u)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// FindUnemployed lists the registrations (open only, or all).
func (s *Service) FindUnemployed(ctx context.Context, open bool) ([]*shebao.UnemploymentRegistration, error) {
	return s.store.FindUnemployment(ctx, open)
}

// monthsBetween is the number of whole months from a to b (YYYY-MM-DD):
// 2025-11-01 → 2026-12-06 is 13.
func monthsBetween(a, b time.Time) int {
	n := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		n--
	}
	return n
}

// CertifyHardship certifies a registered unemployed person as 就业困难人员
// (就业促进法 第五十二条) with a reason checked against shebao's data:
//
//	被征地     the person is flagged 被征地 (an accepted expropriation roster);
//	残疾       the person is flagged 残疾;
//	大龄       on the day at least labor.hardship.older_age_male (men) or
//	           _female (women) years old;
//	长期失业   registered unemployed for at least
//	           labor.hardship.long_unemployed_months whole months;
//	零就业家庭 the person's household is listed as zero-employment and not
//	           cleared.
//
// The basis of the check is stored with the certification, in Chinese.
func (s *Service) CertifyHardship(ctx context.Context, req shebao.HardshipRequest) (*shebao.HardshipCertification, error) {
	if err := s.begin(ctx, "hardship.certify"); err != nil {
		return nil, err
	}
	on, err := day("认定日期", req.Date)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(shebao.HardshipReasons, req.Reason) {
		return nil, shebao.FieldErrorf("认定原因", "未知的认定原因“%s”:应为%s之一", req.Reason, strings.Join(shebao.HardshipReasons, "、"))
	}
	if req.Until != "" {
		u, err := shebao.ParseDate("有效期至", req.Until)
		if err != nil {
			return nil, err
		}
		if u.Before(on) {
			return nil, shebao.FieldErrorf("有效期至", "有效期至%s早于认定日期", req.Until)
		}
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var h *shebao.HardshipCertification
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		p, w, err := s.person(ctx, set, req.IDNo, on)
		if err != nil {
			return err
		}
		if open, err := s.store.OpenHardship(ctx, p.IDNo); err != nil {
			return err
		} else if open != nil {
			return shebao.FieldErrorf("身份证号", "%s已于%s认定为就业困难人员(%s),尚未终止", p.Name, open.CertifiedOn, open.Reason)
		}
		reg, err := s.store.OpenUnemployment(ctx, p.IDNo)
		if err != nil {
			return err
		}
		if reg == nil {
			return shebao.FieldErrorf("身份证号", "%s没有失业登记:就业困难人员从登记失业人员中认定,请先办理失业登记", p.Name)
		}
		basis, err := s.hardshipBasis(ctx, set, p, w, reg, req.Reason, on)
		if err != nil {
			return err
		}
		h = &shebao.HardshipCertification{IDNo: p.IDNo, Name: p.Name, Region: p.Region, Reason: req.Reason, Basis: basis,
			CertifiedOn: on.Format(shebao.DateLayout), ValidUntil: req.Until}
		return s.store.SaveHardship(ctx, h)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// hardshipBasis checks the reason against the data and says, in Chinese,
// what it found; a reason the data does not bear out is an error naming
// 认定原因.
func (s *Service) hardshipBasis(ctx context.Context, set *policy.Set, p *shebao.Person, w policy.WorkingAge,
	reg *shebao.UnemploymentRegistration, reason string, on time.Time) (string, error) {
	birth, _ := time.Parse(shebao.DateLayout, p.Birth)
	switch reason {
	case shebao.HardshipLandLost, shebao.HardshipDisabled:
		if !slices.Contains(p.Flags, reason) {
			return "", shebao.FieldErrorf("认定原因", "%s没有“%s”人员标识,不能按%s认定", p.Name, reason, reason)
		}
		if reason == shebao.HardshipLandLost {
			return "人员标识“被征地”(被征地人员名单受理参保)", nil
		}
		return "人员标识“残疾”", nil
	case shebao.HardshipOlder:
		key := "labor.hardship.older_age_male"
		if p.Sex == "女" {
			key = "labor.hardship.older_age_female"
		}
		min, _, err := set.Int(key, p.Region, on)
		if err != nil {
			return "", err
		}
		age := w.Age(birth)
		if age < min {
			return "", shebao.FieldErrorf("认定原因", "%s %s时%d周岁,未满%d周岁,不能按大龄认定", p.Name, on.Format(shebao.DateLayout), age, min)
		}
		return fmt.Sprintf("%s %s时%d周岁,%s性年满%d周岁", p.Sex, on.Format(shebao.DateLayout), age, p.Sex, min), nil
	case shebao.HardshipLongUnemployed:
		min, _, err := set.Int("labor.hardship.long_unemployed_months", p.Region, on)
		if err != nil {
			return "", err
		}
		from, err := time.Parse(shebao.DateLayout, reg.RegisteredOn)
		if err != nil {
			return "", err
		}
		n := monthsBetween(from, on)
		if n < min {
			return "", shebao.FieldErrorf("认定原因", "%s自%s登记失业,至%s连续失业%d个月,未满%d个月,不能按长期失业认定",
				p.Name, reg.RegisteredOn, on.Format(shebao.DateLayout), n, min)
		}
		return fmt.Sprintf("自%s登记失业,至%s连续失业%d个月(满%d个月)", reg.RegisteredOn, on.Format(shebao.DateLayout), n, min), nil
	case shebao.HardshipZeroHousehold:
		hh, err := s.store.HouseholdOf(ctx, p.IDNo)
		if err != nil {
			return "", err
		}
		zs, err := s.store.FindZeroEmployment(ctx, true)
		if err != nil {
			return "", err
		}
		for _, z := range zs {
			if hh != "" && z.Household == hh {
				return fmt.Sprintf("户%s自%s列为零就业家庭", hh, z.FoundOn), nil
			}
		}
		return "", shebao.FieldErrorf("认定原因", "%s所在的户未列为零就业家庭(先运行零就业家庭筛查)", p.Name)
	}
	return "", shebao.FieldErrorf("认定原因", "未知的认定原因“%s”", reason)
}

// EndHardship ends the person's open certification on the day with the
// reason.
func (s *Service) EndHardship(ctx context.Context, idNo, date, reason string) (*shebao.HardshipCertification, error) {
	if err := s.begin(ctx, "hardship.end"); err != nil {
		return nil, err
	}
	on, err := day("终止日期", date)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, shebao.FieldErrorf("终止原因", "终止认定须说明原因")
	}
	id, err := shebao.CanonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	var h *shebao.HardshipCertification
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if h, err = s.store.OpenHardship(ctx, id); err != nil {
			return err
		}
		j, err := s.store.Jurisdiction(ctx)
		if err != nil {
			return err
		}
		if h == nil || !j.Contains(h.Region) {
			return shebao.Errorf(shebao.ENOTFOUND, "该人员没有未终止的就业困难人员认定")
		}
		if d := on.Format(shebao.DateLayout); d < h.CertifiedOn {
			return shebao.FieldErrorf("终止日期", "终止日期%s早于认定日期%s", d, h.CertifiedOn)
		}
		h.EndedOn, h.EndReason = on.Format(shebao.DateLayout), strings.TrimSpace(reason)
		return s.store.SaveHardship(ctx, h)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// FindHardship lists the certifications (open only, or all).
func (s *Service) FindHardship(ctx context.Context, open bool) ([]*shebao.HardshipCertification, error) {
	return s.store.FindHardship(ctx, open)
}

// ScanZeroEmployment finds the zero-employment households of the actor's
// jurisdiction on the day ("" today) from the labour register as of its
// last rebuild (run labor-derive first): a household newly found is
// listed; a listed one no longer found is cleared with the reason. Run
// again on the same data, it changes nothing.
func (s *Service) ScanZeroEmployment(ctx context.Context, date string) (*shebao.ZeroEmploymentScan, error) {
	if err := s.begin(ctx, "zero_household.scan"); err != nil {
		return nil, err
	}
	on, err := day("日期", date)
	if err != nil {
		return nil, err
	}
	scan := &shebao.ZeroEmploymentScan{Date: on.Format(shebao.DateLayout)}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		*scan = shebao.ZeroEmploymentScan{Date: on.Format(shebao.DateLayout)}
		now, err := s.store.ZeroEmploymentCandidates(ctx)
		if err != nil {
			return err
		}
		open, err := s.store.FindZeroEmployment(ctx, true)
		if err != nil {
			return err
		}
		listed := map[string]*shebao.ZeroEmploymentHousehold{}
		for _, z := range open {
			listed[z.Household] = z
		}
		var found, cleared []*shebao.ZeroEmploymentHousehold
		still := map[string]bool{}
		for _, z := range now {
			still[z.Household] = true
			if listed[z.Household] == nil {
				z.FoundOn = scan.Date
				found = append(found, z)
			}
		}
		for _, z := range open {
			if !still[z.Household] {
				z.ClearedOn = scan.Date
				z.ClearedReason = "家庭劳动年龄成员已有人就业(就业、灵活就业、务农或转移就业)或已无失业成员"
				cleared = append(cleared, z)
			}
		}
		scan.Found, scan.Cleared, scan.Open = len(found), len(cleared), len(open)+len(found)-len(cleared)
		if len(found) == 0 && len(cleared) == 0 {
			return nil
		}
		return s.store.SaveZeroEmploymentScan(ctx, *scan, found, cleared)
	})
	if err != nil {
		return nil, err
	}
	return scan, nil
}

// FindZeroEmployment lists the zero-employment households (open only, or
// all with the cleared ones).
func (s *Service) FindZeroEmployment(ctx context.Context, open bool) ([]*shebao.ZeroEmploymentHousehold, error) {
	return s.store.FindZeroEmployment(ctx, open)
}
