package sqldb

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// The store of the monthly settlement with hospitals (医疗费用结算拨付,
// issue #5; the rules are package medical's): the claims to settle grouped
// by hospital and scheme, the settlements (hospital_settlements) made of
// them set-based, the approval of their payment, and the payment.

// settlementTable is the bulk insert of new settlements.
var settlementTable = bulkTable{
	name:     "hospital_settlements",
	cols:     []string{"id", "month", "hospital", "scheme", "status", "created_at", "created_by"},
	pgTypes:  []string{"text", "text", "text", "text", "text", "text", "text"},
	conflict: "ON CONFLICT (month, hospital, scheme) DO NOTHING",
}

// ClaimGroups returns, for the claims in the actor's jurisdiction
// discharged before the date and not settled yet, the number of claims per
// hospital and scheme.
func (db *DB) ClaimGroups(ctx context.Context, before string) ([]shebao.ClaimGroup, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out []shebao.ClaimGroup
	err = db.Update(ctx, func(tx *Tx) error {
		out = nil
		conds, args := sc.where("region_code", []string{"settlement_id = ''", "discharged < $1"}, []any{before})
		// The 医疗救助 lines are settled apart (medaid): one group per
		// hospital with the scheme medical_aid.
		q := `SELECT hospital, scheme, COUNT(*) FROM medical_claims` + whereClause(conds) + ` GROUP BY hospital, scheme`
		if db.medicalAid.Load() {
			aidConds, _ := sc.where("region_code", []string{"settlement_id = ''", "discharged < $1"}, []any{before})
			q += ` UNION ALL SELECT hospital, '` + shebao.BenefitMedicalAid + `', COUNT(*) FROM medical_aid_claims` + whereClause(aidConds) + ` GROUP BY hospital`
		}
		return tx.scanRows(ctx, q, args,
			func(s rowScanner) error {
				var g shebao.ClaimGroup
				if err := s.Scan(&g.Hospital, &g.Scheme, &g.Claims); err != nil {
					return err
				}
				out = append(out, g)
				return nil
			})
	})
	return out, err
}

