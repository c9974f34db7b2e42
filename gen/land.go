package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
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

// land writes the chunk's contracting and transfers and returns how many
// parcels and transfer contracts it holds.
func (g *generator) land(ctx context.Context, ps []*shebao.Person, start int, seed uint64) (int, int, error) {
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
			return 0, 0, err
		}
		if age, _ := id.AgeOn(today); age < 30 || age > 80 {
			continue
		}
		issuer := fmt.Sprintf("%s%02d", p.Region, 1+r.IntN(5))
		h := &head{p: p}
		for k := 0; k < 1+r.IntN(4); k++ {
			seq[issuer]++
			if seq[issuer] >= parcelsPerChunk || chunk*parcelsPerChunk+seq[issuer] > 99999 {
				return 0, 0, fmt.Errorf("gen: 发包方%s has too many parcels for its codes (chunk %d)", issuer, chunk)
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
			return 0, 0, err
		} else if err := first(errs); err != nil {
			return 0, 0, fmt.Errorf("gen parcels: %w", err)
		}
	}
	from := fmt.Sprintf("%d-03-01", today.Year()-3)
	var lines []shebao.NewTransferLine
	var nos []string
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
						TransferorIDNo: h.p.IDNo, TransfereeID: coopOf(v), TransfereeName: "土地股份专业合作社", Start: from, End: "2027-12-31",
						Rent: "600", Purpose: "种植水稻"})
				}
			}
			if n > 0 {
				nos = append(nos, no)
			}
		}
	}
	for i := 0; i < len(lines); i += 2000 {
		if _, errs, err := svc.Transfer.ImportTransfers(ctx, g.run, lines[i:min(i+2000, len(lines))]); err != nil {
			return 0, 0, err
		} else if err := first(errs); err != nil {
			return 0, 0, fmt.Errorf("gen transfers: %w", err)
		}
	}
	// 鉴证 by a second user (the town's service centre), then the rents.
	checker := shebao.WithActor(ctx, shebao.Actor{Name: "gen-tdlz", Role: shebao.RoleAdmin})
	for {
		aps, err := svc.Approve.FindApprovals(checker, shebao.ApprovalPending, 500)
		if err != nil {
			return 0, 0, err
		}
		n := 0
		for _, ap := range aps {
			if ap.Kind != shebao.ApproveTransferVerify {
				continue
			}
			if _, err := svc.Approve.DecideApproval(checker, ap.ID, true, "生成数据"); err != nil {
				return 0, 0, err
			}
			n++
		}
		if n == 0 {
			break
		}
	}
	day := today.Format(shebao.DateLayout)
	for _, no := range nos {
		t, err := svc.Transfer.FindTransfer(ctx, no)
		if err != nil {
			return 0, 0, err
		}
		owed, _, err := svc.Transfer.TransferRents(ctx, t, day)
		if err != nil {
			return 0, 0, err
		}
		for _, o := range owed {
			paid, _ := time.Parse(shebao.DateLayout, o.Due)
			paid = paid.AddDate(0, 0, 10)
			if o.Due > day || paid.After(today) {
				continue
			}
			if _, _, err := svc.Transfer.RecordRentPayment(ctx, shebao.RentPayment{Receipt: fmt.Sprintf("GEN-%s-%d", no, o.Seq), No: no,
				Amount: o.Amount, Date: paid.Format(shebao.DateLayout)}); err != nil {
				return 0, 0, err
			}
		}
	}
	return len(rows), len(nos), nil
}

// mu100 is an area written with two decimals in hundredths of a 亩.
func mu100(s string) int {
	var whole, frac int
	fmt.Sscanf(s, "%d.%d", &whole, &frac)
	return whole*100 + frac
}
