package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// 社会保险补贴 of employers and flexible workers (employ.Service,
// issue #19 item 5, docs/DOMAIN.md §10).

// HardshipOn is the person's 就业困难人员 certification in force on some day
// from from to to (certified by to, not ended and not past its term before
// from; the latest certified), nil when none. Unaudited: for the rules.
func (db *DB) HardshipOn(ctx context.Context, idNo, from, to string) (*shebao.HardshipCertification, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	h, err := scanHardship(db.queryRow(ctx, `SELECT `+hardshipColumns+` FROM hardship_certifications h JOIN persons p ON p.id_no = h.id_no
		WHERE h.id_no = $1 AND h.certified_on <= $3 AND (h.ended_on = '' OR h.ended_on >= $2) AND (h.valid_until = '' OR h.valid_until >= $2)
		ORDER BY h.certified_on DESC LIMIT 1`, idNo, from, to))
	if isNoRows(err) {
		return nil, nil
	}
	return h, err
}

// SubsidyHire is the start date of the person's employee-scheme (110, 310,
// 210) enrollment in payment with the employer, the earliest if several
// ("" when none). Unaudited: for the rules.
func (db *DB) SubsidyHire(ctx context.Context, idNo, uscc string) (string, error) {
	if _, err := scopeOf(ctx); err != nil {
		return "", err
	}
	var start string
	err := db.queryRow(ctx, `SELECT COALESCE(MIN(start_date), '') FROM enrollments
		WHERE id_no = $1 AND employer_uscc = $2 AND scheme IN ($3, $4, $5) AND status = $6`,
		idNo, uscc, shebao.SchemeEmployeePension, shebao.SchemeEmployeeMedical, shebao.SchemeUnemployment, shebao.EnrollActive).Scan(&start)
	return start, err
}

// FlexBaseCovers reports whether a flexible-employment base of the person
// covers the month.
func (db *DB) FlexBaseCovers(ctx context.Context, idNo, month string) (bool, error) {
	if _, err := scopeOf(ctx); err != nil {
		return false, err
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM flex_bases WHERE id_no = $1 AND from_period <= $2 AND (to_period = '' OR to_period >= $2)`,
		idNo, month).Scan(&n)
	return n > 0, err
}

const subsidyColumns = `x.id, x.id_no, p.name, x.region_code, x.kind, x.employer_uscc, COALESCE(e.name, ''), x.certification_id,
	x.start_month, x.end_month, x.months, x.share, x.bank_account, x.explain, x.created_by, x.approved_by`

const subsidyFrom = ` FROM insurance_subsidies x JOIN persons p ON p.id_no = x.id_no LEFT JOIN employers e ON e.uscc = x.employer_uscc`

func scanSubsidy(s rowScanner) (*shebao.InsuranceSubsidy, error) {
	x := &shebao.InsuranceSubsidy{}
	var share int64
	err := s.Scan(&x.ID, &x.IDNo, &x.Name, &x.Region, &x.Kind, &x.Employer, &x.EmployerName, &x.Certification,
		&x.Start, &x.End, &x.Months, &share, &x.BankAccount, &x.Explain, &x.CreatedBy, &x.ApprovedBy)
	x.Share = shebao.Rate(share)
	return x, err
}

// PersonInsuranceSubsidies are the person's grants, oldest first
// (unaudited: for the term limit of a new grant or placement).
func (db *DB) PersonInsuranceSubsidies(ctx context.Context, idNo string) ([]*shebao.InsuranceSubsidy, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	var out []*shebao.InsuranceSubsidy
	err := db.View(ctx, func(tx *Tx) error {
		out = nil
		return tx.scanRows(ctx, `SELECT `+subsidyColumns+subsidyFrom+` WHERE x.id_no = $1 ORDER BY x.start_month`, []any{idNo},
			func(s rowScanner) error {
				x, err := scanSubsidy(s)
				out = append(out, x)
				return err
			})
	})
	return out, err
}

// PendingInsuranceSubsidies counts the person's grants waiting for
// approval (from the payloads of the queue).
func (db *DB) PendingInsuranceSubsidies(ctx context.Context, idNo string) (int, error) {
	if _, err := scopeOf(ctx); err != nil {
		return 0, err
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM approvals WHERE kind = $1 AND status = $2 AND payload LIKE $3`,
		shebao.ApproveInsuranceSubsidy, shebao.ApprovalPending, `%"id_no":"`+idNo+`"%`).Scan(&n)
	return n, err
}

