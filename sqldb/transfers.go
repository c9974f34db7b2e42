package sqldb

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// The store of transfers of the operating right (土地经营权流转, package
// transfer): land_transfers and their parcels, the 资格审查 of enterprises.
// The rules — what a row may take, who verifies — are package transfer's.

var (
	landTransferTable = bulkTable{
		name: "land_transfers",
		cols: []string{"no", "form", "region_code", "transferee_kind", "transferee_id", "transferee_name", "start_on", "end_on",
			"rent", "purpose", "consent", "status", "version", "source", "created_at", "created_by", "updated_at", "updated_by",
			"lender_uscc", "lender_name", "rent_kind", "rent_qty", "schedule"},
		pgTypes: []string{"text", "text", "text", "text", "text", "text", "text", "text", "bigint", "text", "text", "text", "bigint",
			"text", "text", "text", "text", "text", "text", "text", "text", "bigint", "text"},
	}
	landTransferLoanTable = bulkTable{
		name:    "land_transfer_loans",
		cols:    []string{"transfer_no", "deposit_no", "area", "source"},
		pgTypes: []string{"text", "text", "bigint", "text"},
	}
	landTransferLineTable = bulkTable{
		name:    "land_transfer_parcels",
		cols:    []string{"transfer_no", "parcel_code", "transferor_id_no", "area", "source"},
		pgTypes: []string{"text", "text", "text", "bigint", "text"},
	}
)

const transferColumns = `t.no, t.form, t.region_code, COALESCE(r.name, ''), t.transferee_kind, t.transferee_id, t.transferee_name,
	t.start_on, t.end_on, t.rent, t.purpose, t.consent, t.status, t.approval_id, t.verified_on, t.verified_by, t.ended_on,
	t.end_reason, t.version, t.source, t.created_at, t.updated_at, t.lender_uscc, t.lender_name, t.rent_kind, t.rent_qty, t.schedule`

const transferFrom = ` FROM land_transfers t LEFT JOIN regions r ON r.code = t.region_code`

func scanTransfer(s rowScanner) (*shebao.Transfer, error) {
	var t shebao.Transfer
	var rent, qty int64
	var created, updated string
	if err := s.Scan(&t.No, &t.Form, &t.Region, &t.RegionName, &t.TransfereeKind, &t.TransfereeID, &t.TransfereeName,
		&t.Start, &t.End, &rent, &t.Purpose, &t.Consent, &t.Status, &t.ApprovalID, &t.VerifiedOn, &t.VerifiedBy, &t.EndedOn,
		&t.EndReason, &t.Version, &t.Source, &created, &updated, &t.Lender, &t.LenderName, &t.RentKind, &qty, &t.Schedule); err != nil {
		return nil, err
	}
	if t.RentKind != "" {
		t.RentQty = policy.Mu(qty).String() // two decimals, as 斤
	}
	t.Rent = shebao.Money(rent)
	t.CreatedAt, t.UpdatedAt = parseTime(created), parseTime(updated)
	return &t, nil
}

// transferLines fills the transfers' lines and areas.
func (tx *Tx) transferLines(ctx context.Context, ts map[string]*shebao.Transfer) error {
	if len(ts) == 0 {
		return nil
	}
	nos := make([]string, 0, len(ts))
	for no := range ts {
		nos = append(nos, no)
	}
	cond, args := tx.inKeys("l.transfer_no", nos, nil)
	sums := map[string]int64{}
	err := tx.scanRows(ctx, `SELECT l.transfer_no, l.parcel_code, l.transferor_id_no, COALESCE(p.name, ''), l.area, l.source
		FROM land_transfer_parcels l LEFT JOIN persons p ON p.id_no = l.transferor_id_no WHERE `+cond+
		` ORDER BY l.transfer_no, l.parcel_code`, args, func(s rowScanner) error {
		var no string
		var l shebao.TransferLine
		var area int64
		if err := s.Scan(&no, &l.ParcelCode, &l.TransferorIDNo, &l.TransferorName, &area, &l.Source); err != nil {
			return err
		}
		l.Area = policy.Mu(area).String()
		ts[no].Parcels = append(ts[no].Parcels, l)
		sums[no] += area
		return nil
	})
	if err != nil {
		return err
	}
	// The deposits a lending (贷出) draws on.
	cond, args = tx.inKeys("transfer_no", nos, nil)
	err = tx.scanRows(ctx, `SELECT transfer_no, deposit_no, area, source FROM land_transfer_loans WHERE `+cond+
		` ORDER BY transfer_no, deposit_no`, args, func(s rowScanner) error {
		var no string
		var l shebao.LoanLine
		var area int64
		if err := s.Scan(&no, &l.DepositNo, &area, &l.Source); err != nil {
			return err
		}
		l.Area = policy.Mu(area).String()
		ts[no].Loans = append(ts[no].Loans, l)
		sums[no] += area
		return nil
	})
	for no, t := range ts {
		t.Area = policy.Mu(sums[no]).String()
		t.Registrable = t.TermRegistrable()
	}
	return err
}

