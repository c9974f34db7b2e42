// Package gen generates a deterministic synthetic district at scale, for
// benchmarks, load tests and demonstrations: a region tree of the seed's
// size (a district of ten towns and 296 villages), persons with a realistic
// age pyramid, sexes and hukou, employers of realistic sizes and risk
// classes, and enrollments in every scheme in the seed district's
// proportions. It writes through the product's own bulk paths
// (ImportPersons, ImportEmployers, ImportEnrollments), so it measures them
// too; and the contribution history, individual accounts and pensions in
// payment a district takes over from its old programs (demo.BuildHistory).
package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Options say what to generate.
type Options struct {
	Persons int
	Seed    uint64
	// Chunk is the number of persons generated in one unit of work
	// (default 10,000).
	Chunk int
	// Progress, when set, is told after each chunk of persons how many
	// of how many are generated (batch.Job's Progress).
	Progress func(done, total int)
	// Labor also keeps the labour register (demo.LaborEntries per chunk,
	// the derived statuses rebuilt at the end; migration 0074). Off by
	// default, so that a district generated on an older schema (the
	// migration tests) or for the benchmarks is what it was before.
	Labor bool
	// Land also generates land contracting and transfer (gen/land.go: the
	// 确权 registry of the chunk's rural households and about 20% of their
	// 耕地 transferred, verified and paid; migrations 0062–0064). Off by
	// default for the same reason as Labor.
	Land bool
	// Tekun also gives each chunk its 特困人员 through the real flow
	// (demo.BuildTekun: about 3 in 1,000, one 集中供养 per chunk; tekun,
	// migration 0094). Off by default for the same reason as Labor.
	Tekun bool
	// Assist also generates social assistance (gen/assist.go): approved
	// 低保 cases with their benefits, chunk by chunk, about 4% of the
	// persons of rural villages and 1.5% of urban communities
	// (demo.DibaoHouseholds), through the case flow. Off by default for
	// the same reason as Labor.
	Assist bool
}

// Result counts what was generated.
type Result struct {
	Regions     int `json:"regions"`
	Persons     int `json:"persons"`
	Employers   int `json:"employers"`
	Enrollments int `json:"enrollments"`
	// HistoryYears are the yearly contribution records, Accounts the
	// individual accounts opened with a balance, Pensioners the pensions
	// in payment (110 and 170).
	HistoryYears int `json:"history_years"`
	Accounts     int `json:"accounts"`
	Pensioners   int `json:"pensioners"`
	// LandBatches are the expropriation batches, LandSecured the persons
	// on their rosters; Claims the year's medical claims.
	LandBatches int `json:"land_batches"`
	LandSecured int `json:"land_secured"`
	Claims      int `json:"claims"`
	// LaborRegistered are the villages' entries of the labour register
	// (demo.LaborEntries); LaborWorkingAge the persons of working age of
	// its rebuild after the last chunk.
	LaborRegistered int `json:"labor_registered"`
	LaborWorkingAge int `json:"labor_working_age"`
	// Parcels are the contracted parcels, Transfers the verified transfer
	// contracts (Options.Land).
	Parcels   int `json:"parcels"`
	Transfers int `json:"transfers"`
	// Lendings are the cooperatives' lendings (贷出, one a chunk),
	// Intents the 流转信息平台's offers and requests, ProjectPlots the
	// 拆旧 homesteads of the towns' 增减挂钩 projects (Options.Land).
	Lendings     int `json:"lendings"`
	Intents      int `json:"intents"`
	ProjectPlots int `json:"project_plots"`
	// The employment service's records (Options.Labor; employment.go), as
	// the district holds them after the run: open 失业登记, 就业困难人员 in
	// force, 公益性岗位 placements, training courses with their enrolments
	// and completions (结业), vacancies with their referrals.
	Unemployed  int `json:"unemployed"`
	Hardship    int `json:"hardship"`
	Placements  int `json:"placements"`
	Courses     int `json:"courses"`
	Trainees    int `json:"trainees"`
	Completions int `json:"completions"`
	Vacancies   int `json:"vacancies"`
	Referrals   int `json:"referrals"`
	// Tekun are the 特困 cases approved (Options.Tekun).
	Tekun int `json:"tekun"`
	// DibaoCases are the approved 低保 cases written (Options.Assist).
	DibaoCases int `json:"dibao_cases,omitempty"`
	// Phases is the wall time in seconds gen spent in each phase, summed
	// over the chunks of this run (persons, enrollments, history, land
	// batches, labour register, employment, land, tekun, assistance,
	// claims; the labour register's rebuild after the last chunk): where
	// the time goes, for docs/BENCHMARKS.md. Not part of the district: a
	// run again changes it.
	Phases map[string]float64 `json:"phases,omitempty"`
}

