package shebao

import (
	"context"
	"time"
)

// Hukou natures (户籍性质). Since the 2014 hukou reform many places register
// everyone as 居民; older records keep 农业 / 非农业, which matter for the
// residents' schemes and for land-expropriated farmers.
const (
	HukouAgricultural    = "农业"
	HukouNonAgricultural = "非农业"
	HukouResident        = "居民"
)

// HukouNatures lists the accepted hukou natures in display order.
var HukouNatures = []string{HukouAgricultural, HukouNonAgricultural, HukouResident}

// Life status of a person.
const (
	StatusAlive    = "正常"
	StatusDeceased = "死亡"
)

// Person flags: facts that select people for schemes and subsidies.
const (
	FlagLandLost    = "被征地"  // land-expropriated farmer
	FlagDibao       = "低保"   // minimum living allowance (civil affairs)
	FlagWubao       = "五保"   // rural five guarantees
	FlagHardship    = "困难人员" // subsidised contributions (社会保险费财政补助)
	FlagDisabled    = "残疾"
	FlagZhiqing     = "老知青" // 困难老知青生活补助
	FlagVillageConv = "村改居" // resident of a converted village
)

// KnownFlags are the flags the registry accepts.
var KnownFlags = []string{FlagLandLost, FlagDibao, FlagWubao, FlagHardship, FlagDisabled, FlagZhiqing, FlagVillageConv}

// Person is one natural person, keyed by the 18-character 公民身份号码.
// Birth date and sex are derived from the number and never entered twice.
type Person struct {
	IDNo      string    `json:"id_no"`
	Name      string    `json:"name"`
	Sex       string    `json:"sex"`   // 男 / 女, from the number
	Birth     string    `json:"birth"` // YYYY-MM-DD, from the number
	Hukou     string    `json:"hukou"` // 农业 / 非农业 / 居民
	Region    string    `json:"region"`
	Phone     string    `json:"phone,omitempty"`
	Status    string    `json:"status"`               // 正常 / 死亡
	DeathDate string    `json:"death_date,omitempty"` // YYYY-MM-DD when deceased
	Flags     []string  `json:"flags"`
	Version   int       `json:"version"`
	Source    string    `json:"source,omitempty"` // what last wrote the record: "api", "import:<run>#<row>"
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// RegionName is filled on reads for display.
	RegionName string `json:"region_name,omitempty"`
	// Enrollments, on the one view of a person (FindPerson), lists every
	// enrollment across all schemes with its history.
	Enrollments []*Enrollment `json:"enrollments,omitempty"`
}

// PersonFilter selects persons. Zero fields do not filter.
type PersonFilter struct {
	IDNo string // any accepted form; normalised before the query
	// IDTail is the last 4 to 6 characters of the ID number, as a clerk
	// reads them off a card or hears them on the phone.
	IDTail string
	Name   string // prefix of the name
	// NamePart is any part of the name (包含): slower than a prefix on a
	// large jurisdiction, as no index serves it.
	NamePart string
	// Household is a 户号: the members of that household.
	Household string
	Region    string // jurisdiction prefix (12-digit code or its significant prefix)
	Flag      string
	Offset    int
	Limit     int
}

// PersonUpdate holds the fields a clerk may change. Nil fields stay as they are.
type PersonUpdate struct {
	Name      *string   `json:"name,omitempty"`
	Hukou     *string   `json:"hukou,omitempty"`
	Region    *string   `json:"region,omitempty"`
	Phone     *string   `json:"phone,omitempty"`
	Status    *string   `json:"status,omitempty"`
	DeathDate *string   `json:"death_date,omitempty"`
	Flags     *[]string `json:"flags,omitempty"`
	// Reason is why the record changes; it goes into the history.
	Reason string `json:"reason,omitempty"`
	// Version is the version of the record the edit was made on (as read,
	// Person.Version): when another change came first the edit is refused
	// (ECONFLICT) instead of overwriting it unseen. nil edits the record
	// as it is now (see CheckEditVersion).
	Version *int `json:"version,omitempty"`
}

// PersonVersion is one past state of a person, kept when the record changed.
type PersonVersion struct {
	Version   int       `json:"version"`
	ChangedAt time.Time `json:"changed_at"`
	Actor     string    `json:"actor"`
	Source    string    `json:"source"` // "api", "import:<run id>", …
	Reason    string    `json:"reason,omitempty"`
	Before    *Person   `json:"before"`
	Changes   []Change  `json:"changes"`
}

// Change is one field's change, for history and audit.
type Change struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// PersonService reads and writes the person registry. Every method is scoped
// to the actor of the context.
type PersonService interface {
	FindPerson(ctx context.Context, idNo string) (*Person, error)
	FindPersons(ctx context.Context, f PersonFilter) ([]*Person, int, error)
	CreatePerson(ctx context.Context, p *Person) error
	UpdatePerson(ctx context.Context, idNo string, u PersonUpdate) (*Person, error)
	PersonHistory(ctx context.Context, idNo string) ([]*PersonVersion, error)
}