// TransferData reads what the transfer rules need, wherever it lies (see
// transfer.Store). On PostgreSQL the parcels are locked (a dummy update),
// so that two writers taking area of one parcel queue and the second sees
// the first's transfer.
func (db *DB) TransferData(ctx context.Context, nos, parcels, persons, usccs []string) (*shebao.TransferData, error) {
	d := &shebao.TransferData{Transfers: map[string]*shebao.Transfer{}, Parcels: map[string]*shebao.Parcel{},
		Contracts: map[string]*shebao.LandContract{}, Taken: map[string][]shebao.TakenSpan{}, Persons: map[string]string{},
		Reviewed: map[string]int64{}, Lent: map[string][]shebao.TakenSpan{}, Employers: map[string]string{}}
	err := db.Update(ctx, func(tx *Tx) error {
		if tx.db.Dialect == Postgres && len(parcels) > 0 {
			cond, args := tx.inKeys("code", parcels, nil)
			if _, err := tx.Exec(ctx, `UPDATE land_parcels SET version = version WHERE `+cond, args...); err != nil {
				return err
			}
		}
		if tx.db.Dialect == Postgres && len(nos) > 0 {
			// The deposits a lending draws on, likewise (and the
			// contracts of the chunk).
			cond, args := tx.inKeys("no", nos, nil)
			if _, err := tx.Exec(ctx, `UPDATE land_transfers SET version = version WHERE `+cond, args...); err != nil {
				return err
			}
		}
		var err error
		if d.Parcels, err = byKeys(ctx, tx, `SELECT `+landParcelColumns+` FROM land_parcels`, "code", parcels, scanParcel,
			func(p *shebao.Parcel) string { return p.Code }); err != nil {
			return err
		}
		var codes []string
		for _, p := range d.Parcels {
			codes = append(codes, p.ContractCode)
		}
		if d.Contracts, err = byKeys(ctx, tx, `SELECT `+landContractColumns+landContractFrom, "c.code", codes, scanLandContract,
			func(c *shebao.LandContract) string { return c.Code }); err != nil {
			return err
		}
		if d.Transfers, err = byKeys(ctx, tx, `SELECT `+transferColumns+transferFrom, "t.no", nos, scanTransfer,
			func(t *shebao.Transfer) string { return t.No }); err != nil {
			return err
		}
		if err := tx.transferLines(ctx, d.Transfers); err != nil {
			return err
		}
		if len(nos) > 0 {
			// The spans lendings take of the deposits among the transfers.
			cond, args := tx.inKeys("l.deposit_no", nos, nil)
			args = append(args, shebao.TransferEnded)
			if err := tx.scanRows(ctx, `SELECT l.deposit_no, l.transfer_no, l.area, t.start_on,
				CASE WHEN t.status = $`+itoa(len(args))+` THEN t.ended_on ELSE t.end_on END
				FROM land_transfer_loans l JOIN land_transfers t ON t.no = l.transfer_no WHERE `+cond, args, func(s rowScanner) error {
				var no string
				var sp shebao.TakenSpan
				if err := s.Scan(&no, &sp.No, &sp.Area, &sp.Start, &sp.End); err != nil {
					return err
				}
				d.Lent[no] = append(d.Lent[no], sp)
				return nil
			}); err != nil {
				return err
			}
		}
		if len(parcels) > 0 {
			cond, args := tx.inKeys("l.parcel_code", parcels, nil)
			args = append(args, shebao.TransferEnded)
			err := tx.scanRows(ctx, `SELECT l.parcel_code, l.transfer_no, l.area, t.start_on,
				CASE WHEN t.status = $`+itoa(len(args))+` THEN t.ended_on ELSE t.end_on END
				FROM land_transfer_parcels l JOIN land_transfers t ON t.no = l.transfer_no WHERE `+cond, args, func(s rowScanner) error {
				var code string
				var sp shebao.TakenSpan
				if err := s.Scan(&code, &sp.No, &sp.Area, &sp.Start, &sp.End); err != nil {
					return err
				}
				d.Taken[code] = append(d.Taken[code], sp)
				return nil
			})
			if err != nil {
				return err
			}
		}
		if len(persons) > 0 {
			cond, args := tx.inKeys("id_no", persons, nil)
			if err := tx.scanRows(ctx, `SELECT id_no, name FROM persons WHERE `+cond, args, func(s rowScanner) error {
				var id, name string
				err := s.Scan(&id, &name)
				d.Persons[id] = name
				return err
			}); err != nil {
				return err
			}
		}
		if len(usccs) > 0 {
			cond, args := tx.inKeys("uscc", usccs, nil)
			if err := tx.scanRows(ctx, `SELECT uscc, name FROM employers WHERE `+cond, args, func(s rowScanner) error {
				var u, name string
				err := s.Scan(&u, &name)
				d.Employers[u] = name
				return err
			}); err != nil {
				return err
			}
		}
		if len(usccs) > 0 {
			cond, args := tx.inKeys("uscc", usccs, nil)
			args = append(args, shebao.Today().Format(shebao.DateLayout))
			if err := tx.scanRows(ctx, `SELECT uscc, MAX(area) FROM land_transfer_reviews WHERE `+cond+
				` AND until >= $`+itoa(len(args))+` GROUP BY uscc`, args, func(s rowScanner) error {
				var u string
				var a int64
				err := s.Scan(&u, &a)
				d.Reviewed[u] = a
				return err
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return d, err
}

// SaveTransfers writes a chunk of transfers: the new ones with their lines,
// each submitted for 鉴证 (its approval's id kept on the transfer), the
// corrected terms with their previous state in the history, new lines of
// existing ones, and one audit entry for the chunk.
func (db *DB) SaveTransfers(ctx context.Context, run string, w *shebao.TransferWrites) error {
	if len(w.New)+len(w.Changed)+len(w.Lines)+len(w.Loans) == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		// Organisations taking land that were not registered: registered
		// as employers in the same transaction, each with its audit entry.
		if len(w.Transferees) > 0 {
			if err := tx.insertEmployers(ctx, w.Transferees); err != nil {
				if isUniqueViolation(err) {
					return shebao.Errorf(shebao.ECONFLICT, "受入方单位正在被他人同时登记,请稍后重试")
				}
				return err
			}
			for _, e := range w.Transferees {
				// Audited as part of the transfer (the village's 信息联络员
				// registers no employer otherwise).
				if err := tx.audit(ctx, "transfer.transferee", shebao.EntityTransfer, e.USCC, e.Region, nil, e); err != nil {
					return err
				}
			}
		}
		var created, updated []string
		var rows, lines, loans [][]any
		addLoans := func(no string, ls []shebao.LoanLine) error {
			for _, l := range ls {
				m, err := policy.ParseMu(l.Area)
				if err != nil {
					return err
				}
				loans = append(loans, []any{no, l.DepositNo, int64(m), l.Source})
			}
			return nil
		}
		addLines := func(no string, ls []shebao.TransferLine) error {
			for _, l := range ls {
				m, err := policy.ParseMu(l.Area)
				if err != nil {
					return err
				}
				lines = append(lines, []any{no, l.ParcelCode, l.TransferorIDNo, int64(m), l.Source})
			}
			return nil
		}
		for _, t := range w.New {
			rows = append(rows, []any{t.No, t.Form, t.Region, t.TransfereeKind, t.TransfereeID, t.TransfereeName, t.Start, t.End,
				int64(t.Rent), t.Purpose, t.Consent, t.Status, int64(1), t.Source, now, a.Name, now, a.Name, t.Lender, t.LenderName, t.RentKind, rentQty(t), t.Schedule})
			if err := addLines(t.No, t.Parcels); err != nil {
				return err
			}
			if err := addLoans(t.No, t.Loans); err != nil {
				return err
			}
			created = append(created, t.No)
		}
		for no, ls := range w.Lines {
			if err := addLines(no, ls); err != nil {
				return err
			}
			updated = append(updated, no)
		}
		for no, ls := range w.Loans {
			if err := addLoans(no, ls); err != nil {
				return err
			}
			updated = append(updated, no)
		}
		// The transfers whose lines or terms change, and the transferors of
		// the lines added (a new transfer is not verified yet and counts
		// nothing).
		var existing, transferors []string
		for no, ls := range w.Lines {
			existing = append(existing, no)
			for _, l := range ls {
				transferors = append(transferors, l.TransferorIDNo)
			}
		}
		for _, ch := range w.Changed {
			existing = append(existing, ch.Old.No)
		}
		if err := tx.recountTransfers(ctx, existing, transferors, func() error {
			if err := tx.bulkInsert(ctx, landTransferTable, rows); err != nil {
				if isUniqueViolation(err) {
					return shebao.Errorf(shebao.ECONFLICT, "流转合同正在被他人同时登记,请稍后重试")
				}
				return err
			}
			for _, b := range []struct {
				t    bulkTable
				rows [][]any
			}{{landTransferLineTable, lines}, {landTransferLoanTable, loans}} {
				if err := tx.bulkInsert(ctx, b.t, b.rows); err != nil {
					if isUniqueViolation(err) {
						return shebao.Errorf(shebao.ECONFLICT, "流转合同正在被他人同时登记,请稍后重试")
					}
					return err
				}
			}
			for _, t := range w.New {
				var area int64
				for _, l := range t.Parcels {
					m, _ := policy.ParseMu(l.Area)
					area += int64(m)
				}
				for _, l := range t.Loans {
					m, _ := policy.ParseMu(l.Area)
					area += int64(m)
				}
				summary := fmt.Sprintf("流转合同%s鉴证:%s,%s→%s,%s亩,%s至%s,租金%s,用途%s", t.No, t.Form,
					t.Transferors(), t.TransfereeName, policy.Mu(area), t.Start, t.End, t.RentText(), t.Purpose)
				ap, err := tx.submitApproval(ctx, shebao.ApproveTransferVerify, t.Region, summary, map[string]string{"no": t.No})
				if err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `UPDATE land_transfers SET approval_id = $1 WHERE no = $2`, ap.ID, t.No); err != nil {
					return err
				}
			}
			for _, ch := range w.Changed {
				if err := tx.history(ctx, "transfer", ch.Old.No, ch.Old.Version, ch.New.Source, ch.Old, ch.Changes); err != nil {
					return err
				}
				res, err := tx.Exec(ctx, `UPDATE land_transfers SET form = $1, transferee_kind = $2, transferee_id = $3, transferee_name = $4,
					rent = $5, purpose = $6, consent = $7, version = version + 1, source = $8, updated_at = $9, updated_by = $10,
					rent_kind = $14, rent_qty = $15, schedule = $16
					WHERE no = $11 AND version = $12 AND status = $13`,
					ch.New.Form, ch.New.TransfereeKind, ch.New.TransfereeID, ch.New.TransfereeName, int64(ch.New.Rent), ch.New.Purpose,
					ch.New.Consent, ch.New.Source, now, a.Name, ch.Old.No, ch.Old.Version, shebao.TransferPending, ch.New.RentKind, rentQty(ch.New), ch.New.Schedule)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n != 1 {
					return shebao.Errorf(shebao.ECONFLICT, "流转合同%s已被他人修改或已鉴证,请重试", ch.Old.No)
				}
				updated = append(updated, ch.Old.No)
			}
			return nil
		}); err != nil {
			return err
		}
		region := ""
		if len(w.New) == 1 {
			region = w.New[0].Region
		}
		return tx.audit(ctx, "transfer.import", shebao.EntityTransfer, run, region, nil,
			map[string]any{"created": created, "updated": updated})
	})
}

// rentQty is a rent in kind's quantity in hundredths of a 斤 (0 for a rent
// in money).
func rentQty(t *shebao.Transfer) int64 {
	if t.RentKind == "" {
		return 0
	}
	q, _ := policy.ParseDecimal(t.RentQty, 2)
	return q
}

// transferOwn appends, for a citizen, the condition that they transfer or
// take the land.
func (s scope) transferOwn(conds []string, args []any) ([]string, []any) {
	if !s.ownOnly() {
		return conds, args
	}
	if s.actor.IDNo == "" {
		return append(conds, "1 = 0"), args
	}
	args = append(args, s.actor.IDNo)
	n := itoa(len(args))
	return append(conds, "(t.transferee_id = $"+n+" OR EXISTS (SELECT 1 FROM land_transfer_parcels o WHERE o.transfer_no = t.no AND o.transferor_id_no = $"+n+"))"), args
}

// FindTransfers lists the transfers in the actor's jurisdiction (a
// citizen: those they are party to), newest first, with their lines.
func (db *DB) FindTransfers(ctx context.Context, f shebao.TransferFilter) ([]*shebao.Transfer, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "transfer.list", shebao.EntityTransfer, ""); err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	conds, args := sc.where("t.region_code", nil, nil)
	conds, args = sc.transferOwn(conds, args)
	if f.Status != "" {
		args = append(args, f.Status)
		conds = append(conds, "t.status = $"+itoa(len(args)))
	}
	if f.Transferee != "" {
		args = append(args, f.Transferee)
		conds = append(conds, "t.transferee_id = $"+itoa(len(args)))
	}
	if f.Lender != "" {
		args = append(args, f.Lender)
		conds = append(conds, "t.lender_uscc = $"+itoa(len(args)))
	}
	out, total, err := findPage(ctx, db, `land_transfers t`, `SELECT `+transferColumns+transferFrom, whereClause(conds), args,
		"t.start_on DESC, t.no", f.Limit, f.Offset, scanTransfer)
	if err != nil {
		return nil, 0, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		m := map[string]*shebao.Transfer{}
		nos := make([]string, len(out))
		for i, t := range out {
			m[t.No], nos[i] = t, t.No
		}
		if err := tx.transferLines(ctx, m); err != nil {
			return err
		}
		return tx.audit(ctx, "transfer.list", shebao.EntityTransfer, "", sc.region(), nil,
			map[string]any{"filter": map[string]any{"region": f.Region, "status": f.Status}, "rows": len(out), "nos": nos})
	})
	return out, total, err
}

