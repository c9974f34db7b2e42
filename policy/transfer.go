package policy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// RentDue is one instalment of a transfer contract's rent (docs/DOMAIN.md
// §8): due on the first day of each contract year, paid in advance (先付后用,
// the usual term of a lease of farmland), for the year's days.
type RentDue struct {
	Seq         int          `json:"seq"`   // contract year (half year), from 1
	Label       string       `json:"label"` // 第1年, 第1期 (半年付), 一次性
	Due         string       `json:"due"`   // YYYY-MM-DD
	From        string       `json:"from"`
	To          string       `json:"to"`
	Amount      shebao.Money `json:"amount"`
	Explanation string       `json:"explanation"`
	// Pending: a rent in kind whose year has no price yet (amount 0).
	Pending bool `json:"pending,omitempty"`
}

// RentTerms are what a contract's rent schedule depends on: its term, the
// area (0.01 亩), and the rent — in money, 元 per 亩 and year (Rent), or
// in kind (Kind, e.g. 稻谷, and Qty, hundredths of a 斤 per 亩 and year),
// converted to 元 at the price of the year each instalment falls due
// (Prices, transfer.kind_prices, cited as PriceCite).
type RentTerms struct {
	Start, End string // inclusive; End is the day a contract ended early
	Area       Mu
	Rent       shebao.Money
	Kind       string
	Qty        int64
	Prices     KindPrices
	PriceCite  string
	// Schedule is the payment schedule (shebao.ScheduleAdvance …; ""
	// the default, 每年预付).
	Schedule string
	// priceYear fixes the year of the price (a lump sum's start).
	priceYear int
}

// RentSchedule lists the rents of a contract of area (0.01 亩) at rent 元
// per 亩 and year from start to end (inclusive dates); see Rents.
func RentSchedule(start, end string, rent shebao.Money, area Mu) ([]RentDue, error) {
	return Rents(RentTerms{Start: start, End: end, Rent: rent, Area: area})
}

// Rents lists the instalments of a contract by its schedule (每年预付 by
// default: one a contract year, due on its first day; 年末支付, 半年付,
// 一次性支付: yearlyRents, halfYearRents, lumpSumRent). A full contract year costs rent × area,
// rounded half up to the fen; a shorter last year (a term that does not
// end on an anniversary, or a contract ended early within the year: pass
// the day it ended as End) costs its share of the days of that contract
// year. 600.00 元 × 13.50 亩 = 8100.00 a year; a last year of 306 days of
// a 366-day contract year, 8100.00 × 306 ÷ 366 = 6772.13.
//
// A rent in kind is converted at the price of the commodity for the
// calendar year in which the instalment falls due: 800斤稻谷/亩/年 ×
// 13.50 亩 = 10800.00 斤 × 1.31 元/斤 = 14148.00. An instalment of a year
// without a price is left due with its amount not yet fixed (Pending,
// amount 0, the explanation says so): it counts in no arrears and takes
// no payment until the year's price is in the policy.
func Rents(rt RentTerms) ([]RentDue, error) {
	s, err := time.Parse(shebao.DateLayout, rt.Start)
	if err != nil {
		return nil, shebao.FieldErrorf("起始日期", "起始日期“%s”无效", rt.Start)
	}
	e, err := time.Parse(shebao.DateLayout, rt.End)
	if err != nil {
		return nil, shebao.FieldErrorf("结束日期", "结束日期“%s”无效", rt.End)
	}
	switch rt.Schedule {
	case "", shebao.ScheduleAdvance:
		return yearlyRents(rt, s, e, false), nil
	case shebao.ScheduleArrears:
		return yearlyRents(rt, s, e, true), nil
	case shebao.ScheduleHalfYear:
		return halfYearRents(rt, s, e), nil
	case shebao.ScheduleLumpSum:
		return lumpSumRent(rt, s, e), nil
	}
	return nil, shebao.FieldErrorf("支付方式", "支付方式“%s”无效,应为%s", rt.Schedule, strings.Join(shebao.PaySchedules, "、"))
}

