package sqldb

import (
	"context"
	"sync"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// LoadPolicy stores validated parameters. A parameter is identified by key,
// region and start date: a new one is added, a changed one (end date,
// value, source or example mark) supersedes the stored row, which stays as
// history; parameters the file does not mention are left in force, so a
// district file may carry only its overrides. Loading the same file twice
// changes nothing.
func (db *DB) LoadPolicy(ctx context.Context, file, sha string, ps []policy.Param) (*policy.Load, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	ps, err = policy.Validate(ps)
	if err != nil {
		return nil, shebao.Errorf(shebao.EINVALID, "%s", err.Error())
	}
	res := &policy.Load{ID: newID(), File: file}
	err = db.Update(ctx, func(tx *Tx) error {
		tx.policyLoaded = true // its PolicySet bypasses the cache until it ends
		res.Added, res.Changed, res.Unchanged = 0, 0, 0
		a, _ := shebao.ActorFrom(ctx)
		now := fmtTime(tx.now)
		for _, p := range ps {
			if p.Region != "" {
				if err := tx.checkRegion(ctx, sc, "区划", p.Region); err != nil {
					return shebao.Errorf(shebao.EINVALID, "参数%s: %s", p.Key, shebao.ErrorMessage(err))
				}
			} else if !sc.all {
				return shebao.Errorf(shebao.EFORBIDDEN, "只有系统管理员可以修改全国统一的参数(%s)", p.Key)
			}
			var id, to, value, source string
			var example int
			err := tx.QueryRow(ctx, `SELECT id, valid_to, value, source, example FROM policy_params
				WHERE superseded_at = '' AND param_key = $1 AND region_code = $2 AND valid_from = $3`,
				p.Key, p.Region, p.From).Scan(&id, &to, &value, &source, &example)
			found := err == nil
			if err != nil && !isNoRows(err) {
				return err
			}
			ex := 0
			if p.Example {
				ex = 1
			}
			if found && to == p.To && value == p.Value && source == p.Source && example == ex {
				res.Unchanged++
				continue
			}
			newRow := newID()
			if found {
				if _, err := tx.Exec(ctx, `UPDATE policy_params SET superseded_at = $1, superseded_by = $2 WHERE id = $3`, now, newRow, id); err != nil {
					return err
				}
				res.Changed++
			} else {
				res.Added++
			}
			if _, err := tx.Exec(ctx, `INSERT INTO policy_params (id, param_key, region_code, valid_from, valid_to, value, source, example,
				load_id, loaded_at, loaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				newRow, p.Key, p.Region, p.From, p.To, p.Value, p.Source, ex, res.ID, now, a.Name); err != nil {
				return err
			}
			if err := tx.audit(ctx, "policy.set", "policy", p.Key, p.Region, map[string]string{"value": value, "to": to},
				p); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO policy_loads (id, file_name, file_sha256, actor, at, added, changed, unchanged)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, res.ID, file, sha, a.Name, now, res.Added, res.Changed, res.Unchanged)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// PolicySet returns the parameters in force (not superseded) as a lookup
// set. Periods and regions are resolved by policy.Set.
//
// Every service call that computes an amount reads the set (a few hundred
// rows), so it is cached: the parameters change only through LoadPolicy,
// which appends one row to policy_loads in the same transaction, and loads
// are never deleted, so the number of committed loads names the committed
// set. Each call still counts the loads (one row of an index-free table of
// a few rows), so a load made by another process — `shebao policy load`
// beside a running server — is seen by the next call. A transaction that
// has loaded parameters itself reads them without the cache: its count
// includes its own load, which may yet roll back (and which another
// process's load, committed meanwhile, would count the same).
func (db *DB) PolicySet(ctx context.Context) (*policy.Set, error) {
	if tx := db.txFrom(ctx); tx != nil && tx.policyLoaded {
		return db.readPolicySet(ctx)
	}
	var loads int64
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM policy_loads`).Scan(&loads); err != nil {
		return nil, err
	}
	if set := db.policy.get(loads); set != nil {
		return set, nil
	}
	set, err := db.readPolicySet(ctx)
	if err != nil {
		return nil, err
	}
	db.policy.put(loads, set)
	return set, nil
}

// readPolicySet reads the parameters in force.
func (db *DB) readPolicySet(ctx context.Context) (*policy.Set, error) {
	ps, err := db.policyParams(ctx, `WHERE superseded_at = ''`)
	if err != nil {
		return nil, err
	}
	return policy.NewSet(ps), nil
}

// policyCache holds the last policy set read and the number of policy
// loads it was read at (PolicySet).
type policyCache struct {
	mu    sync.Mutex
	loads int64
	set   *policy.Set
}

func (c *policyCache) get(loads int64) *policy.Set {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set != nil && c.loads == loads {
		return c.set
	}
	return nil
}

func (c *policyCache) put(loads int64, set *policy.Set) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loads, c.set = loads, set
}

// PolicyHistory returns every stored value of a key, superseded ones
// included, oldest first.
func (db *DB) PolicyHistory(ctx context.Context, key string) ([]policy.Version, error) {
	rows, err := db.query(ctx, `SELECT param_key, region_code, valid_from, valid_to, value, source, example, loaded_at, loaded_by, superseded_at
		FROM policy_params WHERE param_key = $1 ORDER BY region_code, valid_from, loaded_at`, key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []policy.Version
	for rows.Next() {
		var v policy.Version
		var ex int
		if err := rows.Scan(&v.Key, &v.Region, &v.From, &v.To, &v.Value, &v.Source, &ex, &v.LoadedAt, &v.LoadedBy, &v.SupersededAt); err != nil {
			return nil, err
		}
		v.Example = ex == 1
		out = append(out, v)
	}
	return out, rows.Err()
}

func (db *DB) policyParams(ctx context.Context, where string) ([]policy.Param, error) {
	rows, err := db.query(ctx, `SELECT param_key, region_code, valid_from, valid_to, value, source, example FROM policy_params `+where+
		` ORDER BY param_key, region_code, valid_from`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []policy.Param
	for rows.Next() {
		var p policy.Param
		var ex int
		if err := rows.Scan(&p.Key, &p.Region, &p.From, &p.To, &p.Value, &p.Source, &ex); err != nil {
			return nil, err
		}
		p.Example = ex == 1
		out = append(out, p)
	}
	return out, rows.Err()
}

// ensureDefaultPolicy gives a fresh database the shipped default policy at
// the national level, so that it is in force in every region until a region
// overrides it.
func (db *DB) ensureDefaultPolicy(ctx context.Context) error {
	var n int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM policy_loads`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := db.LoadPolicy(shebao.WithActor(ctx, shebao.SystemActor), "default.toml (内置默认政策)", "", policy.Default())
	return err
}