// FindTransfer returns one transfer in the jurisdiction with its lines, or
// ENOTFOUND.
func (db *DB) FindTransfer(ctx context.Context, no string) (*shebao.Transfer, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "transfer.read", shebao.EntityTransfer, no); err != nil {
		return nil, err
	}
	var out *shebao.Transfer
	err = db.Update(ctx, func(tx *Tx) error {
		conds, args := sc.transferOwn([]string{"t.no = $1"}, []any{no})
		t, err := scanTransfer(tx.QueryRow(ctx, `SELECT `+transferColumns+transferFrom+whereClause(conds), args...))
		if isNoRows(err) || err == nil && !sc.contains(t.Region) {
			return &shebao.Error{Code: shebao.ENOTFOUND, Field: "流转合同号", Message: "未找到流转合同" + no}
		}
		if err != nil {
			return err
		}
		if err := tx.transferLines(ctx, map[string]*shebao.Transfer{t.No: t}); err != nil {
			return err
		}
		if err := tx.scanRows(ctx, `SELECT case_no, transfer_no, filed_on, summary, status, mediated_on, outcome
			FROM land_disputes WHERE transfer_no = $1 ORDER BY filed_on, case_no`, []any{t.No}, func(s rowScanner) error {
			var d shebao.Dispute
			err := s.Scan(&d.CaseNo, &d.No, &d.FiledOn, &d.Summary, &d.Status, &d.MediatedOn, &d.Outcome)
			t.Disputes = append(t.Disputes, d)
			return err
		}); err != nil {
			return err
		}
		out = t
		return tx.audit(ctx, "transfer.read", shebao.EntityTransfer, no, t.Region, nil, nil)
	})
	return out, err
}

