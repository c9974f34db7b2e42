package shebao

import (
	"fmt"
	"strings"
	"time"
)

// Period is a contribution month (费款所属期), "YYYY-MM".
type Period string

// ParsePeriod validates "YYYY-MM" (also "YYYYMM").
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if len(s) == 6 && !strings.Contains(s, "-") {
		s = s[:4] + "-" + s[4:]
	}
	t, err := time.Parse("2006-01", s)
	if err != nil || t.Year() < 1990 || t.Year() > 2100 {
		return "", FieldErrorf("费款所属期", "费款所属期“%s”无效,应为YYYY-MM", s)
	}
	return Period(t.Format("2006-01")), nil
}

// First returns the first day of the month.
func (p Period) First() time.Time {
	t, _ := time.Parse("2006-01", string(p))
	return t
}

// Last returns the last day of the month.
func (p Period) Last() time.Time { return p.First().AddDate(0, 1, -1) }

// Prev returns the month before.
func (p Period) Prev() Period { return Period(p.First().AddDate(0, -1, 0).Format("2006-01")) }

// Declaration is an employer's declared wage of one employee for a month
// (缴费申报).
type Declaration struct {
	Employer string `json:"employer"`
	Period   Period `json:"period"`
	IDNo     string `json:"id_no"`
	Wage     Money  `json:"wage"`
}

// DeclarationKey names a declaration: an employer's declared wage of one
// person for a month.
type DeclarationKey struct {
	Employer string
	Period   Period
	IDNo     string
}

// Key returns the declaration's key.
func (d Declaration) Key() DeclarationKey { return DeclarationKey{d.Employer, d.Period, d.IDNo} }

// DeclarationFacts is what the store holds about a chunk of declarations:
// what the rules of a declaration need.
type DeclarationFacts struct {
	// Employers maps the USCC of each employer of the chunk in the
	// actor's jurisdiction to its name.
	Employers map[string]string
	// Spells maps (employer, person) — Period empty — to the person's
	// paying spells through the employer in the employee schemes, from the
	// enrollments' history, oldest first.
	Spells map[DeclarationKey][]PayingSpell
	// Wages are the wages stored for the chunk's employers and persons.
	Wages map[DeclarationKey]Money
}

// PayingSpell is a time a person paid through an employer (单位参保缴费期间):
// from From up to the day before To (To "" while it lasts), from the
// enrollments' history.
type PayingSpell struct {
	From string `json:"from"`
	To   string `json:"to,omitempty"`
}

// Covers reports whether the spell covers a day of the month.
func (s PayingSpell) Covers(p Period) bool {
	return s.From <= p.Last().Format(DateLayout) && (s.To == "" || s.To > p.First().Format(DateLayout))
}

// DeclarationChange is a declaration that replaces a different stored
// wage.
type DeclarationChange struct {
	Declaration
	Old Money
}

// Bill bases: how the bill's amounts were found. An employer that declared
// nothing is assessed at a factor of last month's amounts, policy data
// (assess.undeclared_factor) that the basis names: UndeclaredBasis.
const (
	BasisDeclared = "申报"
	// BasisUndeclared is the basis at the statutory factor, 110%
	// (社会保险法 第六十二条).
	BasisUndeclared = "未申报,按上月缴费额110%核定"
)

const undeclaredPrefix, undeclaredSuffix = "未申报,按上月缴费额", "核定"

// UndeclaredBasis is the basis of the lines and bill of an employer that
// declared nothing, assessed at factor × last month's amounts.
func UndeclaredBasis(factor Rate) string {
	return undeclaredPrefix + factor.Percent() + undeclaredSuffix
}

// UndeclaredFactor returns the factor an undeclared basis names; ok is
// false for any other basis.
func UndeclaredFactor(basis string) (factor Rate, ok bool) {
	pct, pre := strings.CutPrefix(basis, undeclaredPrefix)
	pct, suf := strings.CutSuffix(pct, undeclaredSuffix)
	if !pre || !suf {
		return 0, false
	}
	f, err := ParsePercent(pct)
	return f, err == nil
}

// Clamp kinds of a contribution base.
const (
	ClampNone    = ""
	ClampFloor   = "floor"
	ClampCeiling = "ceiling"
)

