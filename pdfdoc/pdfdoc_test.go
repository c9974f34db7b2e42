package pdfdoc

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
)

// tools returns the font and checks pdftoppm and pdftotext (poppler-utils)
// are there; without them the test is skipped with a loud notice, except
// under CI=true, where it fails (.ci/run installs fonts-wqy-microhei and
// poppler-utils), as scripts/test does for Chromium.
func tools(t *testing.T) string {
	t.Helper()
	miss := func(what string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: under CI the PDF tests must run (apt-get install fonts-wqy-microhei poppler-utils)", what)
		}
		t.Logf("\n##########\n#  NOTICE: %s — the PDF rendering test is SKIPPED.\n#  Install: apt-get install fonts-wqy-microhei poppler-utils\n##########", what)
		t.Skip(what)
	}
	font, err := FindFont("")
	if err != nil {
		miss("no Chinese TrueType font")
	}
	for _, tool := range []string{"pdftoppm", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			miss(tool + " not found")
		}
	}
	return font
}

func sample() *shebao.Certificate { return sampleOf("马喆堃", "640106198001020935") }

func sampleOf(name, id string) *shebao.Certificate {
	return &shebao.Certificate{
		Code: "ABCDEFGHJKLMNPQR", Kind: shebao.CertEnrollment, KindName: "参保缴费证明", IDNo: id, Name: name,
		Office: "金凤区社会保险事业管理局", AsOf: "2026-12-06", IssuedAt: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC),
		Digest: strings.Repeat("ab", 32),
		Sections: []shebao.CertSection{
			{Title: "参保人", Notes: []string{"姓名:" + name + "    性别:男    出生日期:1980-01-02", "公民身份号码:" + id}},
			{Title: "参保情况", Head: []string{"险种", "参保状态", "参保日期", "终止日期", "参保单位"},
				Rows: [][]string{{"企业职工基本养老保险", "参保缴费", "2025-01-01", "—", "银川证明测试有限公司"}}},
		},
	}
}

