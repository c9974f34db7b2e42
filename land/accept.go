package land

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// AcceptRoster accepts the submitted lines of a batch's roster on the date
// (YYYY-MM-DD, "" = today), in one unit of work: the persons are enrolled
// in scheme 910 from that date (shebao.PlanEnrollment, as any enrollment),
// flagged 被征地 and, where their hukou is still 农业, converted to 非农业
// (农转非), each with its history; the one-off payments of the under-16s
// and the allowances of the persons in an allowance band are created as
// benefits for the monthly payroll (source "land:<批准文号>"); the
// contribution support of the working-age persons is posted as a 910
// expense (5093) payable to the pension schemes. A person who can no
// longer be enrolled (died since, already in 910) is skipped with the
// reason and stays submitted. Accepting again accepts only lines submitted
// since.
func (s *Service) AcceptRoster(ctx context.Context, no string, date string) (*shebao.RosterAcceptance, error) {
	j, err := s.begin(ctx, "roster.accept", shebao.EntityRoster, no)
	if err != nil {
		return nil, err
	}
	// Acceptance creates entitlements: a district decision, not the
	// village's, which only submits.
	if _, err := s.begin(ctx, "benefit.create", shebao.EntityBenefit, no); err != nil {
		return nil, err
	}
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	on, err := time.Parse(shebao.DateLayout, date)
	if err != nil {
		return nil, shebao.FieldErrorf("参保日期", "参保日期“%s”无效,应为YYYY-MM-DD", date)
	}
	if on.After(shebao.Today()) {
		return nil, shebao.FieldErrorf("参保日期", "参保日期%s晚于今天", date)
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.RosterAcceptance
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		b, err := s.store.LandBatchInScope(ctx, no)
		if err != nil {
			return err
		}
		out = &shebao.RosterAcceptance{ApprovalNo: b.ApprovalNo, Date: date, Skipped: []shebao.LineError{}}
		lines, err := s.store.RosterLines(ctx, b.ApprovalNo, shebao.RosterSubmitted)
		if err != nil || len(lines) == 0 {
			return err
		}
		ids := make([]string, len(lines))
		for i, l := range lines {
			ids[i] = l.IDNo
		}
		d, err := s.store.EnrollmentData(ctx, ids, nil, nil)
		if err != nil {
			return err
		}

		// 即征即保: enrollment in 910 from the acceptance.
		scheme, _ := shebao.FindScheme(shebao.SchemeLandExpropriated)
		reason := "征地批次" + b.ApprovalNo + "即征即保"
		var plan []*shebao.Enrollment
		var reqs []shebao.EnrollRequest
		var accepted []*shebao.RosterLine
		for i, l := range lines {
			req := shebao.EnrollRequest{IDNo: l.IDNo, Scheme: scheme.Code, Date: date, Reason: reason}
			f := shebao.EnrollFacts{Jurisdiction: j, Scheme: scheme, Person: d.Persons[l.IDNo], Holder: d.Holders[shebao.HolderKey(l.IDNo, scheme.Slot)]}
			n, _, err := shebao.PlanEnrollment(req, f)
			if err != nil {
				out.Skipped = append(out.Skipped, shebao.LineError{Line: i + 1, IDNo: idno.MaskID(l.IDNo), Field: fieldOf(err), Reason: shebao.ErrorMessage(err)})
				continue
			}
			plan = append(plan, n)
			reqs = append(reqs, req)
			accepted = append(accepted, l)
		}
		if len(accepted) == 0 {
			return nil
		}
		if err := s.store.EnrollRoster(ctx, b, date, reason, plan, reqs); err != nil {
			return err
		}

		// 被征地 and 农转非, with each person's history.
		for _, l := range accepted {
			old := d.Persons[l.IDNo]
			p := *old
			p.Flags = append(slices.Clone(old.Flags), shebao.FlagLandLost)
			if p.Hukou == shebao.HukouAgricultural {
				p.Hukou = shebao.HukouNonAgricultural
			}
			if err := shebao.NormalizePerson(&p, shebao.Today()); err != nil {
				return err
			}
			changes := shebao.PersonChanges(old, &p)
			if len(changes) == 0 {
				continue
			}
			p.Source = "land:" + b.ApprovalNo
			if err := s.store.ChangePerson(ctx, fmt.Sprintf("征地批次%s(批准日%s)即征即保:被征地农民,农转非", b.ApprovalNo, b.ApprovedOn), old, &p, changes); err != nil {
				return err
			}
		}
		acceptedIDs := make([]string, len(accepted))
		for i, l := range accepted {
			acceptedIDs[i] = l.IDNo
		}
		if err := s.store.MarkRosterEnrolled(ctx, b.ApprovalNo, acceptedIDs, date); err != nil {
			return err
		}

		// The benefits already due, and the pension contribution support.
		optedOut, err := s.store.VillageConversionPersons(ctx, acceptedIDs)
		if err != nil {
			return err
		}
		var bs []shebao.NewBenefit
		var subsidy shebao.Money
		for _, l := range accepted {
			switch l.BandKind {
			case policy.LandOneOff:
				bs = append(bs, lumpSumBenefit(b, l, date))
				out.LumpSums++
			case policy.LandPension:
				subsidy += l.BandAmount
				out.PensionPersons++
			case policy.LandAllowance:
				// Who joined the converted village's employee pension
				// (村改居) draws a pension, not the land allowance.
				if optedOut[l.IDNo] {
					continue
				}
				nb, err := allowanceBenefit(set, b, l, date, "")
				if err != nil {
					return err
				}
				if nb != nil {
					bs = append(bs, *nb)
					out.Allowances++
				}
			}
		}
		if _, err := s.store.CreateLandBenefits(ctx, bs); err != nil {
			return err
		}
		if subsidy > 0 {
			h := sha256.Sum256([]byte(strings.Join(acceptedIDs, ",")))
			e := &shebao.Entry{Fund: shebao.SchemeLandExpropriated, Date: date, Kind: shebao.PostBenefit,
				Source:      "land-pension:" + b.ApprovalNo + ":" + hex.EncodeToString(h[:6]),
				Description: fmt.Sprintf("征地批次%s劳动年龄段%d人养老保险缴费补助,应划入职工或居民养老保险", b.ApprovalNo, out.PensionPersons),
				Lines:       []shebao.Line{shebao.Debit(shebao.AcctPensionSubsidy, subsidy), shebao.Credit(shebao.AcctBenefitsPayable, subsidy)}}
			if err := s.store.PostLandSubsidy(ctx, e); err != nil {
				return err
			}
			out.PensionSubsidy = subsidy
		}
		out.Enrolled = len(accepted)
		return s.store.RecordRosterAcceptance(ctx, b, map[string]any{"date": date, "enrolled": out.Enrolled, "lump_sums": out.LumpSums,
			"allowances": out.Allowances, "pension_subsidy": out.PensionSubsidy.String(), "skipped": len(out.Skipped)})
	})
	return out, err
}

