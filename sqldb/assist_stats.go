package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// AssistanceFigures computes the social assistance statistics of each
// region (its code and everything below it; "" the actor's jurisdiction)
// for the span from … to (YYYY-MM-DD), from the counters: the 低保 cases
// and persons and the 特困 in payment on the day `to` (stocks), the
// 临时救助 approved in the span and what the span's payrolls paid (flows)
// (report/assistance.go; counters_families.go says what each counts). A
// case's area is the one its quote used (the column written since
// migration 0071); an older row without it takes the area of its region's
// code (居民委员会 001–199 urban, else rural).
func (db *DB) AssistanceFigures(ctx context.Context, codes []string, from, to string) (map[string]shebao.AssistanceFigures, error) {
	if _, err := statsScope(ctx); err != nil {
		return nil, err
	}
	stocks, err := db.CounterSums(ctx, codes, []string{shebao.CounterDibao + "|", shebao.CounterTekun + "|"}, "", to)
	if err != nil {
		return nil, err
	}
	flows, err := db.CounterSums(ctx, codes, []string{shebao.CounterRelief}, from, to)
	if err != nil {
		return nil, err
	}
	// What the span's payrolls paid, from the payments' counters.
	paid, err := db.paidByKind(ctx, codes, from[:7], to)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.AssistanceFigures{}
	dibao := func(area, what string) string { return shebao.CounterKey(shebao.CounterDibao, area, what) }
	for _, code := range codes {
		st, fl, k := stocks[code], flows[code], paid[code]
		f := shebao.AssistanceFigures{
			UrbanHouseholds: st[dibao(shebao.AreaUrban, "h")], UrbanPersons: st[dibao(shebao.AreaUrban, "p")],
			RuralHouseholds: st[dibao(shebao.AreaRural, "h")], RuralPersons: st[dibao(shebao.AreaRural, "p")],
			TekunCentral:   st[shebao.CounterKey(shebao.CounterTekun, shebao.TekunCentral)],
			TekunDispersed: st[shebao.CounterKey(shebao.CounterTekun, shebao.TekunDispersed)],
			Reliefs:        fl[shebao.CounterRelief], ReliefAmount: shebao.Money(fl[shebao.CounterReliefAmount]),
			DibaoPaid: k[shebao.BenefitDibao], ReliefPaid: k[shebao.BenefitTemporaryRelief], TekunPaid: k[shebao.BenefitTekun],
		}
		f.Tekun = f.TekunCentral + f.TekunDispersed
		out[code] = f
	}
	return out, nil
}
