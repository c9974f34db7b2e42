package shebao

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// AdjustmentResult is what a yearly pension adjustment run did.
type AdjustmentResult struct {
	Year      int    `json:"year"`
	FromMonth string `json:"from_month"`
	Rule      string `json:"rule"`   // the adjustment in Chinese
	Source    string `json:"source"` // the policy document
	// Benefits is the number of pensions adjusted by this run; Increase the
	// sum of their monthly increases.
	Benefits int   `json:"benefits"`
	Increase Money `json:"increase"`
	// Already counts pensions adjusted for the year by an earlier run;
	// Later those with an amount from a month after FromMonth, which an
	// adjustment cannot be put under (they need a clerk).
	Already int `json:"already"`
	Later   int `json:"later"`
	// PaidThrough is the last month from FromMonth on already in the
	// payroll: the increase of those months is owed as a back payment (补发),
	// which this run does not make.
	PaidThrough string `json:"paid_through,omitempty"`
	Warning     string `json:"warning,omitempty"`
}

// BackPayToRecover is the status of a negative back payment, recorded as an
// overpayment to recover.
const BackPayToRecover = "转追回"

// ReasonReducedOverpayment is the reason of overpayments from an amount
// lowered for a month already paid.
const ReasonReducedOverpayment = "待遇调减追回"

// BackPayResult is what the back payments of a payroll run did.
type BackPayResult struct {
	// Payments and Total are the back payments created (paid with this
	// month's payroll); Batches the transactions that created them.
	Payments int   `json:"payments"`
	Total    Money `json:"total"`
	Batches  int   `json:"batches"`
	// Recover and RecoverTotal are the months whose amount was lowered:
	// overpayments to recover.
	Recover      int   `json:"recover"`
	RecoverTotal Money `json:"recover_total"`
}

// BackPayFilter selects back payments.
type BackPayFilter struct {
	PayMonth string // the payroll month that pays them; "" any
	IDNo     string
	Region   string
	Offset   int
	Limit    int
}

// BackPay is one back payment (补发) or, with status 转追回, a month's
// amount lowered after it was paid.
type BackPay struct {
	BenefitID   string `json:"benefit_id"`
	Month       string `json:"month"`
	IDNo        string `json:"id_no"`
	Scheme      string `json:"scheme"`
	Kind        string `json:"kind"`
	Region      string `json:"region"`
	OldAmount   Money  `json:"old_amount"`
	NewAmount   Money  `json:"new_amount"`
	Amount      Money  `json:"amount"`
	Explanation string `json:"explanation"`
	Status      string `json:"status"`
	PayMonth    string `json:"pay_month"`
}

// BackPayLine is one back payment (补发) to be paid by the bank, with the
// person's name and the benefit's account, for the bank disbursement file.
type BackPayLine struct {
	BenefitID   string `json:"benefit_id"`
	Month       string `json:"month"` // the month it makes up for
	PayMonth    string `json:"pay_month"`
	IDNo        string `json:"id_no"`
	Name        string `json:"name"`
	Scheme      string `json:"scheme"`
	Kind        string `json:"kind"`
	Region      string `json:"region_code"`
	Amount      Money  `json:"amount"`
	BankAccount string `json:"bank_account"`
	Status      string `json:"status"`
}

// BackPayKind is the kind of the lines of a month's totals (PayrollTotal)
// that sum its back payments (补发), one line per scheme and status.
const BackPayKind = "backpay"

// ReasonDeathOverpayment is the reason of overpayments after a death.
const ReasonDeathOverpayment = "死亡冒领追回"

// ReasonStopOverpayment is the reason of overpayments of a 低保 paid for
// months after its stop, the stop recorded late (assist).
const ReasonStopOverpayment = "停保后发放追回"

// ReasonStopCancel is the reason of 低保 payments cancelled before their
// release because the case was stopped from their month.
const ReasonStopCancel = "停保后待遇取消发放"

// ReasonDeathCancel is the reason of payments cancelled before their
// release because the person had died.
const ReasonDeathCancel = "死亡后待遇取消发放"

// OverpaymentFilter selects overpayments.
type OverpaymentFilter struct {
	Region string
	Status string // 待追回 / 已追回 / 已核销; "" any
	IDNo   string
	Offset int
	Limit  int
}

