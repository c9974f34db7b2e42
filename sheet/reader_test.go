package sheet

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// rosterFields is what a 参保花名册 importer asks for. "phone" is absent
// from the test files.
var rosterFields = []Field{
	{Key: "name", Aliases: []string{"姓名"}, Required: true},
	{Key: "id_no", Aliases: []string{"公民身份号码", "身份证号", "身份证号码", "证件号码"}, Required: true, Label: "身份证号"},
	{Key: "start", Aliases: []string{"参保日期", "参保时间"}},
	{Key: "base", Aliases: []string{"缴费基数", "工资"}},
	{Key: "month", Aliases: []string{"缴费年月", "费款所属期"}},
	{Key: "phone", Aliases: []string{"联系电话"}},
}

// rosterHeader is the header row as a clerk typed it: required-markers,
// full-width parentheses and colon, stray spaces, plus 序号 and 备注 columns
// that no field wants.
var rosterHeader = []string{"序号", "＊姓名", "公民身份号码（必填）", " 参保日期 ", "工资（元）", "缴费年月：", "备注"}

// wantRoster is what every form of the roster file must read as. Row 5 is
// empty and skipped; the title is row 1 and the header row 2.
var wantRoster = []Row{
	{Num: 3,
		Values: map[string]string{"name": "张三", "id_no": "11010519491231002X", "start": "2024/1/1", "base": "3,500.50", "month": "2024年3月"},
		Raw:    []string{"1", "张三", "11010519491231002X", "2024/1/1", "3,500.50", "2024年3月", ""}},
	{Num: 4,
		Values: map[string]string{"name": "李四", "id_no": "110105194912310000", "start": "45293", "base": "3500", "month": "202403"},
		Raw:    []string{"2", "李四", "110105194912310000", "45293", "3500", "202403", "身份证存成了数字"}},
	{Num: 6,
		Values: map[string]string{"name": "王五", "id_no": "1.23456789012346E+17", "start": "2024-01-03", "base": "4000", "month": "2024-03"},
		Raw:    []string{"3", "王五", "1.23456789012346E+17", "2024-01-03", "4000", "2024-03", ""}},
	{Num: 7,
		Values: map[string]string{"name": "赵六", "id_no": "110105194912310021", "start": "2024年1月4日", "base": "¥4,000.00", "month": "2024.03"},
		Raw:    []string{"4", "赵六\u00a0", "110105194912310021", "2024年1月4日", "¥4,000.00", "2024.03", ""}},
}

// makeRosterXLSX writes the roster as a clerk's workbook: a merged title row,
// an ID stored as text, IDs stored as numbers, a date cell (serial with the
// short-date format), a bare date serial, a formatted amount and an empty row.
func makeRosterXLSX(t testing.TB) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Sheet1"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue(sh, "A1", "某某村参保花名册"))
	must(f.MergeCell(sh, "A1", "G1"))
	must(f.SetSheetRow(sh, "A2", &rosterHeader))
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	moneyStyle, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	must(err)

	must(f.SetSheetRow(sh, "A3", &[]any{1, "张三", "11010519491231002X", 45292, 3500.5, "2024年3月"}))
	must(f.SetCellStyle(sh, "D3", "D3", dateStyle))
	must(f.SetCellStyle(sh, "E3", "E3", moneyStyle))

	// 李四's ID was typed without text format: Excel keeps 15 digits and
	// stores 1.1010519491231E+17; the clerk then gave the column the "0"
	// number format to see all digits, so it shows as 110105194912310000.
	must(f.SetSheetRow(sh, "A4", &[]any{2, "李四", nil, 45293, "3500", 202403, "身份证存成了数字"}))
	must(f.SetCellDefault(sh, "C4", "1.1010519491231E+17")) // as Excel stores it
	intStyle, err := f.NewStyle(&excelize.Style{NumFmt: 1}) // 0
	must(err)
	must(f.SetCellStyle(sh, "C4", "C4", intStyle))

	// Row 5 stays empty. 王五's ID is a number whose digits show in E-notation.
	must(f.SetSheetRow(sh, "A6", &[]any{3, "王五", int64(123456789012345678), "2024-01-03", 4000, "2024-03"}))

	must(f.SetSheetRow(sh, "A7", &[]any{4, "赵六\u00a0", "110105194912310021", "2024年1月4日", "¥4,000.00", "2024.03"}))

	// Excel records the used range; excelize does not by itself.
	must(f.SetSheetDimension(sh, "A1:G7"))

	// A hidden sheet placed before the roster must not be read, and neither
	// may a visible one after it.
	for _, name := range []string{"隐藏", "说明"} {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		must(f.SetCellValue(name, "A1", "姓名"))
		must(f.SetCellValue(name, "B1", "身份证号"))
		must(f.SetCellValue(name, "A2", "不该读到"))
	}
	must(f.MoveSheet("隐藏", sh))
	must(f.SetSheetVisible("隐藏", false))
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"隐藏", sh, "说明"}) {
		t.Fatalf("sheet order %q", got)
	}
	path := filepath.Join(t.TempDir(), "花名册.xlsx")
	must(f.SaveAs(path))
	return path
}

