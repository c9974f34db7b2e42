package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// MatchList matches a chunk of an outside list against the persons in the
// actor's jurisdiction. Matches on the death register are applied at once
// when the name agrees: the death is recorded and the person's open
// enrollments are suspended (暂停缴费 / 暂停发放) for the clerk to settle.
func (db *DB) MatchList(ctx context.Context, list string, entries []shebao.ListEntry) ([]*shebao.Match, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := shebao.ListNames[list]; !ok {
		return nil, shebao.FieldErrorf("名单类型", "未知名单类型“%s”(insured、dibao、death)", list)
	}
	var out []*shebao.Match
	err = db.Update(ctx, func(tx *Tx) error {
		out = nil
		keys := make([]string, len(entries))
		byID := map[string]shebao.ListEntry{}
		for i, e := range entries {
			keys[i] = e.IDNo
			byID[e.IDNo] = e
		}
		all, err := tx.personsByID(ctx, nonEmpty(keys))
		if err != nil {
			return err
		}
		var found []*shebao.Person // in the list's order
		for _, e := range entries {
			if p, ok := all[e.IDNo]; ok && sc.contains(p.Region) {
				found = append(found, p)
				delete(all, e.IDNo)
			}
		}
		for _, p := range found {
			e := byID[p.IDNo]
			m := &shebao.Match{Row: e.Row, IDNo: p.IDNo, ListName: e.Name, Name: p.Name, Region: p.Region, RegionName: p.RegionName,
				NameMatches: e.Name == "" || e.Name == p.Name, Open: []string{}}
			open, err := tx.openEnrollments(ctx, p.IDNo)
			if err != nil {
				return err
			}
			for _, n := range open {
				m.Open = append(m.Open, n.Describe())
			}
			if !m.NameMatches {
				m.Suggestion = fmt.Sprintf("姓名不一致(名单为“%s”,登记为“%s”),请人工核对后处理", e.Name, p.Name)
				out = append(out, m)
				continue
			}
			switch list {
			case shebao.ListInsured:
				if len(open) == 0 {
					m.Suggestion = "本地无在保记录,无需处理"
				} else {
					m.Suggestion = "跨地区重复参保:核实后终止一方参保关系,并办理转移或退费"
				}
			case shebao.ListDibao:
				if containsFlag(p.Flags, shebao.FlagDibao) {
					m.Suggestion = "已有低保标识"
				} else {
					m.Suggestion = "添加低保标识,可享受城乡居民养老保险代缴和医疗救助资助参保"
				}
			case shebao.ListDeath:
				if p.Status == shebao.StatusDeceased {
					m.Suggestion = "已登记死亡"
					break
				}
				m.Suggestion = "已记录死亡并暂停参保,请核查死亡后是否多发待遇(死亡冒领追回)并办理终止"
				applied, err := tx.recordDeath(ctx, p, e.DeathDate, open)
				if err != nil {
					return err
				}
				// Benefits end with the month of death; payments made for
				// later months become overpayments to recover (overpayments.go).
				stopped, found, err := tx.settleDeaths(ctx, shebao.EntityList, []string{p.IDNo})
				if err != nil {
					return err
				}
				if stopped > 0 || found > 0 {
					applied += fmt.Sprintf(",终止待遇%d项,死亡后多发%d个月待追回", stopped, found)
				}
				m.Applied = applied
			}
			out = append(out, m)
		}
		return tx.audit(ctx, "list.match."+list, "list", fmtTime(tx.now), sc.actor.Region, nil,
			map[string]int{"entries": len(entries), "matches": len(out)})
	})
	return out, err
}

func containsFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

// openEnrollments returns the enrollments that hold a person's slots.
func (tx *Tx) openEnrollments(ctx context.Context, idNo string) ([]*shebao.Enrollment, error) {
	rows, err := tx.Query(ctx, `SELECT `+enrollmentColumns+enrollmentFrom+
		` WHERE n.id IN (SELECT enrollment_id FROM enrollment_slots WHERE id_no = $1) ORDER BY n.scheme`, idNo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shebao.Enrollment
	for rows.Next() {
		n, err := scanEnrollment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// recordDeath marks a person deceased and suspends their open enrollments.
func (tx *Tx) recordDeath(ctx context.Context, p *shebao.Person, date string, open []*shebao.Enrollment) (string, error) {
	if date == "" {
		return "", shebao.FieldErrorf("死亡日期", "死亡登记缺少死亡日期")
	}
	after := *p
	after.Status, after.DeathDate, after.Source = shebao.StatusDeceased, date, "list:death"
	if err := shebao.NormalizePerson(&after, shebao.Today()); err != nil {
		return "", err
	}
	if err := tx.updatePerson(ctx, "死亡登记比对", p, &after, shebao.PersonChanges(p, &after)); err != nil {
		return "", err
	}
	var done []string
	for _, n := range open {
		if n.Status == shebao.EnrollSuspended || n.Status == shebao.EnrollBenefitSuspended {
			continue
		}
		d := date
		if d < n.StartDate {
			d = n.StartDate
		}
		if _, err := tx.ChangeEnrollment(ctx, n.ID, shebao.ChangeRequest{Action: shebao.ActSuspend, Date: d, Reason: "死亡登记比对:" + date + "死亡"}); err != nil {
			return "", err
		}
		done = append(done, n.SchemeName)
	}
	if len(done) == 0 {
		return "已记录死亡", nil
	}
	return "已记录死亡,暂停" + strings.Join(done, "、"), nil
}
