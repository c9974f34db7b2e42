package collect

import (
	"context"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// ImportDeclarations stores a chunk of monthly wage declarations in one
// unit of work. A declaration is accepted only for an employer in the
// actor's jurisdiction, a positive wage, and a person who paid (参保缴费)
// in an employee scheme through that employer on a day of the month, by
// the enrollments' history (增员 comes first; a month before the person
// left may still be declared late). Declaring the same wage again is unchanged; a
// different wage replaces the earlier one (the audit keeps both).
func (s *Service) ImportDeclarations(ctx context.Context, run string, ds []shebao.Declaration) (out []shebao.Outcome, errs []error, err error) {
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(ds)), make([]error, len(ds))
		f, err := s.store.DeclarationFacts(ctx, ds)
		if err != nil {
			return err
		}
		var fresh []shebao.Declaration
		var changed []shebao.DeclarationChange
		for i, d := range ds {
			name, known := f.Employers[d.Employer]
			spells := f.Spells[shebao.DeclarationKey{Employer: d.Employer, IDNo: d.IDNo}]
			switch {
			case !known:
				errs[i] = shebao.FieldErrorf("统一社会信用代码", "单位%s未登记", d.Employer)
			case d.Wage <= 0:
				errs[i] = shebao.FieldErrorf("工资", "工资应大于0,实为%s元", d.Wage)
			case len(spells) == 0:
				errs[i] = shebao.FieldErrorf("身份证号", "%s不是%s的在职参保职工,请先办理增员", idno.MaskID(d.IDNo), name)
			case !slices.ContainsFunc(spells, func(sp shebao.PayingSpell) bool { return sp.Covers(d.Period) }):
				if start := spells[0].From; start > d.Period.Last().Format(shebao.DateLayout) {
					errs[i] = shebao.FieldErrorf("费款所属期", "%s自%s起在%s参保,%s不能申报", idno.MaskID(d.IDNo), start, name, d.Period)
					break
				}
				errs[i] = shebao.FieldErrorf("费款所属期", "%s在%s不是%s的参保缴费职工(在该单位参保缴费:%s),不能申报",
					idno.MaskID(d.IDNo), d.Period, name, spellsText(spells))
			default:
				switch old, ok := f.Wages[d.Key()]; {
				case !ok:
					fresh = append(fresh, d)
					out[i] = shebao.Created
				case old == d.Wage:
					out[i] = shebao.Unchanged
				default:
					changed = append(changed, shebao.DeclarationChange{Declaration: d, Old: old})
					out[i] = shebao.Updated
				}
				f.Wages[d.Key()] = d.Wage
			}
		}
		return s.store.SaveDeclarations(ctx, run, fresh, changed)
	})
	return out, errs, err
}

// spellsText writes paying spells for a message: "2025-01-01至2025-04-14,
// 2025-06-01起".
func spellsText(spells []shebao.PayingSpell) string {
	parts := make([]string, len(spells))
	for i, sp := range spells {
		if sp.To == "" {
			parts[i] = sp.From + "起"
			continue
		}
		to, err := shebao.ParseDate("date", sp.To)
		if err != nil {
			parts[i] = sp.From + "至" + sp.To
			continue
		}
		parts[i] = sp.From + "至" + to.AddDate(0, 0, -1).Format(shebao.DateLayout)
	}
	return strings.Join(parts, ",")
}
