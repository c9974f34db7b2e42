package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// The store of 医疗救助 in the medical settlement and of 低保边缘 households
// (issue #18 item 4; the rules are policy.ComputeMedicalAid,
// shebao.MedicalAidData.CategoryOn and package medical's): what deciding a
// claim's assistance reads (MedicalAidData), the assistance lines written
// with their claims (writeMedicalAid, from WriteClaims), the 低保边缘
// records, and the figures of the reports.

// medicalAidVersion is the migration that creates the 医疗救助 tables.
const medicalAidVersion = 96

// checkMedicalAid notes whether the schema has the 医疗救助 tables.
func (db *DB) checkMedicalAid(ctx context.Context) {
	var n int
	err := db.read.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = $1`), medicalAidVersion).Scan(&n)
	db.medicalAid.Store(err == nil && n > 0)
}

// claimSelect is the select of claims with their 医疗救助 line (none on a
// schema before 0096).
func (db *DB) claimSelect() string {
	if db.medicalAid.Load() {
		return `SELECT ` + claimColumns + `, COALESCE(ma.category, ''), COALESCE(ma.paid, 0), COALESCE(ma.explanation, '')` + claimFrom +
			` LEFT JOIN medical_aid_claims ma ON ma.claim_id = c.id`
	}
	return `SELECT ` + claimColumns + `, '', 0, ''` + claimFrom
}

// medicalAidTable is the bulk insert of claims' assistance lines.
var medicalAidTable = bulkTable{
	name: "medical_aid_claims",
	cols: []string{"claim_id", "settlement_no", "id_no", "region_code", "hospital", "discharged", "year", "category", "ratio",
		"base", "deductible", "cap_used_before", "paid", "explanation", "created_at", "created_by"},
	pgTypes: []string{"text", "text", "text", "text", "text", "text", "bigint", "text", "bigint",
		"bigint", "bigint", "bigint", "bigint", "text", "text", "text"},
}

// aidInPayment is the 低保 case statuses whose months run on (approved, or
// a review or change waiting): the others end with their end_month.
var aidInPayment = []string{shebao.CaseApproved, shebao.CaseReviewed, shebao.CaseChangeSubmitted}

// MedicalAidData reads what deciding the persons' medical assistance needs
// (shebao.MedicalAidData), in the unit of work of ctx: called by the
// settlement after ClaimData, whose person locks (PostgreSQL) make two
// settlements of one person take turns, so the year's assistance used is
// read after the other's is written (the annual cap is never used twice).
func (db *DB) MedicalAidData(ctx context.Context, ids []string) (*shebao.MedicalAidData, error) {
	d := &shebao.MedicalAidData{Flags: map[string][]string{}, Versions: map[string][]shebao.FlagVersion{},
		Dibao: map[string][]shebao.MonthSpan{}, Edge: map[string][]shebao.DateSpan{}, Use: map[string]shebao.MedicalAidUse{}}
	if len(ids) == 0 {
		return d, nil
	}
	err := db.Update(ctx, func(tx *Tx) error {
		cond, args := tx.inKeys("id_no", ids, nil)
		if err := tx.scanRows(ctx, `SELECT id_no, flags FROM persons WHERE `+cond, args, func(s rowScanner) error {
			var id, flags string
			if err := s.Scan(&id, &flags); err != nil {
				return err
			}
			d.Flags[id] = splitFlags(flags)
			return nil
		}); err != nil {
			return err
		}
		// The flags' history: every superseded state, oldest first.
		if err := tx.scanRows(ctx, `SELECT id_no, changed_at, before_json FROM person_versions WHERE `+cond+` ORDER BY id_no, version`, args,
			func(s rowScanner) error {
				var id, at, before string
				if err := s.Scan(&id, &at, &before); err != nil {
					return err
				}
				var p struct {
					Flags []string `json:"flags"`
				}
				if err := json.Unmarshal([]byte(before), &p); err != nil {
					return err
				}
				d.Versions[id] = append(d.Versions[id], shebao.FlagVersion{ChangedAt: parseTime(at), Before: p.Flags})
				return nil
			}); err != nil {
			return err
		}
		if !db.medicalAid.Load() {
			return nil // a schema before 0096: the flags only
		}
		mcond, margs := tx.inKeys("m.id_no", ids, nil)
		if err := tx.scanRows(ctx, `SELECT m.id_no, c.start_month, c.status, c.end_month FROM assist_case_members m
			JOIN assist_cases c ON c.id = m.case_id WHERE c.start_month <> '' AND `+mcond, margs, func(s rowScanner) error {
			var id, from, status, end string
			if err := s.Scan(&id, &from, &status, &end); err != nil {
				return err
			}
			sp := shebao.MonthSpan{From: from, To: end}
			open := false
			for _, st := range aidInPayment {
				open = open || st == status
			}
			if open {
				sp.To = ""
			} else if end == "" || end < from {
				return nil // stopped before it paid a month
			}
			d.Dibao[id] = append(d.Dibao[id], sp)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.scanRows(ctx, `SELECT m.id_no, h.valid_from, h.valid_to, h.no FROM assist_edge_members m
			JOIN assist_edge_households h ON h.no = m.no WHERE `+mcond+` ORDER BY h.valid_from`, margs, func(s rowScanner) error {
			var id string
			var sp shebao.DateSpan
			if err := s.Scan(&id, &sp.From, &sp.To, &sp.Ref); err != nil {
				return err
			}
			d.Edge[id] = append(d.Edge[id], sp)
			return nil
		}); err != nil {
			return err
		}
		return tx.scanRows(ctx, `SELECT id_no, year, CAST(SUM(paid) AS BIGINT), CAST(SUM(deductible) AS BIGINT) FROM medical_aid_claims
			WHERE `+cond+` GROUP BY id_no, year`, args, func(s rowScanner) error {
			var id string
			var year int
			var paid, ded int64
			if err := s.Scan(&id, &year, &paid, &ded); err != nil {
				return err
			}
			d.Use[shebao.MedicalAidUseKey(id, year)] = shebao.MedicalAidUse{Paid: shebao.Money(paid), Deductible: shebao.Money(ded)}
			return nil
		})
	})
	return d, err
}

// splitFlags reads the persons.flags column.
func splitFlags(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// writeMedicalAid writes the assistance lines of claims just inserted
// (WriteClaims), one bulk insert.
func (tx *Tx) writeMedicalAid(ctx context.Context, rs []shebao.ClaimRecord) error {
	a, _ := shebao.ActorFrom(ctx)
	now := fmtTime(tx.now)
	var rows [][]any
	for _, r := range rs {
		m := r.Aid
		if m == nil {
			continue
		}
		m.ClaimID = r.Claim.ID
		rows = append(rows, []any{m.ClaimID, m.SettlementNo, m.IDNo, m.Region, m.Hospital, m.Discharged, int64(m.Year), m.Category,
			int64(m.Ratio), int64(m.Base), int64(m.Deductible), int64(m.CapUsedBefore), int64(m.Paid), m.Explanation, now, a.Name})
	}
	if len(rows) == 0 {
		return nil
	}
	return tx.bulkInsert(ctx, medicalAidTable, rows)
}

// InsertEdgeHousehold stores a 低保边缘 record found by the district
// (audited as assistance.edge). The same number again with the same content
// returns the stored record (created false); with another content it is
// refused.
func (db *DB) InsertEdgeHousehold(ctx context.Context, h *shebao.EdgeHousehold) (*shebao.EdgeHousehold, bool, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, false, err
	}
	if err := authorize(sc.actor, "assistance.edge", shebao.EntityAssistDecision, h.No); err != nil {
		return nil, false, err
	}
	var out *shebao.EdgeHousehold
	created := false
	err = db.Update(ctx, func(tx *Tx) error {
		if err := tx.checkRegion(ctx, sc, "region", h.Region); err != nil {
			return err
		}
		old, err := tx.edgeHouseholds(ctx, "h.no = $1", []any{h.No})
		if err != nil {
			return err
		}
		if len(old) > 0 {
			o := old[0]
			same := o.Region == h.Region && o.PerCapita == h.PerCapita && o.From == h.From && o.To == h.To && len(o.Members) == len(h.Members)
			for i := 0; same && i < len(o.Members); i++ {
				same = o.Members[i].IDNo == h.Members[i].IDNo
			}
			if !same {
				return shebao.FieldErrorf("no", "低保边缘家庭认定编号%s已用于%s的另一认定(%s起),内容不同,不能重复使用", h.No, o.Members[0].Name, o.From)
			}
			out = o
			return nil
		}
		if _, err := tx.Exec(ctx, `INSERT INTO assist_edge_households (no, region_code, area, per_capita, standard, income_limit,
			valid_from, valid_to, note, explanation, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			h.No, h.Region, h.Area, int64(h.PerCapita), int64(h.Standard), int64(h.Limit), h.From, h.To, h.Note, h.Explanation,
			fmtTime(tx.now), sc.actor.Name); err != nil {
			return err
		}
		for _, m := range h.Members {
			if _, err := tx.Exec(ctx, `INSERT INTO assist_edge_members (no, id_no, name) VALUES ($1, $2, $3)`, h.No, m.IDNo, m.Name); err != nil {
				return err
			}
		}
		h.CreatedAt, h.CreatedBy = tx.now, sc.actor.Name
		created, out = true, h
		return tx.audit(ctx, "assistance.edge", shebao.EntityAssistDecision, h.No, h.Region, nil, h)
	})
	return out, created, err
}

