package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
)

// 公益性岗位 (employ.Service, issue #19 item 5, docs/DOMAIN.md §10).

// InsertPublicPost registers a post of a region in the actor's
// jurisdiction, with its audit entry (post.create).
func (db *DB) InsertPublicPost(ctx context.Context, p *shebao.PublicPost) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(p.Region) {
		return shebao.FieldErrorf("区划", "区划%s不在您的管辖范围内", p.Region)
	}
	return db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, p.Region).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return shebao.FieldErrorf("区划", "区划代码%s未登记", p.Region)
		}
		p.ID, p.CreatedBy = newID(), sc.actor.Name
		if _, err := tx.Exec(ctx, `INSERT INTO public_posts (id, name, region_code, unit, unit_uscc, funding, places, bank_account, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, p.ID, p.Name, p.Region, p.Unit, p.UnitUSCC, p.Funding, p.Places, p.BankAccount,
			fmtTime(tx.now), sc.actor.Name); err != nil {
			return err
		}
		return tx.audit(ctx, "post.create", shebao.EntityPost, p.ID, p.Region, nil, p)
	})
}

const postColumns = `p.id, p.name, p.region_code, p.unit, p.unit_uscc, p.funding, p.places, p.bank_account, p.created_by,
	(SELECT COUNT(*) FROM post_placements x WHERE x.post_id = p.id AND x.end_month >= $1)`

func scanPost(s rowScanner) (*shebao.PublicPost, error) {
	p := &shebao.PublicPost{}
	err := s.Scan(&p.ID, &p.Name, &p.Region, &p.Unit, &p.UnitUSCC, &p.Funding, &p.Places, &p.BankAccount, &p.CreatedBy, &p.Filled)
	return p, err
}

// FindPublicPost reads a post of the actor's jurisdiction with its
// placements in their term in the month (Filled); ENOTFOUND outside.
func (db *DB) FindPublicPost(ctx context.Context, id, month string) (*shebao.PublicPost, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := scanPost(db.queryRow(ctx, `SELECT `+postColumns+` FROM public_posts p WHERE p.id = $2`, month, id))
	if isNoRows(err) || err == nil && !sc.contains(p.Region) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到公益性岗位%s", id)
	}
	return p, err
}

// FindPublicPosts lists the posts of the actor's jurisdiction with their
// placements in their term in the month.
func (db *DB) FindPublicPosts(ctx context.Context, month string) ([]*shebao.PublicPost, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("p.region_code", nil, []any{month})
	var out []*shebao.PublicPost
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		return tx.scanRows(ctx, `SELECT `+postColumns+` FROM public_posts p`+whereClause(conds)+` ORDER BY p.region_code, p.name`, args,
			func(s rowScanner) error {
				p, err := scanPost(s)
				out = append(out, p)
				return err
			})
	})
	return out, err
}

const placementColumns = `x.id, x.post_id, x.id_no, p.name, x.region_code, x.priority, x.start_month, x.end_month, x.months, x.explain, x.approvals, x.created_by`

func scanPlacement(s rowScanner) (*shebao.PostPlacement, error) {
	x := &shebao.PostPlacement{}
	var aps string
	err := s.Scan(&x.ID, &x.PostID, &x.IDNo, &x.Name, &x.Region, &x.Priority, &x.Start, &x.End, &x.Months, &x.Explain, &aps, &x.CreatedBy)
	if aps != "" {
		x.Approvals = strings.Split(aps, ",")
	}
	return x, err
}

// PersonPlacements are the person's placements, oldest first (unaudited:
// for the term limit of a new one).
func (db *DB) PersonPlacements(ctx context.Context, idNo string) ([]*shebao.PostPlacement, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	var out []*shebao.PostPlacement
	err := db.View(ctx, func(tx *Tx) error {
		out = nil
		return tx.scanRows(ctx, `SELECT `+placementColumns+` FROM post_placements x JOIN persons p ON p.id_no = x.id_no
			WHERE x.id_no = $1 ORDER BY x.start_month`, []any{idNo}, func(s rowScanner) error {
			x, err := scanPlacement(s)
			out = append(out, x)
			return err
		})
	})
	return out, err
}

// FindPlacements lists the placements of the actor's jurisdiction (an
// audited list, placement.list), newest first.
func (db *DB) FindPlacements(ctx context.Context) ([]*shebao.PostPlacement, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("x.region_code", nil, nil)
	var out []*shebao.PostPlacement
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		if err := tx.scanRows(ctx, `SELECT `+placementColumns+` FROM post_placements x JOIN persons p ON p.id_no = x.id_no`+whereClause(conds)+
			` ORDER BY x.start_month DESC, x.id_no LIMIT 5000`, args, func(s rowScanner) error {
			x, err := scanPlacement(s)
			out = append(out, x)
			return err
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "placement.list", shebao.EntityPost, "", sc.region(), nil,
			listDetail(nil, len(out), countPersons(out, func(x *shebao.PostPlacement) string { return x.IDNo })))
	})
	return out, err
}

// SubmitPlacement puts a placement with its subsidies into the approval
// queue of the region (post.place).
func (db *DB) SubmitPlacement(ctx context.Context, region, summary string, payload any) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.submitApproval(ctx, shebao.ApprovePostPlacement, region, summary, payload)
		return err
	})
	return out, err
}

// PendingPlacements counts the placements waiting for approval for the
// person and for the post (from the payloads of the queue).
func (db *DB) PendingPlacements(ctx context.Context, idNo, postID string) (person, post int, err error) {
	if _, err := scopeOf(ctx); err != nil {
		return 0, 0, err
	}
	err = db.View(ctx, func(tx *Tx) error {
		person, post = 0, 0
		return tx.scanRows(ctx, `SELECT payload FROM approvals WHERE kind = $1 AND status = $2`,
			[]any{shebao.ApprovePostPlacement, shebao.ApprovalPending}, func(s rowScanner) error {
				var body string
				if err := s.Scan(&body); err != nil {
					return err
				}
				if strings.Contains(body, `"id_no":"`+idNo+`"`) {
					person++
				}
				if strings.Contains(body, `"post_id":"`+postID+`"`) {
					post++
				}
				return nil
			})
	})
	return person, post, err
}

// InsertPlacement records an approved placement, with its audit entry
// (post.place).
func (db *DB) InsertPlacement(ctx context.Context, x *shebao.PostPlacement) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(x.Region) {
		return notFoundPerson(x.IDNo)
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.recount(ctx, placementsFamily, createdBy("x.id = $1", x.ID), func() error {
			_, err := tx.Exec(ctx, `INSERT INTO post_placements (id, post_id, id_no, region_code, priority, start_month, end_month, months, explain,
			approvals, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
				x.ID, x.PostID, x.IDNo, x.Region, x.Priority, x.Start, x.End, x.Months, x.Explain, strings.Join(x.Approvals, ","), fmtTime(tx.now), x.CreatedBy)
			return err
		}); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "该安置已登记")
			}
			return err
		}
		return tx.audit(ctx, "post.place", shebao.EntityPost, x.IDNo, x.Region, nil, x)
	})
}

