package gen

import (
	"testing"
	"time"

	"github.com/shebao/shebao/demo"
)

// TestDibaoHouseholdsLeaveTekun: with both Options.Tekun and Options.Assist
// (as `shebao gen` runs) no person demo.BuildTekun chooses is put in a 低保
// household — the flow refuses 低保 to a 特困 person (社会救助暂行办法第十四条),
// which stopped `shebao gen --seed 1` in its first chunk of 10,000 before
// (a member of a household had a 特困 case). The households of that chunk,
// drawn without the database.
func TestDibaoHouseholdsLeaveTekun(t *testing.T) {
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	g := &generator{seed: 1, today: today, ids: identities(1, 10000, today), size: 10000, tekun: true, run: "gen"}
	for _, r := range Regions(1) {
		if r.Code[9:] != "000" {
			g.villages = append(g.villages, r.Code)
		}
	}
	ps, err := g.persons(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	candidates, members := 0, 0
	for _, p := range ps {
		if demo.TekunCandidate(p, today) {
			candidates++
		}
	}
	for _, h := range g.dibaoHouseholds(ps, g.seed) {
		for _, p := range h.Members {
			members++
			if demo.TekunCandidate(p, today) {
				t.Errorf("%s (%s) is chosen for 特困 and is a member of a 低保 household", p.IDNo, p.Name)
			}
		}
	}
	if candidates == 0 || members == 0 {
		t.Fatalf("%d 特困 candidates, %d 低保 members among 10,000: the test tests nothing", candidates, members)
	}
}

// TestDibaoHouseholdsBornBeforeApplication: no member of a 低保 household
// is born after its application (demo.BuildDibao applies 30 days ago; the
// flow refuses such a member, which stopped `shebao gen --persons 100000
// --seed 1` at its ninth chunk before, on a baby born 2026-11-09). That
// chunk's households, drawn without the database.
func TestDibaoHouseholdsBornBeforeApplication(t *testing.T) {
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	g := &generator{seed: 1, today: today, ids: identities(1, 100000, today), size: 10000, tekun: true, run: "gen"}
	for _, r := range Regions(1) {
		if r.Code[9:] != "000" {
			g.villages = append(g.villages, r.Code)
		}
	}
	ps, err := g.persons(80000, 90000)
	if err != nil {
		t.Fatal(err)
	}
	babies, members := 0, 0
	for _, p := range ps {
		if p.Birth > "2026-11-07" {
			babies++
		}
	}
	for _, h := range g.dibaoHouseholds(ps, g.seed+80000) {
		for _, p := range h.Members {
			members++
			if p.Birth > "2026-11-07" {
				t.Errorf("%s (%s), born %s, is a member of a 低保 household applied for on 2026-11-07", p.IDNo, p.Name, p.Birth)
			}
		}
	}
	if babies == 0 || members == 0 {
		t.Fatalf("%d born since the application, %d 低保 members: the test tests nothing", babies, members)
	}
}
