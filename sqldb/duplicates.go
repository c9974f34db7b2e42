package sqldb

import (
	"context"
	"maps"
	"slices"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// DuplicatePairs returns the candidate pairs of a 重复参保 scan within the
// actor's jurisdiction, found by set-based joins: the same name in the same
// village, or the same name and birth date anywhere (registrations merged
// into another left out). Both persons of a pair lie in the jurisdiction: a
// pair across two towns is the district's to find and decide. Each pair
// comes once, the lower number first; the persons carry what the score
// needs (shebao.LikelyDuplicate).
func (db *DB) DuplicatePairs(ctx context.Context) ([][2]*shebao.Person, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("a.region_code", nil, nil)
	conds, args = sc.where("b.region_code", conds, args)
	conds = append(conds, "a.merged_into = ''", "b.merged_into = ''", "a.id_no < b.id_no")
	where := whereClause(conds)
	cols := `a.id_no, a.name, a.sex, a.birth, a.region_code, b.id_no, b.sex, b.birth, b.region_code`
	q := `SELECT ` + cols + ` FROM persons a JOIN persons b ON b.name = a.name AND b.region_code = a.region_code` + where +
		` UNION SELECT ` + cols + ` FROM persons a JOIN persons b ON b.name = a.name AND b.birth = a.birth` + where
	// Both halves use the same numbered parameters ($1…$4): the scope's
	// bounds are passed once (PostgreSQL refuses unused ones).
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]*shebao.Person
	for rows.Next() {
		var a, b shebao.Person
		if err := rows.Scan(&a.IDNo, &a.Name, &a.Sex, &a.Birth, &a.Region, &b.IDNo, &b.Sex, &b.Birth, &b.Region); err != nil {
			return nil, err
		}
		b.Name = a.Name
		out = append(out, [2]*shebao.Person{&a, &b})
	}
	return out, rows.Err()
}

// QueueDuplicates adds likely pairs to the review queue, keeping earlier
// decisions (a pair already queued, decided or not, is left alone), and
// audits the scan; it returns how many pairs are new. A pair is filed under
// the smallest region holding both persons (shebao.CommonRegion), for the
// record: who sees it is decided from the persons' regions when it is read.
func (db *DB) QueueDuplicates(ctx context.Context, pairs []*shebao.DuplicateCandidate) (int, error) {
	var added int
	err := db.Update(ctx, func(tx *Tx) error {
		added = 0
		for _, p := range pairs {
			r, err := tx.Exec(ctx, `INSERT INTO duplicate_candidates (id_no_a, id_no_b, reason, score, region_code, found_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id_no_a, id_no_b) DO NOTHING`,
				p.A.IDNo, p.B.IDNo, p.Reason, p.Score, shebao.CommonRegion(p.A.Region, p.B.Region), fmtTime(tx.now))
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n > 0 {
				added++
			}
		}
		a, _ := shebao.ActorFrom(ctx)
		return tx.audit(ctx, "duplicates.scan", "scan", fmtTime(tx.now), a.Region, nil, map[string]int{"pairs": len(pairs), "new": added})
	})
	return added, err
}

// DuplicateCounts counts, in the actor's jurisdiction, the pairs waiting
// for review and the deceased persons who still hold an open enrollment
// (死亡未停保).
func (db *DB) DuplicateCounts(ctx context.Context) (pending, deceasedOpen int, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, 0, err
	}
	conds, args := pairScope(sc, []string{"d.status = $1"}, []any{shebao.DupPending})
	if err := db.queryRow(ctx, `SELECT COUNT(*)`+pairFrom+whereClause(conds), args...).Scan(&pending); err != nil {
		return 0, 0, err
	}
	conds, args = sc.where("p.region_code", []string{"p.status = $1"}, []any{shebao.StatusDeceased})
	if err := db.queryRow(ctx, `SELECT COUNT(DISTINCT p.id_no) FROM persons p JOIN enrollment_slots s ON s.id_no = p.id_no`+
		whereClause(conds), args...).Scan(&deceasedOpen); err != nil {
		return 0, 0, err
	}
	return pending, deceasedOpen, nil
}

// pairFrom joins each queued pair to its two persons, so that the pair is
// scoped by where both of them are registered now.
const pairFrom = ` FROM duplicate_candidates d JOIN persons pa ON pa.id_no = d.id_no_a JOIN persons pb ON pb.id_no = d.id_no_b`

// pairScope appends the condition that both persons of a pair lie in the
// scope: a pair is seen and decided only by those whose jurisdiction holds
// both (a pair across towns goes to the district).
func pairScope(sc scope, conds []string, args []any) ([]string, []any) {
	conds, args = sc.where("pa.region_code", conds, args)
	return sc.where("pb.region_code", conds, args)
}

