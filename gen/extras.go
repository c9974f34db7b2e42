package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
)

// The rest of a generated district's life, through the product's own
// paths: expropriation batches with their villages' rosters, accepted
// (即征即保) with a lag and part-funded; and the year's hospital stays of
// the insured.

// landBatches adds up to two expropriation batches for a chunk of persons:
// in each of two villages with enough farmers not yet secured, a batch for
// as many persons as it names but one (so that one stays unsecured, as in
// the seed's districts), approved between a month and a year ago,
// accepted after a lag of up to two months (none for some, 即征即保), with
// the government's share received and half of the collective's. A batch
// built before is left as it is. It returns the batches and the persons
// secured.
func landBatches(ctx context.Context, svc *app.App, run string, ps []*shebao.Person, reqs []shebao.EnrollRequest, today time.Time,
	seed uint64, chunk int) (batches, secured int, err error) {
	r := rand.New(rand.NewPCG(seed, 0x1a4d))
	in910 := map[string]bool{}
	for _, q := range reqs {
		if q.Scheme == shebao.SchemeLandExpropriated {
			in910[q.IDNo] = true
		}
	}
	byVillage := map[string][]*shebao.Person{}
	var villages []string
	for _, p := range ps {
		// Batches are approved up to a year ago: nobody born since is on a roster.
		if p.Hukou != shebao.HukouAgricultural || in910[p.IDNo] || p.Status != shebao.StatusAlive ||
			p.Birth >= today.AddDate(-1, 0, 0).Format(shebao.DateLayout) {
			continue
		}
		if _, ok := byVillage[p.Region]; !ok {
			villages = append(villages, p.Region)
		}
		byVillage[p.Region] = append(byVillage[p.Region], p)
	}
	for k, v := range villages {
		if batches == 2 {
			break
		}
		farmers := byVillage[v]
		if len(farmers) < 12 {
			continue
		}
		n := 6 + r.IntN(min(len(farmers)-5, 20))
		approved := today.AddDate(0, 0, -30-r.IntN(335))
		no := fmt.Sprintf("金自然资征〔%d〕G%d-%d号", approved.Year(), chunk, k)
		// Every draw is made before the batch may be found built, so that
		// a second run draws the same numbers for the next village.
		lag := 0
		if r.IntN(3) > 0 {
			lag = r.IntN(60)
		}
		if _, err := svc.Land.FindLandBatch(ctx, no); err == nil {
			batches++
			secured += n - 1
			continue
		}
		// 2 亩 a person: 1200 亩 for 600 persons, n persons to secure.
		if _, errs, err := svc.Land.ImportLandBatches(ctx, run, []shebao.NewLandBatch{{ApprovalNo: no, ApprovedOn: approved.Format(shebao.DateLayout),
			Region: v, AreaTaken: fmt.Sprint(2 * n), Farmland: "1200", AgriPopulation: 600}}); err != nil {
			return 0, 0, err
		} else if err := first(errs); err != nil {
			return 0, 0, fmt.Errorf("gen land batch %s: %w", no, err)
		}
		var roster []shebao.RosterEntry
		for _, p := range farmers[:n-1] {
			roster = append(roster, shebao.RosterEntry{ApprovalNo: no, IDNo: p.IDNo, Name: p.Name})
		}
		if _, errs, err := svc.Land.SubmitRoster(ctx, run, roster); err != nil {
			return 0, 0, err
		} else if err := first(errs); err != nil {
			return 0, 0, fmt.Errorf("gen roster %s: %w", no, err)
		}
		accepted := approved.AddDate(0, 0, lag)
		if accepted.After(today) {
			accepted = today
		}
		if _, err := svc.Land.AcceptRoster(ctx, no, accepted.Format(shebao.DateLayout)); err != nil {
			return 0, 0, fmt.Errorf("gen accept %s: %w", no, err)
		}
		lines, err := svc.Land.FindRoster(ctx, no)
		if err != nil {
			return 0, 0, err
		}
		var gov, coll shebao.Money
		for _, l := range lines {
			gov += l.Government
			coll += l.Collective
		}
		paid := accepted.AddDate(0, 0, 10)
		if paid.After(today) {
			paid = today
		}
		for _, f := range []shebao.LandFund{
			{ReceiptNo: "GEN-" + no + "-政府", ApprovalNo: no, Payer: shebao.PayerGovernment, Amount: gov, Date: paid.Format(shebao.DateLayout)},
			{ReceiptNo: "GEN-" + no + "-集体", ApprovalNo: no, Payer: shebao.PayerCollective, Amount: coll / 2, Date: paid.Format(shebao.DateLayout)},
		} {
			if f.Amount <= 0 {
				continue
			}
			if _, _, err := svc.Land.RecordLandFund(ctx, f); err != nil {
				return 0, 0, fmt.Errorf("gen land fund %s: %w", f.ReceiptNo, err)
			}
		}
		batches++
		secured += n - 1
	}
	return batches, secured, nil
}

// claims returns the year's hospital stays of a chunk: about one insured in
// twenty of the residents' (390) and employees' (310) medical schemes has a
// stay this year, admitted while insured, 3–15 days long, discharged by
// today, at a hospital of level 1–3, with 80–95% of the cost within the
// policy; one employee in ten also an outpatient visit paid from the
// medical account.
func claims(reqs []shebao.EnrollRequest, today time.Time, seed uint64, chunk int) []shebao.NewClaim {
	r := rand.New(rand.NewPCG(seed, 0xc1a1))
	jan1 := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	hospitals := []string{"", "丰登镇卫生院", "金凤区人民医院", "宁夏医科大学总医院"}
	var out []shebao.NewClaim
	for i, q := range reqs {
		if q.Scheme != shebao.SchemeResidentMedical && q.Scheme != shebao.SchemeEmployeeMedical {
			continue
		}
		if q.Scheme == shebao.SchemeResidentMedical && q.Year != today.Year() {
			continue
		}
		from, err := time.Parse(shebao.DateLayout, q.Date)
		if err != nil {
			continue
		}
		if from.Before(jan1) {
			from = jan1
		}
		span := int(today.Sub(from).Hours()/24) - 20
		if span <= 0 {
			continue
		}
		if r.IntN(20) == 0 {
			admitted := from.AddDate(0, 0, r.IntN(span))
			discharged := admitted.AddDate(0, 0, 3+r.IntN(13))
			level := 1 + r.IntN(3)
			cost := shebao.Yuan(int64(1500*level + r.IntN(8000*level)))
			out = append(out, shebao.NewClaim{SettlementNo: fmt.Sprintf("GEN%d-%d-%d", seed, chunk, i), IDNo: q.IDNo, Scheme: q.Scheme,
				Hospital: hospitals[level], Level: level, Admitted: admitted.Format(shebao.DateLayout), Discharged: discharged.Format(shebao.DateLayout),
				TotalCost: cost, Eligible: cost * shebao.Money(80+r.IntN(16)) / 100, Source: "gen"})
		}
		if q.Scheme == shebao.SchemeEmployeeMedical && r.IntN(10) == 0 {
			on := from.AddDate(0, 0, r.IntN(span))
			cost := shebao.Yuan(int64(50 + r.IntN(400)))
			out = append(out, shebao.NewClaim{SettlementNo: fmt.Sprintf("GEN%d-%d-%d-O", seed, chunk, i), IDNo: q.IDNo, Scheme: q.Scheme,
				Type: "门诊", Hospital: hospitals[1], Level: 1, Admitted: on.Format(shebao.DateLayout), TotalCost: cost, Eligible: cost, Source: "gen"})
		}
	}
	return out
}
