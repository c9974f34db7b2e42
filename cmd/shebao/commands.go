package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/web"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func runVersion(ctx context.Context, e *env, args []string) error {
	fmt.Fprintln(e.stdout, "shebao", version)
	return nil
}

func openDB(ctx context.Context, f *flags) (*system, error) {
	return openSystem(ctx, *f.db)
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	f := newFlags("migrate", e)
	if _, err := f.parse(args); err != nil {
		return err
	}
	db, err := sqldb.OpenNoMigrate(ctx, *f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, map[string]any{"applied": applied, "version": v, "database": db.Name})
	}
	for _, a := range applied {
		fmt.Fprintln(e.stdout, "已应用", a)
	}
	fmt.Fprintf(e.stdout, "数据库 %s 结构版本 %d\n", db.Name, v)
	return nil
}

func runCheck(ctx context.Context, e *env, args []string) error {
	f := newFlags("check", e)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return &exitError{code: 2, msg: "用法: shebao check id NUMBER | check uscc CODE | check region CODE [--json]"}
	}
	var facts [][2]string
	var out map[string]any
	switch pos[0] {
	case "id":
		id, err := idno.ParseID(pos[1], shebao.Today())
		if err != nil {
			return checkFailed(e, *f.json, err)
		}
		out = map[string]any{"valid": true, "number": id.Number, "birth": id.Birth.Format(shebao.DateLayout),
			"sex": id.SexName(), "region": id.Region, "upgraded": id.Upgraded}
		facts = [][2]string{{"身份证号", id.Number}, {"出生日期", id.Birth.Format(shebao.DateLayout)}, {"性别", id.SexName()}, {"地址码", id.Region}}
		if id.Upgraded {
			facts = append(facts, [2]string{"说明", "由15位旧号码升级"})
		}
	case "uscc":
		u, err := idno.ParseUSCC(pos[1])
		if err != nil {
			return checkFailed(e, *f.json, err)
		}
		out = map[string]any{"valid": true, "code": u.Code, "authority": string(u.Authority), "authority_name": u.AuthorityName(),
			"kind": string(u.Kind), "region": u.Region, "org_code": u.OrgCode}
		facts = [][2]string{{"统一社会信用代码", u.Code}, {"登记管理部门", string(u.Authority) + " " + u.AuthorityName()},
			{"机构类别", string(u.Kind)}, {"登记管理机关行政区划码", u.Region}, {"主体标识码", u.OrgCode}}
	case "region":
		r, err := idno.ParseRegion(pos[1])
		if err != nil {
			return checkFailed(e, *f.json, err)
		}
		out = map[string]any{"valid": true, "code": r.Code, "level": r.Level, "level_name": idno.LevelName(r.Level), "parent": r.Parent}
		facts = [][2]string{{"区划代码", r.Code}, {"级别", idno.LevelName(r.Level)}, {"上级", r.Parent}}
	default:
		return &exitError{code: 2, msg: "check 只支持 id、uscc、region"}
	}
	if *f.json {
		return writeJSON(e, out)
	}
	for _, kv := range facts {
		fmt.Fprintf(e.stdout, "%s: %s\n", kv[0], kv[1])
	}
	return nil
}

func checkFailed(e *env, asJSON bool, err error) error {
	if asJSON {
		writeJSON(e, map[string]any{"valid": false, "reason": err.Error()})
		return &exitError{code: 1}
	}
	return &exitError{code: 1, msg: "无效: " + err.Error()}
}

func runShow(ctx context.Context, e *env, args []string) error {
	f := newFlags("show", e)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return &exitError{code: 2, msg: "用法: shebao show person NUMBER | show employer USCC [--json]"}
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	switch pos[0] {
	case "person":
		p, err := sys.Registry.FindPerson(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, p)
		}
		fmt.Fprintf(e.stdout, "姓名: %s\n身份证号: %s\n性别: %s\n出生日期: %s\n户籍性质: %s\n所属区划: %s %s\n联系电话: %s\n人员状态: %s %s\n标识: %s\n版本: %d\n",
			p.Name, p.IDNo, p.Sex, p.Birth, p.Hukou, p.Region, p.RegionName, p.Phone, p.Status, p.DeathDate, strings.Join(p.Flags, "、"), p.Version)
		return showPersonRecords(ctx, e, sys, p.IDNo)
	case "employer":
		emp, err := sys.Registry.FindEmployer(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, emp)
		}
		fmt.Fprintf(e.stdout, "单位名称: %s\n统一社会信用代码: %s\n所属行业: %s\n行业风险类别: %d\n所属区划: %s %s\n联系人: %s %s\n",
			emp.Name, emp.USCC, emp.Industry, emp.RiskClass, emp.Region, emp.RegionName, emp.Contact, emp.Phone)
	default:
		return &exitError{code: 2, msg: "show 只支持 person、employer"}
	}
	return nil
}

