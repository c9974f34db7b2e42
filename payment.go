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

// Payment is money an employer paid into the collection account (实缴),
// as the bank's receipt shows it. ReceiptNo (回单号/流水号) identifies the
// payment: recording the same receipt again changes nothing.
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
}

// Validate checks the payment without the database: a receipt number, a
// positive amount and a valid date. (Refunds and corrections are not
// recorded through this path yet.)
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
