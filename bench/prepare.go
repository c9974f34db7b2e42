package bench

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/ingest"
)

// The Prepare functions build the data of one benchmark into an existing
// database through the product's own bulk paths, so that the benchmarks,
// the crash tests (cmd/shebao) and `shebao bench` start from the same state.
// ctx must carry an actor allowed to write everywhere (SystemActor).

// SaveRegions saves the demo district's regions (金凤区 and its towns and
// villages), which the generated rosters refer to.
func SaveRegions(ctx context.Context, svc *app.App) error {
	for _, r := range demo.Regions {
		if _, err := svc.Registry.SaveRegion(ctx, &r); err != nil {
			return fmt.Errorf("region %s: %w", r.Code, err)
		}
	}
	return nil
}

// PreparePersons writes a roster of rows persons (seed 0 = the default) to
// dir and imports it.
func PreparePersons(ctx context.Context, svc *app.App, dir string, rows int, seed uint64) error {
	if seed == 0 {
		seed = defaultSeed
	}
	path := filepath.Join(dir, fmt.Sprintf("persons-%d-%d.csv", rows, seed))
	if err := WritePersonsCSV(path, rows, seed); err != nil {
		return err
	}
	return importPersons(ctx, svc, path, rows)
}

func importPersons(ctx context.Context, svc *app.App, path string, rows int) error {
	s, err := ingest.Persons(ctx, svc, path, ingest.Options{})
	if err != nil {
		return fmt.Errorf("bench: persons: %w", err)
	}
	if s.Created+s.Unchanged != rows || s.Rejected != 0 {
		return fmt.Errorf("bench: persons: created %d, unchanged %d, rejected %d of %d", s.Created, s.Unchanged, s.Rejected, rows)
	}
	return nil
}

const defaultSeed = 20260101

// AssessmentEmployer returns the 统一社会信用代码 of the i-th employer of
// PrepareAssessment.
func AssessmentEmployer(i int) string { return demo.USCC("640106", 200000+i) }

// PrepareAssessment sets up the assessment's data for the first rows
// persons of the roster (who must exist): one employer per fifty, every
// person enrolled with it in the five employee schemes from 2024-01, and a
// declared wage for each month. In the first month every employer
// declares; in later months every tenth employer does not, so that their
// bills come from last month's lines (basis undeclared, 110%), and wages
// rise by 1% a month.
func PrepareAssessment(ctx context.Context, svc *app.App, rows int, months ...shebao.Period) error {
	nEmp := max(1, rows/50)
	emps, err := prepareEmployers(ctx, svc, nEmp)
	if err != nil {
		return err
	}
	for s := 0; s < rows; s += 2000 {
		var reqs []shebao.EnrollRequest
		var decl []shebao.Declaration
		for i := s; i < min(s+2000, rows); i++ {
			id, _ := personID(i)
			emp := i % nEmp
			for _, sch := range shebao.EmployeeBundle {
				reqs = append(reqs, shebao.EnrollRequest{IDNo: id, Scheme: sch, Employer: emps[emp].USCC, Date: "2024-01-01"})
			}
			wage := int64(300000 + int64(i%3000)*1000)
			for m, month := range months {
				if m > 0 && emp%10 == 0 {
					continue
				}
				decl = append(decl, shebao.Declaration{Employer: emps[emp].USCC, Period: month, IDNo: id, Wage: shebao.Money(wage)})
				wage += wage / 100
			}
		}
		if _, errs, err := svc.Enroll.ImportEnrollments(ctx, "bench", reqs); err != nil {
			return err
		} else if err := firstErr(errs); err != nil {
			return err
		}
		if _, errs, err := svc.Collect.ImportDeclarations(ctx, "bench", decl); err != nil {
			return err
		} else if err := firstErr(errs); err != nil {
			return err
		}
	}
	return nil
}

// PrepareInterest gives the first rows persons of the roster (who must
// exist) a pension individual account (fund 110) with an opening balance on
// 2023-12-31 and a credit on 2024-06-30, for the interest of 2024.
func PrepareInterest(ctx context.Context, svc *app.App, rows int) error {
	for s := 0; s < rows; s += 10000 {
		var open, credit []shebao.AccountMovement
		for i := s; i < min(s+10000, rows); i++ {
			id, _ := personID(i)
			open = append(open, shebao.AccountMovement{IDNo: id, Fund: "110", Date: "2023-12-31", Kind: shebao.MoveCredit, Source: fmt.Sprintf("opening:%d", s),
				Amount: shebao.Money(1000000 + int64(i%5000)*1000)})
			credit = append(credit, shebao.AccountMovement{IDNo: id, Fund: "110", Date: "2024-06-30", Kind: shebao.MoveCredit, Source: fmt.Sprintf("bill:2024:%d", s),
				Amount: shebao.Money(38400 + int64(i%100)*100)})
		}
		// One source per chunk: a source is one event, with one entry.
		if _, err := svc.Ledger.MoveAccounts(ctx, "2023-12-31", fmt.Sprintf("opening:%d", s), "期初余额", open); err != nil {
			return err
		}
		if _, err := svc.Ledger.MoveAccounts(ctx, "2024-06-30", fmt.Sprintf("bill:2024:%d", s), "2024年记账", credit); err != nil {
			return err
		}
	}
	return nil
}

// prepareEmployers creates n employers with the codes AssessmentEmployer(i).
func prepareEmployers(ctx context.Context, svc *app.App, n int) ([]*shebao.Employer, error) {
	emps := demo.Employers(9, n)
	for i, x := range emps {
		x.USCC = AssessmentEmployer(i)
		if err := shebao.NormalizeEmployer(x); err != nil {
			return nil, err
		}
		x.Source = "bench"
	}
	for s := 0; s < len(emps); s += 5000 {
		if _, errs, err := svc.Registry.ImportEmployers(ctx, "bench", emps[s:min(s+5000, len(emps))]); err != nil {
			return nil, err
		} else if err := firstErr(errs); err != nil {
			return nil, err
		}
	}
	return emps, nil
}
