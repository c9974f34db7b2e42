package shebao

import (
	"strings"
	"time"
)

// Payment kinds. Payments are never edited: a refund or a correction is a
// new payment of its own kind, with a negative amount, referring to the
// original (Ref).
const (
	PaymentKindPayment    = "payment"    // 缴款到账
	PaymentKindRefund     = "refund"     // 退款
	PaymentKindCorrection = "correction" // 更正
)

// Payer kinds: who pays money in (one payer model). Every payer pays
// through the same bills, payments, allocations, late fees, 暂收款, refunds
// and corrections; a payer is its kind and its key.
const (
	PayerEmployer = "employer" // 用人单位, keyed by 统一社会信用代码
	PayerPerson   = "person"   // 个人 (灵活就业人员), keyed by 身份证号
	// A resident's annual contributions (城乡居民 170, 390), keyed by the
	// 身份证号: one bill per scheme and year (period "YYYY:SSS"), paid by
	// its receipt for every party at once (collect/residents.go).
	PayerResident = "resident"
	// A lump sum of a converted village (村改居), keyed by the 身份证号: one
	// bill (period = the conversion date), paid by each party — the
	// collective, the person, the government — by receipts of its own
	// (collect/lumpsum.go).
	PayerLumpSum = "lumpsum"
)

// Payer is who pays: its kind and key, with the name and the region
// (jurisdiction) the store found.
type Payer struct {
	Kind   string `json:"kind"`
	Key    string `json:"key"`
	Name   string `json:"name,omitempty"`
	Region string `json:"region,omitempty"`
}

