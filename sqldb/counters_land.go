package sqldb

import (
	"context"
	"sort"

	"github.com/shebao/shebao"
)

// The counter families of land contracting and transfer (issue #16 item
// 7; shebao.CounterLandArable, CounterTransfers …). The transfer
// statistics summed every running line of a region with its parcel's
// class and its contract's household on each report (241 ms for a
// district of 1,000,000 persons on SQLite, and ten times that for a
// city); they are counters now, kept at the transfer's village.
//
// Which writes recount which family:
//   - land_parcels (SaveContracting): the 耕地 of the parcels written; the
//     transfers with lines on a parcel whose class changes (its area is
//     the line's, not the parcel's), and the households transferring it
//     (a parcel moved to another contract may change the household);
//   - land_contracts (SaveContracting): the households transferring the
//     contract's parcels (its 户号 may change);
//   - land_transfers, land_transfer_parcels (SaveTransfers, VerifyTransfer,
//     EndTransfer): the transfers written and their transferors;
//   - household_members (WriteHouseholds, MarkMerged): the transferors
//     whose contract names a household whose members change.

// landArableFamily: the contracted 耕地 per village and 发包方, dated
// shebao.LaborCounterDay (the registry's current state, as the transfer
// statistics have always read it). Selected by a condition on
// land_parcels p.
var landArableFamily = &counterFamily{
	name:   "land arable",
	tables: []string{"land_parcels"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT p.region_code, '` + shebao.CounterLandArable + `|' || SUBSTR(p.code, 13, 2), '` + shebao.LaborCounterDay + `',
				CAST(SUM(p.area) AS BIGINT)
			FROM land_parcels p WHERE p.land_class = '` + shebao.LandClassArable + `'` + sel.where(true) + `
			GROUP BY p.region_code, SUBSTR(p.code, 13, 2)`
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}

// transferUntilSQL is the last day a transfer t runs: the day it ended
// early, or its end.
const transferUntilSQL = `CASE WHEN t.status = '` + shebao.TransferEnded + `' THEN t.ended_on ELSE t.end_on END`

// transfersFamily: the verified transfer contracts running, their area
// by 发包方 and class, their rents, and the contracts and area by form
// and by transferee type (shebao.CounterTransfers …), at the transfer's
// village. Selected by a condition on land_transfers t.
var transfersFamily = &counterFamily{
	name:   "land transfers",
	tables: []string{"land_transfers", "land_transfer_parcels", "land_parcels"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT t.no, t.region_code, t.start_on, ` + transferUntilSQL + `, t.form, t.transferee_kind, t.rent, t.rent_kind, t.rent_qty,
				SUBSTR(l.parcel_code, 13, 2), CASE WHEN p.land_class = '` + shebao.LandClassArable + `' THEN '1' ELSE '0' END, l.area
			FROM land_transfers t JOIN land_transfer_parcels l ON l.transfer_no = t.no JOIN land_parcels p ON p.code = l.parcel_code
			WHERE t.verified_on <> ''` + sel.where(true) + ` ORDER BY t.no`
		type transfer struct {
			region, start, until, form, taker, rentKind string
			rent, qty                                   int64
			area                                        int64
			issuers                                     map[string]bool
			sums                                        map[string]int64 // key → area-weighted sum
		}
		var cur *transfer
		var curNo string
		flush := func() {
			if cur == nil {
				return
			}
			span := func(key string, n int64) { shebao.TransferSpan(cur.region, key, cur.start, cur.until, n, emit) }
			// In any order: the counter buffer sums the deltas and writes
			// its rows in key order.
			span(shebao.CounterTransfers, 1)
			for n := range cur.issuers {
				span(shebao.CounterKey(shebao.CounterTransferIssuer, n), 1)
			}
			for k, v := range cur.sums {
				span(k, v)
			}
			span(shebao.CounterKey(shebao.CounterTransferForm, cur.form, "n"), 1)
			span(shebao.CounterKey(shebao.CounterTransferForm, cur.form, "a"), cur.area)
			span(shebao.CounterKey(shebao.CounterTransferTaker, cur.taker, "n"), 1)
			span(shebao.CounterKey(shebao.CounterTransferTaker, cur.taker, "a"), cur.area)
		}
		err := tx.scanRows(ctx, q, sel.args, func(s rowScanner) error {
			var no, region, start, until, form, taker, rentKind, issuer, arable string
			var rent, qty, area int64
			if err := s.Scan(&no, &region, &start, &until, &form, &taker, &rent, &rentKind, &qty, &issuer, &arable, &area); err != nil {
				return err
			}
			if no != curNo || cur == nil {
				flush()
				curNo = no
				cur = &transfer{region: region, start: start, until: until, form: form, taker: taker, rentKind: rentKind, rent: rent, qty: qty,
					issuers: map[string]bool{}, sums: map[string]int64{}}
			}
			cur.issuers[issuer] = true
			cur.area += area
			cur.sums[shebao.CounterKey(shebao.CounterTransferArea, issuer, arable)] += area
			if rentKind == "" {
				cur.sums[shebao.CounterKey(shebao.CounterTransferRent, issuer)] += rent * area
			} else {
				cur.sums[shebao.CounterKey(shebao.CounterTransferInKind, issuer, rentKind, itoa(int(qty)))] += area
			}
			return nil
		})
		if err != nil {
			return err
		}
		flush()
		return nil
	},
}

