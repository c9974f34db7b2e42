package transfer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

const (
	village = "640106100201" // 魏家桥村, 良田镇, 金凤区
	other   = "640106100202" // 盈南村
	issuer  = village + "01" // 魏家桥村第1村民小组
)

var (
	admin    = sqldbtest.Admin()
	villager = sqldbtest.As(shebao.Actor{Name: "wjq", Role: "village", Region: village})
	yingnan  = sqldbtest.As(shebao.Actor{Name: "yn", Role: "village", Region: other})
	town     = sqldbtest.As(shebao.Actor{Name: "ltz", Role: "town", Region: "640106100000"})
	town2    = sqldbtest.As(shebao.Actor{Name: "ltz2", Role: "town", Region: "640106100000"})
)

// people registers the heads of household of the tests: 魏建国 and 魏建军
// of 魏家桥村, 李明 of 盈南村.
func people(t *testing.T, a *app.App) map[string]string {
	t.Helper()
	sqldbtest.SeedRegions(t, a)
	ids := map[string]string{}
	for i, p := range []struct{ key, name, region string }{
		{"a", "魏建国", village}, {"b", "魏建军", village}, {"c", "李明", other},
	} {
		b := time.Date(1965+i, 3, 1, 0, 0, 0, 0, time.UTC)
		id := demo.IDNumber("640106", b, 21+2*i, false)
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: p.name, Hukou: shebao.HukouAgricultural, Region: p.region}); err != nil {
			t.Fatal(err)
		}
		ids[p.key] = id
	}
	return ids
}

// parcel is a row of 确权 data of the second round (1998-01-01 to
// 2027-12-31).
func parcel(code, head, area, class string) shebao.NewParcel {
	return shebao.NewParcel{Code: code, HeadIDNo: head, Area: area, Class: class, Basic: class == "耕地",
		Start: "1998-01-01", End: "2027-12-31"}
}

func fieldOf(err error) string {
	if e, ok := err.(*shebao.Error); ok {
		return e.Field
	}
	return ""
}

