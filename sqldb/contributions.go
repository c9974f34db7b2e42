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

// ImportDeclarations stores a chunk of monthly wage declarations. A
// declaration is accepted only for a person enrolled, and paying
// (参保缴费), in an employee scheme through that employer by the end of the
// month: 增员 comes first. Declaring the same wage again is unchanged; a
// different wage replaces the earlier one (the audit keeps both).
func (db *DB) ImportDeclarations(ctx context.Context, run string, ds []shebao.Declaration) (out []shebao.Outcome, errs []error, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		out, errs = make([]shebao.Outcome, len(ds)), make([]error, len(ds))
		var usccs, ids []string
		for _, d := range ds {
			usccs, ids = append(usccs, d.Employer), append(ids, d.IDNo)
		}
		usccs, ids = nonEmpty(usccs), nonEmpty(ids)
		employers, err := tx.employersByUSCC(ctx, usccs)
		if err != nil {
			return err
		}
		// Who pays through which employer, and since when: one query,
		// matching the (employer, person) pairs of the chunk.
		var pairU, pairP []string
		seenPair := map[string]bool{}
		for _, d := range ds {
			if k := d.Employer + "/" + d.IDNo; d.Employer != "" && d.IDNo != "" && !seenPair[k] {
				seenPair[k] = true
				pairU, pairP = append(pairU, d.Employer), append(pairP, d.IDNo)
			}
		}
		cond, args := tx.inPairs("employer_uscc", "id_no", pairU, pairP, nil)
		rows, err := tx.Query(ctx, `SELECT id_no, employer_uscc, MIN(start_date) FROM enrollments
			WHERE `+cond+` AND status = '`+shebao.EnrollActive+`' AND scheme IN ('110', '210', '310', '410', '510')
			GROUP BY id_no, employer_uscc`, args...)
		if err != nil {
			return err
		}
		since := map[string]string{}
		for rows.Next() {
			var id, uscc, start string
			if err := rows.Scan(&id, &uscc, &start); err != nil {
				rows.Close()
				return err
			}
			since[id+"/"+uscc] = start
		}
		rows.Close()
		existing := map[string]int64{}
		cond, args = tx.inPairs("employer_uscc", "id_no", pairU, pairP, nil)
		rows, err = tx.Query(ctx, `SELECT employer_uscc, period, id_no, wage FROM declarations WHERE `+cond, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var uscc, period, id string
			var wage int64
			if err := rows.Scan(&uscc, &period, &id, &wage); err != nil {
				rows.Close()
				return err
			}
			existing[uscc+"/"+period+"/"+id] = wage
		}
		rows.Close()
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		var fresh [][]any
		var changed []string
		for i, d := range ds {
			e := employers[d.Employer]
			switch start, enrolled := since[d.IDNo+"/"+d.Employer]; {
			case e == nil || !sc.contains(e.Region):
				errs[i] = shebao.FieldErrorf("统一社会信用代码", "单位%s未登记", d.Employer)
			case d.Wage <= 0:
				errs[i] = shebao.FieldErrorf("工资", "工资应大于0,实为%s元", d.Wage)
			case !enrolled:
				errs[i] = shebao.FieldErrorf("身份证号", "%s不是%s的在职参保职工,请先办理增员", idno.MaskID(d.IDNo), e.Name)
			case start > d.Period.Last().Format(shebao.DateLayout):
				errs[i] = shebao.FieldErrorf("费款所属期", "%s自%s起在%s参保,%s不能申报", idno.MaskID(d.IDNo), start, e.Name, d.Period)
			default:
				key := d.Employer + "/" + string(d.Period) + "/" + d.IDNo
				old, ok := existing[key]
				switch {
				case !ok:
					fresh = append(fresh, []any{d.Employer, string(d.Period), d.IDNo, int64(d.Wage), run, now, a.Name})
					existing[key] = int64(d.Wage)
					out[i] = shebao.Created
				case old == int64(d.Wage):
					out[i] = shebao.Unchanged
				default:
					if _, err := tx.Exec(ctx, `UPDATE declarations SET wage = $1, source = $2, declared_at = $3, declared_by = $4
						WHERE employer_uscc = $5 AND period = $6 AND id_no = $7`, int64(d.Wage), run, now, a.Name, d.Employer, string(d.Period), d.IDNo); err != nil {
						return err
					}
					changed = append(changed, fmt.Sprintf("%s %s %s: %s → %s", d.Employer, d.Period, idno.MaskID(d.IDNo), shebao.Money(old), d.Wage))
					existing[key] = int64(d.Wage)
					out[i] = shebao.Updated
				}
			}
		}
		if err := tx.bulkInsert(ctx, bulkTable{name: "declarations",
			cols:    []string{"employer_uscc", "period", "id_no", "wage", "source", "declared_at", "declared_by"},
			pgTypes: []string{"text", "text", "text", "bigint", "text", "text", "text"}}, fresh); err != nil {
			return err
		}
		if len(fresh)+len(changed) == 0 {
			return nil
		}
		return tx.audit(ctx, "declaration.import", shebao.EntityContribution, run, "", nil,
			map[string]any{"created": len(fresh), "changed": changed})
	})
	return out, errs, err
}

