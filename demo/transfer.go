package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
)

// Land contracting and transfer in the demo (issue #17 item 9), in the
// seed's proportions: every rural household head of the demo's villages
// contracts 1–4 parcels of 1–4.5 亩 (mostly 耕地) of the second round
// (1998-01-01 to 2027-12-31), and about 20% of each village's 耕地 is
// transferred — to the towns' three 土地信用合作社 (the 魏丰 model), to two
// 种养大户 and to an enterprise — by contracts of several households,
// verified by the town and paid, but for one year in ten left unpaid (so
// the arrears list has entries). The district's totals scale with the
// number of persons (about 8 亩 per household, not the seed's 8万亩).

// demoCoops are the cooperatives: 魏丰土地股份专业合作社 of 良田镇 and the
// 土地信用合作社 of each town, by the town's code.
var demoCoops = []struct{ town, name string }{
	{"640106100000", "魏丰土地股份专业合作社"},
	{"640106100000", "良田镇土地信用合作社"},
	{"640106101000", "丰登镇土地信用合作社"},
}

// coopUSCC is a valid USCC of a 农民专业合作社 (category 93).
func coopUSCC(n int) string {
	first17 := fmt.Sprintf("93640106MA%06dX", 100+n)[:17]
	c, _ := idno.CheckCharUSCC(first17)
	return first17 + string(c)
}