// VerifyTransfer marks a waiting transfer verified (鉴证) and filed with
// its 发包方 on the date, by the context's actor.
func (db *DB) VerifyTransfer(ctx context.Context, t *shebao.Transfer, on string) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		if err := tx.recountTransfers(ctx, []string{t.No}, nil, func() error {
			res, err := tx.Exec(ctx, `UPDATE land_transfers SET status = $1, verified_on = $2, verified_by = $3, version = version + 1,
				updated_at = $4, updated_by = $3 WHERE no = $5 AND status = $6`,
				shebao.TransferVerified, on, a.Name, fmtTime(tx.now), t.No, shebao.TransferPending)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return shebao.Errorf(shebao.ECONFLICT, "流转合同%s已不是待鉴证状态", t.No)
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "transfer.verify", shebao.EntityTransfer, t.No, t.Region, map[string]string{"status": t.Status},
			map[string]string{"status": shebao.TransferVerified, "verified_on": on})
	})
}

// EndTransfer ends a transfer early, keeping its previous state.
func (db *DB) EndTransfer(ctx context.Context, t *shebao.Transfer, on, reason string) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		changes := []shebao.Change{{Field: "状态", Before: t.Status, After: shebao.TransferEnded}, {Field: "终止日期", After: on},
			{Field: "终止原因", After: reason}}
		if err := tx.history(ctx, "transfer", t.No, t.Version, "api", t, changes); err != nil {
			return err
		}
		if err := tx.recountTransfers(ctx, []string{t.No}, nil, func() error {
			res, err := tx.Exec(ctx, `UPDATE land_transfers SET status = $1, ended_on = $2, end_reason = $3, version = version + 1,
				updated_at = $4, updated_by = $5 WHERE no = $6 AND version = $7`,
				shebao.TransferEnded, on, reason, fmtTime(tx.now), a.Name, t.No, t.Version)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return shebao.Errorf(shebao.ECONFLICT, "流转合同%s已被他人修改,请重试", t.No)
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "transfer.end", shebao.EntityTransfer, t.No, t.Region, map[string]string{"status": t.Status},
			map[string]any{"changes": changes})
	})
}

