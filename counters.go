package shebao

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Statistics counters (docs/DOMAIN.md §7, issue #16). Every indicator of
// a region at any date is a sum of dated changes — a CounterDelta: in
// region R, the count or amount named by Key changed by N on Day (the
// business date the record gives, not the time it was entered). The store
// keeps the deltas summed per region, key and month, at every level a
// region lies in, in the same transaction as the records that cause them
// (sqldb/counters.go); the report service adds them up into indicators.
//
// A key is a family name and its dimensions joined by "|". This file says
// what each record contributes: the rules about persons and their
// enrollments are below (PersonCounts); the money families (contributions,
// benefits paid, reimbursements, residents' subsidies) are sums of one
// column of one table each, written as SQL in sqldb/counters_families.go
// from the definitions given with their keys here.

// CounterDelta is a change of one counter.
type CounterDelta struct {
	Region string // 12-digit code of the record's region
	Key    string
	Day    string // YYYY-MM-DD
	N      int64
}

// Counter families and their keys. Dimensions: H a hukou nature (农业,
// 非农业, 居民), S a scheme code, ST an open enrollment status, K a payer
// kind (employer, person) or a benefit kind, T a claim type (住院, 门诊), L a
// hospital level (0–3).
const (
	// Persons (region: the person's). Merged registrations (重复登记合并)
	// count nothing.
	CounterBorn    = "p.born"    // p.born|H: +1 on the birth date
	CounterDied    = "p.died"    // p.died|H: +1 on the death date
	CounterDied16  = "p.died16"  // p.died16|H: +1 on the later of the death date and the 16th birthday
	CounterInsured = "p.insured" // p.insured|H: the person holds at least one open enrollment (living or not, as the dashboard has always counted)
	CounterPension = "p.pension" // p.pension|H: living, aged CoverageAge or more, holding an open enrollment of the pension slot (110/120/170)

	// Enrollments (region: the enrollment's; H the person's hukou).
	CounterOpen    = "e.open"    // e.open|S|ST|H: enrollments in the open status ST
	CounterNew     = "e.new"     // e.new|S|H: enrollments begun (flow, on the first event's date)
	CounterStopped = "e.stop"    // e.stop|S|H: open → closed (终止, 转出; flow)
	CounterRetired = "e.benefit" // e.benefit|S|H: contributing → 享受待遇 (新增待遇领取; flow)
	// CounterWorkers (region: the employer's): the enrollments in 110
	// contributing today (参保缴费) through an employer, from their start
	// date, by L, the level (RegionCommonLevel) of the deepest region that
	// holds both the employer and the enrollment. A region R of level l
	// has as 外来务工 (labour transferred in) the sum of its e.workers|L
	// with L < l: the employees of its employers whose own region lies
	// outside it (EmploymentFigures.TransferredIn).
	CounterWorkers = "e.workers" // e.workers|L

	// Contributions (region: the bill's). Money in fen.
	CounterAssessed  = "c.assessed"  // c.assessed|K: bills' totals on the first day of their period (应缴, flow)
	CounterDue       = "c.due"       // c.due: bills' totals on their due date
	CounterDuePaid   = "c.duepaid"   // c.duepaid: allocations to bills on the later of the due date and the payment date
	CounterCollected = "c.collected" // c.collected|S: allocations to bills by scheme on the payment date (实缴, flow)

	// Benefits paid by the payroll (region: the payment's). Money in fen.
	CounterPaid     = "b.paid"    // b.paid|S|K: payroll amounts on the first day of the month paid for
	CounterPayments = "b.count"   // b.count|S|K: payroll payments (one per benefit and month)
	CounterBackPaid = "b.backpay" // b.backpay|S|K: back payments (补发) on the first day of the month they are paid with

	// Medical claims (region: the claim's), on the discharge date.
	CounterClaims      = "m.claims"  // m.claims|S|T|L: stays (住院) and visits (门诊)
	CounterClaimCost   = "m.cost"    // m.cost|S|T|L: total cost
	CounterClaimElig   = "m.elig"    // m.elig|S|T|L: the cost within the policy (eligible)
	CounterClaimFund   = "m.fund"    // m.fund|S|T|L: paid by the pooled fund (统筹基金, the reimbursement)
	CounterClaimAcct   = "m.account" // m.account|S|T|L: paid from the individual medical account
	CounterStayPersons = "m.persons" // m.persons|S|T: +1 on the discharge date of a person's first claim of type T of the calendar year in S

	// Residents' annual contributions (region: the receipt's), on the
	// payment date.
	CounterResidentPaid       = "r.count"      // r.count|S: persons who paid
	CounterResidentIndividual = "r.individual" // r.individual|S: the contribution at the chosen tier
	CounterResidentFinance    = "r.finance"    // r.finance|S: the part of it the government paid for a special group (代缴)
	CounterResidentSubsidy    = "r.subsidy"    // r.subsidy|S: the government's subsidy (缴费补贴)
	CounterResidentCollective = "r.collective" // r.collective|S: the collective's subsidy (集体补助)

	// The labour register (region: the person's at the register's last
	// rebuild, labor_derived), dated LaborCounterDay: the register keeps
	// no history (a rebuild replaces the derived statuses), so every day
	// reads it as of its last rebuild with the statuses registered since,
	// as the employment report always has (EmploymentFigures).
	CounterLabor = "l.status" // l.status|ST|L: persons of working age by status in force ST ("" none), L "1" flagged 被征地 at the rebuild, else "0"

	// Social assistance (region: the case's or the decision's). A case in
	// payment counts +1 on the first day of its first month and −1 on the
	// first day of the month after its last (a case stopped or in its
	// 渐退期): on a day D it counts when its first month is not after D's
	// month and its last, if it has one, not before it — the 低保 and 特困
	// in payment (AssistanceFigures).
	CounterDibao        = "a.dibao"     // a.dibao|A|W: 低保 cases in payment, A the area (城市, 农村), W "h" households (cases), "p" persons (their member rows)
	CounterTekun        = "a.tekun"     // a.tekun|M: 特困 persons in support, M the mode (集中, 分散)
	CounterRelief       = "a.relief"    // a.relief: 临时救助 decisions approved, on the day approved (flow)
	CounterReliefAmount = "a.reliefamt" // a.reliefamt: their amounts, in fen (flow)

	// Employment services (region: the record's). A stock counts +1 on
	// the day it begins and −1 on the day it ends (a record ended on the
	// day it began counts nothing); flows count on their day.
	CounterUnemployed = "j.unemp"    // j.unemp|stock: registered unemployed; j.unemp|new, j.unemp|ended: registrations made and ended (flows)
	CounterHardship   = "j.hardship" // j.hardship: 就业困难人员 certified and not ended
	CounterZero       = "j.zero"     // j.zero|stock: 零就业家庭 listed and not cleared; j.zero|cleared (flow)
	CounterPlaced     = "j.placed"   // j.placed|P: 公益性岗位 placements on the first day of their first month, P "1" of a 就业困难人员 (priority), else "0"
	CounterTrained    = "j.trained"  // j.trained|C: training completions (结业) on the day completed, C the certificate level ("" none)

	// Land contracting and transfer (region: the village; N the 发包方's
	// last two digits, its 14-digit code being the village's and N). The
	// 耕地 contracted is the registry's current state, dated
	// LaborCounterDay like the labour register. A verified transfer
	// contract counts from its first day to its last (or the day it ended
	// early), both included: +n on the first, −n on the day after
	// (TransferSpan).
	CounterLandArable         = "l.arable"    // l.arable|N: contracted 耕地 (0.01 亩)
	CounterTransfers          = "t.contracts" // t.contracts: verified transfer contracts running
	CounterTransferIssuer     = "t.issuer"    // t.issuer|N: those taking land of 发包方 N
	CounterTransferArea       = "t.area"      // t.area|N|A: their area (0.01 亩) of 发包方 N, A "1" 耕地, "0" another class
	CounterTransferRent       = "t.rent"      // t.rent|N: rent × area of the money rents (fen × 0.01 亩 a year)
	CounterTransferInKind     = "t.inkind"    // t.inkind|N|K|Q: area of the rents in kind K at Q (0.01 斤 per 亩 and year)
	CounterTransferForm       = "t.form"      // t.form|F|W: by form F, W "n" contracts, "a" area
	CounterTransferTaker      = "t.taker"     // t.taker|K|W: by transferee type K (农户, 合作社, 企业, 其他组织), W "n" contracts, "a" area
	CounterTransferHouseholds = "t.hh"        // t.hh|N: households (承包方) transferring land of 发包方 N out
	CounterTransferPersons    = "t.persons"   // t.persons|N: their members (a head without a household: one)
)

// TransferSpan is what a verified transfer contract running from start to
// until (YYYY-MM-DD, both included) contributes to a stock counter: n on
// start and −n on the day after until. A contract ended before it began
// never ran and contributes nothing.
func TransferSpan(region, key, start, until string, n int64, emit func(CounterDelta)) {
	if n == 0 || until < start {
		return
	}
	end, err := time.Parse(DateLayout, until)
	if err != nil {
		return
	}
	emit(CounterDelta{Region: region, Key: key, Day: start, N: n})
	emit(CounterDelta{Region: region, Key: key, Day: end.AddDate(0, 0, 1).Format(DateLayout), N: -n})
}

// DaySpan is a span of days, both included (YYYY-MM-DD).
type DaySpan struct{ From, To string }

// UnionSpans returns the days covered by any of spans as disjoint spans
// in order, overlapping or adjacent spans joined (a household transferring
// land by two contracts counts once while either runs). Spans ending
// before they begin are left out.
func UnionSpans(spans []DaySpan) []DaySpan {
	var in []DaySpan
	for _, s := range spans {
		if s.To >= s.From {
			in = append(in, s)
		}
	}
	sort.Slice(in, func(i, j int) bool { return in[i].From < in[j].From })
	var out []DaySpan
	for _, s := range in {
		if n := len(out); n > 0 && s.From <= dayAfter(out[n-1].To) {
			if s.To > out[n-1].To {
				out[n-1].To = s.To
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// AssistPaymentSpan is what a case in payment contributes to a stock
// counter: n on the first day of its first month (YYYY-MM) and −n on the
// first day of the month after its last ("" while it runs on). A case
// without a first month, or whose last month lies before its first, was
// never in payment and contributes nothing.
func AssistPaymentSpan(region, key, first, last string, n int64, emit func(CounterDelta)) {
	if first == "" || (last != "" && last < first) || n == 0 {
		return
	}
	emit(CounterDelta{Region: region, Key: key, Day: first + "-01", N: n})
	if last != "" {
		t, err := time.Parse("2006-01", last)
		if err != nil {
			return
		}
		emit(CounterDelta{Region: region, Key: key, Day: t.AddDate(0, 1, 0).Format(DateLayout), N: -n})
	}
}

// LaborCounterDay is the day the labour register's counters are dated on
// (CounterLabor): before any day a report asks for.
const LaborCounterDay = "1900-01-01"

// CounterKey joins a family and its dimensions into a key.
func CounterKey(family string, dims ...string) string {
	return strings.Join(append([]string{family}, dims...), "|")
}

// CounterDims splits a key into its family and dimensions.
func CounterDims(key string) (family string, dims []string) {
	parts := strings.Split(key, "|")
	return parts[0], parts[1:]
}

// CountedPerson is what the counters read of a person: the registration
// and every enrollment with its events in the order they were recorded.
type CountedPerson struct {
	Region, Hukou, Birth string
	// DeathDate is "" for a living person. A deceased person without a
	// date (which the registry refuses) counts as deceased from birth.
	Deceased  bool
	DeathDate string
	// Merged is true for a registration merged into another (重复登记合并).
	Merged      bool
	Enrollments []CountedEnrollment
}

// CountedEnrollment is an enrollment as the counters read it.
type CountedEnrollment struct {
	Scheme, Region string
	Events         []CountedEvent // in the order recorded (seq)
	// StartDate is the enrollment's start; EmployerRegion the region of its
	// employer ("" without one).
	StartDate, EmployerRegion string
}

// CountedEvent is one event of an enrollment: on Date it moved to To.
type CountedEvent struct {
	Date, To string
}

// AddYears returns the date (YYYY-MM-DD) n years after day, on the same
// month and day: a 16th birthday. February 29 stays February 29 (16 years
// later is a leap year again, 2100 aside), which sorts after February 28
// as the date does.
func AddYears(day string, n int) string {
	if len(day) < 4 {
		return day
	}
	y, err := strconv.Atoi(day[:4])
	if err != nil {
		return day
	}
	return strconv.Itoa(y+n) + day[4:]
}

// PersonCounts gives every delta a person contributes to the counters of
// the persons and enrollment families, by the rules the dashboard and the
// reports have always counted with (docs/DOMAIN.md §7):
//
//   - a registered person counts from the birth date; a deceased one in
//     p.died from the death date; p.died16 on the later of the death date
//     and the 16th birthday, so that the living persons aged 16 or more on
//     a day D are p.born up to D − 16 years less p.died16 up to D;
//   - an enrollment is in the status of its latest event dated on or
//     before the day. Events count in the order they were recorded, each
//     taking effect on its date or, if it was dated before the event
//     recorded ahead of it, on that event's date: so that the status after
//     the last event is the enrollment's current status, and a figure as
//     of today is the state of the records today;
//   - a person is insured (p.insured) on the days at least one of their
//     enrollments is open, and counts in pension coverage (p.pension) on
//     the days they are alive, aged 16 or more, and one of their pension
//     enrollments (110, 120, 170) is open.
//
// emit receives each delta (several on one day and key may come; they add).
func PersonCounts(p CountedPerson, emit func(CounterDelta)) {
	h := p.Hukou
	death := ""
	if p.Deceased {
		death = p.DeathDate
		if death == "" {
			death = p.Birth
		}
	}
	adult := AddYears(p.Birth, CoverageAge)
	if !p.Merged {
		emit(CounterDelta{p.Region, CounterKey(CounterBorn, h), p.Birth, 1})
		if death != "" {
			emit(CounterDelta{p.Region, CounterKey(CounterDied, h), death, 1})
			emit(CounterDelta{p.Region, CounterKey(CounterDied16, h), max(death, adult), 1})
		}
	}
	var anyOpen, pensionOpen []step // changes of the number of open enrollments
	for _, n := range p.Enrollments {
		slot := ""
		if s, ok := FindScheme(n.Scheme); ok {
			slot = s.Slot
		}
		status, day := "", ""
		for i, ev := range n.Events {
			d := max(ev.Date, day)
			day = d
			from, to := status, ev.To
			status = to
			if from == to {
				continue // a merge moves the enrollment without changing it
			}
			wasOpen, isOpen := IsOpen(from), IsOpen(to)
			if wasOpen {
				emit(CounterDelta{n.Region, CounterKey(CounterOpen, n.Scheme, from, h), d, -1})
			}
			if isOpen {
				emit(CounterDelta{n.Region, CounterKey(CounterOpen, n.Scheme, to, h), d, 1})
			}
			if i == 0 {
				emit(CounterDelta{n.Region, CounterKey(CounterNew, n.Scheme, h), d, 1})
			}
			if wasOpen && !isOpen {
				emit(CounterDelta{n.Region, CounterKey(CounterStopped, n.Scheme, h), d, 1})
			}
			if to == EnrollBenefit && (from == "" || from == EnrollActive || from == EnrollSuspended) {
				emit(CounterDelta{n.Region, CounterKey(CounterRetired, n.Scheme, h), d, 1})
			}
			if wasOpen != isOpen {
				c := int64(1)
				if wasOpen {
					c = -1
				}
				anyOpen = append(anyOpen, step{d, c})
				if slot == "pension" {
					pensionOpen = append(pensionOpen, step{d, c})
				}
			}
		}
		// An employee contributing today, by the employer's region (as
		// the live count always was: today's status, from the start date).
		if status == EnrollActive && n.Scheme == SchemeEmployeePension && n.EmployerRegion != "" && n.StartDate != "" {
			emit(CounterDelta{n.EmployerRegion, CounterKey(CounterWorkers, strconv.Itoa(RegionCommonLevel(n.EmployerRegion, n.Region))), n.StartDate, 1})
		}
	}
	if p.Merged {
		return
	}
	// Insured: the days with at least one open enrollment.
	for _, t := range transitions(anyOpen) {
		emit(CounterDelta{p.Region, CounterKey(CounterInsured, h), t.day, t.n})
	}
	// Pension coverage: I(t) = P(t)·[t ≥ adult]·[t < death], P the
	// indicator of an open pension enrollment. Each change Δ of P on day e
	// changes I by Δ on max(e, adult) and by −Δ on max(e, adult, death):
	// summed up to any day this is I on that day.
	for _, t := range transitions(pensionOpen) {
		from := max(t.day, adult)
		emit(CounterDelta{p.Region, CounterKey(CounterPension, h), from, t.n})
		if death != "" {
			emit(CounterDelta{p.Region, CounterKey(CounterPension, h), max(from, death), -t.n})
		}
	}
}

// step is a change of a number on a day.
type step struct {
	day string
	n   int64
}

// transitions turns the changes of a count into the changes of [count ≥ 1]:
// +1 on a day it becomes positive, −1 on a day it falls back to zero.
// Changes on one day are taken together.
func transitions(steps []step) []step {
	if len(steps) == 0 {
		return nil
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].day < steps[j].day })
	var out []step
	var count int64
	for i := 0; i < len(steps); {
		day := steps[i].day
		before := count
		for ; i < len(steps) && steps[i].day == day; i++ {
			count += steps[i].n
		}
		switch {
		case before <= 0 && count > 0:
			out = append(out, step{day, 1})
		case before > 0 && count <= 0:
			out = append(out, step{day, -1})
		}
	}
	return out
}

// CounterFamilies lists the families of counters, for the check that
// every family is counted again in full the same as kept (sqldb).
var CounterFamilies = []string{"p", "e", "c", "b", "m", "r"}

// IsCounterFamily reports whether the key belongs to one of families.
func IsCounterFamily(key string, families ...string) bool {
	f, _, _ := strings.Cut(key, ".")
	return slices.Contains(families, f)
}

// RegionCommonLevel is the level of the deepest region that holds both
// 12-digit codes: 0 none, 1 the same province, 2 city, 3 district (区县),
// 4 town, 5 the same village.
func RegionCommonLevel(a, b string) int {
	if len(a) != 12 || len(b) != 12 {
		return 0
	}
	for i, end := range []int{2, 4, 6, 9, 12} {
		if a[:end] != b[:end] {
			return i
		}
	}
	return 5
}

// RegionCodeLevel is the level of a 12-digit region code by its trailing
// zeros: 1 a province … 5 a village (0 for anything else).
func RegionCodeLevel(code string) int {
	if len(code) != 12 {
		return 0
	}
	switch {
	case code[9:] != "000":
		return 5
	case code[6:9] != "000":
		return 4
	case code[4:6] != "00":
		return 3
	case code[2:4] != "00":
		return 2
	}
	return 1
}
