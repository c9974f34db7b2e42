package sqldb

import (
	"time"

	"context"
	"encoding/json"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// The store of land-expropriated farmers (被征地农民, scheme 910), 即征即保:
// the land bureau's batches (land_batches, with their history), the
// villages' rosters (land_roster), the funds received per batch and payer
// (land_funds, posted to the 910 ledger), and the figures of the report.
// The rules — persons to secure, the roster's checks and age bands,
// acceptance, the allowances falling due, the report's roll-up and
// warnings — are package land's and policy's.

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

// ───────────────────────── batches ─────────────────────────

// LandBatchesByNo reads the batches with the approval numbers, wherever
// they lie (the service tells another jurisdiction's batch apart).
func (db *DB) LandBatchesByNo(ctx context.Context, nos []string) (map[string]*shebao.LandBatch, error) {
	out := map[string]*shebao.LandBatch{}
	err := db.Update(ctx, func(tx *Tx) error {
		stored, err := tx.landBatchesByNo(ctx, nos)
		for no, b := range stored {
			out[no] = b.domain()
		}
		return err
	})
	return out, err
}

// RosterCounts returns the number of persons on each batch's roster.
func (db *DB) RosterCounts(ctx context.Context, nos []string) (map[string]int, error) {
	var out map[string]int
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.rosterCounts(ctx, nos)
		return err
	})
	return out, err
}

// storedOf is a batch as stored, its areas parsed back from their text.
func storedOf(b *shebao.LandBatch) (*storedBatch, error) {
	area, err := policy.ParseMu(b.AreaTaken)
	if err != nil {
		return nil, err
	}
	farm, err := policy.ParseMu(b.Farmland)
	if err != nil {
		return nil, err
	}
	return &storedBatch{no: b.ApprovalNo, approvedOn: b.ApprovedOn, region: b.Region, area: area, farmland: farm,
		population: b.AgriPopulation, persons: b.PersonsToSecure, explanation: b.Explanation, version: b.Version, source: b.Source,
		regionName: b.RegionName, created: fmtTime(b.CreatedAt), updated: fmtTime(b.UpdatedAt)}, nil
}

// InsertLandBatches creates batches from import run `run` (or the API, run
// "api"), with one audit entry naming them. A number another writer
// created meanwhile is a conflict.
func (db *DB) InsertLandBatches(ctx context.Context, run string, bs []*shebao.LandBatch) error {
	if len(bs) == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		rows := make([][]any, len(bs))
		created := make([]string, len(bs))
		for i, in := range bs {
			b, err := storedOf(in)
			if err != nil {
				return err
			}
			rows[i] = []any{b.no, b.approvedOn, b.region, int64(b.area), int64(b.farmland), int64(b.population),
				int64(b.persons), b.explanation, int64(1), b.source, now, a.Name, now, a.Name}
			created[i] = b.no
		}
		if err := tx.bulkInsert(ctx, landBatchTable, rows); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "批次正在被他人同时导入,请稍后重试")
			}
			return err
		}
		region := ""
		if len(bs) == 1 {
			region = bs[0].Region
		}
		return tx.audit(ctx, "land.import", shebao.EntityLand, run, region, nil, map[string]any{"created": created})
	})
}

// UpdateLandBatch writes a corrected batch (the changes listed), its
// previous state into the history, and the audit entry; optimistic on the
// batch's version.
func (db *DB) UpdateLandBatch(ctx context.Context, old, b *shebao.LandBatch, changes []shebao.Change) error {
	return db.Update(ctx, func(tx *Tx) error {
		o, err := storedOf(old)
		if err != nil {
			return err
		}
		n, err := storedOf(b)
		if err != nil {
			return err
		}
		return tx.updateBatch(ctx, o, n, changes)
	})
}

