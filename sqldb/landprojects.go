package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// The 增减挂钩 project ledger (transfer.Store; migration 0066). A project
// is seen by the users whose jurisdiction holds its region (the town or
// district that runs it); citizens do not see projects. Every write and
// every read of a project (it names households) is audited.

const landProjectColumns = `p.code, p.name, p.region_code, COALESCE(r.name, ''), p.status, p.closed_on, p.version`

func scanLandProject(s rowScanner) (*shebao.LandProject, error) {
	p := &shebao.LandProject{Plots: []shebao.ProjectPlot{}, Entries: []shebao.ProjectEntry{}, Resettlements: []shebao.ProjectResettlement{}}
	err := s.Scan(&p.Code, &p.Name, &p.Region, &p.RegionName, &p.Status, &p.ClosedOn, &p.Version)
	return p, err
}

// projectScope is the actor's scope for projects: citizens see none.
func projectScope(ctx context.Context, action string) (scope, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return sc, err
	}
	if err := authorize(sc.actor, action, shebao.EntityContracting, ""); err != nil {
		return sc, err
	}
	if shebao.RoleOf(sc.actor).OwnOnly {
		return sc, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看增减挂钩项目台账", sc.actor.RoleName())
	}
	return sc, nil
}

// fill reads the plots (with the heads' and villages' names) and the
// entries of the projects.
func (tx *Tx) fillLandProjects(ctx context.Context, ps map[string]*shebao.LandProject) error {
	if len(ps) == 0 {
		return nil
	}
	var codes []string
	for c := range ps {
		codes = append(codes, c)
	}
	cond, args := tx.inKeys("l.project_code", codes, nil)
	if err := tx.scanRows(ctx, `SELECT l.project_code, l.plot_no, l.head_id_no, COALESCE(pe.name, ''), l.household_id, l.region_code,
		COALESCE(r.name, ''), l.homestead_area, l.demolished_area, l.compensation, l.version, l.source
		FROM land_project_plots l LEFT JOIN persons pe ON pe.id_no = l.head_id_no LEFT JOIN regions r ON r.code = l.region_code
		WHERE `+cond+` ORDER BY l.project_code, l.region_code, l.plot_no`, args, func(s rowScanner) error {
		var code string
		var pl shebao.ProjectPlot
		var home, dem, comp int64
		err := s.Scan(&code, &pl.PlotNo, &pl.HeadIDNo, &pl.HeadName, &pl.Household, &pl.Region, &pl.RegionName, &home, &dem, &comp,
			&pl.Version, &pl.Source)
		pl.Homestead, pl.Demolished, pl.Compensation = shebao.Area(home), shebao.Area(dem), shebao.Money(comp)
		ps[code].Plots = append(ps[code].Plots, pl)
		return err
	}); err != nil {
		return err
	}
	cond, args = tx.inKeys("project_code", codes, nil)
	if err := tx.scanRows(ctx, `SELECT project_code, head_id_no, mode, unit, amount, on_date, note FROM land_project_resettlements
		WHERE `+cond+` ORDER BY project_code, head_id_no`, args, func(s rowScanner) error {
		var code string
		var r shebao.ProjectResettlement
		var amount int64
		err := s.Scan(&code, &r.HeadIDNo, &r.Mode, &r.Unit, &amount, &r.On, &r.Note)
		r.Amount = shebao.Money(amount)
		ps[code].Resettlements = append(ps[code].Resettlements, r)
		return err
	}); err != nil {
		return err
	}
	// 村改居: the heads whose village (as on the plot) converted, with the
	// head's lump sum when the head joined it.
	cond, args = tx.inKeys("l.project_code", codes, nil)
	// The lump sum is a bill of payer kind lumpsum (migration 0061), paid
	// in full when its paid reaches its total.
	if err := tx.scanRows(ctx, `SELECT DISTINCT l.project_code, l.head_id_no, v.converted_on, COALESCE(b.payer, ''),
		CASE WHEN b.paid >= b.total THEN 1 ELSE 0 END FROM land_project_plots l JOIN village_conversions v ON v.region_code = l.region_code
		LEFT JOIN bills b ON b.payer_kind = 'lumpsum' AND b.payer = l.head_id_no WHERE `+cond, args, func(s rowScanner) error {
		var code, head, joined string
		var paid int
		var c shebao.ProjectConversion
		if err := s.Scan(&code, &head, &c.ConvertedOn, &joined, &paid); err != nil {
			return err
		}
		c.Joined, c.Paid = joined != "", joined != "" && paid == 1
		if ps[code].Conversions == nil {
			ps[code].Conversions = map[string]*shebao.ProjectConversion{}
		}
		ps[code].Conversions[head] = &c
		return nil
	}); err != nil {
		return err
	}
	cond, args = tx.inKeys("project_code", codes, nil)
	return tx.scanRows(ctx, `SELECT project_code, doc_no, kind, plot_no, area, on_date, note FROM land_project_entries
		WHERE `+cond+` ORDER BY project_code, on_date, doc_no`, args, func(s rowScanner) error {
		var code string
		var e shebao.ProjectEntry
		var area int64
		err := s.Scan(&code, &e.DocNo, &e.Kind, &e.PlotNo, &area, &e.On, &e.Note)
		e.Area = shebao.Area(area)
		ps[code].Entries = append(ps[code].Entries, e)
		return err
	})
}