// rosterCSV is the same roster as Excel saves it to CSV (the lost-digit ID as
// Excel shows it with the "0" format), with the empty row either as Excel
// writes it (",,,,,,") or as a blank line.
func rosterCSV(blankLine bool) string {
	empty := ",,,,,,\r\n"
	if blankLine {
		empty = "\r\n"
	}
	return "某某村参保花名册,,,,,,\r\n" +
		"序号,＊姓名,公民身份号码（必填）, 参保日期 ,工资（元）,缴费年月：,备注\r\n" +
		"1,张三,11010519491231002X,2024/1/1,\"3,500.50\",2024年3月,\r\n" +
		"2,李四,110105194912310000,45293,3500,202403,身份证存成了数字\r\n" +
		empty +
		"3,王五,1.23456789012346E+17,2024-01-03,4000,2024-03,\r\n" +
		"4,赵六\u00a0,110105194912310021,2024年1月4日,\"¥4,000.00\",2024.03,\r\n"
}

// writeFile writes data to a file in dir.
func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// gb18030 encodes s.
func gb18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readAll opens path and returns header, unknown cells and all rows.
func readAll(t testing.TB, path string, fields []Field) (*Reader, []Row) {
	t.Helper()
	r, err := Open(path, fields)
	if err != nil {
		t.Fatalf("Open(%s): %v", filepath.Base(path), err)
	}
	defer r.Close()
	rows, err := drain(r)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return r, rows
}