// assessedSchemes are the employee schemes assessed monthly.
var assessedSchemes = []string{"110", "210", "310", "410", "510"}

// Assess runs the monthly assessment (核定) for the employers in the
// actor's jurisdiction, set-based, in one transaction: each declared wage is
// clamped to the base floor and ceiling of the employer's region, and every
// employee scheme the person pays into through the employer gets a line with
// the employer and individual amounts at the rates in force (work injury by
// the employer's risk class); an employer that declared nothing while it has
// paying employees is assessed at 110% of its previous month (社会保险法
// 第六十二条). Lines are computed into a staging table and compared with the
// stored ones: only employers whose lines differ are rewritten, so running
// the assessment again changes nothing unless declarations changed.
func (db *DB) Assess(ctx context.Context, period shebao.Period) (*shebao.AssessResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	res := &shebao.AssessResult{Period: period, Undeclared: []string{}, Paid: []string{}}
	run := newID()
	err = db.Update(ctx, func(tx *Tx) error {
		*res = shebao.AssessResult{Period: period, Undeclared: []string{}, Paid: []string{}}
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		if _, err := tx.Exec(ctx, `INSERT INTO batch_runs (kind, period, status, started_at, actor) VALUES ('assessment', $1, 'running', $2, $3)
			ON CONFLICT (kind, period) DO UPDATE SET status = 'running', started_at = excluded.started_at, actor = excluded.actor`,
			string(period), now, a.Name); err != nil {
			return err
		}
		conds, args := sc.where("region_code", nil, nil)
		rows, err := tx.Query(ctx, `SELECT DISTINCT region_code FROM employers`+whereClause(conds), args...)
		if err != nil {
			return err
		}
		var regions []string
		for rows.Next() {
			var r string
			rows.Scan(&r)
			regions = append(regions, r)
		}
		rows.Close()
		params, err := assessmentParams(set, regions, period)
		if err != nil {
			return err
		}
		// The parameters go into the query as a list of values, not through
		// a table: a table just filled has no statistics, and PostgreSQL,
		// taking it for one row, drove the whole join from it — per
		// employer, every enrollment, then every declaration (0.24 of a
		// raw INSERT … SELECT at 100,000 employees). A list's size is known.
		paramSQL, pargs := assessmentParamValues(params, 4)
		// The lines of the month, as one SELECT: declared wages clamped
		// and times the rates, amounts rounded half up to the fen with
		// integer arithmetic on both engines; and for employers with paying
		// employees and a bill last month but no declaration this month,
		// 110% of last month's lines. Parameters: $1 month, $2 its last
		// day, $3 previous month, $4 … the policy parameters, then the
		// scope.
		scope, largs := sc.where("e.region_code", nil, append([]any{string(period), period.Last().Format(shebao.DateLayout), string(period.Prev())}, pargs...))
		scopeCond := ""
		if len(scope) > 0 {
			scopeCond = " AND " + scope[0]
		}
		lines := `SELECT x.employer_uscc, $1 AS period, x.id_no, x.scheme, x.declared, x.base, x.floor_base, x.ceiling_base, x.avg_wage,
				x.employer_rate, x.individual_rate,
				(x.base * x.employer_rate + 500000) / 1000000 AS employer_amount,
				(x.base * x.individual_rate + 500000) / 1000000 AS individual_amount,
				(x.base * x.account_rate + 500000) / 1000000 AS account_amount, '` + shebao.BasisDeclared + `' AS basis
			FROM (SELECT d.employer_uscc, d.id_no, n.scheme, d.wage AS declared,
					CASE WHEN d.wage < p.floor_base THEN p.floor_base WHEN d.wage > p.ceiling_base THEN p.ceiling_base ELSE d.wage END AS base,
					p.floor_base, p.ceiling_base, p.avg_wage, p.employer_rate, p.individual_rate, p.account_rate
				FROM declarations d
				JOIN employers e ON e.uscc = d.employer_uscc
				JOIN enrollments n ON n.id_no = d.id_no AND n.employer_uscc = d.employer_uscc AND n.status = '` + shebao.EnrollActive + `'
					AND n.start_date <= $2 AND n.scheme IN ('110', '210', '310', '410', '510')
				JOIN ` + paramSQL + ` p ON p.region_code = e.region_code AND p.scheme = n.scheme
					AND p.risk_class = CASE WHEN n.scheme = '410' THEN e.risk_class ELSE 0 END
				WHERE d.period = $1` + scopeCond + `) x
			UNION ALL
			SELECT l.employer_uscc, $1, l.id_no, l.scheme, l.declared, l.base, l.floor_base, l.ceiling_base, l.avg_wage,
				l.employer_rate, l.individual_rate, (l.employer_amount * 11 + 5) / 10, (l.individual_amount * 11 + 5) / 10, 0,
				'` + shebao.BasisUndeclared + `'
			FROM bill_lines l JOIN employers e ON e.uscc = l.employer_uscc
			WHERE l.period = $3` + scopeCond + `
				AND NOT EXISTS (SELECT 1 FROM declarations d WHERE d.employer_uscc = l.employer_uscc AND d.period = $1)
				AND EXISTS (SELECT 1 FROM enrollments n WHERE n.employer_uscc = l.employer_uscc AND n.status = '` + shebao.EnrollActive + `')`
		const lineCols = `employer_uscc, period, id_no, scheme, declared, base, floor_base, ceiling_base, avg_wage,
			employer_rate, individual_rate, employer_amount, individual_amount, account_amount, basis`
		// First assessment of the month in this scope: nothing to compare
		// with, so the lines go straight to bill_lines.
		conds, args = sc.where("region_code", []string{"period = $1", "payer_kind = 'employer'"}, []any{string(period)})
		var stored int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM bills`+whereClause(conds), args...).Scan(&stored); err != nil {
			return err
		}
		var changed []string
		if stored == 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO bill_lines (`+lineCols+`) SELECT * FROM (`+lines+`) q`, largs...); err != nil {
				return err
			}
			rows, err := tx.Query(ctx, `SELECT DISTINCT employer_uscc FROM bill_lines WHERE period = $1`, string(period))
			if err != nil {
				return err
			}
			for rows.Next() {
				var u string
				rows.Scan(&u)
				changed = append(changed, u)
			}
			rows.Close()
		} else {
			// The run is the last argument, after the lines' own.
			if _, err := tx.Exec(ctx, `INSERT INTO assessment_stage (run, `+lineCols+`) SELECT CAST($`+strconv.Itoa(len(largs)+1)+` AS TEXT), q.* FROM (`+lines+`) q`,
				append(largs, run)...); err != nil {
				return err
			}
			if changed, err = tx.changedEmployers(ctx, run, period, sc); err != nil {
				return err
			}
		}
		// Bills already paid are not rewritten: they need a correction.
		var rewrite []string
		if stored == 0 {
			rewrite, changed = changed, nil
		}
		if len(changed) > 0 {
			cond, args := tx.inKeys("payer", changed, []any{string(period)})
			rows, err := tx.Query(ctx, `SELECT payer FROM bills WHERE payer_kind = 'employer' AND period = $1 AND paid <> 0 AND `+cond, args...)
			if err != nil {
				return err
			}
			paid := map[string]bool{}
			for rows.Next() {
				var u string
				rows.Scan(&u)
				paid[u] = true
			}
			rows.Close()
			for _, u := range changed {
				if paid[u] {
					res.Paid = append(res.Paid, u)
				} else {
					rewrite = append(rewrite, u)
				}
			}
		}
		if len(rewrite) > 0 && stored > 0 {
			cond, args := tx.inKeys("employer_uscc", rewrite, []any{string(period)})
			if _, err := tx.Exec(ctx, `DELETE FROM bill_lines WHERE period = $1 AND `+cond, args...); err != nil {
				return err
			}
			cond, args = tx.inKeys("payer", rewrite, []any{string(period)})
			if _, err := tx.Exec(ctx, `DELETE FROM bills WHERE payer_kind = 'employer' AND period = $1 AND `+cond, args...); err != nil {
				return err
			}
			cond, args = tx.inKeys("s.employer_uscc", rewrite, []any{run})
			if _, err := tx.Exec(ctx, `INSERT INTO bill_lines (`+lineCols+`)
				SELECT s.employer_uscc, s.period, s.id_no, s.scheme, s.declared, s.base, s.floor_base, s.ceiling_base, s.avg_wage,
					s.employer_rate, s.individual_rate, s.employer_amount, s.individual_amount, s.account_amount, s.basis
				FROM assessment_stage s WHERE s.run = $1 AND `+cond, args...); err != nil {
				return err
			}
		}
		if len(rewrite) > 0 {
			cond, args := tx.inKeys("l.employer_uscc", rewrite, []any{string(period), period.Last().Format(shebao.DateLayout), now})
			if _, err := tx.Exec(ctx, `INSERT INTO bills (payer_kind, payer, period, region_code, basis, due_date, employer_total, individual_total,
				total, lines, assessed_at)
				SELECT 'employer', l.employer_uscc, l.period, e.region_code, MIN(l.basis), $2, SUM(l.employer_amount), SUM(l.individual_amount),
					SUM(l.employer_amount) + SUM(l.individual_amount), COUNT(*), $3
				FROM bill_lines l JOIN employers e ON e.uscc = l.employer_uscc
				WHERE l.period = $1 AND `+cond+` GROUP BY l.employer_uscc, l.period, e.region_code`, args...); err != nil {
				return err
			}
		}
		res.Rewritten = len(rewrite)
		if _, err := tx.Exec(ctx, `DELETE FROM assessment_stage WHERE run = $1`, run); err != nil {
			return err
		}
		conds, args = sc.where("b.region_code", []string{"b.period = $1", "b.payer_kind = 'employer'"}, []any{string(period)})
		var total sql.NullInt64
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(b.lines), 0), SUM(b.total) FROM bills b`+whereClause(conds), args...).
			Scan(&res.Employers, &res.Lines, &total); err != nil {
			return err
		}
		res.Total = shebao.Money(total.Int64)
		res.Unchanged = res.Employers - res.Rewritten
		conds = append(conds, "b.basis = '"+shebao.BasisUndeclared+"'")
		rows, err = tx.Query(ctx, `SELECT b.payer FROM bills b`+whereClause(conds)+` ORDER BY b.payer`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u string
			rows.Scan(&u)
			res.Undeclared = append(res.Undeclared, u)
		}
		rows.Close()
		if _, err := tx.Exec(ctx, `UPDATE batch_runs SET status = 'done', finished_at = $1, detail = $2 WHERE kind = 'assessment' AND period = $3`,
			fmtTime(tx.now), jsonText(res), string(period)); err != nil {
			return err
		}
		return tx.audit(ctx, "assessment.run", shebao.EntityContribution, string(period), sc.actor.Region, nil, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// assessmentParamValues writes the parameter rows of assessmentParams as
// a derived table of the same columns (a list of values; the same
// SQL on both engines, which name a list's columns column1, column2, …),
// with its arguments numbered from first.
func assessmentParamValues(params [][]any, first int) (string, []any) {
	if len(params) == 0 {
		return `(SELECT '' AS region_code, '' AS scheme, 0 AS risk_class, 0 AS avg_wage, 0 AS floor_base, 0 AS ceiling_base,
			0 AS employer_rate, 0 AS individual_rate, 0 AS account_rate WHERE 1 = 0)`, nil
	}
	var b strings.Builder
	var args []any
	b.WriteString(`(SELECT column1 AS region_code, column2 AS scheme, column3 AS risk_class, column4 AS avg_wage, column5 AS floor_base,
		column6 AS ceiling_base, column7 AS employer_rate, column8 AS individual_rate, column9 AS account_rate FROM (VALUES `)
	for i, row := range params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j, v := range row {
			if j > 0 {
				b.WriteString(", ")
			}
			n := "$" + strconv.Itoa(first+len(args))
			if j < 2 {
				b.WriteString("CAST(" + n + " AS TEXT)")
			} else {
				b.WriteString("CAST(" + n + " AS BIGINT)")
			}
			args = append(args, v)
		}
		b.WriteString(")")
	}
	b.WriteString(") v)")
	return b.String(), args
}

// assessmentParams resolves the policy for each region at the start of the
// month into rows (region_code, scheme, risk_class, avg_wage, floor_base,
// ceiling_base, employer_rate, individual_rate, account_rate).
func assessmentParams(set *policy.Set, regions []string, period shebao.Period) ([][]any, error) {
	on := period.First()
	var rows [][]any
	for _, region := range regions {
		avg, _, err := set.Money("wage.avg_monthly", region, on)
		if err != nil {
			return nil, fmt.Errorf("区划%s %s: %w", region, period, err)
		}
		lo, _, err := set.Rate("base.floor", region, on)
		if err != nil {
			return nil, err
		}
		hi, _, err := set.Rate("base.ceiling", region, on)
		if err != nil {
			return nil, err
		}
		floor, ceiling := lo.Apply(avg), hi.Apply(avg)
		rate := func(key string) (shebao.Rate, error) {
			r, _, err := set.Rate(key, region, on)
			if shebao.ErrorCode(err) == shebao.ENOTFOUND {
				return 0, nil // not levied in this period
			}
			return r, err
		}
		add := func(scheme string, class int, er, ir, ar shebao.Rate) {
			if er == 0 && ir == 0 {
				return
			}
			rows = append(rows, []any{region, scheme, int64(class), int64(avg), int64(floor), int64(ceiling), int64(er), int64(ir), int64(ar)})
		}
		for _, scheme := range []string{"110", "210", "310", "510"} {
			er, err := rate("rate." + scheme + ".employer")
			if err != nil {
				return nil, err
			}
			ir := shebao.Rate(0)
			if scheme != "510" {
				if ir, err = rate("rate." + scheme + ".individual"); err != nil {
					return nil, err
				}
			}
			ar := shebao.Rate(0)
			switch scheme {
			case "110":
				if ar, err = rate("account.110.rate"); err != nil {
					return nil, err
				}
			case "310":
				share, err := rate("account.310.individual_share")
				if err != nil {
					return nil, err
				}
				emp, err := rate("account.310.employer_share")
				if err != nil {
					return nil, err
				}
				ar = shebao.Rate(shebao.MulDivRound(int64(ir), int64(share), shebao.RatePPM) + shebao.MulDivRound(int64(er), int64(emp), shebao.RatePPM))
			}
			add(scheme, 0, er, ir, ar)
		}
		var classes policy.RiskClassRates
		if _, err := set.Table("rate.410.class", region, on, &classes); err != nil {
			return nil, err
		}
		for class := 1; class <= 8; class++ {
			r, err := classes.For(class)
			if err != nil {
				return nil, err
			}
			add("410", class, r, 0, 0)
		}
	}
	return rows, nil
}

// changedEmployers returns the employers, in the scope, whose staged lines
// differ from their stored lines for the month (either way).
func (tx *Tx) changedEmployers(ctx context.Context, run string, period shebao.Period, sc scope) ([]string, error) {
	const cols = `employer_uscc, id_no, scheme, declared, base, employer_amount, individual_amount, account_amount, basis`
	stored, args := sc.where("b.region_code", []string{"b.period = $2", "b.payer_kind = 'employer'"}, []any{run, string(period)})
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
// explanation.
func (db *DB) FindBill(ctx context.Context, uscc string, period shebao.Period) (*shebao.Bill, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	code, err := canonicalUSCC(uscc)
	if err != nil {
		return nil, err
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
		l.employer_rate, l.individual_rate, l.employer_amount, l.individual_amount, l.account_amount, l.basis
		FROM bill_lines l JOIN persons p ON p.id_no = l.id_no WHERE l.employer_uscc = $1 AND l.period = $2 ORDER BY l.id_no, l.scheme`, code, string(period))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l shebao.BillLine
		if err := rows.Scan(&l.IDNo, &l.Name, &l.Scheme, &l.Declared, &l.Base, &l.Floor, &l.Ceiling, &l.AvgWage,
			&l.EmployerRate, &l.IndividualRate, &l.EmployerAmount, &l.IndivAmount, &l.AccountAmount, &l.Basis); err != nil {
			return nil, err
		}
		l.Explain = l.Explanation()
		b.Items = append(b.Items, &l)
	}
	return &b, rows.Err()
}