// BillLine is one person's contribution to one scheme for a month, with
// every input needed to explain it.
type BillLine struct {
	IDNo           string `json:"id_no"`
	Name           string `json:"name,omitempty"`
	Scheme         string `json:"scheme"`
	Declared       Money  `json:"declared"`
	Base           Money  `json:"base"`
	Floor          Money  `json:"floor"`
	Ceiling        Money  `json:"ceiling"`
	AvgWage        Money  `json:"avg_wage"`
	EmployerRate   Rate   `json:"employer_rate_ppm"`
	IndividualRate Rate   `json:"individual_rate_ppm"`
	EmployerAmount Money  `json:"employer_amount"`
	IndivAmount    Money  `json:"individual_amount"`
	AccountAmount  Money  `json:"account_amount"` // to the individual account when paid (110: 8% of the base)
	Basis          string `json:"basis"`
	// Last month's amounts a line assessed at the undeclared factor was
	// computed from (0 on other lines, and on such lines assessed before
	// they were kept).
	PrevEmployerAmount Money  `json:"prev_employer_amount,omitempty"`
	PrevIndivAmount    Money  `json:"prev_individual_amount,omitempty"`
	PrevAccountAmount  Money  `json:"prev_account_amount,omitempty"`
	Explain            string `json:"explain"`
}

// Clamp says whether the base was raised to the floor or cut to the ceiling.
func (l *BillLine) Clamp() string {
	switch {
	case l.Declared < l.Floor:
		return ClampFloor
	case l.Declared > l.Ceiling:
		return ClampCeiling
	}
	return ClampNone
}

