package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"github.com/shebao/shebao"
)

// The store of medical reimbursement (医疗费用报销) of 310 and 390: the
// claims (medical_claims), what settling a batch needs read at once
// (ClaimData: persons, claims settled, medical enrollments with their
// events, the year's earlier reimbursements; AccountBalances) and written
// at once (WriteClaims: one bulk insert, one batch of ledger entries, one
// batch of account movements). The rules — who is covered on the admission
// date, the deductible, ratio and cap, the account's payment, what a repeat
// is — are package medical's and policy's.

// claimTable is the bulk insert of settled claims.
var claimTable = bulkTable{
	name: "medical_claims",
	cols: []string{"id", "settlement_no", "id_no", "scheme", "region_code", "claim_type", "hospital", "hospital_level",
		"admitted", "discharged", "year", "total_cost", "eligible_cost", "deductible", "ratio", "cap_used_before",
		"fund_paid", "account_paid", "self_paid", "explanation", "detail", "source", "created_at", "created_by"},
	pgTypes: []string{"text", "text", "text", "text", "text", "text", "text", "bigint",
		"text", "text", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint",
		"bigint", "bigint", "bigint", "text", "text", "text", "text", "text"},
	conflict: "ON CONFLICT (settlement_no) DO NOTHING",
}

// coverage is one medical enrollment of a person with its events.
type coverage struct {
	id, scheme, status, start, end, endReason string
	year                                      int
	events                                    []coverageEvent
}

type coverageEvent struct {
	seq      int
	to, date string
}

// span is the enrollment as the root's rules read it.
func (c *coverage) span() *shebao.EnrollmentSpan {
	sp := &shebao.EnrollmentSpan{ID: c.id, Scheme: c.scheme, Status: c.status, Start: c.start, End: c.end, EndReason: c.endReason, Year: c.year}
	for _, e := range c.events {
		sp.Events = append(sp.Events, shebao.SpanEvent{Seq: e.seq, To: e.to, Date: e.date})
	}
	return sp
}

// statusOn is shebao.EnrollmentSpan.StatusOn.
func (c *coverage) statusOn(date string) string { return c.span().StatusOn(date) }

// ClaimData reads what settling claims of the persons with the settlement
// numbers needs (shebao.ClaimData). The actor must be allowed to settle
// claims, which is checked first, whatever the claims. On PostgreSQL the
// persons are locked in a fixed order, so that claims of one person are
// settled one unit of work at a time (the year's cap is used up in order);
// SQLite has one writer.
func (db *DB) ClaimData(ctx context.Context, ids, numbers []string) (*shebao.ClaimData, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "medical.settle", shebao.EntityMedical, ""); err != nil {
		return nil, err
	}
	d := &shebao.ClaimData{Persons: map[string]*shebao.Person{}, Settled: map[string]*shebao.Claim{},
		Spans: map[string][]*shebao.EnrollmentSpan{}, YearUse: map[string]shebao.ClaimYearUse{}}
	if len(ids) == 0 {
		return d, nil
	}
	err = db.Update(ctx, func(tx *Tx) error {
		if tx.db.citus.Load() {
			// Citus (engine switch): a row lock is taken only by a query on
			// one shard, so the persons are locked one by one, in the same
			// order as below (no deadlock between two settlements).
			sorted := append([]string(nil), ids...)
			sort.Strings(sorted)
			for _, id := range sorted {
				if _, err := tx.ledgerStrings(ctx, `SELECT id_no FROM persons WHERE id_no = $1 FOR NO KEY UPDATE`, id); err != nil {
					return err
				}
			}
		} else if tx.db.Dialect == Postgres {
			cond, args := tx.inKeys("id_no", ids, nil)
			if _, err := tx.ledgerStrings(ctx, `SELECT id_no FROM persons WHERE `+cond+` ORDER BY id_no FOR NO KEY UPDATE`, args...); err != nil {
				return err
			}
		}
		var err error
		if d.Persons, err = tx.personsByID(ctx, ids); err != nil {
			return err
		}
		if d.Settled, err = byKeys(ctx, tx, db.claimSelect(), "c.settlement_no", numbers, scanClaim,
			func(c *shebao.Claim) string { return c.SettlementNo }); err != nil {
			return err
		}
		covers, err := tx.schemeCoverage(ctx, ids, shebao.SchemeEmployeeMedical, shebao.SchemeResidentMedical)
		if err != nil {
			return err
		}
		for id, list := range covers {
			for _, c := range list {
				d.Spans[id] = append(d.Spans[id], c.span())
			}
		}
		d.YearUse, err = tx.claimYearUse(ctx, ids)
		return err
	})
	return d, err
}

