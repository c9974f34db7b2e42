package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao/bench"
	"github.com/shebao/shebao/sqldb"
)

// runBench runs the benchmark suite (or the named benchmarks) on the engine
// of --db and prints, for each, the ratio to the raw engine first, then
// rows/s, p50/p99 and peak RSS. It never writes to the database --db
// names: on PostgreSQL it creates a fresh database on the same server and
// drops it afterwards; on SQLite it uses files in a temporary directory.
// --existing DB times the indicators, the pages or the http load on a
// database `shebao gen` filled instead (adding to it the nine copied
// districts of the city rollup, the users, or last month's bills and the
// load's writes: a benchmark database only).
func runBench(ctx context.Context, e *env, args []string) error {
	f := newFlags("bench", e)
	rows := f.Int("rows", 20000, "规模:人数、职工数、账户数或待遇数")
	seconds := f.Float64("seconds", 10, "http 压测时长、indicators 每个查询的重复时长(秒)")
	clients := f.Int("clients", 50, "http 并发客户端数")
	noDashboard := f.Bool("no-dashboard", false, "http 的请求组合中不含首页统计")
	dir := f.String("dir", "", "临时文件目录(默认系统临时目录)")
	verbose := f.Bool("v", false, "在标准错误输出进度")
	cpuprofile := f.String("cpuprofile", "", "将CPU剖析写入此文件(go tool pprof):http 压测时含服务端")
	existing := f.String("existing", "", "indicators、pages、http:在这个已由 shebao gen 生成的库(SQLite 文件或 postgres:// URL)上计时,不另行生成;indicators 首次运行会写入九个副本区县的计数,pages、http 每次运行添加基准用户(http 还写入上月申报、核定与压测中的写操作),仅用于基准库")
	names, err := f.parse(args)
	if err != nil {
		return err
	}
	usage := &exitError{code: 2, msg: "用法: shebao bench [" + strings.Join(bench.Names, "|") + " …] [--rows N] [--seconds S] [--clients N] [--no-dashboard] [--existing DB] [--cpuprofile F] [--json]"}
	if len(names) == 0 {
		names = bench.DefaultSuite
	}
	for _, n := range names {
		if !slices.Contains(bench.Names, n) {
			return usage
		}
	}
	if *rows <= 0 || *seconds <= 0 || *clients <= 0 {
		return usage
	}
	stop, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	o := bench.SuiteOptions{Rows: *rows, Dir: *dir, Duration: time.Duration(*seconds * float64(time.Second)), Clients: *clients, NoDashboard: *noDashboard, Open: openStore, Create: createDatabase, Existing: *existing}
	if sqldb.IsPostgresDSN(*f.db) {
		o.Server = *f.db
	}
	if *verbose {
		o.Log = e.stderr
	}
	var out []*bench.Summary
	var failed error
	for _, n := range names {
		if *verbose {
			fmt.Fprintf(e.stderr, "bench %s: %d …\n", n, *rows)
		}
		s, err := bench.Run(ctx, n, o)
		if err != nil {
			failed = fmt.Errorf("基准%s失败: %w", n, err)
			if s != nil {
				out = append(out, s)
			}
			break
		}
		out = append(out, s)
	}
	if *f.json {
		if err := writeJSON(e, map[string]any{"rows": *rows, "results": out}); err != nil {
			return err
		}
	} else {
		t := &ledgerTable{head: []string{"基准", "引擎", "规模", "比率(shebao÷原生)", "比率(shebao÷底线)", "行/秒", "原生行/秒", "p50(ms)", "p99(ms)", "峰值内存(MB)", "峰值匿名内存(MB)", "用时(秒)"}}
		num := func(v float64, format string) string {
			if v == 0 {
				return "—"
			}
			return fmt.Sprintf(format, v)
		}
		for _, s := range out {
			t.add(s.Name, s.Engine, fmt.Sprintf("%d %s", s.Size, benchUnit(s.Unit)), num(s.Ratio, "%.3f"), num(s.RatioToFloor, "%.3f"), num(s.RowsPerSec, "%.0f"),
				num(s.RawRowsPerSec, "%.0f"), num(s.P50, "%.1f"), num(s.P99, "%.1f"), num(s.PeakRSSMB, "%.0f"), num(s.PeakAnonMB, "%.0f"), fmt.Sprintf("%.1f", s.Seconds))
		}
		t.write(e.stdout)
		for _, s := range out {
			if s.Note != "" {
				fmt.Fprintf(e.stdout, "%s: %s\n", s.Name, s.Note)
			}
			// indicators: every query with its latency.
			if r, ok := s.Detail.(*bench.StatsResult); ok {
				q := &ledgerTable{head: []string{"查询(" + s.Engine + ")", "次数", "p50(ms)", "p99(ms)"}}
				for _, l := range r.Queries {
					q.add(l.Name, fmt.Sprint(l.N), fmt.Sprintf("%.1f", l.P50), fmt.Sprintf("%.1f", l.P99))
				}
				q.write(e.stdout)
				fmt.Fprintf(e.stdout, "在保(各险种在保人次合计):区县 %d,市(%d 个区县)%d\n", r.DistrictInsured, bench.Districts, r.CityInsured)
			}
			// pages: every navigation page of every role with its server time.
			if r, ok := s.Detail.(*bench.PagesResult); ok {
				q := &ledgerTable{head: []string{"角色(" + s.Engine + ")", "页面", "地址", "次数", "p50(ms)", "p99(ms)"}}
				for _, p := range r.Pages {
					q.add(p.Role, p.Label, p.Page, fmt.Sprint(p.N), fmt.Sprintf("%.1f", p.P50), fmt.Sprintf("%.1f", p.P99))
				}
				q.write(e.stdout)
			}
		}
		fmt.Fprintln(e.stdout, "比率(shebao÷原生) = shebao 速率 ÷ 同一引擎在同一次运行中原生批量写入相同行(裸表)的速率;"+
			"比率(shebao÷底线) = shebao 速率 ÷ 同一引擎经产品驱动在产品真实表(全部索引、约束与统计计数)上写入与产品完全相同各行的速率;http 的“行/秒”为每秒请求数。")
	}
	if failed != nil {
		return failed
	}
	return nil
}

func benchUnit(u string) string {
	switch u {
	case "persons":
		return "人"
	case "employees":
		return "职工"
	case "accounts":
		return "账户"
	case "benefits":
		return "待遇"
	case "enrollments":
		return "参保记录"
	}
	return u
}