// LandProjectData reads the project with its plots and entries wherever
// it lies, or nil, locking it on PostgreSQL (a dummy update) so that two
// writers of one project queue and the second sees the first's entry.
func (db *DB) LandProjectData(ctx context.Context, code string) (*shebao.LandProject, error) {
	var out *shebao.LandProject
	err := db.Update(ctx, func(tx *Tx) error {
		if tx.db.Dialect == Postgres {
			if _, err := tx.Exec(ctx, `UPDATE land_projects SET version = version WHERE code = $1`, code); err != nil {
				return err
			}
		}
		p, err := scanLandProject(tx.QueryRow(ctx, `SELECT `+landProjectColumns+` FROM land_projects p
			LEFT JOIN regions r ON r.code = p.region_code WHERE p.code = $1`, code))
		if isNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		out = p
		return tx.fillLandProjects(ctx, map[string]*shebao.LandProject{p.Code: p})
	})
	return out, err
}

// ProjectHead reads a head of household for the 拆旧: the person's name
// and region and the 户号 of the household the person heads ("" when
// none is registered). found is false when the person is not registered.
func (db *DB) ProjectHead(ctx context.Context, idNo string) (name, region, household string, found bool, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		e := tx.QueryRow(ctx, `SELECT name, region_code FROM persons WHERE id_no = $1`, idNo).Scan(&name, &region)
		if isNoRows(e) {
			return nil
		}
		if e != nil {
			return e
		}
		found = true
		e = tx.QueryRow(ctx, `SELECT id FROM households WHERE head_id_no = $1 ORDER BY id LIMIT 1`, idNo).Scan(&household)
		if isNoRows(e) {
			return nil
		}
		return e
	})
	return
}

// ProjectHeads reads the registered persons among ids, with the 户号 of
// the household each heads, for a chunk of 拆旧 households.
func (db *DB) ProjectHeads(ctx context.Context, ids []string) (map[string]*shebao.ProjectHead, error) {
	out := map[string]*shebao.ProjectHead{}
	if len(ids) == 0 {
		return out, nil
	}
	err := db.Update(ctx, func(tx *Tx) error {
		q, args := projectHeadsQuery(tx, ids)
		return tx.scanRows(ctx, q, args, func(s rowScanner) error {
			var h shebao.ProjectHead
			err := s.Scan(&h.IDNo, &h.Name, &h.Region, &h.Household)
			out[h.IDNo] = &h
			return err
		})
	})
	return out, err
}

// projectHeadsQuery is ProjectHeads' statement: each head's 户号 is sought
// by households_head (migration 0105).
func projectHeadsQuery(tx *Tx, ids []string) (string, []any) {
	cond, args := tx.inKeys("p.id_no", ids, nil)
	return `SELECT p.id_no, p.name, p.region_code, COALESCE((SELECT MIN(h.id) FROM households h WHERE h.head_id_no = p.id_no), '')
			FROM persons p WHERE ` + cond, args
}

// landProjectPlotTable is the bulk insert of new plots.
var landProjectPlotTable = bulkTable{
	name: "land_project_plots",
	cols: []string{"project_code", "plot_no", "head_id_no", "household_id", "region_code", "homestead_area", "demolished_area",
		"compensation", "created_at", "created_by", "version", "source", "updated_at", "updated_by"},
	pgTypes: []string{"text", "text", "text", "text", "text", "bigint", "bigint", "bigint", "text", "text", "bigint", "text", "text", "text"},
}