// WriteOffRequest is the payload of an overpayment.writeoff approval.
type WriteOffRequest struct {
	BenefitID string `json:"benefit_id"`
	Month     string `json:"month"`
	Reason    string `json:"reason"`
	Amount    Money  `json:"amount"` // as the maker saw it
}

// PayrollOptions configure a payroll run.
type PayrollOptions struct {
	// Chunk is the number of benefits per transaction (default
	// PayrollChunk).
	Chunk int
	// Progress, when set, is called after each chunk with the benefits
	// scanned so far and their total.
	Progress func(done, total int)
	// Phase, when set, is called with the time each phase of the run
	// took (for profiling; chunk phases are called once per chunk).
	Phase func(phase string, d time.Duration)
}

// PayrollResult is what a payroll run did.
type PayrollResult struct {
	Month string `json:"month"`
	// Payments and Total are the payments created by this run (0 when run
	// again); Batches the transactions that created them.
	Payments int   `json:"payments"`
	Total    Money `json:"total"`
	Batches  int   `json:"batches"`
	// AccountPart is what this run withdrew from individual accounts.
	AccountPart Money `json:"account_part"`
	// MonthPayments and MonthTotal are all payments of the month in the
	// run's jurisdiction, this run's and earlier runs'.
	MonthPayments int   `json:"month_payments"`
	MonthTotal    Money `json:"month_total"`
	// Skipped counts the benefits of the month that are not paid, by
	// reason (暂停发放, 死亡, 无当月待遇标准); SkippedTotal is their sum.
	Skipped      map[string]int `json:"skipped"`
	SkippedTotal int            `json:"skipped_total"`
	// Stopped counts benefits this run stopped because the person died.
	Stopped int `json:"stopped"`
	// Overpayments counts payments found by this run to have been made
	// after the person's death.
	Overpayments int `json:"overpayments"`
	// BackPay is what this run paid as back payments (补发, backpay.go).
	BackPay *BackPayResult `json:"back_pay,omitempty"`
	// RetireeCredit is the month's credit of the retirees' medical (310)
	// individual accounts done with the run (nil when no amount is in
	// force for the month).
	RetireeCredit *RetireeCredit `json:"retiree_credit,omitempty"`
	// Release is the approval submitted for the payments not yet released
	// (nil when every payment of the month is released or already waiting
	// in the queue).
	Release *Approval `json:"release,omitempty"`
	// Totals are the month's totals by scheme, kind and status.
	Totals []PayrollTotal `json:"totals"`
}

// PayrollTotal is one line of a month's totals.
type PayrollTotal struct {
	Scheme      string `json:"scheme"`
	SchemeName  string `json:"scheme_name"`
	Kind        string `json:"kind"`
	KindName    string `json:"kind_name"`
	Status      string `json:"status"`
	Count       int    `json:"count"`
	Amount      Money  `json:"amount"`
	AccountPart Money  `json:"account_part"`
	BasicPart   Money  `json:"basic_part"`
}

// PayrollSummary is a month's payroll: totals by scheme, kind and status,
// the back payments paid with the month (补发) included as lines of kind
// BackPayKind, so that the totals are what the month's releases pay.
type PayrollSummary struct {
	Month    string         `json:"month"`
	Payments int            `json:"payments"`
	Total    Money          `json:"total"`
	Pending  int            `json:"pending"`
	Released int            `json:"released"`
	Totals   []PayrollTotal `json:"totals"`
	// Run is the last run of the month (batch_runs), if any.
	Run *PayrollRun `json:"run,omitempty"`
}

// Statuses of a batch run's record (batch.Run).
const (
	RunRunning = "running" // started and not finished: in progress, or interrupted
	RunDone    = "done"
)

// RunStatusName is the Chinese name of a batch run's status.
func RunStatusName(status string) string {
	switch status {
	case RunRunning:
		return "运行中(或已中断,重新运行即可续完)"
	case RunDone:
		return "已完成"
	}
	return status
}

// PayrollRun is the record of the last run of a month.
type PayrollRun struct {
	Status     string `json:"status"`
	StartedAt  string `json:"started_at"`
	FinishedAt string `json:"finished_at,omitempty"`
	Actor      string `json:"actor"`
}