// Explanation writes out, in Chinese, how the line's amounts follow from
// the declared wage and the policy: the base and its clamp, each rate and
// the rounding to the fen, so that a clerk can show the employer why.
func (l *BillLine) Explanation() string {
	name := l.Scheme
	if s, ok := FindScheme(l.Scheme); ok {
		name = s.Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s:", name)
	if f, ok := UndeclaredFactor(l.Basis); ok {
		l.explainUndeclared(&b, f)
		return b.String()
	}
	switch l.Clamp() {
	case ClampFloor:
		fmt.Fprintf(&b, "申报工资%s元低于缴费基数下限%s元(上年度社平工资%s元的%s),按下限核定基数%s元;",
			l.Declared, l.Floor, l.AvgWage, ratePct(l.Floor, l.AvgWage), l.Base)
	case ClampCeiling:
		fmt.Fprintf(&b, "申报工资%s元高于缴费基数上限%s元(上年度社平工资%s元的%s),按上限核定基数%s元;",
			l.Declared, l.Ceiling, l.AvgWage, ratePct(l.Ceiling, l.AvgWage), l.Base)
	default:
		fmt.Fprintf(&b, "申报工资%s元在缴费基数上下限(%s–%s元)之间,缴费基数%s元;", l.Declared, l.Floor, l.Ceiling, l.Base)
	}
	if l.EmployerRate > 0 {
		fmt.Fprintf(&b, "单位缴费 %s×%s = %s元;", l.Base, l.EmployerRate.Percent(), l.EmployerAmount)
	}
	if l.IndividualRate > 0 {
		fmt.Fprintf(&b, "个人缴费 %s×%s = %s元;", l.Base, l.IndividualRate.Percent(), l.IndivAmount)
	} else if l.Scheme == SchemeUnemployment && l.EmployerRate > 0 {
		// The assessment sets the individual rate of 210 to 0 for a
		// 农民合同制工人 (Employment.RuralContract) where the switch is on;
		// the line keeps no other trace, so both causes are named.
		b.WriteString("个人不缴费(农民合同制工人本人不缴纳失业保险费,《失业保险条例》第六条;或本地个人费率为0);")
	}
	if l.AccountAmount > 0 {
		fmt.Fprintf(&b, "到账后记入个人账户 %s元;", l.AccountAmount)
	}
	b.WriteString("金额四舍五入到分。")
	return b.String()
}

// explainUndeclared writes the explanation of a line assessed at the
// undeclared factor: each amount is last month's amount × the factor,
// rounded half up to the fen (社会保险法 第六十二条: 按照该单位上月缴费额的百分之
// 一百一十确定应当缴纳数额), not the base × the rate; the base shown is last
// month's.
func (l *BillLine) explainUndeclared(b *strings.Builder, f Rate) {
	fmt.Fprintf(b, "单位未申报,按上月缴费额的%s核定(社会保险法第六十二条),上月缴费基数%s元;", f.Percent(), l.Base)
	part := func(what string, prev, amount Money) {
		if prev > 0 {
			fmt.Fprintf(b, "%s = 上月%s元 × %s = %s元;", what, prev, f.Percent(), amount)
		} else if amount > 0 {
			fmt.Fprintf(b, "%s = 上月%s额 × %s = %s元;", what, what, f.Percent(), amount)
		}
	}
	part("单位缴费", l.PrevEmployerAmount, l.EmployerAmount)
	part("个人缴费", l.PrevIndivAmount, l.IndivAmount)
	if l.AccountAmount > 0 {
		if l.PrevAccountAmount > 0 {
			fmt.Fprintf(b, "到账后记入个人账户 = 上月%s元 × %s = %s元;", l.PrevAccountAmount, f.Percent(), l.AccountAmount)
		} else {
			fmt.Fprintf(b, "到账后记入个人账户 %s元;", l.AccountAmount)
		}
	}
	b.WriteString("金额四舍五入到分;单位补办申报后按申报工资重新核定结算。")
}

func ratePct(part, whole Money) string {
	if whole == 0 {
		return "—"
	}
	return Rate(MulDivRound(int64(part), RatePPM, int64(whole))).Percent()
}

// Bill is what an employer owes for a month (应缴).
type Bill struct {
	Employer        string      `json:"employer"`
	EmployerName    string      `json:"employer_name,omitempty"`
	Period          Period      `json:"period"`
	Region          string      `json:"region"`
	Basis           string      `json:"basis"`
	DueDate         string      `json:"due_date"`
	EmployerTotal   Money       `json:"employer_total"`
	IndividualTotal Money       `json:"individual_total"`
	Total           Money       `json:"total"`
	Paid            Money       `json:"paid"`
	Lines           int         `json:"lines"`
	Items           []*BillLine `json:"items,omitempty"`
	AssessedAt      time.Time   `json:"assessed_at"`
}

// PeriodOf formats a year and month as a Period's text.
func PeriodOf(year, month int) string { return fmt.Sprintf("%04d-%02d", year, month) }

// AssessStaged is what the store found when it computed a month's
// assessment lines (the lines themselves stay in the database).
type AssessStaged struct {
	Run string // the staging run: its lines are in assessment_stage
	// Direct: no bill of the month was stored in the jurisdiction, so the
	// lines went straight to bill_lines and every employer with lines is
	// in Changed; only their bills remain to be written.
	Direct bool
	// Changed lists the employers whose computed lines differ from their
	// stored ones (either way), sorted.
	Changed []string
	// Paid holds those of Changed whose stored bill has payments, and
	// PaidBasis their stored bill's basis; StagedBasis is the basis of
	// their lines staged (the lowest: 申报 when any line is declared).
	Paid        map[string]bool
	PaidBasis   map[string]string
	StagedBasis map[string]string
}

// AssessResult is what an assessment run did.
type AssessResult struct {
	Period    Period `json:"period"`
	Employers int    `json:"employers"` // with a bill for the month
	Lines     int    `json:"lines"`
	Total     Money  `json:"total"`
	Rewritten int    `json:"rewritten"` // employers whose bill was (re)written by this run
	Unchanged int    `json:"unchanged"`
	// Undeclared lists employers that declared nothing, assessed at a
	// factor (110% by law) of the previous month.
	Undeclared []string `json:"undeclared"`
	// Paid lists employers whose bill changed but already has payments: a
	// correction, not a rewrite, is needed (new entries, never edits).
	Paid []string `json:"paid_conflicts"`
	// Settled lists the bills with payments that were assessed at the
	// undeclared factor and, the month now declared, assessed again and
	// settled by the difference (社会保险法 第六十二条: 补办申报后结算).
	Settled []Settlement `json:"settled"`
}

// Settlement is a month's bill assessed at the undeclared factor, with
// payments, assessed again on the declarations that arrived late: what its
// payments had paid of it went back to them as 暂收款 (Released) and was
// applied again to the declared bill, and the late fees they had been
// charged on it were cancelled, to be charged again on what they pay of
// the declared bill.
type Settlement struct {
	Employer      string `json:"employer"`
	Period        Period `json:"period"`
	Basis         string `json:"old_basis"`
	Released      Money  `json:"released"`
	FeesCancelled Money  `json:"fees_cancelled"`
}
