package shebao

import (
	"strings"
	"time"
)

// Lump-sum back payment of converted villages (城中村改造 村改居): the
// residents of a village converted into an urban community join the
// employee pension (110) by paying Years years of contributions at once,
// the cost split between the village collective, the person and the
// government (seed: 3.7 万元 a person, 2.7 万 of it from the collective and
// the individual; 北门村's shortfall over 1500 万元).

// Payers of a lump sum.
const (
	LumpPayerCollective = "collective" // 村集体
	LumpPayerIndividual = "individual" // 个人
	LumpPayerGovernment = "government" // 政府
)

// LumpPayerNames are the Chinese names of the payers.
var LumpPayerNames = map[string]string{LumpPayerCollective: "村集体", LumpPayerIndividual: "个人", LumpPayerGovernment: "政府"}

// ParseLumpPayer accepts a payer's code or Chinese name (集体, 村集体, 个人, 政府, 财政).
func ParseLumpPayer(s string) (string, error) {
	switch strings.TrimSpace(s) {
	case LumpPayerCollective, "集体", "村集体", "村集体经济组织":
		return LumpPayerCollective, nil
	case LumpPayerIndividual, "个人", "本人":
		return LumpPayerIndividual, nil
	case LumpPayerGovernment, "政府", "财政", "政府补贴":
		return LumpPayerGovernment, nil
	}
	return "", FieldErrorf("缴费方", "缴费方“%s”无效,应为村集体、个人或政府", s)
}

// VillageConversion is one converted village and the per-person cost of
// its lump sum, fixed from the policy in force on the conversion date.
type VillageConversion struct {
	Region      string `json:"region"`
	Name        string `json:"name,omitempty"`
	ConvertedOn string `json:"converted_on"`
	Years       int    `json:"years"`
	MonthlyBase Money  `json:"monthly_base"`
	// Cost per person = Collective + Individual + Government.
	Cost       Money `json:"cost"`
	Collective Money `json:"collective"`
	Individual Money `json:"individual"`
	Government Money `json:"government"`
	// Account is what the person's pension account is credited with once
	// the lump sum is paid in full.
	Account     Money     `json:"account"`
	Explanation string    `json:"explanation"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	CreatedBy   string    `json:"created_by,omitempty"`
}

// Due returns the per-person amount of a payer.
func (v *VillageConversion) Due(payer string) Money {
	switch payer {
	case LumpPayerCollective:
		return v.Collective
	case LumpPayerIndividual:
		return v.Individual
	case LumpPayerGovernment:
		return v.Government
	}
	return 0
}

// LumpSumPerson is one person who opted into a conversion, with what each
// party has paid.
type LumpSumPerson struct {
	IDNo           string `json:"id_no"`
	Name           string `json:"name,omitempty"`
	Region         string `json:"region"`
	Cost           Money  `json:"cost"`
	CollectivePaid Money  `json:"collective_paid"`
	IndividualPaid Money  `json:"individual_paid"`
	GovernmentPaid Money  `json:"government_paid"`
	Shortfall      Money  `json:"shortfall"`
	// SettledOn is the date the lump sum was paid in full ("" until then).
	SettledOn string `json:"settled_on,omitempty"`
}

// LumpSumPayment is money received for one person's lump sum from one
// payer, by receipt (票据号/回单号, the idempotency key).
type LumpSumPayment struct {
	ReceiptNo string `json:"receipt_no"`
	IDNo      string `json:"id_no"`
	Payer     string `json:"payer"`
	Amount    Money  `json:"amount"`
	PaidOn    string `json:"paid_on"`
	Source    string `json:"source,omitempty"`
}

// Validate checks the payment without the database.
func (p *LumpSumPayment) Validate() error {
	p.ReceiptNo = strings.TrimSpace(p.ReceiptNo)
	if p.ReceiptNo == "" || len(p.ReceiptNo) > 100 {
		return FieldErrorf("票据号", "票据号不能为空,且不超过100字节")
	}
	payer, err := ParseLumpPayer(p.Payer)
	if err != nil {
		return err
	}
	p.Payer = payer
	if p.Amount <= 0 || p.Amount > maxLineAmount {
		return FieldErrorf("金额", "金额必须大于零,实为%s元", p.Amount)
	}
	if d, err := time.Parse(DateLayout, p.PaidOn); err != nil || d.Year() < 1990 || d.Year() > 2100 {
		return FieldErrorf("到账日期", "到账日期“%s”无效,应为YYYY-MM-DD", p.PaidOn)
	}
	return nil
}

// ConversionReport is the state of one converted village's lump sums: what
// is due, what each party paid and the shortfall (缺口).
type ConversionReport struct {
	Region         string `json:"region"`
	Name           string `json:"name"`
	ConvertedOn    string `json:"converted_on"`
	Persons        int    `json:"persons"`
	Settled        int    `json:"settled"`
	CostPerPerson  Money  `json:"cost_per_person"`
	Due            Money  `json:"due"`
	CollectiveDue  Money  `json:"collective_due"`
	CollectivePaid Money  `json:"collective_paid"`
	IndividualDue  Money  `json:"individual_due"`
	IndividualPaid Money  `json:"individual_paid"`
	GovernmentDue  Money  `json:"government_due"`
	GovernmentPaid Money  `json:"government_paid"`
	Paid           Money  `json:"paid"`
	Shortfall      Money  `json:"shortfall"`
	Explanation    string `json:"explanation"`
}
