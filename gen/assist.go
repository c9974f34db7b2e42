package gen

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
)

// genUrban tells the generated district's urban communities: the villages
// of its subdistricts (街道, towns 103 and after; gen.go gives their persons
// mostly urban hukou).
func genUrban(region string) bool { return region[6:9] >= "103" }

// dibao writes the chunk's 低保 cases (Options.Assist): the households
// demo.DibaoHouseholds chooses among the chunk's persons, each applied,
// investigated, published, submitted and approved through package assist
// (demo.BuildDibao), so each approved case has its benefit from this month
// and its members the 低保 flag. A household whose registry check finds it
// above the standard (a member's pension or wages) is refused at the
// investigation, as it would be. Run again, a chunk finds its applicants'
// cases and writes nothing. It returns the cases written.
func (g *generator) dibao(ctx context.Context, ps []*shebao.Person, seed uint64) (int, error) {
	// Left out: the chunk's 特困 persons (built just before: a 特困 person
	// is not also in 低保, and the persons were read before their cases),
	// and those born after the application's day (demo.BuildDibao applies
	// 30 days ago: a member cannot be born after it).
	applied := g.today.AddDate(0, 0, -30).Format(shebao.DateLayout)
	var left []*shebao.Person
	for _, p := range ps {
		if (!g.tekun || !demo.TekunChosen(p, g.today)) && p.Birth <= applied {
			left = append(left, p)
		}
	}
	ps = left
	hs := demo.DibaoHouseholds(ps, seed, genUrban)
	return demo.BuildDibao(ctx, g.svc, hs, g.today, func(int) string { return demo.StageApproved })
}
