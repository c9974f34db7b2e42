package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/shebao/shebao/gen"
)

func runGen(ctx context.Context, e *env, args []string) error {
	f := newFlags("gen", e)
	persons := f.Int("persons", 100000, "人员数")
	seed := f.Uint64("seed", 1, "随机种子(相同种子生成相同数据)")
	cpuprofile := f.String("cpuprofile", "", "将CPU剖析写入此文件(go tool pprof)")
	if _, err := f.parse(args); err != nil {
		return err
	}
	stop, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	start := time.Now()
	o := gen.Options{Persons: *persons, Seed: *seed, Labor: true, Land: true, Tekun: true, Assist: true}
	// Progress after each chunk: on a terminal one line rewritten; else
	// (a log of a long run) a line per chunk with the time so far.
	tty := isTerminal(os.Stderr)
	o.Progress = func(done, total int) {
		secs := time.Since(start).Seconds()
		if tty {
			fmt.Fprintf(e.stderr, "\r\033[K已生成%d/%d人 %.0f人/秒", done, total, float64(done)/secs)
			return
		}
		fmt.Fprintf(e.stderr, "已生成%d/%d人 %.1f秒 %.0f人/秒\n", done, total, secs, float64(done)/secs)
	}
	res, err := gen.Generate(ctx, sys.App, o)
	if tty {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, map[string]any{"result": res, "seconds": time.Since(start).Seconds()})
	}
	fmt.Fprintf(e.stdout, "已生成: 区划%d个,人员%d人,单位%d家,参保登记%d条,历年缴费记录%d条,个人账户%d个,待遇领取人员%d人(%.1f秒)\n",
		res.Regions, res.Persons, res.Employers, res.Enrollments, res.HistoryYears, res.Accounts, res.Pensioners, time.Since(start).Seconds())
	if res.LaborWorkingAge > 0 {
		fmt.Fprintf(e.stdout, "就业: 劳动年龄人口%d人,失业登记%d人,就业困难人员%d人,公益性岗位安置%d人,培训班%d个(学员%d人、结业%d人),岗位空缺%d个(推荐%d人次)\n",
			res.LaborWorkingAge, res.Unemployed, res.Hardship, res.Placements, res.Courses, res.Trainees, res.Completions, res.Vacancies, res.Referrals)
	}
	return nil
}

// startCPUProfile writes a CPU profile to path ("" none) until stop is
// called (gen and bench --cpuprofile, for go tool pprof).
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	out, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		out.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); out.Close() }, nil
}
