package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// A paying spell (单位参保缴费期间) is read from the enrollments' history:
// an enrollment_events row that moved an enrollment of an employee scheme
// to 参保缴费 with an employer (增员, 恢复缴费, 变更单位, a takeover) starts
// one, and the enrollment's next event (减员 暂停缴费, 转出, 终止, 变更单位 …)
// ends it, on its date: the person paid through that employer on the days
// from the first date up to the day before the second. A person is a
// paying employee of an employer in a month when one of their spells with
// it covers a day of the month — whatever the enrollment's status today,
// so that a month assessed again after the person left (or moved to
// another employer) is assessed as it was (issue #14).

// payingSpellIn is the condition that the enrollment_events row ev starts
// a paying spell with the employer that covers a day between the dates
// first and last (SQL expressions; nx is ev's next event). byPerson
// writes the employer's test so that no engine reads the events by the
// employer's index (the caller reaches them by the person's enrollment).
func payingSpellIn(employer, first, last string, byPerson bool) string {
	col := "ev.employer_uscc"
	if byPerson {
		col += " || ''"
	}
	return `ev.to_status = '` + shebao.EnrollActive + `' AND ` + col + ` = ` + employer + ` AND ev.event_date <= ` + last + `
		AND (nx.seq IS NULL OR nx.event_date > ` + first + `)`
}

// nextEvent joins an enrollment event ev to its next event nx.
const nextEvent = ` LEFT JOIN enrollment_events nx ON nx.enrollment_id = ev.enrollment_id AND nx.seq = ev.seq + 1 AND nx.id_no = ev.id_no`

