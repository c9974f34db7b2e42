package sheet

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

const benchRows = 100_000

// benchRow returns the cells of generated data row i. With zeroIDs, one ID
// in a thousand ends in "000" (as a real 身份证号 may), which makes the xlsx
// reader check those cells' raw values with a second pass over the sheet.
func benchRow(i int, zeroIDs bool) []string {
	check := i%9 + 1
	if zeroIDs {
		check = i % 10
	}
	return []string{
		fmt.Sprint(i + 1),
		fmt.Sprintf("参保人%06d", i),
		fmt.Sprintf("110105%08d%03d%d", 19500101+i%500000, i%1000, check),
		"2024/1/1",
		fmt.Sprintf("%d.%02d", 3000+i%5000, i%100),
		"2024年3月",
		"",
	}
}

// makeBenchCSV writes a 100k-row roster CSV (about 8 MB).
func makeBenchCSV(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "\uFEFF序号,*姓名,公民身份号码,参保日期,工资(元),缴费年月,备注\r\n")
	for i := 0; i < benchRows; i++ {
		row := benchRow(i, true)
		fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s\r\n", row[0], row[1], row[2], row[3], row[4], row[5], row[6])
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// makeBenchXLSX writes a 100k-row roster with the package's Writer.
func makeBenchXLSX(b *testing.B, zeroIDs bool) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.xlsx")
	w, err := Create(path, []string{"序号", "*姓名", "公民身份号码", "参保日期", "工资(元)", "缴费年月", "备注"})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < benchRows; i++ {
		if err := w.Write(benchRow(i, zeroIDs)); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// benchRead reads path b.N times and reports rows/s and the peak live heap
// seen while reading: a streaming reader's peak stays far below the file's
// size and does not grow with the number of rows.
func benchRead(b *testing.B, path string) {
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	var peak uint64
	var ms runtime.MemStats
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for n := 0; n < b.N; n++ {
		r, err := Open(path, rosterFields)
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if rows++; rows%20_000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
		if rows != benchRows {
			b.Fatalf("read %d rows", rows)
		}
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(benchRows*b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
}

func BenchmarkReadCSV100k(b *testing.B) {
	benchRead(b, makeBenchCSV(b))
}

func BenchmarkReadXLSX100k(b *testing.B) {
	benchRead(b, makeBenchXLSX(b, false))
}

// BenchmarkReadXLSX100kIDsEnding000 shows the cost of the lost-digit check
// once some text IDs end in "000": a second iterator over the sheet.
func BenchmarkReadXLSX100kIDsEnding000(b *testing.B) {
	benchRead(b, makeBenchXLSX(b, true))
}

func BenchmarkWriteXLSX100k(b *testing.B) {
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		makeBenchXLSX(b, false)
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
