package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Land-expropriated farmers (被征地农民, scheme 910), 即征即保: the land
// bureau's batches (land_batches), the villages' rosters (land_roster),
// acceptance of a roster (enrollment in 910, the 被征地 flag, 农转非, the
// benefits already due, the pension contribution support), the funds
// received per batch and payer (land_funds, posted to the 910 ledger), the
// allowances that fall due later, and the report and warnings.

// ───────────────────────── batches ─────────────────────────

var landBatchTable = bulkTable{
	name: "land_batches",
	cols: []string{"approval_no", "approved_on", "region_code", "area_taken", "farmland", "agri_population",
		"persons_to_secure", "explanation", "version", "source", "created_at", "created_by", "updated_at", "updated_by"},
	pgTypes: []string{"text", "text", "text", "bigint", "bigint", "bigint", "bigint", "text", "bigint", "text", "text", "text", "text", "text"},
}

// storedBatch is a batch row as stored.
type storedBatch struct {
	no, approvedOn, region string
	area, farmland         policy.Mu
	population, persons    int
	explanation            string
	version                int
	source                 string
	created, updated       string
	regionName             string
}

const landBatchColumns = `b.approval_no, b.approved_on, b.region_code, b.area_taken, b.farmland, b.agri_population,
	b.persons_to_secure, b.explanation, b.version, b.source, b.created_at, b.updated_at, COALESCE(r.name, '')`

const landBatchFrom = ` FROM land_batches b LEFT JOIN regions r ON r.code = b.region_code`

func scanLandBatch(s rowScanner) (*storedBatch, error) {
	var b storedBatch
	var area, farm int64
	if err := s.Scan(&b.no, &b.approvedOn, &b.region, &area, &farm, &b.population, &b.persons, &b.explanation,
		&b.version, &b.source, &b.created, &b.updated, &b.regionName); err != nil {
		return nil, err
	}
	b.area, b.farmland = policy.Mu(area), policy.Mu(farm)
	return &b, nil
}

func (b *storedBatch) domain() *shebao.LandBatch {
	return &shebao.LandBatch{ApprovalNo: b.no, ApprovedOn: b.approvedOn, Region: b.region, RegionName: b.regionName,
		AreaTaken: b.area.String(), Farmland: b.farmland.String(), AgriPopulation: b.population,
		PersonsToSecure: b.persons, Explanation: b.explanation, Version: b.version, Source: b.source,
		CreatedAt: parseTime(b.created), UpdatedAt: parseTime(b.updated)}
}

// landBatchesByNo reads the batches with the approval numbers, unscoped.
func (tx *Tx) landBatchesByNo(ctx context.Context, nos []string) (map[string]*storedBatch, error) {
	return byKeys(ctx, tx, `SELECT `+landBatchColumns+landBatchFrom, "b.approval_no", nos, scanLandBatch,
		func(b *storedBatch) string { return b.no })
}

// normalizeApprovalNo trims an approval number and unifies the brackets
// clerks type for 〔〕.
func normalizeApprovalNo(s string) string {
	s = strings.TrimSpace(s)
	return strings.NewReplacer("[", "〔", "]", "〕", "［", "〔", "］", "〕", "(", "〔", ")", "〕", "（", "〔", "）", "〕").Replace(s)
}

// planBatch validates a batch as the land bureau sent it and computes the
// persons to secure with the rounding in force for the village on the
// approval date.
func (tx *Tx) planBatch(ctx context.Context, set *policy.Set, sc scope, in shebao.NewLandBatch) (*storedBatch, error) {
	b := &storedBatch{no: normalizeApprovalNo(in.ApprovalNo), population: in.AgriPopulation}
	if b.no == "" {
		return nil, shebao.FieldErrorf("批准文号", "缺少批准文号")
	}
	if len(b.no) > 100 {
		return nil, shebao.FieldErrorf("批准文号", "批准文号过长")
	}
	on, err := time.Parse(shebao.DateLayout, strings.TrimSpace(in.ApprovedOn))
	if err != nil {
		return nil, shebao.FieldErrorf("批准日期", "批准日期“%s”无效,应为YYYY-MM-DD", in.ApprovedOn)
	}
	if on.After(shebao.Today()) {
		return nil, shebao.FieldErrorf("批准日期", "批准日期%s晚于今天", on.Format(shebao.DateLayout))
	}
	b.approvedOn = on.Format(shebao.DateLayout)
	r, err := idno.ParseRegion(in.Region)
	if err != nil {
		return nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
	}
	if r.Level != 5 {
		return nil, shebao.FieldErrorf("区划代码", "区划代码%s是%s,征地批次应填写村(社区)级代码", r.Code, idno.LevelName(r.Level))
	}
	b.region = r.Code
	if err := tx.checkRegion(ctx, sc, "区划代码", b.region); err != nil {
		return nil, err
	}
	if b.area, err = policy.ParseMu(in.AreaTaken); err != nil {
		return nil, shebao.FieldErrorf("征收耕地面积", "%s", shebao.ErrorMessage(err))
	}
	if b.farmland, err = policy.ParseMu(in.Farmland); err != nil {
		return nil, shebao.FieldErrorf("征地前耕地面积", "%s", shebao.ErrorMessage(err))
	}
	var rounding policy.Rounding
	p, err := set.Table("land.rounding", b.region, on, &rounding)
	if err != nil {
		return nil, err
	}
	n, explain, err := policy.PersonsToSecure(b.area, b.farmland, b.population, rounding)
	if err != nil {
		field := map[string]string{"farmland": "征地前耕地面积", "population": "征地前农业人口", "area": "征收耕地面积"}[fieldOf(err)]
		if field == "" {
			field = "应安置人数"
		}
		return nil, shebao.FieldErrorf(field, "%s", shebao.ErrorMessage(err))
	}
	b.persons = n
	b.explanation = explain + "(取整依据:" + p.Cite() + ")"
	return b, nil
}

