package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sheet"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// checked is first17 with its check character.
func checked(t *testing.T, first17 string) string {
	t.Helper()
	c, err := idno.CheckCharID(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

// TestImportAssistApplications: a village's messy applications file (a
// BOM, full-width brackets and spaces in the headers, a column it does not
// know, 户主/妻/弟 for the relationships, one member with two income kinds
// on two rows, the applicant's row last), on both engines, imported by the
// town 良田镇 (a village assistant writes no import runs: the village
// collects the paper applications, the town's office imports them):
//
//   - A-001, 马强's household: 马强 800.00 wages (工资性收入) + 300.00
//     优待抚恤金 (not counted), 李梅 and 马刚 nothing: 520.00 × 3 − 800.00 =
//     760.00 — created (4 rows);
//   - a member's number with a wrong check digit (row 6): both of
//     its rows rejected, row 6 naming 成员身份证号, row 7 pointing to row 6;
//   - a member never registered: refused by the service, on the
//     member's row, naming 成员身份证号;
//   - a row without 申请编号: rejected alone;
//   - A-004 of 丰登镇's 英刘村, outside the town's jurisdiction: refused.
//
// The errors file has every rejected row with its reason. Importing the
// file again creates nothing: the 4 rows of A-001 are unchanged and still
// one case.
func TestImportAssistApplications(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		man, wife, brother := checked(t, "64010619800315011"), checked(t, "64010619820720022"), checked(t, "64010619900505011")
		lone, stranger, ying := checked(t, "64010619700101021"), checked(t, "64010619650202031"), checked(t, "64010619600303041")
		for _, p := range []*shebao.Person{
			{IDNo: man, Name: "马强", Hukou: "农业", Region: "640106100201"}, {IDNo: wife, Name: "李梅", Hukou: "农业", Region: "640106100201"},
			{IDNo: brother, Name: "马刚", Hukou: "农业", Region: "640106100201"}, {IDNo: lone, Name: "王福", Hukou: "农业", Region: "640106100201"},
			{IDNo: ying, Name: "赵盈", Hukou: "农业", Region: "640106101201"},
		} {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		badID := lone[:17] + map[bool]string{true: "1", false: "2"}[lone[17] != '1']
		vil := sqldbtest.As(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"})
		dir := t.TempDir()
		path := filepath.Join(dir, "低保申请.csv")
		csv := "\ufeff申请编号, 户主身份证号 ,成员身份证号,与户主关系,收入类别,月收入（元）,区划代码,申请日期,收款账号,备注\n" +
			"A-001," + man + "," + wife + ",妻,,0,640106100201,2026-06-01,6228480402564890018,\n" + // row 2
			"A-001," + man + "," + brother + ",弟,,0,640106100201,2026-06-01,,\n" + // row 3
			"A-001," + man + "," + man + ",户主,工资性收入,800,640106100201,2026-06-01,,\n" + // row 4
			"A-001," + man + "," + man + ",户主,优待抚恤金,300.00,640106100201,2026-06-01,,\n" + // row 5
			"A-002," + lone + "," + badID + ",子,,0,640106100201,2026-06-01,,\n" + // row 6
			"A-002," + lone + "," + lone + ",本人,,100,640106100201,2026-06-01,,\n" + // row 7
			"A-003," + lone + "," + lone + ",本人,,100,640106100201,2026-06-01,,\n" + // row 8
			"A-003," + lone + "," + stranger + ",子女,,0,640106100201,2026-06-01,,\n" + // row 9
			"," + lone + "," + lone + ",本人,,0,640106100201,,,\n" + // row 10
			"A-004," + ying + "," + ying + ",本人,,0,640106101201,2026-06-01,,\n" // row 11
		if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
			t.Fatal(err)
		}
		errorsOut := filepath.Join(dir, "errors.csv")
		s, err := ingest.AssistApplications(vil, a, path, ingest.Options{ErrorsOut: errorsOut})
		if err != nil {
			t.Fatal(err)
		}
		if s.Read != 10 || s.Created != 4 || s.Unchanged != 0 || s.Rejected != 6 || len(s.IgnoredColumns) != 1 {
			t.Fatalf("summary %+v", s)
		}
		byRow := map[int]ingest.RowError{}
		for _, e := range s.Errors {
			byRow[e.Row] = e
		}
		for row, want := range map[int][2]string{
			6:  {"成员身份证号", "校验"},
			7:  {"申请编号", "同一申请(申请编号A-002)第6行有误"},
			9:  {"成员身份证号", "第2位成员"},
			8:  {"申请编号", "第9行有误"},
			10: {"申请编号", "申请编号不能为空"},
			11: {"成员身份证号", "本辖区已登记人员"},
		} {
			e, ok := byRow[row]
			if !ok || e.Field != want[0] || !strings.Contains(e.Reason, want[1]) {
				t.Errorf("row %d: %+v; want %s %q", row, e, want[0], want[1])
			}
		}
		cs, n, err := a.Assist.FindCases(vil, shebao.AssistCaseFilter{})
		if err != nil || n != 1 {
			t.Fatalf("cases %d %v", n, err)
		}
		c := cs[0]
		if c.ApplicationNo != "A-001" || c.Monthly != 76000 || len(c.Members) != 3 || c.Members[0].IDNo != man || c.Members[0].Relation != "本人" ||
			c.Members[1].Relation != "配偶" || c.Members[2].Relation != "兄弟姐妹" || c.Quote.Lines[0].Excluded != 30000 || c.BankAccount != "6228480402564890018" {
			t.Errorf("case %+v", c)
		}
		rd, err := sheet.Open(errorsOut, []sheet.Field{{Key: "row", Aliases: []string{"原行号"}, Required: true}, {Key: "why", Aliases: []string{"错误原因"}, Required: true}})
		if err != nil {
			t.Fatal(err)
		}
		rows := 0
		for {
			r, err := rd.Next()
			if err != nil {
				break
			}
			rows++
			if r.Values["why"] == "" {
				t.Errorf("errors file row without a reason: %v", r.Raw)
			}
		}
		rd.Close()
		if rows != 6 {
			t.Errorf("errors file: %d rows", rows)
		}

		// Again: nothing changes.
		s, err = ingest.AssistApplications(vil, a, path, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Created != 0 || s.Unchanged != 4 || s.Rejected != 6 {
			t.Errorf("again: %+v", s)
		}
		if _, n, _ := a.Assist.FindCases(vil, shebao.AssistCaseFilter{}); n != 1 {
			t.Errorf("cases after the second import: %d", n)
		}
		// The same number with other content is refused, naming the case.
		changed := strings.Replace(csv, "工资性收入,800", "工资性收入,900", 1)
		if err := os.WriteFile(path, []byte(changed), 0o600); err != nil {
			t.Fatal(err)
		}
		if s, err = ingest.AssistApplications(vil, a, path, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
		if s.Created != 0 || s.Unchanged != 0 || s.Errors[1].Row != 2 || !strings.Contains(s.Errors[1].Reason, "申请编号A-001已导入为低保案件"+c.ID) {
			t.Errorf("changed: %+v", s)
		}
	})
}