// CreateSettlements makes one settlement (待拨付) of the month per group,
// set-based: the claims in the actor's jurisdiction discharged before the
// date and not settled yet are marked with the settlement of their
// hospital and scheme, and each settlement is returned with the count,
// sums and discharge dates of its claims. A group whose claims were all
// settled meanwhile makes none.
func (db *DB) CreateSettlements(ctx context.Context, month shebao.Period, before string, groups []shebao.ClaimGroup) ([]*shebao.HospitalSettlement, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out []*shebao.HospitalSettlement
	err = db.Update(ctx, func(tx *Tx) error {
		out = nil
		now := fmtTime(tx.now)
		rows := make([][]any, len(groups))
		ids := make([]string, len(groups))
		for i, g := range groups {
			ids[i] = newID()
			rows[i] = []any{ids[i], string(month), g.Hospital, g.Scheme, shebao.SettlementPending, now, sc.actor.Name}
		}
		if err := tx.bulkInsert(ctx, settlementTable, rows); err != nil {
			return err
		}
		// Mark the claims: each takes the new settlement of its hospital and
		// scheme, if any.
		sub, args := tx.inKeys("s.id", ids, []any{before})
		pick := `SELECT s.id FROM hospital_settlements s WHERE ` + sub + ` AND s.hospital = medical_claims.hospital AND s.scheme = medical_claims.scheme`
		conds, args := sc.where("region_code", []string{"settlement_id = ''", "discharged < $1", "EXISTS (" + pick + ")"}, args)
		if _, err := tx.Exec(ctx, `UPDATE medical_claims SET settlement_id = (`+pick+`)`+whereClause(conds), args...); err != nil {
			return err
		}
		// The 医疗救助 lines (medaid) take the hospital's medical_aid settlement.
		cond, args := tx.inKeys("settlement_id", ids, nil)
		sumQ := `SELECT settlement_id, COUNT(*), CAST(SUM(fund_paid) AS BIGINT), CAST(SUM(account_paid) AS BIGINT),
			MIN(discharged), MAX(discharged) FROM medical_claims WHERE ` + cond + ` GROUP BY settlement_id`
		if db.medicalAid.Load() {
			aidSub, aidArgs := tx.inKeys("s.id", ids, []any{before})
			aidPick := `SELECT s.id FROM hospital_settlements s WHERE ` + aidSub + ` AND s.hospital = medical_aid_claims.hospital AND s.scheme = '` +
				shebao.BenefitMedicalAid + `'`
			aidConds, aidArgs := sc.where("region_code", []string{"settlement_id = ''", "discharged < $1", "EXISTS (" + aidPick + ")"}, aidArgs)
			if _, err := tx.Exec(ctx, `UPDATE medical_aid_claims SET settlement_id = (`+aidPick+`)`+whereClause(aidConds), aidArgs...); err != nil {
				return err
			}
			// The assistance is summed as the fund's part of its own settlement.
			sumQ += ` UNION ALL SELECT settlement_id, COUNT(*), CAST(SUM(paid) AS BIGINT), 0, MIN(discharged), MAX(discharged)
			FROM medical_aid_claims WHERE ` + cond + ` GROUP BY settlement_id`
		}
		// Count and sum what was marked.
		sums := map[string]*shebao.HospitalSettlement{}
		if err := tx.scanRows(ctx, sumQ, args, func(r rowScanner) error {
			s := &shebao.HospitalSettlement{}
			var fund, acct int64
			if err := r.Scan(&s.ID, &s.Claims, &fund, &acct, &s.FirstDischarged, &s.LastDischarged); err != nil {
				return err
			}
			s.FundPaid, s.AccountPaid, s.Amount = shebao.Money(fund), shebao.Money(acct), shebao.Money(fund+acct)
			sums[s.ID] = s
			return nil
		}); err != nil {
			return err
		}
		for i, id := range ids {
			s := sums[id]
			if s == nil { // its claims were settled meanwhile: nothing to pay
				if _, err := tx.Exec(ctx, `DELETE FROM hospital_settlements WHERE id = $1`, id); err != nil {
					return err
				}
				continue
			}
			s.Month, s.Hospital, s.Scheme, s.Status, s.CreatedBy = string(month), groups[i].Hospital, groups[i].Scheme, shebao.SettlementPending, sc.actor.Name
			out = append(out, s)
		}
		return nil
	})
	return out, err
}

// DescribeSettlements stores the figures and explanation of settlements
// made by CreateSettlements (one update each: hospitals × schemes, tens a
// month).
func (db *DB) DescribeSettlements(ctx context.Context, list []*shebao.HospitalSettlement) error {
	return db.Update(ctx, func(tx *Tx) error {
		for _, s := range list {
			if _, err := tx.Exec(ctx, `UPDATE hospital_settlements SET claims = $1, fund_paid = $2, account_paid = $3, amount = $4,
				first_discharged = $5, last_discharged = $6, explanation = $7 WHERE id = $8`,
				s.Claims, int64(s.FundPaid), int64(s.AccountPaid), int64(s.Amount), s.FirstDischarged, s.LastDischarged, s.Explanation, s.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// SettlementsByID returns the settlements with the ids, by month, hospital
// and scheme.
func (db *DB) SettlementsByID(ctx context.Context, ids []string) ([]*shebao.HospitalSettlement, error) {
	return db.settlementsBy(ctx, "id", ids)
}

// MonthSettlements returns the settlements of the month.
func (db *DB) MonthSettlements(ctx context.Context, month shebao.Period) ([]*shebao.HospitalSettlement, error) {
	return db.settlementsBy(ctx, "month", []string{string(month)})
}

func (db *DB) settlementsBy(ctx context.Context, col string, keys []string) ([]*shebao.HospitalSettlement, error) {
	var out []*shebao.HospitalSettlement
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.findSettlements(ctx, col, keys)
		return err
	})
	return out, err
}

// PendingSettlementPayments returns the payloads of the settlement
// payments waiting for approval.
func (db *DB) PendingSettlementPayments(ctx context.Context) ([][]byte, error) {
	var out [][]byte
	err := db.Update(ctx, func(tx *Tx) error {
		out = nil
		return tx.scanRows(ctx, `SELECT payload FROM approvals WHERE kind = $1 AND status = $2`,
			[]any{shebao.ApproveHospitalSettlement, shebao.ApprovalPending}, func(s rowScanner) error {
				var payload string
				if err := s.Scan(&payload); err != nil {
					return err
				}
				out = append(out, []byte(payload))
				return nil
			})
	})
	return out, err
}

// SubmitSettlementPayment puts the payment of settlements in the approval
// queue (经办); the payload is the service's.
func (db *DB) SubmitSettlementPayment(ctx context.Context, region, summary string, payload any) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.submitApproval(ctx, shebao.ApproveHospitalSettlement, region, summary, payload)
		return err
	})
	return out, err
}