// FindDuplicates lists review-queue entries with the given status (default
// pending), best candidates first: only pairs whose two persons both lie in
// the actor's jurisdiction, for roles that read the scan's results. The
// pairs carry both persons' records: the list is an audited read
// (duplicate.list, with how many pairs and persons it returned).
func (db *DB) FindDuplicates(ctx context.Context, status string, limit int) ([]*shebao.DuplicateCandidate, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "duplicate.list", shebao.EntityScan, ""); err != nil {
		return nil, err
	}
	if status == "" {
		status = shebao.DupPending
	}
	conds, args := pairScope(sc, []string{"d.status = $1"}, []any{status})
	limit, _ = page(limit, 0)
	rows, err := db.query(ctx, `SELECT d.id_no_a, d.id_no_b, d.reason, d.score, d.status, d.found_at, d.note`+pairFrom+
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
	ids := make([]string, 0, 2*len(out))
	for _, c := range out {
		ids = append(ids, c.A.IDNo, c.B.IDNo)
	}
	persons := countPersons(ids, func(id string) string { return id })
	if err := db.auditList(ctx, sc, "duplicate.list", shebao.EntityScan, "", map[string]any{"status": status, "limit": limit},
		len(out), persons); err != nil {
		return nil, err
	}
	return out, nil
}

// QueuedPair returns the review-queue entry of the pair (x < y, see
// shebao.OrderedPair) when both persons lie in the actor's jurisdiction,
// or ENOTFOUND, exactly as for a pair never queued. Its region is the
// smallest region holding both persons now (shebao.CommonRegion): the
// region a merge's approval is filed under, so that the approval queue
// shows it only to those who may decide the pair.
func (db *DB) QueuedPair(ctx context.Context, x, y string) (*shebao.QueuedPair, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	q := &shebao.QueuedPair{A: x, B: y}
	var ra, rb string
	err = db.Update(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `SELECT d.status, pa.region_code, pb.region_code`+pairFrom+` WHERE d.id_no_a = $1 AND d.id_no_b = $2`,
			x, y).Scan(&q.Status, &ra, &rb)
	})
	if isNoRows(err) || err == nil && !(sc.contains(ra) && sc.contains(rb)) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "复核队列中没有%s与%s这一对", idno.MaskID(x), idno.MaskID(y))
	}
	q.Region = shebao.CommonRegion(ra, rb)
	return q, err
}

// DecideDuplicate records the decision on a queued pair (merged or
// dismissed) with the note, and audits it.
func (db *DB) DecideDuplicate(ctx context.Context, q *shebao.QueuedPair, status, note string) error {
	return db.Update(ctx, func(tx *Tx) error {
		actor, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `UPDATE duplicate_candidates SET status = $1, decided_by = $2, decided_at = $3, note = $4, region_code = $5
			WHERE id_no_a = $6 AND id_no_b = $7`, status, actor.Name, fmtTime(tx.now), note, q.Region, q.A, q.B); err != nil {
			return err
		}
		return tx.audit(ctx, "duplicates."+map[string]string{shebao.DupMerged: "merge", shebao.DupDismissed: "dismiss"}[status],
			"person", q.A+"|"+q.B, q.Region, nil, map[string]string{"a": q.A, "b": q.B, "note": note})
	})
}

