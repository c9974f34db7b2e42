package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Land contracting and transfer in gen (issue #17 item 9; Options.Land), in
// the demo's proportions (demo/transfer.go): one person in three of the
// chunk's agricultural adults of 30–80 living in a village of a town heads
// a household contracting 1–4 parcels of 1.00–4.50 亩 (mostly 耕地) of the
// second round in one of five 村民小组; about 20% of each village's 耕地 (of
// the chunk's households) is transferred, five households a contract, to the town's 土地股份专业合作社
// by 入股 at 600.00 元/亩/年 from three years ago, verified by a second user
// and paid year by year. Everything is drawn from the chunk's position, so
// a chunk generated again (gen run again) finds the same parcels, contracts
// and receipts and changes nothing. A parcel's sequence in its 发包方 is
// chunk × parcelsPerChunk + its place in the chunk, unique across chunks.

// parcelsPerChunk bounds the parcels of one 发包方 in one chunk.
const parcelsPerChunk = 50

// coopOf is the USCC (category 93, 农民专业合作社) of the town's cooperative.
func coopOf(town string) string {
	first17 := fmt.Sprintf("93640106MA%s%03dX", town[6:9], 1)[:17]
	c, _ := idno.CheckCharUSCC(first17)
	return first17 + string(c)
}

// landResult is what a chunk's land holds.
type landResult struct {
	parcels, transfers, lendings, intents, plots int
}

// land writes the chunk's contracting and transfers and returns how many
// parcels, transfer contracts, lendings, intents and 增减挂钩 homesteads it
// holds.
func (g *generator) land(ctx context.Context, ps []*shebao.Person, start int, seed uint64) (landResult, error) {
	svc, today := g.svc, g.today
	r := rand.New(rand.NewPCG(seed, 0x17a))
	chunk := start / g.size
	type head struct {
		p       *shebao.Person
		parcels []shebao.NewParcel
	}
	byVillage := map[string][]*head{}
	var villages []string
	seq := map[string]int{}
	var rows []shebao.NewParcel
	for i, p := range ps {
		if p.Hukou != shebao.HukouAgricultural || p.Region[6:9] >= "103" || (start+i)%3 != 0 {
			continue
		}
		id, err := idno.ParseID(p.IDNo, today)
		if err != nil {
			return landResult{}, err
		}
		if age, _ := id.AgeOn(today); age < 30 || age > 80 {
			continue
		}
		issuer := fmt.Sprintf("%s%02d", p.Region, 1+r.IntN(5))
		h := &head{p: p}
		for k := 0; k < 1+r.IntN(4); k++ {
			seq[issuer]++
			if seq[issuer] >= parcelsPerChunk || chunk*parcelsPerChunk+seq[issuer] > 99999 {
				return landResult{}, fmt.Errorf("gen: 发包方%s has too many parcels for its codes (chunk %d)", issuer, chunk)
			}
			class := "耕地"
			switch x := r.IntN(20); {
			case x == 0:
				class = "林地"
			case x < 3:
				class = "园地"
			}
			area := 100 + r.IntN(351)
			h.parcels = append(h.parcels, shebao.NewParcel{Code: fmt.Sprintf("%s%05d", issuer, chunk*parcelsPerChunk+seq[issuer]),
				HeadIDNo: p.IDNo, Area: fmt.Sprintf("%d.%02d", area/100, area%100), Class: class, Basic: class == "耕地" && r.IntN(10) < 7,
				Start: "1998-01-01", End: "2027-12-31"})
		}
		rows = append(rows, h.parcels...)
		if byVillage[p.Region] == nil {
			villages = append(villages, p.Region)
		}
		byVillage[p.Region] = append(byVillage[p.Region], h)
	}
	for i := 0; i < len(rows); i += 2000 {
		if _, errs, err := svc.Transfer.ImportParcels(ctx, g.run, rows[i:min(i+2000, len(rows))]); err != nil {
			return landResult{}, err
		} else if err := first(errs); err != nil {
			return landResult{}, fmt.Errorf("gen parcels: %w", err)
		}
	}
	from := fmt.Sprintf("%d-03-01", today.Year()-3)
	var lines []shebao.NewTransferLine
	var nos []string
	cno := 0 // the chunk's contracts, in order
	kindNo := ""
	parcelTaken := map[string]bool{} // parcels transferred
	for _, v := range villages {
		heads := byVillage[v]
		var arable, taken int
		for _, h := range heads {
			for _, pc := range h.parcels {
				if pc.Class == "耕地" {
					arable += mu100(pc.Area)
				}
			}
		}
		for i := 0; i < len(heads); i += 5 {
			no := fmt.Sprintf("GEN-LZ-%s-%07d-%03d", v[6:12], start, i/5+1)
			n := 0
			cno++
			// Schedules other than yearly in advance (one contract in
			// seven each), and the chunk's third contract rented in kind
			// (800斤稻谷 a 亩 from 2024-03-01, priced by transfer.kind_prices).
			schedule, rent, begin := "", "600", from
			switch cno % 7 {
			case 1:
				schedule = shebao.ScheduleArrears
			case 2:
				schedule = shebao.ScheduleHalfYear
			case 4:
				schedule = shebao.ScheduleLumpSum
			}
			if cno == 3 && today.Year() >= 2025 {
				rent, begin, kindNo = "800斤稻谷", "2024-03-01", no
			}
			for _, h := range heads[i:min(i+5, len(heads))] {
				for _, pc := range h.parcels {
					// A parcel is taken when it brings the village's
					// chunk closer to 20% of its 耕地 than leaving it:
					// taken + area/2 < arable/5 (a village of one or
					// two households would overshoot by whole parcels).
					if pc.Class != "耕地" || (2*taken+mu100(pc.Area))*5 >= 2*arable {
						continue
					}
					taken += mu100(pc.Area)
					n++
					lines = append(lines, shebao.NewTransferLine{No: no, Form: shebao.FormShare, ParcelCode: pc.Code, Area: pc.Area,
						TransferorIDNo: h.p.IDNo, TransfereeID: coopOf(v), TransfereeName: "土地股份专业合作社", Start: begin, End: "2027-12-31",
						Rent: rent, Purpose: "种植水稻", Schedule: schedule})
					parcelTaken[pc.Code] = true
				}
			}
			if n > 0 {
				nos = append(nos, no)
			}
		}
	}
	for i := 0; i < len(lines); i += 2000 {
		if _, errs, err := svc.Transfer.ImportTransfers(ctx, g.run, lines[i:min(i+2000, len(lines))]); err != nil {
			return landResult{}, err
		} else if err := first(errs); err != nil {
			return landResult{}, fmt.Errorf("gen transfers: %w", err)
		}
	}
	// 鉴证 by a second user (the town's service centre), then the rents.
	if err := g.verifyTransfers(ctx); err != nil {
		return landResult{}, err
	}
	out := landResult{parcels: len(rows), transfers: len(nos)}
	// A lending (贷出) by the cooperative of 80% of the chunk's first
	// deposit not rented in kind, at 750.00 元/亩/年, to a head of its
	// village who is not among its households, verified.
	paid := slices.Clone(nos)
	for _, no := range nos {
		if no == kindNo {
			continue
		}
		dep, err := svc.Transfer.FindTransfer(ctx, no)
		if err != nil {
			return landResult{}, err
		}
		var to *shebao.Person
		for _, h := range byVillage[dep.Region] {
			in := false
			for _, l := range dep.Parcels {
				in = in || l.TransferorIDNo == h.p.IDNo
			}
			if !in {
				to = h.p
			}
		}
		if to == nil {
			break
		}
		lent := mu100(dep.Area) * 8 / 10
		if lent == 0 {
			break
		}
		dc := fmt.Sprintf("GEN-DC-%07d", start)
		if _, errs, err := svc.Transfer.ImportTransfers(ctx, g.run, []shebao.NewTransferLine{{No: dc, Form: shebao.FormLease, Deposit: no,
			Area: fmt.Sprintf("%d.%02d", lent/100, lent%100), TransferorIDNo: dep.TransfereeID, TransfereeID: to.IDNo, TransfereeName: to.Name,
			Start: dep.Start, End: dep.End, Rent: "750", Purpose: "种植水稻"}}); err != nil {
			return landResult{}, err
		} else if err := first(errs); err != nil {
			return landResult{}, fmt.Errorf("gen lending: %w", err)
		}
		if err := g.verifyTransfers(ctx); err != nil {
			return landResult{}, err
		}
		paid, out.lendings = append(paid, dc), 1
		break
	}
	day := today.Format(shebao.DateLayout)
	for _, no := range paid {
		t, err := svc.Transfer.FindTransfer(ctx, no)
		if err != nil {
			return landResult{}, err
		}
		owed, _, err := svc.Transfer.TransferRents(ctx, t, day)
		if err != nil {
			return landResult{}, err
		}
		for _, o := range owed {
			paid, _ := time.Parse(shebao.DateLayout, o.Due)
			paid = paid.AddDate(0, 0, 10)
			if o.Pending || o.Due > day || paid.After(today) {
				continue
			}
			if _, _, err := svc.Transfer.RecordRentPayment(ctx, shebao.RentPayment{Receipt: fmt.Sprintf("GEN-%s-%d", no, o.Seq), No: no,
				Amount: o.Amount, Date: paid.Format(shebao.DateLayout)}); err != nil {
				return landResult{}, err
			}
		}
	}
	// The 流转信息平台: in the chunk's first village of two heads or more,
	// the last head offers his first 耕地 parcel not transferred at 550.00
	// for 5 years, and the first seeks 10.00 亩 of 耕地 in the town at
	// 600.00 for 种植枸杞 — a match.
	for _, v := range villages {
		hs := byVillage[v]
		if len(hs) < 2 {
			continue
		}
		last := hs[len(hs)-1]
		for _, pc := range last.parcels {
			if pc.Class != "耕地" || parcelTaken[pc.Code] {
				continue
			}
			if _, _, err := svc.Transfer.SaveIntent(ctx, shebao.Intent{No: fmt.Sprintf("GEN-CR-%07d", start), Kind: shebao.IntentOffer,
				ParcelCode: pc.Code, Area: pc.Area, Years: 5, Price: shebao.Yuan(550), ContactID: last.p.IDNo, ContactName: last.p.Name}); err != nil {
				return landResult{}, fmt.Errorf("gen offer: %w", err)
			}
			out.intents++
			break
		}
		if _, _, err := svc.Transfer.SaveIntent(ctx, shebao.Intent{No: fmt.Sprintf("GEN-QZ-%07d", start), Kind: shebao.IntentSeek,
			Region: v[:9] + "000", Class: "耕地", Area: "10", Years: 5, Price: shebao.Yuan(600), Use: "种植枸杞",
			ContactID: hs[0].p.IDNo, ContactName: hs[0].p.Name}); err != nil {
			return landResult{}, fmt.Errorf("gen request: %w", err)
		}
		out.intents++
		break
	}
	heads := map[string][]*shebao.Person{} // by town
	var towns []string
	for _, v := range villages {
		t := v[:9] + "000"
		if heads[t] == nil {
			towns = append(towns, t)
		}
		for _, h := range byVillage[v] {
			heads[t] = append(heads[t], h.p)
		}
	}
	for _, t := range towns {
		n, err := g.landProject(ctx, r, t, heads[t], start)
		if err != nil {
			return landResult{}, err
		}
		out.plots += n
	}
	return out, nil
}

// verifyTransfers verifies every contract waiting for 鉴证, as a second
// user (the town's service centre).
func (g *generator) verifyTransfers(ctx context.Context) error {
	checker := shebao.WithActor(ctx, shebao.Actor{Name: "gen-tdlz", Role: shebao.RoleAdmin})
	for {
		aps, err := g.svc.Approve.FindApprovals(checker, shebao.ApprovalPending, 500)
		if err != nil {
			return err
		}
		n := 0
		for _, ap := range aps {
			if ap.Kind != shebao.ApproveTransferVerify {
				continue
			}
			if _, err := g.svc.Approve.DecideApproval(checker, ap.ID, true, "生成数据"); err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return nil
		}
	}
}

// landProject registers the chunk's 增减挂钩 project area of the town
// (GEN-GG-<town>-<chunk>: a 项目区 is a batch of homesteads approved
// together, not a town's whole history; one project per town for the
// whole district made every entry of a chunk re-read every plot and entry
// of the chunks before it, quadratic in the district's size), in the demo's
// proportions (demo/landproject.go): every third
// of the chunk's contracting heads of the town demolishes a homestead of
// 0.30–0.60 亩 whole, compensated at 150,000 元 a 亩; the chunk's quota,
// equal to its area, issued 3 years and a month ago, 80% used six months
// later; two homesteads in three reclaimed, one in three accepted. Keyed
// by the chunk (plot and 文号 numbers), so gen run again changes nothing.
// It returns the homesteads.
func (g *generator) landProject(ctx context.Context, r *rand.Rand, town string, heads []*shebao.Person, start int) (int, error) {
	tr := g.svc.Transfer
	code := fmt.Sprintf("GEN-GG-%s-%04d", town[6:9], start/g.size)
	if _, _, err := tr.CreateLandProject(ctx, shebao.LandProject{Code: code, Name: fmt.Sprintf("城乡建设用地增减挂钩项目区(%s第%d批)", town, start/g.size+1),
		Region: town}); err != nil {
		return 0, err
	}
	var plots []shebao.NewProjectPlot
	var sources []string
	var areas []int
	total := 0
	for i := 0; i < len(heads); i += 3 {
		a := 30 + r.IntN(31)
		areas = append(areas, a)
		total += a
		plots = append(plots, shebao.NewProjectPlot{PlotNo: fmt.Sprintf("GEN-ZJD-%07d-%03d", start, len(plots)+1), HeadIDNo: heads[i].IDNo,
			Homestead: mu(a), Demolished: mu(a), Compensation: fmt.Sprint(a * 1500)})
		sources = append(sources, shebao.ImportSource(g.run, len(plots)+1))
	}
	if total == 0 {
		return 0, nil
	}
	if _, errs, err := tr.ImportProjectPlots(ctx, code, plots, sources); err != nil {
		return 0, err
	} else if err := first(errs); err != nil {
		return 0, fmt.Errorf("gen project plots: %w", err)
	}
	issued := g.today.AddDate(-3, -1, 0)
	entry := func(doc, kind, plot string, area int, on time.Time) error {
		_, _, err := tr.AddProjectEntry(ctx, code, shebao.NewProjectEntry{DocNo: doc, Kind: kind, PlotNo: plot, Area: mu(area),
			On: on.Format(shebao.DateLayout)})
		return err
	}
	if err := entry(fmt.Sprintf("GEN挂钩〔%d〕%07d号", issued.Year(), start), shebao.EntryIssue, "", total, issued); err != nil {
		return 0, err
	}
	if err := entry(fmt.Sprintf("GEN建新〔%d〕%07d号", issued.Year(), start), shebao.EntryUse, "", total*8/10, issued.AddDate(0, 6, 0)); err != nil {
		return 0, err
	}
	for i, p := range plots {
		if i%3 != 2 {
			if err := entry("复垦-"+p.PlotNo, shebao.EntryReclaim, p.PlotNo, areas[i], issued.AddDate(1, 6, 0)); err != nil {
				return 0, err
			}
		}
		if i%2 == 0 && i%3 != 2 {
			if err := entry("验收-"+p.PlotNo, shebao.EntryAccept, p.PlotNo, areas[i], issued.AddDate(2, 0, 0)); err != nil {
				return 0, err
			}
		}
	}
	return len(plots), nil
}

// mu writes hundredths of a 亩 as 亩 with two decimals.
func mu(n int) string { return fmt.Sprintf("%d.%02d", n/100, n%100) }

// mu100 is an area written with two decimals in hundredths of a 亩.
func mu100(s string) int {
	var whole, frac int
	fmt.Sscanf(s, "%d.%d", &whole, &frac)
	return whole*100 + frac
}
