package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/pdfdoc"
)

// OfficeEnv names the environment variable that gives the issuing office
// printed on certificates (default: the person's district's
// 社会保险事业管理局).
const OfficeEnv = "SHEBAO_OFFICE"

const usageCertificate = "certificate enrollment|record ID_NO --out FILE.pdf [--font FILE.ttf] [--office 出具机构] [--as USER] [--json] | certificate verify CODE [--json]   参保缴费证明、个人权益记录单(PDF,带验证码)"

// runCertificate issues a person's certificate as PDF, or verifies a
// certificate's code.
func runCertificate(ctx context.Context, e *env, args []string) error {
	f := newFlags("certificate", e)
	out := f.String("out", "", "PDF 文件")
	font := f.String("font", "", "TrueType 中文字体文件(默认 $"+pdfdoc.FontEnv+" 或 fonts-wqy-microhei)")
	office := f.String("office", "", "出具机构(默认 $"+OfficeEnv+" 或参保人所在区县的社会保险事业管理局)")
	as := f.String("as", "", "以该用户的身份出具")
	usage := &exitError{code: 2, msg: "用法: shebao " + usageCertificate}
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: usage,
		ok: func(pos []string) bool {
			if len(pos) != 2 {
				return false
			}
			_, kind := shebao.CertificateKinds[pos[0]]
			return pos[0] == "verify" || (kind && *out != "")
		},
		as: as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	if pos[0] == "verify" {
		chk, err := sys.Certificate.Verify(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, chk)
		}
		fmt.Fprintf(e.stdout, "验证码%s有效:%s于%s出具的%s\n", pdfdoc.FormatCode(chk.Code), chk.Office, chk.IssuedAt.Local().Format("2006-01-02 15:04"), chk.KindName)
		fmt.Fprintf(e.stdout, "参保人:%s(%s)\n%s\n内容摘要(SHA-256):%s\n", chk.Name, chk.IDNo, chk.Summary, chk.Digest)
		return nil
	}
	// The font first: a missing font is said before anything is issued.
	path, err := pdfdoc.FindFont(*font)
	if err != nil {
		return err
	}
	if *office != "" {
		sys.Certificate.Office = *office
	}
	c, err := sys.Certificate.Issue(ctx, pos[0], pos[1])
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".certificate-*.pdf")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := pdfdoc.Certificate(tmp, c, pdfdoc.Options{Font: path}); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, map[string]any{"file": *out, "code": c.Code, "kind": c.Kind, "office": c.Office, "summary": c.Summary, "digest": c.Digest})
	}
	fmt.Fprintf(e.stdout, "已出具%s:%s,验证码 %s\n%s\n", c.KindName, *out, pdfdoc.FormatCode(c.Code), c.Summary)
	return nil
}