// The certificate renders its Chinese from the embedded font alone:
// pdftoppm (which uses the font in the file, not the machine's) draws ink
// in the title's band and in the table's, and pdftotext reads back the
// title, the rare characters of the name (喆, 堃), the office and the code.
func TestCertificateRenders(t *testing.T) {
	font := tools(t)
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := Certificate(&buf, sample(), Options{Font: font}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("/FontFile2")) {
		t.Error("no embedded TrueType font (/FontFile2) in the PDF")
	}
	pdf := filepath.Join(dir, "c.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	text := string(out)
	for _, want := range []string{"参保缴费证明", "马喆堃", "金凤区社会保险事业管理局", "ABCD-EFGH-JKLM-NPQR", "企业职工基本养老保险", "银川证明测试有限公司", "特此证明"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	// 72 dpi: A4 is 595 × 842 pixels, 1 mm ≈ 2.83 pixels.
	if out, err := exec.Command("pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", pdf, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	if len(pngs) != 1 {
		t.Fatalf("pages rendered: %v", pngs)
	}
	f, err := os.Open(pngs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	ink := func(r image.Rectangle) int {
		n := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				cr, cg, cb, _ := img.At(x, y).RGBA()
				if (cr+cg+cb)/3 < 0x6000 {
					n++
				}
			}
		}
		return n
	}
	// The title (20 pt, centred, 18–30 mm from the top) and the page's
	// left and right margins (0–15 mm), which must stay blank.
	title := image.Rect(200, 51, 395, 85)
	if n := ink(title); n < 300 {
		t.Errorf("title band: %d dark pixels, want the glyphs of 参保缴费证明 (≥ 300)", n)
	}
	if n := ink(image.Rect(0, 0, 40, 842)); n != 0 {
		t.Errorf("left margin: %d dark pixels", n)
	}
	// The body below the title, where the sections are: text drawn.
	if n := ink(image.Rect(51, 100, 544, 300)); n < 1000 {
		t.Errorf("body: %d dark pixels", n)
	}
}

// render writes c as PDF and renders its first page at 72 dpi.
func render(t *testing.T, font string, c *shebao.Certificate) image.Image {
	t.Helper()
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := Certificate(&buf, c, Options{Font: font}); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "c.pdf")
	os.WriteFile(pdf, buf.Bytes(), 0o644)
	if out, err := exec.Command("pdftoppm", "-r", "72", "-png", "-singlefile", pdf, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// The font draws each character as itself, digits and Latin letters as
// well as Chinese: two certificates that differ only in the digits of the
// ID number render differently, and so do two that differ only in the
// Chinese name. A font without the glyphs draws them all as the same empty
// box (DroidSansFallbackFull.ttf does so for every digit), and the pages
// come out alike.
func TestGlyphsDistinct(t *testing.T) {
	font := tools(t)
	same := func(a, b image.Image) bool {
		for y := 0; y < a.Bounds().Dy(); y++ {
			for x := 0; x < a.Bounds().Dx(); x++ {
				if a.At(x, y) != b.At(x, y) {
					return false
				}
			}
		}
		return true
	}
	if same(render(t, font, sampleOf("马喆堃", "640106198001020935")), render(t, font, sampleOf("马喆堃", "640106197705118812"))) {
		t.Error("two ID numbers render alike: the font lacks the digits")
	}
	if same(render(t, font, sampleOf("马喆堃", "640106198001020935")), render(t, font, sampleOf("王建军", "640106198001020935"))) {
		t.Error("two names render alike: the font lacks the Chinese characters")
	}
}

// Without a font the answer says in Chinese what to install or set; an
// OpenType font and a broken collection are refused with the reason.
func TestFindFont(t *testing.T) {
	if _, err := FindFont(filepath.Join(t.TempDir(), "none.ttf")); err == nil || !strings.Contains(err.Error(), "找不到中文字体文件") || !isField(err, "字体") {
		t.Errorf("missing file: %v", err)
	}
	otf := filepath.Join(t.TempDir(), "x.otf")
	os.WriteFile(otf, []byte("OTTO"), 0o644)
	if _, err := FindFont(otf); err == nil || !strings.Contains(err.Error(), "无法嵌入") {
		t.Errorf("otf: %v", err)
	}
	ttc := filepath.Join(t.TempDir(), "x.ttc")
	os.WriteFile(ttc, []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\xff\xff"), 0o644)
	var buf0 bytes.Buffer
	if err := Certificate(&buf0, sample(), Options{Font: ttc}); err == nil || !strings.Contains(err.Error(), "字体集合已损坏") {
		t.Errorf("broken ttc: %v", err)
	}
	old := DefaultFonts
	DefaultFonts = []string{filepath.Join(t.TempDir(), "none.ttf")}
	defer func() { DefaultFonts = old }()
	t.Setenv(FontEnv, "")
	if _, err := FindFont(""); err == nil || !strings.Contains(err.Error(), "apt-get install fonts-wqy-microhei") {
		t.Errorf("no font: %v", err)
	}
	var buf bytes.Buffer
	if err := Certificate(&buf, sample(), Options{Font: filepath.Join(t.TempDir(), "none.ttf")}); err == nil || !strings.Contains(err.Error(), "无法读取字体文件") {
		t.Errorf("unreadable font: %v", err)
	}
}

func isField(err error, field string) bool {
	var e *shebao.Error
	return errors.As(err, &e) && e.Field == field
}

// A long paragraph without spaces is wrapped without losing a character:
// pdftotext reads back every character of it (fpdf's MultiCell lost the
// one at each break: 其中在职参保人数 came out as 其中在职参 / 人数), in the
// work report and in a certificate's notes.
func TestWrapKeepsEveryCharacter(t *testing.T) {
	font := tools(t)
	para := strings.Repeat("城镇职工基本养老保险参保17404人,其中在职参保人数16181人,退休领取养老金待遇人员1223人,", 4) + "企业养老保险基金抗风险支付能力达74.64个月。"
	text := func(pdf []byte) string {
		f := filepath.Join(t.TempDir(), "x.pdf")
		os.WriteFile(f, pdf, 0o644)
		out, err := exec.Command("pdftotext", f, "-").CombinedOutput()
		if err != nil {
			t.Fatalf("pdftotext: %v %s", err, out)
		}
		return strings.NewReplacer("\n", "", " ", "", "\f", "").Replace(string(out))
	}
	var buf bytes.Buffer
	d := &Document{Title: "一、城乡社保情况", Subtitle: "金凤区", Paragraphs: []string{para, para}}
	if err := d.Write(&buf, Options{Font: font}); err != nil {
		t.Fatal(err)
	}
	if got := text(buf.Bytes()); strings.Count(got, para) != 2 {
		t.Errorf("the paragraph lost characters:\n%s\nwant twice:\n%s", got, para)
	}
	c := sample()
	c.Sections[1].Notes = []string{para}
	buf.Reset()
	if err := Certificate(&buf, c, Options{Font: font}); err != nil {
		t.Fatal(err)
	}
	if got := text(buf.Bytes()); !strings.Contains(got, para) {
		t.Errorf("the certificate's note lost characters:\n%s", got)
	}
}