// Describe says the run in a clerk's words: its status in Chinese, when it
// started in China time to the minute, and who ran it.
func (r *PayrollRun) Describe() string {
	at := r.StartedAt
	if t, err := time.Parse(time.RFC3339Nano, r.StartedAt); err == nil {
		at = t.In(ChinaTime).Format("2006-01-02 15:04")
	}
	return fmt.Sprintf("%s,%s开始,经办人%s", RunStatusName(r.Status), at, ActorLabel(r.Actor))
}

// addSkipped adds n benefits skipped for reason.
func (res *PayrollResult) AddSkipped(reason string, n int) {
	if n > 0 {
		res.Skipped[reason] += n
		res.SkippedTotal += n
	}
}

// PaymentFilter selects payments of a month, or a person's payments of
// every month (IDNo set, Month empty), newest first.
type PaymentFilter struct {
	Month  string
	IDNo   string
	Region string
	Status string // 待发放 / 已发放; "" both
	Scheme string
	Kind   string
	Offset int
	Limit  int
}

// PayrollChunk is how many benefits (by id) one unit of work of a payroll
// run covers by default.
const PayrollChunk = 20000

// PayrollGroup is the sum of payments (or back payments) of one batch,
// scheme, kind and status, with the lowest and highest region code among
// them.
type PayrollGroup struct {
	Batch, Scheme, Kind, Status string
	N                           int
	Amount, Account, Basic      Money
	Lo, Hi                      string
}

// ReleasePayload is the payload of a payroll.release approval: the batches
// of payments it releases, with their count and total as the maker saw
// them.
type ReleasePayload struct {
	Month    string   `json:"month"`
	Batches  []string `json:"batches"`
	Payments int      `json:"payments"`
	Total    Money    `json:"total"`
}

// SummarizePayroll totals a month's groups by scheme, kind and status; the
// back payments' groups (kind BackPayKind) make lines of kind 补发.
func SummarizePayroll(m Period, groups []PayrollGroup) *PayrollSummary {
	type key struct{ scheme, kind, status string }
	sums := map[key]*PayrollTotal{}
	var keys []key
	for _, g := range groups {
		k := key{g.Scheme, g.Kind, g.Status}
		t := sums[k]
		if t == nil {
			t = &PayrollTotal{Scheme: g.Scheme, Kind: g.Kind, Status: g.Status}
			if s, ok := FindScheme(g.Scheme); ok {
				t.SchemeName = s.Name
			} else if f, ok := FindFund(g.Scheme); ok {
				t.SchemeName = f.Name // the 社会救助资金
			}
			if bk, ok := FindBenefitKind(g.Kind); ok {
				t.KindName = bk.Name
			} else if g.Kind == BackPayKind {
				t.KindName = "补发"
			}
			sums[k] = t
			keys = append(keys, k)
		}
		t.Count += g.N
		t.Amount += g.Amount
		t.AccountPart += g.Account
		t.BasicPart += g.Basic
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.scheme != b.scheme {
			return a.scheme < b.scheme
		}
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		return a.status < b.status
	})
	out := &PayrollSummary{Month: string(m), Totals: []PayrollTotal{}}
	for _, k := range keys {
		t := *sums[k]
		out.Totals = append(out.Totals, t)
		out.Payments += t.Count
		out.Total += t.Amount
		if t.Status == PaymentPending {
			out.Pending += t.Count
		} else {
			out.Released += t.Count
		}
	}
	return out
}

// BenefitExpenseLines returns the lines that charge an amount of a benefit
// kind to the fund's expenditure (debit = true) or take it back from it
// (debit = false): the residents' pension's basic part (basic, at most the
// amount) to 5011 基础养老金支出 and the rest to 5012 个人账户养老金支出 (中央
// 和地方财政补助的基础养老金与个人账户养老金分别列支, 国发〔2014〕8号), every
// other kind to its own expense account in the fund (KindExpense: 5199
// where the kind was posted before it had a fund of its own). Zero parts
// give no line.
func BenefitExpenseLines(fund, kind string, amount, basic Money, debit bool) []Line {
	line := func(account string, v Money) []Line {
		if v <= 0 {
			return nil
		}
		if debit {
			return []Line{Debit(account, v)}
		}
		return []Line{Credit(account, v)}
	}
	if kind == BenefitResidentPension {
		basic = min(max(basic, 0), amount)
		return append(line(AcctResidentBasicPension, basic), line(AcctResidentAccountPension, amount-basic)...)
	}
	return line(KindExpense(fund, kind), amount)
}

