package enroll

import (
	"github.com/shebao/shebao"
)

// Employments of imported employees (issue #14).
//
// 增员 records the employment (单位参保期间) that 减员 ends; an import of
// enrollments taken over from an earlier system is the same fact — the
// person is, or was, the employer's employee — so it records the
// employment too, or the imported employee could never leave (减员 answers
// "不是单位…的在职参保职工"). One employment per person and employer of the
// chunk, from the earliest start date of their employee-scheme rows with
// that employer: open when one of the rows is 参保缴费; when every row was
// taken over in another status (暂停缴费, 享受待遇), ended on the latest
// status date, as the enrollments' history says. The store leaves out an
// employment the person already has open with the employer (a row added
// to an employee hired before), so an import changes nothing twice. A row
// marked 农民合同制工人 marks the employment it records as a rural contract
// worker's; an employment already open is left as it is (its mark is the
// 增员's).

// importedEmployments returns the employments that the planned employee
// enrollments of an import chunk record.
func importedEmployments(plan []*shebao.Enrollment, reqs []shebao.EnrollRequest) []shebao.Employment {
	type key struct{ id, employer string }
	byKey := map[key]*shebao.Employment{}
	var order []key
	for i, n := range plan {
		s, ok := shebao.FindScheme(n.Scheme)
		if !ok || s.Kind != shebao.KindEmployee || n.Employer == "" {
			continue
		}
		k := key{n.IDNo, n.Employer}
		e := byKey[k]
		if e == nil {
			e = &shebao.Employment{IDNo: n.IDNo, Employer: n.Employer, Start: n.StartDate, End: "9999-12-31"}
			byKey[k] = e
			order = append(order, k)
		}
		e.Start = min(e.Start, n.StartDate)
		e.RuralContract = e.RuralContract || reqs[i].RuralContract
		switch {
		case n.Status == shebao.EnrollActive:
			e.End = "" // employed now
		case e.End != "":
			end := reqs[i].StatusDate
			if end == "" {
				end = n.StartDate
			}
			if e.End == "9999-12-31" {
				e.End = end
			} else {
				e.End = max(e.End, end)
			}
		}
	}
	out := make([]shebao.Employment, 0, len(order))
	for _, k := range order {
		e := *byKey[k]
		if e.End != "" {
			e.EndReason = "原系统迁入时的状态"
		}
		out = append(out, e)
	}
	return out
}
