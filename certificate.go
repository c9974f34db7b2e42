package shebao

import "time"

// Certificate kinds (证明): what a person may ask the office to certify.
const (
	// CertEnrollment is the 参保缴费证明: the person's schemes, the period
	// of each enrollment, its employer and the months paid.
	CertEnrollment = "enrollment"
	// CertRecord is the 个人权益记录单: contribution years per scheme,
	// individual account balances and the benefits in payment.
	CertRecord = "record"
)

// CertificateKinds names each kind in Chinese.
var CertificateKinds = map[string]string{
	CertEnrollment: "参保缴费证明",
	CertRecord:     "个人权益记录单",
}

// CertificateNeeds are the entities a role must read to issue each kind:
// a certificate states what they hold.
var CertificateNeeds = map[string][]string{
	CertEnrollment: {EntityPerson, EntityEnrollment, EntityContribution},
	CertRecord:     {EntityPerson, EntityEnrollment, EntityContribution, EntityBenefit},
}

// MayIssue reports whether the role may issue certificates of the kind
// (about the persons it may see).
func (r Role) MayIssue(kind string) bool {
	needs, ok := CertificateNeeds[kind]
	if !ok {
		return false
	}
	for _, e := range needs {
		if !r.May(Read(e)) {
			return false
		}
	}
	return true
}

// Certificate is one issued certificate: what it certifies, in sections of
// text and tables, with the verification code by which a third party asks
// the office whether it issued it (shebao certificate verify CODE, GET
// /api/v1/certificates/{code}).
type Certificate struct {
	Code     string    `json:"code"`
	Kind     string    `json:"kind"`
	KindName string    `json:"kind_name"`
	IDNo     string    `json:"id_no"`
	Name     string    `json:"name"`
	Region   string    `json:"region_code"`
	Office   string    `json:"office"`
	AsOf     string    `json:"as_of"` // the date the figures stand on
	IssuedAt time.Time `json:"issued_at"`
	IssuedBy string    `json:"issued_by"`
	// Summary is the one sentence the verification answers with.
	Summary  string        `json:"summary"`
	Sections []CertSection `json:"sections"`
	// Digest is the SHA-256 of the certificate's content (kind, person,
	// office, date and sections), kept with the code: the verification
	// states it, so that a printed copy can be compared line by line.
	Digest string `json:"digest"`
}

// CertSection is one part of a certificate: a title, an optional table
// and notes below it.
type CertSection struct {
	Title string     `json:"title"`
	Head  []string   `json:"head,omitempty"`
	Rows  [][]string `json:"rows,omitempty"`
	Notes []string   `json:"notes,omitempty"`
}

// CertificateCheck is what the verification of a code answers: the
// certificate's kind, the person with masked name and ID number, the
// office, when it was issued, its summary and digest.
type CertificateCheck struct {
	Code     string    `json:"code"`
	Kind     string    `json:"kind"`
	KindName string    `json:"kind_name"`
	Name     string    `json:"name"`
	IDNo     string    `json:"id_no"`
	Office   string    `json:"office"`
	AsOf     string    `json:"as_of"`
	IssuedAt time.Time `json:"issued_at"`
	Summary  string    `json:"summary"`
	Digest   string    `json:"digest"`
}

// PaidYear is a person's months paid in one scheme and year, and where
// they come from: bills paid in full (employers' and flexible payers'),
// or the yearly history (历年缴费记录) for a year without such bills.
type PaidYear struct {
	Year      int   `json:"year"`
	Months    int   `json:"months"`
	BaseTotal Money `json:"base_total"`
	FromBills bool  `json:"from_bills"`
}