func fieldOf(err error) string {
	var e *shebao.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// batchChanges lists what a corrected batch changes.
func batchChanges(old, b *storedBatch) []shebao.Change {
	var cs []shebao.Change
	add := func(field, before, after string) {
		if before != after {
			cs = append(cs, shebao.Change{Field: field, Before: before, After: after})
		}
	}
	add("批准日期", old.approvedOn, b.approvedOn)
	add("区划代码", old.region, b.region)
	add("征收耕地面积", old.area.String(), b.area.String())
	add("征地前耕地面积", old.farmland.String(), b.farmland.String())
	add("征地前农业人口", itoa(old.population), itoa(b.population))
	add("应安置农业人口", itoa(old.persons), itoa(b.persons))
	return cs
}

// ImportLandBatches stores a chunk of expropriation batches from the land
// bureau (an import, or the API with run "api"), keyed by approval number:
// a new number is created, a repeat changes nothing, a corrected row
// updates the batch and keeps its previous state in land_batch_versions. A
// batch whose roster is already in may not move to another village nor
// drop below the persons already on its roster. A bad row is rejected with
// its reason and the others land.
func (db *DB) ImportLandBatches(ctx context.Context, run string, in []shebao.NewLandBatch) (out []shebao.Outcome, errs []error, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := authorize(sc.actor, "land.import", shebao.EntityLand, ""); err != nil {
		return nil, nil, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		out, errs = make([]shebao.Outcome, len(in)), make([]error, len(in))
		planned := make([]*storedBatch, len(in))
		nos := make([]string, 0, len(in))
		for i, b := range in {
			p, err := tx.planBatch(ctx, set, sc, b)
			if err != nil {
				errs[i] = err
				continue
			}
			planned[i] = p
			nos = append(nos, p.no)
		}
		existing, err := tx.landBatchesByNo(ctx, nos)
		if err != nil {
			return err
		}
		counts, err := tx.rosterCounts(ctx, nos)
		if err != nil {
			return err
		}
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		var rows [][]any
		var created []string
		seen := map[string]int{}
		for i, b := range planned {
			if b == nil {
				continue
			}
			if first, dup := seen[b.no]; dup {
				errs[i] = shebao.FieldErrorf("批准文号", "与第%d条重复", first+1)
				continue
			}
			seen[b.no] = i
			b.source = sourceOf(run, i)
			old := existing[b.no]
			if old == nil {
				if !sc.contains(b.region) {
					errs[i] = shebao.FieldErrorf("区划代码", "区划%s不在您的管辖范围内", b.region)
					continue
				}
				rows = append(rows, []any{b.no, b.approvedOn, b.region, int64(b.area), int64(b.farmland), int64(b.population),
					int64(b.persons), b.explanation, int64(1), b.source, now, a.Name, now, a.Name})
				created = append(created, b.no)
				out[i] = shebao.Created
				continue
			}
			if !sc.contains(old.region) {
				// Another jurisdiction's batch: as if it did not exist, but
				// its number is taken.
				errs[i] = shebao.Errorf(shebao.ECONFLICT, "批准文号%s已被其他辖区的批次使用", b.no)
				continue
			}
			changes := batchChanges(old, b)
			if len(changes) == 0 {
				out[i] = shebao.Unchanged
				continue
			}
			if n := counts[b.no]; n > 0 && b.region != old.region {
				errs[i] = shebao.FieldErrorf("区划代码", "批次%s已有%d人的名单,不能改为其他村", b.no, n)
				continue
			}
			if n := counts[b.no]; n > b.persons {
				errs[i] = shebao.FieldErrorf("应安置人数", "更正后应安置%d人,少于名单上已有的%d人", b.persons, n)
				continue
			}
			if err := tx.updateBatch(ctx, old, b, changes); err != nil {
				return err
			}
			out[i] = shebao.Updated
		}
		if err := tx.bulkInsert(ctx, landBatchTable, rows); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "批次正在被他人同时导入,请稍后重试")
			}
			return err
		}
		if len(created) == 0 {
			return nil
		}
		region := ""
		if len(created) == 1 {
			region = planned[seen[created[0]]].region
		}
		return tx.audit(ctx, "land.import", shebao.EntityLand, run, region, nil, map[string]any{"created": created})
	})
	return out, errs, err
}

func sourceOf(run string, i int) string {
	if run == "api" {
		return "api"
	}
	return fmt.Sprintf("import:%s#%d", run, i+1)
}

// updateBatch writes a corrected batch, its previous state into the
// history, and the audit entry.
func (tx *Tx) updateBatch(ctx context.Context, old, b *storedBatch, changes []shebao.Change) error {
	a, _ := shebao.ActorFrom(ctx)
	now := fmtTime(tx.now)
	before := old.domain()
	if _, err := tx.Exec(ctx, `INSERT INTO land_batch_versions (approval_no, version, changed_at, actor, source, before_json, changes_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, old.no, old.version, now, a.Name, b.source, jsonText(before), jsonText(changes)); err != nil {
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE land_batches SET approved_on = $1, region_code = $2, area_taken = $3, farmland = $4,
		agri_population = $5, persons_to_secure = $6, explanation = $7, version = version + 1, source = $8, updated_at = $9, updated_by = $10
		WHERE approval_no = $11 AND version = $12`,
		b.approvedOn, b.region, int64(b.area), int64(b.farmland), int64(b.population), int64(b.persons), b.explanation,
		b.source, now, a.Name, old.no, old.version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return shebao.Errorf(shebao.ECONFLICT, "批次%s已被他人修改,请重试", old.no)
	}
	return tx.audit(ctx, "land.update", shebao.EntityLand, old.no, b.region, before, map[string]any{"changes": changes, "source": b.source})
}

// SaveLandBatch creates or corrects one batch (the land bureau's API) and
// returns it with what was done.
func (db *DB) SaveLandBatch(ctx context.Context, in shebao.NewLandBatch) (*shebao.LandBatch, shebao.Outcome, error) {
	out, errs, err := db.ImportLandBatches(ctx, "api", []shebao.NewLandBatch{in})
	if err != nil {
		return nil, 0, err
	}
	if errs[0] != nil {
		return nil, 0, errs[0]
	}
	b, err := db.FindLandBatch(ctx, normalizeApprovalNo(in.ApprovalNo))
	return b, out[0], err
}

// rosterCounts returns the number of persons on each batch's roster.
func (tx *Tx) rosterCounts(ctx context.Context, nos []string) (map[string]int, error) {
	out := map[string]int{}
	if len(nos) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("approval_no", nos, nil)
	rows, err := tx.Query(ctx, `SELECT approval_no, COUNT(*) FROM land_roster WHERE `+cond+` GROUP BY approval_no`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var no string
		var n int
		if err := rows.Scan(&no, &n); err != nil {
			return nil, err
		}
		out[no] = n
	}
	return out, rows.Err()
}

// FindLandBatches lists the batches in the actor's jurisdiction, newest
// approval first, with their roster and funding figures.
func (db *DB) FindLandBatches(ctx context.Context, f shebao.LandBatchFilter) ([]*shebao.LandBatch, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "land.read", shebao.EntityLand, ""); err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	conds, args := sc.where("b.region_code", nil, nil)
	stored, total, err := findPage(ctx, db, `land_batches b`, `SELECT `+landBatchColumns+landBatchFrom, whereClause(conds), args,
		"b.approved_on DESC, b.approval_no", f.Limit, f.Offset, scanLandBatch)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*shebao.LandBatch, len(stored))
	nos := make([]string, len(stored))
	for i, b := range stored {
		out[i], nos[i] = b.domain(), b.no
	}
	err = db.Update(ctx, func(tx *Tx) error {
		figs, err := tx.landFigures(ctx, nos, sc)
		if err != nil {
			return err
		}
		for _, b := range out {
			fillBatch(b, figs[b.ApprovalNo])
		}
		return nil
	})
	return out, total, err
}

func fillBatch(b *shebao.LandBatch, f *shebao.LandFigures) {
	if f == nil {
		return
	}
	b.OnRoster, b.Enrolled, b.Required, b.Received = f.OnRoster, f.Enrolled, f.Required, f.Received
}

// FindLandBatch returns one batch in the actor's jurisdiction.
func (db *DB) FindLandBatch(ctx context.Context, no string) (*shebao.LandBatch, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "land.read", shebao.EntityLand, no); err != nil {
		return nil, err
	}
	var out *shebao.LandBatch
	err = db.Update(ctx, func(tx *Tx) error {
		b, err := tx.landBatchInScope(ctx, sc, no)
		if err != nil {
			return err
		}
		out = b.domain()
		figs, err := tx.landFigures(ctx, []string{b.no}, sc)
		if err != nil {
			return err
		}
		fillBatch(out, figs[b.no])
		return nil
	})
	return out, err
}

func (tx *Tx) landBatchInScope(ctx context.Context, sc scope, no string) (*storedBatch, error) {
	no = normalizeApprovalNo(no)
	b, err := scanLandBatch(tx.QueryRow(ctx, `SELECT `+landBatchColumns+landBatchFrom+` WHERE b.approval_no = $1`, no))
	if isNoRows(err) || err == nil && !sc.contains(b.region) {
		return nil, &shebao.Error{Code: shebao.ENOTFOUND, Field: "批准文号", Message: "未找到批准文号为" + no + "的征地批次"}
	}
	return b, err
}