// yearlyRents is one instalment a contract year, due on its first day or,
// atEnd, on its last (the last day of the term for a shorter last year).
func yearlyRents(rt RentTerms, s, e time.Time, atEnd bool) []RentDue {
	var out []RentDue
	for k := 0; ; k++ {
		from := s.AddDate(k, 0, 0)
		if from.After(e) {
			break
		}
		next := s.AddDate(k+1, 0, 0)
		to := next.AddDate(0, 0, -1)
		short := to.After(e)
		if short {
			to = e
		}
		due := from
		if atEnd {
			due = to
		}
		d := RentDue{Seq: k + 1, Label: fmt.Sprintf("第%d年", k+1), Due: due.Format(shebao.DateLayout),
			From: from.Format(shebao.DateLayout), To: to.Format(shebao.DateLayout)}
		yearly, how, ok := rt.yearly(due.Year())
		d.Pending = !ok
		days, full := int64(to.Sub(from).Hours()/24)+1, int64(next.Sub(from).Hours()/24)
		switch {
		case !ok:
			d.Explanation = fmt.Sprintf("%s(%s至%s):%s", d.Label, d.From, d.To, how)
		case short:
			d.Amount = shebao.Money(shebao.MulDivRound(int64(yearly), days, full))
			d.Explanation = fmt.Sprintf("%s(%s至%s,%d天):%s × %d/%d天 = %s元", d.Label, d.From, d.To, days, how, days, full, d.Amount)
		default:
			d.Amount = yearly
			d.Explanation = fmt.Sprintf("%s(%s至%s):%s = %s元", d.Label, d.From, d.To, how, d.Amount)
		}
		if atEnd {
			d.Explanation += fmt.Sprintf(",年末支付(%s)", d.Due)
		}
		out = append(out, d)
	}
	return out
}

// addMonths adds n months to t, keeping the day or, where the month is
// shorter, its last day (2025-08-31 + 6 months = 2026-02-28).
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC)
}

// halfYearRents is one instalment every half contract year (six months
// from the start), due on its first day: the first half of a contract
// year is half the year's rent rounded half up to the fen, the second the
// rest, so that a year's two halves make its rent; a shorter last half
// costs its share of the days of that half (8100.00 a year: 4050.00 a
// half; 122 days of a 181-day half, 4050.00 × 122 ÷ 181 = 2729.83).
func halfYearRents(rt RentTerms, s, e time.Time) []RentDue {
	var out []RentDue
	for k := 0; ; k++ {
		from := addMonths(s, 6*k)
		if from.After(e) {
			break
		}
		next := addMonths(s, 6*(k+1))
		to := next.AddDate(0, 0, -1)
		short := to.After(e)
		if short {
			to = e
		}
		d := RentDue{Seq: k + 1, Label: fmt.Sprintf("第%d期", k+1), Due: from.Format(shebao.DateLayout),
			From: from.Format(shebao.DateLayout), To: to.Format(shebao.DateLayout)}
		yearly, how, ok := rt.yearly(from.Year())
		d.Pending = !ok
		half := shebao.Money(shebao.DivRound(int64(yearly), 2))
		which := fmt.Sprintf("%s元/年 ÷ 2 = %s元", yearly, half)
		if k%2 == 1 {
			half = yearly - half
			which = fmt.Sprintf("%s元/年 − 上半年%s元 = %s元", yearly, yearly-half, half)
		}
		days, full := int64(to.Sub(from).Hours()/24)+1, int64(next.Sub(from).Hours()/24)
		switch {
		case !ok:
			d.Explanation = fmt.Sprintf("%s(%s至%s,半年付):%s", d.Label, d.From, d.To, how)
		case short:
			d.Amount = shebao.Money(shebao.MulDivRound(int64(half), days, full))
			d.Explanation = fmt.Sprintf("%s(%s至%s,半年付,%d天):%s = %s;× %d/%d天 = %s元", d.Label, d.From, d.To, days, how, which, days, full, d.Amount)
		default:
			d.Amount = half
			d.Explanation = fmt.Sprintf("%s(%s至%s,半年付):%s = %s", d.Label, d.From, d.To, how, which)
		}
		out = append(out, d)
	}
	return out
}

