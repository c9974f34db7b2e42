package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// The store of rural land contracting (土地承包, package transfer): the
// 发包方 (land_issuers), the contracts (land_contracts) and their parcels
// (land_parcels), with the history of every change
// (land_contracting_versions). The rules — codes, the head in the
// registry, the contractor's sequence, what a corrected row changes — are
// package transfer's.

var (
	landContractTable = bulkTable{
		name: "land_contracts",
		cols: []string{"code", "contractor_code", "issuer_code", "region_code", "head_id_no", "household_id", "method",
			"start_on", "end_on", "cert_no", "version", "source", "created_at", "created_by", "updated_at", "updated_by"},
		pgTypes: []string{"text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "bigint",
			"text", "text", "text", "text", "text"},
	}
	landParcelTable = bulkTable{
		name: "land_parcels",
		cols: []string{"code", "contract_code", "region_code", "area", "land_class", "basic_farmland", "bounds",
			"version", "source", "created_at", "created_by", "updated_at", "updated_by"},
		pgTypes: []string{"text", "text", "text", "bigint", "text", "bigint", "text", "bigint", "text", "text", "text", "text", "text"},
	}
	landIssuerTable = bulkTable{
		name:     "land_issuers",
		cols:     []string{"code", "region_code", "name", "created_at"},
		pgTypes:  []string{"text", "text", "text", "text"},
		conflict: "ON CONFLICT (code) DO NOTHING",
	}
)

const landContractColumns = `c.code, c.contractor_code, c.issuer_code, COALESCE(i.name, ''), c.region_code, COALESCE(r.name, ''),
	c.head_id_no, COALESCE(p.name, ''), c.household_id, c.method, c.start_on, c.end_on, c.cert_no, c.version, c.source,
	c.created_at, c.updated_at`

const landContractFrom = ` FROM land_contracts c LEFT JOIN land_issuers i ON i.code = c.issuer_code
	LEFT JOIN regions r ON r.code = c.region_code LEFT JOIN persons p ON p.id_no = c.head_id_no`

func scanLandContract(s rowScanner) (*shebao.LandContract, error) {
	var c shebao.LandContract
	var created, updated string
	if err := s.Scan(&c.Code, &c.ContractorCode, &c.Issuer, &c.IssuerName, &c.Region, &c.RegionName, &c.HeadIDNo, &c.HeadName,
		&c.Household, &c.Method, &c.Start, &c.End, &c.CertNo, &c.Version, &c.Source, &created, &updated); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	return &c, nil
}

const landParcelColumns = `code, contract_code, region_code, area, land_class, basic_farmland, bounds, version, source, created_at, updated_at`

func scanParcel(s rowScanner) (*shebao.Parcel, error) {
	var p shebao.Parcel
	var area int64
	var basic int
	var created, updated string
	if err := s.Scan(&p.Code, &p.ContractCode, &p.Region, &area, &p.Class, &basic, &p.Bounds, &p.Version, &p.Source,
		&created, &updated); err != nil {
		return nil, err
	}
	p.Area, p.Basic = policy.Mu(area).String(), basic == 1
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	return &p, nil
}

