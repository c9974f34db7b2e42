package shebao

// Duplicate candidate statuses.
const (
	DupPending   = "待复核"
	DupMerged    = "已合并"
	DupDismissed = "已驳回"
)

// DuplicateCandidate is a pair of registrations that may be one person.
type DuplicateCandidate struct {
	A       *Person `json:"a"`
	B       *Person `json:"b"`
	Reason  string  `json:"reason"`
	Score   int     `json:"score"` // 0..100, higher is likelier
	Status  string  `json:"status"`
	FoundAt string  `json:"found_at"`
	Note    string  `json:"note,omitempty"`
}

// IDDistance compares two 18-character ID numbers as a clerk's typing
// errors would differ: the number of differing positions, with one swap of
// adjacent characters counted as a single error. It returns a large number
// for numbers of different length.
func IDDistance(a, b string) int {
	if len(a) != len(b) {
		return 99
	}
	var diff []int
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			diff = append(diff, i)
		}
	}
	if len(diff) == 2 && diff[1] == diff[0]+1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]] {
		return 1
	}
	return len(diff)
}

// LikelyDuplicate scores a pair of persons with the same name: the same
// birth date in the same village, or ID numbers one or two keystrokes apart
// (the check character aside, since a mistyped digit also changes it).
// It returns a Chinese reason and a score, or score 0 when the pair is not a
// likely duplicate.
func LikelyDuplicate(a, b *Person) (string, int) {
	if a.Name != b.Name || a.IDNo == b.IDNo {
		return "", 0
	}
	d := IDDistance(a.IDNo[:17], b.IDNo[:17])
	switch {
	case d == 1 && a.Region == b.Region:
		return "同村同名,身份证号仅一位不同或相邻两位颠倒", 95
	case d == 1:
		return "同名,身份证号仅一位不同或相邻两位颠倒", 85
	case a.Birth == b.Birth && a.Region == b.Region && a.Sex == b.Sex:
		return "同村同名同性别同出生日期", 80
	case d == 2 && a.Region == b.Region:
		return "同村同名,身份证号两位不同", 70
	case a.Birth == b.Birth && a.Region == b.Region:
		return "同村同名同出生日期(性别不同)", 50
	}
	return "", 0
}

// ScanResult is what a 重复参保 scan found.
type ScanResult struct {
	Pairs   int `json:"pairs"`   // candidate pairs scored as likely duplicates
	New     int `json:"new"`     // of which not seen before
	Pending int `json:"pending"` // waiting for review in the scope
	// DeceasedOpen counts deceased persons who still hold an open
	// enrollment (死亡未停保).
	DeceasedOpen int `json:"deceased_open"`
}

// Outside lists matched against the registry.
const (
	ListInsured = "insured" // another district's insured persons
	ListDibao   = "dibao"   // civil affairs' 低保 list
	ListDeath   = "death"   // the death register
)

// ListNames are the Chinese names of the outside lists.
var ListNames = map[string]string{ListInsured: "外地参保名单", ListDibao: "民政低保名单", ListDeath: "死亡登记名单"}

// ListEntry is one row of an outside list.
type ListEntry struct {
	Row       int
	IDNo      string // canonical
	Name      string
	DeathDate string // death register only
}

// Match is one list entry found in the registry, with what to do about it.
type Match struct {
	Row         int      `json:"row"`
	IDNo        string   `json:"id_no"`
	ListName    string   `json:"list_name"`
	Name        string   `json:"name"`
	Region      string   `json:"region"`
	RegionName  string   `json:"region_name"`
	NameMatches bool     `json:"name_matches"`
	Open        []string `json:"open_enrollments"`
	Suggestion  string   `json:"suggestion"`
	Applied     string   `json:"applied,omitempty"`
}

// OrderedPair returns two ID numbers in the order the review queue keys a
// pair by, so that (a, b) and (b, a) are one pair.
func OrderedPair(a, b string) (string, string) {
	if a < b {
		return a, b
	}
	return b, a
}

// QueuedPair is an entry of the review queue: the pair (A < B), the region
// it was found in and its status.
type QueuedPair struct {
	A, B, Region, Status string
}
