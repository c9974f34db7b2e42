package ingest_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sheet"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
	"github.com/xuri/excelize/v2"
)

var admin = shebao.WithActor(context.Background(), shebao.SystemActor)

func demoRegions() []*shebao.Region {
	var out []*shebao.Region
	for _, r := range demo.Regions {
		r := r
		out = append(out, &r)
	}
	return out
}

func seedRegions(t *testing.T, db *sqldb.DB) {
	t.Helper()
	for _, r := range demoRegions() {
		if _, err := db.SaveRegion(admin, r); err != nil {
			t.Fatal(err)
		}
	}
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

var (
	idA = demo.IDNumber("640106", date(1958, 3, 12), 21, true)  // male
	idB = demo.IDNumber("640106", date(1966, 7, 30), 33, false) // female
	idC = demo.IDNumber("640106", date(1990, 1, 5), 48, true)
	idD = demo.IDNumber("640106", date(1949, 10, 1), 7, false)
	// A legacy 15-digit number and its 18-digit form.
	legacy15 = "640106" + "580312" + idA[14:17]
)

// messyRows is a clerk's roster with one problem per bad row. The header is
// row 2 (row 1 is a title), so data starts at row 3.
func messyRows() [][]string {
	wrongCheck := idB[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", idB[17])+1)%11])
	fullWidth := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, idC)
	return [][]string{
		{"序号", "姓名", "公民身份号码", "性别", "户籍性质", "所属区划", "联系电话", "备注"},
		{"1", "马德福", idA, "男", "农业", "640106100201", "13995112345", ""},                  // row 3 ok
		{"2", "杨桂兰", wrongCheck, "女", "农业", "640106100201", "", ""},                      // row 4 bad check char
		{"3", " 周建国 ", " " + fullWidth + " ", "", "农业户口", "640106100202", "", ""},        // row 5 ok, full-width & spaces
		{"4", "丁玉兰", strings.ToLower(idD), "", "非农业", "640106001001", "", "小写x"},         // row 6 ok (lower-case x if any)
		{"5", "无名区", idB, "女", "农业", "640106100299", "", ""},                             // row 7 unknown region
		{"6", "", "640106199002301234", "男", "农业", "640106100201", "", ""},               // row 8 Feb 30 (and no name)
		{"7", "马德福", idA, "男", "农业", "640106100201", "13995112345", "重复"},                // row 9 duplicate of row 3
		{"8", "杨桂兰", idB, "男", "农业", "640106100201", "", ""},                             // row 10 sex does not match
		{"9", "苏海燕", idB, "女", "城镇居民?", "640106100201", "", ""},                          // row 11 bad hukou
		{"10", "未来人", "640106" + "21000101" + "0011", "男", "农业", "640106100201", "", ""}, // row 12 future (bad check too)
	}
}

func writeXLSX(t *testing.T, path string, title string, rows [][]string) {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	r0 := 1
	if title != "" {
		f.SetCellStr(sh, "A1", title)
		r0 = 2
	}
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, r0+i)
			f.SetCellStr(sh, cell, v)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestImportMessyPersons(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		dir := t.TempDir()
		xlsx := filepath.Join(dir, "花名册.xlsx")
		writeXLSX(t, xlsx, "金凤区良田镇参保人员花名册", messyRows())
		errOut := filepath.Join(dir, "errors.xlsx")
		s, err := ingest.Persons(admin, app.New(db), xlsx, ingest.Options{ErrorsOut: errOut, ChunkSize: 3})
		if err != nil {
			t.Fatal(err)
		}
		if s.Read != 10 || s.Created != 3 || s.Rejected != 7 || s.Updated != 0 {
			t.Fatalf("summary: %+v", s)
		}
		// row → its problems' fields, every one of them (row 8 has a
		// bad number and no name: both are reported).
		wantErr := map[int]string{
			4: "身份证号", 7: "所属区划", 8: "身份证号,姓名", 9: "身份证号", 10: "性别", 11: "户籍性质", 12: "身份证号",
		}
		got := map[int]string{}
		for _, e := range s.Errors {
			if got[e.Row] != "" {
				got[e.Row] += ","
			}
			got[e.Row] += e.Field
			if e.Reason == "" {
				t.Errorf("row %d without a reason", e.Row)
			}
		}
		for row, field := range wantErr {
			if got[row] != field {
				t.Errorf("row %d: fields %q, want %q (errors %+v)", row, got[row], field, s.Errors)
			}
		}
		for _, e := range s.Errors {
			if e.Row == 9 && !strings.Contains(e.Reason, "第3行") {
				t.Errorf("duplicate row should name row 3: %s", e.Reason)
			}
		}
		if strings.Join(s.IgnoredColumns, ",") != "序号,备注" {
			t.Errorf("ignored columns %v", s.IgnoredColumns)
		}
		p, err := db.FindPerson(admin, idC)
		if err != nil || p.Name != "周建国" || p.Hukou != "农业" {
			t.Errorf("full-width row: %+v %v", p, err)
		}
		// The errors file holds every rejected row with its reason.
		rd, err := sheet.Open(errOut, []sheet.Field{{Key: "row", Aliases: []string{"原行号"}, Required: true}, {Key: "reason", Aliases: []string{"错误原因"}, Required: true}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for {
			r, err := rd.Next()
			if err != nil {
				break
			}
			n++
			if r.Values["reason"] == "" {
				t.Errorf("errors file row %v lacks a reason", r.Raw)
			}
		}
		rd.Close()
		if n != 7 {
			t.Errorf("errors file has %d rows, want 7", n)
		}

		// The same file again, and the same rows as CSV, change nothing.
		s2, err := ingest.Persons(admin, app.New(db), xlsx, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s2.Created != 0 || s2.Updated != 0 || s2.Unchanged != 3 || s2.Rejected != 7 {
			t.Fatalf("re-import: %+v", s2)
		}
		csvPath := filepath.Join(dir, "花名册.csv")
		writeCSV(t, csvPath, messyRows())
		s3, err := ingest.Persons(admin, app.New(db), csvPath, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s3.Created != 0 || s3.Updated != 0 || s3.Unchanged != 3 || s3.Rejected != 7 {
			t.Fatalf("csv re-import: %+v", s3)
		}
		// A corrected file: fixed rows land, a changed phone is an update
		// with history, the rest is unchanged.
		fixed := messyRows()
		fixed[1][6] = "13995119999"                                             // idA's phone changed
		fixed[8] = []string{"8", "杨桂兰", idB, "女", "农业", "640106100201", "", ""} // sex corrected
		writeCSV(t, csvPath, fixed)
		s4, err := ingest.Persons(admin, app.New(db), csvPath, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s4.Created != 1 || s4.Updated != 1 || s4.Unchanged != 2 || s4.Rejected != 6 {
			t.Fatalf("corrected import: %+v", s4)
		}
		hist, err := db.PersonHistory(admin, idA)
		if err != nil || len(hist) != 1 || hist[0].Changes[0].Field != "联系电话" {
			t.Fatalf("history: %+v %v", hist, err)
		}
	})
}

func TestImportLegacyNumberMatchesUpgraded(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		dir := t.TempDir()
		a := filepath.Join(dir, "a.csv")
		writeCSV(t, a, [][]string{{"身份证号", "姓名", "户籍性质", "区划代码"}, {legacy15, "马德福", "农业", "640106100201"}})
		s, err := ingest.Persons(admin, app.New(db), a, ingest.Options{})
		if err != nil || s.Created != 1 {
			t.Fatalf("%+v %v", s, err)
		}
		b := filepath.Join(dir, "b.csv")
		writeCSV(t, b, [][]string{{"身份证号", "姓名", "户籍性质", "区划代码"}, {idA, "马德福", "农业", "640106100201"}})
		s, err = ingest.Persons(admin, app.New(db), b, ingest.Options{})
		if err != nil || s.Unchanged != 1 {
			t.Fatalf("18-digit form of an upgraded number is not the same person: %+v %v", s, err)
		}
	})
}

func TestImportMissingColumn(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		p := filepath.Join(t.TempDir(), "x.csv")
		writeCSV(t, p, [][]string{{"姓名", "户籍性质"}, {"a", "农业"}})
		_, err := ingest.Persons(admin, app.New(db), p, ingest.Options{})
		if err == nil || !strings.Contains(err.Error(), "缺少必填列") {
			t.Fatalf("missing columns: %v", err)
		}
	})
}

