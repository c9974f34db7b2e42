package shebao

// Statistics that travel upward (五级联网, issue #16 item 5): a district
// sends its statistics counters for a month as one signed file
// (report.Export); a city or the autonomous region keeps each file it
// accepts as a submission and reads its counters together with its own
// (report.Import). The types here are what the file carries and what the
// store keeps of it.

// StatsBase is a counter's sum of every change before a block's year: the
// value of a stock on the 31 December before it (stats_years rows).
type StatsBase struct {
	Region string `json:"region"`
	Key    string `json:"key"`
	N      int64  `json:"n"`
}

// StatsMonth is one stats_months row: a counter's changes in a month, in
// total (N) and by day.
type StatsMonth struct {
	Region string    `json:"region"`
	Key    string    `json:"key"`
	Month  string    `json:"month"` // YYYY-MM
	N      int64     `json:"n"`
	Days   [31]int64 `json:"days"`
}

// StatsBlock is the counters of a region's subtree for the days from 1
// January of Year to the last day of To: the sums before the year (Base)
// and every month's changes (Months). Prefix "" is every counter; a block
// with a prefix holds only the counters whose key starts with it (the
// births sixteen years before, which the count of adults needs).
type StatsBlock struct {
	Year   int          `json:"year"`
	Prefix string       `json:"prefix"`
	To     string       `json:"to"` // YYYY-MM
	Base   []StatsBase  `json:"base"`
	Months []StatsMonth `json:"months"`
}

// StatsSubmission is one file of a district's statistics accepted by this
// instance: whose (Region), for which month, who sent it and when
// (Sender, Created: the file's own), who received it and when, the
// SHA-256 of its signed content (Digest, its identity), the key that
// signed it, and, once the month is submitted again, the submission that
// replaced it.
type StatsSubmission struct {
	Digest         string `json:"digest"`
	Region         string `json:"region"`
	RegionName     string `json:"region_name"`
	Month          string `json:"month"`
	Sender         string `json:"sender"`
	Created        string `json:"created"`
	KeyFingerprint string `json:"key_fingerprint"`
	ReceivedAt     string `json:"received_at"`
	ReceivedBy     string `json:"received_by"`
	SupersededBy   string `json:"superseded_by,omitempty"`
	SupersededAt   string `json:"superseded_at,omitempty"`
	Rows           int    `json:"rows"`
	// What the file carries besides the counters (format 2): its format,
	// the day of its figures, the funds, land batches and employers in it,
	// and the submissions of the districts a city forwards (region:month);
	// Lacks names what a file of the old format does not carry.
	Format      string   `json:"format"`
	FiguresAsOf string   `json:"figures_as_of,omitempty"`
	Funds       int      `json:"funds"`
	LandBatches int      `json:"land_batches"`
	Employers   int      `json:"employers"`
	Includes    []string `json:"includes"`
	Lacks       []string `json:"lacks,omitempty"`
}

// TrustedKey is the public key registered for a region's submissions
// (Ed25519, base64 of its 32 bytes), with its fingerprint (the first 16
// hex digits of its SHA-256). A key replaced by another keeps its row
// with ReplacedAt.
type TrustedKey struct {
	Region       string `json:"region"`
	Fingerprint  string `json:"fingerprint"`
	PublicKey    string `json:"public_key"`
	RegisteredAt string `json:"registered_at"`
	RegisteredBy string `json:"registered_by"`
	ReplacedAt   string `json:"replaced_at,omitempty"`
}

// ImportedBlock is a block of a submission in force: the district it
// counts, the month submitted, and the block's days and keys.
type ImportedBlock struct {
	Digest   string `json:"digest"`
	Block    int    `json:"block"`
	District string `json:"district"`
	Month    string `json:"month"`
	Year     int    `json:"year"`
	Prefix   string `json:"prefix"`
	To       string `json:"to"`
}

// ImportedRow is one counter row of an imported block, read for a region
// asked for: Month "" is the block's base (the sum before its year).
type ImportedRow struct {
	Digest string
	Block  int
	Region string
	Key    string
	Month  string
	N      int64
	Days   [31]int64
}