// drain reads rows until io.EOF.
func drain(r *Reader) ([]Row, error) {
	var rows []Row
	for {
		row, err := r.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
}

func TestReadRoster(t *testing.T) {
	dir := t.TempDir()
	// Excel's "Unicode 文本" export: UTF-16LE with BOM, tab-separated.
	tsv := strings.ReplaceAll(rosterCSV(false), ",", "\t")
	tsv = strings.NewReplacer("\"3\t500.50\"", "3,500.50", "\"¥4\t000.00\"", "¥4,000.00").Replace(tsv)
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(tsv)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
	}{
		{"xlsx", makeRosterXLSX(t)},
		{"utf8-bom", writeFile(t, dir, "bom.csv", append([]byte("\uFEFF"), rosterCSV(false)...))},
		{"utf8", writeFile(t, dir, "plain.csv", []byte(rosterCSV(false)))},
		{"utf8-blank-line", writeFile(t, dir, "blank.csv", []byte(rosterCSV(true)))},
		{"gb18030", writeFile(t, dir, "gbk.csv", gb18030(t, rosterCSV(false)))},
		{"gb18030-blank-line", writeFile(t, dir, "gbk-blank.csv", gb18030(t, rosterCSV(true)))},
		{"utf16-tab-txt", writeFile(t, dir, "unicode.txt", []byte(utf16))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, rows := readAll(t, tt.path, rosterFields)
			if got, want := r.Header(), rosterHeader; !reflect.DeepEqual(got, want) {
				t.Errorf("Header() = %q, want %q", got, want)
			}
			if got, want := r.Unknown(), []string{"序号", "备注"}; !reflect.DeepEqual(got, want) {
				t.Errorf("Unknown() = %q, want %q", got, want)
			}
			if got, want := len(rows), len(wantRoster); got != want {
				t.Fatalf("got %d rows, want %d: %+v", got, want, rows)
			}
			for i, want := range wantRoster {
				got := rows[i]
				if got.Num != want.Num {
					t.Errorf("row %d: Num = %d, want %d", i, got.Num, want.Num)
				}
				if !reflect.DeepEqual(got.Values, want.Values) {
					t.Errorf("row %d: Values = %q, want %q", want.Num, got.Values, want.Values)
				}
				if !reflect.DeepEqual(got.Raw, want.Raw) {
					t.Errorf("row %d: Raw = %q, want %q", want.Num, got.Raw, want.Raw)
				}
				if _, ok := got.Values["phone"]; ok {
					t.Errorf("row %d: absent column phone has a value", want.Num)
				}
			}
			// The ID stored as a number: the xlsx reader knows the cell was a
			// number; in CSV nothing tells it apart from text.
			wantLost := []string(nil)
			if tt.name == "xlsx" {
				wantLost = []string{"id_no"}
			}
			if got := rows[1].LostDigits; !reflect.DeepEqual(got, wantLost) {
				t.Errorf("李四 LostDigits = %q, want %q", got, wantLost)
			}
			for i, want := range []bool{false, tt.name == "xlsx", true, false} {
				if got := rows[i].PrecisionLost("id_no"); got != want {
					t.Errorf("row %d: PrecisionLost(id_no) = %v, want %v", rows[i].Num, got, want)
				}
			}
			done, total := r.Progress()
			if total == 0 || done != total {
				t.Errorf("Progress() at end = %d/%d, want done == total > 0", done, total)
			}
		})
	}
}

func TestRosterValuesParse(t *testing.T) {
	_, rows := readAll(t, makeRosterXLSX(t), rosterFields)
	for _, row := range rows {
		if row.Num == 6 {
			continue // 王五: E-notation ID row, values are fine but irrelevant
		}
		if _, err := ParseDate(row.Values["start"]); err != nil {
			t.Errorf("row %d: ParseDate(%q): %v", row.Num, row.Values["start"], err)
		}
		if _, err := ParseYuan(row.Values["base"]); err != nil {
			t.Errorf("row %d: ParseYuan(%q): %v", row.Num, row.Values["base"], err)
		}
		if y, m, err := ParseMonth(row.Values["month"]); err != nil || y != 2024 || m != 3 {
			t.Errorf("row %d: ParseMonth(%q) = %d, %d, %v", row.Num, row.Values["month"], y, m, err)
		}
	}
}

