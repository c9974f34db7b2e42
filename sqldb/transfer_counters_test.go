package sqldb_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestTransferCountersEqualRecords: the statistics of land transfer read
// from the counters (report.Transfers, migration 0120) are the report the
// transfer service computes from the records (TransferReportAt) — for the
// district, every town and village, on days before, within and after the
// contracts' spans — after gen made a district with land, and again after
// random writes through the services: contracts ended early (some the day
// they began), a new contract over the land one of them freed verified,
// parcels changed to another class and area, members added to
// transferring households. The
// counters stay a full recount of the records throughout.
func dayAfter(d string) string {
	t, _ := time.Parse(shebao.DateLayout, d)
	return t.AddDate(0, 0, 1).Format(shebao.DateLayout)
}

func TestTransferCountersEqualRecords(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a := app.New(db)
		res, err := gen.Generate(admin, a, gen.Options{Persons: 3000, Seed: 7, Land: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Transfers < 10 || res.Parcels < 100 {
			t.Fatalf("gen made %d parcels and %d transfers: too few to test", res.Parcels, res.Transfers)
		}
		verifyCounters(t, db)
		today := shebao.Today()
		days := []string{today.Format(shebao.DateLayout)}
		for _, d := range []int{-2000, -700, -200, -30, 400, 4000} {
			days = append(days, today.AddDate(0, 0, d).Format(shebao.DateLayout))
		}
		regions := []string{gen.District}
		for _, r := range gen.Regions(7) {
			if len(regions) < 12 && r.Code != gen.District && r.Code[:6] == gen.District[:6] {
				regions = append(regions, r.Code)
			}
		}
		compare := func(when string) {
			t.Helper()
			for _, region := range regions {
				for _, day := range days {
					want, err := a.Transfer.TransferReportAt(admin, region, day)
					if err != nil {
						t.Fatal(err)
					}
					got, err := a.Report.Transfers(admin, region, day)
					if err != nil {
						t.Fatal(err)
					}
					w, _ := json.Marshal(want)
					g, _ := json.Marshal(got)
					if string(w) != string(g) {
						t.Fatalf("%s, %s on %s:\ncounters %s\nrecords  %s", when, region, day, g, w)
					}
				}
			}
		}
		compare("after gen")
		// contractOf finds the contract holding a parcel of a line.
		contractOf := func(l shebao.TransferLine) *shebao.LandContract {
			cs, _, err := a.Transfer.FindLandContracts(admin, shebao.LandContractFilter{IDNo: l.TransferorIDNo, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				full, err := a.Transfer.FindLandContract(admin, c.Code)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range full.Parcels {
					if p.Code == l.ParcelCode {
						return full
					}
				}
			}
			return nil
		}

		r := rand.New(rand.NewPCG(7, 20))
		ts, _, err := a.Transfer.FindTransfers(admin, shebao.TransferFilter{Status: shebao.TransferVerified, Limit: 1000})
		if err != nil || len(ts) < 10 {
			t.Fatalf("%d verified transfers: %v", len(ts), err)
		}
		for i := 0; i < 6; i++ {
			tr := ts[r.IntN(len(ts))]
			if tr.Status != shebao.TransferVerified {
				continue
			}
			// Ended on a day within its span, or (every third) before it began.
			on := today.AddDate(0, 0, -r.IntN(300)).Format(shebao.DateLayout)
			if on < tr.Start || i%3 == 0 {
				on = tr.Start
			}
			if _, err := a.Transfer.EndTransfer(admin, tr.No, on, "协商解除"); err != nil {
				t.Logf("end %s on %s: %v", tr.No, on, err)
			}
			tr.Status = shebao.TransferEnded
		}
		// A new contract over the land of one ended the day it began, from
		// the day after to its end, verified (the store's write, as the
		// approval executes it).
		verified := 0
		for _, tr := range ts {
			if verified > 0 || tr.Status != shebao.TransferEnded || tr.RentKind != "" || tr.Lender != "" || len(tr.Parcels) != 1 {
				continue
			}
			got, err := a.Transfer.FindTransfer(admin, tr.No)
			if err != nil || got.EndedOn == "" || got.EndedOn >= got.End {
				continue
			}
			l := got.Parcels[0]
			next := shebao.NewTransferLine{No: tr.No + "-2", Form: got.Form, ParcelCode: l.ParcelCode, Area: l.Area, TransferorIDNo: l.TransferorIDNo,
				TransfereeID: got.TransfereeID, TransfereeName: got.TransfereeName, Start: dayAfter(got.EndedOn), End: got.End,
				Rent: got.Rent.String(), Purpose: got.Purpose}
			if _, errs, err := a.Transfer.ImportTransfers(admin, "again", []shebao.NewTransferLine{next}); err != nil || errs[0] != nil {
				t.Logf("a new contract over %s: %v %v", l.ParcelCode, err, errs)
				continue
			}
			nt, err := a.Transfer.FindTransfer(admin, next.No)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.VerifyTransfer(admin, nt, today.Format(shebao.DateLayout)); err != nil {
				t.Fatal(err)
			}
			verified++
		}
		if verified == 0 {
			t.Error("no new contract verified: the test verifies none")
		}
		// Parcels of running contracts change class and area.
		changed := 0
		for _, tr := range ts {
			if changed == 4 || tr.Status != shebao.TransferVerified || len(tr.Parcels) == 0 {
				continue
			}
			c := contractOf(tr.Parcels[0])
			if c == nil {
				continue
			}
			for _, p := range c.Parcels {
				if p.Code != tr.Parcels[0].ParcelCode {
					continue
				}
				class := "园地"
				if p.Class != shebao.LandClassArable {
					class = shebao.LandClassArable
				}
				in := shebao.NewParcel{Code: p.Code, HeadIDNo: c.HeadIDNo, Area: "99.50", Class: class, Start: c.Start, End: c.End, CertNo: c.CertNo}
				if _, _, err := a.Transfer.SaveParcel(admin, in); err != nil {
					t.Logf("parcel %s: %v", p.Code, err)
					continue
				}
				changed++
			}
		}
		if changed == 0 {
			t.Error("no parcel changed: the test writes nothing there")
		}
		// A newborn joins the household of a transferor of a running
		// contract (the residents' medical scheme enrolls by household).
		joined := 0
		for _, tr := range ts {
			if joined == 3 || tr.Status != shebao.TransferVerified || len(tr.Parcels) == 0 {
				continue
			}
			c := contractOf(tr.Parcels[0])
			if c == nil || c.Household == "" {
				continue
			}
			head, err := db.FindPerson(admin, c.HeadIDNo)
			if err != nil || head == nil {
				continue
			}
			id := demo.IDNumber(head.Region[:6], today.AddDate(0, -joined-1, 0), 700+joined, joined%2 == 0)
			if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "新生儿", Hukou: head.Hukou, Region: head.Region}); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "390", Household: c.Household,
				Date: today.Format(shebao.DateLayout), Year: today.Year()}); err != nil {
				t.Logf("enroll %s in %s: %v", id, c.Household, err)
				continue
			}
			joined++
		}
		if joined == 0 {
			t.Error("no member joined a transferring household: the test writes nothing there")
		}
		verifyCounters(t, db)
		checkRollups(t, db, gen.Regions(7), r)
		compare("after the writes")
	})
}

