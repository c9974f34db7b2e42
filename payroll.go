package shebao

import "time"

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

// PayrollRun is the record of the last run of a month.
type PayrollRun struct {
	Status     string `json:"status"`
	StartedAt  string `json:"started_at"`
	FinishedAt string `json:"finished_at,omitempty"`
	Actor      string `json:"actor"`
}

// addSkipped adds n benefits skipped for reason.
func (res *PayrollResult) AddSkipped(reason string, n int) {
	if n > 0 {
		res.Skipped[reason] += n
		res.SkippedTotal += n
	}
}

// PaymentFilter selects payments of a month.
type PaymentFilter struct {
	Month  string
	Region string
	Status string // 待发放 / 已发放; "" both
	Scheme string
	Kind   string
	Offset int
	Limit  int
}