func TestHeaderMatching(t *testing.T) {
	fields := []Field{
		{Key: "name", Aliases: []string{"姓名"}, Required: true},
		{Key: "id_no", Aliases: []string{"公民身份号码", "身份证号", "身份证号码", "证件号码"}, Required: true, Label: "身份证号"},
		{Key: "wage", Aliases: []string{"工资", "缴费工资(元)"}},
		{Key: "acct", Aliases: []string{"ID"}},
	}
	tests := []struct {
		name     string
		csv      string
		wantKeys map[string]string // key → value of the first data row
		wantNum  int
		unknown  []string
		wantErr  string
	}{
		{name: "plain", csv: "姓名,身份证号\n张三,1\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1"}, wantNum: 2},
		{name: "markers colons spaces", csv: "* 姓 名 ：,身份证号码*:,＊ＩＤ\n张三,1,a\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1", "acct": "a"}, wantNum: 2},
		{name: "full-width space and nbsp", csv: "\u3000姓名\u00a0,证件\u3000号码\n张三,1\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1"}, wantNum: 2},
		{name: "case-insensitive", csv: "姓名,身份证号,id\n张三,1,x\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1", "acct": "x"}, wantNum: 2},
		{name: "bracket suffix", csv: "姓名(必填),公民身份号码（必填）,工资【元】\n张三,1,3500\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1", "wage": "3500"}, wantNum: 2},
		{name: "marker inside bracket suffix", csv: "姓名*(必填),身份证号*（18位）,工资(元)(月)\n张三,1,3500\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1", "wage": "3500"}, wantNum: 2},
		{name: "alias with brackets matches exactly", csv: "姓名,身份证号,缴费工资（元）\n张三,1,3500\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1", "wage": "3500"}, wantNum: 2},
		{name: "title row", csv: "某某村参保花名册\n姓名,身份证号\n张三,1\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1"}, wantNum: 3},
		{name: "title and note rows", csv: "某某村参保花名册,,\n填报单位:某某村,,\n\n序号,姓名,身份证号\n1,张三,1\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1"}, wantNum: 5, unknown: []string{"序号"}},
		{name: "exact wins over bracket suffix", csv: "姓名,身份证号,身份证号(旧)\n张三,1,2\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1"}, wantNum: 2, unknown: []string{"身份证号(旧)"}},
		{name: "short row", csv: "姓名,身份证号,工资\n张三\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "", "wage": ""}, wantNum: 2},
		{name: "values trimmed", csv: "姓名,身份证号\n\u3000张三\u00a0, 1 \u200b\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1"}, wantNum: 2},
		{name: "tab separated", csv: "姓名\t身份证号\n张三\t1\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1"}, wantNum: 2},
		{name: "tab separated with comma in value", csv: "姓名\t身份证号\t工资\n张三\t1\t3,500\n",
			wantKeys: map[string]string{"name": "张三", "id_no": "1", "wage": "3,500"}, wantNum: 2},
		{name: "missing one", csv: "序号,姓名\n1,张三\n",
			wantErr: "缺少必填列:身份证号(可用列名:公民身份号码、身份证号、身份证号码、证件号码)"},
		{name: "missing all", csv: "序号,户主\n1,张三\n",
			wantErr: "缺少必填列:姓名(可用列名:姓名);身份证号(可用列名:公民身份号码、身份证号、身份证号码、证件号码)"},
		{name: "duplicate", csv: "姓名,身份证号,证件号码\n张三,1,1\n",
			wantErr: "表头“身份证号”(B列)和“证件号码”(C列)都对应身份证号,请只保留其中一列"},
		{name: "duplicate by suffix", csv: "姓名,工资(元),工资(月)\n张三,1,1\n",
			wantErr: "表头“工资(元)”(B列)和“工资(月)”(C列)都对应工资,请只保留其中一列;缺少必填列:身份证号(可用列名:公民身份号码、身份证号、身份证号码、证件号码)"},
		{name: "empty file", csv: "", wantErr: "文件中没有内容,找不到表头行"},
		{name: "only blank rows", csv: "\n,,,\n  \n", wantErr: "文件中没有内容,找不到表头行"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewCSVReader(strings.NewReader(tt.csv), fields)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("no error, want %q", tt.wantErr)
				}
				if got := err.Error(); got != tt.wantErr {
					t.Fatalf("error = %q, want %q", got, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if got := r.Unknown(); !reflect.DeepEqual(got, tt.unknown) {
				t.Errorf("Unknown() = %q, want %q", got, tt.unknown)
			}
			row, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(row.Values, tt.wantKeys) {
				t.Errorf("Values = %q, want %q", row.Values, tt.wantKeys)
			}
			if row.Num != tt.wantNum {
				t.Errorf("Num = %d, want %d", row.Num, tt.wantNum)
			}
			if _, err := r.Next(); err != io.EOF {
				t.Errorf("second Next: %v, want io.EOF", err)
			}
		})
	}
}