// RecordHospitalSettlement audits a settlement run of the month.
func (db *DB) RecordHospitalSettlement(ctx context.Context, month shebao.Period, detail map[string]any) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		return tx.audit(ctx, "hospital.settle", shebao.EntityMedical, string(month), a.Region, nil, detail)
	})
}

// PaySettlements carries out an approved payment: the entries (Dr 2101 /
// Cr 1002 per settlement) are posted and the settlements still pending
// become 已拨付.
func (db *DB) PaySettlements(ctx context.Context, ids []string, entries []*shebao.Entry) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.postFor(ctx, shebao.EntityMedical, entries); err != nil {
			return err
		}
		cond, args := tx.inKeys("id", ids, []any{shebao.SettlementPaid, fmtTime(tx.now), shebao.SettlementPending})
		_, err := tx.Exec(ctx, `UPDATE hospital_settlements SET status = $1, paid_at = $2 WHERE status = $3 AND `+cond, args...)
		return err
	})
}

const settlementColumns = `id, month, hospital, scheme, claims, fund_paid, account_paid, amount, first_discharged, last_discharged,
	status, explanation, created_by, paid_at`

func (tx *Tx) findSettlements(ctx context.Context, col string, keys []string) ([]*shebao.HospitalSettlement, error) {
	cond, args := tx.inKeys(col, keys, nil)
	return scanSettlements(tx.Query(ctx, `SELECT `+settlementColumns+` FROM hospital_settlements WHERE `+cond+
		` ORDER BY month, hospital, scheme`, args...))
}

func scanSettlements(rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}, err error) ([]*shebao.HospitalSettlement, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*shebao.HospitalSettlement{}
	for rows.Next() {
		s := &shebao.HospitalSettlement{}
		var fund, acct, amount int64
		if err := rows.Scan(&s.ID, &s.Month, &s.Hospital, &s.Scheme, &s.Claims, &fund, &acct, &amount, &s.FirstDischarged,
			&s.LastDischarged, &s.Status, &s.Explanation, &s.CreatedBy, &s.PaidAt); err != nil {
			return nil, err
		}
		s.FundPaid, s.AccountPaid, s.Amount = shebao.Money(fund), shebao.Money(acct), shebao.Money(amount)
		if sch, ok := shebao.FindScheme(s.Scheme); ok {
			s.SchemeName = sch.Name
		} else if s.Scheme == shebao.BenefitMedicalAid {
			s.SchemeName = shebao.MedicalAidKind().Name
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FindSettlements lists the settlements with hospitals (what was paid or is
// to be paid per hospital), by month, hospital and scheme.
func (db *DB) FindSettlements(ctx context.Context, f shebao.SettlementFilter) ([]*shebao.HospitalSettlement, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "hospital.read", shebao.EntityMedical, f.Month); err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	if f.Month != "" {
		m, err := shebao.ParsePeriod(f.Month)
		if err != nil {
			return nil, shebao.FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", f.Month)
		}
		args = append(args, string(m))
		conds = append(conds, fmt.Sprintf("month = $%d", len(args)))
	}
	if f.Hospital != "" {
		args = append(args, f.Hospital)
		conds = append(conds, fmt.Sprintf("hospital = $%d", len(args)))
	}
	var out []*shebao.HospitalSettlement
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = scanSettlements(tx.Query(ctx, `SELECT `+settlementColumns+` FROM hospital_settlements`+whereClause(conds)+
			` ORDER BY month, hospital, scheme`, args...))
		return err
	})
	return out, err
}
