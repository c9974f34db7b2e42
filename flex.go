package shebao

import "strings"

// FlexBase is a flexible-employment person's chosen base for a range of
// months (To "" = open).
type FlexBase struct {
	IDNo string `json:"id_no"`
	From Period `json:"from"`
	To   Period `json:"to,omitempty"`
	Base Money  `json:"base"`
}

// FlexBaseInForce is a registered base covering a month, with the
// person's region (whose parameters bill it).
type FlexBaseInForce struct {
	IDNo   string `json:"id_no"`
	Region string `json:"region"`
	Base   Money  `json:"base"`
}

// FlexBillRow is a flexible payer's bill of one month to write: the bill
// (payer, month, region, due date, total) with its one line, the employee
// pension at the chosen base.
type FlexBillRow struct {
	IDNo        string
	Period      Period
	Scheme      string
	Region      string
	Base        Money
	Rate        Rate
	Amount      Money
	Account     Money
	DueDate     string
	Explanation string
}

// BasisFlex is the basis of a flexible payer's bill (bills.basis).
const BasisFlex = "灵活就业人员自选缴费基数"

// FlexPaymentResult is what recording a personal payment did.
type FlexPaymentResult struct {
	ReceiptNo   string       `json:"receipt_no"`
	IDNo        string       `json:"id_no"`
	Amount      Money        `json:"amount"`
	PaidOn      string       `json:"paid_on"`
	Allocations []Allocation `json:"allocations"`
	// LateFee is the late fee this payment's late allocations assessed,
	// LateFeePaid what it paid of the person's late fees after the bills
	// (collect/latefees.go).
	LateFee     Money `json:"late_fee"`
	LateFeePaid Money `json:"late_fee_paid"`
	Credit      Money `json:"credit"` // left over: 暂收款
	Repeat      bool  `json:"repeat"`
}

// FlexCorrectionRequest asks to reverse a personal payment in full.
type FlexCorrectionRequest struct {
	Receipt string `json:"receipt"` // the correction's own voucher number (冲正凭证号)
	Ref     string `json:"ref"`     // the personal payment's receipt number
	Date    string `json:"date"`
	Reason  string `json:"reason"`
}

func (r *FlexCorrectionRequest) Normalize() error {
	if err := NormalizeReversal(&r.Receipt, &r.Ref, &r.Date); err != nil {
		return err
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Reason == "" {
		return FieldErrorf("reason", "更正须说明原因(如错记人员、金额有误)")
	}
	return nil
}

// FlexCorrectionResult is what a correction of a personal payment did.
type FlexCorrectionResult struct {
	Receipt string `json:"receipt"`
	Ref     string `json:"ref"`
	Amount  Money  `json:"amount"`
	PaidOn  string `json:"paid_on"`
	// Reversed are the allocations reversed; Unsettled the months made
	// unpaid again (their account credit withdrawn).
	Reversed  []Allocation `json:"reversed"`
	Unsettled []Period     `json:"unsettled"`
	Suspense  Money        `json:"suspense"`
	// LateFeesPaid is what the payment had paid of late fees (owed again);
	// LateFeesCancelled the late fees its own late allocations assessed.
	LateFeesPaid      Money `json:"late_fees_paid_reversed"`
	LateFeesCancelled Money `json:"late_fees_cancelled"`
	// Refunded is what refunds had already paid back of its 暂收款 (not
	// reversed again).
	Refunded Money  `json:"refunded"`
	Repeat   bool   `json:"repeat"`
	Summary  string `json:"summary"`
}

// FlexRefundRequest asks to pay back (退费) part or all of the 暂收款 a
// personal payment holds.
type FlexRefundRequest struct {
	// Receipt is the refund's own voucher number (退费凭证号): the same
	// request again does nothing twice.
	Receipt string `json:"receipt"`
	// Ref is the personal payment's receipt number.
	Ref    string `json:"ref"`
	Amount Money  `json:"amount"`
	// Date is the day the money leaves the bank (退费日期).
	Date   string `json:"date"`
	Reason string `json:"reason,omitempty"`
}

func (r *FlexRefundRequest) Normalize() error {
	if err := NormalizeReversal(&r.Receipt, &r.Ref, &r.Date); err != nil {
		return err
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Amount <= 0 {
		return FieldErrorf("amount", "退费金额必须大于零,实为%s元", r.Amount)
	}
	return nil
}

// FlexRefundResult is what a refund of a personal payment's 暂收款 did.
type FlexRefundResult struct {
	Receipt string `json:"receipt"`
	Ref     string `json:"ref"`
	Name    string `json:"name"`
	Amount  Money  `json:"amount"`
	Date    string `json:"date"`
	// Held is the payment's 暂收款 before the refund, Left after it.
	Held    Money  `json:"held"`
	Left    Money  `json:"left"`
	Repeat  bool   `json:"repeat"`
	Summary string `json:"summary"`
}
