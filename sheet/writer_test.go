package sheet

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

// exportHeader and exportRows are written and read back by the round-trip
// tests: IDs with X, 18-digit and 20-digit numeric-looking strings, leading
// zeros, E-notation-looking text, a formula-looking text, spaces, empties.
var (
	exportHeader = []string{"姓名", "身份证号", "银行账号", "备注"}
	exportRows   = [][]string{
		{"张三", "11010519491231002X", "6222021234567890123", "0012"},
		{"李四", "110105194912310021", "12345678901234567890", ""},
		{"王五", "110105194912310000", "1.5E+3", "=SUM(A1:A2)"},
		{"赵六", "", "", " 前后有空格 "},
		{"", "440106201001010019", "0000000000000000", "换\n行"},
		{"<&>\"'", "１１０１０５", "-0012", "\t制表符"},
	}
	exportFields = []Field{
		{Key: "name", Aliases: []string{"姓名"}},
		{Key: "id_no", Aliases: []string{"身份证号"}, Required: true},
		{Key: "acct", Aliases: []string{"银行账号"}},
	}
)

// writeExport writes exportRows to path.
func writeExport(t *testing.T, path string) {
	t.Helper()
	w, err := Create(path, exportHeader)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range exportRows {
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestWriterRoundTrip(t *testing.T) {
	for _, ext := range []string{".xlsx", ".csv"} {
		t.Run(ext, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "导出"+ext)
			writeExport(t, path)
			r, rows := readAll(t, path, exportFields)
			if got := r.Header(); !reflect.DeepEqual(got, exportHeader) {
				t.Errorf("Header() = %q, want %q", got, exportHeader)
			}
			if len(rows) != len(exportRows) {
				t.Fatalf("read %d rows, wrote %d", len(rows), len(exportRows))
			}
			for i, row := range rows {
				if !reflect.DeepEqual(row.Raw, exportRows[i]) {
					t.Errorf("row %d: Raw = %q, want %q", i+2, row.Raw, exportRows[i])
				}
				if row.Num != i+2 {
					t.Errorf("row %d: Num = %d", i+2, row.Num)
				}
				if row.LostDigits != nil || row.PrecisionLost("id_no") {
					t.Errorf("row %d: text IDs reported as lost digits: %q", i+2, row.LostDigits)
				}
			}
			// excelize's StreamWriter leaves the dimension at "A1", so the
			// xlsx total is unknown (Excel and WPS write the real one).
			done, total := r.Progress()
			if ext == ".xlsx" {
				if done != int64(len(exportRows)+1) || total != 0 {
					t.Errorf("Progress() at end = %d/%d, want %d/0", done, total, len(exportRows)+1)
				}
			} else if total == 0 || done != total {
				t.Errorf("Progress() at end = %d/%d, want done == total > 0", done, total)
			}
			// No temporary files are left next to the output.
			entries, err := os.ReadDir(filepath.Dir(path))
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 {
				t.Errorf("folder holds %d files, want only the export", len(entries))
			}
		})
	}
}

func TestWriterXLSXCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "导出.xlsx")
	writeExport(t, path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Sheet1"}) {
		t.Errorf("sheets = %q", got)
	}
	// Every non-empty cell is a string cell, so Excel shows all digits.
	for r, row := range append([][]string{exportHeader}, exportRows...) {
		for c, want := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if want == "" {
				continue
			}
			typ, err := f.GetCellType("Sheet1", ref)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeInlineString {
				t.Errorf("%s (%q): cell type %v, want inline string", ref, want, typ)
			}
		}
	}
	// Header bold, all cells in the text number format.
	for _, tt := range []struct {
		ref  string
		bold bool
	}{{"A1", true}, {"B1", true}, {"B2", false}, {"C3", false}, {"D5", false}} {
		id, err := f.GetCellStyle("Sheet1", tt.ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		bold := st.Font != nil && st.Font.Bold
		if bold != tt.bold || st.NumFmt != textNumFmt {
			t.Errorf("%s: bold=%v numFmt=%d, want bold=%v numFmt=%d", tt.ref, bold, st.NumFmt, tt.bold, textNumFmt)
		}
	}
}

func TestWriterCSVBOM(t *testing.T) {
	path := filepath.Join(t.TempDir(), "导出.csv")
	w, err := Create(path, []string{"姓名", "身份证号"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]string{"张三", "11010519491231002X"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte("\uFEFF姓名,身份证号\r\n张三,11010519491231002X\r\n")
	if !bytes.Equal(data, want) {
		t.Errorf("file = %q, want %q", data, want)
	}
}

func TestWriterErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Create(filepath.Join(dir, "a.xls"), nil); err == nil {
		t.Error("Create .xls: no error")
	}
	if _, err := Create(filepath.Join(dir, "no", "such", "a.xlsx"), nil); err == nil {
		t.Error("Create in missing folder: no error")
	}
	w, err := Create(filepath.Join(dir, "a.csv"), []string{"甲"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]string{"x"}); err == nil {
		t.Error("Write after Close: no error")
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestWriterCSVInjection: a cell a spreadsheet would run as a formula is
// written with a quote in front (OWASP's CSV injection guidance); amounts,
// negative ones included, stay plain numbers; reading the file back gives
// the cells as they were.
func TestWriterCSVInjection(t *testing.T) {
	cells := []string{"=1+2", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A3)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\",\"点击\")",
		"-12.50", "12.50", "-0.01", "+5", "-", "-1.", "62220212345678901", "张三", "a=b", ""}
	want := []string{"'=1+2", "'+1+1", "'-2+3+cmd|' /C calc'!A0", "'@SUM(A1:A3)", "'\t=1", "'\r=1", "'=HYPERLINK(\"http://x\",\"点击\")",
		"-12.50", "12.50", "-0.01", "+5", "'-", "'-1.", "62220212345678901", "张三", "a=b", ""}
	for i, c := range cells {
		if got := CSVCell(c); got != want[i] {
			t.Errorf("CSVCell(%q) = %q, want %q", c, got, want[i])
		}
	}
	path := filepath.Join(t.TempDir(), "导出.csv")
	w, err := Create(path, []string{"姓名", "收款账号", "金额(元)"})
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"=1+2", "@cmd", "-12.50"}, {"+张三", "-1+1", "100.00"}}
	for _, r := range rows {
		w.Write(r)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(data), "\uFEFF姓名,收款账号,金额(元)\r\n'=1+2,'@cmd,-12.50\r\n'+张三,'-1+1,100.00\r\n"; got != want {
		t.Errorf("file = %q, want %q", got, want)
	}
	_, back := readAll(t, path, []Field{{Key: "name", Aliases: []string{"姓名"}}})
	for i, r := range back {
		if !reflect.DeepEqual(r.Raw, rows[i]) {
			t.Errorf("read back %q, want %q", r.Raw, rows[i])
		}
	}
}