// LandBatchInScope returns the batch with the approval number in the
// actor's jurisdiction, or ENOTFOUND.
func (db *DB) LandBatchInScope(ctx context.Context, no string) (*shebao.LandBatch, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.LandBatch
	err = db.Update(ctx, func(tx *Tx) error {
		b, err := tx.landBatchInScope(ctx, sc, no)
		if err == nil {
			out = b.domain()
		}
		return err
	})
	return out, err
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
	err = db.View(ctx, func(tx *Tx) error {
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
	err = db.View(ctx, func(tx *Tx) error {
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
	no = shebao.NormalizeApprovalNo(no)
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
		lag := shebao.LagDays(approvedOn, l.EnrolledOn)
		l.LagDays = &lag
	}
	return &l, nil
}

// RosterData reads what a submission of roster lines needs
// (shebao.RosterData). On PostgreSQL the batches are locked first: two
// villages' clerks submitting for one batch at once queue here, so that
// the batch's quota holds (SQLite has one writer).
func (db *DB) RosterData(ctx context.Context, nos, ids []string) (*shebao.RosterData, error) {
	d := &shebao.RosterData{Batches: map[string]*shebao.LandBatch{}}
	err := db.Update(ctx, func(tx *Tx) error {
		if tx.db.Dialect == Postgres && len(nos) > 0 {
			cond, args := tx.inKeys("approval_no", nos, nil)
			if _, err := tx.Exec(ctx, `UPDATE land_batches SET version = version WHERE `+cond, args...); err != nil {
				return err
			}
		}
		batches, err := tx.landBatchesByNo(ctx, nos)
		if err != nil {
			return err
		}
		for no, b := range batches {
			d.Batches[no] = b.domain()
		}
		if d.Persons, err = tx.personsByID(ctx, ids); err != nil {
			return err
		}
		if d.OnRoster, err = tx.rosterBatchOf(ctx, ids); err != nil {
			return err
		}
		// The batches the persons are on already, so that the service
		// names only those in the actor's jurisdiction.
		var others []string
		for _, no := range d.OnRoster {
			if d.Batches[no] == nil {
				others = append(others, no)
			}
		}
		if len(others) > 0 {
			more, err := tx.landBatchesByNo(ctx, others)
			if err != nil {
				return err
			}
			for no, b := range more {
				d.Batches[no] = b.domain()
			}
		}
		d.Counts, err = tx.rosterCounts(ctx, nos)
		return err
	})
	return d, err
}

// InsertRosterLines stores submitted roster lines (each with the source of
// its row), with one audit entry for the submission: the detail the
// service gives (the numbers it looked up, how many lines were refused or
// unchanged) and the persons added, masked. The entry is written also when
// no line lands: a look-up that only found refusals is a read too. A line
// another writer stored meanwhile is a conflict.
func (db *DB) InsertRosterLines(ctx context.Context, run string, lines []*shebao.RosterLine, sources []string, detail map[string]any) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		after := map[string]any{}
		for k, v := range detail {
			after[k] = v
		}
		if len(lines) == 0 {
			after["created"], after["persons"] = 0, []string{}
			return tx.audit(ctx, "roster.submit", shebao.EntityRoster, run, a.Region, nil, after)
		}
		now := fmtTime(tx.now)
		rows := make([][]any, len(lines))
		masked := make([]string, len(lines))
		for i, l := range lines {
			rows[i] = []any{l.IDNo, l.ApprovalNo, l.Region, l.Name, int64(l.Age), l.Band, l.BandKind, int64(l.BandAmount),
				int64(l.Standard), int64(l.Government), int64(l.Collective), int64(l.Individual), l.Explanation,
				shebao.RosterSubmitted, sources[i], now, a.Name}
			masked[i] = idno.MaskID(l.IDNo)
		}
		if err := tx.bulkInsert(ctx, rosterTable, rows); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "名单正在被他人同时报送,请稍后重试")
			}
			return err
		}
		after["created"], after["persons"] = len(lines), masked
		return tx.audit(ctx, "roster.submit", shebao.EntityRoster, run, a.Region, nil, after)
	})
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

// FindRoster lists a batch's roster in the actor's jurisdiction: an
// audited read of personal data (roster.list, keyed by the batch, with how
// many lines and persons it returned).
func (db *DB) FindRoster(ctx context.Context, no string) ([]*shebao.RosterLine, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "roster.list", shebao.EntityRoster, ""); err != nil {
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
		return tx.audit(ctx, "roster.list", shebao.EntityRoster, b.no, b.region, nil,
			listDetail(map[string]any{"approval_no": b.no}, len(out), countPersons(out, func(l *shebao.RosterLine) string { return l.IDNo })))
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

// RosterLines returns a batch's roster lines with the status ("" = all),
// for the rules: not an audited read.
func (db *DB) RosterLines(ctx context.Context, no, status string) ([]*shebao.RosterLine, error) {
	var out []*shebao.RosterLine
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.rosterLines(ctx, no, status)
		return err
	})
	return out, err
}