// MergeWaiting reports whether a merge of the pair waits for approval.
func (db *DB) MergeWaiting(ctx context.Context, x, y string) (bool, error) {
	var waiting int
	err := db.Update(ctx, func(tx *Tx) error {
		for _, pattern := range []string{"%" + x + "%" + y + "%", "%" + y + "%" + x + "%"} {
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM approvals WHERE kind = $1 AND status = $2 AND payload LIKE $3`,
				shebao.ApproveMergePersons, shebao.ApprovalPending, pattern).Scan(&waiting); err != nil || waiting > 0 {
				return err
			}
		}
		return nil
	})
	return waiting > 0, err
}

// SubmitMerge puts a merge in the approval queue (经办).
func (db *DB) SubmitMerge(ctx context.Context, region, summary string, m shebao.MergeRequest) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.submitApproval(ctx, shebao.ApproveMergePersons, region, summary, m)
		return err
	})
	return out, err
}

// PersonEnrollmentSlots lists a person's enrollments with the slot each
// open one holds ("" for a closed one).
func (db *DB) PersonEnrollmentSlots(ctx context.Context, idNo string) ([]shebao.EnrollmentSlot, error) {
	var out []shebao.EnrollmentSlot
	err := db.Update(ctx, func(tx *Tx) error {
		out = nil
		return tx.scanRows(ctx, `SELECT n.id, COALESCE(s.slot, '') FROM enrollments n LEFT JOIN enrollment_slots s ON s.enrollment_id = n.id AND s.id_no = n.id_no
			WHERE n.id_no = $1`, []any{idNo}, func(s rowScanner) error {
			var e shebao.EnrollmentSlot
			if err := s.Scan(&e.ID, &e.Slot); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// MoveEnrollment moves an enrollment with its whole history to another
// person (keep), with its slot when it holds one (withSlot), and records
// the move as an event of the enrollment.
func (db *DB) MoveEnrollment(ctx context.Context, id string, keep *shebao.Person, withSlot bool, reason string) error {
	return db.Update(ctx, func(tx *Tx) error {
		was, err := tx.findEnrollment(ctx, id)
		if err != nil {
			return err
		}
		if was == nil {
			return shebao.Errorf(shebao.ENOTFOUND, "未找到参保记录%s", id)
		}
		// The enrollment counts with its new person, in the keeper's region.
		return tx.recount(ctx, personsFamily, byKeysSel(was.IDNo, keep.IDNo), func() error {
			// The person is part of the enrollment's key, its events' and
			// its slot's (migration 0123; on a Citus cluster, of their
			// shard): the enrollment is written again under the kept
			// person, its events and slot moved to it, and the old rows
			// deleted, children after their new parent and before the old.
			from := was.IDNo
			if _, err := tx.Exec(ctx, `INSERT INTO enrollments (id, id_no, scheme, year, employer_uscc, household_id, region_code, status,
					start_date, end_date, end_reason, version, created_at, created_by, updated_at, updated_by)
				SELECT id, $1, scheme, year, employer_uscc, household_id, $2, status,
					start_date, end_date, end_reason, version, created_at, created_by, updated_at, updated_by
				FROM enrollments WHERE id = $3 AND id_no = $4`, keep.IDNo, keep.Region, id, from); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO enrollment_events (enrollment_id, id_no, seq, action, from_status, to_status, event_date,
					reason, employer_uscc, actor, at)
				SELECT enrollment_id, $1, seq, action, from_status, to_status, event_date, reason, employer_uscc, actor, at
				FROM enrollment_events WHERE enrollment_id = $2 AND id_no = $3`, keep.IDNo, id, from); err != nil {
				return err
			}
			if withSlot {
				if _, err := tx.Exec(ctx, `INSERT INTO enrollment_slots (id_no, slot, enrollment_id)
					SELECT $1, slot, enrollment_id FROM enrollment_slots WHERE enrollment_id = $2 AND id_no = $3`, keep.IDNo, id, from); err != nil {
					return err
				}
			}
			for _, q := range []string{
				`DELETE FROM enrollment_slots WHERE enrollment_id = $1 AND id_no = $2`,
				`DELETE FROM enrollment_events WHERE enrollment_id = $1 AND id_no = $2`,
				`DELETE FROM enrollments WHERE id = $1 AND id_no = $2`,
			} {
				if _, err := tx.Exec(ctx, q, id, from); err != nil {
					return err
				}
			}
			n, err := tx.findEnrollment(ctx, id)
			if err != nil {
				return err
			}
			return tx.enrollmentEvent(ctx, n, "merge", n.Status, n.Status, shebao.Today().Format(shebao.DateLayout), reason)
		})
	})
}

// MarkMerged records that person drop is merged into keep: drop leaves its
// household and stays in the registry, marked, with the change in its
// history.
func (db *DB) MarkMerged(ctx context.Context, drop *shebao.Person, keep, reason string, changes []shebao.Change) error {
	return db.Update(ctx, func(tx *Tx) error {
		// The land transfer households of drop's household lose a member.
		was, _, err := tx.households(ctx, []string{drop.IDNo}, nil)
		if err != nil {
			return err
		}
		transferors, err := tx.transferorsOfHouseholds(ctx, slices.Collect(maps.Values(was)))
		if err != nil {
			return err
		}
		if err := tx.recountLand(ctx, transferHouseholdsFamily, tx.transferorsSel(transferors), func() error {
			_, err := tx.Exec(ctx, `DELETE FROM household_members WHERE id_no = $1`, drop.IDNo)
			return err
		}); err != nil {
			return err
		}
		// A merged registration no longer counts as a person.
		return tx.recount(ctx, personsFamily, byKeysSel(drop.IDNo), func() error {
			after := *drop
			after.Source = "merge"
			if err := tx.updatePerson(ctx, reason, drop, &after, changes); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `UPDATE persons SET merged_into = $1 WHERE id_no = $2`, keep, drop.IDNo)
			return err
		})
	})
}
