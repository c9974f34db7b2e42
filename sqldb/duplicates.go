package sqldb

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// ScanDuplicates looks for persons registered twice within the actor's
// jurisdiction. Candidate pairs are found by set-based joins — the same name
// in the same village, or the same name and birth date anywhere — and then
// scored (shebao.LikelyDuplicate); likely pairs go to the review queue,
// where earlier decisions are kept: a dismissed pair is not raised again.
func (db *DB) ScanDuplicates(ctx context.Context) (*shebao.ScanResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	conds, args = sc.where("a.region_code", conds, args)
	conds = append(conds, "a.merged_into = ''", "b.merged_into = ''", "a.id_no < b.id_no")
	where := whereClause(conds)
	cols := `a.id_no, a.name, a.sex, a.birth, a.region_code, b.id_no, b.sex, b.birth, b.region_code`
	q := `SELECT ` + cols + ` FROM persons a JOIN persons b ON b.name = a.name AND b.region_code = a.region_code` + where +
		` UNION SELECT ` + cols + ` FROM persons a JOIN persons b ON b.name = a.name AND b.birth = a.birth` + where
	rows, err := db.query(ctx, q, append(args, args...)...)
	if err != nil {
		return nil, err
	}
	type pair struct {
		a, b   string
		reason string
		score  int
		region string
	}
	var pairs []pair
	for rows.Next() {
		var a, b shebao.Person
		if err := rows.Scan(&a.IDNo, &a.Name, &a.Sex, &a.Birth, &a.Region, &b.IDNo, &b.Sex, &b.Birth, &b.Region); err != nil {
			rows.Close()
			return nil, err
		}
		b.Name = a.Name
		if reason, score := shebao.LikelyDuplicate(&a, &b); score > 0 {
			pairs = append(pairs, pair{a.IDNo, b.IDNo, reason, score, a.Region})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	res := &shebao.ScanResult{Pairs: len(pairs)}
	err = db.Update(ctx, func(tx *Tx) error {
		res.New = 0
		for _, p := range pairs {
			r, err := tx.Exec(ctx, `INSERT INTO duplicate_candidates (id_no_a, id_no_b, reason, score, region_code, found_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id_no_a, id_no_b) DO NOTHING`,
				p.a, p.b, p.reason, p.score, p.region, fmtTime(tx.now))
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n > 0 {
				res.New++
			}
		}
		a, _ := shebao.ActorFrom(ctx)
		return tx.audit(ctx, "duplicates.scan", "scan", fmtTime(tx.now), a.Region, nil, map[string]int{"pairs": res.Pairs, "new": res.New})
	})
	if err != nil {
		return nil, err
	}
	conds, args = sc.where("region_code", []string{"status = $1"}, []any{shebao.DupPending})
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM duplicate_candidates`+whereClause(conds), args...).Scan(&res.Pending); err != nil {
		return nil, err
	}
	conds, args = sc.where("p.region_code", []string{"p.status = $1"}, []any{shebao.StatusDeceased})
	if err := db.queryRow(ctx, `SELECT COUNT(DISTINCT p.id_no) FROM persons p JOIN enrollment_slots s ON s.id_no = p.id_no`+
		whereClause(conds), args...).Scan(&res.DeceasedOpen); err != nil {
		return nil, err
	}
	return res, nil
}

// FindDuplicates lists review-queue entries with the given status (default
// pending), best candidates first.
func (db *DB) FindDuplicates(ctx context.Context, status string, limit int) ([]*shebao.DuplicateCandidate, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if status == "" {
		status = shebao.DupPending
	}
	conds, args := sc.where("d.region_code", []string{"d.status = $1"}, []any{status})
	limit, _ = page(limit, 0)
	rows, err := db.query(ctx, `SELECT d.id_no_a, d.id_no_b, d.reason, d.score, d.status, d.found_at, d.note FROM duplicate_candidates d`+
		whereClause(conds)+` ORDER BY d.score DESC, d.id_no_a LIMIT `+itoa(limit), args...)
	if err != nil {
		return nil, err
	}
	type row struct {
		a, b string
		c    shebao.DuplicateCandidate
	}
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.a, &r.b, &r.c.Reason, &r.c.Score, &r.c.Status, &r.c.FoundAt, &r.c.Note); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, r)
	}
	rows.Close()
	var out []*shebao.DuplicateCandidate
	for _, r := range list {
		c := r.c
		if c.A, err = scanPerson(db.queryRow(ctx, `SELECT `+personColumns+personFrom+` WHERE p.id_no = $1`, r.a)); err != nil {
			return nil, err
		}
		if c.B, err = scanPerson(db.queryRow(ctx, `SELECT `+personColumns+personFrom+` WHERE p.id_no = $1`, r.b)); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, nil
}

func orderedPair(a, b string) (string, string) {
	if a < b {
		return a, b
	}
	return b, a
}

// DismissDuplicate records that the pair is two different people.
// Dismissing moves no money and changes no entitlement: no second user.
func (db *DB) DismissDuplicate(ctx context.Context, a, b, note string) error {
	return db.Update(ctx, func(tx *Tx) error {
		return tx.decideDuplicate(ctx, a, b, shebao.DupDismissed, note, nil)
	})
}

// pendingPair checks that a and b form a pending pair of the review queue
// within the actor's jurisdiction, and returns the pair ordered and its region.
func (tx *Tx) pendingPair(ctx context.Context, a, b string) (x, y, region string, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return "", "", "", err
	}
	ca, err := canonicalIDNo(a)
	if err != nil {
		return "", "", "", err
	}
	cb, err := canonicalIDNo(b)
	if err != nil {
		return "", "", "", err
	}
	x, y = orderedPair(ca, cb)
	var cur string
	if err := tx.QueryRow(ctx, `SELECT status, region_code FROM duplicate_candidates WHERE id_no_a = $1 AND id_no_b = $2`, x, y).Scan(&cur, &region); err != nil || !sc.contains(region) {
		return "", "", "", shebao.Errorf(shebao.ENOTFOUND, "复核队列中没有%s与%s这一对", idno.MaskID(x), idno.MaskID(y))
	}
	if cur != shebao.DupPending {
		return "", "", "", shebao.Errorf(shebao.ECONFLICT, "这一对已于此前处理(%s)", cur)
	}
	return x, y, region, nil
}

func (tx *Tx) decideDuplicate(ctx context.Context, a, b, status, note string, fn func(tx *Tx) error) error {
	x, y, region, err := tx.pendingPair(ctx, a, b)
	if err != nil {
		return err
	}
	if fn != nil {
		if err := fn(tx); err != nil {
			return err
		}
	}
	actor, _ := shebao.ActorFrom(ctx)
	if _, err := tx.Exec(ctx, `UPDATE duplicate_candidates SET status = $1, decided_by = $2, decided_at = $3, note = $4
		WHERE id_no_a = $5 AND id_no_b = $6`, status, actor.Name, fmtTime(tx.now), note, x, y); err != nil {
		return err
	}
	return tx.audit(ctx, "duplicates."+map[string]string{shebao.DupMerged: "merge", shebao.DupDismissed: "dismiss"}[status],
		"person", x+"|"+y, region, nil, map[string]string{"a": x, "b": y, "note": note})
}

// MergeDuplicate asks for person drop to be merged into person keep. A
// merge changes entitlements, so it only waits in the approval queue
// (经办); it is carried out when a second user approves it (复核,
// DecideApproval).
func (db *DB) MergeDuplicate(ctx context.Context, keep, drop, note string) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		x, y, region, err := tx.pendingPair(ctx, keep, drop)
		if err != nil {
			return err
		}
		k, _ := canonicalIDNo(keep)
		d, _ := canonicalIDNo(drop)
		kp, err := tx.findPerson(ctx, k)
		if err != nil {
			return err
		}
		dp, err := tx.findPerson(ctx, d)
		if err != nil {
			return err
		}
		var waiting int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM approvals WHERE kind = $1 AND status = $2 AND payload LIKE $3`,
			shebao.ApproveMergePersons, shebao.ApprovalPending, "%"+x+"%"+y+"%").Scan(&waiting); err != nil {
			return err
		}
		if waiting == 0 {
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM approvals WHERE kind = $1 AND status = $2 AND payload LIKE $3`,
				shebao.ApproveMergePersons, shebao.ApprovalPending, "%"+y+"%"+x+"%").Scan(&waiting); err != nil {
				return err
			}
		}
		if waiting > 0 {
			return shebao.Errorf(shebao.ECONFLICT, "这一对的合并申请已在等待复核")
		}
		out, err = tx.submitApproval(ctx, shebao.ApproveMergePersons, region,
			fmt.Sprintf("将%s(%s,%s)合并至%s(%s,%s)", idno.MaskID(d), dp.Name, dp.RegionName, idno.MaskID(k), kp.Name, kp.RegionName),
			shebao.MergeRequest{Keep: k, Drop: d, Note: note})
		return err
	})
	return out, err
}

// mergeDuplicate merges person drop into person keep, once approved: drop's
// enrollments move to keep with their whole history; an open enrollment of
// drop in a slot keep already holds is terminated as 重复参保 instead. drop
// stays in the registry, marked as merged, with its history.
func (tx *Tx) mergeDuplicate(ctx context.Context, keep, drop, note string) error {
	return tx.decideDuplicate(ctx, keep, drop, shebao.DupMerged, note, func(tx *Tx) error {
		k, _ := canonicalIDNo(keep)
		d, _ := canonicalIDNo(drop)
		kp, err := tx.findPerson(ctx, k)
		if err != nil {
			return err
		}
		dp, err := tx.findPerson(ctx, d)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT n.id, s.slot FROM enrollments n LEFT JOIN enrollment_slots s ON s.enrollment_id = n.id WHERE n.id_no = $1`, d)
		if err != nil {
			return err
		}
		type en struct{ id, slot string }
		var ens []en
		for rows.Next() {
			var e en
			var slot *string
			if err := rows.Scan(&e.id, &slot); err != nil {
				rows.Close()
				return err
			}
			if slot != nil {
				e.slot = *slot
			}
			ens = append(ens, e)
		}
		rows.Close()
		for _, e := range ens {
			if e.slot != "" {
				holder, err := tx.slotHolder(ctx, k, e.slot)
				if err != nil {
					return err
				}
				if holder != nil {
					n, err := tx.findEnrollment(ctx, e.id)
					if err != nil {
						return err
					}
					if err := tx.closeEnrollment(ctx, n, shebao.ActTerminate, shebao.EnrollEnded, shebao.Today().Format(shebao.DateLayout),
						fmt.Sprintf("%s:与%s合并,保留%s", shebao.EndDuplicate, idno.MaskID(k), holder.Describe())); err != nil {
						return err
					}
				} else if _, err := tx.Exec(ctx, `UPDATE enrollment_slots SET id_no = $1 WHERE enrollment_id = $2`, k, e.id); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `UPDATE enrollments SET id_no = $1, region_code = $2 WHERE id = $3`, k, kp.Region, e.id); err != nil {
				return err
			}
			n, err := tx.findEnrollment(ctx, e.id)
			if err != nil {
				return err
			}
			if err := tx.enrollmentEvent(ctx, n, "merge", n.Status, n.Status, shebao.Today().Format(shebao.DateLayout),
				"由重复登记的"+idno.MaskID(d)+"合并而来"); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM household_members WHERE id_no = $1`, d); err != nil {
			return err
		}
		after := *dp
		after.Source = "merge"
		if err := tx.updatePerson(ctx, "重复登记合并至"+idno.MaskID(k), dp, &after,
			[]shebao.Change{{Field: "合并至", Before: "", After: idno.MaskID(k)}}); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE persons SET merged_into = $1 WHERE id_no = $2`, k, d)
		return err
	})
}
