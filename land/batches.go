package land

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// ImportLandBatches stores a chunk of expropriation batches from the land
// bureau (an import, or the API with run "api"), keyed by approval number:
// a new number is created, a repeat changes nothing, a corrected row
// updates the batch and keeps its previous state in its history. A batch
// whose roster is already in may not move to another village nor drop
// below the persons already on its roster. A bad row is rejected with its
// reason and the others land.
func (s *Service) ImportLandBatches(ctx context.Context, run string, in []shebao.NewLandBatch) (out []shebao.Outcome, errs []error, err error) {
	j, err := s.begin(ctx, "land.import", shebao.EntityLand, "")
	if err != nil {
		return nil, nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(in)), make([]error, len(in))
		planned := make([]*shebao.LandBatch, len(in))
		nos := make([]string, 0, len(in))
		for i, b := range in {
			p, err := s.planBatch(ctx, set, b)
			if err != nil {
				errs[i] = err
				continue
			}
			planned[i] = p
			nos = append(nos, p.ApprovalNo)
		}
		existing, err := s.store.LandBatchesByNo(ctx, nos)
		if err != nil {
			return err
		}
		counts, err := s.store.RosterCounts(ctx, nos)
		if err != nil {
			return err
		}
		var fresh []*shebao.LandBatch
		seen := map[string]int{}
		for i, b := range planned {
			if b == nil {
				continue
			}
			if first, dup := seen[b.ApprovalNo]; dup {
				errs[i] = shebao.FieldErrorf("批准文号", "与第%d条重复", first+1)
				continue
			}
			seen[b.ApprovalNo] = i
			b.Source = sourceOf(run, i)
			old := existing[b.ApprovalNo]
			if old == nil {
				if !j.Contains(b.Region) {
					errs[i] = shebao.FieldErrorf("区划代码", "区划%s不在您的管辖范围内", b.Region)
					continue
				}
				fresh = append(fresh, b)
				out[i] = shebao.Created
				continue
			}
			if !j.Contains(old.Region) {
				// Another jurisdiction's batch: as if it did not exist, but
				// its number is taken.
				errs[i] = shebao.Errorf(shebao.ECONFLICT, "批准文号%s已被其他辖区的批次使用", b.ApprovalNo)
				continue
			}
			changes := batchChanges(old, b)
			if len(changes) == 0 {
				out[i] = shebao.Unchanged
				continue
			}
			if n := counts[b.ApprovalNo]; n > 0 && b.Region != old.Region {
				errs[i] = shebao.FieldErrorf("区划代码", "批次%s已有%d人的名单,不能改为其他村", b.ApprovalNo, n)
				continue
			}
			if n := counts[b.ApprovalNo]; n > b.PersonsToSecure {
				errs[i] = shebao.FieldErrorf("应安置人数", "更正后应安置%d人,少于名单上已有的%d人", b.PersonsToSecure, n)
				continue
			}
			if err := s.store.UpdateLandBatch(ctx, old, b, changes); err != nil {
				return err
			}
			out[i] = shebao.Updated
		}
		return s.store.InsertLandBatches(ctx, run, fresh)
	})
	return out, errs, err
}

// SaveLandBatch creates or corrects one batch (the land bureau's API) and
// returns it with what was done.
func (s *Service) SaveLandBatch(ctx context.Context, in shebao.NewLandBatch) (*shebao.LandBatch, shebao.Outcome, error) {
	out, errs, err := s.ImportLandBatches(ctx, "api", []shebao.NewLandBatch{in})
	if err != nil {
		return nil, 0, err
	}
	if errs[0] != nil {
		return nil, 0, errs[0]
	}
	b, err := s.store.FindLandBatch(ctx, shebao.NormalizeApprovalNo(in.ApprovalNo))
	return b, out[0], err
}

// planBatch validates a batch as the land bureau sent it and computes the
// persons to secure (policy.PersonsToSecure) with the rounding in force for
// the village on the approval date (land.rounding).
func (s *Service) planBatch(ctx context.Context, set *policy.Set, in shebao.NewLandBatch) (*shebao.LandBatch, error) {
	b := &shebao.LandBatch{ApprovalNo: shebao.NormalizeApprovalNo(in.ApprovalNo), AgriPopulation: in.AgriPopulation}
	if b.ApprovalNo == "" {
		return nil, shebao.FieldErrorf("批准文号", "缺少批准文号")
	}
	if len(b.ApprovalNo) > 100 {
		return nil, shebao.FieldErrorf("批准文号", "批准文号过长")
	}
	on, err := time.Parse(shebao.DateLayout, strings.TrimSpace(in.ApprovedOn))
	if err != nil {
		return nil, shebao.FieldErrorf("批准日期", "批准日期“%s”无效,应为YYYY-MM-DD", in.ApprovedOn)
	}
	if on.After(shebao.Today()) {
		return nil, shebao.FieldErrorf("批准日期", "批准日期%s晚于今天", on.Format(shebao.DateLayout))
	}
	b.ApprovedOn = on.Format(shebao.DateLayout)
	r, err := idno.ParseRegion(in.Region)
	if err != nil {
		return nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
	}
	if r.Level != shebao.LevelVillage {
		return nil, shebao.FieldErrorf("区划代码", "区划代码%s是%s,征地批次应填写村(社区)级代码", r.Code, idno.LevelName(r.Level))
	}
	b.Region = r.Code
	if err := s.store.CheckRegion(ctx, "区划代码", b.Region); err != nil {
		return nil, err
	}
	area, err := policy.ParseMu(in.AreaTaken)
	if err != nil {
		return nil, shebao.FieldErrorf("征收耕地面积", "%s", shebao.ErrorMessage(err))
	}
	farmland, err := policy.ParseMu(in.Farmland)
	if err != nil {
		return nil, shebao.FieldErrorf("征地前耕地面积", "%s", shebao.ErrorMessage(err))
	}
	b.AreaTaken, b.Farmland = area.String(), farmland.String()
	var rounding policy.Rounding
	p, err := set.Table("land.rounding", b.Region, on, &rounding)
	if err != nil {
		return nil, err
	}
	n, explain, err := policy.PersonsToSecure(area, farmland, b.AgriPopulation, rounding)
	if err != nil {
		field := map[string]string{"farmland": "征地前耕地面积", "population": "征地前农业人口", "area": "征收耕地面积"}[fieldOf(err)]
		if field == "" {
			field = "应安置人数"
		}
		return nil, shebao.FieldErrorf(field, "%s", shebao.ErrorMessage(err))
	}
	b.PersonsToSecure = n
	b.Explanation = explain + "(取整依据:" + p.Cite() + ")"
	return b, nil
}

// fieldOf is the field an error names, if any.
func fieldOf(err error) string {
	var e *shebao.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// batchChanges lists what a corrected batch changes.
func batchChanges(old, b *shebao.LandBatch) []shebao.Change {
	var cs []shebao.Change
	add := func(field, before, after string) {
		if before != after {
			cs = append(cs, shebao.Change{Field: field, Before: before, After: after})
		}
	}
	add("批准日期", old.ApprovedOn, b.ApprovedOn)
	add("区划代码", old.Region, b.Region)
	add("征收耕地面积", old.AreaTaken, b.AreaTaken)
	add("征地前耕地面积", old.Farmland, b.Farmland)
	add("征地前农业人口", strconv.Itoa(old.AgriPopulation), strconv.Itoa(b.AgriPopulation))
	add("应安置农业人口", strconv.Itoa(old.PersonsToSecure), strconv.Itoa(b.PersonsToSecure))
	return cs
}