// lumpSumRent is the whole term's rent due on its first day: the sum of
// its contract years as yearlyRents computes them (a shorter last year by
// its days), a rent in kind converted at the price of the start's year.
func lumpSumRent(rt RentTerms, s, e time.Time) []RentDue {
	year := s.Year()
	fixed := rt
	fixed.priceYear = year
	years := yearlyRents(fixed, s, e, false)
	d := RentDue{Seq: 1, Label: "一次性", Due: s.Format(shebao.DateLayout), From: s.Format(shebao.DateLayout), To: e.Format(shebao.DateLayout)}
	var parts []string
	for _, y := range years {
		d.Amount += y.Amount
		d.Pending = d.Pending || y.Pending
		parts = append(parts, y.Explanation)
	}
	if d.Pending {
		d.Amount = 0
		d.Explanation = fmt.Sprintf("一次性支付%s至%s全部租金:%s", d.From, d.To, strings.Join(parts, ";"))
		return []RentDue{d}
	}
	d.Explanation = fmt.Sprintf("一次性支付%s至%s全部租金:%s;合计%s元", d.From, d.To, strings.Join(parts, ";"), d.Amount)
	return []RentDue{d}
}

// yearly is a full contract year's rent with the instalment's year's
// price, and how it is computed; ok false for a rent in kind without a
// price for the year.
func (rt RentTerms) yearly(year int) (shebao.Money, string, bool) {
	if rt.priceYear != 0 {
		year = rt.priceYear
	}
	if rt.Kind == "" {
		m := shebao.Money(shebao.MulDivRound(int64(rt.Rent), int64(rt.Area), 100))
		return m, fmt.Sprintf("%s元/亩/年 × %s亩", rt.Rent, rt.Area), true
	}
	qty := rt.Qty * int64(rt.Area) // 0.0001 斤
	weight := shebao.DivRound(qty, 100)
	how := fmt.Sprintf("%s斤%s/亩/年 × %s亩 = %s斤", formatScaled(rt.Qty, 2), rt.Kind, rt.Area, formatScaled(weight, 2))
	price, ok := rt.Prices.PriceOf(rt.Kind, year)
	if !ok {
		return 0, how + fmt.Sprintf(";%d年%s折价尚未公布(%s),租金待公布后计算", year, rt.Kind, rt.PriceCite), false
	}
	m := shebao.Money(shebao.MulDivRound(qty, int64(price), 10000))
	return m, how + fmt.Sprintf(" × %s元/斤(%d年%s折价,%s)", price, year, rt.Kind, rt.PriceCite), true
}

// KindPrice is the price of a commodity for a year (元/斤), at which a rent
// in kind is converted.
type KindPrice struct {
	Commodity string       `json:"commodity"`
	Year      int          `json:"year"`
	Price     shebao.Money `json:"price"` // 元/斤
}

// KindPrices is the value of transfer.kind_prices.
type KindPrices []KindPrice

func (t *KindPrices) validate() error {
	seen := map[string]bool{}
	for _, p := range *t {
		if strings.TrimSpace(p.Commodity) == "" {
			return fmt.Errorf("实物品种不能为空")
		}
		if p.Year < 1980 || p.Year > 2100 {
			return fmt.Errorf("%s:年度%d无效", p.Commodity, p.Year)
		}
		if p.Price <= 0 {
			return fmt.Errorf("%s %d年:价格应大于0", p.Commodity, p.Year)
		}
		k := fmt.Sprintf("%s/%d", p.Commodity, p.Year)
		if seen[k] {
			return fmt.Errorf("%s %d年的价格重复", p.Commodity, p.Year)
		}
		seen[k] = true
	}
	return nil
}

// PriceOf is the price of the commodity for the year.
func (t KindPrices) PriceOf(commodity string, year int) (shebao.Money, bool) {
	for _, p := range t {
		if p.Commodity == commodity && p.Year == year {
			return p.Price, true
		}
	}
	return 0, false
}

// Commodities lists the commodities with a price, in the table's order.
func (t KindPrices) Commodities() []string {
	var out []string
	for _, p := range t {
		if !slices.Contains(out, p.Commodity) {
			out = append(out, p.Commodity)
		}
	}
	return out
}