// FindEdgeHouseholds lists the 低保边缘 records of the actor's jurisdiction
// (the region's, in force on a day, of a person), newest first: an audited
// list (edge.list) of a role that reads assistance; a citizen sees only the
// records they are a member of.
func (db *DB) FindEdgeHouseholds(ctx context.Context, f shebao.EdgeFilter) ([]*shebao.EdgeHousehold, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "edge.list", shebao.EntityAssistance, listKey(sc, f.IDNo)); err != nil {
		return nil, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	if f.On != "" {
		args = append(args, f.On)
		conds = append(conds, fmt.Sprintf("h.valid_from <= $%d AND (h.valid_to = '' OR h.valid_to >= $%d)", len(args), len(args)))
	}
	idNo := f.IDNo
	if shebao.RoleOf(sc.actor).OwnOnly {
		idNo = sc.actor.IDNo
	}
	if idNo != "" {
		if idNo, err = canonicalIDNo(idNo); err != nil {
			return nil, err
		}
		args = append(args, idNo)
		conds = append(conds, fmt.Sprintf("h.no IN (SELECT x.no FROM assist_edge_members x WHERE x.id_no = $%d)", len(args)))
	}
	conds, args = sc.where("h.region_code", conds, args)
	var out []*shebao.EdgeHousehold
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.edgeHouseholds(ctx, strings.Join(append(conds, "1 = 1"), " AND "), args)
		return err
	})
	if err != nil {
		return nil, err
	}
	persons := 0
	for _, h := range out {
		persons += len(h.Members)
	}
	filter := map[string]any{"region": f.Region, "on": f.On, "id_no": idNo}
	if err := db.auditList(ctx, sc, "edge.list", shebao.EntityAssistance, listKey(sc, idNo), filter, len(out), persons); err != nil {
		return nil, err
	}
	return out, nil
}