// EnrollRoster writes the 910 enrollments of a batch's accepted persons in
// bulk, with one audit entry for the batch. A slot another writer took
// meanwhile is a conflict.
func (db *DB) EnrollRoster(ctx context.Context, b *shebao.LandBatch, date, reason string, ns []*shebao.Enrollment, reqs []shebao.EnrollRequest) error {
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.insertEnrollments(ctx, ns, reqs); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "名单中人员的参保关系正在被他人同时办理,请稍后重试")
			}
			return err
		}
		enrolled := make([]string, len(ns))
		for i, n := range ns {
			enrolled[i] = n.ID
		}
		return tx.audit(ctx, "enrollment.enroll", shebao.EntityEnrollment, b.ApprovalNo, b.Region, nil,
			map[string]any{"scheme": shebao.SchemeLandExpropriated, "date": date, "reason": reason, "enrollments": enrolled})
	})
}

// MarkRosterEnrolled records the persons' roster lines of the batch as
// enrolled on the date, by the actor.
func (db *DB) MarkRosterEnrolled(ctx context.Context, no string, ids []string, date string) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		cond, args := tx.inKeys("id_no", ids, []any{shebao.RosterEnrolled, date, a.Name, no})
		_, err := tx.Exec(ctx, `UPDATE land_roster SET status = $1, enrolled_on = $2, accepted_by = $3
			WHERE approval_no = $4 AND `+cond, args...)
		return err
	})
}

// VillageConversionPersons returns the persons among ids who opted into
// their converted village's lump-sum employee pension (村改居,
// bills of payer kind lumpsum).
func (db *DB) VillageConversionPersons(ctx context.Context, ids []string) (map[string]bool, error) {
	var out map[string]bool
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.villageConversionPersons(ctx, ids)
		return err
	})
	return out, err
}

// CreateLandBenefits creates the land benefits (one-off payments,
// allowances) for the monthly payroll; a benefit that exists already is
// not created again. It returns how many were created.
func (db *DB) CreateLandBenefits(ctx context.Context, bs []shebao.NewBenefit) (int, error) {
	var n int
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.createBenefits(ctx, bs)
		return err
	})
	return n, err
}

// PostLandSubsidy posts the pension contribution support of a batch's
// working-age persons as a benefit expense of the 910 fund.
func (db *DB) PostLandSubsidy(ctx context.Context, e *shebao.Entry) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.postFor(ctx, shebao.EntityBenefit, []*shebao.Entry{e})
		return err
	})
}

// RecordRosterAcceptance audits the acceptance of a batch's roster.
func (db *DB) RecordRosterAcceptance(ctx context.Context, b *shebao.LandBatch, detail map[string]any) error {
	return db.Update(ctx, func(tx *Tx) error {
		return tx.audit(ctx, "roster.accept", shebao.EntityRoster, b.ApprovalNo, b.Region, nil, detail)
	})
}

// villageConversionPersons returns the persons who opted into their
// converted village's lump-sum employee pension (村改居, a bill of payer
// kind lumpsum): they join the employee pension instead of receiving the land allowance.
func (tx *Tx) villageConversionPersons(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("payer", ids, nil)
	rows, err := tx.Query(ctx, `SELECT payer FROM bills WHERE payer_kind = 'lumpsum' AND `+cond, args...)
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

// ───────────────────────── allowances falling due ─────────────────────────

// landDueWhere selects the enrolled roster in the actor's jurisdiction, living
// persons only, with numbers in (lo, hi] ("" = unbounded).
func landDueWhere(sc scope, lo, hi string) ([]string, []any) {
	conds := []string{"l.status = $1", "p.status = $2", "l.enrolled_on <> ''"}
	args := []any{shebao.RosterEnrolled, shebao.StatusAlive}
	if lo != "" {
		args = append(args, lo)
		conds = append(conds, "l.id_no > $"+itoa(len(args)))
	}
	if hi != "" {
		args = append(args, hi)
		conds = append(conds, "l.id_no <= $"+itoa(len(args)))
	}
	return sc.where("l.region_code", conds, args)
}

// LandRosterBound returns the ID number of the n-th enrolled roster person
// after lo, in number order: the upper bound of a chunk of the allowance
// run ("" when fewer are left).
func (db *DB) LandRosterBound(ctx context.Context, lo string, n int) (string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return "", err
	}
	conds, args := landDueWhere(sc, lo, "")
	var hi string
	err = db.queryRow(ctx, `SELECT l.id_no FROM land_roster l JOIN persons p ON p.id_no = l.id_no`+whereClause(conds)+
		` ORDER BY l.id_no LIMIT 1 OFFSET `+itoa(n-1), args...).Scan(&hi)
	if isNoRows(err) {
		return "", nil
	}
	return hi, err
}

