// Package shebao is the domain of an integrated urban-rural social security
// system (社保, "五险合一"): one registry of regions, persons and employers on
// which every insurance scheme is built.
//
// The root package holds only domain types, service interfaces and error
// codes. Storage lives in sqldb, validation of identifiers in idno,
// spreadsheets in sheet, the HTTP API in web and wiring in cmd/shebao.
package shebao

import (
	"context"
	"strings"
	"time"
)

// Actor is whoever performs an operation: a clerk, a machine client, or the
// system itself (a batch job, the CLI run by the administrator). Every write
// and every read of personal data is attributed to an Actor.
type Actor struct {
	// Name is the login name, or "system" for jobs run from the CLI.
	Name string
	// Role is the role identifier (admin, clerk, town, village, land, viewer,
	// citizen).
	Role string
	// Region is the 12-digit code of the actor's jurisdiction; all data the
	// actor sees lies in this region or below it.
	Region string
	// Remote is where the request came from (IP address, "cli").
	Remote string
	// IDNo is the 公民身份号码 of an insured citizen (role citizen), whose
	// own record is all they may see; empty for every other role.
	IDNo string
	// Employer is the USCC of the employer an account of role employer
	// acts for (用人单位), whose own vacancies are all it may reach; empty
	// for every other role.
	Employer string
}

// SystemActor is the actor of commands run by the operator on the machine
// itself (migrate, import, demo). It sees the whole database.
var SystemActor = Actor{Name: "system", Role: "admin", Region: "", Remote: "cli"}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of the context. A context without an actor has
// no rights: its scope is empty, so store methods find nothing.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// Now is the clock of the domain, replaceable in tests.
var Now = func() time.Time { return time.Now() }

// Today returns the current date at UTC midnight in China Standard Time terms:
// business dates (birth, enrollment, payment) are calendar dates in China.
func Today() time.Time {
	t := Now().In(ChinaTime)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// DateOrToday is the date (YYYY-MM-DD) a rule of package policy is computed
// on: the request's, or today when it gives none. The rules read no clock
// (policy/noclock_test.go); the services that call them give the date.
func DateOrToday(date string) string {
	if date = strings.TrimSpace(date); date != "" {
		return date
	}
	return Today().Format(DateLayout)
}

// ChinaTime is UTC+8. A fixed zone, so binaries need no tzdata.
var ChinaTime = time.FixedZone("CST", 8*3600)

// DateLayout is how calendar dates are written everywhere: in the database,
// in JSON and on screen.
const DateLayout = "2006-01-02"

// ParseDate parses a calendar date in DateLayout, or says which field was
// not one.
func ParseDate(field, s string) (time.Time, error) {
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, FieldErrorf(field, "日期“%s”无效,应为YYYY-MM-DD", s)
	}
	return d, nil
}