// District is the generated district's code (金凤区).
const District = "640106000000"

var townNames = []string{"良田镇", "丰登镇", "满城北街街道", "黄河东路街道", "北京中路街道", "上海西路街道", "长城中路街道", "贺兰山路街道", "宝湖路街道", "阅海湾街道"}

var villageSyllables = []rune("魏盈高英西武北东南大新红金银丰良永兴和平安宁塘渠湖桥庄堡寨园沟坝滩营屯庙湾")

// VillagesPerTown is chosen so that ten towns have the seed's 296 villages.
var villagesPerTown = []int{30, 30, 30, 30, 30, 30, 29, 29, 29, 29}

// Regions returns the generated region tree, parents first.
func Regions(seed uint64) []shebao.Region {
	r := rand.New(rand.NewPCG(seed, 0x4e610))
	out := []shebao.Region{{Code: demo.Province, Name: "宁夏回族自治区"}, {Code: demo.City, Name: "银川市"}, {Code: District, Name: "金凤区"}}
	seen := map[string]bool{}
	for t, name := range townNames {
		town := fmt.Sprintf("640106%03d000", 101+t)
		out = append(out, shebao.Region{Code: town, Name: name})
		for v := 0; v < villagesPerTown[t]; v++ {
			var vn string
			for vn == "" || seen[vn] {
				vn = string(villageSyllables[r.IntN(len(villageSyllables))]) + string(villageSyllables[r.IntN(len(villageSyllables))]) + "村"
				if r.IntN(5) == 0 {
					vn = vn[:len(vn)-len("村")] + "社区"
				}
			}
			seen[vn] = true
			out = append(out, shebao.Region{Code: fmt.Sprintf("640106%03d%03d", 101+t, 201+v), Name: vn})
		}
	}
	return out
}

// ageWeights is a population pyramid by five-year band (0–4 … 95–99),
// roughly that of a rural district of northern China around 2020.
var ageWeights = []int{55, 60, 62, 58, 60, 75, 80, 78, 82, 88, 85, 76, 70, 55, 40, 28, 18, 9, 3, 1}