// mergeLines sums lines of one side by account, in account order.
func mergeLines(ls []Line, debit bool) []Line {
	sums := map[string]Money{}
	var accounts []string
	for _, l := range ls {
		v := l.Credit
		if debit {
			v = l.Debit
		}
		if _, ok := sums[l.Account]; !ok {
			accounts = append(accounts, l.Account)
		}
		sums[l.Account] += v
	}
	sort.Strings(accounts)
	out := make([]Line, 0, len(accounts))
	for _, a := range accounts {
		if sums[a] == 0 {
			continue
		}
		if debit {
			out = append(out, Debit(a, sums[a]))
		} else {
			out = append(out, Credit(a, sums[a]))
		}
	}
	return out
}

// PayrollEntries builds the entries of one batch of a month's payments:
// per fund an entry of kind benefit (Dr the expense account of each kind
// — for the residents' pension the basic part to 5011 and the rest to
// 5012 — Cr 2101 应付社会保险待遇) and, when individual accounts paid
// part, an entry of kind account moving it from the liability 2301 back to
// 3101. The groups' batch and status are not read.
func PayrollEntries(m Period, source string, groups []PayrollGroup) []*Entry {
	byFund := map[string][]PayrollGroup{}
	var funds []string
	for _, g := range groups {
		if _, ok := byFund[g.Scheme]; !ok {
			funds = append(funds, g.Scheme)
		}
		byFund[g.Scheme] = append(byFund[g.Scheme], g)
	}
	sort.Strings(funds)
	date := m.First().Format(DateLayout)
	var es []*Entry
	for _, f := range funds {
		var debits []Line
		var total, acct Money
		var n int
		for _, g := range byFund[f] {
			debits = append(debits, BenefitExpenseLines(f, g.Kind, g.Amount, g.Basic, true)...)
			total += g.Amount
			acct += g.Account
			n += g.N
		}
		if total <= 0 {
			continue
		}
		lines := append(mergeLines(debits, true), Credit(AcctBenefitsPayable, total))
		fund, _ := FindFund(f)
		es = append(es, &Entry{Fund: f, Date: date, Kind: PostBenefit, Source: source,
			Description: fmt.Sprintf("%s月%s待遇核发%d人次,合计%s元", m, fund.Name, n, total), Lines: lines})
		if acct > 0 {
			es = append(es, &Entry{Fund: f, Date: date, Kind: PostAccount, Source: source,
				Description: fmt.Sprintf("%s月个人账户养老金支取%s元", m, acct), Lines: IndividualAccountLines(-acct)})
		}
	}
	return es
}

// BackPayEntries builds the entries of one batch of back payments (补发)
// paid with month m: per fund, Dr the expense account of each kind
// (residents' pension: the basic part to 5011, the rest to 5012), Cr 2101.
// The increase is the pooled fund's: no individual account moves.
func BackPayEntries(m Period, source string, groups []PayrollGroup) []*Entry {
	byFund := map[string][]PayrollGroup{}
	var funds []string
	for _, g := range groups {
		if _, ok := byFund[g.Scheme]; !ok {
			funds = append(funds, g.Scheme)
		}
		byFund[g.Scheme] = append(byFund[g.Scheme], g)
	}
	sort.Strings(funds)
	date := m.First().Format(DateLayout)
	var es []*Entry
	for _, f := range funds {
		var debits []Line
		var total Money
		var n int
		for _, g := range byFund[f] {
			debits = append(debits, BenefitExpenseLines(f, g.Kind, g.Amount, g.Basic, true)...)
			total += g.Amount
			n += g.N
		}
		if total <= 0 {
			continue
		}
		fund, _ := FindFund(f)
		es = append(es, &Entry{Fund: f, Date: date, Kind: PostBenefit, Source: source,
			Description: fmt.Sprintf("%s月%s待遇补发%d人次,合计%s元", m, fund.Name, n, total),
			Lines:       append(mergeLines(debits, true), Credit(AcctBenefitsPayable, total))})
	}
	return es
}

