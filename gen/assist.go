package gen

import (
	"context"
	"slices"

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
//
// With Options.Tekun the persons demo.BuildTekun chooses are left out of
// the households (a 特困 person is not also in 低保, 社会救助暂行办法第十四条:
// the flow refuses the application, which stopped gen at its first chunk
// of seed 1 before).
func (g *generator) dibao(ctx context.Context, ps []*shebao.Person, seed uint64) (int, error) {
	hs := g.dibaoHouseholds(ps, seed)
	return demo.BuildDibao(ctx, g.svc, hs, g.today, func(int) string { return demo.StageApproved })
}

// dibaoHouseholds are the chunk's 低保 households (dibao). With
// Options.Tekun the persons demo.BuildTekun chooses are left out. A member
// born after the application's day (demo.BuildDibao applies 30 days ago)
// is left out of the household drawn — the flow refuses such a member,
// which stopped a 100,000-person run at its ninth chunk —, and the
// household with them when it is its applicant; the draws are made as
// before, so that every other chunk's households stay those generated
// before (a resumed run finds them written).
func (g *generator) dibaoHouseholds(ps []*shebao.Person, seed uint64) []demo.DibaoHousehold {
	if g.tekun {
		ps = slices.DeleteFunc(slices.Clone(ps), func(p *shebao.Person) bool { return demo.TekunCandidate(p, g.today) })
	}
	applied := g.today.AddDate(0, 0, -30).Format(shebao.DateLayout)
	var out []demo.DibaoHousehold
	for _, h := range demo.DibaoHouseholds(ps, seed, genUrban) {
		if h.Members[0].Birth > applied {
			continue
		}
		k := 0
		for i, p := range h.Members {
			if p.Birth <= applied {
				h.Members[k], h.Incomes[k] = p, h.Incomes[i]
				k++
			}
		}
		h.Members, h.Incomes = h.Members[:k], h.Incomes[:k]
		out = append(out, h)
	}
	return out
}