// LandBatchHistory returns the superseded states of a batch, newest first.
func (db *DB) LandBatchHistory(ctx context.Context, no string) ([]shebao.LandBatchVersion, error) {
	b, err := db.FindLandBatch(ctx, no)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT version, changed_at, actor, source, before_json, changes_json
		FROM land_batch_versions WHERE approval_no = $1 ORDER BY version DESC`, b.ApprovalNo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.LandBatchVersion
	for rows.Next() {
		var v shebao.LandBatchVersion
		var at, before, changes string
		if err := rows.Scan(&v.Version, &at, &v.Actor, &v.Source, &before, &changes); err != nil {
			return nil, err
		}
		v.ChangedAt = parseTime(at)
		v.Before = new(shebao.LandBatch)
		if err := json.Unmarshal([]byte(before), v.Before); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(changes), &v.Changes); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ───────────────────────── rosters ─────────────────────────

var rosterTable = bulkTable{
	name: "land_roster",
	cols: []string{"id_no", "approval_no", "region_code", "name", "age", "band", "band_kind", "band_amount",
		"standard", "government", "collective", "individual", "explanation", "status", "source", "submitted_at", "submitted_by"},
	pgTypes: []string{"text", "text", "text", "text", "bigint", "text", "text", "bigint",
		"bigint", "bigint", "bigint", "bigint", "text", "text", "text", "text", "text"},
}

const rosterColumns = `l.id_no, l.approval_no, l.region_code, l.name, p.sex, p.birth, l.age, l.band, l.band_kind, l.band_amount,
	l.standard, l.government, l.collective, l.individual, l.explanation, l.status, l.submitted_at, l.submitted_by,
	l.enrolled_on, l.accepted_by, b.approved_on`

const rosterFrom = ` FROM land_roster l JOIN persons p ON p.id_no = l.id_no JOIN land_batches b ON b.approval_no = l.approval_no`

func scanRosterLine(s rowScanner) (*shebao.RosterLine, error) {
	var l shebao.RosterLine
	var amount, std, gov, coll, ind int64
	var approvedOn string
	if err := s.Scan(&l.IDNo, &l.ApprovalNo, &l.Region, &l.Name, &l.Sex, &l.Birth, &l.Age, &l.Band, &l.BandKind, &amount,
		&std, &gov, &coll, &ind, &l.Explanation, &l.Status, &l.SubmittedAt, &l.SubmittedBy, &l.EnrolledOn, &l.AcceptedBy, &approvedOn); err != nil {
		return nil, err
	}
	l.BandAmount, l.Standard, l.Government, l.Collective, l.Individual =
		shebao.Money(amount), shebao.Money(std), shebao.Money(gov), shebao.Money(coll), shebao.Money(ind)
	if l.EnrolledOn != "" {
		lag := lagDays(approvedOn, l.EnrolledOn)
		l.LagDays = &lag
	}
	return &l, nil
}

// lagDays is the number of days from the approval to the enrollment, 0
// when the roster was enrolled on or before the approval date.
func lagDays(approvedOn, enrolledOn string) int {
	a, err1 := time.Parse(shebao.DateLayout, approvedOn)
	e, err2 := time.Parse(shebao.DateLayout, enrolledOn)
	if err1 != nil || err2 != nil || !e.After(a) {
		return 0
	}
	return int(e.Sub(a).Hours() / 24)
}

// ageOn returns the completed years of a person born on birth at the date.
func ageOn(birth string, on time.Time) (int, error) {
	b, err := time.Parse(shebao.DateLayout, birth)
	if err != nil {
		return 0, err
	}
	age := on.Year() - b.Year()
	if on.Month() < b.Month() || on.Month() == b.Month() && on.Day() < b.Day() {
		age--
	}
	return age, nil
}

// landPolicy is the policy of one village on one date, looked up once.
type landPolicy struct {
	bands   policy.LandBands
	funding policy.LandFunding
	cite    string
}

type landPolicies struct {
	set   *policy.Set
	cache map[string]*landPolicy
}

func (lp *landPolicies) at(region string, on time.Time) (*landPolicy, error) {
	k := region + "@" + on.Format(shebao.DateLayout)
	if p, ok := lp.cache[k]; ok {
		return p, nil
	}
	p := &landPolicy{}
	bp, err := lp.set.Table("land.bands", region, on, &p.bands)
	if err != nil {
		return nil, err
	}
	fp, err := lp.set.Table("land.funding", region, on, &p.funding)
	if err != nil {
		return nil, err
	}
	p.cite = bp.Cite()
	if fp.Source != bp.Source {
		p.cite += ";" + fp.Cite()
	}
	lp.cache[k] = p
	return p, nil
}

// SubmitRoster stores a village's roster lines (一次报送或导入的一批): each
// person must be a registered, living resident of the batch's village with
// agricultural hukou, named as registered, on no other batch's roster, and
// the roster may not exceed the batch's persons to secure. Each line gets
// the age band at the approval date and the funding split of that band. A
// line already on the same batch's roster is unchanged; every violation is
// the line's error and the good lines land.
func (db *DB) SubmitRoster(ctx context.Context, run string, entries []shebao.RosterEntry) (out []shebao.Outcome, errs []error, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := authorize(sc.actor, "roster.submit", shebao.EntityRoster, ""); err != nil {
		return nil, nil, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	lp := &landPolicies{set: set, cache: map[string]*landPolicy{}}
	err = db.Update(ctx, func(tx *Tx) error {
		out, errs = make([]shebao.Outcome, len(entries)), make([]error, len(entries))
		ids := make([]string, len(entries))
		nos := make([]string, len(entries))
		for i, e := range entries {
			nos[i] = normalizeApprovalNo(e.ApprovalNo)
			if nos[i] == "" {
				errs[i] = shebao.FieldErrorf("批准文号", "缺少批准文号")
				continue
			}
			if ids[i], err = canonicalIDNo(e.IDNo); err != nil {
				errs[i] = err
			}
		}
		if tx.db.Dialect == Postgres && len(nonEmpty(nos)) > 0 {
			// Two villages' clerks submitting for one batch at once queue
			// here, so that the quota holds.
			cond, args := tx.inKeys("approval_no", nonEmpty(nos), nil)
			if _, err := tx.Exec(ctx, `UPDATE land_batches SET version = version WHERE `+cond, args...); err != nil {
				return err
			}
		}
		batches, err := tx.landBatchesByNo(ctx, nonEmpty(nos))
		if err != nil {
			return err
		}
		persons, err := tx.personsByID(ctx, nonEmpty(ids))
		if err != nil {
			return err
		}
		onRoster, err := tx.rosterBatchOf(ctx, nonEmpty(ids))
		if err != nil {
			return err
		}
		counts, err := tx.rosterCounts(ctx, nonEmpty(nos))
		if err != nil {
			return err
		}
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		var rows [][]any
		var created []string
		for i, e := range entries {
			if errs[i] != nil {
				continue
			}
			b := batches[nos[i]]
			if b == nil || !sc.contains(b.region) {
				errs[i] = shebao.FieldErrorf("批准文号", "未找到批准文号为%s的征地批次", nos[i])
				continue
			}
			id := ids[i]
			if other, ok := onRoster[id]; ok {
				if other == b.no {
					out[i] = shebao.Unchanged
				} else {
					errs[i] = shebao.FieldErrorf("身份证号", "%s已在征地批次%s的名单中,不能重复安置", idno.MaskID(id), other)
				}
				continue
			}
			p := persons[id]
			l, err := planRosterLine(lp, b, p, id, strings.TrimSpace(e.Name))
			if err != nil {
				errs[i] = err
				continue
			}
			if counts[b.no] >= b.persons {
				errs[i] = shebao.FieldErrorf("身份证号", "批次%s应安置%d人,名单已满%d人,不能超出", b.no, b.persons, counts[b.no])
				continue
			}
			counts[b.no]++
			onRoster[id] = b.no
			rows = append(rows, []any{l.IDNo, l.ApprovalNo, l.Region, l.Name, int64(l.Age), l.Band, l.BandKind, int64(l.BandAmount),
				int64(l.Standard), int64(l.Government), int64(l.Collective), int64(l.Individual), l.Explanation,
				shebao.RosterSubmitted, sourceOf(run, i), now, a.Name})
			created = append(created, id)
			out[i] = shebao.Created
		}
		if err := tx.bulkInsert(ctx, rosterTable, rows); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "名单正在被他人同时报送,请稍后重试")
			}
			return err
		}
		if len(created) == 0 {
			return nil
		}
		return tx.audit(ctx, "roster.submit", shebao.EntityRoster, run, "", nil, map[string]any{"created": len(created), "persons": maskAll(created)})
	})
	return out, errs, err
}

func maskAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = idno.MaskID(id)
	}
	return out
}

// planRosterLine checks one person against the batch and gives them their
// band and funding at the approval date.
func planRosterLine(lp *landPolicies, b *storedBatch, p *shebao.Person, id, name string) (*shebao.RosterLine, error) {
	switch {
	case p == nil:
		return nil, shebao.FieldErrorf("身份证号", "身份证号%s的人员未登记,请先办理人员登记", idno.MaskID(id))
	case p.Region != b.region:
		return nil, shebao.FieldErrorf("身份证号", "%s登记在%s,不是征地村%s的村民", p.Name, p.Region, b.region)
	case p.Status == shebao.StatusDeceased:
		return nil, shebao.FieldErrorf("身份证号", "%s已于%s死亡", p.Name, p.DeathDate)
	case name == "":
		return nil, shebao.FieldErrorf("姓名", "缺少姓名")
	case name != p.Name:
		return nil, shebao.FieldErrorf("姓名", "姓名“%s”与登记的姓名不符", name)
	case p.Hukou != shebao.HukouAgricultural:
		return nil, shebao.FieldErrorf("身份证号", "%s的户籍性质为%s,不是农业户口", p.Name, p.Hukou)
	}
	on, _ := time.Parse(shebao.DateLayout, b.approvedOn)
	if p.Birth > b.approvedOn {
		return nil, shebao.FieldErrorf("身份证号", "%s出生于%s,征地批准(%s)时尚未出生", p.Name, p.Birth, b.approvedOn)
	}
	age, err := ageOn(p.Birth, on)
	if err != nil {
		return nil, err
	}
	pol, err := lp.at(b.region, on)
	if err != nil {
		return nil, err
	}
	band, err := pol.bands.Find(age, p.Sex)
	if err != nil {
		return nil, shebao.FieldErrorf("身份证号", "%s", shebao.ErrorMessage(err))
	}
	row, err := pol.funding.For(band.Name)
	if err != nil {
		return nil, shebao.FieldErrorf("身份证号", "%s", shebao.ErrorMessage(err))
	}
	gov, coll, ind, explain := policy.SplitFunding(row)
	return &shebao.RosterLine{ApprovalNo: b.no, IDNo: p.IDNo, Name: p.Name, Sex: p.Sex, Birth: p.Birth, Region: p.Region,
		Age: age, Band: band.Name, BandKind: band.Kind, BandAmount: band.Amount,
		Standard: row.Standard, Government: gov, Collective: coll, Individual: ind,
		Explanation: fmt.Sprintf("%s%s生于%s,征地批准日%s时%d周岁,属“%s”(%s);%s(依据:%s)",
			p.Name, p.Sex, p.Birth, b.approvedOn, age, band.Name, bandKindName(band), explain, pol.cite)}, nil
}

func bandKindName(b policy.LandBand) string {
	switch b.Kind {
	case policy.LandOneOff:
		return "一次性补助" + b.Amount.String() + "元"
	case policy.LandPension:
		return "养老保险缴费补助" + b.Amount.String() + "元"
	case policy.LandAllowance:
		return "按月生活保障金" + b.Amount.String() + "元"
	}
	return b.Kind
}

// rosterBatchOf returns the batch each person is on the roster of.
func (tx *Tx) rosterBatchOf(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("id_no", ids, nil)
	rows, err := tx.Query(ctx, `SELECT id_no, approval_no FROM land_roster WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, no string
		if err := rows.Scan(&id, &no); err != nil {
			return nil, err
		}
		out[id] = no
	}
	return out, rows.Err()
}

