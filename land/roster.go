package land

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// SubmitRoster stores a village's roster lines (一次报送或导入的一批): each
// person must be a registered, living resident of the batch's village with
// agricultural hukou, named as registered, on no other batch's roster, and
// the roster may not exceed the batch's persons to secure. Each line gets
// the age band at the approval date and the funding split of that band. A
// line already on the same batch's roster is unchanged; every violation is
// the line's error and the good lines land.
func (s *Service) SubmitRoster(ctx context.Context, run string, entries []shebao.RosterEntry) (out []shebao.Outcome, errs []error, err error) {
	j, err := s.begin(ctx, "roster.submit", shebao.EntityRoster, "")
	if err != nil {
		return nil, nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	lp := policy.NewLandPolicies(set)
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(entries)), make([]error, len(entries))
		ids := make([]string, len(entries))
		nos := make([]string, len(entries))
		for i, e := range entries {
			nos[i] = shebao.NormalizeApprovalNo(e.ApprovalNo)
			if nos[i] == "" {
				errs[i] = shebao.FieldErrorf("批准文号", "缺少批准文号")
				continue
			}
			if ids[i], err = shebao.CanonicalIDNo(e.IDNo); err != nil {
				errs[i] = err
			}
		}
		d, err := s.store.RosterData(ctx, nonEmpty(nos), nonEmpty(ids))
		if err != nil {
			return err
		}
		var lines []*shebao.RosterLine
		var sources []string
		for i, e := range entries {
			if errs[i] != nil {
				continue
			}
			b := d.Batches[nos[i]]
			if b == nil || !j.Contains(b.Region) {
				errs[i] = shebao.FieldErrorf("批准文号", "未找到批准文号为%s的征地批次", nos[i])
				continue
			}
			id := ids[i]
			if other, ok := d.OnRoster[id]; ok {
				if other == b.ApprovalNo {
					out[i] = shebao.Unchanged
				} else {
					errs[i] = shebao.FieldErrorf("身份证号", "%s已在征地批次%s的名单中,不能重复安置", idno.MaskID(id), other)
				}
				continue
			}
			l, err := planRosterLine(lp, b, d.Persons[id], id, strings.TrimSpace(e.Name))
			if err != nil {
				errs[i] = err
				continue
			}
			if d.Counts[b.ApprovalNo] >= b.PersonsToSecure {
				errs[i] = shebao.FieldErrorf("身份证号", "批次%s应安置%d人,名单已满%d人,不能超出", b.ApprovalNo, b.PersonsToSecure, d.Counts[b.ApprovalNo])
				continue
			}
			d.Counts[b.ApprovalNo]++
			d.OnRoster[id] = b.ApprovalNo
			lines = append(lines, l)
			sources = append(sources, sourceOf(run, i))
			out[i] = shebao.Created
		}
		return s.store.InsertRosterLines(ctx, run, lines, sources)
	})
	return out, errs, err
}

// planRosterLine checks one person against the batch — registered in the
// batch's village, alive, named as registered, of agricultural hukou, born
// by the approval — and gives them their age band at the approval date
// (policy.CompletedYears, LandBands.Find) and the funding split of the band
// (policy.SplitFunding).
func planRosterLine(lp *policy.LandPolicies, b *shebao.LandBatch, p *shebao.Person, id, name string) (*shebao.RosterLine, error) {
	switch {
	case p == nil:
		return nil, shebao.NotRegistered(id)
	case p.Region != b.Region:
		return nil, shebao.FieldErrorf("身份证号", "%s登记在%s,不是征地村%s的村民", p.Name, p.Region, b.Region)
	case p.Status == shebao.StatusDeceased:
		return nil, shebao.FieldErrorf("身份证号", "%s已于%s死亡", p.Name, p.DeathDate)
	case name == "":
		return nil, shebao.FieldErrorf("姓名", "缺少姓名")
	case name != p.Name:
		return nil, shebao.FieldErrorf("姓名", "姓名“%s”与登记的姓名不符", name)
	case p.Hukou != shebao.HukouAgricultural:
		return nil, shebao.FieldErrorf("身份证号", "%s的户籍性质为%s,不是农业户口", p.Name, p.Hukou)
	}
	on, _ := time.Parse(shebao.DateLayout, b.ApprovedOn)
	if p.Birth > b.ApprovedOn {
		return nil, shebao.FieldErrorf("身份证号", "%s出生于%s,征地批准(%s)时尚未出生", p.Name, p.Birth, b.ApprovedOn)
	}
	age, err := policy.CompletedYears(p.Birth, on)
	if err != nil {
		return nil, err
	}
	pol, err := lp.At(b.Region, on)
	if err != nil {
		return nil, err
	}
	band, err := pol.Bands.Find(age, p.Sex)
	if err != nil {
		return nil, shebao.FieldErrorf("身份证号", "%s", shebao.ErrorMessage(err))
	}
	row, err := pol.Funding.For(band.Name)
	if err != nil {
		return nil, shebao.FieldErrorf("身份证号", "%s", shebao.ErrorMessage(err))
	}
	gov, coll, ind, explain := policy.SplitFunding(row)
	return &shebao.RosterLine{ApprovalNo: b.ApprovalNo, IDNo: p.IDNo, Name: p.Name, Sex: p.Sex, Birth: p.Birth, Region: p.Region,
		Age: age, Band: band.Name, BandKind: band.Kind, BandAmount: band.Amount,
		Standard: row.Standard, Government: gov, Collective: coll, Individual: ind,
		Explanation: fmt.Sprintf("%s%s生于%s,征地批准日%s时%d周岁,属“%s”(%s);%s(依据:%s)",
			p.Name, p.Sex, p.Birth, b.ApprovedOn, age, band.Name, band.KindName(), explain, pol.Cite)}, nil
}
