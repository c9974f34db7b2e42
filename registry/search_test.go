package registry_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Searching as clerks search (issue #15 item 4): any part of a name, the
// last 4 to 6 characters of an ID number, a household number — each
// within the searcher's jurisdiction.
func TestSearchPersons(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		ps := []*shebao.Person{
			{IDNo: id(1950, 11), Name: "王秀英", Region: "640106100201"},
			{IDNo: id(1951, 12), Name: "李秀兰", Region: "640106100202"},
			{IDNo: id(1952, 13), Name: "秀梅", Region: "640106100201"},
			{IDNo: id(1953, 14), Name: "马英", Region: "640106101201"}, // another town
			{IDNo: id(1954, 15), Name: "王五", Region: "640106100201"},
		}
		for _, p := range ps {
			p.Hukou = shebao.HukouAgricultural
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		find := func(who shebao.PersonFilter, actor string) []string {
			t.Helper()
			ctx := admin
			if actor == "town" {
				ctx = town
			}
			got, total, err := a.Registry.FindPersons(ctx, who)
			if err != nil {
				t.Fatalf("%+v: %v", who, err)
			}
			var out []string
			for _, p := range got {
				out = append(out, p.Name)
			}
			if total != len(out) {
				t.Errorf("%+v: total %d for %d rows", who, total, len(out))
			}
			return out
		}
		// Persons are listed by region, then name: 魏家桥村 (100201)
		// before 100202 before 101201.
		for _, c := range []struct {
			f     shebao.PersonFilter
			actor string
			want  string
		}{
			{shebao.PersonFilter{NamePart: "秀"}, "", "王秀英,秀梅,李秀兰"},
			{shebao.PersonFilter{NamePart: "英"}, "", "王秀英,马英"},
			{shebao.PersonFilter{NamePart: "英"}, "town", "王秀英"}, // 马英 is in another town
			{shebao.PersonFilter{Name: "秀"}, "", "秀梅"},          // a prefix is a prefix
			{shebao.PersonFilter{NamePart: "%"}, "", ""},        // LIKE's wildcards are plain characters, in no name
			{shebao.PersonFilter{NamePart: "_"}, "", ""},
			{shebao.PersonFilter{IDTail: ps[0].IDNo[14:]}, "", "王秀英"},
			{shebao.PersonFilter{IDTail: ps[3].IDNo[12:]}, "", "马英"},
			{shebao.PersonFilter{IDTail: ps[3].IDNo[12:]}, "town", ""},
			{shebao.PersonFilter{IDTail: ps[1].IDNo[13:], NamePart: "李"}, "", "李秀兰"},
			{shebao.PersonFilter{IDTail: ps[1].IDNo[13:], NamePart: "王"}, "", ""},
		} {
			if got := strings.Join(find(c.f, c.actor), ","); got != c.want {
				t.Errorf("%+v as %q: %q, want %q", c.f, c.actor, got, c.want)
			}
		}
		for _, bad := range []string{"123", "1234567", "12a4", "X123"} {
			_, _, err := a.Registry.FindPersons(admin, shebao.PersonFilter{IDTail: bad})
			if shebao.ErrorCode(err) != shebao.EINVALID || !strings.Contains(shebao.ErrorMessage(err), "后4至6位") {
				t.Errorf("tail %q: %v, want invalid", bad, err)
			}
		}
	})
}

// A household number finds the household's members, and no one else.
func TestSearchPersonsByHousehold(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		if err := demo.Build(admin, a, 60); err != nil {
			t.Fatal(err)
		}
		all, _, err := a.Registry.FindPersons(admin, shebao.PersonFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		// The members of each household, as their enrollments name it.
		members := map[string]map[string]bool{}
		for _, p := range all {
			full, err := a.Registry.FindPerson(admin, p.IDNo)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range full.Enrollments {
				if n.Household != "" {
					if members[n.Household] == nil {
						members[n.Household] = map[string]bool{}
					}
					members[n.Household][p.IDNo] = true
				}
			}
		}
		if len(members) == 0 {
			t.Fatal("the demo has no households")
		}
		// 户号 are readable: 16 digits, the village's first (issue #15
		// item 8: "Hec6be6c8b39054ce").
		for hh, ps := range members {
			for id := range ps {
				p, _ := a.Registry.FindPerson(admin, id)
				if len(hh) != 16 || strings.Trim(hh, "0123456789") != "" || p == nil || !strings.HasPrefix(hh, p.Region[6:12]) {
					t.Errorf("户号 %q of a person of %v", hh, p)
				}
				break
			}
		}
		checked := 0
		for hh, want := range members {
			got, _, err := a.Registry.FindPersons(admin, shebao.PersonFilter{Household: hh})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("household %s: %d persons, want %d", hh, len(got), len(want))
			}
			for _, p := range got {
				if !want[p.IDNo] {
					t.Errorf("household %s lists %s", hh, p.Name)
				}
			}
			if checked++; checked == 5 {
				break
			}
		}
		if got, _, _ := a.Registry.FindPersons(admin, shebao.PersonFilter{Household: "H-no-such"}); len(got) != 0 {
			t.Errorf("an unknown household lists %d persons", len(got))
		}
	})
}
