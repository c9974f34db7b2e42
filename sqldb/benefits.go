package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Benefits (待遇): the entitlements the monthly payroll pays. Whatever
// determines a benefit — a pension determination approved by a second
// clerk, an unemployment claim, a land batch — ends in createBenefits, and
// the payroll (payroll.go) pays every benefit the same way.

// SubmitDetermination puts a computed entitlement into the approval queue
// (经办): it is created, and paid, only when another clerk approves it
// (复核).
func (db *DB) SubmitDetermination(ctx context.Context, b shebao.NewBenefit) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.submitDetermination(ctx, b)
		return err
	})
	return out, err
}

// submitDetermination is SubmitDetermination within a transaction. The
// person must be in the actor's jurisdiction; an open entitlement of the
// same kind, or one already waiting for approval, is a conflict.
func (tx *Tx) submitDetermination(ctx context.Context, b shebao.NewBenefit) (*shebao.Approval, error) {
	if err := b.Normalize(); err != nil {
		return nil, err
	}
	id, err := canonicalIDNo(b.IDNo)
	if err != nil {
		return nil, err
	}
	b.IDNo = id
	p, err := tx.personInScope(ctx, id)
	if err != nil {
		return nil, err
	}
	var open int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM benefits WHERE id_no = $1 AND kind = $2 AND status <> $3 AND (end_month = '' OR end_month >= $4)`,
		id, b.Kind, shebao.BenefitStopped, b.StartMonth).Scan(&open); err != nil {
		return nil, err
	}
	k, _ := shebao.FindBenefitKind(b.Kind)
	if open > 0 {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s已有%s待遇,不能重复核定", p.Name, k.Name)
	}
	rows, err := tx.Query(ctx, `SELECT payload FROM approvals WHERE kind = $1 AND status = $2 AND region_code = $3`,
		shebao.ApproveDetermination, shebao.ApprovalPending, p.Region)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var payload string
		if err := rows.Scan(&payload); err != nil {
			rows.Close()
			return nil, err
		}
		var q shebao.NewBenefit
		if json.Unmarshal([]byte(payload), &q) == nil && q.IDNo == id && q.Kind == b.Kind {
			rows.Close()
			return nil, shebao.Errorf(shebao.ECONFLICT, "%s的%s核定已在待复核队列中", p.Name, k.Name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	summary := b.Summary
	if summary == "" {
		summary = fmt.Sprintf("%s(%s)%s %s元/月,自%s起", p.Name, idno.MaskID(id), k.Name, b.Monthly, b.StartMonth)
	}
	return tx.submitApproval(ctx, shebao.ApproveDetermination, p.Region, summary, b)
}

// CreateBenefits creates entitlements that need no approval (a land
// batch's allowances), or that a caller has already approved. An
// entitlement already created from the same source is left as it is: the
// count is of the new ones.
func (db *DB) CreateBenefits(ctx context.Context, bs []shebao.NewBenefit) (created int, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	if err := authorize(sc.actor, "benefit.create", shebao.EntityBenefit, ""); err != nil {
		return 0, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		created, err = tx.createBenefits(ctx, bs)
		return err
	})
	return created, err
}

var benefitTable = bulkTable{
	name: "benefits",
	cols: []string{"id", "id_no", "scheme", "kind", "region_code", "status", "start_month", "end_month", "monthly",
		"bank_account", "source", "explanation", "detail", "created_at", "created_by", "approved_by", "updated_at", "updated_by"},
	pgTypes: []string{"text", "text", "text", "text", "text", "text", "text", "text", "bigint",
		"text", "text", "text", "text", "text", "text", "text", "text", "text"},
	conflict: "ON CONFLICT (id_no, kind, source) DO NOTHING",
}

var benefitAmountTable = bulkTable{
	name:    "benefit_amounts",
	cols:    []string{"benefit_id", "id_no", "from_month", "to_month", "monthly", "account_part", "basic_part", "explanation", "source", "created_at", "created_by"},
	pgTypes: []string{"text", "text", "text", "text", "bigint", "bigint", "bigint", "text", "text", "text", "text"},
}

// createBenefits inserts entitlements and their first amounts, set-based:
// one read of the persons, one bulk insert of each table. Every person must
// exist and lie in the actor's jurisdiction. The benefits' region is the
// person's. In an approval, the maker created and the checker approved.
func (tx *Tx) createBenefits(ctx context.Context, bs []shebao.NewBenefit) (int, error) {
	return tx.createBenefitsAs(ctx, bs, "benefit.create", shebao.EntityBenefit)
}

// createBenefitsAs is createBenefits audited as the action on the entity
// whose write right the creation needs: benefit.create for a benefit's own
// determination, post.subsidy (EntityPost) for the subsidies of a
// 公益性岗位 placement, which employment clerks approve (CreatePostBenefits).
func (tx *Tx) createBenefitsAs(ctx context.Context, bs []shebao.NewBenefit, action, entity string) (int, error) {
	if len(bs) == 0 {
		return 0, nil
	}
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	ids := make([]string, 0, len(bs))
	for i := range bs {
		if err := bs[i].Normalize(); err != nil {
			return 0, benefitInBatch(err, i, len(bs))
		}
		id, err := canonicalIDNo(bs[i].IDNo)
		if err != nil {
			return 0, benefitInBatch(err, i, len(bs))
		}
		bs[i].IDNo = id
		ids = append(ids, id)
	}
	persons, err := tx.personsByID(ctx, ids)
	if err != nil {
		return 0, err
	}
	a, _ := shebao.ActorFrom(ctx)
	maker, approvedBy := a.Name, ""
	if m, ok := ctx.Value(approvalMakerKey{}).(string); ok && m != "" {
		maker, approvedBy = m, a.Name
	}
	now := fmtTime(tx.now)
	benefitIDs := make([]string, len(bs))
	rows := make([][]any, 0, len(bs))
	for i, b := range bs {
		p := persons[b.IDNo]
		if p == nil || !sc.contains(p.Region) {
			return 0, benefitInBatch(notFoundPerson(b.IDNo), i, len(bs))
		}
		k, _ := shebao.FindBenefitKind(b.Kind)
		detail := ""
		if len(b.Detail) > 0 {
			detail = jsonText(b.Detail)
		}
		benefitIDs[i] = newID()
		rows = append(rows, []any{benefitIDs[i], b.IDNo, k.Scheme, b.Kind, p.Region, shebao.BenefitActive, b.StartMonth, b.EndMonth,
			int64(b.Monthly), b.BankAccount, b.Source, b.Explanation, detail, now, maker, approvedBy, now, a.Name})
	}
	if err := tx.bulkInsert(ctx, benefitTable, rows); err != nil {
		return 0, err
	}
	// The rows that conflicted kept their earlier id: find which of ours
	// landed, and give only those their first amount.
	landed, err := tx.existingIDs(ctx, "benefits", benefitIDs)
	if err != nil {
		return 0, err
	}
	var amounts [][]any
	var created []string
	for i, b := range bs {
		if !landed[benefitIDs[i]] {
			continue
		}
		created = append(created, benefitIDs[i])
		amounts = append(amounts, []any{benefitIDs[i], b.IDNo, b.StartMonth, b.EndMonth, int64(b.Monthly), int64(b.AccountPart), int64(b.BasicPart),
			b.Explanation, "determination", now, a.Name})
	}
	amountTable := benefitAmountTable
	if !tx.db.benefitsKeyed.Load() {
		// A schema before 0122 (a migration test): the amounts without
		// the person's key.
		amountTable, amounts = amountTable.withoutColumn(1, amounts)
	}
	if err := tx.bulkInsert(ctx, amountTable, amounts); err != nil {
		return 0, err
	}
	if len(created) == 0 {
		return 0, nil
	}
	region := ""
	if len(bs) == 1 {
		region = persons[bs[0].IDNo].Region
	}
	after := map[string]any{"created": len(created)}
	if len(created) <= 20 {
		after["ids"] = created
		after["benefits"] = bs
	}
	if err := tx.audit(ctx, action, entity, created[0], region, nil, after); err != nil {
		return 0, err
	}
	return len(created), nil
}

// approvalMakerKey carries the maker of an approval being carried out
// (DecideApproval), so that what it creates records maker and checker.
type approvalMakerKey struct{}

func benefitInBatch(err error, i, n int) error {
	if n == 1 {
		return err
	}
	var e *shebao.Error
	if errors.As(err, &e) {
		return &shebao.Error{Code: e.Code, Field: e.Field, Message: fmt.Sprintf("第%d条待遇:%s", i+1, e.Message)}
	}
	return fmt.Errorf("benefit %d: %w", i+1, err)
}

// existingIDs returns which of the ids exist in the table's id column.
func (tx *Tx) existingIDs(ctx context.Context, table string, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	for start := 0; start < len(ids); start += 5000 {
		part := ids[start:min(start+5000, len(ids))]
		cond, args := tx.inKeys("id", part, nil)
		rows, err := tx.Query(ctx, `SELECT id FROM `+table+` WHERE `+cond, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// StartBenefitEnrollment moves the person's open enrollment (参保缴费 or
// 暂停缴费) in the scheme to 享受待遇 from the first day of the month, with
// the reason, in the unit of work of ctx; a person without one is left as
// they are.
func (db *DB) StartBenefitEnrollment(ctx context.Context, idNo, scheme, month, reason string) error {
	return db.Update(ctx, func(tx *Tx) error {
		var id string
		err := tx.QueryRow(ctx, `SELECT n.id FROM enrollments n JOIN enrollment_slots s ON s.enrollment_id = n.id AND s.id_no = n.id_no
			WHERE n.id_no = $1 AND n.scheme = $2 AND n.status IN ($3, $4)`, idNo, scheme, shebao.EnrollActive, shebao.EnrollSuspended).Scan(&id)
		if isNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		start, err := shebao.ParsePeriod(month)
		if err != nil {
			return err
		}
		_, err = tx.ChangeEnrollment(ctx, id, shebao.ChangeRequest{Action: shebao.ActStartBenefit,
			Date: start.First().Format(shebao.DateLayout), Reason: reason})
		return err
	})
}

const benefitColumns = `b.id, b.id_no, p.name, b.scheme, b.kind, b.region_code, b.status, b.start_month, b.end_month, b.monthly,
	b.bank_account, b.source, b.explanation, b.detail, b.status_reason, b.version, b.created_at, b.created_by, b.approved_by, b.updated_at, b.updated_by`

const benefitFrom = ` FROM benefits b JOIN persons p ON p.id_no = b.id_no`

func scanBenefit(s rowScanner) (*shebao.Benefit, error) {
	var b shebao.Benefit
	var monthly int64
	var detail, created, updated string
	if err := s.Scan(&b.ID, &b.IDNo, &b.Name, &b.Scheme, &b.Kind, &b.Region, &b.Status, &b.StartMonth, &b.EndMonth, &monthly,
		&b.BankAccount, &b.Source, &b.Explanation, &detail, &b.StatusReason, &b.Version, &created, &b.CreatedBy, &b.ApprovedBy,
		&updated, &b.UpdatedBy); err != nil {
		return nil, err
	}
	b.Monthly = shebao.Money(monthly)
	if k, ok := shebao.FindBenefitKind(b.Kind); ok {
		b.KindName = k.Name
	}
	if detail != "" {
		_ = json.Unmarshal([]byte(detail), &b.Detail)
	}
	b.CreatedAt, b.UpdatedAt = parseTime(created), parseTime(updated)
	return &b, nil
}

// FindBenefits lists benefits in the actor's jurisdiction (a citizen:
// their own only), an audited read (benefit.list: one entry with the
// filter and how many benefits and persons it returned — a benefit carries
// the bank account it is paid to).
func (db *DB) FindBenefits(ctx context.Context, f shebao.BenefitFilter) ([]*shebao.Benefit, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "benefit.list", shebao.EntityBenefit, ""); err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, cond+itoa(len(args)))
	}
	var id string
	if f.IDNo != "" {
		if id, err = canonicalIDNo(f.IDNo); err != nil {
			return nil, 0, err
		}
		add("b.id_no = $", id)
	}
	if f.Kind != "" {
		if _, ok := shebao.FindBenefitKind(f.Kind); !ok {
			return nil, 0, shebao.FieldErrorf("待遇项目", "待遇项目“%s”无效", f.Kind)
		}
		add("b.kind = $", f.Kind)
	}
	if f.Scheme != "" {
		s, ok := shebao.FindScheme(f.Scheme)
		if !ok {
			return nil, 0, shebao.FieldErrorf("险种", "未知险种“%s”", f.Scheme)
		}
		add("b.scheme = $", s.Code)
	}
	if f.Status != "" {
		add("b.status = $", f.Status)
	}
	// A citizen sees their own benefits only, whatever they ask for.
	conds, args = sc.own("b.id_no", conds, args)
	conds, args = sc.where("b.region_code", conds, args)
	out, total, err := findPage(ctx, db, `benefits b`, `SELECT `+benefitColumns+benefitFrom, whereClause(conds), args,
		"b.region_code, b.id_no, b.kind, b.start_month", f.Limit, f.Offset, scanBenefit)
	if err != nil {
		return nil, 0, err
	}
	filter := map[string]any{"id_no": id, "kind": f.Kind, "scheme": f.Scheme, "status": f.Status, "region": f.Region,
		"offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, "benefit.list", shebao.EntityBenefit, listKey(sc, id), filter, len(out),
		countPersons(out, func(b *shebao.Benefit) string { return b.IDNo })); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// FindBenefit returns one benefit with its amounts over time (an audited
// read of personal data).
func (db *DB) FindBenefit(ctx context.Context, id string) (*shebao.Benefit, error) {
	var out *shebao.Benefit
	err := db.View(ctx, func(tx *Tx) error {
		var err error
		if out, err = tx.findBenefit(ctx, id); err != nil {
			return err
		}
		return tx.audit(ctx, "benefit.read", shebao.EntityBenefit, out.IDNo, out.Region, nil, nil)
	})
	return out, err
}

// findBenefit reads a benefit in the actor's jurisdiction with its amounts.
func (tx *Tx) findBenefit(ctx context.Context, id string) (*shebao.Benefit, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	b, err := scanBenefit(tx.QueryRow(ctx, `SELECT `+benefitColumns+benefitFrom+` WHERE b.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) || err == nil && (!sc.contains(b.Region) || shebao.RoleOf(sc.actor).OwnOnly && b.IDNo != sc.actor.IDNo) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到待遇记录%s", id)
	}
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT from_month, to_month, monthly, account_part, basic_part, explanation, source
		FROM benefit_amounts WHERE benefit_id = $1 ORDER BY from_month`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a shebao.BenefitAmount
		var m, acc, basic int64
		if err := rows.Scan(&a.FromMonth, &a.ToMonth, &m, &acc, &basic, &a.Explanation, &a.Source); err != nil {
			return nil, err
		}
		a.Monthly, a.AccountPart, a.BasicPart = shebao.Money(m), shebao.Money(acc), shebao.Money(basic)
		b.Amounts = append(b.Amounts, a)
	}
	return b, rows.Err()
}

// ChangeBenefit suspends, resumes or stops a benefit (暂停、恢复、终止发放)
// with a reason. A stop ends the benefit with the month before the given
// month.
func (db *DB) ChangeBenefit(ctx context.Context, id string, ch shebao.BenefitChange) (*shebao.Benefit, error) {
	var out *shebao.Benefit
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.changeBenefit(ctx, id, ch)
		return err
	})
	return out, err
}

func (tx *Tx) changeBenefit(ctx context.Context, id string, ch shebao.BenefitChange) (*shebao.Benefit, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "benefit.update", shebao.EntityBenefit, id); err != nil {
		return nil, err
	}
	return tx.changeAuthorizedBenefit(ctx, id, ch, "benefit."+ch.Action, shebao.EntityBenefit)
}

// changeAuthorizedBenefit is changeBenefit for a caller that authorized
// the change itself, audited as the action on the entity (a 低保 stop by
// the civil-affairs line, who does not write benefits: StopAssistBenefit).
func (tx *Tx) changeAuthorizedBenefit(ctx context.Context, id string, ch shebao.BenefitChange, action, entity string) (*shebao.Benefit, error) {
	b, err := tx.findBenefit(ctx, id)
	if err != nil {
		return nil, err
	}
	to, end, month, err := b.Change(ch)
	if err != nil {
		return nil, err
	}
	a, _ := shebao.ActorFrom(ctx)
	res, err := tx.Exec(ctx, `UPDATE benefits SET status = $1, end_month = $2, status_reason = $3, version = version + 1,
		updated_at = $4, updated_by = $5 WHERE id = $6 AND version = $7`,
		to, end, ch.Reason, fmtTime(tx.now), a.Name, id, b.Version)
	if err != nil {
		return nil, err
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return nil, shebao.Errorf(shebao.ECONFLICT, "待遇记录已被他人修改,请刷新后重试")
	}
	if to == shebao.BenefitStopped {
		if _, err := tx.Exec(ctx, `UPDATE benefit_amounts SET to_month = $1 WHERE benefit_id = $2 AND (to_month = '' OR to_month > $1)`, end, id); err != nil {
			return nil, err
		}
	}
	if err := tx.audit(ctx, action, entity, id, b.Region,
		map[string]string{"status": b.Status, "end_month": b.EndMonth},
		map[string]string{"status": to, "end_month": end, "month": string(month), "reason": ch.Reason}); err != nil {
		return nil, err
	}
	return tx.findBenefit(ctx, id)
}

// addBenefitAmount gives a benefit a new amount from a month on (an
// adjustment): the amount in force until then ends the month before. The
// same (benefit, from month) again changes nothing and reports false.
func (tx *Tx) addBenefitAmount(ctx context.Context, benefitID string, am shebao.BenefitAmount) (bool, error) {
	from, err := shebao.ParsePeriod(am.FromMonth)
	if err != nil {
		return false, shebao.FieldErrorf("月份", "月份“%s”无效", am.FromMonth)
	}
	var exists int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM benefit_amounts WHERE benefit_id = $1 AND from_month = $2`, benefitID, string(from)).Scan(&exists); err != nil {
		return false, err
	}
	if exists > 0 {
		return false, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE benefit_amounts SET to_month = $1 WHERE benefit_id = $2 AND from_month < $3 AND (to_month = '' OR to_month >= $3)`,
		string(from.Prev()), benefitID, string(from)); err != nil {
		return false, err
	}
	a, _ := shebao.ActorFrom(ctx)
	var end, idNo string
	if err := tx.QueryRow(ctx, `SELECT end_month, id_no FROM benefits WHERE id = $1`, benefitID).Scan(&end, &idNo); err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO benefit_amounts (benefit_id, id_no, from_month, to_month, monthly, account_part, basic_part, explanation, source, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, benefitID, idNo, string(from), end, int64(am.Monthly), int64(am.AccountPart), int64(am.BasicPart),
		am.Explanation, am.Source, fmtTime(tx.now), a.Name); err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, `UPDATE benefits SET monthly = $1, updated_at = $2, updated_by = $3 WHERE id = $4`,
		int64(am.Monthly), fmtTime(tx.now), a.Name, benefitID); err != nil {
		return false, err
	}
	return true, nil
}
