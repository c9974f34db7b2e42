package shebao

// 社会保险补贴 for employers that hire a 就业困难人员 and for 就业困难人员 in
// 灵活就业 (employ, issue #19 item 5; docs/DOMAIN.md §10; 就业补助资金管理办法
// 财社〔2017〕164号 第七条). A grant (认定) is applied for by an employment
// clerk and approved by a second one (subsidy.grant); each month the clerk
// runs the reimbursement, which turns the contributions actually paid in
// the grant's term into one-off benefits (kind insurance_subsidy) paid by
// that month's payroll.

// Kinds of 社会保险补贴.
const (
	// SubsidyEmployer: an employer that hired a certified 就业困难人员 gets
	// its own contributions of that person to 110, 310 and 210 back, for
	// the months whose bill is paid in full (第七条(一)).
	SubsidyEmployer = "单位"
	// SubsidyFlex: a 就业困难人员 in 灵活就业 gets a share
	// (labor.insurance_subsidy.flex_share) of the flexible contributions
	// of the months paid in full (第七条(二)).
	SubsidyFlex = "灵活就业"
)

// SubsidyKinds are the kinds a grant may have.
var SubsidyKinds = []string{SubsidyEmployer, SubsidyFlex}

// ApproveInsuranceSubsidy is the kind of the grant of a 社会保险补贴 to an
// employer or a flexible worker (employ, issue #19 item 5).
const ApproveInsuranceSubsidy = "subsidy.grant"

// BenefitInsuranceSubsidy is a month's 社会保险补贴 of a grant: one-off, paid
// by the payroll of the month it was reimbursed in, to the employer's or
// the person's account. Its source is "subsidy:<grant>:<contribution
// month>", so that a month is reimbursed once.
const BenefitInsuranceSubsidy = "insurance_subsidy"

// InsuranceSubsidyRequest asks for a grant.
type InsuranceSubsidyRequest struct {
	IDNo        string `json:"id_no"`
	Kind        string `json:"kind"`               // 单位 or 灵活就业
	Employer    string `json:"employer,omitempty"` // the employer's USCC (单位)
	Start       string `json:"start,omitempty"`    // YYYY-MM; "" the month of the hire (单位) or of the request (灵活就业)
	BankAccount string `json:"bank_account"`       // 收款账号: the employer's (单位) or the person's (灵活就业)
}

// InsuranceSubsidy is an approved grant: whose contributions of which
// months are reimbursed, at what share, to which account.
type InsuranceSubsidy struct {
	ID            string `json:"id"`
	IDNo          string `json:"id_no"`
	Name          string `json:"name,omitempty"`
	Region        string `json:"region"`
	Kind          string `json:"kind"`
	Employer      string `json:"employer,omitempty"` // USCC (单位)
	EmployerName  string `json:"employer_name,omitempty"`
	Certification string `json:"certification"` // the 就业困难人员 certification it rests on
	Start         string `json:"start"`         // YYYY-MM
	End           string `json:"end"`           // YYYY-MM, the term's last month
	Months        int    `json:"months"`
	// Share is the part of the contributions reimbursed: 100% of the
	// employer's own part (单位), labor.insurance_subsidy.flex_share of a
	// flexible worker's payment (灵活就业).
	Share       Rate   `json:"share"`
	BankAccount string `json:"bank_account"`
	Explain     string `json:"explain"`
	CreatedBy   string `json:"created_by,omitempty"`
	ApprovedBy  string `json:"approved_by,omitempty"`
}

// SubsidyMonth is one contribution month of a grant as the store reads it:
// the payer's bill of the month (Due, Paid), and the contributions of the
// person that a reimbursement refunds — the employer's part of 110, 310
// and 210 (单位) or the flexible worker's whole bill (灵活就业) — by scheme.
type SubsidyMonth struct {
	Month    string           `json:"month"`
	Billed   bool             `json:"billed"` // a bill of the payer for the month exists
	Due      Money            `json:"due"`    // the bill's total
	Paid     Money            `json:"paid"`   // what of it is paid
	Parts    map[string]Money `json:"parts"`  // the person's contributions reimbursed, by scheme
	Refunded bool             `json:"refunded,omitempty"`
}

// SubsidyReimbursement is the outcome of a month's reimbursement run.
type SubsidyReimbursement struct {
	Month   string                `json:"month"`
	Lines   []SubsidyReimbursedLn `json:"lines"`
	Total   Money                 `json:"total"`
	Created int                   `json:"created"`
	Waiting []string              `json:"waiting,omitempty"` // months not (yet) reimbursed, and why
}

// SubsidyReimbursedLn is one contribution month reimbursed.
type SubsidyReimbursedLn struct {
	Grant   string `json:"grant"`
	IDNo    string `json:"id_no"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Month   string `json:"month"` // the contribution month
	Amount  Money  `json:"amount"`
	Explain string `json:"explain"`
}
