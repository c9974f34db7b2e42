package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// adjustmentChunk is how many pensions one transaction adjusts.
var adjustmentChunk = 5000

// RunAdjustment applies the yearly pension adjustment (养老金调整) in force
// on 1 January of the year to every employee pension (110) that started
// before the year, from fromMonth (default January of the year): a new
// amount = the amount in force the month before + policy.PensionAdjustment
// (fixed + % of the pension + per whole year of contribution + the age
// extra reached by 31 December of the year), the account part unchanged
// (the pooled fund pays the increase). Pensions are streamed in ID order and
// adjusted in chunks, each one transaction, with source "adjust:YYYY", so a
// run that stops half way is finished by running it again and a second run
// changes nothing.
func (db *DB) RunAdjustment(ctx context.Context, year int, fromMonth string) (*shebao.AdjustmentResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if !sc.all {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "养老金调整须由全库管理员或批处理执行")
	}
	if err := authorize(sc.actor, "benefit.adjust", shebao.EntityBenefit, ""); err != nil {
		return nil, err
	}
	if year < 2000 || year > shebao.Today().Year()+1 {
		return nil, shebao.FieldErrorf("year", "调整年度%d无效", year)
	}
	if fromMonth == "" {
		fromMonth = fmt.Sprintf("%d-01", year)
	}
	from, err := shebao.ParsePeriod(fromMonth)
	if err != nil {
		return nil, shebao.FieldErrorf("month", "起始月份“%s”无效,应为YYYY-MM", fromMonth)
	}
	if from.First().Year() != year {
		return nil, shebao.FieldErrorf("month", "起始月份%s不在调整年度%d内", from, year)
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	var adj policy.PensionAdjust
	param, err := set.Table("pension.adjust", "", jan1, &adj)
	if err != nil {
		return nil, fmt.Errorf("%d年养老金调整办法: %w", year, err)
	}
	source := "adjust:" + strconv.Itoa(year)
	res := &shebao.AdjustmentResult{Year: year, FromMonth: string(from), Source: param.Cite(),
		Rule: fmt.Sprintf("定额%s元 + 本人养老金 × %s + 每满一年缴费年限%s元%s(年龄按%d年12月31日计)",
			adj.Fixed, adj.Percent.Rate().Percent(), adj.PerYear, extrasText(adj), year)}
	yearStart := fmt.Sprintf("%d-01", year)
	prev := string(from.Prev())
	if err := db.queryRow(ctx, `SELECT COUNT(DISTINCT benefit_id) FROM benefit_amounts a JOIN benefits b ON b.id = a.benefit_id
		WHERE b.kind = $1 AND a.source = $2`, shebao.BenefitPension, source).Scan(&res.Already); err != nil {
		return nil, err
	}
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM benefits b WHERE b.kind = $1 AND b.start_month < $2 AND (b.end_month = '' OR b.end_month >= $3)
		AND EXISTS (SELECT 1 FROM benefit_amounts x WHERE x.benefit_id = b.id AND x.from_month >= $3 AND x.source <> $4)
		AND NOT EXISTS (SELECT 1 FROM benefit_amounts x WHERE x.benefit_id = b.id AND x.source = $4)`,
		shebao.BenefitPension, yearStart, string(from), source).Scan(&res.Later); err != nil {
		return nil, err
	}
	// The pensions to adjust, each with the amount in force the month
	// before and what the adjustment needs (birth date, contribution).
	rows, err := db.query(ctx, `SELECT b.id, p.birth, b.detail, a.monthly, a.account_part, a.basic_part
		FROM benefits b JOIN persons p ON p.id_no = b.id_no
		JOIN benefit_amounts a ON a.benefit_id = b.id AND a.from_month <= $3 AND (a.to_month = '' OR a.to_month >= $3)
		WHERE b.kind = $1 AND b.start_month < $2 AND (b.end_month = '' OR b.end_month >= $4)
		AND NOT EXISTS (SELECT 1 FROM benefit_amounts x WHERE x.benefit_id = b.id AND (x.source = $5 OR x.from_month >= $4))
		ORDER BY b.id`, shebao.BenefitPension, yearStart, prev, string(from), source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type item struct {
		id  string
		am  shebao.BenefitAmount
		inc shebao.Money
	}
	var chunk []item
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		var added int
		var inc shebao.Money
		err := db.Update(ctx, func(tx *Tx) error {
			added, inc = 0, 0
			var ids []string
			for _, it := range chunk {
				ok, err := tx.addBenefitAmount(ctx, it.id, it.am)
				if err != nil {
					return err
				}
				if ok {
					added++
					inc += it.inc
					ids = append(ids, it.id)
				}
			}
			if added == 0 {
				return nil
			}
			after := map[string]any{"year": year, "from_month": string(from), "adjusted": added, "increase": inc}
			if len(ids) <= 20 {
				after["ids"] = ids
			}
			return tx.audit(ctx, "benefit.adjust", shebao.EntityBenefit, ids[0], "", nil, after)
		})
		if err != nil {
			return err
		}
		res.Benefits += added
		res.Increase += inc
		chunk = chunk[:0]
		return nil
	}
	for rows.Next() {
		var id, birth, detail string
		var monthly, account, basic int64
		if err := rows.Scan(&id, &birth, &detail, &monthly, &account, &basic); err != nil {
			return nil, err
		}
		months, err := db.contributionMonthsOf(ctx, id, detail)
		if err != nil {
			return nil, err
		}
		age := 0
		if len(birth) >= 4 {
			b, _ := strconv.Atoi(birth[:4])
			age = year - b
		}
		old := shebao.Money(monthly)
		inc, explain := policy.PensionAdjustment(adj, old, months/12, age)
		am := shebao.BenefitAmount{FromMonth: string(from), Monthly: old + inc, AccountPart: shebao.Money(account),
			BasicPart: shebao.Money(basic), Source: source,
			Explanation: fmt.Sprintf("%d年基本养老金调整(%s):%s;调整后 %s + %s = %s元/月,自%s起", year, param.Cite(), explain, old, inc, old+inc, from)}
		chunk = append(chunk, item{id: id, am: am, inc: inc})
		if len(chunk) >= adjustmentChunk {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	var paid string
	if err := db.queryRow(ctx, `SELECT COALESCE(MAX(month), '') FROM benefit_payments WHERE kind = $1 AND month >= $2`,
		shebao.BenefitPension, string(from)).Scan(&paid); err != nil {
		return nil, err
	}
	if paid != "" {
		res.PaidThrough = paid
		res.Warning = fmt.Sprintf("%s至%s的养老金已按调整前的金额发放,调整额须补发;本程序不办理补发", from, paid)
	}
	return res, nil
}

// contributionMonthsOf returns the months of contribution of a pension: the
// determination's detail, or else the person's 110 history (actual months
// of contribution_years).
func (db *DB) contributionMonthsOf(ctx context.Context, benefitID, detail string) (int, error) {
	if detail != "" {
		var d struct {
			Months *int `json:"contribution_months"`
		}
		if json.Unmarshal([]byte(detail), &d) == nil && d.Months != nil {
			return *d.Months, nil
		}
	}
	var months int
	err := db.queryRow(ctx, `SELECT COALESCE(SUM(c.months), 0) FROM contribution_years c JOIN benefits b ON b.id_no = c.id_no
		WHERE b.id = $1 AND c.scheme = '110'`, benefitID).Scan(&months)
	return months, err
}

func extrasText(adj policy.PensionAdjust) string {
	s := ""
	for _, e := range adj.Extras {
		s += fmt.Sprintf(" + 年满%d周岁%s元", e.MinAge, e.Amount)
	}
	if s != "" {
		s = " + 高龄倾斜(取所达最高档:" + s[3:] + ")"
	}
	return s
}