// Generate builds the district into db. It is deterministic for a seed and
// idempotent: running it twice changes nothing, and running it again after
// an interruption finishes it (its persons are the batch job "gen", with a
// run record for the seed and size).
func Generate(ctx context.Context, svc *app.App, o Options) (*Result, error) {
	res := &Result{}
	regions := Regions(o.Seed)
	var villages []string
	for i := range regions {
		if _, err := svc.Registry.SaveRegion(ctx, &regions[i]); err != nil {
			return nil, err
		}
		if regions[i].Code[9:] != "000" {
			villages = append(villages, regions[i].Code)
		}
	}
	res.Regions = len(regions)
	run, err := svc.Registry.StartImportRun(ctx, "gen", fmt.Sprintf("gen persons=%d seed=%d", o.Persons, o.Seed), "")
	if err != nil {
		return nil, err
	}
	// Employers: one per hundred persons, sizes following a long tail.
	r := rand.New(rand.NewPCG(o.Seed, 0xe3b))
	nEmp := max(10, o.Persons/100)
	emps := demo.Employers(o.Seed, nEmp)
	for i, e := range emps {
		e.USCC = demo.USCC("640106", 100000+i)
		e.Region = villages[r.IntN(len(villages))]
		if err := shebao.NormalizeEmployer(e); err != nil {
			return nil, err
		}
		e.Source = shebao.ImportSource(run, i+2)
	}
	for start := 0; start < len(emps); start += 5000 {
		if _, errs, err := svc.Registry.ImportEmployers(ctx, run, emps[start:min(start+5000, len(emps))]); err != nil {
			return nil, err
		} else if err := first(errs); err != nil {
			return nil, err
		}
	}
	res.Employers = len(emps)

	today := shebao.Today()
	set, err := svc.Params.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	if o.Chunk <= 0 {
		o.Chunk = 10000
	}
	ids := identities(o.Seed, o.Persons, today)
	g := &generator{svc: svc, run: run, set: set, today: today, seed: o.Seed, villages: villages, emps: emps, ids: ids, size: o.Chunk, chunks: map[int]Result{}, phases: map[string]time.Duration{}, labor: o.Labor, landOn: o.Land, tekun: o.Tekun, assist: o.Assist}
	// The persons are a batch job (batch.Runner, kind "gen"): chunks of
	// o.Chunk persons, each one unit of work — its persons, their
	// enrollments, history, land batches and claims commit together or
	// not at all — with a run record and progress. A chunk depends only on
	// the seed and its position (its identities are drawn beforehand for
	// the whole district, its other draws from a stream of its own), so a
	// run interrupted by a crash is finished by running gen again: the
	// chunks done before are generated again identically and change
	// nothing, the others are written. (The chunk size is part of what a
	// chunk draws: gen again with the same seed, size and chunk.)
	_, err = svc.Batch.Run(ctx, batch.Job{
		Kind:   "gen",
		Period: fmt.Sprintf("seed=%d persons=%d chunk=%d", o.Seed, o.Persons, o.Chunk),
		Total:  func(context.Context) (int, error) { return len(ids), nil },
		Bound: func(_ context.Context, lo string) (string, error) {
			end := chunkKey(lo) + g.size
			if end >= len(ids) {
				return "", nil
			}
			return fmt.Sprintf("%010d", end), nil
		},
		Chunk: func(ctx context.Context, lo, hi string) (int, error) {
			end := len(ids)
			if hi != "" {
				end = chunkKey(hi)
			}
			return g.chunk(ctx, chunkKey(lo), end)
		},
		Progress: o.Progress,
		// The planner's statistics follow the district as it grows, on
		// the schedule of every bulk load (after the 1st, 2nd, 4th …
		// chunk of this run).
		AfterChunk: svc.Registry.RefreshStatisticsAfter,
	})
	if err != nil {
		return nil, err
	}
	res.Phases = map[string]float64{}
	for k, d := range g.phases {
		res.Phases[k] = d.Seconds()
	}
	for _, c := range g.chunks {
		res.Persons += c.Persons
		res.Enrollments += c.Enrollments
		res.HistoryYears += c.HistoryYears
		res.Accounts += c.Accounts
		res.Pensioners += c.Pensioners
		res.LandBatches += c.LandBatches
		res.LandSecured += c.LandSecured
		res.Claims += c.Claims
		res.LaborRegistered += c.LaborRegistered
		res.Parcels += c.Parcels
		res.Transfers += c.Transfers
		res.Lendings += c.Lendings
		res.Intents += c.Intents
		res.ProjectPlots += c.ProjectPlots
		res.Tekun += c.Tekun
		res.DibaoCases += c.DibaoCases
	}
	// The labour register's derived statuses, once the persons and their
	// enrollments are all in (itself a resumable batch job).
	if o.Labor {
		t0 := time.Now()
		lr, err := svc.Employ.Rebuild(ctx, today.Format(shebao.DateLayout), nil)
		res.Phases["labor_rebuild"] = time.Since(t0).Seconds()
		if err != nil {
			return nil, err
		}
		res.LaborWorkingAge = lr.Persons
		if err := g.employmentCounts(ctx, res); err != nil {
			return nil, err
		}
	}
	return res, svc.Registry.FinishImportRun(ctx, shebao.ImportRun{ID: run, Status: "done", Read: res.Persons + res.Employers})
}