// AccountBalances reads the individual-account balances of the persons in
// a fund (none for a person without an account).
func (db *DB) AccountBalances(ctx context.Context, fund string, ids []string) (map[string]shebao.Money, error) {
	var out map[string]shebao.Money
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.accountBalances(ctx, fund, ids)
		return err
	})
	return out, err
}

// WriteClaims writes settled claims with one bulk insert (each gets its
// ID, time and actor), their ledger entries and account movements, and
// the audit entry. A settlement number another unit of work settled
// meanwhile is a conflict: the whole batch is to be imported again.
func (db *DB) WriteClaims(ctx context.Context, rs []shebao.ClaimRecord, entries []*shebao.Entry, moves []shebao.AccountMovement) error {
	if len(rs) == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		rows := make([][]any, len(rs))
		ids := make([]string, len(rs))
		// self_paid is written before the 医疗救助 (medaid: the table's check
		// holds fund + account + self = total; the assistance line is
		// medical_aid_claims and is taken off when read).
		for i, r := range rs {
			cl := r.Claim
			if cl.ID == "" {
				cl.ID = newID()
			}
			cl.CreatedAt, cl.CreatedBy = tx.now, a.Name
			ids[i] = cl.ID
			rows[i] = []any{cl.ID, cl.SettlementNo, cl.IDNo, cl.Scheme, cl.Region, cl.Type, cl.Hospital, int64(cl.Level),
				cl.Admitted, cl.Discharged, int64(cl.Year), int64(cl.TotalCost), int64(cl.Eligible), int64(cl.Deductible), int64(r.Ratio),
				int64(cl.CapUsedBefore), int64(cl.FundPaid), int64(cl.AccountPaid), int64(cl.SelfPaid + cl.AidPaid), cl.Explanation, jsonText(r.Detail),
				cl.Source, now, a.Name}
		}
		persons := make([]string, len(rs))
		for i, r := range rs {
			persons[i] = r.Claim.IDNo
		}
		if err := tx.recount(ctx, claimsFamily, byKeysSel(nonEmpty(persons)...), func() error {
			return tx.bulkInsert(ctx, claimTable, rows)
		}); err != nil {
			return err
		}
		landed, err := tx.existingIDs(ctx, "medical_claims", ids)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if !landed[r.Claim.ID] {
				// Another transaction settled the same number meanwhile (for
				// another person: the person lock serializes the same person).
				return shebao.Errorf(shebao.ECONFLICT, "结算单号%s正在被另一次导入处理,请稍后重新导入", r.Claim.SettlementNo)
			}
		}
		// 医疗救助 lines (sqldb/assist_medaid.go).
		if err := tx.writeMedicalAid(ctx, rs); err != nil {
			return err
		}
		if _, err := tx.postFor(ctx, shebao.EntityMedical, entries); err != nil {
			return err
		}
		if len(moves) > 0 {
			if _, err := tx.moveAccountsFor(ctx, shebao.EntityMedical, moves[len(moves)-1].Date, "claims:"+ids[0],
				"个人账户支付门诊医疗费用", moves); err != nil {
				return err
			}
		}
		after := map[string]any{"created": len(rs)}
		region := ""
		if len(rs) == 1 {
			after["claim"] = rs[0].Claim
			region = rs[0].Claim.Region
		} else {
			var nos []string
			for _, r := range rs[:min(len(rs), 20)] {
				nos = append(nos, r.Claim.SettlementNo)
			}
			after["settlement_nos"] = nos
		}
		return tx.audit(ctx, "medical.settle", shebao.EntityMedical, rs[0].Claim.ID, region, nil, after)
	})
}

