package collect

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// ImportContributionYears stores yearly contribution history (历年缴费记录
// 迁移) in one unit of work, set-based: one read of the persons and their
// records, one bulk upsert. A record that is invalid, or of a person not
// registered or outside the jurisdiction, is rejected with the reason; the
// others land. Importing the same file again changes nothing; a corrected
// record replaces the year (the audit entry lists the run). Two different
// rows for one person, scheme and year in one chunk: the second is refused
// with the row it repeats — which is right is for the clerk to say.
func (s *Service) ImportContributionYears(ctx context.Context, run string, cs []shebao.ContributionYear) (out []shebao.Outcome, errs []error, err error) {
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(cs)), make([]error, len(cs))
		ids := make([]string, 0, len(cs))
		for _, c := range cs {
			ids = append(ids, c.IDNo)
		}
		f, err := s.store.ContributionYearFacts(ctx, run, ids)
		if err != nil {
			return err
		}
		thisYear := shebao.Today().Year()
		var upsert []shebao.ContributionYear
		first := map[shebao.YearKey]int{} // key → the chunk's first row with it
		for i, c := range cs {
			if err := c.Validate(thisYear); err != nil {
				errs[i] = err
				continue
			}
			if !f.Persons[c.IDNo] {
				errs[i] = shebao.Errorf(shebao.ENOTFOUND, "未找到身份证号为%s的人员", idno.MaskID(c.IDNo))
				continue
			}
			key := c.Key()
			old, ok := f.Stored[key]
			if j, dup := first[key]; dup && !(ok && old.Same(c)) {
				errs[i] = shebao.FieldErrorf("year", "%d年度%s险种的缴费记录与本批第%d条重复且内容不同,同一人同一险种同一年度只能有一条",
					c.Year, c.Scheme, j+1)
				continue
			}
			if _, dup := first[key]; !dup {
				first[key] = i
			}
			switch {
			case ok && old.Same(c):
				out[i] = shebao.Unchanged
				continue
			case ok:
				out[i] = shebao.Updated
			default:
				out[i] = shebao.Created
			}
			f.Stored[key] = c
			if c.Source == "" {
				c.Source = run
			}
			upsert = append(upsert, c)
		}
		return s.store.SaveContributionYears(ctx, run, upsert)
	})
	return out, errs, err
}
