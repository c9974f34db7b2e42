package ingest_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
	"github.com/xuri/excelize/v2"
)

// TestImportParcelsXLSX: a 确权 sheet where one 19-digit 地块编码 was typed
// into a number cell (Excel keeps 15 digits: 6.40106100201011E+18) is
// refused for that row, naming the column, and the text cells land; small
// chunks, so that a contract's rows span chunks and still agree.
func TestImportParcelsXLSX(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a := app.New(db)
		sqldbtest.SeedRegions(t, a)
		head := demo.IDNumber("640106", time.Date(1960, 2, 3, 0, 0, 0, 0, time.UTC), 61, true)
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: head, Name: "魏大山", Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "确权.xlsx")
		writeXLSX(t, path, "", [][]string{
			{"地块编码", "承包方身份证号", "地块面积(亩)", "地类", "是否基本农田", "承包起始日期", "承包结束日期"},
			{"6401061002010100001", head, "3.20", "水田", "是", "1998-01-01", "2027-12-31"},
			{"", head, "1.00", "旱地", "否", "1998-01-01", "2027-12-31"}, // the number cell, set below
			{"6401061002010100003", head, "2.05", "旱地", "否", "1998-01-01", "2027-12-31"},
		})
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(f.GetSheetName(0), "A3", 6401061002010100002); err != nil {
			t.Fatal(err)
		}
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		s, err := ingest.Parcels(admin, a, path, ingest.Options{ChunkSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		if s.Read != 3 || s.Created != 2 || s.Rejected != 1 || s.Errors[0].Row != 3 || s.Errors[0].Field != "地块编码" {
			t.Fatalf("summary: %+v", s)
		}
		// 3.20 + 2.05 = 5.25 亩 in one contract, whose rows came in two chunks.
		c, err := a.Transfer.FindLandContract(admin, "640106100201010001J")
		if err != nil || c.Area != "5.25" || len(c.Parcels) != 2 {
			t.Fatalf("contract: %+v %v", c, err)
		}
	})
}