// TestImportParcels: the registry of contracts is built from 确权 rows;
// codes are checked against registered villages; a re-run changes
// nothing; the 30-year extension is a change of the contract with history.
func TestImportParcels(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := people(t, a)
		rows := []shebao.NewParcel{
			parcel(issuer+"00001", ids["a"], "3.25", "耕地"),
			parcel(issuer+"00002", ids["a"], "1.5", "果园"), // 园地
			parcel(issuer+"00003", ids["b"], "6.80", "水浇地"),
			// Refused, each for one reason:
			parcel("6401061000000100001", ids["a"], "1", "耕地"),      // a town's code, not a village's
			parcel("6401061002990100001", ids["a"], "1", "耕地"),      // 村 299 is not registered
			parcel(issuer+"00004", "11010519491231002X", "1", "耕地"), // not in the registry
			parcel(issuer+"00005", ids["a"], "0", "耕地"),
			parcel(issuer+"00006", ids["a"], "2", "宅基地"),
			parcel(issuer+"00001", ids["a"], "3.25", "耕地"), // the first row again
		}
		end := rows[0]
		end.Code, end.End = issuer+"00007", "1997-12-31"
		rows = append(rows, end)
		out, errs, err := a.Transfer.ImportParcels(villager, "run1", rows)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []shebao.Outcome{shebao.Created, shebao.Created, shebao.Created} {
			if errs[i] != nil || out[i] != want {
				t.Fatalf("row %d: %v %v", i+1, out[i], errs[i])
			}
		}
		for i, field := range []string{"地块编码", "地块编码", "承包方身份证号", "地块面积", "地类", "地块编码", "承包结束日期"} {
			if errs[3+i] == nil || fieldOf(errs[3+i]) != field {
				t.Errorf("row %d: want an error on %s, got %v", 4+i, field, errs[3+i])
			}
		}
		if msg := shebao.ErrorMessage(errs[3]); !strings.Contains(msg, "应为村级区划代码") {
			t.Errorf("town code: %s", msg)
		}

		// Contracts: 魏建国 is the group's first contractor (0001, 家庭承包)
		// with 3.25 + 1.50 = 4.75 亩; 魏建军 the second with 6.80 亩.
		c, err := a.Transfer.FindLandContract(town, issuer+"0001J")
		if err != nil {
			t.Fatal(err)
		}
		if c.HeadIDNo != ids["a"] || c.Area != "4.75" || len(c.Parcels) != 2 || c.Method != shebao.ContractFamily ||
			c.Parcels[1].Class != "园地" || c.IssuerName != "魏家桥村第1村民小组" {
			t.Fatalf("contract: %+v", c)
		}
		if c2, err := a.Transfer.FindLandContract(town, issuer+"0002J"); err != nil || c2.Area != "6.80" || c2.HeadName != "魏建军" {
			t.Fatalf("second contract: %+v %v", c2, err)
		}

		// A re-run of the good rows changes nothing.
		out, errs, err = a.Transfer.ImportParcels(villager, "run2", rows[:3])
		if err != nil {
			t.Fatal(err)
		}
		for i := range out {
			if errs[i] != nil || out[i] != shebao.Unchanged {
				t.Fatalf("re-run row %d: %v %v", i+1, out[i], errs[i])
			}
		}

		// The 30-year extension (第二十一条): the contract now ends
		// 2057-12-31; the file's rows of the same contract must agree.
		ext := []shebao.NewParcel{rows[0], rows[1]}
		ext[0].End, ext[0].CertNo = "2057-12-31", "640106100201010001J-2"
		ext[1].End = "2027-12-31"
		out, errs, err = a.Transfer.ImportParcels(villager, "run3", ext)
		if err != nil {
			t.Fatal(err)
		}
		if errs[0] != nil || out[0] != shebao.Updated {
			t.Fatalf("extension: %v %v", out[0], errs[0])
		}
		if errs[1] == nil || !strings.Contains(shebao.ErrorMessage(errs[1]), "不一致") {
			t.Fatalf("a disagreeing row of the same contract: %v", errs[1])
		}
		hist, err := a.Transfer.ContractingHistory(town, issuer+"0001J")
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 1 || hist[0].Kind != "contract" || hist[0].Version != 1 || len(hist[0].Changes) != 2 ||
			hist[0].Changes[0] != (shebao.Change{Field: "承包结束日期", Before: "2027-12-31", After: "2057-12-31"}) {
			t.Fatalf("history: %+v", hist)
		}
		// A corrected area is a change of the parcel, with history.
		fix := rows[2]
		fix.Area = "6.75"
		if out, errs, err := a.Transfer.ImportParcels(villager, "run4", []shebao.NewParcel{fix}); err != nil || errs[0] != nil || out[0] != shebao.Updated {
			t.Fatalf("corrected area: %v %v %v", out, errs, err)
		}
		hist, _ = a.Transfer.ContractingHistory(town, issuer+"0002J")
		if len(hist) != 1 || hist[0].Kind != "parcel" || hist[0].Changes[0] != (shebao.Change{Field: "地块面积(亩)", Before: "6.80", After: "6.75"}) {
			t.Fatalf("parcel history: %+v", hist)
		}

		// Jurisdiction: 盈南村 neither sees nor writes 魏家桥村's land.
		if _, err := a.Transfer.FindLandContract(yingnan, issuer+"0001J"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("other village reads: %v", err)
		}
		_, errs, err = a.Transfer.ImportParcels(yingnan, "run5", rows[:1])
		if err != nil || errs[0] == nil {
			t.Errorf("other village writes: %v %v", errs, err)
		}
		list, n, err := a.Transfer.FindLandContracts(yingnan, shebao.LandContractFilter{})
		if err != nil || n != 0 || len(list) != 0 {
			t.Errorf("other village lists: %d %v", n, err)
		}
		if list, n, err := a.Transfer.FindLandContracts(town, shebao.LandContractFilter{}); err != nil || n != 2 || list[0].Area != "4.75" {
			t.Errorf("town lists: %d %v", n, err)
		}
		// The viewer (statistics) reads; a land-bureau officer reads but
		// does not write.
		land := sqldbtest.As(shebao.Actor{Name: "gtj", Role: "land", Region: "640106000000"})
		if _, _, err := a.Transfer.ImportParcels(land, "run6", rows[:1]); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("land bureau writes: %v", err)
		}
		if _, err := a.Transfer.FindLandContract(land, issuer+"0001J"); err != nil {
			t.Errorf("land bureau reads: %v", err)
		}
	})
}