// SubmitTransferApproval puts a transfer operation in the approval queue.
func (db *DB) SubmitTransferApproval(ctx context.Context, kind, region, summary string, payload any) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.submitApproval(ctx, kind, region, summary, payload)
		return err
	})
	return out, err
}

// RecordTransferReview stores an approved 资格审查 (the same enterprise and
// end date again replaces the area).
func (db *DB) RecordTransferReview(ctx context.Context, r shebao.TransferReview) error {
	area, err := policy.ParseMu(r.Area)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO land_transfer_reviews (uscc, name, area, until, region_code, decided_at, decided_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (uscc, until) DO UPDATE SET name = excluded.name, area = excluded.area,
			decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
			r.USCC, r.Name, int64(area), r.Until, a.Region, fmtTime(tx.now), a.Name); err != nil {
			return err
		}
		return tx.audit(ctx, "transfer.review", shebao.EntityTransfer, r.USCC, a.Region, nil, r)
	})
}

// FindRentPayment returns the rent payment with the receipt, wherever it
// lies, or nil.
func (db *DB) FindRentPayment(ctx context.Context, receipt string) (*shebao.RentPayment, error) {
	var out *shebao.RentPayment
	err := db.Update(ctx, func(tx *Tx) error {
		var p shebao.RentPayment
		var amount int64
		err := tx.QueryRow(ctx, `SELECT receipt, transfer_no, amount, paid_on, note FROM land_rent_payments WHERE receipt = $1`,
			receipt).Scan(&p.Receipt, &p.No, &amount, &p.Date, &p.Note)
		if isNoRows(err) {
			return nil
		}
		p.Amount, out = shebao.Money(amount), &p
		return err
	})
	return out, err
}