// chunkKey is the position (persons before it) a chunk key names.
func chunkKey(k string) int {
	if k == "" {
		return 0
	}
	n, _ := strconv.Atoi(k)
	return n
}

// identity is one generated person's birth day (days since 1970-01-01),
// sequence number among those born that day, and sex: enough to make the
// 身份证号, in 8 bytes, so that a province's identities fit in memory.
type identity struct {
	day  int32
	seq  uint16
	male bool
}

// identities draws the persons' birth days from the age pyramid, and
// numbers those born on one day (at most 499 a day, as the ID number's
// three-digit sequence of a county allows for each sex together), for the
// whole district before any chunk runs: a chunk then takes its slice and
// needs nothing of the chunks before it.
func identities(seed uint64, n int, today time.Time) []identity {
	r := rand.New(rand.NewPCG(seed, 0x9e45))
	totalBands := 0
	for _, w := range ageWeights {
		totalBands += w
	}
	perDay := map[int32]uint16{}
	out := make([]identity, 0, n)
	for len(out) < n {
		k := r.IntN(totalBands)
		band := 0
		for k >= ageWeights[band] {
			k -= ageWeights[band]
			band++
		}
		days := (band*5)*365 + r.IntN(5*365)
		birth := today.AddDate(0, 0, -days-1)
		day := int32(birth.Unix() / 86400)
		if perDay[day] >= 499 {
			continue
		}
		perDay[day]++
		id := identity{day: day, seq: perDay[day], male: r.IntN(2) == 0}
		if _, err := idno.ParseID(id.number(), today); err != nil {
			continue
		}
		out = append(out, id)
	}
	return out
}

// birth is the identity's date of birth.
func (id identity) birth() time.Time { return time.Unix(int64(id.day)*86400, 0).UTC() }

// number is the identity's 身份证号.
func (id identity) number() string {
	return demo.IDNumber("640106", id.birth(), int(id.seq), id.male)
}

// generator holds what every chunk of a run needs.
type generator struct {
	svc      *app.App
	run      string
	set      *policy.Set
	today    time.Time
	seed     uint64
	villages []string
	emps     []*shebao.Employer
	ids      []identity
	size     int // persons per chunk
	// chunks holds each chunk's counts by its start: a unit of work that
	// is retried (a PostgreSQL serialization failure) counts once.
	chunks map[int]Result
	// phases sums the wall time of each phase of the chunks (Result.Phases).
	phases map[string]time.Duration
	labor  bool // Options.Labor
	landOn bool // Options.Land
	tekun  bool // Options.Tekun
	assist bool // Options.Assist
}

