package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Land contracting and transfer through the CLI on both engines: messy
// 确权 and transfer files, a re-run, 鉴证 in the approval queue, the early
// end.
func TestTransfersEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dir, write := regionsByCLI(t, eng.DSN)
			born := func(s string) time.Time { d, _ := time.Parse(shebao.DateLayout, s); return d }
			a := demo.IDNumber("640106", born("1960-02-03"), 41, false)
			b := demo.IDNumber("640106", born("1962-05-06"), 43, false)
			c := demo.IDNumber("640106", born("1975-07-08"), 45, false)
			persons := "身份证号,姓名,户籍性质,所属区划\n" + a + ",魏大山,农业,640106100201\n" + b + ",魏二水,农业,640106100201\n" +
				c + ",盈种粮,农业,640106100202\n"
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", write("人员.csv", persons)); code != 0 {
				t.Fatal(out, errOut)
			}
			// A messy 确权 file: a title row, 序号, full-width brackets,
			// spaces in codes, "亩" after areas, dates with slashes.
			g := "64010610020102" // 魏家桥村第2村民小组
			parcels := write("确权.csv", "魏家桥村确权登记台账\n"+
				"序号,地块编码,承包方代表姓名,承包方身份证号,地块面积（亩）,地类,是否基本农田,承包起始日期,承包结束日期,东至,西至\n"+
				"1, "+g+"00001 ,魏大山,"+a+",8.5亩,水田,是,1998/1/1,2027/12/31,渠,路\n"+
				"2,"+g+"00002,魏大山,"+a+",2.50,旱地,否,1998-01-01,2027-12-31,,\n"+
				"3,"+g+"00003,魏二水,"+b+",5,耕地,是,1998-01-01,2027-12-31,,\n"+
				"4,6401061000000200004,魏二水,"+b+",5,耕地,是,1998-01-01,2027-12-31,,\n"+ // a town's code
				"5,"+g+"00005,魏二水,"+b+",5,宅基地,否,1998-01-01,2027-12-31,,\n")
			errs := filepath.Join(dir, "错误.csv")
			out, errOut, code := cli(t, eng.DSN, "import", "parcels", parcels, "--json", "--errors-out", errs)
			var sum struct {
				Read, Created, Unchanged, Rejected int
				Errors                             []struct {
					Row           int
					Field, Reason string
				}
			}
			if code != 3 || json.Unmarshal([]byte(out), &sum) != nil {
				t.Fatalf("import parcels: %d %s %s", code, out, errOut)
			}
			// The header is row 2 under the title: data rows 3–7.
			if sum.Read != 5 || sum.Created != 3 || sum.Rejected != 2 || sum.Errors[0].Row != 6 || sum.Errors[0].Field != "地块编码" ||
				sum.Errors[1].Row != 7 || sum.Errors[1].Field != "地类" {
				t.Fatalf("parcels: %s", out)
			}
			if body, err := os.ReadFile(errs); err != nil || !strings.Contains(string(body), "宅基地") {
				t.Errorf("errors-out: %s %v", body, err)
			}
			if out, _, _ := cli(t, eng.DSN, "import", "parcels", parcels, "--json"); !strings.Contains(out, `"unchanged": 3`) ||
				!strings.Contains(out, `"created": 0`) {
				t.Errorf("again: %s", out)
			}
			// 魏大山's contract: 8.50 + 2.50 = 11.00 亩.
			out, errOut, code = cli(t, eng.DSN, "transfers", "contract", g+"0001J")
			if code != 0 || !strings.Contains(out, "共2块11.00亩") || !strings.Contains(out, "东至渠;西至路") {
				t.Fatalf("contract: %d %s %s", code, out, errOut)
			}

			// Transfers: one contract over two households' parcels to 盈种粮;
			// a second contract asking for more of 地块1 than is free; a
			// non-agricultural one.
			transfers := write("流转.csv", "流转合同号,地块编码,流转面积(亩),转出方身份证号,受入方,受入方名称,流转方式,起始日期,结束日期,租金(元/亩/年),用途\n"+
				"LT2025-001,"+g+"00001,8.5,"+a+","+c+",盈种粮,转包,2025-03-01,2027-12-31,600,种植水稻\n"+
				"LT2025-001,"+g+"00003,5,"+b+","+c+",盈种粮,转包,2025-03-01,2027-12-31,600,种植水稻\n"+
				"LT2025-002,"+g+"00001,0.01,"+a+","+c+",盈种粮,出租,2026-01-01,2026-12-31,600,种植玉米\n"+
				"LT2025-003,"+g+"00002,2.5,"+a+","+c+",盈种粮,出租,2026-01-01,2026-12-31,600,建设仓储\n")
			out, errOut, code = cli(t, eng.DSN, "import", "transfers", transfers, "--json")
			if code != 3 || !strings.Contains(out, `"created": 2`) || !strings.Contains(out, `"rejected": 2`) ||
				!strings.Contains(out, "可流转0.00亩") || !strings.Contains(out, `"field": "用途"`) {
				t.Fatalf("import transfers: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "import", "transfers", transfers, "--json"); !strings.Contains(out, `"unchanged": 2`) {
				t.Errorf("transfers again: %s", out)
			}

			// 鉴证 by the town's service centre, through the approval queue.
			if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", "ltz", "--role", "town", "--region", "640106100000"); code != 0 {
				t.Fatal(errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "approvals", "list", "--as", "ltz", "--json")
			var aps []shebao.Approval
			if code != 0 || json.Unmarshal([]byte(out), &aps) != nil || len(aps) != 1 || aps[0].Kind != shebao.ApproveTransferVerify {
				t.Fatalf("queue: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", aps[0].ID, "--as", "ltz"); code != 0 || !strings.Contains(out, "已鉴证") {
				t.Fatalf("approve: %d %s %s", code, out, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "transfers", "show", "LT2025-001")
			// 8.50 + 5.00 = 13.50 亩 of two households.
			if code != 0 || !strings.Contains(out, "已鉴证") || !strings.Contains(out, "共13.50亩") || !strings.Contains(out, "出租(转包)") {
				t.Fatalf("show: %d %s %s", code, out, errOut)
			}
			// Rent: 13.50 亩 × 600.00 = 8100.00 a contract year from 2025-03-01.
			// 5000.00 paid; the receipt again changes nothing.
			for i := 0; i < 2; i++ {
				if out, errOut, code := cli(t, eng.DSN, "transfers", "pay", "LT2025-001", "--receipt", "SJ-01", "--amount", "5000",
					"--date", "2025-03-10", "--as", "ltz", "--json"); code != 0 || !strings.Contains(out, fmt.Sprintf(`"created": %v`, i == 0)) {
					t.Fatalf("pay %d: %d %s %s", i, code, out, errOut)
				}
			}
			if out, errOut, code := cli(t, eng.DSN, "transfers", "end", "LT2025-001", "--date", "2025-12-31", "--reason", "协商解除", "--as", "ltz"); code != 0 ||
				!strings.Contains(out, "提前终止") {
				t.Fatalf("end: %d %s %s", code, out, errOut)
			}
			// Ended on 2025-12-31: the first year is owed for 306 of its 365
			// days, 8100.00 × 306 ÷ 365 = 6790.68; 1790.68 is unpaid on
			// 2026-01-31, 336 days after it fell due on 2025-03-01.
			out, errOut, code = cli(t, eng.DSN, "transfers", "arrears", "--region", "640106", "--date", "2026-01-31", "--json")
			var arr shebao.RentArrearsReport
			if code != 0 || json.Unmarshal([]byte(out), &arr) != nil || arr.Unpaid != 179068 || arr.Contracts != 1 ||
				arr.Towns[0].Villages[0].Items[0].DaysOverdue != 336 || arr.Towns[0].Villages[0].Items[0].Amount != 679068 {
				t.Fatalf("arrears: %d %s %s", code, out, errOut)
			}
			// On 2025-06-30, 8.50 + 5.00 = 13.50 of the 8.50 + 2.50 + 5.00 =
			// 16.00 亩 of 耕地 are transferred: 84.375% → 84.38.
			out, errOut, code = cli(t, eng.DSN, "report", "transfers", "--region", "640106", "--date", "2025-06-30", "--json")
			if code != 0 || !strings.Contains(out, `"arable_mu": "16.00"`) || !strings.Contains(out, `"transferred_mu": "13.50"`) ||
				!strings.Contains(out, `"share_percent": "84.38"`) {
				t.Fatalf("report: %d %s %s", code, out, errOut)
			}
			// The information platform: 魏二水 offers what is left of 地块3
			// (5.00 亩, free again since the early end); the public list
			// shows it without his name or number.
			if out, errOut, code := cli(t, eng.DSN, "transfers", "offer", "--no", "CR-1", "--parcel", g+"00003", "--area", "5", "--years", "3",
				"--price", "620", "--contact", b, "--name", "魏二水", "--as", "ltz"); code != 0 || !strings.Contains(out, "已登记出让意向CR-1") {
				t.Fatalf("offer: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "transfers", "market"); code != 0 || !strings.Contains(out, "CR-1 出让 魏家桥村 耕地 5.00亩 3年 620.00") ||
				strings.Contains(out, "魏二水") || strings.Contains(out, b) {
				t.Fatalf("market: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "transfers", "list", "--status", "已终止"); code != 0 || !strings.Contains(out, "流转合同1份") ||
				!strings.Contains(out, "魏大山等2户") {
				t.Fatalf("list: %d %s %s", code, out, errOut)
			}
		})
	}
}
