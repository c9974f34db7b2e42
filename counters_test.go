package shebao

import (
	"fmt"
	"sort"
	"testing"
)

// counted sums a person's deltas by "region key day", zeros left out.
func counted(p CountedPerson) []string {
	m := map[string]int64{}
	PersonCounts(p, func(d CounterDelta) { m[d.Region+" "+d.Key+" "+d.Day] += d.N })
	var out []string
	for k, n := range m {
		if n != 0 {
			out = append(out, fmt.Sprintf("%s %+d", k, n))
		}
	}
	sort.Strings(out)
	return out
}

func TestPersonCounts(t *testing.T) {
	const v, w = "640106100201", "640106100202"
	ev := func(date, to string) CountedEvent { return CountedEvent{Date: date, To: to} }
	for _, c := range []struct {
		name string
		p    CountedPerson
		want []string
	}{{
		// An employee from 2012 (16 in 2006), suspended mid-2015 and
		// terminated in 2016; in the residents' medical scheme this year.
		// Insured 2012-03-01 … 2016-01-01, again from 2026-01-01; in
		// pension coverage while 110 was open.
		name: "employee",
		p: CountedPerson{Region: v, Hukou: HukouAgricultural, Birth: "1990-05-10", Enrollments: []CountedEnrollment{
			{Scheme: "110", Region: v, Events: []CountedEvent{ev("2012-03-01", EnrollActive), ev("2015-06-30", EnrollSuspended), ev("2016-01-01", EnrollEnded)}},
			{Scheme: "390", Region: w, Events: []CountedEvent{ev("2026-01-01", EnrollActive)}},
		}},
		want: []string{
			v + " e.new|110|农业 2012-03-01 +1",
			v + " e.open|110|参保缴费|农业 2012-03-01 +1",
			v + " e.open|110|参保缴费|农业 2015-06-30 -1",
			v + " e.open|110|暂停缴费|农业 2015-06-30 +1",
			v + " e.open|110|暂停缴费|农业 2016-01-01 -1",
			v + " e.stop|110|农业 2016-01-01 +1",
			v + " p.born|农业 1990-05-10 +1",
			v + " p.insured|农业 2012-03-01 +1",
			v + " p.insured|农业 2016-01-01 -1",
			v + " p.insured|农业 2026-01-01 +1",
			v + " p.pension|农业 2012-03-01 +1",
			v + " p.pension|农业 2016-01-01 -1",
			w + " e.new|390|农业 2026-01-01 +1",
			w + " e.open|390|参保缴费|农业 2026-01-01 +1",
		},
	}, {
		// A resident in 170 from 2010, drawing it from 2014-04-01, who died
		// on 2023-05-01 with the enrollment left open (死亡未停保): insured
		// still, out of pension coverage from the death. Adult since 1965,
		// so died16 is the death date.
		name: "pensioner deceased",
		p: CountedPerson{Region: v, Hukou: HukouAgricultural, Birth: "1949-03-02", Deceased: true, DeathDate: "2023-05-01",
			Enrollments: []CountedEnrollment{{Scheme: "170", Region: v, Events: []CountedEvent{
				ev("2010-01-01", EnrollActive), ev("2014-04-01", EnrollBenefit)}}}},
		want: []string{
			v + " e.benefit|170|农业 2014-04-01 +1",
			v + " e.new|170|农业 2010-01-01 +1",
			v + " e.open|170|参保缴费|农业 2010-01-01 +1",
			v + " e.open|170|参保缴费|农业 2014-04-01 -1",
			v + " e.open|170|享受待遇|农业 2014-04-01 +1",
			v + " p.born|农业 1949-03-02 +1",
			v + " p.died16|农业 2023-05-01 +1",
			v + " p.died|农业 2023-05-01 +1",
			v + " p.insured|农业 2010-01-01 +1",
			v + " p.pension|农业 2010-01-01 +1",
			v + " p.pension|农业 2023-05-01 -1",
		},
	}, {
		// A child enrolled in 170 before 16 (the registry would refuse it;
		// old records may hold it): in pension coverage only from the 16th
		// birthday. A death before 16 puts died16 on the birthday. The
		// second event was recorded after the first but dated before it:
		// it takes effect on the first one's date.
		name: "child, backdated event",
		p: CountedPerson{Region: v, Hukou: HukouResident, Birth: "2010-02-28", Deceased: true, DeathDate: "2020-01-01",
			Enrollments: []CountedEnrollment{{Scheme: "170", Region: v, Events: []CountedEvent{
				ev("2019-01-01", EnrollActive), ev("2018-01-01", EnrollSuspended)}}}},
		want: []string{
			v + " e.new|170|居民 2019-01-01 +1",
			v + " e.open|170|暂停缴费|居民 2019-01-01 +1",
			v + " p.born|居民 2010-02-28 +1",
			v + " p.died16|居民 2026-02-28 +1",
			v + " p.died|居民 2020-01-01 +1",
			v + " p.insured|居民 2019-01-01 +1",
		},
	}, {
		// A registration merged into another counts nothing of its own; an
		// enrollment still recorded under it counts as an enrollment. Two
		// medical enrollments overlapping on a day (a 390 year ending as
		// the next begins) keep the person insured once.
		name: "merged",
		p: CountedPerson{Region: v, Hukou: HukouNonAgricultural, Birth: "1980-08-08", Merged: true,
			Enrollments: []CountedEnrollment{{Scheme: "390", Region: v, Events: []CountedEvent{ev("2025-01-01", EnrollActive)}}}},
		want: []string{
			v + " e.new|390|非农业 2025-01-01 +1",
			v + " e.open|390|参保缴费|非农业 2025-01-01 +1",
		},
	}, {
		name: "overlapping years",
		p: CountedPerson{Region: v, Hukou: HukouNonAgricultural, Birth: "1980-08-08",
			Enrollments: []CountedEnrollment{
				{Scheme: "390", Region: v, Events: []CountedEvent{ev("2025-01-01", EnrollActive), ev("2026-01-01", EnrollEnded)}},
				{Scheme: "390", Region: v, Events: []CountedEvent{ev("2026-01-01", EnrollActive)}},
			}},
		want: []string{
			v + " e.new|390|非农业 2025-01-01 +1",
			v + " e.new|390|非农业 2026-01-01 +1",
			v + " e.open|390|参保缴费|非农业 2025-01-01 +1",
			v + " e.stop|390|非农业 2026-01-01 +1",
			v + " p.born|非农业 1980-08-08 +1",
			v + " p.insured|非农业 2025-01-01 +1",
		},
	}} {
		t.Run(c.name, func(t *testing.T) {
			got := counted(c.p)
			sort.Strings(c.want)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("got\n  %s\nwant\n  %s", join(got), join(c.want))
			}
		})
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += "\n  "
		}
		out += x
	}
	return out
}

func TestAddYears(t *testing.T) {
	for _, c := range [][2]string{{"1990-05-10", "2006-05-10"}, {"2008-02-29", "2024-02-29"}, {"x", "x"}} {
		if got := AddYears(c[0], 16); got != c[1] {
			t.Errorf("%s + 16 years: %s, want %s", c[0], got, c[1])
		}
	}
}