// RentPaid sums the rent payments of each contract made by upTo ("" all).
func (db *DB) RentPaid(ctx context.Context, nos []string, upTo string) (map[string]shebao.Money, error) {
	out := map[string]shebao.Money{}
	if len(nos) == 0 {
		return out, nil
	}
	err := db.Update(ctx, func(tx *Tx) error {
		cond, args := tx.inKeys("transfer_no", nos, nil)
		if upTo != "" {
			args = append(args, upTo)
			cond += " AND paid_on <= $" + itoa(len(args))
		}
		return tx.scanRows(ctx, `SELECT transfer_no, SUM(amount) FROM land_rent_payments WHERE `+cond+` GROUP BY transfer_no`, args,
			func(s rowScanner) error {
				var no string
				var v int64
				err := s.Scan(&no, &v)
				out[no] = shebao.Money(v)
				return err
			})
	})
	return out, err
}

// InsertRentPayment stores a rent payment with its audit entry; a receipt
// another writer stored meanwhile is a conflict.
func (db *DB) InsertRentPayment(ctx context.Context, p *shebao.RentPayment, region string) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO land_rent_payments (receipt, transfer_no, region_code, amount, paid_on, note, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.Receipt, p.No, region, int64(p.Amount), p.Date, p.Note, fmtTime(tx.now), a.Name); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "收据号%s正在被他人同时登记,请稍后重试", p.Receipt)
			}
			return err
		}
		return tx.audit(ctx, "transfer.rent", shebao.EntityTransfer, p.No, region, nil, p)
	})
}

// ArrearsTransfers returns the verified contracts of the region in the
// jurisdiction begun by the date, with their lines, in one audited list.
func (db *DB) ArrearsTransfers(ctx context.Context, region, date string) ([]*shebao.Transfer, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "transfer.list", shebao.EntityTransfer, ""); err != nil {
		return nil, err
	}
	if sc, err = sc.narrow(region); err != nil {
		return nil, err
	}
	conds, args := sc.where("t.region_code", nil, nil)
	conds, args = sc.transferOwn(conds, args)
	args = append(args, date)
	conds = append(conds, "t.verified_on <> ''", "t.start_on <= $"+itoa(len(args)))
	var out []*shebao.Transfer
	err = db.Update(ctx, func(tx *Tx) error {
		m := map[string]*shebao.Transfer{}
		if err := tx.scanRows(ctx, `SELECT `+transferColumns+transferFrom+whereClause(conds)+` ORDER BY t.region_code, t.no`, args,
			func(s rowScanner) error {
				t, err := scanTransfer(s)
				if err == nil {
					out = append(out, t)
					m[t.No] = t
				}
				return err
			}); err != nil {
			return err
		}
		if err := tx.transferLines(ctx, m); err != nil {
			return err
		}
		return tx.audit(ctx, "transfer.list", shebao.EntityTransfer, "", sc.region(), nil,
			map[string]any{"filter": map[string]any{"region": region, "arrears_on": date}, "rows": len(out)})
	})
	return out, err
}

// SaveDispute creates a dispute (old nil) or records its mediation, with
// the audit entry.
func (db *DB) SaveDispute(ctx context.Context, t *shebao.Transfer, d, old *shebao.Dispute) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		if old == nil {
			if _, err := tx.Exec(ctx, `INSERT INTO land_disputes (case_no, transfer_no, region_code, filed_on, summary, status,
				created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $8)`,
				d.CaseNo, t.No, t.Region, d.FiledOn, d.Summary, d.Status, now, a.Name); err != nil {
				if isUniqueViolation(err) {
					return shebao.Errorf(shebao.ECONFLICT, "调解案号%s已用于其他流转合同", d.CaseNo)
				}
				return err
			}
			return tx.audit(ctx, "transfer.dispute", shebao.EntityTransfer, t.No, t.Region, nil, d)
		}
		res, err := tx.Exec(ctx, `UPDATE land_disputes SET status = $1, mediated_on = $2, outcome = $3, updated_at = $4, updated_by = $5
			WHERE case_no = $6 AND status = $7`, d.Status, d.MediatedOn, d.Outcome, now, a.Name, d.CaseNo, old.Status)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return shebao.Errorf(shebao.ECONFLICT, "纠纷%s已被他人处理,请重试", d.CaseNo)
		}
		return tx.audit(ctx, "transfer.mediate", shebao.EntityTransfer, t.No, t.Region, old, d)
	})
}

