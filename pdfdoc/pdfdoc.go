// Package pdfdoc writes shebao's documents as PDF — a person's
// certificates (参保缴费证明, 个人权益记录单) — with a Chinese TrueType font
// embedded, so that they render on a machine without Chinese fonts. It is
// a leaf like sheet: it formats what the services computed and calls
// nothing of ours but the root.
//
// The font is read at run time from a file: the path given (the CLI's
// --font, the environment's SHEBAO_FONT), else the first of DefaultFonts
// that exists. It must have TrueType outlines and cover Latin letters and
// digits as well as Chinese (a CJK-only fallback font such as
// DroidSansFallbackFull.ttf draws every digit as an empty box). fpdf reads
// single .ttf fonts; of a .ttc collection the first face is taken out.
// Debian's fonts-wqy-microhei (文泉驿微米黑, Apache-2.0 or GPL-3+ with the
// font exception: either allows embedding it in a document) is the font
// shebao is tested with.
package pdfdoc

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/shebao/shebao"
)

// DefaultFonts are where the font is looked for when no path is given:
// Debian's fonts-wqy-microhei, then fonts-wqy-zenhei and
// fonts-arphic-gbsn00lp.
var DefaultFonts = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
}

// FontEnv names the environment variable that gives the font's path.
const FontEnv = "SHEBAO_FONT"

// FindFont returns the font file to use: path if given, else $SHEBAO_FONT,
// else the first of DefaultFonts present; a Chinese error says what to
// install or set when there is none.
func FindFont(path string) (string, error) {
	if path == "" {
		path = os.Getenv(FontEnv)
	}
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", shebao.FieldErrorf("字体", "找不到中文字体文件%s:请指定一个 TrueType(.ttf/.ttc)中文字体(--font 或环境变量 %s)", path, FontEnv)
		}
		if strings.HasSuffix(strings.ToLower(path), ".otf") {
			return "", shebao.FieldErrorf("字体", "字体文件%s是 OpenType(CFF)字体,无法嵌入 PDF:请改用 TrueType(.ttf 或 .ttc)中文字体,如 fonts-wqy-microhei", path)
		}
		return path, nil
	}
	for _, p := range DefaultFonts {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", shebao.FieldErrorf("字体", "找不到中文字体:请安装 fonts-wqy-microhei(apt-get install fonts-wqy-microhei),或用 --font / 环境变量 %s 指定一个 TrueType(.ttf/.ttc)中文字体", FontEnv)
}

// Options of a document.
type Options struct {
	// Font is the path of the TrueType font (FindFont's answer).
	Font string
	// VerifyHint tells the reader how to check the code (e.g. the address
	// of the verification page).
	VerifyHint string
}

const (
	pageW, margin = 210.0, 18.0
	bodyW         = pageW - 2*margin
)

