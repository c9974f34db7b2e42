package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestCoopLendingCLI (issue #17 item 4) from the files a clerk has: three
// households deposit 10.00 + 6.00 + 4.00 亩 with the cooperative at 500.00
// 元/亩/年; it lends 18.00 亩 on at 650.00 (a lending of 20.01 is refused:
// 20.00 free). `transfers coop --year 2025`: deposit rents 20.00 × 500.00 =
// 10000.00, lending rents 18.00 × 650.00 = 11700.00, margin 1700.00.
func TestCoopLendingCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			_, write := regionsByCLI(t, eng.DSN)
			born := func(s string) time.Time { d, _ := time.Parse(shebao.DateLayout, s); return d }
			a := demo.IDNumber("640106", born("1960-02-03"), 41, false)
			b := demo.IDNumber("640106", born("1962-05-06"), 43, false)
			c := demo.IDNumber("640106", born("1964-07-08"), 45, false)
			op := demo.IDNumber("640106", born("1975-07-08"), 47, false)
			persons := "身份证号,姓名,户籍性质,所属区划\n" + a + ",魏大山,农业,640106100201\n" + b + ",魏二水,农业,640106100201\n" +
				c + ",魏三田,农业,640106100201\n" + op + ",盈种粮,农业,640106100202\n"
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", write("人员.csv", persons)); code != 0 {
				t.Fatal(out, errOut)
			}
			g := "64010610020102"
			parcels := write("确权.csv", "地块编码,承包方身份证号,地块面积(亩),地类,是否基本农田,承包起始日期,承包结束日期\n"+
				g+"00001,"+a+",10,耕地,是,1998-01-01,2027-12-31\n"+
				g+"00002,"+b+",6,耕地,是,1998-01-01,2027-12-31\n"+
				g+"00003,"+c+",4,耕地,是,1998-01-01,2027-12-31\n")
			if out, errOut, code := cli(t, eng.DSN, "import", "parcels", parcels); code != 0 {
				t.Fatal(out, errOut)
			}
			const coop = "93640106MA7WFHC10W"
			head := "流转合同号,地块编码,存入合同号,流转面积(亩),转出方身份证号或统一社会信用代码,受入方,受入方名称,流转方式,起始日期,结束日期,租金(元/亩/年),用途\n"
			deposit := write("存入.csv", head+
				"CR-2025-01,"+g+"00001,,10,"+a+","+coop+",良田镇土地信用合作社,入股,2025-01-01,2027-12-31,500,种植水稻\n"+
				"CR-2025-01,"+g+"00002,,6,"+b+","+coop+",良田镇土地信用合作社,入股,2025-01-01,2027-12-31,500,种植水稻\n"+
				"CR-2025-01,"+g+"00003,,4,"+c+","+coop+",良田镇土地信用合作社,入股,2025-01-01,2027-12-31,500,种植水稻\n")
			if out, errOut, code := cli(t, eng.DSN, "import", "transfers", deposit, "--json"); code != 0 || !strings.Contains(out, `"created": 3`) {
				t.Fatalf("deposit: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", "ltz", "--role", "town", "--region", "640106100000"); code != 0 {
				t.Fatal(errOut)
			}
			approve := func(no string) {
				t.Helper()
				out, errOut, code := cli(t, eng.DSN, "approvals", "list", "--as", "ltz", "--json")
				var aps []shebao.Approval
				if code != 0 || json.Unmarshal([]byte(out), &aps) != nil {
					t.Fatalf("queue: %d %s %s", code, out, errOut)
				}
				for _, ap := range aps {
					if strings.Contains(ap.Summary, no) {
						if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "ltz"); code != 0 {
							t.Fatalf("approve %s: %s %s", no, out, errOut)
						}
						return
					}
				}
				t.Fatalf("no approval of %s: %s", no, out)
			}
			approve("CR-2025-01")
			lending := write("贷出.csv", head+
				"DC-2025-09,,CR-2025-01,20.01,"+coop+","+op+",盈种粮,出租,2025-01-01,2027-12-31,650,种植水稻\n"+
				"DC-2025-01,,CR-2025-01,18,"+coop+","+op+",盈种粮,出租,2025-01-01,2027-12-31,650,种植水稻\n")
			out, errOut, code := cli(t, eng.DSN, "import", "transfers", lending, "--json")
			if code != 3 || !strings.Contains(out, `"created": 1`) || !strings.Contains(out, "可贷出20.00亩,不足20.01亩") {
				t.Fatalf("lending: %d %s %s", code, out, errOut)
			}
			approve("DC-2025-01")
			if out, errOut, code := cli(t, eng.DSN, "transfers", "show", "DC-2025-01"); code != 0 || !strings.Contains(out, "贷出方 良田镇土地信用合作社") ||
				!strings.Contains(out, "CR-2025-01 18.00亩") {
				t.Fatalf("show: %d %s %s", code, out, errOut)
			}
			for _, p := range [][]string{{"DC-2025-01", "D-1", "11700", "2025-01-15"}, {"CR-2025-01", "C-1", "10000", "2025-01-20"}} {
				if out, errOut, code := cli(t, eng.DSN, "transfers", "pay", p[0], "--receipt", p[1], "--amount", p[2], "--date", p[3], "--as", "ltz"); code != 0 {
					t.Fatalf("pay %s: %s %s", p[0], out, errOut)
				}
			}
			out, errOut, code = cli(t, eng.DSN, "transfers", "coop", coop, "--year", "2025", "--json")
			var y shebao.CoopYear
			if code != 0 || json.Unmarshal([]byte(out), &y) != nil {
				t.Fatalf("coop: %d %s %s", code, out, errOut)
			}
			if y.Due != shebao.Yuan(10000) || y.Paid != shebao.Yuan(10000) || y.LendingDue != shebao.Yuan(11700) ||
				y.LendingReceived != shebao.Yuan(11700) || y.Margin != shebao.Yuan(1700) || len(y.Members) != 3 {
				t.Fatalf("coop: %s", out)
			}
			out, _, _ = cli(t, eng.DSN, "transfers", "coop", coop, "--year", "2025")
			if !strings.Contains(out, "差额收益(贷出租金−存入租金)1700.00元") {
				t.Errorf("coop text: %s", out)
			}
			// The member list prints masked numbers, never a household's full number.
			for _, m := range y.Members {
				if strings.Contains(out, m.IDNo) || !strings.Contains(out, idno.MaskID(m.IDNo)) {
					t.Errorf("coop text shows %s unmasked: %s", m.IDNo, out)
				}
			}
		})
	}
}
