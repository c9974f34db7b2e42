package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// Monthly settlement with hospitals (医疗费用结算拨付), issue #5.
//
// A settled claim posts the fund's share (and the 310 account's) as owed
// to the hospital: Dr 5031/5033, Cr 2101 应付社会保险待遇 (medical.go). The
// hospital advanced it to the patient at discharge; once a month the fund
// pays it back. SettleHospitals, for a month M:
//
//   - takes the claims in the actor's jurisdiction discharged in or before
//     M and not settled yet, groups them by hospital (the name on the
//     claim) and scheme, and makes one settlement (待拨付) per group that M
//     does not have yet: its claims are marked with it, and it is counted,
//     summed and explained from the marked claims, all set-based, in one
//     transaction;
//   - submits the payment for approval (经办 → 复核, as the payroll's
//     release): when another clerk approves, each settlement posts Dr 2101
//     / Cr 1002 in its scheme's fund (kind payment, source
//     "hospital:<M>:<scheme>:<hospital>") and becomes 已拨付.
//
// Running M again makes nothing new: a claim discharged in M that arrives
// after M's settlement of its hospital and scheme is taken by the next
// month's settlement (the row of (M, hospital, scheme) is made once, so
// its posting's source stays unique). A settlement whose approval was
// rejected is submitted again by the next run of M.

type settlementPayload struct {
	Month       string       `json:"month"`
	Settlements []string     `json:"settlements"`
	Claims      int          `json:"claims"`
	Amount      shebao.Money `json:"amount"`
}

// settlementTable is the bulk insert of new settlements.
var settlementTable = bulkTable{
	name:     "hospital_settlements",
	cols:     []string{"id", "month", "hospital", "scheme", "status", "created_at", "created_by"},
	pgTypes:  []string{"text", "text", "text", "text", "text", "text", "text"},
	conflict: "ON CONFLICT (month, hospital, scheme) DO NOTHING",
}