// PostPriorities are the priority groups of the person now: an open
// 就业困难人员 certification, the 被征地 flag, a household listed as
// zero-employment and not cleared (unaudited: for the rules).
func (db *DB) PostPriorities(ctx context.Context, idNo string) ([]string, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	var hardship, zero int
	var flags string
	err := db.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM hardship_certifications h WHERE h.id_no = p.id_no AND h.ended_on = ''),
		(SELECT COUNT(*) FROM household_members m JOIN zero_employment_households z ON z.household_id = m.household_id AND z.cleared_on = ''
			WHERE m.id_no = p.id_no),
		p.flags FROM persons p WHERE p.id_no = $1`, idNo).Scan(&hardship, &zero, &flags)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	if hardship > 0 {
		out = append(out, shebao.PostPriorityHardship)
	}
	for _, f := range strings.Split(flags, ",") {
		if f == shebao.FlagLandLost {
			out = append(out, shebao.PostPriorityLandLost)
		}
	}
	if zero > 0 {
		out = append(out, shebao.PostPriorityZero)
	}
	return out, nil
}

// CreatePostBenefits creates the two monthly subsidies of an approved
// placement (kinds public_post and post_insurance only), audited as
// post.subsidy: the right it needs is the post's, not the benefits line's.
func (db *DB) CreatePostBenefits(ctx context.Context, bs []shebao.NewBenefit) (int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	if err := authorize(sc.actor, "post.subsidy", shebao.EntityPost, ""); err != nil {
		return 0, err
	}
	for _, b := range bs {
		if b.Kind != shebao.BenefitPublicPost && b.Kind != shebao.BenefitPostInsurance {
			return 0, shebao.Errorf(shebao.EINVALID, "公益性岗位安置不能核定%s", b.Kind)
		}
	}
	var n int
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.createBenefitsAs(ctx, bs, "post.subsidy", shebao.EntityPost)
		return err
	})
	return n, err
}
