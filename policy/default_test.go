package policy

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultParses(t *testing.T) {
	ps, err := Parse(strings.NewReader(DefaultTOML()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(Default()), len(ps); got != want {
		t.Errorf("Default() has %d params, the file %d", got, want)
	}
	// Default returns a copy.
	d := Default()
	d[0].Value = "changed"
	if Default()[0].Value == "changed" {
		t.Error("Default() shares its slice")
	}
}

func TestDefaultCoversCatalogue(t *testing.T) {
	have := map[string]bool{}
	for _, p := range Default() {
		have[p.Key] = true
		if p.Source == "" {
			t.Errorf("%s from %s has no source", p.Key, p.From)
		}
		if p.Example != strings.Contains(p.Source, "示例") {
			t.Errorf("%s from %s: example = %v but source %q", p.Key, p.From, p.Example, p.Source)
		}
	}
	for _, d := range Catalogue {
		if !have[d.Key] {
			t.Errorf("default policy has no value for %s (%s)", d.Key, d.Name)
		}
	}
}

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Catalogue {
		if seen[d.Key] {
			t.Errorf("duplicate key %s", d.Key)
		}
		seen[d.Key] = true
		if d.Name == "" || d.Unit == "" {
			t.Errorf("%s: name or unit missing", d.Key)
		}
		switch d.Kind {
		case KindMoney, KindRate, KindInt, KindDecimal:
			if _, ok := tableTypes[d.Key]; ok {
				t.Errorf("%s is %s but has a table type", d.Key, d.Kind)
			}
		case KindTable:
			mk, ok := tableTypes[d.Key]
			if !ok {
				t.Errorf("table %s has no Go type", d.Key)
				continue
			}
			if got := reflect.TypeOf(mk()).Elem().Name(); got != d.Unit {
				t.Errorf("table %s: Unit %q but Go type %s", d.Key, d.Unit, got)
			}
		default:
			t.Errorf("%s: unknown kind %q", d.Key, d.Kind)
		}
		if got, ok := DefOf(d.Key); !ok || got != d {
			t.Errorf("DefOf(%s) = %+v, %v", d.Key, got, ok)
		}
	}
	for k := range tableTypes {
		if d, ok := DefOf(k); !ok || d.Kind != KindTable {
			t.Errorf("table type %s not in the catalogue as a table", k)
		}
	}
}

// The values docs/DOMAIN.md §5 fixes nationally.
func TestDefaultNationalValues(t *testing.T) {
	s := NewSet(Default())
	tests := []struct {
		key  string
		on   [3]int
		want string
	}{
		{"base.floor", [3]int{2025, 1, 1}, "60%"},
		{"base.ceiling", [3]int{2025, 1, 1}, "300%"},
		{"rate.110.employer", [3]int{2019, 5, 1}, "16%"},
		{"rate.110.individual", [3]int{2025, 1, 1}, "8%"},
		{"rate.310.individual", [3]int{2025, 1, 1}, "2%"},
		{"rate.210.employer", [3]int{2025, 1, 1}, "0.7%"},
		{"rate.210.individual", [3]int{2025, 1, 1}, "0.3%"},
		{"rate.510.employer", [3]int{2025, 1, 1}, "0%"},
		{"account.110.rate", [3]int{2025, 1, 1}, "8%"},
		{"flex.110.rate", [3]int{2025, 1, 1}, "20%"},
		{"flex.110.account_rate", [3]int{2025, 1, 1}, "8%"},
		{"late_fee.daily", [3]int{2025, 1, 1}, "0.05%"},
		{"assess.undeclared_factor", [3]int{2025, 1, 1}, "110%"},
		{"interest.110", [3]int{2016, 12, 31}, "8.31%"},
		{"interest.110", [3]int{2017, 1, 1}, "7.12%"},
		{"interest.110", [3]int{2018, 6, 1}, "8.29%"},
		{"interest.110", [3]int{2019, 6, 1}, "7.61%"},
		{"interest.110", [3]int{2020, 6, 1}, "6.04%"},
		{"interest.110", [3]int{2021, 6, 1}, "6.69%"},
		{"interest.110", [3]int{2022, 6, 1}, "6.12%"},
		{"interest.110", [3]int{2023, 6, 1}, "3.97%"},
		{"interest.110", [3]int{2024, 6, 1}, "2.62%"},
	}
	for _, tt := range tests {
		r, _, err := s.Rate(tt.key, "640106", date(tt.on[0], tt.on[1], tt.on[2]))
		if err != nil {
			t.Errorf("%s %v: %v", tt.key, tt.on, err)
			continue
		}
		if r.Percent() != tt.want {
			t.Errorf("%s %v = %s, want %s", tt.key, tt.on, r.Percent(), tt.want)
		}
	}
	if _, _, err := s.Rate("rate.110.employer", "", date(2019, 4, 30)); err == nil {
		t.Error("rate.110.employer before 2019-05-01: found")
	}
	// Residents' basic pension minimum by year (docs/DOMAIN.md §6).
	for _, tt := range []struct {
		on   [3]int
		want string
	}{{[3]int{2014, 7, 1}, "70.00"}, {[3]int{2018, 1, 1}, "88.00"}, {[3]int{2023, 6, 1}, "103.00"}, {[3]int{2024, 6, 1}, "123.00"}} {
		m, _, err := s.Money("resident_pension.basic", "", date(tt.on[0], tt.on[1], tt.on[2]))
		if err != nil || m.String() != tt.want {
			t.Errorf("resident_pension.basic %v = %s, %v, want %s", tt.on, m, err, tt.want)
		}
	}
	// Residents' medical 2024: 400 individual, 670 subsidy.
	for key, want := range map[string]string{"medical.390.individual": "400.00", "medical.390.subsidy": "670.00"} {
		m, p, err := s.Money(key, "", date(2024, 3, 1))
		if err != nil || m.String() != want || p.Example {
			t.Errorf("%s 2024 = %s, %+v, %v, want %s", key, m, p, err, want)
		}
	}
	// Work-injury base rates by class (docs/DOMAIN.md §5).
	var rates RiskClassRates
	if _, err := s.Table("rate.410.class", "", date(2025, 1, 1), &rates); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"0.2%", "0.4%", "0.7%", "0.9%", "1.1%", "1.3%", "1.6%", "1.9%"} {
		if r, err := rates.For(i + 1); err != nil || r.Percent() != want {
			t.Errorf("class %d = %s, %v, want %s", i+1, r.Percent(), err, want)
		}
	}
	// The divisor table is docs/DOMAIN.md's list, 47 → 207.
	var div DivisorTable
	if _, err := s.Table("pension.divisor", "", date(2025, 1, 1), &div); err != nil {
		t.Fatal(err)
	}
	want := []int{233, 230, 226, 223, 220, 216, 212, 207, 204, 199, 195, 190, 185, 180, 175, 170, 164, 158, 152, 145, 139, 132, 125, 117, 109, 101, 93, 84, 75, 65, 56}
	if len(div) != len(want) {
		t.Fatalf("divisor table has %d rows, want %d", len(div), len(want))
	}
	for i, m := range want {
		if div[i].Age != 40+i || div[i].Months != m {
			t.Errorf("divisor row %d = %+v, want {%d %d}", i, div[i], 40+i, m)
		}
	}
	// Residents' tiers: 12 tiers, 30 at the lowest, 60 from 500.
	var tiers ResidentTiers
	if _, err := s.Table("resident_pension.tiers", "", date(2025, 1, 1), &tiers); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(tiers[0])
	if len(tiers) != 12 || string(b) != `{"amount":"100.00","subsidy":"30.00"}` {
		t.Errorf("tiers = %d, first %s", len(tiers), b)
	}
	if tier, err := tiers.For(50000); err != nil || tier.Subsidy.String() != "60.00" {
		t.Errorf("tier 500 = %+v, %v", tier, err)
	}
}