// DeclarationFacts reads what the rules of a chunk of declarations need
// (collect.Service.ImportDeclarations): the employers in the actor's
// jurisdiction, since when each person pays through the employer (one
// query over the chunk's (employer, person) pairs), and the wages stored.
func (db *DB) DeclarationFacts(ctx context.Context, ds []shebao.Declaration) (*shebao.DeclarationFacts, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	f := &shebao.DeclarationFacts{Employers: map[string]string{}, Spells: map[shebao.DeclarationKey][]shebao.PayingSpell{},
		Wages: map[shebao.DeclarationKey]shebao.Money{}}
	err = db.Update(ctx, func(tx *Tx) error {
		var usccs []string
		for _, d := range ds {
			usccs = append(usccs, d.Employer)
		}
		employers, err := tx.employersByUSCC(ctx, nonEmpty(usccs))
		if err != nil {
			return err
		}
		for u, e := range employers {
			if e != nil && sc.contains(e.Region) {
				f.Employers[u] = e.Name
			}
		}
		var pairU, pairP []string
		seenPair := map[string]bool{}
		for _, d := range ds {
			if k := d.Employer + "/" + d.IDNo; d.Employer != "" && d.IDNo != "" && !seenPair[k] {
				seenPair[k] = true
				pairU, pairP = append(pairU, d.Employer), append(pairP, d.IDNo)
			}
		}
		// The paying spells of each pair in the employee schemes, from the
		// enrollments' history (payingSpellIn).
		cond, args := tx.inPairs("ev.employer_uscc", "n.id_no", pairU, pairP, nil)
		rows, err := tx.Query(ctx, `SELECT DISTINCT n.id_no, ev.employer_uscc, ev.event_date, COALESCE(nx.event_date, '')
			FROM enrollments n JOIN enrollment_events ev ON ev.enrollment_id = n.id AND ev.id_no = n.id_no`+nextEvent+`
			WHERE `+cond+` AND ev.to_status = '`+shebao.EnrollActive+`' AND n.scheme IN ('110', '210', '310', '410', '510')
			ORDER BY n.id_no, ev.employer_uscc, ev.event_date`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, uscc string
			var sp shebao.PayingSpell
			if err := rows.Scan(&id, &uscc, &sp.From, &sp.To); err != nil {
				rows.Close()
				return err
			}
			if sp.To != "" && sp.To <= sp.From {
				continue // ended the day it began
			}
			k := shebao.DeclarationKey{Employer: uscc, IDNo: id}
			f.Spells[k] = append(f.Spells[k], sp)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		cond, args = tx.inPairs("employer_uscc", "id_no", pairU, pairP, nil)
		rows, err = tx.Query(ctx, `SELECT employer_uscc, period, id_no, wage FROM declarations WHERE `+cond, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var uscc, period, id string
			var wage int64
			if err := rows.Scan(&uscc, &period, &id, &wage); err != nil {
				return err
			}
			f.Wages[shebao.DeclarationKey{Employer: uscc, Period: shebao.Period(period), IDNo: id}] = shebao.Money(wage)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// SaveDeclarations stores new declarations (one bulk insert) and replaces
// changed wages, under the run, with the audit entry listing the changes.
func (db *DB) SaveDeclarations(ctx context.Context, run string, fresh []shebao.Declaration, changed []shebao.DeclarationChange) error {
	if len(fresh)+len(changed) == 0 {
		return nil
	}
	a, _ := shebao.ActorFrom(ctx)
	return db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		rows := make([][]any, len(fresh))
		for i, d := range fresh {
			rows[i] = []any{d.Employer, string(d.Period), d.IDNo, int64(d.Wage), run, now, a.Name}
		}
		if err := tx.bulkInsert(ctx, bulkTable{name: "declarations",
			cols:    []string{"employer_uscc", "period", "id_no", "wage", "source", "declared_at", "declared_by"},
			pgTypes: []string{"text", "text", "text", "bigint", "text", "text", "text"}}, rows); err != nil {
			return err
		}
		var lines []string
		for _, c := range changed {
			if _, err := tx.Exec(ctx, `UPDATE declarations SET wage = $1, source = $2, declared_at = $3, declared_by = $4
				WHERE employer_uscc = $5 AND period = $6 AND id_no = $7`, int64(c.Wage), run, now, a.Name, c.Employer, string(c.Period), c.IDNo); err != nil {
				return err
			}
			lines = append(lines, fmt.Sprintf("%s %s %s: %s → %s", c.Employer, c.Period, idno.MaskID(c.IDNo), c.Old, c.Wage))
		}
		return tx.audit(ctx, "declaration.import", shebao.EntityContribution, run, "", nil,
			map[string]any{"created": len(fresh), "changed": lines})
	})
}

// The monthly assessment (核定) is the collect service's
// (collect.Service.Assess): it resolves the policy of the month into
// policy.AssessParams and decides what is rewritten; these methods are its
// set-based SQL, in the unit of work the service runs them in.

// AssessmentRegions returns the regions of the employers in the actor's
// jurisdiction, after checking that the actor may run the assessment.
func (db *DB) AssessmentRegions(ctx context.Context, period shebao.Period) ([]string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "assessment.run", shebao.EntityContribution, string(period)); err != nil {
		return nil, err
	}
	conds, args := sc.where("region_code", nil, nil)
	rows, err := db.query(ctx, `SELECT DISTINCT region_code FROM employers`+whereClause(conds)+` ORDER BY region_code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var regions []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		regions = append(regions, r)
	}
	return regions, rows.Err()
}

// assessLineCols are the columns of an assessment line, in bill_lines and
// assessment_stage.
const assessLineCols = `employer_uscc, period, id_no, scheme, declared, base, floor_base, ceiling_base, avg_wage,
	employer_rate, individual_rate, employer_amount, individual_amount, account_amount, basis,
	prev_employer_amount, prev_individual_amount, prev_account_amount`

// StageAssessment computes the lines of the month for the employers in
// the actor's jurisdiction with one INSERT … SELECT, with the parameters
// p: each declared wage clamped to its region's floor and ceiling, times
// the rates of every employee scheme the person pays into through the
// employer (work injury at the employer's risk class), each amount
// rounded half up to the fen in integer arithmetic on both engines, as
// policy.AssessLine; and for an employer with paying employees and lines
// last month but no declaration this month, last month's amounts times
// its region's undeclared factor, rounded likewise
// (policy.UndeclaredAssessment), under the basis that names the factor.
// When no bill of the month is stored in the jurisdiction the lines go
// straight to bill_lines; otherwise into assessment_stage, compared with
// the stored lines.
//
// employers, when not nil, limits the assessment to those employers (the
// re-assessment of the months an employer declares late).
func (db *DB) StageAssessment(ctx context.Context, period shebao.Period, p policy.AssessParams, employers []string) (*shebao.AssessStaged, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	st := &shebao.AssessStaged{Run: newID()}
	err = db.Update(ctx, func(tx *Tx) (err error) {
		*st = shebao.AssessStaged{Run: st.Run, Paid: map[string]bool{}, PaidBasis: map[string]string{}, StagedBasis: map[string]string{}}
		var only string
		var oargs []any
		if employers != nil {
			only, oargs = tx.inKeys("payer", employers, []any{string(period)})
			only = " AND " + only
		}
		// First assessment of the month in this scope: nothing to compare
		// with, so the lines go straight to bill_lines.
		args := []any{string(period)}
		if employers != nil {
			args = oargs
		}
		conds, args := sc.where("region_code", []string{"period = $1", "payer_kind = 'employer'"}, args)
		var stored int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM bills`+whereClause(conds)+only, args...).Scan(&stored); err != nil {
			return err
		}
		if tx.db.citus.Load() {
			if err := tx.stageAssessEmployers(ctx, st.Run, period); err != nil {
				return err
			}
			defer func() {
				if err == nil {
					_, err = tx.Exec(ctx, `DELETE FROM assessment_employers WHERE run = $1`, st.Run)
				}
			}()
		}
		if stored == 0 {
			st.Direct = true
			// The declared lines, then the undeclared ones (assessLinesQuery).
			for _, part := range []assessPart{assessDeclared, assessUndeclared} {
				lines, largs := assessLinesQuery(tx, sc, period, p, employers, part, st.Run)
				if _, err := tx.Exec(ctx, `INSERT INTO bill_lines (`+assessLineCols+`) SELECT * FROM (`+lines+`) q`, largs...); err != nil {
					return err
				}
			}
			cond, dargs := "", []any{string(period)}
			if employers != nil {
				cond, dargs = tx.inKeys("employer_uscc", employers, dargs)
				cond = " AND " + cond
			}
			rows, err := tx.Query(ctx, `SELECT DISTINCT employer_uscc FROM bill_lines WHERE period = $1`+cond+` ORDER BY employer_uscc`, dargs...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var u string
				if err := rows.Scan(&u); err != nil {
					return err
				}
				st.Changed = append(st.Changed, u)
			}
			return rows.Err()
		}
		// The run is the last argument, after the lines' own. On a Citus
		// cluster the declared lines (computed on the persons' shards) and
		// the undeclared (on the employers') are two statements: a UNION
		// ALL of the two cannot be pushed down to the shards.
		parts := []assessPart{assessAll}
		if tx.db.citus.Load() {
			parts = []assessPart{assessDeclared, assessUndeclared}
		}
		for _, part := range parts {
			lines, largs := assessLinesQuery(tx, sc, period, p, employers, part, st.Run)
			if _, err := tx.Exec(ctx, `INSERT INTO assessment_stage (run, `+assessLineCols+`) SELECT CAST($`+strconv.Itoa(len(largs)+1)+` AS TEXT), q.* FROM (`+lines+`) q`,
				append(largs, st.Run)...); err != nil {
				return err
			}
		}
		if st.Changed, err = tx.changedEmployers(ctx, st.Run, period, sc, employers); err != nil {
			return err
		}
		if len(st.Changed) == 0 {
			return nil
		}
		// Of the employers whose lines changed, those whose bill has
		// payments, with its basis and the basis of the lines staged.
		cond, cargs := tx.inKeys("payer", st.Changed, []any{string(period)})
		var paid []string
		if err := tx.scanRows(ctx, `SELECT payer, basis FROM bills WHERE payer_kind = 'employer' AND period = $1 AND paid <> 0 AND `+cond, cargs,
			func(r rowScanner) error {
				var u, basis string
				if err := r.Scan(&u, &basis); err != nil {
					return err
				}
				st.Paid[u], st.PaidBasis[u] = true, basis
				paid = append(paid, u)
				return nil
			}); err != nil {
			return err
		}
		if len(paid) == 0 {
			return nil
		}
		cond, cargs = tx.inKeys("employer_uscc", paid, []any{st.Run})
		return tx.scanRows(ctx, `SELECT employer_uscc, MIN(basis) FROM assessment_stage WHERE run = $1 AND `+cond+` GROUP BY employer_uscc`, cargs,
			func(r rowScanner) error {
				var u, basis string
				if err := r.Scan(&u, &basis); err != nil {
					return err
				}
				st.StagedBasis[u] = basis
				return nil
			})
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// The parts of the assessment's lines (assessLinesQuery).
type assessPart int

const (
	assessAll        assessPart = iota // every line: the staging path
	assessDeclared                     // the lines of the declarations
	assessUndeclared                   // last month's lines of the employers that did not declare
)

// assessLinesQuery is a SELECT of StageAssessment: the lines (of part) of
// the month for the employers of the scope sc (and of employers, when not
// nil), with the parameters p, and its arguments.
//
// The first assessment writes the two parts into bill_lines with one
// statement each. The undeclared lines read last month's bill_lines, and
// SQLite, inserting into a table its SELECT reads, first stores the whole
// result in a temporary table — in memory (temp_store=MEMORY): 645 MB of
// anonymous memory for 1,200,000 lines. The declared lines, nearly all of
// them, read no bill_lines and go to the table as they are computed.
//
// run is the assessment's run: on a Citus cluster the undeclared part reads
// the employers that declared and that had paying employees in the month
// from assessment_employers under it (stageAssessEmployers).
func assessLinesQuery(tx *Tx, sc scope, period shebao.Period, p policy.AssessParams, employers []string, part assessPart, run string) (string, []any) {
	// The parameters go into the query as a list of values, not through
	// a table: a table just filled has no statistics, and PostgreSQL,
	// taking it for one row, drove the whole join from it — per
	// employer, every enrollment, then every declaration (0.24 of a
	// raw INSERT … SELECT at 100,000 employees). A list's size is known.
	// Parameters: $1 month, $2 its last day, then its first day and the
	// previous month where the part reads them (first and prev), then the
	// scope (the rates and factors are literals: valuesTable); on a Citus
	// cluster the undeclared part reads the staged employers instead of
	// the days ($1 month, $2 the previous, the scope, the run).
	staged := part == assessUndeclared && tx.db.citus.Load()
	args := []any{string(period)}
	first, last, prev := "", "", ""
	if !staged {
		args = append(args, period.Last().Format(shebao.DateLayout), period.First().Format(shebao.DateLayout))
		last, first = "$2", "$3"
	}
	if part != assessDeclared {
		args = append(args, string(period.Prev()))
		prev = "$" + strconv.Itoa(len(args))
	}
	scope, largs := sc.where("e.region_code", nil, args)
	scopeCond := ""
	if len(scope) > 0 {
		scopeCond = " AND " + scope[0]
	}
	if employers != nil {
		var cond string
		cond, largs = tx.inKeys("e.uscc", employers, largs)
		scopeCond += " AND " + cond
	}
	runArg := ""
	if staged {
		largs = append(largs, run)
		runArg = "$" + strconv.Itoa(len(largs))
	}
	switch part {
	case assessDeclared:
		return assessDeclaredSQL(p, scopeCond, first), largs
	case assessUndeclared:
		return assessUndeclaredSQL(p, scopeCond, first, last, prev, runArg), largs
	}
	return assessDeclaredSQL(p, scopeCond, first) + `
		UNION ALL
		` + assessUndeclaredSQL(p, scopeCond, first, last, prev, ""), largs
}

// assessDeclaredSQL is the SELECT of the declared lines of
// assessLinesQuery: scopeCond limits the employers e, first is the
// placeholder of the month's first day.
func assessDeclaredSQL(p policy.AssessParams, scopeCond, first string) string {
	// A 农民合同制工人 (an employment with the employer marked
	// rural_contract in the month) has no individual part of 210 where
	// the region's switch is on (p.rural_exempt, 失业保险条例 第六条).
	// The declared lines: each declaration with the rates of every
	// scheme of its employer's region (and risk class) in which the
	// person was a paying employee of the employer in the month
	// (payingSpellIn). Two paths give the persons, exactly:
	//   - an enrollment never changed since it was made (version 1)
	//     and paying is one spell, from its start date with its
	//     employer (its one event): read from the enrollment alone, as
	//     the assessment always did — nearly every line;
	//   - any other enrollment of the person in the scheme (changed,
	//     suspended, moved to another employer, ended) is read from its
	//     history, unless the first path already has the person and
	//     scheme; DISTINCT keeps one line when two such enrollments
	//     paid through the employer in the month (one ended and
	//     another begun). "|| ''" keeps SQLite reading the events by
	//     the enrollment, not every event of the employer.
	const fresh = `n.version = 1 AND n.status = '` + shebao.EnrollActive + `'`
	// persons are the declared persons of the scope with their schemes:
	// declarations, their employers and the enrollments that make them
	// paying employees (who). The employer and the enrollment meet only
	// through the declaration, so no engine can join enrollments to
	// employers or to the parameters before the declarations.
	persons := func(distinct, who string) string {
		return `SELECT ` + distinct + `d.employer_uscc, d.id_no, n.scheme, d.wage, e.region_code, e.risk_class
			FROM declarations d
			JOIN employers e ON e.uscc = d.employer_uscc
			JOIN enrollments n ON n.id_no = d.id_no AND n.scheme IN ('110', '210', '310', '410', '510') AND ` + who + `
			WHERE d.period = $1` + scopeCond
	}
	// rated gives each declared person of src the parameters of the
	// scheme in the employer's region (and risk class).
	paramSQL := assessRateValues(p.Rates)
	rated := func(src string) string {
		return `SELECT y.employer_uscc, y.id_no, y.scheme, y.wage AS declared,
				CASE WHEN y.wage < p.floor_base THEN p.floor_base WHEN y.wage > p.ceiling_base THEN p.ceiling_base ELSE y.wage END AS base,
				p.floor_base, p.ceiling_base, p.avg_wage, p.employer_rate,
				CASE WHEN p.rural_exempt = 1 AND EXISTS (SELECT 1 FROM employments m WHERE m.id_no = y.id_no
					AND m.employer_uscc = y.employer_uscc AND m.rural_contract = 1 AND m.start_date <= $2
					AND (m.end_date = '' OR m.end_date >= ` + first + `)) THEN 0 ELSE p.individual_rate END AS individual_rate,
				p.account_rate
			FROM (` + src + `) y
			JOIN ` + paramSQL + ` p ON p.region_code = y.region_code AND p.scheme = y.scheme
				AND p.risk_class = CASE WHEN y.scheme = '410' THEN y.risk_class ELSE 0 END`
	}
	// The second path's persons are a DISTINCT subquery, which neither
	// engine merges into the joins around it. With the employers, the
	// enrollments and the parameters in one join, PostgreSQL misjudged
	// the changed enrollments joined to the employers through the
	// parameters' region and scheme as a few rows, crossed them (125,000
	// enrollments × 10,000 employers) and only then read the
	// declarations: a re-assessment of a 1,000,000-person district did
	// not finish in 10 minutes (42–48 s now). The DISTINCT around the whole
	// path keeps one line per person and scheme (above), and keeps
	// SQLite from flattening x into the outer SELECT, where the rural
	// check, written once per use of individual_rate, would run twice a
	// line.
	return `SELECT x.employer_uscc, $1 AS period, x.id_no, x.scheme, x.declared, x.base, x.floor_base, x.ceiling_base, x.avg_wage,
			x.employer_rate, x.individual_rate,
			(x.base * x.employer_rate + 500000) / 1000000 AS employer_amount,
			(x.base * x.individual_rate + 500000) / 1000000 AS individual_amount,
			(x.base * x.account_rate + 500000) / 1000000 AS account_amount, '` + shebao.BasisDeclared + `' AS basis,
			0 AS prev_employer_amount, 0 AS prev_individual_amount, 0 AS prev_account_amount
		FROM (` + rated(persons("", fresh+` AND n.employer_uscc = d.employer_uscc AND n.start_date <= $2`)) + `
			UNION ALL
			SELECT DISTINCT * FROM (` + rated(persons("DISTINCT ", `NOT (`+fresh+`)`)+`
				AND EXISTS (SELECT 1 FROM enrollment_events ev`+nextEvent+`
					WHERE ev.enrollment_id = n.id AND ev.id_no = n.id_no AND `+payingSpellIn("d.employer_uscc", first, "$2", true)+`)
				AND NOT EXISTS (SELECT 1 FROM enrollments f WHERE f.id_no = d.id_no AND f.scheme = n.scheme
					AND f.version = 1 AND f.status = '`+shebao.EnrollActive+`' AND f.employer_uscc = d.employer_uscc AND f.start_date <= $2)`) + `) h
		) x`
}

// assessUndeclaredSQL is the SELECT of the lines of the employers that did
// not declare, from last month's (placeholder prev) lines, whose employer
// had a paying employee between the days first and last (placeholders).
// staged, when not "", is the placeholder of the run whose
// assessment_employers say which employers declared and which had paying
// employees instead (a Citus cluster: stageAssessEmployers).
func assessUndeclaredSQL(p policy.AssessParams, scopeCond, first, last, prev, staged string) string {
	factorSQL := undeclaredFactorValues(p.Undeclared)
	var declared, paying string
	if staged == "" {
		declared = `SELECT 1 FROM declarations d WHERE d.employer_uscc = l.employer_uscc AND d.period = $1`
		paying = `SELECT 1 FROM enrollment_events ev` + nextEvent + ` WHERE ` + payingSpellIn("l.employer_uscc", first, last, false)
	} else {
		declared = `SELECT 1 FROM assessment_employers d WHERE d.run = ` + staged + ` AND d.kind = 'declared' AND d.employer_uscc = l.employer_uscc`
		paying = `SELECT 1 FROM assessment_employers d WHERE d.run = ` + staged + ` AND d.kind = 'paying' AND d.employer_uscc = l.employer_uscc`
	}
	return `SELECT l.employer_uscc, $1, l.id_no, l.scheme, l.declared, l.base, l.floor_base, l.ceiling_base, l.avg_wage,
			l.employer_rate, l.individual_rate, (l.employer_amount * f.factor + 500000) / 1000000,
			(l.individual_amount * f.factor + 500000) / 1000000, (l.account_amount * f.factor + 500000) / 1000000, f.basis,
			l.employer_amount, l.individual_amount, l.account_amount
		FROM bill_lines l JOIN employers e ON e.uscc = l.employer_uscc
		JOIN ` + factorSQL + ` f ON f.region_code = e.region_code
		WHERE l.period = ` + prev + scopeCond + `
			AND NOT EXISTS (` + declared + `)
			AND EXISTS (` + paying + `)`
}

// stageAssessEmployers writes, on a Citus cluster, the employers that
// declared for period and those with a paying employee in it under the
// run in assessment_employers (StageAssessment deletes them before its
// commit). The undeclared lines (assessUndeclaredSQL) are read on the
// employer's shard from last month's lines; the declarations and the
// enrollments' events are on the persons' shards, and Citus answers a
// correlated subquery only on the distribution column of the tables it
// joins, so the two tests are first gathered by employer here (each an
// INSERT … SELECT that Citus repartitions by the employer) and then read
// on the employer's shard. One PostgreSQL and SQLite read the two tables
// in place.
func (tx *Tx) stageAssessEmployers(ctx context.Context, run string, period shebao.Period) error {
	if _, err := tx.Exec(ctx, `INSERT INTO assessment_employers (run, kind, employer_uscc)
		SELECT DISTINCT CAST($1 AS TEXT), 'declared', employer_uscc FROM declarations WHERE period = $2`, run, string(period)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO assessment_employers (run, kind, employer_uscc)
		SELECT DISTINCT CAST($1 AS TEXT), 'paying', ev.employer_uscc FROM enrollment_events ev`+nextEvent+`
		WHERE `+payingSpellIn("ev.employer_uscc", "$3", "$2", false)+` AND ev.employer_uscc <> ''`,
		run, period.Last().Format(shebao.DateLayout), period.First().Format(shebao.DateLayout))
	return err
}

// WriteAssessment writes the bills of the employers rewrite from the
// lines staged by StageAssessment: their stored lines and bill of the
// month are replaced by the staged lines (when staged, not Direct) and a
// bill summing them; then the staging run is dropped. Which employers to
// rewrite is the caller's decision.
func (db *DB) WriteAssessment(ctx context.Context, period shebao.Period, st *shebao.AssessStaged, rewrite []string) error {
	return db.Update(ctx, func(tx *Tx) error {
		if len(rewrite) == 0 {
			_, err := tx.Exec(ctx, `DELETE FROM assessment_stage WHERE run = $1`, st.Run)
			return err
		}
		// The bills rewritten count in the statistics, with the
		// allocations they keep.
		cond, args := tx.inKeys("b.payer", rewrite, []any{string(period)})
		sel := byCond("b.payer_kind = 'employer' AND b.period = $1 AND "+cond, args...)
		if st.Direct {
			// The first assessment of the month in the scope (in this unit
			// of work, under the run's lock): none of these bills exists
			// yet, and every row the family counts is a bill's.
			sel.created = true
		}
		return tx.recount(ctx, contributionsFamily, sel, func() error {
			return tx.writeAssessment(ctx, period, st, rewrite)
		})
	})
}

// writeAssessment is WriteAssessment in a transaction.
func (tx *Tx) writeAssessment(ctx context.Context, period shebao.Period, st *shebao.AssessStaged, rewrite []string) error {
	if len(rewrite) > 0 && !st.Direct {
		cond, args := tx.inKeys("employer_uscc", rewrite, []any{string(period)})
		if _, err := tx.Exec(ctx, `DELETE FROM bill_lines WHERE period = $1 AND `+cond, args...); err != nil {
			return err
		}
		cond, args = tx.inKeys("payer", rewrite, []any{string(period)})
		if _, err := tx.Exec(ctx, `DELETE FROM bills WHERE payer_kind = 'employer' AND period = $1 AND `+cond, args...); err != nil {
			return err
		}
		cond, args = tx.inKeys("s.employer_uscc", rewrite, []any{st.Run})
		if _, err := tx.Exec(ctx, `INSERT INTO bill_lines (`+assessLineCols+`)
			SELECT s.employer_uscc, s.period, s.id_no, s.scheme, s.declared, s.base, s.floor_base, s.ceiling_base, s.avg_wage,
				s.employer_rate, s.individual_rate, s.employer_amount, s.individual_amount, s.account_amount, s.basis,
				s.prev_employer_amount, s.prev_individual_amount, s.prev_account_amount
			FROM assessment_stage s WHERE s.run = $1 AND `+cond, args...); err != nil {
			return err
		}
	}
	if len(rewrite) > 0 {
		q, args := assessBillsQuery(tx, period, rewrite)
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `DELETE FROM assessment_stage WHERE run = $1`, st.Run)
	return err
}

// assessBillsQuery is the INSERT of the bills of the employers rewrite,
// each summing its lines of the month. It groups by the lines' key alone
// (the employer's region is one per employer: MIN picks it), so that both
// engines read the lines in the key's order and sum each employer's as
// they come; grouped by the region too, SQLite sorted every line of the
// month in a temporary B-tree first, held in memory (temp_store=MEMORY).
func assessBillsQuery(tx *Tx, period shebao.Period, rewrite []string) (string, []any) {
	cond, args := tx.inKeys("l.employer_uscc", rewrite, []any{string(period), period.Last().Format(shebao.DateLayout), fmtTime(tx.now)})
	return `INSERT INTO bills (payer_kind, payer, period, region_code, basis, due_date, employer_total, individual_total,
		total, lines, assessed_at)
		SELECT 'employer', l.employer_uscc, l.period, MIN(e.region_code), MIN(l.basis), $2, SUM(l.employer_amount), SUM(l.individual_amount),
			SUM(l.employer_amount) + SUM(l.individual_amount), COUNT(*), $3
		FROM bill_lines l JOIN employers e ON e.uscc = l.employer_uscc
		WHERE l.period = $1 AND ` + cond + ` GROUP BY l.employer_uscc, l.period`, args
}

// AssessmentTotals returns the month's bills in the actor's jurisdiction:
// their number, lines and total, and the employers assessed for not
// declaring (every basis but BasisDeclared).
func (db *DB) AssessmentTotals(ctx context.Context, period shebao.Period) (*shebao.AssessResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	res := &shebao.AssessResult{Period: period, Undeclared: []string{}, Paid: []string{}}
	conds, args := sc.where("b.region_code", []string{"b.period = $1", "b.payer_kind = 'employer'"}, []any{string(period)})
	var total sql.NullInt64
	if err := db.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(b.lines), 0), SUM(b.total) FROM bills b`+whereClause(conds), args...).
		Scan(&res.Employers, &res.Lines, &total); err != nil {
		return nil, err
	}
	res.Total = shebao.Money(total.Int64)
	conds = append(conds, "b.basis <> '"+shebao.BasisDeclared+"'")
	rows, err := db.query(ctx, `SELECT b.payer FROM bills b`+whereClause(conds)+` ORDER BY b.payer`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		res.Undeclared = append(res.Undeclared, u)
	}
	return res, rows.Err()
}

// RecordAssessment appends the audit entry of an assessment run.
func (db *DB) RecordAssessment(ctx context.Context, res *shebao.AssessResult) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		return tx.audit(ctx, "assessment.run", shebao.EntityContribution, string(res.Period), sc.actor.Region, nil, res)
	})
}