// SettleHospitals settles the month with the hospitals (see the top of
// this file). The actor must be a medical clerk of the district (or
// above): a hospital serves every town.
func (db *DB) SettleHospitals(ctx context.Context, month string) (*shebao.HospitalSettlementResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "hospital.settle", shebao.EntityMedical, month); err != nil {
		return nil, err
	}
	if !sc.all && !strings.HasSuffix(sc.actor.Region, "000000") {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "医疗费用结算拨付须由区(县)级医保经办人员办理,您的所属区划为%s", sc.actor.Region)
	}
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		return nil, shebao.FieldErrorf("月份", "结算月份“%s”无效,应为YYYY-MM", month)
	}
	if this := shebao.Period(shebao.Today().Format("2006-01")); string(m) > string(this) {
		return nil, shebao.FieldErrorf("月份", "结算月份%s晚于本月%s,不能预先结算", m, this)
	}
	next := m.First().AddDate(0, 1, 0).Format(shebao.DateLayout)
	res := &shebao.HospitalSettlementResult{Month: string(m), Created: []*shebao.HospitalSettlement{}}
	err = db.Update(ctx, func(tx *Tx) error {
		*res = shebao.HospitalSettlementResult{Month: string(m), Created: []*shebao.HospitalSettlement{}}
		// The run's row serialises runs of the month.
		if _, err := tx.Exec(ctx, `INSERT INTO batch_runs (kind, period, status, started_at, actor) VALUES ('hospital', $1, 'running', $2, $3)
			ON CONFLICT (kind, period) DO UPDATE SET status = 'running', started_at = excluded.started_at, finished_at = '', actor = excluded.actor`,
			string(m), fmtTime(tx.now), sc.actor.Name); err != nil {
			return err
		}
		// The hospitals and schemes with claims to settle.
		conds, args := sc.where("region_code", []string{"settlement_id = ''", "discharged < $1"}, []any{next})
		rows, err := tx.Query(ctx, `SELECT hospital, scheme, COUNT(*) FROM medical_claims`+whereClause(conds)+` GROUP BY hospital, scheme`, args...)
		if err != nil {
			return err
		}
		type group struct {
			hospital, scheme string
			n                int
		}
		var groups []group
		for rows.Next() {
			var g group
			if err := rows.Scan(&g.hospital, &g.scheme, &g.n); err != nil {
				rows.Close()
				return err
			}
			groups = append(groups, g)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		done := map[string]bool{}
		rows, err = tx.Query(ctx, `SELECT hospital, scheme FROM hospital_settlements WHERE month = $1`, string(m))
		if err != nil {
			return err
		}
		for rows.Next() {
			var h, s string
			if err := rows.Scan(&h, &s); err != nil {
				rows.Close()
				return err
			}
			done[ledgerKey(h, s)] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := fmtTime(tx.now)
		var ins [][]any
		var ids []string
		for _, g := range groups {
			if done[ledgerKey(g.hospital, g.scheme)] {
				res.Deferred += g.n
				continue
			}
			id := newID()
			ids = append(ids, id)
			ins = append(ins, []any{id, string(m), g.hospital, g.scheme, shebao.SettlementPending, now, sc.actor.Name})
		}
		if len(ins) > 0 {
			if err := tx.createSettlements(ctx, sc, m, next, ins, ids); err != nil {
				return err
			}
			list, err := tx.findSettlements(ctx, `id`, ids)
			if err != nil {
				return err
			}
			res.Created = list
			for _, s := range list {
				res.Claims += s.Claims
				res.Amount += s.Amount
			}
		}
		ap, err := tx.submitSettlements(ctx, sc, m)
		if err != nil {
			return err
		}
		res.Approval = ap
		res.Summary = fmt.Sprintf("%s月医疗费用结算:新结算%d家次(医院×险种)、结算单%d张,应拨付%s元", m, len(res.Created), res.Claims, res.Amount)
		if res.Deferred > 0 {
			res.Summary += fmt.Sprintf(";本月已结算的医院另有%d张迟到的结算单,留待下月结算", res.Deferred)
		}
		if ap != nil {
			res.Summary += ";已提交复核:" + ap.Summary
		}
		detail := map[string]any{"created": len(res.Created), "claims": res.Claims, "amount": res.Amount, "deferred": res.Deferred}
		if ap != nil {
			detail["approval"] = ap.ID
		}
		if _, err := tx.Exec(ctx, `UPDATE batch_runs SET status = 'done', finished_at = $1, detail = $2 WHERE kind = 'hospital' AND period = $3`,
			now, jsonText(detail), string(m)); err != nil {
			return err
		}
		return tx.audit(ctx, "hospital.settle", shebao.EntityMedical, string(m), sc.actor.Region, nil, detail)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// createSettlements inserts the new settlements (rows, ids), marks their
// claims and sums them into the settlements.
func (tx *Tx) createSettlements(ctx context.Context, sc scope, m shebao.Period, next string, rows [][]any, ids []string) error {
	if err := tx.bulkInsert(ctx, settlementTable, rows); err != nil {
		return err
	}
	// Mark the claims: each takes the new settlement of its hospital and
	// scheme, if any.
	sub, args := tx.inKeys("s.id", ids, []any{next})
	pick := `SELECT s.id FROM hospital_settlements s WHERE ` + sub + ` AND s.hospital = medical_claims.hospital AND s.scheme = medical_claims.scheme`
	conds, args := sc.where("region_code", []string{"settlement_id = ''", "discharged < $1", "EXISTS (" + pick + ")"}, args)
	if _, err := tx.Exec(ctx, `UPDATE medical_claims SET settlement_id = (`+pick+`)`+whereClause(conds), args...); err != nil {
		return err
	}
	// Count and sum what was marked.
	cond, args := tx.inKeys("settlement_id", ids, nil)
	q, err := tx.Query(ctx, `SELECT settlement_id, COUNT(*), CAST(SUM(fund_paid) AS BIGINT), CAST(SUM(account_paid) AS BIGINT),
		MIN(discharged), MAX(discharged) FROM medical_claims WHERE `+cond+` GROUP BY settlement_id`, args...)
	if err != nil {
		return err
	}
	type sum struct {
		n           int64
		fund, acct  int64
		first, last string
	}
	sums := map[string]*sum{}
	for q.Next() {
		var id string
		s := &sum{}
		if err := q.Scan(&id, &s.n, &s.fund, &s.acct, &s.first, &s.last); err != nil {
			q.Close()
			return err
		}
		sums[id] = s
	}
	q.Close()
	if err := q.Err(); err != nil {
		return err
	}
	// One update per settlement (hospitals × schemes: tens a month).
	for i, id := range ids {
		s := sums[id]
		if s == nil { // its claims were settled meanwhile: nothing to pay
			if _, err := tx.Exec(ctx, `DELETE FROM hospital_settlements WHERE id = $1`, id); err != nil {
				return err
			}
			continue
		}
		hospital, scheme := rows[i][2].(string), rows[i][3].(string)
		name := scheme
		if sch, ok := shebao.FindScheme(scheme); ok {
			name = sch.Name + "(" + scheme + ")"
		}
		fund, acct := shebao.Money(s.fund), shebao.Money(s.acct)
		expl := fmt.Sprintf("%s月拨付%s %s:%s至%s出院、此前未结算的结算单%d张,统筹基金支付%s元 + 个人账户支付%s元 = 应拨付%s元(医院已在出院结算时垫付,冲减应付社会保险待遇)",
			m, hospital, name, s.first, s.last, s.n, fund, acct, fund+acct)
		if _, err := tx.Exec(ctx, `UPDATE hospital_settlements SET claims = $1, fund_paid = $2, account_paid = $3, amount = $4,
			first_discharged = $5, last_discharged = $6, explanation = $7 WHERE id = $8`,
			s.n, s.fund, s.acct, s.fund+s.acct, s.first, s.last, expl, id); err != nil {
			return err
		}
	}
	return nil
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
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// submitSettlements submits the payment of the month's pending
// settlements that no pending approval covers yet.
func (tx *Tx) submitSettlements(ctx context.Context, sc scope, m shebao.Period) (*shebao.Approval, error) {
	list, err := tx.findSettlements(ctx, "month", []string{string(m)})
	if err != nil {
		return nil, err
	}
	covered := map[string]bool{}
	rows, err := tx.Query(ctx, `SELECT payload FROM approvals WHERE kind = $1 AND status = $2`, shebao.ApproveHospitalSettlement, shebao.ApprovalPending)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var payload string
		if err := rows.Scan(&payload); err != nil {
			rows.Close()
			return nil, err
		}
		var p settlementPayload
		if json.Unmarshal([]byte(payload), &p) == nil {
			for _, id := range p.Settlements {
				covered[id] = true
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	p := settlementPayload{Month: string(m)}
	hospitals := map[string]bool{}
	for _, s := range list {
		if s.Status != shebao.SettlementPending || covered[s.ID] {
			continue
		}
		p.Settlements = append(p.Settlements, s.ID)
		p.Claims += s.Claims
		p.Amount += s.Amount
		hospitals[s.Hospital] = true
	}
	if len(p.Settlements) == 0 {
		return nil, nil
	}
	summary := fmt.Sprintf("%s月医疗费用结算拨付:%d家医院,结算单%d张,合计%s元", m, len(hospitals), p.Claims, p.Amount)
	region := sc.actor.Region
	return tx.submitApproval(ctx, shebao.ApproveHospitalSettlement, region, summary, p)
}

// payHospitals carries out an approved payment: the settlements become
// 已拨付 and each posts Dr 2101 / Cr 1002 in its scheme's fund. They must
// be as the maker submitted them.
func (tx *Tx) payHospitals(ctx context.Context, p settlementPayload) (string, error) {
	if len(p.Settlements) == 0 {
		return "", shebao.Errorf(shebao.EINVALID, "结算拨付申请内容无效")
	}
	list, err := tx.findSettlements(ctx, "id", p.Settlements)
	if err != nil {
		return "", err
	}
	var n int
	var total shebao.Money
	for _, s := range list {
		if s.Status != shebao.SettlementPending {
			return "", shebao.Errorf(shebao.ECONFLICT, "%s %s %s月的结算已%s", s.Hospital, s.Scheme, s.Month, s.Status)
		}
		n += s.Claims
		total += s.Amount
	}
	if len(list) != len(p.Settlements) || n != p.Claims || total != p.Amount {
		return "", shebao.Errorf(shebao.ECONFLICT, "%s月医疗费用结算已变化(申请时结算单%d张%s元,现%d张%s元),请重新提交", p.Month, p.Claims, p.Amount, n, total)
	}
	date := tx.now.In(shebao.ChinaTime).Format(shebao.DateLayout)
	var es []*shebao.Entry
	for _, s := range list {
		if s.Amount == 0 {
			continue
		}
		es = append(es, &shebao.Entry{Fund: s.Scheme, Date: date, Kind: shebao.PostPayment,
			Source:      "hospital:" + s.Month + ":" + s.Scheme + ":" + s.Hospital,
			Description: fmt.Sprintf("%s月医疗费用结算拨付 %s(结算单%d张)", s.Month, s.Hospital, s.Claims),
			Lines:       []shebao.Line{shebao.Debit(shebao.AcctBenefitsPayable, s.Amount), shebao.Credit(shebao.AcctBank, s.Amount)}})
	}
	if _, err := tx.postFor(ctx, shebao.EntityMedical, es); err != nil {
		return "", err
	}
	cond, args := tx.inKeys("id", p.Settlements, []any{shebao.SettlementPaid, fmtTime(tx.now), shebao.SettlementPending})
	if _, err := tx.Exec(ctx, `UPDATE hospital_settlements SET status = $1, paid_at = $2 WHERE status = $3 AND `+cond, args...); err != nil {
		return "", err
	}
	hospitals := map[string]bool{}
	for _, s := range list {
		hospitals[s.Hospital] = true
	}
	return fmt.Sprintf("已拨付%s月医疗费用:%d家医院,结算单%d张,合计%s元", p.Month, len(hospitals), n, total), nil
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

// ExecuteHospitalSettlement carries out an approved a month's settlement with the hospitals (shebao.ApproveHospitalSettlement), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (db *DB) ExecuteHospitalSettlement(ctx context.Context, payload []byte) (string, error) {
	return db.execute(ctx, func(tx *Tx) (string, error) { return tx.executeHospitalSettlement(ctx, payload) })
}

func (tx *Tx) executeHospitalSettlement(ctx context.Context, payload []byte) (string, error) {
	var p settlementPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return "", err
	}
	return tx.payHospitals(ctx, p)
}