// ReleaseEntry is the bank payment of a fund's released payments (or back
// payments) of a month: Dr 2101 应付社会保险待遇, Cr 1002 银行存款.
func ReleaseEntry(fund, date, source, description string, total Money) *Entry {
	return &Entry{Fund: fund, Date: date, Kind: PostPayment, Source: source, Description: description,
		Lines: []Line{Debit(AcctBenefitsPayable, total), Credit(AcctBank, total)}}
}

// OverpaymentCredits are the lines that take an overpayment back from the
// expenditure it was charged to, when it is recovered (against 1002) or
// written off (against 5199): after a death the payment is undone as it was
// made (for the residents' pension the basic part from 5011 and the rest
// from 5012); an amount lowered after payment (待遇调减) was an increase of
// the basic pension, so for the residents' pension all of it comes back
// from 5011.
func OverpaymentCredits(o *Overpayment, kind string, basic Money) []Line {
	death := strings.HasPrefix(o.Reason, ReasonDeathOverpayment)
	if kind == BenefitResidentPension && !death {
		return []Line{Credit(AcctResidentBasicPension, o.Amount)}
	}
	if kind == BenefitResidentPension {
		var ls []Line
		if basic > 0 {
			ls = append(ls, Credit(AcctResidentBasicPension, basic))
		}
		if rest := o.Amount - basic; rest > 0 {
			ls = append(ls, Credit(AcctResidentAccountPension, rest))
		}
		return ls
	}
	return []Line{Credit(KindExpense(o.Scheme, kind), o.Amount)}
}

// CommonRegion returns the smallest region (a code of level 1–5, padded)
// containing the codes lo and hi, or "" when they share no province.
func CommonRegion(lo, hi string) string {
	n := 0
	for n < len(lo) && n < len(hi) && lo[n] == hi[n] {
		n++
	}
	level := 0
	for _, l := range []int{2, 4, 6, 9, 12} {
		if l <= n {
			level = l
		}
	}
	if level == 0 {
		return ""
	}
	return lo[:level] + strings.Repeat("0", 12-level)
}

// PayrollChunkRequest asks the store to pay the benefits with ids lo < id ≤
// hi (hi "" = no upper bound) due in the month, in the actor's
// jurisdiction. Phase, when set, is told the time each step took.
type PayrollChunkRequest struct {
	Month  Period
	Lo, Hi string
	Phase  func(phase string, d time.Duration)
}

// PayrollChunkResult is what one chunk of a payroll did: the benefits of
// its range (Scanned), the payments it created by scheme and kind (Groups,
// all of one new batch, pending), the lowest benefit id paid (First, which
// names the batch in the ledger), and the range's active benefits without
// an amount in force for the month.
type PayrollChunkResult struct {
	Scanned  int
	Groups   []PayrollGroup
	First    string
	NoAmount int
}

// BackPayDue is a month already paid of a benefit, with what it was paid
// (the payment and the back payments made for it since) and the amount
// in force for it now.
type BackPayDue struct {
	BenefitID, Month, IDNo, Scheme, Kind, Region string
	Paid, PaidBasic                              Money // the payment
	Earlier, EarlierBasic                        Money // back payments made for the month before
	Target, TargetBasic                          Money // the amount in force for the month now
	From, Source                                 string
}

// NewBackPay is a back payment (or, with status BackPayToRecover, a
// lowered month) to record, paid with the month PayMonth.
type NewBackPay struct {
	BenefitID, Month              string
	Target                        Money
	IDNo, Scheme, Kind, Region    string
	Old, Amount, Basic            Money
	Explanation, Status, PayMonth string
}

// BackPayBatch is what one batch of back payments holds once recorded:
// the positive ones by scheme and kind (to post and release), and the
// lowered months turned into overpayments.
type BackPayBatch struct {
	Batch        string
	Groups       []PayrollGroup
	Payments     int
	Total        Money
	Recover      int
	RecoverTotal Money
}