// Certificate writes c as an A4 PDF to w.
func Certificate(w io.Writer, c *shebao.Certificate, o Options) error {
	font, err := os.ReadFile(o.Font)
	if err != nil {
		return shebao.FieldErrorf("字体", "无法读取字体文件%s: %v", o.Font, err)
	}
	if font, err = ttcFace(font, 0); err != nil {
		return shebao.FieldErrorf("字体", "字体文件%s: %v", o.Font, err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetTitle(c.KindName, true)
	p.SetAuthor(c.Office, true)
	p.SetCreator("shebao", false)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin+8)
	p.AddUTF8FontFromBytes("cn", "", font)
	if err := p.Error(); err != nil {
		return shebao.FieldErrorf("字体", "字体文件%s无法使用(须为含 TrueType 轮廓的 .ttf/.ttc): %v", o.Font, err)
	}
	code := FormatCode(c.Code)
	p.SetFooterFunc(func() {
		p.SetY(-margin - 2)
		p.SetFont("cn", "", 8)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(bodyW, 5, fmt.Sprintf("验证码 %s    第%d页", code, p.PageNo()), "", 0, "C", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.AddPage()
	p.SetFont("cn", "", 20)
	p.CellFormat(bodyW, 12, c.KindName, "", 1, "C", false, 0, "")
	p.SetFont("cn", "", 9)
	p.CellFormat(bodyW, 6, fmt.Sprintf("出具机构:%s    出具日期:%s    数据截至:%s", c.Office, c.IssuedAt.Local().Format("2006-01-02"), c.AsOf), "", 1, "C", false, 0, "")
	p.Ln(3)
	for _, sec := range c.Sections {
		p.SetFont("cn", "", 12)
		p.SetFillColor(230, 236, 245)
		p.CellFormat(bodyW, 8, sec.Title, "", 1, "L", true, 0, "")
		p.Ln(1)
		if len(sec.Head) > 0 {
			table(p, sec.Head, sec.Rows)
		}
		p.SetFont("cn", "", 10)
		for _, n := range sec.Notes {
			lines(p, bodyW, 6, n, "L")
		}
		p.Ln(3)
	}
	p.SetFont("cn", "", 10)
	lines(p, bodyW, 6, "特此证明。本证明所列数据来自本机构社会保险信息系统,截至上列日期。", "L")
	p.Ln(4)
	p.SetFont("cn", "", 11)
	p.CellFormat(bodyW, 7, c.Office+"(盖章)", "", 1, "R", false, 0, "")
	p.CellFormat(bodyW, 7, c.IssuedAt.Local().Format("2006年1月2日"), "", 1, "R", false, 0, "")
	p.Ln(4)
	p.SetFont("cn", "", 9)
	hint := "凭验证码可向出具机构核验本证明的真伪及内容:shebao certificate verify " + code
	if o.VerifyHint != "" {
		hint = o.VerifyHint
	}
	// A box around the verification lines.
	y0 := p.GetY()
	p.SetX(margin + 2)
	lines(p, bodyW-4, 5, fmt.Sprintf("验证码:%s\n%s\n内容摘要(SHA-256):%s", code, hint, c.Digest), "L")
	p.Rect(margin, y0-1, bodyW, p.GetY()-y0+2, "D")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// table writes a table with its header, the columns as wide as their
// longest cell allows, rows wrapped onto new pages with the header again.
func table(p *fpdf.Fpdf, head []string, rows [][]string) {
	p.SetFont("cn", "", 9)
	widths := make([]float64, len(head))
	var total float64
	for i, h := range head {
		widths[i] = p.GetStringWidth(h) + 4
		for _, r := range rows {
			if i < len(r) {
				widths[i] = max(widths[i], p.GetStringWidth(r[i])+4)
			}
		}
		total += widths[i]
	}
	for i := range widths {
		widths[i] *= bodyW / total
	}
	header := func() {
		p.SetFillColor(245, 245, 245)
		for i, h := range head {
			p.CellFormat(widths[i], 7, h, "1", 0, "C", true, 0, "")
		}
		p.Ln(-1)
	}
	header()
	_, pageH := p.GetPageSize()
	for _, r := range rows {
		if p.GetY()+7 > pageH-margin-8 {
			p.AddPage()
			header()
		}
		for i := range head {
			cell := ""
			if i < len(r) {
				cell = r[i]
			}
			// A cell wider than its column is cut with an ellipsis rather
			// than run into the next.
			for p.GetStringWidth(cell) > widths[i]-2 && len([]rune(cell)) > 1 {
				rs := []rune(cell)
				cell = string(rs[:len(rs)-2]) + "…"
			}
			p.CellFormat(widths[i], 7, cell, "1", 0, "L", false, 0, "")
		}
		p.Ln(-1)
	}
}

// FormatCode prints a code in groups of four.
func FormatCode(code string) string {
	var parts []string
	for i := 0; i < len(code); i += 4 {
		parts = append(parts, code[i:min(i+4, len(code))])
	}
	return strings.Join(parts, "-")
}

// Document is a text document of paragraphs under a title: the work
// report's section (report summary --format pdf).
type Document struct {
	Title    string
	Subtitle string // under the title, smaller (region and date)
	// Paragraphs are written in order, each indented by two characters
	// as Chinese prose is.
	Paragraphs []string
}

// Write writes d as an A4 PDF to w with the font of o.
func (d *Document) Write(w io.Writer, o Options) error {
	font, err := os.ReadFile(o.Font)
	if err != nil {
		return shebao.FieldErrorf("字体", "无法读取字体文件%s: %v", o.Font, err)
	}
	if font, err = ttcFace(font, 0); err != nil {
		return shebao.FieldErrorf("字体", "字体文件%s: %v", o.Font, err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetTitle(d.Title, true)
	p.SetCreator("shebao", false)
	p.SetMargins(25, 25, 25)
	p.SetAutoPageBreak(true, 25)
	p.AddUTF8FontFromBytes("cn", "", font)
	if err := p.Error(); err != nil {
		return shebao.FieldErrorf("字体", "字体文件%s无法使用(须为含 TrueType 轮廓的 .ttf/.ttc): %v", o.Font, err)
	}
	const width = pageW - 50
	p.SetFooterFunc(func() {
		p.SetY(-18)
		p.SetFont("cn", "", 8)
		p.CellFormat(width, 5, fmt.Sprintf("第%d页", p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	p.SetFont("cn", "", 18)
	lines(p, width, 10, d.Title, "C")
	if d.Subtitle != "" {
		p.SetFont("cn", "", 10)
		lines(p, width, 6, d.Subtitle, "C")
	}
	p.Ln(4)
	p.SetFont("cn", "", 12)
	for _, para := range d.Paragraphs {
		lines(p, width, 7.5, "\u3000\u3000"+para, "L")
		p.Ln(2)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// lines writes text from the current position in lines of at most width,
// each h high, aligned by align ("L", "C"), breaking at "\n" and wherever
// the next character would not fit (Chinese has no spaces to break at).
// fpdf's MultiCell lost the character at each such break of a UTF-8 text
// (其中在职参保人数 wrapped as 其中在职参 / 人数).
func lines(p *fpdf.Fpdf, width, h float64, text, align string) {
	x := p.GetX()
	for _, para := range strings.Split(text, "\n") {
		for _, l := range wrap(p, para, width) {
			p.SetX(x)
			p.CellFormat(width, h, l, "", 1, align, false, 0, "")
		}
	}
}

// wrap splits a paragraph into lines no wider than width in the current
// font; an empty paragraph is one empty line.
func wrap(p *fpdf.Fpdf, para string, width float64) []string {
	var out []string
	var line []rune
	for _, r := range para {
		if len(line) > 0 && p.GetStringWidth(string(append(line, r))) > width {
			out = append(out, string(line))
			line = line[:0]
		}
		line = append(line, r)
	}
	return append(out, string(line))
}
