package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
)

// DemoLandBatch is the approval number of the demo's expropriation batch.
func DemoLandBatch(today time.Time) string {
	return fmt.Sprintf("金自然资征〔%d〕1号", today.AddDate(0, 0, -40).Year())
}

// BuildLand adds a small expropriation batch to the demo: 16 亩 of 魏家桥村's
// 1200 亩 for 600 persons (8 to secure), approved 40 days ago; the village's
// roster of six, accepted twelve days after the approval (即征即保 with a
// lag); the government's and the collective's shares of the funding received. Two persons stay
// unsecured, so the warning list has an entry. Idempotent.
func BuildLand(ctx context.Context, svc *app.App, run string, today time.Time) error {
	village := "640106100201"
	approved := today.AddDate(0, 0, -40)
	no := DemoLandBatch(today)
	if _, err := svc.Land.FindLandBatch(ctx, no); err == nil {
		return nil // built before: acceptance has since changed the persons
	}
	// Birth days 29 and 30 never occur among the generated persons (1–28).
	people := []struct {
		name, born string
		male       bool
	}{
		{"魏德福", "1950-03-29", true}, {"魏桂兰", "1962-05-29", false}, {"魏志强", "1970-06-29", true},
		{"魏秀英", "1975-01-29", false}, {"魏子涵", "2014-09-29", true}, {"魏玉珍", "1940-10-30", false},
	}
	var ps []*shebao.Person
	var roster []shebao.RosterEntry
	for i, p := range people {
		b, _ := time.Parse(shebao.DateLayout, p.born)
		id := IDNumber("640106", b, 7+i, p.male)
		person := &shebao.Person{IDNo: id, Name: p.name, Hukou: shebao.HukouAgricultural, Region: village, Flags: []string{},
			Source: shebao.ImportSource(run, 9000+i)}
		if err := shebao.NormalizePerson(person, today); err != nil {
			return err
		}
		ps = append(ps, person)
		roster = append(roster, shebao.RosterEntry{ApprovalNo: no, IDNo: id, Name: p.name})
	}
	if _, errs, err := svc.Registry.ImportPersons(ctx, run, ps); err != nil {
		return err
	} else if err := firstError(errs); err != nil {
		return err
	}
	if _, errs, err := svc.Land.ImportLandBatches(ctx, run, []shebao.NewLandBatch{{ApprovalNo: no,
		ApprovedOn: approved.Format(shebao.DateLayout), Region: village, AreaTaken: "16", Farmland: "1200", AgriPopulation: 600}}); err != nil {
		return err
	} else if err := firstError(errs); err != nil {
		return err
	}
	if _, errs, err := svc.Land.SubmitRoster(ctx, run, roster); err != nil {
		return err
	} else if err := firstError(errs); err != nil {
		return err
	}
	if _, err := svc.Land.AcceptRoster(ctx, no, approved.AddDate(0, 0, 12).Format(shebao.DateLayout)); err != nil {
		return err
	}
	lines, err := svc.Land.FindRoster(ctx, no)
	if err != nil {
		return err
	}
	var gov, coll shebao.Money
	for _, l := range lines {
		gov += l.Government
		coll += l.Collective
	}
	// The government's and the village collective's shares received; the
	// individuals' shares are still due, so the batch shows its gap. With
	// the government's share alone the lump sums already paid left the 910
	// fund in deficit (issue #15 item 8: fund figures plausible).
	if _, _, err := svc.Land.RecordLandFund(ctx, shebao.LandFund{ReceiptNo: "DEMO-LAND-" + no, ApprovalNo: no, Payer: shebao.PayerGovernment,
		Amount: gov, Date: approved.AddDate(0, 0, 20).Format(shebao.DateLayout)}); err != nil {
		return err
	}
	_, _, err = svc.Land.RecordLandFund(ctx, shebao.LandFund{ReceiptNo: "DEMO-LAND-" + no + "-集体", ApprovalNo: no, Payer: shebao.PayerCollective,
		Amount: coll, Date: approved.AddDate(0, 0, 25).Format(shebao.DateLayout)})
	return err
}