// ContractingData reads what an import of parcels needs, wherever the
// records lie: the parcels and contracts with the codes, the contracts of
// the heads, the heads as persons with their household, and the 发包方.
// On PostgreSQL the parcels and contracts read are locked (a dummy update)
// so that two imports of the same land queue.
func (db *DB) ContractingData(ctx context.Context, parcels, contracts, heads, issuers []string) (*shebao.ContractingData, error) {
	d := &shebao.ContractingData{Parcels: map[string]*shebao.Parcel{}, Contracts: map[string]*shebao.LandContract{},
		ByHead: map[string]*shebao.LandContract{}, Heads: map[string]*shebao.ContractingHead{},
		LastContractor: map[string]string{}, Issuers: map[string]bool{}}
	err := db.Update(ctx, func(tx *Tx) error {
		if tx.db.Dialect == Postgres && len(parcels) > 0 {
			cond, args := tx.inKeys("code", parcels, nil)
			if _, err := tx.Exec(ctx, `UPDATE land_parcels SET version = version WHERE `+cond, args...); err != nil {
				return err
			}
		}
		ps, err := byKeys(ctx, tx, `SELECT `+landParcelColumns+` FROM land_parcels`, "code", parcels, scanParcel,
			func(p *shebao.Parcel) string { return p.Code })
		if err != nil {
			return err
		}
		d.Parcels = ps
		for _, p := range ps {
			contracts = append(contracts, p.ContractCode)
		}
		cs, err := byKeys(ctx, tx, `SELECT `+landContractColumns+landContractFrom, "c.code", contracts, scanLandContract,
			func(c *shebao.LandContract) string { return c.Code })
		if err != nil {
			return err
		}
		byHead, err := byKeys(ctx, tx, `SELECT `+landContractColumns+landContractFrom, "c.head_id_no", heads, scanLandContract,
			func(c *shebao.LandContract) string { return c.Code })
		if err != nil {
			return err
		}
		for k, c := range byHead {
			cs[k] = c
		}
		for k, c := range cs {
			d.Contracts[k] = c
			d.ByHead[c.Issuer+"/"+c.HeadIDNo+"/"+c.Method] = c
		}
		if len(heads) > 0 {
			cond, args := tx.inKeys("p.id_no", heads, nil)
			err := tx.scanRows(ctx, `SELECT p.id_no, p.name, p.region_code, p.death_date, COALESCE(m.household_id, '')
				FROM persons p LEFT JOIN household_members m ON m.id_no = p.id_no WHERE `+cond, args, func(s rowScanner) error {
				var h shebao.ContractingHead
				var death string
				if err := s.Scan(&h.IDNo, &h.Name, &h.Region, &death, &h.Household); err != nil {
					return err
				}
				h.Dead = death != ""
				d.Heads[h.IDNo] = &h
				return nil
			})
			if err != nil {
				return err
			}
		}
		if len(issuers) > 0 {
			cond, args := tx.inKeys("code", issuers, nil)
			if err := tx.scanRows(ctx, `SELECT code FROM land_issuers WHERE `+cond, args, func(s rowScanner) error {
				var code string
				err := s.Scan(&code)
				d.Issuers[code] = true
				return err
			}); err != nil {
				return err
			}
			// The last contractor of each 发包方: its codes are the 发包方's
			// 14 digits and 4 more, so the greatest code between issuer+"0000"
			// and issuer+"9999" (digits only: the same order in every
			// collation) is one seek of the contractor_code index per 发包方,
			// where a GROUP BY over issuer_code read every contract of the
			// 发包方 on each chunk of an import.
			keys := `(SELECT value AS k FROM json_each($1))`
			if tx.db.Dialect == Postgres {
				keys = `(SELECT unnest($1::text[]) AS k)`
			}
			var arg any = issuers
			if tx.db.Dialect != Postgres {
				b, _ := json.Marshal(issuers)
				arg = string(b)
			}
			if err := tx.scanRows(ctx, `SELECT x.k, (SELECT MAX(c.contractor_code) FROM land_contracts c
				WHERE c.contractor_code >= x.k || '0000' AND c.contractor_code <= x.k || '9999') FROM `+keys+` x`, []any{arg}, func(s rowScanner) error {
				var code string
				var last sql.NullString
				if err := s.Scan(&code, &last); err != nil {
					return err
				}
				if last.Valid && len(last.String) == 18 {
					d.LastContractor[code] = last.String[14:18]
				}
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return d, err
}

// SaveContracting writes a chunk of the registry: new 发包方, new contracts
// and parcels (bulk), corrected ones with their previous state in the
// history (optimistic on the version), and one audit entry per chunk
// naming what was created and updated.
func (db *DB) SaveContracting(ctx context.Context, run string, w *shebao.ContractingWrites) error {
	if len(w.Issuers)+len(w.NewContracts)+len(w.ChangedContract)+len(w.NewParcels)+len(w.ChangedParcels) == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		if len(w.Issuers) > 0 {
			rows := make([][]any, len(w.Issuers))
			for i, is := range w.Issuers {
				rows[i] = []any{is.Code, is.Region, is.Name, now}
			}
			if err := tx.bulkInsert(ctx, landIssuerTable, rows); err != nil {
				return err
			}
		}
		var created, updated []string
		// The counters the write changes: the 耕地 of the parcels written;
		// the transfers over a changed parcel (its class) and the
		// households transferring a changed parcel or a changed contract's
		// parcels (their household) — read before the write.
		var parcels, changedParcels, changedContracts []string
		for _, p := range w.NewParcels {
			parcels = append(parcels, p.Code)
		}
		for _, ch := range w.ChangedParcels {
			parcels = append(parcels, ch.Old.Code)
			changedParcels = append(changedParcels, ch.Old.Code)
		}
		for _, ch := range w.ChangedContract {
			changedContracts = append(changedContracts, ch.Old.Code)
		}
		nos, transferors, err := tx.transfersOverLand(ctx, changedParcels, changedContracts)
		if err != nil {
			return err
		}
		arable := selection{cond: selectNone}
		if len(parcels) > 0 {
			cond, args := tx.inKeys("p.code", parcels, nil)
			arable = byCond(cond, args...)
		}
		if err := tx.recountLand(ctx, landArableFamily, arable, func() error {
			return tx.recountTransfers(ctx, nos, transferors, func() error {
				if len(w.NewContracts) > 0 {
					rows := make([][]any, len(w.NewContracts))
					for i, c := range w.NewContracts {
						rows[i] = []any{c.Code, c.ContractorCode, c.Issuer, c.Region, c.HeadIDNo, c.Household, c.Method, c.Start, c.End,
							c.CertNo, int64(1), c.Source, now, a.Name, now, a.Name}
						created = append(created, c.Code)
					}
					if err := tx.bulkInsert(ctx, landContractTable, rows); err != nil {
						if isUniqueViolation(err) {
							return shebao.Errorf(shebao.ECONFLICT, "承包合同正在被他人同时登记,请稍后重试")
						}
						return err
					}
				}
				for _, ch := range w.ChangedContract {
					if err := tx.history(ctx, "contract", ch.Old.Code, ch.Old.Version, ch.New.Source, ch.Old, ch.Changes); err != nil {
						return err
					}
					res, err := tx.Exec(ctx, `UPDATE land_contracts SET start_on = $1, end_on = $2, cert_no = $3, household_id = $4,
						version = version + 1, source = $5, updated_at = $6, updated_by = $7 WHERE code = $8 AND version = $9`,
						ch.New.Start, ch.New.End, ch.New.CertNo, ch.New.Household, ch.New.Source, now, a.Name, ch.Old.Code, ch.Old.Version)
					if err != nil {
						return err
					}
					if n, _ := res.RowsAffected(); n != 1 {
						return shebao.Errorf(shebao.ECONFLICT, "承包合同%s已被他人修改,请重试", ch.Old.Code)
					}
					updated = append(updated, ch.Old.Code)
				}
				if len(w.NewParcels) > 0 {
					rows := make([][]any, len(w.NewParcels))
					for i, p := range w.NewParcels {
						area, err := policy.ParseMu(p.Area)
						if err != nil {
							return err
						}
						rows[i] = []any{p.Code, p.ContractCode, p.Region, int64(area), p.Class, int64(boolInt(p.Basic)), p.Bounds,
							int64(1), p.Source, now, a.Name, now, a.Name}
						created = append(created, p.Code)
					}
					if err := tx.bulkInsert(ctx, landParcelTable, rows); err != nil {
						if isUniqueViolation(err) {
							return shebao.Errorf(shebao.ECONFLICT, "地块正在被他人同时登记,请稍后重试")
						}
						return err
					}
				}
				for _, ch := range w.ChangedParcels {
					area, err := policy.ParseMu(ch.New.Area)
					if err != nil {
						return err
					}
					if err := tx.history(ctx, "parcel", ch.Old.Code, ch.Old.Version, ch.New.Source, ch.Old, ch.Changes); err != nil {
						return err
					}
					res, err := tx.Exec(ctx, `UPDATE land_parcels SET contract_code = $1, area = $2, land_class = $3, basic_farmland = $4,
						bounds = $5, version = version + 1, source = $6, updated_at = $7, updated_by = $8 WHERE code = $9 AND version = $10`,
						ch.New.ContractCode, int64(area), ch.New.Class, boolInt(ch.New.Basic), ch.New.Bounds, ch.New.Source, now, a.Name,
						ch.Old.Code, ch.Old.Version)
					if err != nil {
						return err
					}
					if n, _ := res.RowsAffected(); n != 1 {
						return shebao.Errorf(shebao.ECONFLICT, "地块%s已被他人修改,请重试", ch.Old.Code)
					}
					updated = append(updated, ch.Old.Code)
				}
				return nil
			})
		}); err != nil {
			return err
		}
		region := ""
		switch {
		case len(w.NewContracts) == 1 && len(w.NewParcels) <= 1:
			region = w.NewContracts[0].Region
		case len(w.NewParcels) == 1:
			region = w.NewParcels[0].Region
		case len(w.ChangedParcels) == 1:
			region = w.ChangedParcels[0].Old.Region
		}
		return tx.audit(ctx, "contracting.import", shebao.EntityContracting, run, region, nil,
			map[string]any{"created": created, "updated": updated})
	})
}

// history keeps the state a change supersedes.
func (tx *Tx) history(ctx context.Context, kind, code string, version int, source string, before any, changes []shebao.Change) error {
	a, _ := shebao.ActorFrom(ctx)
	_, err := tx.Exec(ctx, `INSERT INTO land_contracting_versions (kind, code, version, changed_at, actor, source, before_json, changes_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, kind, code, version, fmtTime(tx.now), a.Name, source, jsonText(before), jsonText(changes))
	return err
}

// FindLandContracts lists the contracts in the actor's jurisdiction (a
// citizen: those they head), by village and code, with their total area.
func (db *DB) FindLandContracts(ctx context.Context, f shebao.LandContractFilter) ([]*shebao.LandContract, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "contracting.list", shebao.EntityContracting, ""); err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	conds, args := sc.where("c.region_code", nil, nil)
	conds, args = sc.own("c.head_id_no", conds, args)
	if f.IDNo != "" {
		args = append(args, f.IDNo)
		conds = append(conds, "c.head_id_no = $"+itoa(len(args)))
	}
	out, total, err := findPage(ctx, db, `land_contracts c`, `SELECT `+landContractColumns+landContractFrom, whereClause(conds), args,
		"c.region_code, c.code", f.Limit, f.Offset, scanLandContract)
	if err != nil {
		return nil, 0, err
	}
	codes := make([]string, len(out))
	for i, c := range out {
		codes[i] = c.Code
	}
	err = db.Update(ctx, func(tx *Tx) error {
		areas := map[string]int64{}
		if len(codes) > 0 {
			cond, args := tx.inKeys("contract_code", codes, nil)
			if err := tx.scanRows(ctx, `SELECT contract_code, SUM(area) FROM land_parcels WHERE `+cond+` GROUP BY contract_code`, args,
				func(s rowScanner) error {
					var code string
					var a int64
					err := s.Scan(&code, &a)
					areas[code] = a
					return err
				}); err != nil {
				return err
			}
		}
		for _, c := range out {
			c.Area = policy.Mu(areas[c.Code]).String()
		}
		return tx.audit(ctx, "contracting.list", shebao.EntityContracting, "", sc.region(), nil, map[string]any{"codes": codes})
	})
	return out, total, err
}

// FindLandContract returns one contract in the jurisdiction with its
// parcels, or ENOTFOUND (also for a citizen's neighbour's contract).
func (db *DB) FindLandContract(ctx context.Context, code string) (*shebao.LandContract, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "contracting.read", shebao.EntityContracting, code); err != nil {
		return nil, err
	}
	var out *shebao.LandContract
	err = db.Update(ctx, func(tx *Tx) error {
		c, err := scanLandContract(tx.QueryRow(ctx, `SELECT `+landContractColumns+landContractFrom+` WHERE c.code = $1`, code))
		if isNoRows(err) || err == nil && (!sc.contains(c.Region) || sc.ownOnly() && c.HeadIDNo != sc.actor.IDNo) {
			return &shebao.Error{Code: shebao.ENOTFOUND, Field: "承包合同编码", Message: "未找到承包合同" + code}
		}
		if err != nil {
			return err
		}
		var total int64
		err = tx.scanRows(ctx, `SELECT `+landParcelColumns+` FROM land_parcels WHERE contract_code = $1 ORDER BY code`, []any{code},
			func(s rowScanner) error {
				p, err := scanParcel(s)
				if err == nil {
					c.Parcels = append(c.Parcels, p)
					m, _ := policy.ParseMu(p.Area)
					total += int64(m)
				}
				return err
			})
		if err != nil {
			return err
		}
		c.Area = policy.Mu(total).String()
		out = c
		return tx.audit(ctx, "contracting.read", shebao.EntityContracting, code, c.Region, nil, nil)
	})
	return out, err
}

// ContractingHistory lists the superseded states of a contract and of its
// parcels, newest first.
func (db *DB) ContractingHistory(ctx context.Context, code string) ([]shebao.ContractingVersion, error) {
	c, err := db.FindLandContract(ctx, code)
	if err != nil {
		return nil, err
	}
	keys := []string{c.Code}
	for _, p := range c.Parcels {
		keys = append(keys, p.Code)
	}
	var out []shebao.ContractingVersion
	err = db.Update(ctx, func(tx *Tx) error {
		cond, args := tx.inKeys("code", keys, nil)
		return tx.scanRows(ctx, `SELECT kind, code, version, changed_at, actor, source, before_json, changes_json
			FROM land_contracting_versions WHERE `+cond+` ORDER BY changed_at DESC, kind, code, version DESC`, args, func(s rowScanner) error {
			var v shebao.ContractingVersion
			var at, before, changes string
			if err := s.Scan(&v.Kind, &v.Code, &v.Version, &at, &v.Actor, &v.Source, &before, &changes); err != nil {
				return err
			}
			v.ChangedAt = parseTime(at)
			v.Before = json.RawMessage(before)
			if err := json.Unmarshal([]byte(changes), &v.Changes); err != nil {
				return err
			}
			out = append(out, v)
			return nil
		})
	})
	return out, err
}
