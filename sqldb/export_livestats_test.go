package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// LiveStats is how the dashboard's statistics were counted before the
// statistics counters (issue #16): straight from the records as they are
// today, with a handful of GROUP BY queries over the persons and their
// open enrollments (4–6 s for a district of a million persons on SQLite).
// It stays, for the tests only, as a second way of counting the same
// figures, which report.Service.Stats must agree with (TestStatsAgreeWithLiveCount).
//
// Statistics of a jurisdiction: the counts the dashboard and the region
// browser show, scoped like every other read: an actor asks for its own
// jurisdiction or a region inside it, never for one outside (ENOTFOUND, as
// if the region did not exist).
//
// Definitions, so that the numbers can be explained to a leader:
//
//   - persons are the registered persons, living or deceased, without the
//     registrations merged into another (重复登记合并后的记录不计), as the
//     person search counts them;
//   - an enrollment is open while it holds the person's slot (参保缴费,
//     暂停缴费, 享受待遇, 暂停发放); a person is insured (参保人数) with at
//     least one open enrollment of any scheme;
//   - coverage (养老保险参保率) is the share of living persons aged 16 or
//     more on the day of the count who hold an open enrollment in a
//     pension scheme (110, 120 or 170: the slot "pension").
//
// Open enrollments by scheme count the enrollments recorded in the region
// (enrollments.region_code), as the enrollment search does; the person
// counts go by the person's region.

// LiveStats counts persons, insured persons, pension coverage and open
// enrollments in region (any accepted form of the code; "" is the actor's
// jurisdiction), and the same person counts for each child region. The
// actor's role must read statistics.
func (db *DB) LiveStats(ctx context.Context, region string) (*shebao.Stats, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if !shebao.RoleOf(sc.actor).May(shebao.Read(shebao.EntityStats)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看%s", sc.actor.RoleName(), shebao.EntityName(shebao.EntityStats))
	}
	if region == "" && !sc.all {
		region = sc.actor.Region
	}
	today := shebao.Today()
	st := &shebao.Stats{AsOf: today.Format(shebao.DateLayout)}
	area := scope{all: true, actor: sc.actor}
	if region != "" {
		r, err := idno.ParseRegion(region)
		if err != nil {
			return nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
		}
		if !sc.contains(r.Code) {
			return nil, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", r.Code)
		}
		err = db.queryRow(ctx, `SELECT code, name, level, COALESCE(parent_code, '') FROM regions WHERE code = $1`, r.Code).
			Scan(&st.Region.Code, &st.Region.Name, &st.Region.Level, &st.Region.Parent)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", r.Code)
		}
		if err != nil {
			return nil, err
		}
		if area.lo, area.hi, err = prefixRange(r.Code); err != nil {
			return nil, err
		}
		area.all = false
	}
	if err := db.statsChildren(ctx, st); err != nil {
		return nil, err
	}
	plan := statsPlanFor(st.Region.Code)
	if statsPlanForced != "" {
		plan = statsPlanForced
	}
	// The open enrollments and the employers are counted on another
	// connection of the read pool while the persons are: they fill other
	// fields of st, and each count was its own statement anyway.
	other := make(chan error, 1)
	go func() {
		if err := db.statsSchemes(ctx, st, area); err != nil {
			other <- err
			return
		}
		conds, args := area.where("region_code", nil, nil)
		other <- db.queryRow(ctx, `SELECT COUNT(*) FROM employers`+whereClause(conds), args...).Scan(&st.Employers)
	}()
	err = db.statsPersons(ctx, st, area, today.AddDate(-shebao.CoverageAge, 0, 0).Format(shebao.DateLayout), plan)
	if err2 := <-other; err == nil {
		err = err2
	}
	if err != nil {
		return nil, err
	}
	return st, nil
}