// assessRateValues writes the rates as a derived table (a list of values;
// the same SQL on both engines, which name a list's columns column1,
// column2, …), its values written as literals (valuesTable).
func assessRateValues(rates []policy.AssessRate) string {
	if len(rates) == 0 {
		return `(SELECT '' AS region_code, '' AS scheme, 0 AS risk_class, 0 AS avg_wage, 0 AS floor_base, 0 AS ceiling_base,
			0 AS employer_rate, 0 AS individual_rate, 0 AS account_rate, 0 AS rural_exempt WHERE 1 = 0)`
	}
	rows := make([][]any, len(rates))
	for i, r := range rates {
		rows[i] = []any{r.Region, r.Scheme, int64(r.RiskClass), int64(r.AvgWage), int64(r.Floor), int64(r.Ceiling),
			int64(r.Employer), int64(r.Individual), int64(r.Account), int64(boolInt(r.RuralExempt))}
	}
	return valuesTable([]string{"region_code", "scheme", "risk_class", "avg_wage", "floor_base", "ceiling_base",
		"employer_rate", "individual_rate", "account_rate", "rural_exempt"}, 2, rows)
}

// undeclaredFactorValues writes the undeclared factors by region, with the
// basis naming each, as a derived table (region_code, factor, basis).
func undeclaredFactorValues(factors map[string]shebao.Rate) string {
	if len(factors) == 0 {
		return `(SELECT '' AS region_code, 0 AS factor, '' AS basis WHERE 1 = 0)`
	}
	regions := make([]string, 0, len(factors))
	for r := range factors {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	rows := make([][]any, len(regions))
	for i, r := range regions {
		rows[i] = []any{r, shebao.UndeclaredBasis(factors[r]), int64(factors[r])}
	}
	return valuesTable([]string{"region_code", "basis", "factor"}, 2, rows)
}

// valuesTable writes rows as a derived table of the named columns, the
// first texts of them text and the others BIGINT. The values are written
// into the statement as SQL literals (text quoted, its quotes doubled;
// integers in decimal), not bound: SQLite binds at most 32,766 parameters
// to a statement, and the rates of a district whose employers lie in 300
// villages — twelve rows each (four schemes and eight work-injury risk
// classes), ten values a row — passed it, so the monthly assessment
// failed ("variable number must be between ?1 and ?32766"). The values are
// policy figures and region codes, and the statement text changes only
// with them.
func valuesTable(cols []string, texts int, rows [][]any) string {
	var b strings.Builder
	b.WriteString("(SELECT ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "column%d AS %s", i+1, c)
	}
	b.WriteString(" FROM (VALUES ")
	for i, row := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j, v := range row {
			if j > 0 {
				b.WriteString(", ")
			}
			if j < texts {
				b.WriteString("CAST(" + sqlText(fmt.Sprint(v)) + " AS TEXT)")
			} else {
				b.WriteString("CAST(" + strconv.FormatInt(v.(int64), 10) + " AS BIGINT)")
			}
		}
		b.WriteString(")")
	}
	b.WriteString(") v)")
	return b.String()
}

