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
