package collect

import (
	"fmt"
	"slices"

	"github.com/shebao/shebao"
)

// The government's payment of a resident's contribution follows the
// person's assistance status (issue #18 item 4, medaid): the 低保 and 五保
// (特困) flags — now given and removed by the assistance records — count as
// the person held them, by their history, in the contribution's window:
// any day of the contribution year up to the payment date, or, for a year
// paid in advance (the 集中缴费期 of the year before), the payment date.
// So a person approved in the year is subsidised for that year's receipt
// recorded after the approval, and a stop ends the subsidy from the next
// year's receipt (paid after the stop); a receipt of the stop's own year
// keeps it. The other special flags (困难人员, 残疾) are read as they are
// now. Our choice where the documents only say "对特困人员、低保对象…给予资助".

// assistWindow is the days of the contribution whose flags count.
func assistWindow(c *shebao.ResidentContribution) (from, to string) {
	first, last := fmt.Sprintf("%04d-01-01", c.Year), fmt.Sprintf("%04d-12-31", c.Year)
	switch {
	case c.PaidOn < first:
		return c.PaidOn, c.PaidOn
	case c.PaidOn > last:
		return first, last
	}
	return first, c.PaidOn
}

// assistFlags returns the person's flags with 低保 and 五保 as held in the
// contribution's window.
func assistFlags(p *shebao.Person, d *shebao.MedicalAidData, c *shebao.ResidentContribution) []string {
	from, to := assistWindow(c)
	out := slices.DeleteFunc(slices.Clone(p.Flags), func(f string) bool { return f == shebao.FlagDibao || f == shebao.FlagWubao })
	for _, f := range []string{shebao.FlagDibao, shebao.FlagWubao} {
		if d.HeldDuring(p.IDNo, f, from, to) {
			out = append(out, f)
		}
	}
	return out
}