// LandAllowanceDues reads the enrolled roster persons with numbers in
// (lo, hi] (hi "" = no bound), with their land allowance and the amount
// in force in the month, in one query: the amount comes with each row (a
// correlated look-up on the primary key), not a query per benefit.
func (db *DB) LandAllowanceDues(ctx context.Context, month shebao.Period, lo, hi string) ([]shebao.LandAllowanceDue, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out []shebao.LandAllowanceDue
	err = db.Update(ctx, func(tx *Tx) error {
		out = nil
		conds, args := landDueWhere(sc, lo, hi)
		args = append(args, string(month))
		return tx.scanRows(ctx, `SELECT `+rosterColumns+`, COALESCE(a.id, ''), COALESCE((SELECT x.monthly FROM benefit_amounts x
			WHERE x.benefit_id = a.id AND x.id_no = a.id_no AND x.from_month <= $`+itoa(len(args))+` ORDER BY x.from_month DESC LIMIT 1), 0), COALESCE(a.status, ''),
			CASE WHEN v.payer IS NULL THEN 0 ELSE 1 END`+rosterFrom+`
			LEFT JOIN benefits a ON a.id_no = l.id_no AND a.kind = '`+shebao.BenefitLandAllowance+`' AND a.source = 'land:' || l.approval_no
			LEFT JOIN bills v ON v.payer_kind = 'lumpsum' AND v.payer = l.id_no`+whereClause(conds)+` ORDER BY l.id_no`, args, func(s rowScanner) error {
			var d shebao.LandAllowanceDue
			var monthly int64
			var opted int
			var l shebao.RosterLine
			var amount, std, gov, coll, ind int64
			var approvedOn string
			if err := s.Scan(&l.IDNo, &l.ApprovalNo, &l.Region, &l.Name, &l.Sex, &l.Birth, &l.Age, &l.Band, &l.BandKind, &amount,
				&std, &gov, &coll, &ind, &l.Explanation, &l.Status, &l.SubmittedAt, &l.SubmittedBy, &l.EnrolledOn, &l.AcceptedBy, &approvedOn,
				&d.Benefit, &monthly, &d.BenefitStatus, &opted); err != nil {
				return err
			}
			l.BandAmount = shebao.Money(amount)
			d.Line, d.Monthly, d.OptedOut = &l, shebao.Money(monthly), opted == 1
			out = append(out, d)
			return nil
		})
	})
	return out, err
}

// AdjustLandAllowance gives a running land allowance a new amount from a
// month (it reports false when that month's amount is already there), and
// audits the change from the amount before.
func (db *DB) AdjustLandAllowance(ctx context.Context, benefitID, region string, am shebao.BenefitAmount, before shebao.Money, band string) (bool, error) {
	var changed bool
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if changed, err = tx.addBenefitAmount(ctx, benefitID, am); err != nil || !changed {
			return err
		}
		return tx.audit(ctx, "benefit.adjust", shebao.EntityBenefit, benefitID, region,
			map[string]string{"monthly": before.String()}, map[string]string{"monthly": am.Monthly.String(), "from": am.FromMonth, "band": band})
	})
	return changed, err
}

// ───────────────────────── funds ─────────────────────────

// FindLandFund returns the receipt of a fund with the number, or nil.
func (db *DB) FindLandFund(ctx context.Context, receipt string) (*shebao.LandFund, error) {
	var out *shebao.LandFund
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.findLandFund(ctx, receipt)
		return err
	})
	return out, err
}