// sqlText is s as a standard SQL string literal: in quotes, each quote
// doubled (both engines: PostgreSQL with standard_conforming_strings, its
// default since 9.1, reads backslashes literally).
func sqlText(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// changedEmployers returns the employers, in the scope, whose staged lines
// differ from their stored lines for the month (either way).
func (tx *Tx) changedEmployers(ctx context.Context, run string, period shebao.Period, sc scope, employers []string) ([]string, error) {
	const cols = `employer_uscc, id_no, scheme, declared, base, employer_amount, individual_amount, account_amount, basis`
	args := []any{run, string(period)}
	var only []string
	if employers != nil {
		var cond string
		cond, args = tx.inKeys("b.payer", employers, args)
		only = []string{cond}
	}
	stored, args := sc.where("b.region_code", append([]string{"b.period = $2", "b.payer_kind = 'employer'"}, only...), args)
	storedLines := `SELECT ` + cols + ` FROM bill_lines WHERE period = $2 AND employer_uscc IN (SELECT b.payer FROM bills b` + whereClause(stored) + `)`
	staged := `SELECT ` + cols + ` FROM assessment_stage WHERE run = $1`
	seen := map[string]bool{}
	for _, q := range []string{staged + ` EXCEPT ` + storedLines, storedLines + ` EXCEPT ` + staged} {
		rows, err := tx.Query(ctx, `SELECT DISTINCT employer_uscc FROM (`+q+`) x`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return nil, err
			}
			seen[u] = true
		}
		rows.Close()
	}
	out := make([]string, 0, len(seen))
	for u := range seen {
		out = append(out, u)
	}
	sort.Strings(out)
	return out, nil
}