// lumpSumBenefit is the one-off payment of a person in a one-off band
// (under 16), paid in the month after the enrollment.
func lumpSumBenefit(b *shebao.LandBatch, l *shebao.RosterLine, enrolledOn string) shebao.NewBenefit {
	return shebao.NewBenefit{IDNo: l.IDNo, Kind: shebao.BenefitLandLumpSum, StartMonth: string(policy.MonthAfter(enrolledOn)),
		Monthly: l.BandAmount, Source: "land:" + b.ApprovalNo,
		Explanation: fmt.Sprintf("被征地农民一次性补助%s元:征地批次%s(批准日%s)时%d周岁,属“%s”,于参保(%s)次月一次性发放",
			l.BandAmount, b.ApprovalNo, b.ApprovedOn, l.Age, l.Band, enrolledOn),
		Detail: map[string]any{"batch": b.ApprovalNo, "band": l.Band, "age": l.Age}}
}

// allowanceBenefit is the monthly allowance of a roster person: from
// policy.AllowanceStart — the month after they reach the allowance age (of
// their own band when they were in one at the approval, else the lowest
// allowance age of their sex) or after the enrollment — at the amount of
// the band they are in that month (policy.AllowanceFor). upTo, when set,
// leaves out an allowance that starts after that month (nil), as does a
// band without an allowance.
func allowanceBenefit(set *policy.Set, b *shebao.LandBatch, l *shebao.RosterLine, enrolledOn string, upTo shebao.Period) (*shebao.NewBenefit, error) {
	on, _ := time.Parse(shebao.DateLayout, b.ApprovedOn)
	var bands policy.LandBands
	if _, err := set.Table("land.bands", b.Region, on, &bands); err != nil {
		return nil, err
	}
	minAge, ok := bands.MinAllowanceAge(l.Sex)
	if !ok {
		return nil, nil
	}
	if l.BandKind == policy.LandAllowance {
		for _, bd := range bands {
			if bd.Name == l.Band {
				minAge = bd.MinAge
			}
		}
	}
	start := policy.AllowanceStart(l.Birth, minAge, enrolledOn)
	if upTo != "" && start > upTo {
		return nil, nil
	}
	band, p, age, err := policy.AllowanceFor(set, b.Region, l.Birth, l.Sex, start)
	if err != nil {
		return nil, err
	}
	if band.Kind != policy.LandAllowance || band.Amount <= 0 {
		return nil, nil
	}
	return &shebao.NewBenefit{IDNo: l.IDNo, Kind: shebao.BenefitLandAllowance, StartMonth: string(start),
		Monthly: band.Amount, Source: "land:" + b.ApprovalNo,
		Explanation: fmt.Sprintf("被征地农民基本生活保障金%s元/月:征地批次%s(批准日%s)时%d周岁属“%s”,参保日%s;自%s起按“%s”(%d周岁)标准发放(依据:%s)",
			band.Amount, b.ApprovalNo, b.ApprovedOn, l.Age, l.Band, enrolledOn, start, band.Name, age, p.Cite()),
		Detail: map[string]any{"batch": b.ApprovalNo, "band": band.Name, "age": age, "approval_band": l.Band}}, nil
}