func TestHeaderErrorFields(t *testing.T) {
	_, err := NewCSVReader(strings.NewReader("标题\n序号,证件号码,身份证号\n"), rosterFields)
	var herr *HeaderError
	if !errors.As(err, &herr) {
		t.Fatalf("error %v is not a *HeaderError", err)
	}
	if got, want := herr.Row, 2; got != want {
		t.Errorf("Row = %d, want %d", got, want)
	}
	if got, want := herr.Missing, []string{"name"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Missing = %q, want %q", got, want)
	}
	if got, want := herr.Duplicate, []string{"id_no"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Duplicate = %q, want %q", got, want)
	}
}

func TestBadFields(t *testing.T) {
	tests := []struct {
		name   string
		fields []Field
	}{
		{"empty key", []Field{{Aliases: []string{"姓名"}}}},
		{"duplicate key", []Field{{Key: "a", Aliases: []string{"甲"}}, {Key: "a", Aliases: []string{"乙"}}}},
		{"shared alias", []Field{{Key: "a", Aliases: []string{"姓名"}}, {Key: "b", Aliases: []string{"*姓名："}}}},
		{"blank alias", []Field{{Key: "a", Aliases: []string{" * "}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewCSVReader(strings.NewReader("甲\n1\n"), tt.fields); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"身份证号", "身份证号"},
		{" 身 份 证 号 ", "身份证号"},
		{"\u3000身份证号\u00a0\t", "身份证号"},
		{"*身份证号", "身份证号"},
		{"＊身份证号：", "身份证号"},
		{"身份证号*:", "身份证号"},
		{"**姓名**", "姓名"},
		{"公民身份号码（必填）", "公民身份号码(必填)"},
		{"ＩＤ１２", "id12"},
		{"Name", "name"},
		{"身份证\n号码", "身份证号码"},
		{"\ufeff序号", "序号"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeHeader(tt.in); got != tt.want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripBracketSuffix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"工资(元)", "工资"},
		{"工资(元)(月)", "工资"},
		{"身份证号*(必填)", "身份证号"},
		{"工资【元】", "工资"},
		{"工资(元(人民币))", "工资"},
		{"(元)", "(元)"},
		{"工资元)", "工资元)"},
		{"工资", "工资"},
	}
	for _, tt := range tests {
		if got := stripBracketSuffix(tt.in); got != tt.want {
			t.Errorf("stripBracketSuffix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCSVRowNumbers(t *testing.T) {
	// Blank lines count as rows, as in Excel; a quoted field spanning two
	// lines is one row.
	in := "姓名,身份证号\r\n\r\n张三,1\r\n\"多\r\n行\",2\r\n\r\n李四,3"
	r, err := NewCSVReader(strings.NewReader(in), rosterFields)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := drain(r)
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, row := range rows {
		nums = append(nums, row.Num)
	}
	if want := []int{3, 4, 6}; !reflect.DeepEqual(nums, want) {
		t.Errorf("Nums = %v, want %v", nums, want)
	}
	if got := rows[1].Values["name"]; got != "多\n行" {
		t.Errorf("multi-line value = %q", got)
	}
}

func TestEncodingDetection(t *testing.T) {
	// A GB18030 file whose first 64 KiB hold a cut-off multi-byte character
	// must still be seen as GB18030, and a UTF-8 file whose 64 KiB boundary
	// falls inside a character as UTF-8.
	long := strings.Repeat("张三,110105194912310021\n", 4000) // > 64 KiB
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"utf8", []byte("姓名,身份证号\n" + long)},
		{"gb18030", gb18030(t, "姓名,身份证号\n"+long)},
		{"utf8-bom", []byte("\uFEFF姓名,身份证号\n" + long)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewCSVReader(bytes.NewReader(tt.data), rosterFields)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := drain(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 4000 {
				t.Fatalf("%d rows", len(rows))
			}
			for _, row := range rows {
				if row.Values["name"] != "张三" {
					t.Fatalf("row %d: name %q", row.Num, row.Values["name"])
				}
			}
			if done, total := r.Progress(); done != total || total != int64(len(tt.data)) {
				t.Errorf("Progress = %d/%d, want %d", done, total, len(tt.data))
			}
		})
	}
	if !validUTF8Prefix([]byte("ab\xe5\xbc"), false) {
		t.Error("cut-off rune at end of sample rejected")
	}
	if validUTF8Prefix([]byte("ab\xe5\xbc"), true) {
		t.Error("cut-off rune at end of file accepted")
	}
	if validUTF8Prefix([]byte("\xd5\xc5\xc8\xfd,1"), false) {
		t.Error("GBK bytes accepted as UTF-8")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"xls", "a.xls", []byte("x"), "暂不支持.xls格式"},
		{"unknown ext", "a.pdf", []byte("x"), "不支持的文件类型"},
		{"not a zip", "a.xlsx", []byte("姓名,身份证号\n"), "文件已损坏或不是.xlsx格式"},
		{"missing file", "", nil, "无法打开文件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "nope.csv")
			if tt.file != "" {
				path = writeFile(t, dir, tt.file, tt.data)
			}
			_, err := Open(path, rosterFields)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestNextAfterClose(t *testing.T) {
	r, err := NewCSVReader(strings.NewReader("姓名,身份证号\n张三,1\n"), rosterFields)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := r.Next(); !errors.Is(err, ErrClosed) {
		t.Errorf("Next after Close: %v", err)
	}
}

func TestXLSXHeaderOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.xlsx")
	w, err := Create(path, []string{"姓名", "身份证号"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_, rows := readAll(t, path, rosterFields)
	if len(rows) != 0 {
		t.Errorf("got %d rows", len(rows))
	}
}

func TestDimensionRows(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"A1:G7", 7},
		{"B2:AA100000", 100000},
		{"A1", 0},
		{"", 0},
		{"A1:?", 0},
	}
	for _, tt := range tests {
		if got := dimensionRows(tt.in); got != tt.want {
			t.Errorf("dimensionRows(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestXLSXLongNumbers(t *testing.T) {
	// How the same 身份证号 reads depending on how the cell was stored.
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Sheet1"
	intStyle, err := f.NewStyle(&excelize.Style{NumFmt: 1}) // 0
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		f.SetSheetRow(sh, "A1", &[]string{"姓名", "身份证号", "备注"}),
		f.SetCellDefault(sh, "B2", "1.1010519491231E+17"), // number, General format
		f.SetCellDefault(sh, "B3", "1.1010519491231E+17"), // number, "0" format
		f.SetCellStyle(sh, "B3", "B3", intStyle),
		f.SetCellStr(sh, "B4", "110105194912310000"), // text that happens to end in zeros
		f.SetCellStr(sh, "B5", "110105194912310021"), // text
		f.SetCellDefault(sh, "B6", "1234567"),        // short number: not checked
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"甲", "乙", "丙", "丁", "戊"} {
		if err := f.SetCellStr(sh, "A"+string(rune('2'+i)), name); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "ids.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	_, rows := readAll(t, path, rosterFields)
	tests := []struct {
		value    string
		lost     bool // in LostDigits
		imprecis bool // PrecisionLost
	}{
		{"1.1010519491231E+17", false, true},
		{"110105194912310000", true, true},
		{"110105194912310000", false, false},
		{"110105194912310021", false, false},
		{"1234567", false, false},
	}
	if len(rows) != len(tests) {
		t.Fatalf("%d rows", len(rows))
	}
	for i, tt := range tests {
		row := rows[i]
		if got := row.Values["id_no"]; got != tt.value {
			t.Errorf("row %d: id_no = %q, want %q", row.Num, got, tt.value)
		}
		if got := len(row.LostDigits) == 1 && row.LostDigits[0] == "id_no"; got != tt.lost {
			t.Errorf("row %d: LostDigits = %q, want lost=%v", row.Num, row.LostDigits, tt.lost)
		}
		if got := row.PrecisionLost("id_no"); got != tt.imprecis {
			t.Errorf("row %d: PrecisionLost = %v, want %v", row.Num, got, tt.imprecis)
		}
	}
}