// chunk generates the persons [start, end) with everything they have, in
// the unit of work of ctx, and returns how many persons it wrote.
func (g *generator) chunk(ctx context.Context, start, end int) (int, error) {
	svc, run, today := g.svc, g.run, g.today
	seed := g.seed + uint64(start)
	t0 := time.Now()
	lap := func(phase string) {
		now := time.Now()
		g.phases[phase] += now.Sub(t0)
		t0 = now
	}
	ps, err := g.persons(start, end)
	if err != nil {
		return 0, err
	}
	if _, errs, err := svc.Registry.ImportPersons(ctx, run, ps); err != nil {
		return 0, err
	} else if err := first(errs); err != nil {
		return 0, err
	}
	lap("persons")
	ns, err := demo.EnrollAll(ctx, svc, run, ps, g.emps, today, seed)
	if err != nil {
		return 0, err
	}
	lap("enrollments")
	h, err := demo.BuildHistory(g.set, ps, ns, today, seed)
	if err != nil {
		return 0, err
	}
	lap("history_build")
	if err := h.Store(ctx, svc, run); err != nil {
		return 0, err
	}
	lap("history_store")
	nb, secured, err := landBatches(ctx, svc, run, ps, ns, today, seed, start/g.size)
	if err != nil {
		return 0, err
	}
	lap("land_batches")
	var les []shebao.LaborEntry
	if g.labor {
		if les, err = demo.LaborEntries(g.set, ps, ns, today, seed); err != nil {
			return 0, err
		}
		if _, errs, err := svc.Employ.ImportLabor(ctx, run, les); err != nil {
			return 0, err
		} else if err := first(errs); err != nil {
			return 0, fmt.Errorf("gen labour register: %w", err)
		}
		lap("labor")
		// 失业登记, 就业困难人员, 公益性岗位, training, vacancies
		// (employment.go).
		if err := g.employment(ctx, ps, les, start/g.size); err != nil {
			return 0, err
		}
		lap("employment")
	}
	var land landResult
	if g.landOn {
		if land, err = g.land(ctx, ps, start, seed); err != nil {
			return 0, err
		}
		lap("land")
	}
	var tekun int
	if g.tekun {
		if tekun, err = demo.BuildTekun(ctx, svc, ps, today); err != nil {
			return 0, fmt.Errorf("gen 特困: %w", err)
		}
		lap("tekun")
	}
	var dibao int
	if g.assist {
		if dibao, err = g.dibao(ctx, ps, seed); err != nil {
			return 0, err
		}
		lap("assist")
	}
	cs := claims(ns, today, seed, start/g.size)
	for i := 0; i < len(cs); i += 5000 {
		if _, errs, err := svc.Medical.ImportClaims(ctx, run, cs[i:min(i+5000, len(cs))]); err != nil {
			return 0, err
		} else if err := first(errs); err != nil {
			return 0, fmt.Errorf("gen claims: %w", err)
		}
	}
	lap("claims")
	g.chunks[start] = Result{Persons: len(ps), Enrollments: len(ns), HistoryYears: len(h.Years), Accounts: len(h.Accounts),
		Pensioners: len(h.Benefits), LandBatches: nb, LandSecured: secured, Claims: len(cs), LaborRegistered: len(les),
		Parcels: land.parcels, Transfers: land.transfers, Lendings: land.lendings, Intents: land.intents, ProjectPlots: land.plots,
		Tekun: tekun, DibaoCases: dibao}
	return len(ps), nil
}

// persons draws the persons [start, end) of the district (a chunk's).
func (g *generator) persons(start, end int) ([]*shebao.Person, error) {
	run, today, villages := g.run, g.today, g.villages
	seed := g.seed + uint64(start)
	pr := rand.New(rand.NewPCG(seed, 0x9e46))
	ps := make([]*shebao.Person, 0, end-start)
	for i, id := range g.ids[start:end] {
		birth := id.birth()
		v := villages[pr.IntN(len(villages))]
		hukou := shebao.HukouAgricultural
		switch {
		case v[6:9] >= "103" && pr.IntN(10) < 8: // subdistricts: mostly urban hukou
			hukou = shebao.HukouNonAgricultural
		case birth.Year() >= 2015 && pr.IntN(2) == 0:
			hukou = shebao.HukouResident
		}
		p := &shebao.Person{IDNo: id.number(), Name: demo.Name(pr), Hukou: hukou, Region: v, Flags: []string{}}
		switch k := pr.IntN(1000); {
		case k < 25:
			p.Flags = append(p.Flags, shebao.FlagDibao)
		case k < 30 && hukou == shebao.HukouAgricultural:
			p.Flags = append(p.Flags, shebao.FlagLandLost)
		}
		if pr.IntN(3) == 0 {
			p.Phone = fmt.Sprintf("139%08d", pr.IntN(100000000))
		}
		if err := shebao.NormalizePerson(p, today); err != nil {
			return nil, fmt.Errorf("gen person %s: %w", p.IDNo, err)
		}
		p.Source = shebao.ImportSource(run, start+i+2)
		ps = append(ps, p)
	}
	return ps, nil
}

func first(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