// SaveProjectPlots writes a chunk of 拆旧 plots of an import: the new ones
// in bulk, the corrected ones (optimistic on their version) with their
// previous state in land_project_plot_versions, and one audit entry naming
// what was created and updated.
func (db *DB) SaveProjectPlots(ctx context.Context, p *shebao.LandProject, news []shebao.ProjectPlot, changes []shebao.ProjectPlotChange) error {
	if len(news)+len(changes) == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		var created, updated []string
		if len(news) > 0 {
			rows := make([][]any, len(news))
			for i, pl := range news {
				rows[i] = []any{p.Code, pl.PlotNo, pl.HeadIDNo, pl.Household, pl.Region, int64(pl.Homestead), int64(pl.Demolished),
					int64(pl.Compensation), now, a.Name, int64(1), pl.Source, now, a.Name}
				created = append(created, pl.PlotNo)
			}
			if err := tx.bulkInsert(ctx, landProjectPlotTable, rows); err != nil {
				if isUniqueViolation(err) {
					return shebao.Errorf(shebao.ECONFLICT, "项目%s的拆旧户正在被他人同时登记,请稍后重试", p.Code)
				}
				return err
			}
		}
		for _, ch := range changes {
			if _, err := tx.Exec(ctx, `INSERT INTO land_project_plot_versions (project_code, plot_no, version, changed_at, actor, source,
				before_json, changes_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.Code, ch.Old.PlotNo, ch.Old.Version, now, a.Name,
				ch.New.Source, jsonText(ch.Old), jsonText(ch.Changes)); err != nil {
				return err
			}
			res, err := tx.Exec(ctx, `UPDATE land_project_plots SET homestead_area = $1, demolished_area = $2, compensation = $3,
				version = version + 1, source = $4, updated_at = $5, updated_by = $6 WHERE project_code = $7 AND plot_no = $8 AND version = $9`,
				int64(ch.New.Homestead), int64(ch.New.Demolished), int64(ch.New.Compensation), ch.New.Source, now, a.Name, p.Code,
				ch.Old.PlotNo, ch.Old.Version)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return shebao.Errorf(shebao.ECONFLICT, "宅基地%s已被他人修改,请重试", ch.Old.PlotNo)
			}
			updated = append(updated, ch.Old.PlotNo)
		}
		if _, err := tx.Exec(ctx, `UPDATE land_projects SET version = version + 1 WHERE code = $1`, p.Code); err != nil {
			return err
		}
		return tx.audit(ctx, "landproject.plot", shebao.EntityContracting, p.Code, p.Region, nil,
			map[string]any{"created": created, "updated": updated})
	})
}

// InsertLandProject creates a project with its audit entry.
func (db *DB) InsertLandProject(ctx context.Context, p *shebao.LandProject) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO land_projects (code, name, region_code, status, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6)`, p.Code, p.Name, p.Region, p.Status, fmtTime(tx.now), a.Name); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "项目编号%s正在被他人同时登记,请稍后重试", p.Code)
			}
			return err
		}
		return tx.audit(ctx, "landproject.create", shebao.EntityContracting, p.Code, p.Region, nil, p)
	})
}

// InsertProjectPlot adds a homestead to the project's 拆旧 part.
func (db *DB) InsertProjectPlot(ctx context.Context, p *shebao.LandProject, pl shebao.ProjectPlot) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO land_project_plots (project_code, plot_no, head_id_no, household_id, region_code,
			homestead_area, demolished_area, compensation, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			p.Code, pl.PlotNo, pl.HeadIDNo, pl.Household, pl.Region, int64(pl.Homestead), int64(pl.Demolished), int64(pl.Compensation),
			fmtTime(tx.now), a.Name); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "宅基地编号%s正在被他人同时登记,请稍后重试", pl.PlotNo)
			}
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE land_projects SET version = version + 1 WHERE code = $1`, p.Code); err != nil {
			return err
		}
		return tx.audit(ctx, "landproject.plot", shebao.EntityContracting, p.Code+"/"+pl.PlotNo, pl.Region, nil, pl)
	})
}

// InsertProjectEntry adds an entry to the project's ledger.
func (db *DB) InsertProjectEntry(ctx context.Context, p *shebao.LandProject, e shebao.ProjectEntry) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO land_project_entries (project_code, doc_no, kind, plot_no, area, on_date, note, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, p.Code, e.DocNo, e.Kind, e.PlotNo, int64(e.Area), e.On, e.Note,
			fmtTime(tx.now), a.Name); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "文号%s正在被他人同时登记,请稍后重试", e.DocNo)
			}
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE land_projects SET version = version + 1 WHERE code = $1`, p.Code); err != nil {
			return err
		}
		return tx.audit(ctx, "landproject.entry", shebao.EntityContracting, p.Code+"/"+e.DocNo, p.Region, nil, e)
	})
}