// InsertLandFund records money received for a batch, posted by the entry
// to the 910 fund's ledger, with its audit entry.
func (db *DB) InsertLandFund(ctx context.Context, f shebao.LandFund, b *shebao.LandBatch, e *shebao.Entry) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Post(ctx, e); err != nil {
			return err
		}
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO land_funds (receipt_no, approval_no, region_code, payer, amount, received_on, entry_id, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, f.ReceiptNo, b.ApprovalNo, b.Region, f.Payer, int64(f.Amount), f.Date, e.ID,
			fmtTime(tx.now), a.Name); err != nil {
			return err
		}
		return tx.audit(ctx, "land.fund", shebao.EntityFund, f.ReceiptNo, b.Region, nil, f)
	})
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

// ───────────────────────── figures ─────────────────────────

// landFigures computes the figures of the batches (all batches in the
// scope when nos is nil), set-based: one grouped query each for the
// roster, the enrollment dates, the funds and the allowances. With asOf
// (YYYY-MM-DD) they are the figures on that day: batches approved, roster
// entries submitted, enrollments, funds received by then, allowances paid
// for its month; "" is now.
func (tx *Tx) landFigures(ctx context.Context, nos []string, sc scope, asOf ...string) (map[string]*shebao.LandFigures, error) {
	day := ""
	if len(asOf) > 0 {
		day = asOf[0]
	}
	// dated adds the condition col <= day (col < the next day for a
	// timestamp) when the figures are of a day.
	dated := func(col string, timestamp bool, conds []string, args []any) ([]string, []any) {
		if day == "" {
			return conds, args
		}
		if timestamp {
			t, _ := time.Parse(shebao.DateLayout, day)
			args = append(args, t.AddDate(0, 0, 1).Format(shebao.DateLayout))
			return append(conds, col+" < $"+itoa(len(args))), args
		}
		args = append(args, day)
		return append(conds, col+" <= $"+itoa(len(args))), args
	}
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
	bconds, bargs := dated("approved_on", false, nil, nil)
	where, args := filter("approval_no", "region_code", bargs, bconds...)
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
	enrolledBy := "status = $1"
	rargs := []any{shebao.RosterEnrolled}
	if day != "" {
		rargs = append(rargs, day)
		enrolledBy += " AND enrolled_on <> '' AND enrolled_on <= $2"
	}
	rconds, rargs := dated("submitted_at", true, nil, rargs)
	where, args = filter("approval_no", "region_code", rargs, rconds...)
	if err := tx.scanRows(ctx, `SELECT approval_no, COUNT(*), SUM(CASE WHEN `+enrolledBy+` THEN 1 ELSE 0 END),
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
	lconds, largs := dated("l.enrolled_on", false, []string{"l.status = $1"}, []any{shebao.RosterEnrolled})
	where, args = filter("l.approval_no", "l.region_code", largs, lconds...)
	if err := tx.scanRows(ctx, `SELECT l.approval_no, b.approved_on, l.enrolled_on, COUNT(*) FROM land_roster l
		JOIN land_batches b ON b.approval_no = l.approval_no`+where+`
		GROUP BY l.approval_no, b.approved_on, l.enrolled_on`, args, func(s rowScanner) error {
		var no, approved, enrolled string
		var n int
		if err := s.Scan(&no, &approved, &enrolled, &n); err != nil {
			return err
		}
		d := shebao.LagDays(approved, enrolled)
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
	fconds, fargs := dated("received_on", false, nil, nil)
	where, args = filter("approval_no", "region_code", fargs, fconds...)
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
	// Receiving: persons with an active land allowance of their batch (on
	// a day: one paid for its month, active then or stopped after it).
	month := string(shebao.Period(shebao.Today().Format("2006-01")))
	// "a.status || ''": not an index term, so that SQLite drives from the
	// batches' roster (a few thousand) and looks each person's allowance
	// up, rather than from every benefit in payment (benefits_payroll:
	// 207,000 pensions at 1,000,000 persons, 0.5 s; the dashboard's land
	// warnings read this).
	paying := "a.status || '' = $2"
	if day != "" {
		month = day[:7]
		paying = "(a.status = $2 OR a.end_month <> '') AND (a.end_month = '' OR a.end_month >= $3)"
	}
	where, args = filter("l.approval_no", "l.region_code", []any{shebao.BenefitLandAllowance, shebao.BenefitActive, month})
	if err := tx.scanRows(ctx, `SELECT l.approval_no, COUNT(*) FROM land_roster l JOIN benefits a ON a.id_no = l.id_no
		AND a.kind = $1 AND a.source = 'land:' || l.approval_no AND `+paying+` AND a.start_month <= $3`+where+` GROUP BY l.approval_no`, args,
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

// LandFigures returns the batches in the region (within the actor's
// jurisdiction), in region, approval date and number order, with the
// figures of each (landFigures).
func (db *DB) LandFigures(ctx context.Context, region, asOf string) ([]*shebao.LandBatch, map[string]*shebao.LandFigures, error) {
	return db.landBatchesWith(ctx, region, asOf, func(tx *Tx, sc scope) (map[string]*shebao.LandFigures, error) {
		return tx.landFigures(ctx, nil, sc, asOf)
	})
}

// LandSecuring returns the batches of the region (narrowed to the
// jurisdiction) with the figures of their securing today alone: persons to
// secure, on the roster, enrolled and unsecured — what the land warnings
// of every home page need, without the funds, the lag and the allowances
// of the whole report (two thirds of the home page's time at 1,000,000
// persons under bench http's 50 clients).
func (db *DB) LandSecuring(ctx context.Context, region string) ([]*shebao.LandBatch, map[string]*shebao.LandFigures, error) {
	return db.landBatchesWith(ctx, region, "", func(tx *Tx, sc scope) (map[string]*shebao.LandFigures, error) {
		figs := map[string]*shebao.LandFigures{}
		// COUNT(l.approval_no), not the id_no: the batch index
		// (approval_no, status) answers it without reading the rows.
		conds, args := sc.where("b.region_code", nil, []any{shebao.RosterEnrolled})
		err := tx.scanRows(ctx, `SELECT b.approval_no, b.persons_to_secure, COUNT(l.approval_no), COALESCE(SUM(CASE WHEN l.status = $1 THEN 1 ELSE 0 END), 0)
			FROM land_batches b LEFT JOIN land_roster l ON l.approval_no = b.approval_no`+whereClause(conds)+` GROUP BY b.approval_no, b.persons_to_secure`, args,
			func(s rowScanner) error {
				var no string
				var f shebao.LandFigures
				if err := s.Scan(&no, &f.PersonsToSecure, &f.OnRoster, &f.Enrolled); err != nil {
					return err
				}
				f.Batches, f.Unsecured = 1, max(0, f.PersonsToSecure-f.Enrolled)
				figs[no] = &f
				return nil
			})
		return figs, err
	})
}

// landBatchesWith reads the batches of the region approved by asOf ("" all)
// and, in the same snapshot, their figures by figures.
func (db *DB) landBatchesWith(ctx context.Context, region, asOf string,
	figures func(tx *Tx, sc scope) (map[string]*shebao.LandFigures, error)) ([]*shebao.LandBatch, map[string]*shebao.LandFigures, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := authorize(sc.actor, "land.read", shebao.EntityLand, ""); err != nil {
		return nil, nil, err
	}
	if sc, err = sc.narrow(region); err != nil {
		return nil, nil, err
	}
	var batches []*shebao.LandBatch
	var figs map[string]*shebao.LandFigures
	// A read-only snapshot: on SQLite a write transaction here queued the
	// dashboard's land warnings behind every writer (9 s under bench http's
	// 50 clients at 1,000,000 persons).
	err = db.View(ctx, func(tx *Tx) error {
		batches = nil
		var err error
		if figs, err = figures(tx, sc); err != nil {
			return err
		}
		var conds []string
		var args []any
		if asOf != "" {
			conds, args = []string{"b.approved_on <= $1"}, []any{asOf}
		}
		conds, args = sc.where("b.region_code", conds, args)
		return tx.scanRows(ctx, `SELECT `+landBatchColumns+landBatchFrom+whereClause(conds)+` ORDER BY b.region_code, b.approved_on, b.approval_no`, args,
			func(s rowScanner) error {
				b, err := scanLandBatch(s)
				if err == nil {
					batches = append(batches, b.domain())
				}
				return err
			})
	})
	return batches, figs, err
}

// RegionNamesOf returns the names of the regions with the codes.
func (db *DB) RegionNamesOf(ctx context.Context, codes []string) (map[string]string, error) {
	var out map[string]string
	err := db.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.regionNames(ctx, codes)
		return err
	})
	return out, err
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