// schemeCoverage reads the persons' enrollments in the schemes with their
// events.
func (tx *Tx) schemeCoverage(ctx context.Context, ids []string, schemes ...string) (map[string][]*coverage, error) {
	out := map[string][]*coverage{}
	byID := map[string]*coverage{}
	cond, args := tx.inKeys("n.id_no", ids, nil)
	cond2, args := tx.inKeys("n.scheme", schemes, args)
	rows, err := tx.Query(ctx, `SELECT n.id, n.id_no, n.scheme, n.year, n.status, n.start_date, n.end_date, n.end_reason
		FROM enrollments n WHERE `+cond+` AND `+cond2, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		c := &coverage{}
		var id string
		if err := rows.Scan(&c.id, &id, &c.scheme, &c.year, &c.status, &c.start, &c.end, &c.endReason); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = append(out[id], c)
		byID[c.id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(byID) == 0 {
		return out, nil
	}
	rows, err = tx.Query(ctx, `SELECT e.enrollment_id, e.seq, e.to_status, e.event_date
		FROM enrollment_events e JOIN enrollments n ON `+tx.eventsOf("e", "n")+` WHERE `+cond+` AND `+cond2, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var e coverageEvent
		if err := rows.Scan(&id, &e.seq, &e.to, &e.date); err != nil {
			return nil, err
		}
		if c := byID[id]; c != nil {
			c.events = append(c.events, e)
		}
	}
	return out, rows.Err()
}

// claimYearUse sums the fund's payments and the deductibles borne by the
// persons' settled inpatient claims, by person, scheme and year.
func (tx *Tx) claimYearUse(ctx context.Context, ids []string) (map[string]shebao.ClaimYearUse, error) {
	cond, args := tx.inKeys("id_no", ids, []any{shebao.ClaimInpatient})
	rows, err := tx.Query(ctx, `SELECT id_no, scheme, year, CAST(SUM(fund_paid) AS BIGINT), CAST(SUM(deductible) AS BIGINT) FROM medical_claims
		WHERE claim_type = $1 AND `+cond+` GROUP BY id_no, scheme, year`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]shebao.ClaimYearUse{}
	for rows.Next() {
		var id, scheme string
		var year int
		var paid, ded int64
		if err := rows.Scan(&id, &scheme, &year, &paid, &ded); err != nil {
			return nil, err
		}
		out[shebao.ClaimUseKey(id, scheme, year)] = shebao.ClaimYearUse{Paid: shebao.Money(paid), Deductible: shebao.Money(ded)}
	}
	return out, rows.Err()
}

// accountBalances reads the individual-account balances of the persons in
// a fund (0 for a person without an account).
func (tx *Tx) accountBalances(ctx context.Context, fund string, ids []string) (map[string]shebao.Money, error) {
	out := map[string]shebao.Money{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("id_no", ids, []any{fund})
	rows, err := tx.Query(ctx, `SELECT id_no, balance FROM individual_accounts WHERE fund = $1 AND `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var b int64
		if err := rows.Scan(&id, &b); err != nil {
			return nil, err
		}
		out[id] = shebao.Money(b)
	}
	return out, rows.Err()
}

const claimColumns = `c.id, c.settlement_no, c.id_no, COALESCE(p.name, ''), c.scheme, c.region_code, c.claim_type, c.hospital,
	c.hospital_level, c.admitted, c.discharged, c.year, c.total_cost, c.eligible_cost, c.deductible, c.ratio, c.cap_used_before,
	c.fund_paid, c.account_paid, c.self_paid, c.explanation, c.source, c.created_at, c.created_by`

// claimFrom is completed by claimSelect with the claim's 医疗救助 line
// (medaid), if any.
const claimFrom = ` FROM medical_claims c LEFT JOIN persons p ON p.id_no = c.id_no`

func scanClaim(s rowScanner) (*shebao.Claim, error) {
	var c shebao.Claim
	var total, elig, ded, ratio, used, fund, acc, self, aid int64
	var created string
	if err := s.Scan(&c.ID, &c.SettlementNo, &c.IDNo, &c.Name, &c.Scheme, &c.Region, &c.Type, &c.Hospital, &c.Level,
		&c.Admitted, &c.Discharged, &c.Year, &total, &elig, &ded, &ratio, &used, &fund, &acc, &self,
		&c.Explanation, &c.Source, &created, &c.CreatedBy, &c.AidCategory, &aid, &c.AidExplanation); err != nil {
		return nil, err
	}
	// self_paid is the person's part after the insurance (the table's
	// check: fund + account + self = total); the 医疗救助 line (medaid)
	// pays part of it, and SelfPaid is what is left to the person.
	c.TotalCost, c.Eligible, c.Deductible, c.CapUsedBefore = shebao.Money(total), shebao.Money(elig), shebao.Money(ded), shebao.Money(used)
	c.FundPaid, c.AccountPaid, c.AidPaid = shebao.Money(fund), shebao.Money(acc), shebao.Money(aid)
	c.SelfPaid = shebao.Money(self) - c.AidPaid
	if c.Type == shebao.ClaimInpatient {
		c.Ratio = shebao.Rate(ratio).Percent()
	}
	c.CreatedAt = parseTime(created)
	return &c, nil
}

// FindClaims lists claims in the actor's jurisdiction — one person's
// ordered by discharge date, the jurisdiction's by village (region) and
// discharge date, the order of medical_claims_region, so that a page of
// a district's claims reads its 50 rows in index order instead of sorting
// every claim of the district (issue #15; TestClaimsPagePlan) —; a citizen sees only their own claims (another
// person's number is not found). Every call is an audited read
// (claim.list: one entry with the filter and how many claims and persons
// it returned).
func (db *DB) FindClaims(ctx context.Context, f shebao.ClaimFilter) ([]*shebao.Claim, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "claim.list", shebao.EntityMedical, ""); err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	if sc.ownOnly() && f.IDNo != "" {
		if n, _ := canonicalIDNo(f.IDNo); n != sc.actor.IDNo {
			return nil, 0, notFoundPerson(f.IDNo)
		}
	}
	id, where, args, order, err := claimsPage(sc, f)
	if err != nil {
		return nil, 0, err
	}
	out, total, err := findPage(ctx, db, `medical_claims c`, db.claimSelect(), where, args,
		order, f.Limit, f.Offset, scanClaim)
	if err != nil {
		return nil, 0, err
	}
	filter := map[string]any{"id_no": id, "year": f.Year, "scheme": f.Scheme, "region": f.Region, "offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, "claim.list", shebao.EntityMedical, listKey(sc, id), filter, len(out),
		countPersons(out, func(c *shebao.Claim) string { return c.IDNo })); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// claimsPage is FindClaims' condition and order for the filter in the
// scope: the canonical ID number asked for ("" for the jurisdiction's),
// the WHERE clause, its arguments and the ORDER BY.
func claimsPage(sc scope, f shebao.ClaimFilter) (id, where string, args []any, order string, err error) {
	var conds []string
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, cond+itoa(len(args)))
	}
	if f.IDNo != "" {
		if id, err = canonicalIDNo(f.IDNo); err != nil {
			return "", "", nil, "", err
		}
		add("c.id_no = $", id)
	}
	if f.Year != 0 {
		if f.Year < 1990 || f.Year > 2200 {
			return "", "", nil, "", shebao.FieldErrorf("年度", "年度%d无效", f.Year)
		}
		add("c.year = $", int64(f.Year))
	}
	if f.Scheme != "" {
		s, ok := shebao.FindScheme(f.Scheme)
		if !ok {
			return "", "", nil, "", shebao.FieldErrorf("险种", "未知险种“%s”", f.Scheme)
		}
		add("c.scheme = $", s.Code)
	}
	conds, args = sc.own("c.id_no", conds, args)
	conds, args = sc.where("c.region_code", conds, args)
	order = "c.region_code, c.discharged, c.settlement_no"
	if id != "" {
		order = "c.id_no, c.discharged, c.settlement_no"
	}
	return id, whereClause(conds), args, order, nil
}

// FindClaim returns one claim (an audited read of personal data).
func (db *DB) FindClaim(ctx context.Context, id string) (*shebao.Claim, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.Claim
	err = db.View(ctx, func(tx *Tx) error {
		c, err := scanClaim(tx.QueryRow(ctx, db.claimSelect()+` WHERE c.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) || err == nil && (!sc.contains(c.Region) ||
			shebao.RoleOf(sc.actor).OwnOnly && c.IDNo != sc.actor.IDNo) {
			return shebao.Errorf(shebao.ENOTFOUND, "未找到报销记录%s", id)
		}
		if err != nil {
			return err
		}
		out = c
		return tx.audit(ctx, "medical.read", shebao.EntityMedical, c.IDNo, c.Region, nil, nil)
	})
	return out, err
}