// InsertResettlement records a household's resettlement.
func (db *DB) InsertResettlement(ctx context.Context, p *shebao.LandProject, r shebao.ProjectResettlement, region string) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO land_project_resettlements (project_code, head_id_no, mode, unit, amount, on_date, note,
			created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, p.Code, r.HeadIDNo, r.Mode, r.Unit, int64(r.Amount), r.On,
			r.Note, fmtTime(tx.now), a.Name); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "该户的安置正在被他人同时登记,请稍后重试")
			}
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE land_projects SET version = version + 1 WHERE code = $1`, p.Code); err != nil {
			return err
		}
		return tx.audit(ctx, "landproject.resettle", shebao.EntityContracting, r.HeadIDNo, region, nil, r)
	})
}

// CloseLandProject closes the project on the date.
func (db *DB) CloseLandProject(ctx context.Context, p *shebao.LandProject, on string) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE land_projects SET status = $1, closed_on = $2, version = version + 1
			WHERE code = $3 AND version = $4`, shebao.ProjectClosed, on, p.Code, p.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return shebao.Errorf(shebao.ECONFLICT, "项目%s已被他人修改,请重试", p.Code)
		}
		return tx.audit(ctx, "landproject.close", shebao.EntityContracting, p.Code, p.Region,
			map[string]any{"status": p.Status}, map[string]any{"status": shebao.ProjectClosed, "closed_on": on})
	})
}

// FindLandProject is a project in the jurisdiction with its plots and
// entries (an audited read), or ENOTFOUND.
func (db *DB) FindLandProject(ctx context.Context, code string) (*shebao.LandProject, error) {
	sc, err := projectScope(ctx, "landproject.read")
	if err != nil {
		return nil, err
	}
	var out *shebao.LandProject
	err = db.Update(ctx, func(tx *Tx) error {
		p, err := scanLandProject(tx.QueryRow(ctx, `SELECT `+landProjectColumns+` FROM land_projects p
			LEFT JOIN regions r ON r.code = p.region_code WHERE p.code = $1`, code))
		if isNoRows(err) || err == nil && !sc.contains(p.Region) {
			return &shebao.Error{Code: shebao.ENOTFOUND, Field: "项目编号", Message: "未找到增减挂钩项目" + code}
		}
		if err != nil {
			return err
		}
		if err := tx.fillLandProjects(ctx, map[string]*shebao.LandProject{p.Code: p}); err != nil {
			return err
		}
		out = p
		return tx.audit(ctx, "landproject.read", shebao.EntityContracting, p.Code, p.Region, nil,
			map[string]any{"plots": len(p.Plots), "entries": len(p.Entries)})
	})
	return out, err
}

// FindLandProjects lists the projects of the region in the jurisdiction
// with their plots and entries, in one audited list.
func (db *DB) FindLandProjects(ctx context.Context, region string) ([]*shebao.LandProject, error) {
	sc, err := projectScope(ctx, "landproject.list")
	if err != nil {
		return nil, err
	}
	if sc, err = sc.narrow(region); err != nil {
		return nil, err
	}
	conds, args := sc.where("p.region_code", nil, nil)
	out := []*shebao.LandProject{}
	err = db.Update(ctx, func(tx *Tx) error {
		m := map[string]*shebao.LandProject{}
		if err := tx.scanRows(ctx, `SELECT `+landProjectColumns+` FROM land_projects p LEFT JOIN regions r ON r.code = p.region_code`+
			whereClause(conds)+` ORDER BY p.region_code, p.code`, args, func(s rowScanner) error {
			p, err := scanLandProject(s)
			if err == nil {
				out = append(out, p)
				m[p.Code] = p
			}
			return err
		}); err != nil {
			return err
		}
		if err := tx.fillLandProjects(ctx, m); err != nil {
			return err
		}
		return tx.audit(ctx, "landproject.list", shebao.EntityContracting, "", sc.region(), nil,
			map[string]any{"filter": map[string]any{"region": region}, "rows": len(out)})
	})
	return out, err
}