// edgeHouseholds reads the records matching the condition with their
// members.
func (tx *Tx) edgeHouseholds(ctx context.Context, cond string, args []any) ([]*shebao.EdgeHousehold, error) {
	var out []*shebao.EdgeHousehold
	byNo := map[string]*shebao.EdgeHousehold{}
	if err := tx.scanRows(ctx, `SELECT h.no, h.region_code, h.area, h.per_capita, h.standard, h.income_limit, h.valid_from, h.valid_to,
		h.note, h.explanation, h.created_at, h.created_by FROM assist_edge_households h WHERE `+cond+` ORDER BY h.valid_from DESC, h.no`, args,
		func(s rowScanner) error {
			h := &shebao.EdgeHousehold{}
			var pc, std, lim int64
			var at string
			if err := s.Scan(&h.No, &h.Region, &h.Area, &pc, &std, &lim, &h.From, &h.To, &h.Note, &h.Explanation, &at, &h.CreatedBy); err != nil {
				return err
			}
			h.PerCapita, h.Standard, h.Limit, h.CreatedAt = shebao.Money(pc), shebao.Money(std), shebao.Money(lim), parseTime(at)
			out = append(out, h)
			byNo[h.No] = h
			return nil
		}); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	nos := make([]string, len(out))
	for i, h := range out {
		nos[i] = h.No
	}
	mc, margs := tx.inKeys("no", nos, nil)
	err := tx.scanRows(ctx, `SELECT no, id_no, name FROM assist_edge_members WHERE `+mc+` ORDER BY no, id_no`, margs, func(s rowScanner) error {
		var no string
		var m shebao.EdgeMember
		if err := s.Scan(&no, &m.IDNo, &m.Name); err != nil {
			return err
		}
		if h := byNo[no]; h != nil {
			h.Members = append(h.Members, m)
		}
		return nil
	})
	return out, err
}

// MedicalAidFigures are each region's medical assistance (its code and
// everything below it; "" the actor's jurisdiction) of the claims
// discharged from … to (YYYY-MM-DD): persons, claims and amount paid.
func (db *DB) MedicalAidFigures(ctx context.Context, codes []string, from, to string) (map[string]shebao.MedicalAidFigures, error) {
	sc, err := statsScope(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.MedicalAidFigures{}
	if !db.medicalAid.Load() {
		return out, nil
	}
	for _, code := range codes {
		lo, hi, err := sc.statRange(code)
		if err != nil {
			return nil, err
		}
		var f shebao.MedicalAidFigures
		var paid int64
		if err := db.queryRow(ctx, `SELECT COUNT(DISTINCT id_no), COUNT(*), COALESCE(SUM(paid), 0) FROM medical_aid_claims
			WHERE region_code BETWEEN $1 AND $2 AND discharged BETWEEN $3 AND $4 AND paid > 0`, lo, hi, from, to).Scan(&f.Persons, &f.Claims, &paid); err != nil {
			return nil, err
		}
		f.Paid = shebao.Money(paid)
		out[code] = f
	}
	return out, nil
}