// ParseKindRent reads a rent in kind as clerks write it: "800斤稻谷",
// "800斤稻谷/亩/年", "稻谷800斤", "400公斤小麦" (1 公斤 = 2 斤): the
// commodity and the quantity in hundredths of a 斤 per 亩 and year. ok is
// false for anything else (a rent in money).
func ParseKindRent(s string) (commodity string, qty int64, ok bool) {
	s = strings.TrimSpace(s)
	for _, suf := range []string{"/亩/年", "/亩·年", "/亩", "每亩每年"} {
		s = strings.TrimSuffix(s, suf)
	}
	s = strings.TrimPrefix(s, "每亩")
	for _, u := range []struct {
		unit   string
		factor int64
	}{{"公斤", 2}, {"千克", 2}, {"斤", 1}} {
		i := strings.Index(s, u.unit)
		if i < 0 {
			continue
		}
		num, name := s[:i], s[i+len(u.unit):]
		if num == "" || !isDigitStart(num) { // 稻谷800斤
			j := strings.IndexFunc(num, func(r rune) bool { return r >= '0' && r <= '9' })
			if j <= 0 || name != "" {
				return "", 0, false
			}
			num, name = num[j:], num[:j]
		}
		q, err := ParseDecimal(strings.TrimSpace(num), 2)
		name = strings.TrimSpace(name)
		if err != nil || q <= 0 || name == "" {
			return "", 0, false
		}
		return name, q * u.factor, true
	}
	return "", 0, false
}

func isDigitStart(s string) bool { return s[0] >= '0' && s[0] <= '9' }

// RentOwed is a rent instalment with what is unpaid of it on a date.
type RentOwed struct {
	RentDue
	Paid        shebao.Money `json:"paid"`
	Unpaid      shebao.Money `json:"unpaid"`
	DaysOverdue int          `json:"days_overdue"`
}

// RentAllocation allocates the payments received by the date (oldest
// instalment first) to every instalment: what each has been paid and what
// is unpaid of it, and for those due by the date the days since.
func RentAllocation(dues []RentDue, paid shebao.Money, date string) []RentOwed {
	d, _ := time.Parse(shebao.DateLayout, date)
	out := make([]RentOwed, 0, len(dues))
	left := paid
	for _, due := range dues {
		o := RentOwed{RentDue: due}
		o.Paid = min(left, due.Amount)
		left -= o.Paid
		o.Unpaid = due.Amount - o.Paid
		if due.Due <= date && o.Unpaid > 0 {
			at, _ := time.Parse(shebao.DateLayout, due.Due)
			o.DaysOverdue = int(d.Sub(at).Hours() / 24)
		}
		out = append(out, o)
	}
	return out
}

// RentArrears returns the instalments due by the date and left unpaid in
// part or whole by the payments received by then (RentAllocation).
func RentArrears(dues []RentDue, paid shebao.Money, date string) []RentOwed {
	var out []RentOwed
	for _, o := range RentAllocation(dues, paid, date) {
		if o.Due <= date && o.Unpaid > 0 {
			out = append(out, o)
		}
	}
	return out
}

// MedianMoney is the median of the amounts: the middle one, or the mean of
// the two middle ones rounded half up to the fen (500.00 and 600.00 →
// 550.00; 500.00 and 600.01 → 550.01, 550.005 rounded up). It sorts a copy.
func MedianMoney(vs []shebao.Money) shebao.Money {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return shebao.Money(shebao.DivRound(int64(s[n/2-1])+int64(s[n/2]), 2))
}

// KindPricesIn is the price table of rents in kind in force on the date in
// the region (it lists every year's prices), with its citation; empty when
// there is none. The transfer service prices each contract's rent with it,
// the transfer statistics (report) the rents they sum.
func KindPricesIn(set *Set, region string, on time.Time) (KindPrices, string, error) {
	var prices KindPrices
	p, err := set.Table("transfer.kind_prices", region, on, &prices)
	if err != nil {
		if shebao.ErrorCode(err) == shebao.ENOTFOUND {
			return nil, "transfer.kind_prices", nil
		}
		return nil, "", err
	}
	return prices, p.Cite(), nil
}
