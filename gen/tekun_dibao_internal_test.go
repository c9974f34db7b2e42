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
