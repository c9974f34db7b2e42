package collect

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// ImportDeclarations stores a chunk of monthly wage declarations in one
// unit of work. A declaration is accepted only for an employer in the
// actor's jurisdiction, a positive wage, and a person enrolled, and paying
// (参保缴费), in an employee scheme through that employer by the end of the
// month: 增员 comes first. Declaring the same wage again is unchanged; a
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
			start, enrolled := f.Since[shebao.DeclarationKey{Employer: d.Employer, IDNo: d.IDNo}]
			switch {
			case !known:
				errs[i] = shebao.FieldErrorf("统一社会信用代码", "单位%s未登记", d.Employer)
			case d.Wage <= 0:
				errs[i] = shebao.FieldErrorf("工资", "工资应大于0,实为%s元", d.Wage)
			case !enrolled:
				errs[i] = shebao.FieldErrorf("身份证号", "%s不是%s的在职参保职工,请先办理增员", idno.MaskID(d.IDNo), name)
			case start > d.Period.Last().Format(shebao.DateLayout):
				errs[i] = shebao.FieldErrorf("费款所属期", "%s自%s起在%s参保,%s不能申报", idno.MaskID(d.IDNo), start, name, d.Period)
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