// BuildTransfers adds the contracting and transfer data for the persons.
// Idempotent: a database that has contracts already is left alone.
func BuildTransfers(ctx context.Context, svc *app.App, run string, ps []*shebao.Person, today time.Time) error {
	if _, n, err := svc.Transfer.FindLandContracts(ctx, shebao.LandContractFilter{Limit: 1}); err != nil || n > 0 {
		return err
	}
	r := rand.New(rand.NewPCG(2005, 0x17))
	type head struct {
		p       *shebao.Person
		parcels []shebao.NewParcel
	}
	byVillage := map[string][]*head{}
	var villages []string
	seq := map[string]int{} // 发包方 → last parcel sequence
	for i, p := range ps {
		if p.Hukou != shebao.HukouAgricultural || p.DeathDate != "" || p.Region[9] == '0' {
			continue
		}
		id, err := idno.ParseID(p.IDNo, today)
		if err != nil {
			return err
		}
		if age, _ := id.AgeOn(today); age < 30 || age > 80 || i%3 != 0 {
			continue
		}
		issuer := fmt.Sprintf("%s%02d", p.Region, 1+r.IntN(5))
		h := &head{p: p}
		for k := 0; k < 1+r.IntN(4); k++ {
			seq[issuer]++
			class := "耕地"
			switch x := r.IntN(20); {
			case x == 0:
				class = "林地"
			case x < 3:
				class = "园地"
			}
			area := 100 + r.IntN(351) // 1.00–4.50 亩
			h.parcels = append(h.parcels, shebao.NewParcel{Code: fmt.Sprintf("%s%05d", issuer, seq[issuer]), HeadIDNo: p.IDNo,
				Area: fmt.Sprintf("%d.%02d", area/100, area%100), Class: class, Basic: class == "耕地" && r.IntN(10) < 7,
				Start: "1998-01-01", End: "2027-12-31"})
		}
		if byVillage[p.Region] == nil {
			villages = append(villages, p.Region)
		}
		byVillage[p.Region] = append(byVillage[p.Region], h)
	}
	var rows []shebao.NewParcel
	for _, v := range villages {
		for _, h := range byVillage[v] {
			rows = append(rows, h.parcels...)
		}
	}
	for start := 0; start < len(rows); start += 2000 {
		if _, errs, err := svc.Transfer.ImportParcels(ctx, run, rows[start:min(start+2000, len(rows))]); err != nil {
			return err
		} else if err := firstError(errs); err != nil {
			return err
		}
	}

	// Transfers: about 20% of each village's 耕地, five households a
	// contract, to a cooperative of the town, a 大户 or the enterprise.
	var lines []shebao.NewTransferLine
	contract := 0
	for _, v := range villages {
		heads := byVillage[v]
		big := heads[0].p // the village's 种养大户, who takes land of several contracts
		var arable, taken int
		for _, h := range heads {
			for _, pc := range h.parcels {
				if pc.Class == "耕地" {
					arable += mu100(pc.Area)
				}
			}
		}
		r.Shuffle(len(heads)-1, func(i, j int) { heads[i+1], heads[j+1] = heads[j+1], heads[i+1] })
		for i := 1; i < len(heads) && taken*5 < arable; i += 5 {
			contract++
			no := fmt.Sprintf("JF-LZ-%04d", contract)
			start := fmt.Sprintf("%d-03-01", 2020+r.IntN(5))
			var to, toName, form, purpose string
			switch k := contract % 5; {
			case k == 0 || k == 2:
				c := demoCoopOf(v, contract)
				to, toName, form, purpose = coopUSCC(c), demoCoops[c].name, shebao.FormShare, "种植水稻"
				if c > 0 {
					form = shebao.FormLease // 土地信用合作社: 存入 at a deposit rent
				}
			case k == 1 || k == 3:
				to, toName, form, purpose = big.IDNo, big.Name, shebao.FormLease, "枸杞种植"
			default:
				to, toName, form, purpose = USCC("640106", 9000), "宁夏金凤农业发展有限公司", shebao.FormLease, "设施蔬菜"
			}
			rent := fmt.Sprintf("%d", 500+50*r.IntN(5))
			// Schedules other than yearly in advance, and one rent in kind
			// (稻谷 priced by transfer.kind_prices, which has 2024 and 2025:
			// a later year's instalment stays 待定 until its price is set).
			schedule := ""
			switch contract % 7 {
			case 1:
				schedule = shebao.ScheduleArrears
			case 2:
				schedule = shebao.ScheduleHalfYear
			case 4:
				schedule = shebao.ScheduleLumpSum
			}
			if contract == 3 {
				rent, start = "800斤稻谷", "2024-03-01"
			}
			// An enterprise stays under the 资格审查 threshold (100 亩).
			limit := 1 << 30
			if form == shebao.FormLease && purpose == "设施蔬菜" {
				limit = 9000
			}
			sum := 0
			for _, h := range heads[i:min(i+5, len(heads))] {
				if h.p.IDNo == to || taken*5 >= arable {
					continue
				}
				for _, pc := range h.parcels {
					if pc.Class != "耕地" || sum+mu100(pc.Area) > limit {
						continue
					}
					sum += mu100(pc.Area)
					taken += mu100(pc.Area)
					lines = append(lines, shebao.NewTransferLine{No: no, Form: form, ParcelCode: pc.Code, Area: pc.Area,
						TransferorIDNo: h.p.IDNo, TransfereeID: to, TransfereeName: toName, Start: start, End: "2027-12-31",
						Rent: rent, Purpose: purpose, Schedule: schedule})
				}
			}
		}
	}
	for start := 0; start < len(lines); start += 2000 {
		if _, errs, err := svc.Transfer.ImportTransfers(ctx, run, lines[start:min(start+2000, len(lines))]); err != nil {
			return err
		} else if err := firstError(errs); err != nil {
			return err
		}
	}
	// 鉴证 by the town's service centre (a second user), then the rents.
	if err := verifyTransfers(ctx, svc); err != nil {
		return err
	}
	if err := demoLendingAndIntents(ctx, svc, run, byVillageHeads(villages, byVillage, func(h *head) *shebao.Person { return h.p }),
		func(p *shebao.Person) []shebao.NewParcel {
			for _, h := range byVillage[p.Region] {
				if h.p == p {
					return h.parcels
				}
			}
			return nil
		}); err != nil {
		return err
	}
	ts, _, err := svc.Transfer.FindTransfers(ctx, shebao.TransferFilter{Status: shebao.TransferVerified, Limit: 100000})
	if err != nil {
		return err
	}
	day := today.Format(shebao.DateLayout)
	for i, t := range ts {
		owed, _, err := svc.Transfer.TransferRents(ctx, t, day)
		if err != nil {
			return err
		}
		last := -1 // the last instalment due by today
		for j, o := range owed {
			if o.Due <= day {
				last = j
			}
		}
		for j, o := range owed {
			paid, _ := time.Parse(shebao.DateLayout, o.Due)
			paid = paid.AddDate(0, 0, 10)
			if o.Pending || o.Due > day || paid.After(today) || (i%10 == 0 && j == last) {
				continue
			}
			if _, _, err := svc.Transfer.RecordRentPayment(ctx, shebao.RentPayment{Receipt: fmt.Sprintf("DEMO-%s-%d", t.No, o.Seq),
				No: t.No, Amount: o.Amount, Date: paid.Format(shebao.DateLayout)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoCoopOf picks a cooperative of the village's town.
func demoCoopOf(village string, n int) int {
	var of []int
	for i, c := range demoCoops {
		if c.town == village[:9]+"000" {
			of = append(of, i)
		}
	}
	return of[n%len(of)]
}

// mu100 is an area written with two decimals in hundredths of a 亩.
func mu100(s string) int {
	var whole, frac int
	fmt.Sscanf(s, "%d.%d", &whole, &frac)
	return whole*100 + frac
}

// verifyTransfers verifies every contract waiting for 鉴证, as the town's
// service centre (a second user).
func verifyTransfers(ctx context.Context, svc *app.App) error {
	checker := shebao.WithActor(ctx, shebao.Actor{Name: "demo-tdlz", Role: shebao.RoleAdmin})
	for {
		aps, err := svc.Approve.FindApprovals(checker, shebao.ApprovalPending, 500)
		if err != nil {
			return err
		}
		n := 0
		for _, ap := range aps {
			if ap.Kind != shebao.ApproveTransferVerify {
				continue
			}
			if _, err := svc.Approve.DecideApproval(checker, ap.ID, true, "演示数据"); err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return nil
		}
	}
}

// byVillageHeads lists the heads of each village in order.
func byVillageHeads[H any](villages []string, by map[string][]H, person func(H) *shebao.Person) map[string][]*shebao.Person {
	out := map[string][]*shebao.Person{}
	for _, v := range villages {
		for _, h := range by[v] {
			out[v] = append(out[v], person(h))
		}
	}
	return out
}

// demoLendingAndIntents adds, after the deposits are verified, a lending
// (贷出) by the first 土地信用合作社 that holds a deposit — 80% of the
// deposit's area to the deposit village's 种养大户 at the deposit's rent +
// 150.00 元/亩/年, verified — and the 流转信息平台's intents of the first
// three villages: an offer of the last head's first 耕地 parcel not
// transferred (its area at 550.00 元/亩/年, 5 years) and a request of the
// 种养大户 for 10.00 亩 of 耕地 in the town at 600.00 for 种植枸杞, which
// match.
func demoLendingAndIntents(ctx context.Context, svc *app.App, run string, heads map[string][]*shebao.Person,
	parcelsOf func(*shebao.Person) []shebao.NewParcel) error {
	ts, _, err := svc.Transfer.FindTransfers(ctx, shebao.TransferFilter{Status: shebao.TransferVerified, Limit: 100000})
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.TransfereeKind != shebao.TransfereeCoop || t.Form != shebao.FormLease || t.RentKind != "" || len(heads[t.Region]) == 0 {
			continue
		}
		big := heads[t.Region][0]
		lent := mu100(t.Area) * 8 / 10
		if _, errs, err := svc.Transfer.ImportTransfers(ctx, run, []shebao.NewTransferLine{{No: "JF-DC-0001", Form: shebao.FormLease,
			Deposit: t.No, Area: fmt.Sprintf("%d.%02d", lent/100, lent%100), TransferorIDNo: t.TransfereeID, TransfereeID: big.IDNo,
			TransfereeName: big.Name, Start: t.Start, End: t.End, Rent: (t.Rent + shebao.Yuan(150)).String(), Purpose: "种植水稻"}}); err != nil {
			return err
		} else if err := firstError(errs); err != nil {
			return err
		}
		if err := verifyTransfers(ctx, svc); err != nil {
			return err
		}
		break
	}
	taken := map[string]bool{}
	for _, t := range ts {
		for _, l := range t.Parcels {
			taken[l.ParcelCode] = true
		}
	}
	var villages []string
	for v := range heads {
		villages = append(villages, v)
	}
	slices.Sort(villages)
	for i, v := range villages[:min(3, len(villages))] {
		hs := heads[v]
		if len(hs) < 2 {
			continue
		}
		last := hs[len(hs)-1]
		for _, pc := range parcelsOf(last) {
			if pc.Class != "耕地" || taken[pc.Code] {
				continue
			}
			if _, _, err := svc.Transfer.SaveIntent(ctx, shebao.Intent{No: fmt.Sprintf("JF-CR-%02d", i+1), Kind: shebao.IntentOffer,
				ParcelCode: pc.Code, Area: pc.Area, Years: 5, Price: shebao.Yuan(550), ContactID: last.IDNo, ContactName: last.Name}); err != nil {
				return err
			}
			break
		}
		big := hs[0]
		if _, _, err := svc.Transfer.SaveIntent(ctx, shebao.Intent{No: fmt.Sprintf("JF-QZ-%02d", i+1), Kind: shebao.IntentSeek,
			Region: v[:9] + "000", Class: "耕地", Area: "10", Years: 5, Price: shebao.Yuan(600), Use: "种植枸杞",
			ContactID: big.IDNo, ContactName: big.Name}); err != nil {
			return err
		}
	}
	return nil
}