func runImport(ctx context.Context, e *env, args []string) error {
	f := newFlags("import", e)
	errorsOut := f.String("errors-out", "", "把被拒绝的行连同原因写入此文件(.xlsx 或 .csv)")
	project := f.String("project", "", "增减挂钩项目编号(仅 projectplots)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	kinds := make([]string, 0, len(importers))
	for k := range importers {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	if len(pos) != 2 {
		return &exitError{code: 2, msg: "用法: shebao import " + strings.Join(kinds, "|") + " FILE [--json] [--errors-out F.xlsx]"}
	}
	imp, ok := importers[pos[0]]
	if !ok {
		return &exitError{code: 2, msg: "可导入的文件种类: " + strings.Join(kinds, "、")}
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	if (pos[0] == "projectplots") != (*project != "") {
		return &exitError{code: 2, msg: "用法: shebao import projectplots FILE --project 项目编号(--project 只用于 projectplots)"}
	}
	opt := ingest.Options{ErrorsOut: *errorsOut, Project: *project}
	if isTerminal(os.Stderr) {
		opt.Progress = progressPrinter(e)
	}
	s, err := imp(ctx, sys.App, pos[1], opt)
	if opt.Progress != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	// Rejected rows make the exit status 3 (after the summary, which still
	// goes to standard output): a script or a scheduler sees that the file
	// needs correcting, while the good rows have landed.
	rejected := func() error {
		if s.Rejected > 0 {
			return &exitError{code: 3, msg: fmt.Sprintf("%d行被拒绝,其余行已导入;改正被拒绝的行后可重新导入该文件", s.Rejected)}
		}
		return nil
	}
	if *f.json {
		if err := writeJSON(e, s); err != nil {
			return err
		}
		return rejected()
	}
	fmt.Fprintf(e.stdout, "导入%s: 读取%d行,新增%d,更新%d,未变%d,拒绝%d(%.1f秒)\n",
		s.File, s.Read, s.Created, s.Updated, s.Unchanged, s.Rejected, s.Seconds)
	if len(s.IgnoredColumns) > 0 {
		fmt.Fprintf(e.stdout, "忽略的列: %s\n", strings.Join(s.IgnoredColumns, "、"))
	}
	for _, r := range s.Reassessed {
		fmt.Fprintf(e.stdout, "%s 原按未申报核定的%d家单位已按申报重新核定(替换%d家", r.Period, r.Employers, r.Rewritten-len(r.Settled))
		if len(r.Settled) > 0 {
			fmt.Fprintf(e.stdout, ",已缴款的%d家按差额结算", len(r.Settled))
		}
		if len(r.Paid) > 0 {
			fmt.Fprintf(e.stdout, ";%d家须更正", len(r.Paid))
		}
		fmt.Fprintln(e.stdout, ")")
		for _, st := range r.Settled {
			fmt.Fprintf(e.stdout, "  %s %s:原已缴%s元转为暂收款后重新冲抵,撤销滞纳金%s元(见 shebao bill、shebao arrears、shebao payments suspense)\n",
				st.Employer, st.Period, st.Released, st.FeesCancelled)
		}
	}
	for i, re := range s.Errors {
		if i == 50 {
			fmt.Fprintf(e.stdout, "……其余%d条错误见 --json 或 --errors-out\n", len(s.Errors)-50)
			break
		}
		fmt.Fprintf(e.stdout, "第%d行 %s: %s\n", re.Row, re.Field, re.Reason)
	}
	if *errorsOut != "" && s.Rejected > 0 {
		fmt.Fprintf(e.stdout, "被拒绝的行已写入 %s\n", *errorsOut)
	}
	return rejected()
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func progressPrinter(e *env) func(read int, done, total int64) {
	start := time.Now()
	return func(read int, done, total int64) {
		rate := float64(read) / time.Since(start).Seconds()
		if total > 0 {
			fmt.Fprintf(e.stderr, "\r\033[K已处理%d行 %.0f%% %.0f行/秒", read, float64(done)*100/float64(total), rate)
		} else {
			fmt.Fprintf(e.stderr, "\r\033[K已处理%d行 %.0f行/秒", read, rate)
		}
	}
}

func runServe(ctx context.Context, e *env, args []string) error {
	f := newFlags("serve", e)
	addr := f.String("addr", "127.0.0.1:8080", "监听地址")
	nf := serveFlags(f)
	if _, err := f.parse(args); err != nil {
		return err
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	return serve(ctx, e, sys, *addr, nf)
}

// netFlags are the serving options shared by serve and demo: TLS, and
// the reverse proxies whose X-Forwarded-* headers are believed.
type netFlags struct {
	tlsCert, tlsKey, trustedProxy *string
}

func serveFlags(f *flags) netFlags {
	return netFlags{
		tlsCert:      f.String("tls-cert", "", "TLS证书文件(PEM,含中间证书);与 --tls-key 一起使用时以HTTPS提供服务"),
		tlsKey:       f.String("tls-key", "", "TLS私钥文件(PEM)"),
		trustedProxy: f.String("trusted-proxy", "", "受信任的反向代理地址或网段,逗号分隔(如 127.0.0.1 或 192.0.2.0/24);只采信来自这些地址的 X-Forwarded-For/X-Forwarded-Proto"),
	}
}

func serve(ctx context.Context, e *env, sys *system, addr string, nf netFlags) error {
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	trusted, err := web.ParseTrustedProxies(*nf.trustedProxy)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	var tlsConfig *tls.Config
	switch {
	case (*nf.tlsCert == "") != (*nf.tlsKey == ""):
		return &exitError{code: 2, msg: "--tls-cert 与 --tls-key 须同时给出"}
	case *nf.tlsCert != "":
		cert, err := tls.LoadX509KeyPair(*nf.tlsCert, *nf.tlsKey)
		if err != nil {
			return &exitError{code: 1, msg: "无法载入TLS证书或私钥: " + err.Error()}
		}
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	}
	srv := &http.Server{
		Handler:           web.NewServer(sys.App, web.Options{Logger: logger, TrustedProxies: trusted}).Handler(),
		TLSConfig:         tlsConfig,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "shebao 已启动: %s://%s/  (数据库 %s, %s)\n", scheme, ln.Addr(), sys.Name, sys.Dialect)
	fmt.Fprintf(e.stdout, "API说明: %s://%s/api/v1/openapi.json\n", scheme, ln.Addr())
	if len(trusted) > 0 {
		fmt.Fprintf(e.stdout, "受信任的反向代理: %s(只采信来自这些地址的 X-Forwarded-For/X-Forwarded-Proto)\n", *nf.trustedProxy)
	}
	if tap, ok := ln.Addr().(*net.TCPAddr); ok && tlsConfig == nil && len(trusted) == 0 && !tap.IP.IsLoopback() {
		fmt.Fprintln(e.stderr, "警告: 在非本机地址上以明文HTTP提供服务,密码和个人信息将以明文传输;请用 --tls-cert/--tls-key 启用HTTPS,或置于终止TLS的反向代理之后并用 --trusted-proxy 指明代理地址")
	}
	warnNoUsers(ctx, e, sys)
	errc := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func runDemo(ctx context.Context, e *env, args []string) error {
	f := newFlags("demo", e)
	addr := f.String("addr", "127.0.0.1:8080", "监听地址")
	persons := f.Int("persons", 3000, "演示人员数")
	noServe := f.Bool("no-serve", false, "只建立演示数据,不启动服务")
	adminPassword := f.String("admin-password", "", "演示管理员admin的密码(默认随机生成,启动时显示)")
	resetPasswords := f.Bool("reset-passwords", false, "重新生成已有演示账户的密码(默认保留)")
	nf := serveFlags(f)
	if _, err := f.parse(args); err != nil {
		return err
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	start := time.Now()
	if err := demo.Build(ctx, sys.App, *persons); err != nil {
		return err
	}
	_, total, err := sys.Registry.FindPersons(ctx, shebao.PersonFilter{Region: demo.District, Limit: 1})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "演示区县 宁夏回族自治区银川市金凤区 已就绪: %d人 (%.1f秒)\n", total, time.Since(start).Seconds())
	if err := demoAccounts(ctx, e, sys, *adminPassword, *resetPasswords); err != nil {
		return err
	}
	if *noServe {
		return nil
	}
	return serve(ctx, e, sys, *addr, nf)
}

// showPersonRecords prints a person's enrollments and benefits below the
// registration, as the person page shows them; a section the operator's
// role may not read is left out.
func showPersonRecords(ctx context.Context, e *env, sys *system, idNo string) error {
	ns, _, err := sys.Enroll.FindEnrollments(ctx, shebao.EnrollmentFilter{IDNo: idNo, Limit: 1000})
	switch {
	case shebao.ErrorCode(err) == shebao.EFORBIDDEN:
	case err != nil:
		return err
	default:
		fmt.Fprintf(e.stdout, "参保登记: %d条\n", len(ns))
		for _, n := range ns {
			line := fmt.Sprintf("  %s %s %s 自%s", n.Scheme, n.SchemeName, n.Status, n.StartDate)
			if n.EndDate != "" {
				line += "至" + n.EndDate
			}
			if n.Year != 0 {
				line += fmt.Sprintf(" %d年度", n.Year)
			}
			if n.EmpName != "" {
				line += " 单位:" + n.EmpName
			}
			fmt.Fprintln(e.stdout, line)
		}
	}
	bs, _, err := sys.Benefit.FindBenefits(ctx, shebao.BenefitFilter{IDNo: idNo, Limit: 1000})
	switch {
	case shebao.ErrorCode(err) == shebao.EFORBIDDEN:
	case err != nil:
		return err
	default:
		fmt.Fprintf(e.stdout, "待遇: %d项\n", len(bs))
		for _, b := range bs {
			fmt.Fprintf(e.stdout, "  %s %s %s 自%s起 每月%s元\n", b.Scheme, b.KindName, b.Status, b.StartMonth, b.Monthly)
		}
	}
	return nil
}