func TestImportRegionsAnyOrder(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		p := filepath.Join(t.TempDir(), "regions.csv")
		writeCSV(t, p, [][]string{
			{"统计用区划代码", "城乡分类代码", "名称"},
			{"640106100201", "220", "魏家桥村"},
			{"640106100000", "", "良田镇"},
			{"640106000000", "", "金凤区"},
			{"640100000000", "", "银川市"},
			{"640000000000", "", "宁夏回族自治区"},
			{"640106999201", "220", "无主村"},
			{"6401061002O1", "220", "坏代码"},
		})
		s, err := ingest.Regions(admin, app.New(db), p, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Created != 5 || s.Rejected != 2 {
			t.Fatalf("%+v", s)
		}
		s, err = ingest.Regions(admin, app.New(db), p, ingest.Options{})
		if err != nil || s.Unchanged != 5 || s.Created != 0 {
			t.Fatalf("re-import %+v %v", s, err)
		}
	})
}

func TestImportEmployers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		p := filepath.Join(t.TempDir(), "单位.csv")
		good := demo.USCC("640106", 1)
		writeCSV(t, p, [][]string{
			{"统一社会信用代码", "单位名称", "所属行业", "行业风险类别", "所属区划", "联系人", "联系电话"},
			{good, "宁夏金凤建筑工程有限公司", "建筑业", "六", "640106100201", "马经理", "0951-5012345"},
			{"91350100M000100Y43", "福州测试有限公司", "批发和零售业", "1", "640106100201", "", ""},
			{"91350100M000100Y44", "校验码错", "制造业", "2", "640106100201", "", ""},
			{demo.USCC("640106", 2), "风险类别错", "制造业", "9", "640106100201", "", ""},
		})
		s, err := ingest.Employers(admin, app.New(db), p, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Created != 2 || s.Rejected != 2 {
			t.Fatalf("%+v", s)
		}
		e, err := db.FindEmployer(admin, good)
		if err != nil || e.RiskClass != 6 {
			t.Fatalf("%+v %v", e, err)
		}
	})
}