// SubmitInsuranceSubsidy puts a grant into the approval queue of the
// region (subsidy.grant).
func (db *DB) SubmitInsuranceSubsidy(ctx context.Context, region, summary string, payload any) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.submitApproval(ctx, shebao.ApproveInsuranceSubsidy, region, summary, payload)
		return err
	})
	return out, err
}

// InsertInsuranceSubsidy records an approved grant (its maker from the
// approval), with its audit entry (subsidy.grant).
func (db *DB) InsertInsuranceSubsidy(ctx context.Context, x *shebao.InsuranceSubsidy) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(x.Region) {
		return notFoundPerson(x.IDNo)
	}
	if err := authorize(sc.actor, "subsidy.grant", shebao.EntityPost, ""); err != nil {
		return err
	}
	// The key is opaque: it is shown where the ID number is masked, and
	// it names the benefits' source.
	x.ID, x.CreatedBy = newID(), sc.actor.Name
	if m, ok := ctx.Value(approvalMakerKey{}).(string); ok && m != "" {
		x.CreatedBy = m
	}
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO insurance_subsidies (id, id_no, region_code, kind, employer_uscc, certification_id, start_month,
			end_month, months, share, bank_account, explain, created_at, created_by, approved_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			x.ID, x.IDNo, x.Region, x.Kind, x.Employer, x.Certification, x.Start, x.End, x.Months, int64(x.Share), x.BankAccount, x.Explain,
			fmtTime(tx.now), x.CreatedBy, x.ApprovedBy); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "该社会保险补贴已认定")
			}
			return err
		}
		return tx.audit(ctx, "subsidy.grant", shebao.EntityPost, x.IDNo, x.Region, nil, x)
	})
}

// FindInsuranceSubsidies lists the grants of the actor's jurisdiction that
// begin in or before the month ("" all), newest first (an audited list,
// subsidy.list).
func (db *DB) FindInsuranceSubsidies(ctx context.Context, upto string) ([]*shebao.InsuranceSubsidy, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("x.region_code", nil, nil)
	if upto != "" {
		args = append(args, upto)
		conds = append(conds, "x.start_month <= $"+itoa(len(args)))
	}
	var out []*shebao.InsuranceSubsidy
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		if err := tx.scanRows(ctx, `SELECT `+subsidyColumns+subsidyFrom+whereClause(conds)+` ORDER BY x.start_month DESC, x.id LIMIT 5000`, args,
			func(s rowScanner) error {
				x, err := scanSubsidy(s)
				out = append(out, x)
				return err
			}); err != nil {
			return err
		}
		return tx.audit(ctx, "subsidy.list", shebao.EntityPost, "", sc.region(), nil,
			listDetail(map[string]any{"upto": upto}, len(out), countPersons(out, func(x *shebao.InsuranceSubsidy) string { return x.IDNo })))
	})
	return out, err
}