// transferHouseholdsFamily: the households (承包方) transferring land out
// and their members (shebao.CounterTransferHouseholds, …Persons): a
// transferor counts once per village and 发包方 on every day any of their
// verified contracts' lines of its land runs (the union of the
// contracts' spans), with the members of the household their contract
// names (one without a household, or with none registered). Selected by a
// condition on the transferor, land_transfer_parcels l.
var transferHouseholdsFamily = &counterFamily{
	name:   "land transfer households",
	tables: []string{"land_transfers", "land_transfer_parcels", "land_parcels", "land_contracts", "household_members"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT l.transferor_id_no, t.region_code, SUBSTR(l.parcel_code, 13, 2), t.start_on, ` + transferUntilSQL + `, c.household_id
			FROM land_transfer_parcels l JOIN land_transfers t ON t.no = l.transfer_no JOIN land_parcels p ON p.code = l.parcel_code
			JOIN land_contracts c ON c.code = p.contract_code
			WHERE t.verified_on <> ''` + sel.where(true)
		type unit struct{ transferor, region, issuer string }
		spans := map[unit][]shebao.DaySpan{}
		household := map[unit]string{}
		if err := tx.scanRows(ctx, q, sel.args, func(s rowScanner) error {
			var u unit
			var start, until, h string
			if err := s.Scan(&u.transferor, &u.region, &u.issuer, &start, &until, &h); err != nil {
				return err
			}
			spans[u] = append(spans[u], shebao.DaySpan{From: start, To: until})
			// One household per unit: the greatest 户号 its contracts name.
			if h > household[u] {
				household[u] = h
			}
			return nil
		}); err != nil {
			return err
		}
		members := map[string]int64{}
		var ids []string
		for _, h := range household {
			if h != "" && members[h] == 0 {
				members[h] = -1
				ids = append(ids, h)
			}
		}
		if len(ids) > 0 {
			cond, args := tx.inKeys("household_id", ids, nil)
			if err := tx.scanRows(ctx, `SELECT household_id, COUNT(*) FROM household_members WHERE `+cond+` GROUP BY household_id`, args,
				func(s rowScanner) error {
					var h string
					var n int64
					err := s.Scan(&h, &n)
					members[h] = n
					return err
				}); err != nil {
				return err
			}
		}
		for u, ss := range spans {
			n := members[household[u]]
			if n <= 0 {
				n = 1
			}
			for _, sp := range shebao.UnionSpans(ss) {
				shebao.TransferSpan(u.region, shebao.CounterKey(shebao.CounterTransferHouseholds, u.issuer), sp.From, sp.To, 1, emit)
				shebao.TransferSpan(u.region, shebao.CounterKey(shebao.CounterTransferPersons, u.issuer), sp.From, sp.To, n, emit)
			}
		}
		return nil
	},
}

// isLandFamily says whether f is one of the land families, which a
// schema before migration 0120 does not count (DB.landCounters).
func isLandFamily(f *counterFamily) bool {
	return f == landArableFamily || f == transfersFamily || f == transferHouseholdsFamily
}

// recountLand is recount for the land families: on a schema without them
// it only writes.
func (tx *Tx) recountLand(ctx context.Context, f *counterFamily, sel selection, write func() error) error {
	if !tx.db.landCounters.Load() || sel.cond == selectNone {
		return write() // nothing counted before the write or after it
	}
	return tx.recount(ctx, f, sel, write)
}

// selectNone is the condition of a selection of no record: a write that
// touches none of a family's records (a household with no transferor, the
// common case of an import) needs no recount.
const selectNone = "1 = 0"

// transferorsSel selects the transferors of the households family by
// their ID numbers (read before the write: a write adding lines would
// otherwise find more transferors after it than before).
func (tx *Tx) transferorsSel(ids []string) selection {
	if len(ids) == 0 {
		return selection{cond: selectNone}
	}
	cond, args := tx.inKeys("l.transferor_id_no", ids, nil)
	return byCond(cond, args...)
}

// transferNosSel selects transfers of the transfers family by number.
func (tx *Tx) transferNosSel(nos []string) selection {
	if len(nos) == 0 {
		return selection{cond: selectNone}
	}
	cond, args := tx.inKeys("t.no", nos, nil)
	return byCond(cond, args...)
}

// distinctStrings reads a one-column query's distinct values.
func (tx *Tx) distinctStrings(ctx context.Context, q string, args []any) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	err := tx.scanRows(ctx, q, args, func(s rowScanner) error {
		var v string
		if err := s.Scan(&v); err != nil {
			return err
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// recountTransfers runs write inside the recount of the transfers nos and
// of their transferors with the more the write brings (new lines', or
// another parcel's), read before the write.
func (tx *Tx) recountTransfers(ctx context.Context, nos, more []string, write func() error) error {
	transferors, err := tx.transferorsOfTransfers(ctx, nos)
	if err != nil {
		return err
	}
	transferors = append(transferors, more...)
	return tx.recountLand(ctx, transfersFamily, tx.transferNosSel(nos), func() error {
		return tx.recountLand(ctx, transferHouseholdsFamily, tx.transferorsSel(transferors), write)
	})
}

// transferorsOfTransfers are the transferors of the lines of transfers.
func (tx *Tx) transferorsOfTransfers(ctx context.Context, nos []string) ([]string, error) {
	if len(nos) == 0 || !tx.db.landCounters.Load() {
		return nil, nil
	}
	cond, args := tx.inKeys("transfer_no", nos, nil)
	return tx.distinctStrings(ctx, `SELECT transferor_id_no FROM land_transfer_parcels WHERE `+cond, args)
}

// transferorsOfHouseholds are the transferors whose lines' parcels belong
// to contracts naming one of the households.
func (tx *Tx) transferorsOfHouseholds(ctx context.Context, households []string) ([]string, error) {
	if len(households) == 0 || !tx.db.landCounters.Load() {
		return nil, nil
	}
	cond, args := tx.inKeys("c.household_id", households, nil)
	return tx.distinctStrings(ctx, `SELECT l.transferor_id_no FROM land_contracts c JOIN land_parcels p ON p.contract_code = c.code
		JOIN land_transfer_parcels l ON l.parcel_code = p.code WHERE `+cond, args)
}

// transfersOverLand are the transfers with lines on the parcels (whose
// transferors recountTransfers finds), and the transferors of the lines
// on the contracts' parcels.
func (tx *Tx) transfersOverLand(ctx context.Context, parcels, contracts []string) (nos, transferors []string, err error) {
	if !tx.db.landCounters.Load() {
		return nil, nil, nil
	}
	if len(parcels) > 0 {
		cond, args := tx.inKeys("parcel_code", parcels, nil)
		if nos, err = tx.distinctStrings(ctx, `SELECT transfer_no FROM land_transfer_parcels WHERE `+cond, args); err != nil {
			return nil, nil, err
		}
	}
	if len(contracts) > 0 {
		cond, args := tx.inKeys("p.contract_code", contracts, nil)
		if transferors, err = tx.distinctStrings(ctx, `SELECT l.transferor_id_no FROM land_parcels p
			JOIN land_transfer_parcels l ON l.parcel_code = p.code WHERE `+cond, args); err != nil {
			return nil, nil, err
		}
	}
	return nos, transferors, nil
}

// TransferTakers reads, for the 大户 of the transfer statistics, the area
// (0.01 亩) and contracts each person (transferee type 农户) takes by the
// verified contracts running on the date in the region (narrowed to the
// jurisdiction): whether a person is a 大户 depends on all they take in
// the region asked for, so it is no counter. Few rows: the persons taking
// land, not the lines.
func (db *DB) TransferTakers(ctx context.Context, region, date string) (map[string]shebao.TransferTake, error) {
	area, err := statArea(ctx, region)
	if err != nil {
		return nil, err
	}
	conds, args := area.where("t.region_code", []string{"t.transferee_kind = $1", "t.verified_on <> ''", "t.start_on <= $2",
		transferUntilSQL + " >= $2"}, []any{shebao.TransfereeFarmer, date})
	out := map[string]shebao.TransferTake{}
	err = db.View(ctx, func(tx *Tx) error {
		return tx.scanRows(ctx, `SELECT t.transferee_id, COUNT(DISTINCT t.no), CAST(SUM(l.area) AS BIGINT)
			FROM land_transfers t JOIN land_transfer_parcels l ON l.transfer_no = t.no`+whereClause(conds)+` GROUP BY t.transferee_id`, args,
			func(s rowScanner) error {
				var id string
				var x shebao.TransferTake
				err := s.Scan(&id, &x.Contracts, &x.Area)
				out[id] = x
				return err
			})
	})
	return out, err
}

// LandIssuerNames names the 发包方 of the region (narrowed to the
// jurisdiction) by code.
func (db *DB) LandIssuerNames(ctx context.Context, region string) (map[string]string, error) {
	area, err := statArea(ctx, region)
	if err != nil {
		return nil, err
	}
	var out map[string]string
	err = db.View(ctx, func(tx *Tx) error {
		out, err = tx.issuerNames(ctx, area)
		return err
	})
	return out, err
}

// issuerNames names the 发包方 within the scope by code.
func (tx *Tx) issuerNames(ctx context.Context, sc scope) (map[string]string, error) {
	conds, args := sc.where("region_code", nil, nil)
	out := map[string]string{}
	err := tx.scanRows(ctx, `SELECT code, name FROM land_issuers`+whereClause(conds), args, func(s rowScanner) error {
		var c, n string
		err := s.Scan(&c, &n)
		out[c] = n
		return err
	})
	return out, err
}