// TransferStatData reads, for the statistics of the region (narrowed to
// the jurisdiction) on the date: the contracted 耕地 per 发包方, the lines
// of verified contracts running on the date (begun, not past their end or
// the day they ended early) with their parcel's class and the transferor's
// household, the members of those households and the 发包方's names.
func (db *DB) TransferStatData(ctx context.Context, region, date string) (*shebao.TransferStatData, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "transfer.read", shebao.EntityTransfer, ""); err != nil {
		return nil, err
	}
	if sc, err = sc.narrow(region); err != nil {
		return nil, err
	}
	d := &shebao.TransferStatData{Arable: map[string]int64{}, Members: map[string]int{}, Issuers: map[string]string{}}
	err = db.View(ctx, func(tx *Tx) error {
		conds, args := sc.where("p.region_code", []string{"p.land_class = $1"}, []any{shebao.LandClassArable})
		if err := tx.scanRows(ctx, `SELECT SUBSTR(p.code, 1, 14), SUM(p.area) FROM land_parcels p`+whereClause(conds)+
			` GROUP BY SUBSTR(p.code, 1, 14)`, args, func(s rowScanner) error {
			var issuer string
			var a int64
			err := s.Scan(&issuer, &a)
			d.Arable[issuer] = a
			return err
		}); err != nil {
			return err
		}
		conds, args = sc.where("t.region_code", []string{"t.verified_on <> ''", "t.start_on <= $1",
			"(CASE WHEN t.status = $2 THEN t.ended_on ELSE t.end_on END) >= $1"}, []any{date, shebao.TransferEnded})
		households := map[string]bool{}
		if err := tx.scanRows(ctx, `SELECT t.no, l.parcel_code, p.land_class, l.transferor_id_no, c.household_id, t.form,
			t.transferee_kind, t.transferee_id, l.area, t.rent, t.rent_kind, t.rent_qty
			FROM land_transfer_parcels l JOIN land_transfers t ON t.no = l.transfer_no
			JOIN land_parcels p ON p.code = l.parcel_code JOIN land_contracts c ON c.code = p.contract_code`+whereClause(conds), args,
			func(s rowScanner) error {
				var r shebao.TransferStatRow
				var rent int64
				if err := s.Scan(&r.No, &r.Parcel, &r.Class, &r.Transferor, &r.Household, &r.Form, &r.TransfereeKind, &r.TransfereeID,
					&r.Area, &rent, &r.RentKind, &r.RentQty); err != nil {
					return err
				}
				r.Rent = shebao.Money(rent)
				d.Rows = append(d.Rows, r)
				if r.Household != "" {
					households[r.Household] = true
				}
				return nil
			}); err != nil {
			return err
		}
		if len(households) > 0 {
			ids := make([]string, 0, len(households))
			for h := range households {
				ids = append(ids, h)
			}
			cond, args := tx.inKeys("household_id", ids, nil)
			if err := tx.scanRows(ctx, `SELECT household_id, COUNT(*) FROM household_members WHERE `+cond+` GROUP BY household_id`, args,
				func(s rowScanner) error {
					var h string
					var n int
					err := s.Scan(&h, &n)
					d.Members[h] = n
					return err
				}); err != nil {
				return err
			}
		}
		var err error
		d.Issuers, err = tx.issuerNames(ctx, sc)
		return err
	})
	return d, err
}

// TransferPriceRows reads the rents of the verified contracts of the region
// (narrowed to the jurisdiction) begun after from up to to, once per
// contract, village and land class of its parcels.
func (db *DB) TransferPriceRows(ctx context.Context, region, from, to string) ([]shebao.PriceRow, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "transfer.read", shebao.EntityTransfer, ""); err != nil {
		return nil, err
	}
	if sc, err = sc.narrow(region); err != nil {
		return nil, err
	}
	// Rents in kind have no price in 元 of their own: left out.
	conds, args := sc.where("t.region_code", []string{"t.verified_on <> ''", "t.start_on > $1", "t.start_on <= $2", "t.rent_kind = ''"}, []any{from, to})
	var out []shebao.PriceRow
	err = db.View(ctx, func(tx *Tx) error {
		return tx.scanRows(ctx, `SELECT DISTINCT t.region_code, p.land_class, t.no, t.rent FROM land_transfers t
			JOIN land_transfer_parcels l ON l.transfer_no = t.no JOIN land_parcels p ON p.code = l.parcel_code`+whereClause(conds)+
			` ORDER BY t.region_code, p.land_class, t.no`, args, func(s rowScanner) error {
			var r shebao.PriceRow
			var rent int64
			err := s.Scan(&r.Village, &r.Class, &r.No, &rent)
			r.Rent = shebao.Money(rent)
			out = append(out, r)
			return err
		})
	})
	return out, err
}