// SubsidyMonths reads the grant's contribution months from its start to
// upto (at most its end): the payer's bill of each month (the employer's,
// or the flexible worker's own), the person's contributions a
// reimbursement refunds — the employer's part of 110, 310 and 210 on the
// employer's bill, or the person's flexible bill lines — and whether the
// month was reimbursed already.
func (db *DB) SubsidyMonths(ctx context.Context, x *shebao.InsuranceSubsidy, upto string) ([]shebao.SubsidyMonth, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	upto = min(upto, x.End)
	if upto < x.Start {
		return nil, nil
	}
	var out []shebao.SubsidyMonth
	at := map[string]int{}
	for m := shebao.Period(x.Start); string(m) <= upto; m = shebao.Period(m.First().AddDate(0, 1, 0).Format("2006-01")) {
		at[string(m)] = len(out)
		out = append(out, shebao.SubsidyMonth{Month: string(m), Parts: map[string]shebao.Money{}})
	}
	payerKind, payer := shebao.PayerPerson, x.IDNo
	lines := `SELECT period, scheme, amount FROM flex_bill_lines WHERE id_no = $1 AND period >= $2 AND period <= $3`
	lineArgs := []any{x.IDNo, x.Start, upto}
	if x.Kind == shebao.SubsidyEmployer {
		payerKind, payer = shebao.PayerEmployer, x.Employer
		lines = `SELECT period, scheme, employer_amount FROM bill_lines WHERE employer_uscc = $4 AND id_no = $1 AND period >= $2 AND period <= $3
			AND scheme IN ($5, $6, $7)`
		lineArgs = append(lineArgs, x.Employer, shebao.SchemeEmployeePension, shebao.SchemeEmployeeMedical, shebao.SchemeUnemployment)
	}
	err := db.View(ctx, func(tx *Tx) error {
		for i := range out {
			out[i].Billed, out[i].Due, out[i].Paid, out[i].Refunded = false, 0, 0, false
			clear(out[i].Parts)
		}
		if err := tx.scanRows(ctx, `SELECT period, total, paid FROM bills WHERE payer_kind = $1 AND payer = $2 AND period >= $3 AND period <= $4`,
			[]any{payerKind, payer, x.Start, upto}, func(s rowScanner) error {
				var period string
				var due, paid int64
				if err := s.Scan(&period, &due, &paid); err != nil {
					return err
				}
				if i, ok := at[period]; ok {
					out[i].Billed, out[i].Due, out[i].Paid = true, shebao.Money(due), shebao.Money(paid)
				}
				return nil
			}); err != nil {
			return err
		}
		if err := tx.scanRows(ctx, lines, lineArgs, func(s rowScanner) error {
			var period, scheme string
			var amount int64
			if err := s.Scan(&period, &scheme, &amount); err != nil {
				return err
			}
			if i, ok := at[period]; ok {
				out[i].Parts[scheme] += shebao.Money(amount)
			}
			return nil
		}); err != nil {
			return err
		}
		prefix := "subsidy:" + x.ID + ":"
		return tx.scanRows(ctx, `SELECT source FROM benefits WHERE id_no = $1 AND kind = $2 AND source LIKE $3`,
			[]any{x.IDNo, shebao.BenefitInsuranceSubsidy, prefix + "%"}, func(s rowScanner) error {
				var source string
				if err := s.Scan(&source); err != nil {
					return err
				}
				if i, ok := at[source[len(prefix):]]; ok {
					out[i].Refunded = true
				}
				return nil
			})
	})
	return out, err
}

// CreateSubsidyBenefits creates months' 社会保险补贴 (kind insurance_subsidy
// only), audited as subsidy.reimburse: the right it needs is the post's,
// not the benefits line's. It returns how many were created: a month
// reimbursed before (the same source) is not paid again.
func (db *DB) CreateSubsidyBenefits(ctx context.Context, bs []shebao.NewBenefit) (int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	if err := authorize(sc.actor, "subsidy.reimburse", shebao.EntityPost, ""); err != nil {
		return 0, err
	}
	for _, b := range bs {
		if b.Kind != shebao.BenefitInsuranceSubsidy {
			return 0, shebao.Errorf(shebao.EINVALID, "社会保险补贴不能核定%s", b.Kind)
		}
	}
	var n int
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.createBenefitsAs(ctx, bs, "subsidy.reimburse", shebao.EntityPost)
		return err
	})
	return n, err
}
