package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/report"
)

// Statistics that travel upward (report/upward.go): keys, export, trust,
// import and the list of submissions.

const (
	usageReportKeygen      = "report keygen --out PREFIX   生成上报签名密钥对(PREFIX.key 私钥,PREFIX.pub 公钥)"
	usageReportExport      = "report export --region CODE --month YYYY-MM --key PREFIX.key [--out FILE] [--as USER]   导出本区当月统计上报文件(签名;市级含其区县的上报)"
	usageReportTrust       = "report trust --region CODE --key FILE.pub [--as USER]   登记下级区划的上报公钥"
	usageReportImport      = "report import FILE [--json] [--as USER]   接收下级区划的统计上报文件"
	usageReportSubmissions = "report submissions [--region CODE] [--month YYYY-MM] [--json]   已接收的上报(含被替换的历史)"
)

// runReportKeygen writes a new key pair; it needs no database.
func runReportKeygen(ctx context.Context, e *env, args []string) error {
	f := newFlags("report keygen", e)
	out := f.String("out", "", "密钥文件名前缀")
	pos, err := f.parse(args)
	if err != nil || len(pos) != 0 || *out == "" {
		return &exitError{code: 2, msg: "用法: shebao " + usageReportKeygen}
	}
	priv, pub, err := report.GenerateKeys()
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out+".key", priv, 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(*out+".pub", pub, 0o644); err != nil {
		return err
	}
	k, _ := report.ParsePublicKey(pub)
	fmt.Fprintf(e.stdout, "已生成密钥对: %s.key(私钥,请妥善保管)、%s.pub(公钥,交上级登记),指纹 %s\n", *out, *out, report.Fingerprint(k))
	return nil
}

// runReportExport writes the signed file of a region's month.
func runReportExport(ctx context.Context, e *env, args []string) error {
	f := newFlags("report export", e)
	region := f.String("region", "", "上报区划代码")
	month := f.String("month", "", "月份 YYYY-MM")
	keyFile := f.String("key", "", "私钥文件")
	out := f.String("out", "", "输出文件(默认 stats-区划-月份.json)")
	as := f.String("as", "", "以该用户的身份办理")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageReportExport},
		ok: func(pos []string) bool { return len(pos) == 0 && *region != "" && *month != "" && *keyFile != "" }, as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	pemData, err := os.ReadFile(*keyFile)
	if err != nil {
		return fmt.Errorf("读取私钥: %w", err)
	}
	key, err := report.ParsePrivateKey(pemData)
	if err != nil {
		return err
	}
	data, err := sys.Report.Export(ctx, *region, *month, key)
	if err != nil {
		return err
	}
	name := *out
	if name == "" {
		name = fmt.Sprintf("stats-%s-%s.json", *region, *month)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已导出 %s %s 统计上报文件 %s(%d 字节,已签名)\n", *region, *month, name, len(data))
	return nil
}

// runReportTrust registers a region's public key.
func runReportTrust(ctx context.Context, e *env, args []string) error {
	f := newFlags("report trust", e)
	region := f.String("region", "", "下级区划代码")
	keyFile := f.String("key", "", "公钥文件")
	as := f.String("as", "", "以该用户的身份办理")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageReportTrust},
		ok: func(pos []string) bool { return len(pos) == 0 && *region != "" && *keyFile != "" }, as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	pemData, err := os.ReadFile(*keyFile)
	if err != nil {
		return fmt.Errorf("读取公钥: %w", err)
	}
	k, changed, err := sys.Report.Trust(ctx, *region, pemData)
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintf(e.stdout, "区划%s的上报公钥(指纹 %s)已登记,未变更\n", k.Region, k.Fingerprint)
		return nil
	}
	fmt.Fprintf(e.stdout, "已登记区划%s的上报公钥,指纹 %s\n", k.Region, k.Fingerprint)
	return nil
}

// runReportImport receives a file.
func runReportImport(ctx context.Context, e *env, args []string) error {
	f := newFlags("report import", e)
	as := f.String("as", "", "以该用户的身份办理")
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageReportImport}, ok: nargs(1), as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("读取文件: %w", err)
	}
	got, err := sys.Report.Import(ctx, data)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, got)
	}
	s := got.Submission
	if !got.Created {
		fmt.Fprintf(e.stdout, "该文件已于%s接收(%s %s),未变更\n", s.ReceivedAt, s.Region, s.Month)
		return nil
	}
	fmt.Fprintf(e.stdout, "已接收 %s %s %s月统计上报(报送人 %s,导出于 %s,%d 行,摘要 %s)\n", s.Region, s.RegionName, s.Month, s.Sender, s.Created, s.Rows, s.Digest[:16])
	fmt.Fprintf(e.stdout, "所含内容:%s\n", carries(s))
	return nil
}

// carries says what a submission carries besides the counters.
func carries(s *shebao.StatsSubmission) string {
	out := "统计计数"
	if s.FiguresAsOf != "" {
		out += fmt.Sprintf(";截至%s:基金%d个、被征地农民批次%d个、参保单位%d个", s.FiguresAsOf, s.Funds, s.LandBatches, s.Employers)
	}
	if len(s.Includes) > 0 {
		out += ";汇总下级上报:" + strings.Join(s.Includes, "、")
	}
	if len(s.Lacks) > 0 {
		out += ";旧格式(" + s.Format + "),缺少" + strings.Join(s.Lacks, "、")
	}
	return out
}

// runReportSubmissions lists the submissions received.
func runReportSubmissions(ctx context.Context, e *env, args []string) error {
	f := newFlags("report submissions", e)
	region := f.String("region", "", "区划代码")
	month := f.String("month", "", "月份 YYYY-MM")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: &exitError{code: 2, msg: "用法: shebao " + usageReportSubmissions}, ok: nargs(0)})
	if err != nil {
		return err
	}
	defer sys.Close()
	subs, err := sys.Report.Submissions(ctx, *region, *month)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, subs)
	}
	for _, s := range subs {
		state := "有效"
		if s.SupersededBy != "" {
			state = "已于" + s.SupersededAt + "被替换"
		}
		fmt.Fprintf(e.stdout, "%s %s %s 报送人 %s 导出于 %s 接收于 %s(%s)%s 摘要 %s 所含内容:%s\n", s.Region, s.RegionName, s.Month, s.Sender, s.Created, s.ReceivedAt, s.ReceivedBy, state, s.Digest[:16], carries(&s))
	}
	return nil
}