const intentColumns = `i.no, i.kind, i.region_code, COALESCE(r.name, ''), i.parcel_code, i.land_class, i.area, i.years, i.price,
	i.use_purpose, i.contact_id, i.contact_name, i.status`

func scanIntent(s rowScanner) (shebao.Intent, error) {
	var it shebao.Intent
	var area, price int64
	err := s.Scan(&it.No, &it.Kind, &it.Region, &it.RegionName, &it.ParcelCode, &it.Class, &area, &it.Years, &price, &it.Use,
		&it.ContactID, &it.ContactName, &it.Status)
	it.Area, it.Price = policy.Mu(area).String(), shebao.Money(price)
	return it, err
}

// FindIntent returns the intent with the number, wherever it lies, or nil.
func (db *DB) FindIntent(ctx context.Context, no string) (*shebao.Intent, error) {
	var out *shebao.Intent
	err := db.Update(ctx, func(tx *Tx) error {
		it, err := scanIntent(tx.QueryRow(ctx, `SELECT `+intentColumns+` FROM land_transfer_intents i
			LEFT JOIN regions r ON r.code = i.region_code WHERE i.no = $1`, no))
		if isNoRows(err) {
			return nil
		}
		out = &it
		return err
	})
	return out, err
}

// InsertIntent stores an intent with its audit entry.
func (db *DB) InsertIntent(ctx context.Context, it *shebao.Intent) error {
	area, err := policy.ParseMu(it.Area)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO land_transfer_intents (no, kind, region_code, parcel_code, land_class, area, years, price,
			use_purpose, contact_id, contact_name, status, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			it.No, it.Kind, it.Region, it.ParcelCode, it.Class, int64(area), it.Years, int64(it.Price), it.Use, it.ContactID, it.ContactName,
			it.Status, fmtTime(tx.now), a.Name); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "意向编号%s正在被他人同时登记,请稍后重试", it.No)
			}
			return err
		}
		return tx.audit(ctx, "intent.save", shebao.EntityIntent, it.No, it.Region, nil, it)
	})
}

// WithdrawIntent marks an active intent withdrawn (已撤回), with its audit
// entry; the caller has checked that the actor may.
func (db *DB) WithdrawIntent(ctx context.Context, no, reason string) error {
	return db.Update(ctx, func(tx *Tx) error {
		var region, status string
		if err := tx.QueryRow(ctx, `SELECT region_code, status FROM land_transfer_intents WHERE no = $1`, no).Scan(&region, &status); err != nil {
			if isNoRows(err) {
				return shebao.Errorf(shebao.ENOTFOUND, "未找到意向%s", no)
			}
			return err
		}
		if status != shebao.IntentActive {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE land_transfer_intents SET status = $1 WHERE no = $2 AND status = $3`,
			shebao.IntentWithdrawn, no, shebao.IntentActive); err != nil {
			return err
		}
		return tx.audit(ctx, "intent.withdraw", shebao.EntityIntent, no, region, map[string]any{"status": status},
			map[string]any{"status": shebao.IntentWithdrawn, "reason": reason})
	})
}

// FindIntents lists the intents of the kind ("" both) in the region,
// narrowed to the jurisdiction, in one audited list. The public list
// (public true) is the active intents without contacts or parcel codes
// (shebao.Intent.Public), which every reader of intents may see, a
// citizen included; the full list holds the withdrawn too and, for a
// citizen, only the intents under their own ID number.
func (db *DB) FindIntents(ctx context.Context, region, kind string, public bool) ([]shebao.Intent, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "intent.list", shebao.EntityIntent, ""); err != nil {
		return nil, err
	}
	if sc, err = sc.narrow(region); err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	if public {
		conds, args = []string{"i.status = $1"}, []any{shebao.IntentActive}
	} else {
		conds, args = sc.own("i.contact_id", conds, args)
	}
	conds, args = sc.where("i.region_code", conds, args)
	if kind != "" {
		args = append(args, kind)
		conds = append(conds, "i.kind = $"+itoa(len(args)))
	}
	out := []shebao.Intent{}
	err = db.Update(ctx, func(tx *Tx) error {
		if err := tx.scanRows(ctx, `SELECT `+intentColumns+` FROM land_transfer_intents i LEFT JOIN regions r ON r.code = i.region_code`+
			whereClause(conds)+` ORDER BY i.region_code, i.kind, i.no`, args, func(s rowScanner) error {
			it, err := scanIntent(s)
			if public {
				it = it.Public()
			}
			out = append(out, it)
			return err
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "intent.list", shebao.EntityIntent, "", sc.region(), nil,
			map[string]any{"filter": map[string]any{"region": region, "intent": kind, "public": public}, "rows": len(out)})
	})
	return out, err
}