// TestMigrationAddsLandFamilies: migration 0120 marks the three land
// families to be counted into counters already built, on the next open,
// without counting every family afresh. A district with land whose
// counters lack the land families' rows, as one migrated from 0119 does,
// gets them from the mark the migration's own statement sets, and its
// counters are then a full recount.
func TestMigrationAddsLandFamilies(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a := app.New(db)
		if _, err := gen.Generate(admin, a, gen.Options{Persons: 1500, Seed: 3, Land: true}); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"stats_months", "stats_years", "stats_totals"} {
			if err := db.ExecRaw(admin, `DELETE FROM `+table+` WHERE key LIKE 't.%' OR key LIKE 'l.arable|%'`); err != nil {
				t.Fatal(err)
			}
		}
		if diffs, err := db.VerifyCounters(admin, 1); err != nil || len(diffs) == 0 {
			t.Fatalf("the counters without the land families agree with a recount: %v %v", diffs, err)
		}
		sql, err := os.ReadFile("migrations/0120_transfer_counters.sql")
		if err != nil {
			t.Fatal(err)
		}
		stmt := string(sql[strings.Index(string(sql), "UPDATE stats_state"):])
		if err := db.ExecRaw(admin, strings.TrimSuffix(strings.TrimSpace(stmt), ";")); err != nil {
			t.Fatal(err)
		}
		if err := db.EnsureCounters(admin); err != nil {
			t.Fatal(err)
		}
		verifyCounters(t, db)
		if built, err := db.QueryString(admin, `SELECT built FROM stats_state WHERE id = 1`); err != nil || strings.HasPrefix(built, "add:") {
			t.Errorf("built %q %v: the mark stays", built, err)
		}
	})
}