// FindBill returns an employer's bill for a month with every line and its
// explanation, in the actor's jurisdiction: an audited read of the
// employees' contributions (bill.read, keyed by the employer and month,
// with how many lines and persons it returned). A citizen reads their own
// contributions, not an employer's bill: it is not found for them.
func (db *DB) FindBill(ctx context.Context, uscc string, period shebao.Period) (*shebao.Bill, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	code, err := canonicalUSCC(uscc)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "bill.read", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	if sc.ownOnly() {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "单位%s没有%s的核定记录", code, period)
	}
	var b shebao.Bill
	var assessed string
	err = db.queryRow(ctx, `SELECT b.payer, e.name, b.period, b.region_code, b.basis, b.due_date, b.employer_total, b.individual_total,
		b.total, b.paid, b.lines, b.assessed_at FROM bills b JOIN employers e ON e.uscc = b.payer
		WHERE b.payer_kind = 'employer' AND b.payer = $1 AND b.period = $2`, code, string(period)).Scan(&b.Employer, &b.EmployerName, &b.Period, &b.Region,
		&b.Basis, &b.DueDate, &b.EmployerTotal, &b.IndividualTotal, &b.Total, &b.Paid, &b.Lines, &assessed)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !sc.contains(b.Region) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "单位%s没有%s的核定记录", code, period)
	}
	if err != nil {
		return nil, err
	}
	b.AssessedAt = parseTime(assessed)
	rows, err := db.query(ctx, `SELECT l.id_no, p.name, l.scheme, l.declared, l.base, l.floor_base, l.ceiling_base, l.avg_wage,
		l.employer_rate, l.individual_rate, l.employer_amount, l.individual_amount, l.account_amount, l.basis,
		l.prev_employer_amount, l.prev_individual_amount, l.prev_account_amount
		FROM bill_lines l JOIN persons p ON p.id_no = l.id_no WHERE l.employer_uscc = $1 AND l.period = $2 ORDER BY l.id_no, l.scheme`, code, string(period))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l shebao.BillLine
		if err := rows.Scan(&l.IDNo, &l.Name, &l.Scheme, &l.Declared, &l.Base, &l.Floor, &l.Ceiling, &l.AvgWage,
			&l.EmployerRate, &l.IndividualRate, &l.EmployerAmount, &l.IndivAmount, &l.AccountAmount, &l.Basis,
			&l.PrevEmployerAmount, &l.PrevIndivAmount, &l.PrevAccountAmount); err != nil {
			return nil, err
		}
		l.Explain = l.Explanation()
		b.Items = append(b.Items, &l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if err := db.recordRead(ctx, "bill.read", shebao.EntityContribution, b.Employer+"|"+string(b.Period), b.Region, nil,
		listDetail(map[string]any{"employer": b.Employer, "period": string(b.Period)}, len(b.Items),
			countPersons(b.Items, func(l *shebao.BillLine) string { return l.IDNo }))); err != nil {
		return nil, err
	}
	return &b, nil
}