// StatsFigures are the figures of a submission that are not counters
// (file format 2, issue #16 item 5): the funds' ledger, the
// land-expropriated farmers' batches and the registered employers, as of
// the submitted month's last day (AsOf). Every entry names the region it
// belongs to — a fund the 统筹 region whose ledger it is, a land batch its
// village, an employer count the region the employers are registered at
// (not rolled up) — so that an importing instance sums the entries lying
// within any region it is asked for, and a city forwards its districts'
// entries unchanged beside its own. Includes lists the submissions a city
// forwards in its file (its districts' months), for the record. LumpSums
// (format 3) are the 村改居 lump sums received by month.
type StatsFigures struct {
	AsOf      string           `json:"as_of"`
	Funds     []StatsFund      `json:"funds"`
	Land      []StatsLandBatch `json:"land"`
	Employers []StatsEmployers `json:"employers"`
	Includes  []StatsIncluded  `json:"includes"`
	// LumpSums: omitted when empty, so that a file of format 2 (which has
	// no such member) is signed over the same bytes it was.
	LumpSums []StatsLumpSum `json:"lump_sums,omitempty"`
}

// StatsLumpSum is what one party paid in a month towards the lump sums of
// a converted village (村改居, shebao.LumpPayerNames), net of refunds:
// the subsidies report's 村改居 lines over whole months. Region is the
// village.
type StatsLumpSum struct {
	Region string `json:"region"`
	Month  string `json:"month"` // YYYY-MM
	Party  string `json:"party"`
	Amount Money  `json:"amount"`
}

// StatsFund is one fund's ledger figures on a day (the sums FundStatus is
// computed from; Balance, the months and the explanation are computed
// again by the receiver from the sums).
type StatsFund struct {
	Region             string `json:"region"`
	Fund               string `json:"fund"`
	Name               string `json:"name"`
	Entries            int64  `json:"entries"`
	Assets             Money  `json:"assets"`
	Liabilities        Money  `json:"liabilities"`
	IndividualAccounts Money  `json:"individual_accounts"`
	Income12           Money  `json:"income_12m"`
	Expenditure12      Money  `json:"expenditure_12m"`
}

// Status returns the fund's status on asOf computed from the figures.
func (f StatsFund) Status(asOf, from string) FundStatus {
	s := FundStatus{Fund: f.Fund, Name: f.Name, AsOf: asOf, From: from}
	s.AddFigures(f)
	s.Compute()
	return s
}

// AddFigures adds a fund's submitted sums to the status (Compute
// derives the rest afterwards).
func (s *FundStatus) AddFigures(f StatsFund) {
	s.Entries += f.Entries
	s.Assets += f.Assets
	s.Liabilities += f.Liabilities
	s.IndividualAccounts += f.IndividualAccounts
	s.Income12 += f.Income12
	s.Expenditure12 += f.Expenditure12
}

// FundFigures are the sums of a fund's status for a submission.
func FundFigures(region string, s FundStatus) StatsFund {
	return StatsFund{Region: region, Fund: s.Fund, Name: s.Name, Entries: s.Entries, Assets: s.Assets, Liabilities: s.Liabilities,
		IndividualAccounts: s.IndividualAccounts, Income12: s.Income12, Expenditure12: s.Expenditure12}
}

// StatsLandBatch is a land batch's line of the land report with the sum
// of its persons' lags (the average is recomputed from it when rolled up).
type StatsLandBatch struct {
	LandBatchReport
	LagSum int `json:"lag_sum_days"`
	// Months is the funding received for the batch in each month of the
	// submitted year up to its month, from governments and collectives
	// (the subsidies report's flows over whole months).
	Months []StatsLandMonth `json:"months"`
}

// StatsLandMonth is the land-expropriation funding received in a month.
type StatsLandMonth struct {
	Month      string `json:"month"` // YYYY-MM
	Government Money  `json:"government"`
	Collective Money  `json:"collective"`
}

// StatsEmployers is the count of employers registered at a region code
// itself (not below it).
type StatsEmployers struct {
	Region string `json:"region"`
	N      int    `json:"n"`
}

// StatsIncluded is a submission a city forwards in its own: whose, which
// month, its digest and sender.
type StatsIncluded struct {
	Region string `json:"region"`
	Month  string `json:"month"`
	Digest string `json:"digest"`
	Sender string `json:"sender"`
}

// ImportedFigures are the figures of a submission in force: its region
// and month.
type ImportedFigures struct {
	Digest   string
	District string
	Month    string
	StatsFigures
}
