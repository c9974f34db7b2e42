package policy

import (
	"fmt"
	"slices"
	"time"

	"github.com/shebao/shebao"
)

// RentDue is one instalment of a transfer contract's rent (docs/DOMAIN.md
// §8): due on the first day of each contract year, paid in advance (先付后用,
// the usual term of a lease of farmland), for the year's days.
type RentDue struct {
	Seq         int          `json:"seq"` // contract year, from 1
	Due         string       `json:"due"` // YYYY-MM-DD
	From        string       `json:"from"`
	To          string       `json:"to"`
	Amount      shebao.Money `json:"amount"`
	Explanation string       `json:"explanation"`
}

// RentSchedule lists the rents of a contract of area (0.01 亩) at rent 元
// per 亩 and year from start to end (inclusive dates). A full contract
// year costs rent × area, rounded half up to the fen; a shorter last year
// (a term that does not end on an anniversary, or a contract ended early
// within the year: pass the day it ended as end) costs its share of the
// days of that contract year. 600.00 元 × 13.50 亩 = 8100.00 a year; a last
// year of 306 days of a 366-day contract year, 8100.00 × 306 ÷ 366 = 6772.13.
func RentSchedule(start, end string, rent shebao.Money, area Mu) ([]RentDue, error) {
	s, err := time.Parse(shebao.DateLayout, start)
	if err != nil {
		return nil, shebao.FieldErrorf("起始日期", "起始日期“%s”无效", start)
	}
	e, err := time.Parse(shebao.DateLayout, end)
	if err != nil {
		return nil, shebao.FieldErrorf("结束日期", "结束日期“%s”无效", end)
	}
	yearly := shebao.Money(shebao.MulDivRound(int64(rent), int64(area), 100))
	var out []RentDue
	for k := 0; ; k++ {
		from := s.AddDate(k, 0, 0)
		if from.After(e) {
			break
		}
		next := s.AddDate(k+1, 0, 0)
		to := next.AddDate(0, 0, -1)
		d := RentDue{Seq: k + 1, Due: from.Format(shebao.DateLayout), From: from.Format(shebao.DateLayout)}
		if to.After(e) {
			days := int64(e.Sub(from).Hours()/24) + 1
			full := int64(next.Sub(from).Hours() / 24)
			d.To = e.Format(shebao.DateLayout)
			d.Amount = shebao.Money(shebao.MulDivRound(int64(yearly), days, full))
			d.Explanation = fmt.Sprintf("第%d年(%s至%s,%d天):%s元/亩/年 × %s亩 × %d/%d天 = %s元",
				d.Seq, d.From, d.To, days, rent, area, days, full, d.Amount)
		} else {
			d.To = to.Format(shebao.DateLayout)
			d.Amount = yearly
			d.Explanation = fmt.Sprintf("第%d年(%s至%s):%s元/亩/年 × %s亩 = %s元", d.Seq, d.From, d.To, rent, area, d.Amount)
		}
		out = append(out, d)
	}
	return out, nil
}

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