// statsChildren lists the child regions of st.Region (the provinces for
// the whole database).
func (db *DB) statsChildren(ctx context.Context, st *shebao.Stats) error {
	q, args := `SELECT code, name, level, COALESCE(parent_code, '') FROM regions WHERE parent_code = $1 ORDER BY code`, []any{st.Region.Code}
	if st.Region.Code == "" {
		q, args = `SELECT code, name, level, COALESCE(parent_code, '') FROM regions WHERE parent_code IS NULL ORDER BY code`, nil
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	st.Children = []*shebao.RegionStats{}
	for rows.Next() {
		c := &shebao.RegionStats{}
		if err := rows.Scan(&c.Region.Code, &c.Region.Name, &c.Region.Level, &c.Region.Parent); err != nil {
			return err
		}
		st.Children = append(st.Children, c)
	}
	return rows.Err()
}

// The two plans of statsPersons. Both scan the area's persons once, in
// the persons of the area, and count the same numbers; they differ in how a person's open enrollments
// are found:
//
//   - statsProbe looks each person up in enrollment_slots by its primary
//     key (two correlated EXISTS): cheap for a town or a village, whose
//     few thousand persons are a small part of the table;
//   - statsJoin reads enrollment_slots once, grouped by person, and joins
//     it with the persons: one pass over each table, which PostgreSQL runs
//     as a hash join. At 100,000 persons the probes took 1.3 s there (of
//     which 0.4 s compiling the query: its cost, a hundred thousand
//     sub-plans, crosses the JIT threshold), the join 0.3 s.
const (
	statsProbe = "probe"
	statsJoin  = "join"
)

// statsPlanForced, when set (tests only), overrides statsPlanFor.
var statsPlanForced string

// statsPlanFor chooses the plan for the statistics of region (12 digits,
// or "" for the whole database): the join for a district or more, whose
// persons are most of the table, the probes below.
func statsPlanFor(region string) string {
	if region == "" {
		return statsJoin
	}
	if r, err := idno.ParseRegion(region); err == nil && len(r.Prefix()) <= 6 {
		return statsJoin
	}
	return statsProbe
}

// statsPersons counts persons in one pass over the region's persons,
// grouped by region code and hukou, and rolls the groups up into the
// totals, the hukou counts and the child regions. Open enrollments come
// from enrollment_slots, by the plan given (statsProbe or statsJoin).
func (db *DB) statsPersons(ctx context.Context, st *shebao.Stats, area scope, adultBorn, plan string) error {
	conds, args := area.where("p.region_code", []string{"p.merged_into = ''"}, []any{adultBorn, shebao.StatusDeceased})
	// insured and pension are conditions on the person's open enrollments.
	insured := `EXISTS (SELECT 1 FROM enrollment_slots s WHERE s.id_no = p.id_no)`
	pension := `EXISTS (SELECT 1 FROM enrollment_slots s WHERE s.id_no = p.id_no AND s.slot = 'pension')`
	from := `persons p`
	if plan == statsJoin {
		// One row per person with an open enrollment (the slots' primary
		// key is (id_no, slot)), s.pension = 1 when one holds the slot
		// "pension".
		insured, pension = `s.id_no IS NOT NULL`, `s.pension = 1`
		from = `persons p LEFT JOIN (SELECT id_no, MAX(CASE WHEN slot = 'pension' THEN 1 ELSE 0 END) AS pension
			FROM enrollment_slots GROUP BY id_no) s ON s.id_no = p.id_no`
	}
	rows, err := db.query(ctx, `SELECT p.region_code, p.hukou, COUNT(*),
		SUM(CASE WHEN p.status = $2 THEN 1 ELSE 0 END),
		SUM(CASE WHEN `+insured+` THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.status <> $2 AND p.birth <= $1 THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.status <> $2 AND p.birth <= $1 AND `+pension+` THEN 1 ELSE 0 END)
		FROM `+from+whereClause(conds)+` GROUP BY p.region_code, p.hukou`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	// A person's child region is the child whose prefix the person's
	// region code starts with; prefixes have 2, 4, 6, 9 or 12 digits.
	child := make(map[string]*shebao.RegionStats, len(st.Children))
	for _, c := range st.Children {
		if r, err := idno.ParseRegion(c.Region.Code); err == nil {
			child[r.Prefix()] = c
		}
	}
	hukou := map[string]int{}
	for rows.Next() {
		var code, hk string
		var c shebao.Coverage
		if err := rows.Scan(&code, &hk, &c.Persons, &c.Deceased, &c.Insured, &c.Adults, &c.Pension); err != nil {
			return err
		}
		st.Coverage.Add(c)
		hukou[hk] += c.Persons
		var in *shebao.RegionStats
		for _, n := range []int{2, 4, 6, 9, 12} {
			if k, ok := child[code[:min(n, len(code))]]; ok {
				in = k
				break
			}
		}
		switch {
		case in != nil:
			in.Coverage.Add(c)
		default:
			if st.Direct == nil {
				st.Direct = &shebao.Coverage{}
			}
			st.Direct.Add(c)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, h := range shebao.HukouNatures {
		st.ByHukou = append(st.ByHukou, shebao.HukouCount{Hukou: h, Persons: hukou[h]})
		delete(hukou, h)
	}
	var other []string
	for h := range hukou {
		other = append(other, h)
	}
	sort.Strings(other)
	for _, h := range other {
		st.ByHukou = append(st.ByHukou, shebao.HukouCount{Hukou: h, Persons: hukou[h]})
	}
	return nil
}

// statsSchemes counts open enrollments by scheme and status.
func (db *DB) statsSchemes(ctx context.Context, st *shebao.Stats, area scope) error {
	args := make([]any, len(shebao.OpenStatuses))
	for i, s := range shebao.OpenStatuses {
		args[i] = s
	}
	conds, args := area.where("n.region_code", []string{"n.status IN (" + placeholders(1, len(args)) + ")"}, args)
	// Grouped by region too, in the order of the index enrollments_region
	// (region_code, scheme, status), which the query reads alone: the
	// groups come in index order without sorting every enrollment (at
	// 279,000 enrollments on SQLite 0.3 s → 0.08 s), a few thousand rows
	// summed below.
	rows, err := db.query(ctx, `SELECT n.region_code, n.scheme, n.status, COUNT(*) FROM enrollments n`+whereClause(conds)+
		` GROUP BY n.region_code, n.scheme, n.status`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	by := map[string]*shebao.SchemeCount{}
	for _, s := range shebao.Schemes {
		st.Schemes = append(st.Schemes, shebao.SchemeCount{Scheme: s.Code, Name: s.Name})
	}
	for i := range st.Schemes {
		by[st.Schemes[i].Scheme] = &st.Schemes[i]
	}
	var extra []*shebao.SchemeCount
	for rows.Next() {
		var region, scheme, status string
		var n int
		if err := rows.Scan(&region, &scheme, &status, &n); err != nil {
			return err
		}
		c, ok := by[scheme]
		if !ok {
			// A code outside the catalogue: shown as it is rather than lost.
			c = &shebao.SchemeCount{Scheme: scheme, Name: scheme}
			extra = append(extra, c)
			by[scheme] = c
		}
		switch status {
		case shebao.EnrollActive:
			c.Active += n
		case shebao.EnrollSuspended:
			c.Suspended += n
		case shebao.EnrollBenefit:
			c.Benefit += n
		case shebao.EnrollBenefitSuspended:
			c.BenefitSuspended += n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range extra {
		st.Schemes = append(st.Schemes, *c)
	}
	return nil
}

// StatsPlans are the plans of the person counts of Stats, for the tests
// that compare them.
var StatsPlans = []string{statsProbe, statsJoin}

// ForceStatsPlan makes Stats use plan (one of StatsPlans) whatever the
// region, until the function returned is called.
func ForceStatsPlan(plan string) (restore func()) {
	old := statsPlanForced
	statsPlanForced = plan
	return func() { statsPlanForced = old }
}