// Payment is money a payer paid into the collection account (实缴), as
// the bank's receipt shows it, or a refund or correction of such money.
// ReceiptNo (回单号/流水号) identifies the payment: recording the same
// receipt again changes nothing.
type Payment struct {
	ID        string `json:"id,omitempty"`
	ReceiptNo string `json:"receipt_no"`
	Kind      string `json:"kind"`
	Ref       string `json:"ref,omitempty"`
	Employer  string `json:"employer"`
	Amount    Money  `json:"amount"`
	// PaidOn is the date the money arrived (到账日期), YYYY-MM-DD.
	PaidOn    string    `json:"paid_on"`
	Source    string    `json:"source,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	CreatedBy string    `json:"created_by,omitempty"`
	// PayerKind and Payer name the payer (for an employer Payer is
	// Employer); Reason is a refund's or a correction's reason. They are
	// not in the JSON of a payment, which is an employer's as before.
	PayerKind string `json:"-"`
	Payer     string `json:"-"`
	Reason    string `json:"-"`
	// Party is who paid a lump sum's receipt (LumpPayerCollective …); ""
	// for every other payer, who pays for itself.
	Party string `json:"-"`
}

// Validate checks a payment received without the database: a receipt
// number, a positive amount and a valid date. (Refunds and corrections
// are recorded after an approval, not through this check.)
func (p Payment) Validate() error {
	if s := strings.TrimSpace(p.ReceiptNo); s == "" || len(s) > 100 {
		return FieldErrorf("回单号", "回单号不能为空,且不超过100字节")
	}
	if p.Kind != "" && p.Kind != PaymentKindPayment {
		return FieldErrorf("类型", "暂只能登记缴款到账,退款和更正须另行办理")
	}
	if p.Amount <= 0 {
		return FieldErrorf("金额", "缴款金额必须大于零,实为%s元", p.Amount)
	}
	if p.Amount > maxLineAmount {
		return FieldErrorf("金额", "缴款金额%s元超出范围", p.Amount)
	}
	if d, err := time.Parse(DateLayout, p.PaidOn); err != nil || d.Year() < 1990 || d.Year() > 2100 {
		return FieldErrorf("到账日期", "到账日期“%s”无效,应为YYYY-MM-DD", p.PaidOn)
	}
	return nil
}

// Allocation is the part of a payment that paid one bill (oldest first).
type Allocation struct {
	Period Period `json:"period"`
	Amount Money  `json:"amount"`
	// LateDays is how many days after the bill's due date the money
	// arrived (0: on time).
	LateDays int `json:"late_fee_days"`
	// ByScheme is the amount split by scheme (fund).
	ByScheme map[string]Money `json:"by_scheme,omitempty"`
	// Settled: the bill is paid in full by this payment.
	Settled bool `json:"settled"`
}

// Arrear is the unpaid part of one bill on a date (欠费) and its late fee
// (滞纳金 = unpaid × daily rate × days since the due date, 社会保险法
// 第八十六条).
type Arrear struct {
	Employer  string `json:"employer"`
	Period    Period `json:"period"`
	DueDate   string `json:"due_date"`
	Total     Money  `json:"total"`
	Paid      Money  `json:"paid"`
	Unpaid    Money  `json:"unpaid"`
	Days      int    `json:"days"`
	DailyRate Rate   `json:"daily_rate_ppm"`
	LateFee   Money  `json:"late_fee"`
	Explain   string `json:"explain"`
}

// DaysBetween returns the whole days from one date (YYYY-MM-DD) to
// another, 0 when to is not after from or either is invalid.
func DaysBetween(from, to string) int {
	a, err1 := time.Parse(DateLayout, from)
	b, err2 := time.Parse(DateLayout, to)
	if err1 != nil || err2 != nil || !b.After(a) {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}

// LateFee is one late fee assessed (or cancelled) for one bill.
type LateFee struct {
	Period    Period `json:"period"`
	ReceiptNo string `json:"receipt_no"` // the payment whose late allocation assessed it (or the correction)
	Principal Money  `json:"principal"`
	Days      int    `json:"days"`
	DailyRate Rate   `json:"daily_rate_ppm"`
	Amount    Money  `json:"amount"`
	Date      string `json:"date"`
	Explain   string `json:"explain"`
}

// LateFeeStatus is an employer's late fees assessed, paid and outstanding.
type LateFeeStatus struct {
	Employer    string    `json:"employer"`
	Fees        []LateFee `json:"fees"`
	Assessed    Money     `json:"assessed"`
	Paid        Money     `json:"paid"`
	Outstanding Money     `json:"outstanding"`
}

// BillLateFee is a bill with its late fee (the API's bill): LateFee is what
// the late arrival of money for the bill assessed (net of cancellations),
// LateFeePaid what was paid of it, LateFeeOutstanding the rest.
type BillLateFee struct {
	*Bill
	LateFee            Money `json:"late_fee"`
	LateFeePaid        Money `json:"late_fee_paid"`
	LateFeeOutstanding Money `json:"late_fee_outstanding"`
}

// PaymentResult is what recording a payment did.
type PaymentResult struct {
	Payment     Payment      `json:"payment"`
	Allocations []Allocation `json:"allocations"`
	// Allocated is the sum of Allocations; Credit what was left over
	// (暂收款).
	Allocated Money `json:"allocated"`
	Credit    Money `json:"credit"`
	// LateFeePaid is what the payment paid of late fees assessed earlier,
	// after its bills (collect/latefees.go).
	LateFeePaid Money `json:"late_fee_paid"`
	// Repeat: the receipt was recorded before; nothing changed and this is
	// the earlier result.
	Repeat bool `json:"repeat"`
}

// RefundRequest asks to pay money back to the employer of a payment.
type RefundRequest struct {
	// Receipt is the refund's own receipt number (退费凭证号/银行回单号):
	// the same request again does nothing twice.
	Receipt string `json:"receipt"`
	// Ref is the original payment's receipt number.
	Ref    string `json:"ref"`
	Amount Money  `json:"amount"`
	// Date is the day the money leaves the bank (退费日期).
	Date string `json:"date"`
	// Reason is required when the refund exceeds the payment's 暂收款 and
	// so reverses money allocated to bills (多征).
	Reason string `json:"reason,omitempty"`
}

// CorrectionRequest asks to reverse a payment in full (更正/冲正).
type CorrectionRequest struct {
	Receipt string `json:"receipt"` // the correction's own voucher number (冲正凭证号)
	Ref     string `json:"ref"`     // the original payment's receipt number
	Date    string `json:"date"`
	Reason  string `json:"reason"`
}

// ReversalResult is what a refund or a correction did.
type ReversalResult struct {
	Payment  Payment `json:"payment"`
	Original Payment `json:"original"`
	// Reversed are the allocations reversed (negative amounts), newest
	// period first; Unsettled the bills they made unpaid again.
	Reversed  []Allocation `json:"reversed"`
	Unsettled []Period     `json:"unsettled"`
	// Suspense is the 暂收款 paid back or reversed.
	Suspense Money `json:"suspense"`
	// LateFeesPaid is what the corrected payment had paid of late fees
	// (owed again); LateFeesCancelled the late fees its own late
	// allocations had assessed.
	LateFeesPaid      Money  `json:"late_fees_paid_reversed"`
	LateFeesCancelled Money  `json:"late_fees_cancelled"`
	Repeat            bool   `json:"repeat"`
	Summary           string `json:"summary"`
}

func NormalizeReversal(receipt, ref, date *string) error {
	*receipt, *ref, *date = strings.TrimSpace(*receipt), strings.TrimSpace(*ref), strings.TrimSpace(*date)
	if *receipt == "" || len(*receipt) > 100 {
		return FieldErrorf("receipt", "凭证号(回单号)不能为空,且不超过100字节")
	}
	if *ref == "" {
		return FieldErrorf("ref", "须指明原缴款的回单号")
	}
	if *receipt == *ref {
		return FieldErrorf("receipt", "凭证号不能与原缴款的回单号相同")
	}
	if _, err := ParseDate("date", *date); err != nil {
		return err
	}
	return nil
}

func (r *RefundRequest) Normalize() error {
	if err := NormalizeReversal(&r.Receipt, &r.Ref, &r.Date); err != nil {
		return err
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Amount <= 0 {
		return FieldErrorf("amount", "退费金额必须大于零,实为%s元", r.Amount)
	}
	return nil
}

func (r *CorrectionRequest) Normalize() error {
	if err := NormalizeReversal(&r.Receipt, &r.Ref, &r.Date); err != nil {
		return err
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Reason == "" {
		return FieldErrorf("reason", "更正须说明原因(如错记单位、金额有误)")
	}
	return nil
}

func (r *RefundRequest) Voucher() string { return r.Receipt }

func (r *CorrectionRequest) Voucher() string { return r.Receipt }

func (r *FlexRefundRequest) Voucher() string { return r.Receipt }

func (r *FlexCorrectionRequest) Voucher() string { return r.Receipt }

// CreditHeld is one payment's 暂收款.
type CreditHeld struct {
	ReceiptNo string `json:"receipt_no"`
	PaidOn    string `json:"paid_on"`
	Amount    Money  `json:"amount"` // the payment's amount
	Credit    Money  `json:"credit"` // what it still holds as 暂收款
}

// CreditResult is what applying 暂收款 to bills did.
type CreditResult struct {
	Employer string `json:"employer"`
	// Applied are the new allocations, each with the receipt of the
	// payment whose 暂收款 paid it.
	Applied []AppliedCredit `json:"applied"`
	Total   Money           `json:"total"`
	// LateFees are the late fees paid from 暂收款 after the bills
	// (latefees.go rule 3), LateFeeTotal their sum.
	LateFees     []AppliedLateFee `json:"late_fees"`
	LateFeeTotal Money            `json:"late_fee_total"`
	// Left is the 暂收款 still held.
	Left Money `json:"left"`
}

// AppliedCredit is 暂收款 of one payment applied to one bill.
type AppliedCredit struct {
	ReceiptNo string `json:"receipt_no"`
	Allocation
}

// AppliedLateFee is 暂收款 of one payment that paid outstanding late fees.
type AppliedLateFee struct {
	ReceiptNo string           `json:"receipt_no"`
	Amount    Money            `json:"amount"`
	ByScheme  map[string]Money `json:"by_scheme"`
}

// OpenBill is a bill not paid in full, as allocation sees it.
type OpenBill struct {
	Period  Period `json:"period"`
	DueDate string `json:"due_date"`
	Total   Money  `json:"total"`
	Paid    Money  `json:"paid"`
}

// PaymentTotals is one payments row of a payer with the sums of the rows
// that name it: its allocations and the late fees it paid (or reversed).
type PaymentTotals struct {
	Payment
	Allocated Money `json:"allocated"`
	FeesPaid  Money `json:"fees_paid"`
}

// Settled flags of an allocation row: the allocation paid the bill in
// full, or the reversal made a bill that was paid in full unpaid again
// (its individual-account credits withdrawn; the number of such rows of a
// bill names its next crediting).
const (
	AllocationSettled   = 1
	AllocationUnsettled = -1
)

// AllocationRow is an allocation to write: the payment whose money it is,
// the bill, the seq (0 when the payment was recorded or reversed; 1, 2 …
// for later applications of its 暂收款), the amount (negative for a
// reversal) and its split by scheme.
type AllocationRow struct {
	PaymentID string
	Period    Period
	Seq       int
	Amount    Money
	LateDays  int
	Settled   int // AllocationSettled, AllocationUnsettled or 0
	ByScheme  map[string]Money
}

// LateFeeRow is a late fee assessed (positive) or cancelled (negative) for
// one scheme of one bill, under the payment whose allocation was late (or
// the correction that cancels it).
type LateFeeRow struct {
	PaymentID  string
	Period     Period
	Seq        int
	Scheme     string
	Principal  Money
	Days       int
	DailyRate  Rate
	Amount     Money
	AssessedOn string
	Explain    string
}

// FeeCollection is late fees of one scheme paid (positive) or reversed
// (negative) by a payment: seq 0 when the payment was recorded or
// reversed, 1, 2 … later collections from its 暂收款.
type FeeCollection struct {
	PaymentID string
	Seq       int
	Scheme    string
	Amount    Money
	PaidOn    string
}

// ReceiptReversalRequest asks to refund (退费) or correct (冲正) a resident's
// annual contribution receipt or a lump-sum receipt of a converted
// village. Such a receipt pays fixed dues and holds no 暂收款, so either
// reverses the whole receipt: a refund pays the money back (the year was
// not due: a duplicate enrollment, a death before the year), a correction
// undoes a receipt recorded wrongly (wrong person, tier or party) so that
// the right one can be recorded. Both need a reason.
type ReceiptReversalRequest struct {
	Receipt string `json:"receipt"` // the refund's or correction's own voucher number
	Ref     string `json:"ref"`     // the original receipt number (票据号)
	Date    string `json:"date"`
	Reason  string `json:"reason"`
}

// Normalize checks and trims the request.
func (r *ReceiptReversalRequest) Normalize() error {
	if err := NormalizeReversal(&r.Receipt, &r.Ref, &r.Date); err != nil {
		return err
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Reason == "" {
		return FieldErrorf("reason", "退费或更正须说明原因(如重复参保、错记人员或档次)")
	}
	return nil
}

func (r *ReceiptReversalRequest) Voucher() string { return r.Receipt }