// FundSum is a count and a sum of one fund.
type FundSum struct {
	Fund  string
	N     int
	Total Money
}

// PensionToAdjust is an employee pension that the yearly adjustment may
// raise: the amount in force the month before the adjustment, the
// person's birth date, the determination's detail (JSON, with its
// contribution_months) and, for a pension without it, the months of the
// person's 110 history.
type PensionToAdjust struct {
	BenefitID     string
	Birth         string
	Detail        string
	HistoryMonths int
	Monthly       Money
	AccountPart   Money
	BasicPart     Money
}

// AdjustedAmount is a new amount of a benefit from a month on, with the
// increase it brings.
type AdjustedAmount struct {
	BenefitID string
	Amount    BenefitAmount
	Increase  Money
}

// RegionAmount is an amount in force for the persons of a region (a code
// prefix; "" for every region without one of its own).
type RegionAmount struct {
	Region string
	Amount Money
}

// RetireeCreditRequest asks the store to credit the 310 individual
// accounts of the retirees among the employee pensions with ids lo < id ≤
// hi (hi "" = no upper bound) paid for the month: each person once per
// month, the amount of their region (the most specific of Amounts whose
// region contains theirs).
type RetireeCreditRequest struct {
	Month   Period
	Lo, Hi  string
	Amounts []RegionAmount
}

// RetireeCreditResult is what one chunk of the retirees' credit did: the
// pensions of its range, the persons credited now and the sum.
type RetireeCreditResult struct {
	Scanned int
	Persons int
	Total   Money
	First   string // the lowest ID number credited now, which names the chunk's ledger entry
}

// RetireeCredit is the monthly credit of the retirees' 310 individual
// accounts (退休人员医保个人账户划入) done by a payroll run.
type RetireeCredit struct {
	Persons int    `json:"persons"`
	Total   Money  `json:"total"`
	Rule    string `json:"rule,omitempty"` // the amount and its source, in Chinese
}

// PaymentFor is the payment of a benefit for a month under the amount in
// force for it (a): the rule the payroll applies set-based (the store's
// PayBenefits). The payment is the amount; its account part — what the
// individual account pays — is the amount's account part, but at most what
// the account still holds (balance), and nothing once the account is spent
// (the pooled fund then pays the whole amount); its basic part is the
// amount's (the residents' basic pension).
func PaymentFor(a BenefitAmount, balance Money) (amount, account, basic Money) {
	account = a.AccountPart
	switch {
	case account <= 0 || balance <= 0:
		account = 0
	case balance < account:
		account = balance
	}
	return a.Monthly, account, a.BasicPart
}

// CancellationEntries builds the entries that undo payments cancelled
// before their release (each group one payment or more): per fund, Dr 2101
// 应付社会保险待遇 for their total, Cr the expense accounts they were charged
// to (the residents' pension's basic part to 5011, the rest to 5012), on
// the date, the cause (死亡, 重新就业停发) in the description. Their account
// parts go back into the accounts with movements of their own.
func CancellationEntries(date, source, cause string, groups []PayrollGroup) []*Entry {
	byFund := map[string][]PayrollGroup{}
	var funds []string
	for _, g := range groups {
		if _, ok := byFund[g.Scheme]; !ok {
			funds = append(funds, g.Scheme)
		}
		byFund[g.Scheme] = append(byFund[g.Scheme], g)
	}
	sort.Strings(funds)
	var es []*Entry
	for _, f := range funds {
		var credits []Line
		var total Money
		var n int
		for _, g := range byFund[f] {
			credits = append(credits, BenefitExpenseLines(f, g.Kind, g.Amount, g.Basic, false)...)
			total += g.Amount
			n += g.N
		}
		fund, _ := FindFund(f)
		es = append(es, &Entry{Fund: f, Date: date, Kind: PostAdjustment, Source: source,
			Description: fmt.Sprintf("%s待遇%d笔因%s取消发放(冲减待遇支出与应付待遇),合计%s元", fund.Name, n, cause, total),
			Lines:       append([]Line{Debit(AcctBenefitsPayable, total)}, mergeLines(credits, false)...)})
	}
	return es
}