// FindRoster lists a batch's roster (an audited read of personal data).
func (db *DB) FindRoster(ctx context.Context, no string) ([]*shebao.RosterLine, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out []*shebao.RosterLine
	err = db.View(ctx, func(tx *Tx) error {
		b, err := tx.landBatchInScope(ctx, sc, no)
		if err != nil {
			return err
		}
		if out, err = tx.rosterLines(ctx, b.no, ""); err != nil {
			return err
		}
		return tx.audit(ctx, "roster.read", shebao.EntityRoster, b.no, b.region, nil, nil)
	})
	return out, err
}

func (tx *Tx) rosterLines(ctx context.Context, no, status string) ([]*shebao.RosterLine, error) {
	q := `SELECT ` + rosterColumns + rosterFrom + ` WHERE l.approval_no = $1`
	args := []any{no}
	if status != "" {
		q += ` AND l.status = $2`
		args = append(args, status)
	}
	rows, err := tx.Query(ctx, q+` ORDER BY l.id_no`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shebao.RosterLine
	for rows.Next() {
		l, err := scanRosterLine(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ───────────────────────── acceptance: 即征即保 ─────────────────────────

// AcceptRoster accepts the submitted lines of a batch's roster on the date
// (YYYY-MM-DD, "" = today): set-based, in one transaction, the persons are
// enrolled in scheme 910 from that date, flagged 被征地 and, where their
// hukou is still 农业, converted to 非农业 (农转非), each with its history
// and audit entry; the one-off payments of the under-16s and the
// allowances of the persons in an allowance band are created as benefits
// for the monthly payroll (source "land:<批准文号>"); the contribution
// support of the working-age persons is posted as a 910 expense (5093)
// payable to the pension schemes. A person who can no longer be enrolled
// (died since, already in 910) is skipped with the reason and stays
// submitted. Accepting again accepts only lines submitted since.
func (db *DB) AcceptRoster(ctx context.Context, no, date string) (*shebao.RosterAcceptance, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "roster.accept", shebao.EntityRoster, no); err != nil {
		return nil, err
	}
	// Acceptance creates entitlements: a district decision, not the
	// village's, which only submits.
	if err := authorize(sc.actor, "benefit.create", shebao.EntityBenefit, no); err != nil {
		return nil, err
	}
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	on, err := time.Parse(shebao.DateLayout, date)
	if err != nil {
		return nil, shebao.FieldErrorf("参保日期", "参保日期“%s”无效,应为YYYY-MM-DD", date)
	}
	if on.After(shebao.Today()) {
		return nil, shebao.FieldErrorf("参保日期", "参保日期%s晚于今天", date)
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.RosterAcceptance
	err = db.Update(ctx, func(tx *Tx) error {
		b, err := tx.landBatchInScope(ctx, sc, no)
		if err != nil {
			return err
		}
		out = &shebao.RosterAcceptance{ApprovalNo: b.no, Date: date, Skipped: []shebao.LineError{}}
		lines, err := tx.rosterLines(ctx, b.no, shebao.RosterSubmitted)
		if err != nil {
			return err
		}
		if len(lines) == 0 {
			return nil
		}
		ids := make([]string, len(lines))
		for i, l := range lines {
			ids[i] = l.IDNo
		}
		persons, err := tx.personsByID(ctx, ids)
		if err != nil {
			return err
		}
		holders, err := tx.slotHolders(ctx, ids)
		if err != nil {
			return err
		}
		scheme, _ := shebao.FindScheme(shebao.SchemeLandExpropriated)
		var plan []*shebao.Enrollment
		var slots []string
		var reqs []shebao.EnrollRequest
		var accepted []*shebao.RosterLine
		for i, l := range lines {
			req := shebao.EnrollRequest{IDNo: l.IDNo, Scheme: scheme.Code, Date: date, Reason: "征地批次" + b.no + "即征即保"}
			f := enrollFacts{scope: sc, scheme: scheme, person: persons[l.IDNo], holder: holders[l.IDNo+"/"+scheme.Slot]}
			n, _, err := planEnroll(req, f)
			if err != nil {
				out.Skipped = append(out.Skipped, shebao.LineError{Line: i + 1, IDNo: idno.MaskID(l.IDNo), Field: fieldOf(err), Reason: shebao.ErrorMessage(err)})
				continue
			}
			plan = append(plan, n)
			slots = append(slots, scheme.Slot)
			reqs = append(reqs, req)
			accepted = append(accepted, l)
		}
		if len(accepted) == 0 {
			return nil
		}
		if err := tx.insertEnrollments(ctx, plan, slots, reqs); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "名单中人员的参保关系正在被他人同时办理,请稍后重试")
			}
			return err
		}
		enrolled := make([]string, len(plan))
		for i, n := range plan {
			enrolled[i] = n.ID
		}
		if err := tx.audit(ctx, "enrollment.enroll", shebao.EntityEnrollment, b.no, b.region, nil,
			map[string]any{"scheme": scheme.Code, "date": date, "reason": "征地批次" + b.no + "即征即保", "enrollments": enrolled}); err != nil {
			return err
		}
		// 被征地 and 农转非, with each person's history.
		for _, l := range accepted {
			old := persons[l.IDNo]
			p := *old
			p.Flags = append(slices.Clone(old.Flags), shebao.FlagLandLost)
			if p.Hukou == shebao.HukouAgricultural {
				p.Hukou = shebao.HukouNonAgricultural
			}
			if err := shebao.NormalizePerson(&p, shebao.Today()); err != nil {
				return err
			}
			changes := shebao.PersonChanges(old, &p)
			if len(changes) == 0 {
				continue
			}
			p.Source = "land:" + b.no
			if err := tx.updatePerson(ctx, fmt.Sprintf("征地批次%s(批准日%s)即征即保:被征地农民,农转非", b.no, b.approvedOn), old, &p, changes); err != nil {
				return err
			}
		}
		a, _ := shebao.ActorFrom(ctx)
		acceptedIDs := make([]string, len(accepted))
		for i, l := range accepted {
			acceptedIDs[i] = l.IDNo
		}
		cond, args := tx.inKeys("id_no", acceptedIDs, []any{shebao.RosterEnrolled, date, a.Name, b.no})
		if _, err := tx.Exec(ctx, `UPDATE land_roster SET status = $1, enrolled_on = $2, accepted_by = $3
			WHERE approval_no = $4 AND `+cond, args...); err != nil {
			return err
		}
		// The benefits already due, and the pension contribution support.
		optedOut, err := tx.villageConversionPersons(ctx, acceptedIDs)
		if err != nil {
			return err
		}
		var bs []shebao.NewBenefit
		var subsidy shebao.Money
		for _, l := range accepted {
			switch l.BandKind {
			case policy.LandOneOff:
				bs = append(bs, lumpSumBenefit(b, l, date))
				out.LumpSums++
			case policy.LandPension:
				subsidy += l.BandAmount
				out.PensionPersons++
			case policy.LandAllowance:
				if optedOut[l.IDNo] {
					continue
				}
				nb, err := allowanceBenefit(set, b, l, date, "")
				if err != nil {
					return err
				}
				if nb != nil {
					bs = append(bs, *nb)
					out.Allowances++
				}
			}
		}
		if _, err := tx.createBenefits(ctx, bs); err != nil {
			return err
		}
		if subsidy > 0 {
			h := sha256.Sum256([]byte(strings.Join(acceptedIDs, ",")))
			e := &shebao.Entry{Fund: shebao.SchemeLandExpropriated, Date: date, Kind: shebao.PostBenefit,
				Source:      "land-pension:" + b.no + ":" + hex.EncodeToString(h[:6]),
				Description: fmt.Sprintf("征地批次%s劳动年龄段%d人养老保险缴费补助,应划入职工或居民养老保险", b.no, out.PensionPersons),
				Lines:       []shebao.Line{shebao.Debit(shebao.AcctPensionSubsidy, subsidy), shebao.Credit(shebao.AcctBenefitsPayable, subsidy)}}
			if _, err := tx.postFor(ctx, shebao.EntityBenefit, []*shebao.Entry{e}); err != nil {
				return err
			}
			out.PensionSubsidy = subsidy
		}
		out.Enrolled = len(accepted)
		return tx.audit(ctx, "roster.accept", shebao.EntityRoster, b.no, b.region, nil,
			map[string]any{"date": date, "enrolled": out.Enrolled, "lump_sums": out.LumpSums, "allowances": out.Allowances,
				"pension_subsidy": out.PensionSubsidy.String(), "skipped": len(out.Skipped)})
	})
	return out, err
}

// villageConversionPersons returns the persons who opted into their
// converted village's lump-sum employee pension (村改居, lumpsum_persons):
// they join the employee pension instead of receiving the land allowance.
func (tx *Tx) villageConversionPersons(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("id_no", ids, nil)
	rows, err := tx.Query(ctx, `SELECT id_no FROM lumpsum_persons WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

func monthAfter(d string) shebao.Period {
	t, _ := time.Parse(shebao.DateLayout, d)
	return shebao.Period(time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
}

// lumpSumBenefit is the one-off payment of a person under 16, paid in the
// month after the enrollment.
func lumpSumBenefit(b *storedBatch, l *shebao.RosterLine, enrolledOn string) shebao.NewBenefit {
	return shebao.NewBenefit{IDNo: l.IDNo, Kind: shebao.BenefitLandLumpSum, StartMonth: string(monthAfter(enrolledOn)),
		Monthly: l.BandAmount, Source: "land:" + b.no,
		Explanation: fmt.Sprintf("被征地农民一次性补助%s元:征地批次%s(批准日%s)时%d周岁,属“%s”,于参保(%s)次月一次性发放",
			l.BandAmount, b.no, b.approvedOn, l.Age, l.Band, enrolledOn),
		Detail: map[string]any{"batch": b.no, "band": l.Band, "age": l.Age}}
}

// allowanceStart returns the first month of a person's monthly allowance:
// the month after they reach the minimum age of the allowance band, or the
// month after the enrollment if they were older.
func allowanceStart(birth string, minAge int, enrolledOn string) shebao.Period {
	bt, _ := time.Parse(shebao.DateLayout, birth)
	reached := bt.AddDate(minAge, 0, 0).Format(shebao.DateLayout)
	start := monthAfter(enrolledOn)
	if m := monthAfter(reached); m > start {
		start = m
	}
	return start
}

// allowanceFor is the allowance band and amount of a person for a month:
// the band of their age on the last day of the month before (the month
// after they reach a band's age is that band's first), under the policy in
// force on the first day of the month.
func allowanceFor(set *policy.Set, region, birth, sex string, month shebao.Period) (policy.LandBand, policy.Param, int, error) {
	var bands policy.LandBands
	p, err := set.Table("land.bands", region, month.First(), &bands)
	if err != nil {
		return policy.LandBand{}, p, 0, err
	}
	age, err := ageOn(birth, month.Prev().Last())
	if err != nil {
		return policy.LandBand{}, p, 0, err
	}
	band, err := bands.Find(age, sex)
	return band, p, age, err
}

// minAllowanceAge is the lowest age of an allowance band for the sex.
func minAllowanceAge(set *policy.Set, region, sex string, on time.Time) (int, bool, error) {
	var bands policy.LandBands
	if _, err := set.Table("land.bands", region, on, &bands); err != nil {
		return 0, false, err
	}
	found, min := false, 0
	for _, b := range bands {
		if b.Kind == policy.LandAllowance && (b.Sex == "" || b.Sex == sex) && (!found || b.MinAge < min) {
			found, min = true, b.MinAge
		}
	}
	return min, found, nil
}

// allowanceBenefit is the monthly allowance of a roster person: from
// allowanceStart, at the band's amount for that month. upTo, when set,
// leaves out an allowance that starts after that month (nil).
func allowanceBenefit(set *policy.Set, b *storedBatch, l *shebao.RosterLine, enrolledOn string, upTo shebao.Period) (*shebao.NewBenefit, error) {
	on, _ := time.Parse(shebao.DateLayout, b.approvedOn)
	minAge, ok, err := minAllowanceAge(set, b.region, l.Sex, on)
	if err != nil || !ok {
		return nil, err
	}
	if l.BandKind == policy.LandAllowance {
		var bands policy.LandBands
		if _, err := set.Table("land.bands", b.region, on, &bands); err != nil {
			return nil, err
		}
		for _, bd := range bands {
			if bd.Name == l.Band {
				minAge = bd.MinAge
			}
		}
	}
	start := allowanceStart(l.Birth, minAge, enrolledOn)
	if upTo != "" && start > upTo {
		return nil, nil
	}
	band, p, age, err := allowanceFor(set, b.region, l.Birth, l.Sex, start)
	if err != nil {
		return nil, err
	}
	if band.Kind != policy.LandAllowance || band.Amount <= 0 {
		return nil, nil
	}
	return &shebao.NewBenefit{IDNo: l.IDNo, Kind: shebao.BenefitLandAllowance, StartMonth: string(start),
		Monthly: band.Amount, Source: "land:" + b.no,
		Explanation: fmt.Sprintf("被征地农民基本生活保障金%s元/月:征地批次%s(批准日%s)时%d周岁属“%s”,参保日%s;自%s起按“%s”(%d周岁)标准发放(依据:%s)",
			band.Amount, b.no, b.approvedOn, l.Age, l.Band, enrolledOn, start, band.Name, age, p.Cite()),
		Detail: map[string]any{"batch": b.no, "band": band.Name, "age": age, "approval_band": l.Band}}, nil
}

// ───────────────────────── allowances falling due ─────────────────────────

// RunLandAllowances creates the land allowances that start in the month or
// before and do not exist yet (persons who reach an allowance band later;
// the working-age persons too where land.pension_band_allowance is 1), and
// gives a running allowance a new amount from the month when the person has
// moved to another allowance band or the standard changed. Set-based: one
// read of the enrolled roster with the persons and their allowances, one
// bulk insert of the new benefits. Running a month again changes nothing.
func (db *DB) RunLandAllowances(ctx context.Context, month string) (*shebao.LandAllowanceRun, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "benefit.create", shebao.EntityBenefit, ""); err != nil {
		return nil, err
	}
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		return nil, shebao.FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", month)
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	out := &shebao.LandAllowanceRun{Month: string(m)}
	err = db.Update(ctx, func(tx *Tx) error {
		*out = shebao.LandAllowanceRun{Month: string(m)}
		conds, args := sc.where("l.region_code", []string{"l.status = $1", "p.status = $2", "l.enrolled_on <> ''"},
			[]any{shebao.RosterEnrolled, shebao.StatusAlive})
		// The amount in force in the month comes with each row (one
		// correlated look-up on the primary key), not a query per benefit.
		args = append(args, string(m))
		rows, err := tx.Query(ctx, `SELECT `+rosterColumns+`, COALESCE(a.id, ''), COALESCE((SELECT x.monthly FROM benefit_amounts x
			WHERE x.benefit_id = a.id AND x.from_month <= $`+itoa(len(args))+` ORDER BY x.from_month DESC LIMIT 1), 0), COALESCE(a.status, ''),
			CASE WHEN v.id_no IS NULL THEN 0 ELSE 1 END`+rosterFrom+`
			LEFT JOIN benefits a ON a.id_no = l.id_no AND a.kind = '`+shebao.BenefitLandAllowance+`' AND a.source = 'land:' || l.approval_no
			LEFT JOIN lumpsum_persons v ON v.id_no = l.id_no`+whereClause(conds)+` ORDER BY l.id_no`, args...)
		if err != nil {
			return err
		}
		type due struct {
			l       *shebao.RosterLine
			benefit string
			monthly shebao.Money
			status  string
			opted   bool
		}
		var dues []due
		for rows.Next() {
			var d due
			var monthly int64
			var opted int
			var l shebao.RosterLine
			var amount, std, gov, coll, ind int64
			var approvedOn string
			if err := rows.Scan(&l.IDNo, &l.ApprovalNo, &l.Region, &l.Name, &l.Sex, &l.Birth, &l.Age, &l.Band, &l.BandKind, &amount,
				&std, &gov, &coll, &ind, &l.Explanation, &l.Status, &l.SubmittedAt, &l.SubmittedBy, &l.EnrolledOn, &l.AcceptedBy, &approvedOn,
				&d.benefit, &monthly, &d.status, &opted); err != nil {
				rows.Close()
				return err
			}
			l.BandAmount = shebao.Money(amount)
			d.l, d.monthly, d.opted = &l, shebao.Money(monthly), opted == 1
			dues = append(dues, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		batchNos := make([]string, 0)
		for _, d := range dues {
			batchNos = append(batchNos, d.l.ApprovalNo)
		}
		batches, err := tx.landBatchesByNo(ctx, nonEmpty(batchNos))
		if err != nil {
			return err
		}
		var bs []shebao.NewBenefit
		for _, d := range dues {
			out.Checked++
			b := batches[d.l.ApprovalNo]
			if d.opted || d.l.BandKind == policy.LandOneOff {
				continue
			}
			if d.benefit == "" {
				if d.l.BandKind == policy.LandPension {
					on := m.First()
					v, _, err := set.Int("land.pension_band_allowance", b.region, on)
					if err != nil {
						return err
					}
					if v != 1 {
						continue
					}
				}
				nb, err := allowanceBenefit(set, b, d.l, d.l.EnrolledOn, m)
				if err != nil {
					return err
				}
				if nb != nil {
					bs = append(bs, *nb)
				}
				continue
			}
			if d.status == shebao.BenefitStopped {
				continue
			}
			band, p, age, err := allowanceFor(set, b.region, d.l.Birth, d.l.Sex, m)
			if err != nil || band.Kind != policy.LandAllowance {
				continue
			}
			current := d.monthly
			if current == band.Amount {
				continue
			}
			changed, err := tx.addBenefitAmount(ctx, d.benefit, shebao.BenefitAmount{FromMonth: string(m), Monthly: band.Amount,
				Explanation: fmt.Sprintf("自%s起%d周岁,按“%s”标准%s元/月发放(原%s元/月;依据:%s)", m, age, band.Name, band.Amount, current, p.Cite()),
				Source:      "land-band:" + string(m)})
			if err != nil {
				return err
			}
			if changed {
				out.Adjusted++
				if err := tx.audit(ctx, "benefit.adjust", shebao.EntityBenefit, d.benefit, d.l.Region,
					map[string]string{"monthly": current.String()}, map[string]string{"monthly": band.Amount.String(), "from": string(m), "band": band.Name}); err != nil {
					return err
				}
			}
		}
		n, err := tx.createBenefits(ctx, bs)
		out.Created = n
		return err
	})
	return out, err
}

// ───────────────────────── funds ─────────────────────────

// landIncome is the income account of a payer's funds: the government's
// share is a fiscal subsidy (4002 财政补贴收入, from the land-grant
// revenue), the collective's a collective subsidy (4003 集体补助收入, from
// the land compensation), and the individual's a contribution (4001 社会保险
// 费收入, deducted from the resettlement subsidy).
func landIncome(payer string) (account, kind string) {
	switch payer {
	case shebao.PayerGovernment:
		return shebao.AcctSubsidyIncome, shebao.PostSubsidy
	case shebao.PayerCollective:
		return shebao.AcctCollectiveIncome, shebao.PostSubsidy
	}
	return shebao.AcctContributionIncome, shebao.PostCollection
}

// RecordLandFund records money received for a batch from one payer
// ("直接划入社保部门") and posts it to the 910 fund's ledger: Dr 1002 银行存款,
// Cr the payer's income account (landIncome). Idempotent by receipt
// number: the same receipt again changes nothing (created = false); the
// same number with another batch, payer, amount or date is a conflict.
func (db *DB) RecordLandFund(ctx context.Context, f shebao.LandFund) (out *shebao.LandFund, created bool, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, false, err
	}
	if err := authorize(sc.actor, "fund.post", shebao.EntityFund, f.ReceiptNo); err != nil {
		return nil, false, err
	}
	f.ReceiptNo = strings.TrimSpace(f.ReceiptNo)
	f.ApprovalNo = normalizeApprovalNo(f.ApprovalNo)
	f.Payer = strings.TrimSpace(f.Payer)
	if err := f.Validate(); err != nil {
		return nil, false, err
	}
	if d, _ := time.Parse(shebao.DateLayout, f.Date); d.After(shebao.Today()) {
		return nil, false, shebao.FieldErrorf("到账日期", "到账日期%s晚于今天", f.Date)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		b, err := tx.landBatchInScope(ctx, sc, f.ApprovalNo)
		if err != nil {
			return err
		}
		old, err := tx.findLandFund(ctx, f.ReceiptNo)
		if err != nil {
			return err
		}
		if old != nil {
			if old.ApprovalNo != b.no || old.Payer != f.Payer || old.Amount != f.Amount || old.Date != f.Date {
				return &shebao.Error{Code: shebao.ECONFLICT, Field: "回单号", Message: fmt.Sprintf("回单号%s已登记为%s %s %s元(%s),与本次不符",
					f.ReceiptNo, old.ApprovalNo, old.Payer, old.Amount, old.Date)}
			}
			out = old
			return nil
		}
		account, kind := landIncome(f.Payer)
		e := &shebao.Entry{Fund: shebao.SchemeLandExpropriated, Date: f.Date, Kind: kind, Source: "land-fund:" + f.ReceiptNo,
			Description: fmt.Sprintf("征地批次%s%s资金到账(回单%s)", b.no, f.Payer, f.ReceiptNo),
			Lines:       []shebao.Line{shebao.Debit(shebao.AcctBank, f.Amount), shebao.Credit(account, f.Amount)}}
		if _, err := tx.Post(ctx, e); err != nil {
			return err
		}
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO land_funds (receipt_no, approval_no, region_code, payer, amount, received_on, entry_id, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, f.ReceiptNo, b.no, b.region, f.Payer, int64(f.Amount), f.Date, e.ID,
			fmtTime(tx.now), a.Name); err != nil {
			return err
		}
		if err := tx.audit(ctx, "land.fund", shebao.EntityFund, f.ReceiptNo, b.region, nil, f); err != nil {
			return err
		}
		created = true
		out, err = tx.findLandFund(ctx, f.ReceiptNo)
		return err
	})
	return out, created, err
}

func (tx *Tx) findLandFund(ctx context.Context, receipt string) (*shebao.LandFund, error) {
	var f shebao.LandFund
	var amount int64
	var at string
	err := tx.QueryRow(ctx, `SELECT receipt_no, approval_no, region_code, payer, amount, received_on, entry_id, created_at, created_by
		FROM land_funds WHERE receipt_no = $1`, receipt).Scan(&f.ReceiptNo, &f.ApprovalNo, &f.Region, &f.Payer, &amount, &f.Date, &f.EntryID, &at, &f.CreatedBy)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f.Amount, f.CreatedAt = shebao.Money(amount), parseTime(at)
	return &f, nil
}

// ───────────────────────── figures, report, warnings ─────────────────────────

// landFigures computes the figures of the batches (all batches in the
// scope when nos is nil), set-based: one grouped query each for the
// roster, the enrollment dates, the funds and the allowances.
func (tx *Tx) landFigures(ctx context.Context, nos []string, sc scope) (map[string]*shebao.LandFigures, error) {
	figs := map[string]*shebao.LandFigures{}
	if nos != nil && len(nos) == 0 {
		return figs, nil
	}
	filter := func(col, regionCol string, args []any, conds ...string) (string, []any) {
		if nos != nil {
			var cond string
			cond, args = tx.inKeys(col, nos, args)
			conds = append(conds, cond)
		}
		conds, args = sc.where(regionCol, conds, args)
		return whereClause(conds), args
	}
	get := func(no string) *shebao.LandFigures {
		f := figs[no]
		if f == nil {
			f = &shebao.LandFigures{}
			figs[no] = f
		}
		return f
	}
	// Batches.
	where, args := filter("approval_no", "region_code", nil)
	if err := tx.scanRows(ctx, `SELECT approval_no, persons_to_secure FROM land_batches`+where, args, func(s rowScanner) error {
		var no string
		var n int
		if err := s.Scan(&no, &n); err != nil {
			return err
		}
		f := get(no)
		f.Batches, f.PersonsToSecure = 1, n
		return nil
	}); err != nil {
		return nil, err
	}
	// Roster and funding required.
	where, args = filter("approval_no", "region_code", []any{shebao.RosterEnrolled})
	if err := tx.scanRows(ctx, `SELECT approval_no, COUNT(*), SUM(CASE WHEN status = $1 THEN 1 ELSE 0 END),
		SUM(standard), SUM(government), SUM(collective), SUM(individual) FROM land_roster`+where+` GROUP BY approval_no`, args,
		func(s rowScanner) error {
			var no string
			var n, enrolled int
			var std, gov, coll, ind int64
			if err := s.Scan(&no, &n, &enrolled, &std, &gov, &coll, &ind); err != nil {
				return err
			}
			f := get(no)
			f.OnRoster, f.Enrolled = n, enrolled
			f.Required, f.RequiredGovernment, f.RequiredCollective, f.RequiredIndividual =
				shebao.Money(std), shebao.Money(gov), shebao.Money(coll), shebao.Money(ind)
			return nil
		}); err != nil {
		return nil, err
	}
	// Lag: days from approval to enrollment, grouped by date.
	type lag struct{ sum, worst int }
	lags := map[string]*lag{}
	where, args = filter("l.approval_no", "l.region_code", []any{shebao.RosterEnrolled}, "l.status = $1")
	if err := tx.scanRows(ctx, `SELECT l.approval_no, b.approved_on, l.enrolled_on, COUNT(*) FROM land_roster l
		JOIN land_batches b ON b.approval_no = l.approval_no`+where+`
		GROUP BY l.approval_no, b.approved_on, l.enrolled_on`, args, func(s rowScanner) error {
		var no, approved, enrolled string
		var n int
		if err := s.Scan(&no, &approved, &enrolled, &n); err != nil {
			return err
		}
		d := lagDays(approved, enrolled)
		lg := lags[no]
		if lg == nil {
			lg = &lag{}
			lags[no] = lg
		}
		lg.sum += d * n
		lg.worst = max(lg.worst, d)
		return nil
	}); err != nil {
		return nil, err
	}
	// Funds received by payer.
	where, args = filter("approval_no", "region_code", nil)
	if err := tx.scanRows(ctx, `SELECT approval_no, payer, SUM(amount) FROM land_funds`+where+` GROUP BY approval_no, payer`, args,
		func(s rowScanner) error {
			var no, payer string
			var amount int64
			if err := s.Scan(&no, &payer, &amount); err != nil {
				return err
			}
			f := get(no)
			switch payer {
			case shebao.PayerGovernment:
				f.ReceivedGovernment += shebao.Money(amount)
			case shebao.PayerCollective:
				f.ReceivedCollective += shebao.Money(amount)
			default:
				f.ReceivedIndividual += shebao.Money(amount)
			}
			f.Received += shebao.Money(amount)
			return nil
		}); err != nil {
		return nil, err
	}
	// Receiving: persons with an active land allowance of their batch.
	month := string(shebao.Period(shebao.Today().Format("2006-01")))
	where, args = filter("l.approval_no", "l.region_code", []any{shebao.BenefitLandAllowance, shebao.BenefitActive, month})
	if err := tx.scanRows(ctx, `SELECT l.approval_no, COUNT(*) FROM land_roster l JOIN benefits a ON a.id_no = l.id_no
		AND a.kind = $1 AND a.source = 'land:' || l.approval_no AND a.status = $2 AND a.start_month <= $3`+where+` GROUP BY l.approval_no`, args,
		func(s rowScanner) error {
			var no string
			var n int
			if err := s.Scan(&no, &n); err != nil {
				return err
			}
			get(no).Receiving = n
			return nil
		}); err != nil {
		return nil, err
	}
	for no, f := range figs {
		f.Unsecured = max(0, f.PersonsToSecure-f.Enrolled)
		f.Gap = f.Required - f.Received
		if lg := lags[no]; lg != nil {
			f.SetLag(lg.sum, lg.worst)
		}
	}
	return figs, nil
}

// scanRows runs a query and calls fn for each row.
func (tx *Tx) scanRows(ctx context.Context, q string, args []any, fn func(rowScanner) error) error {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// LandReport gives, for the batches in the region (within the actor's
// jurisdiction), the figures per batch and rolled up by village, town and
// district: persons to secure, on roster, enrolled, receiving, funds
// required / received / gap, average and worst lag.
func (db *DB) LandReport(ctx context.Context, region string) (*shebao.LandReport, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "land.read", shebao.EntityLand, ""); err != nil {
		return nil, err
	}
	if sc, err = sc.narrow(region); err != nil {
		return nil, err
	}
	rep := &shebao.LandReport{Region: region, AsOf: shebao.Today().Format(shebao.DateLayout),
		Batches: []shebao.LandBatchReport{}, Villages: []shebao.LandRollup{}, Towns: []shebao.LandRollup{}}
	err = db.Update(ctx, func(tx *Tx) error {
		figs, err := tx.landFigures(ctx, nil, sc)
		if err != nil {
			return err
		}
		conds, args := sc.where("b.region_code", nil, nil)
		var batches []*storedBatch
		if err := tx.scanRows(ctx, `SELECT `+landBatchColumns+landBatchFrom+whereClause(conds)+` ORDER BY b.region_code, b.approved_on, b.approval_no`, args,
			func(s rowScanner) error {
				b, err := scanLandBatch(s)
				if err == nil {
					batches = append(batches, b)
				}
				return err
			}); err != nil {
			return err
		}
		villages := map[string]*shebao.LandRollup{}
		towns := map[string]*shebao.LandRollup{}
		var vOrder, tOrder []string
		district := ""
		for _, b := range batches {
			f := figs[b.no]
			if f == nil {
				f = &shebao.LandFigures{Batches: 1, PersonsToSecure: b.persons, Unsecured: b.persons}
			}
			rep.Batches = append(rep.Batches, shebao.LandBatchReport{ApprovalNo: b.no, ApprovedOn: b.approvedOn, Region: b.region,
				RegionName: b.regionName, LandFigures: *f})
			v := villages[b.region]
			if v == nil {
				v = &shebao.LandRollup{Region: b.region, Name: b.regionName, Level: "村"}
				villages[b.region] = v
				vOrder = append(vOrder, b.region)
			}
			v.Add(*f)
			town := b.region[:9] + "000"
			t := towns[town]
			if t == nil {
				t = &shebao.LandRollup{Region: town, Level: "镇"}
				towns[town] = t
				tOrder = append(tOrder, town)
			}
			t.Add(*f)
			rep.Total.Add(*f)
			if district == "" {
				district = b.region[:6] + "000000"
			} else if district != b.region[:6]+"000000" {
				district = "-"
			}
		}
		names, err := tx.regionNames(ctx, append(slices.Clone(tOrder), district))
		if err != nil {
			return err
		}
		for _, c := range vOrder {
			rep.Villages = append(rep.Villages, *villages[c])
		}
		for _, c := range tOrder {
			t := towns[c]
			t.Name = names[c]
			rep.Towns = append(rep.Towns, *t)
		}
		rep.Total.Level = "合计"
		if district != "" && district != "-" {
			rep.Total.Region, rep.Total.Name, rep.Total.Level = district, names[district], "区"
		}
		return nil
	})
	return rep, err
}

func (tx *Tx) regionNames(ctx context.Context, codes []string) (map[string]string, error) {
	out := map[string]string{}
	codes = nonEmpty(codes)
	if len(codes) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("code", codes, nil)
	err := tx.scanRows(ctx, `SELECT code, name FROM regions WHERE `+cond, args, func(s rowScanner) error {
		var c, n string
		if err := s.Scan(&c, &n); err != nil {
			return err
		}
		out[c] = n
		return nil
	})
	return out, err
}

// LandWarnings lists the batches in the region whose persons are not all
// secured (persons to secure − enrolled > 0), marking those whose roster is
// late: still incomplete more than land.roster_deadline_days after the
// approval date.
func (db *DB) LandWarnings(ctx context.Context, region string) ([]shebao.LandWarning, error) {
	rep, err := db.LandReport(ctx, region)
	if err != nil {
		return nil, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	today := shebao.Today()
	out := []shebao.LandWarning{}
	for _, b := range rep.Batches {
		if b.Unsecured == 0 {
			continue
		}
		approved, _ := time.Parse(shebao.DateLayout, b.ApprovedOn)
		days := int(today.Sub(approved).Hours() / 24)
		deadline, p, err := set.Int("land.roster_deadline_days", b.Region, approved)
		if err != nil {
			return nil, err
		}
		w := shebao.LandWarning{ApprovalNo: b.ApprovalNo, ApprovedOn: b.ApprovedOn, Region: b.Region, RegionName: b.RegionName,
			PersonsToSecure: b.PersonsToSecure, OnRoster: b.OnRoster, Enrolled: b.Enrolled, Unsecured: b.Unsecured, DaysSince: days}
		w.Reason = append(w.Reason, fmt.Sprintf("应安置%d人,已参保%d人,尚有%d人未落实保障", b.PersonsToSecure, b.Enrolled, b.Unsecured))
		if b.OnRoster < b.PersonsToSecure {
			w.Reason = append(w.Reason, fmt.Sprintf("名单已报%d人,少于应安置人数", b.OnRoster))
		}
		if b.OnRoster > b.Enrolled {
			w.Reason = append(w.Reason, fmt.Sprintf("%d人已报送待受理参保", b.OnRoster-b.Enrolled))
		}
		if days > deadline {
			w.Late = true
			w.Reason = append(w.Reason, fmt.Sprintf("批准已%d天,超过名单报送期限%d天(依据:%s)", days, deadline, p.Cite()))
		}
		out = append(out, w)
	}
	return out, nil
}
