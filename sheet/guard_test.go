package sheet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// bombXLSX writes an .xlsx-shaped zip whose part name inflates to size
// bytes of the unit repeated (about a thousandth of that on disk), and
// returns its bytes.
func bombXLSX(t *testing.T, name string, size int64, unit string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook/>`},
	} {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(unit), (1<<20)/len(unit))
	for n := int64(0); n < size; n += int64(len(chunk)) {
		if _, err := w.Write(chunk[:min(int64(len(chunk)), size-n)]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// declare sets the uncompressed size that the central directory declares
// for the part name, as a forger would.
func declare(t *testing.T, zipBytes []byte, name string, size uint32) []byte {
	t.Helper()
	b := bytes.Clone(zipBytes)
	sig := []byte{'P', 'K', 1, 2}
	for i := bytes.Index(b, sig); i >= 0; {
		nameLen := int(binary.LittleEndian.Uint16(b[i+28:]))
		if string(b[i+46:i+46+nameLen]) == name {
			binary.LittleEndian.PutUint32(b[i+24:], size)
			return b
		}
		j := bytes.Index(b[i+4:], sig)
		if j < 0 {
			break
		}
		i += 4 + j
	}
	t.Fatalf("no central directory entry for %s", name)
	return nil
}

// openMeasured opens the file as Open does and returns the error, the
// time it took and the bytes it allocated.
func openMeasured(t *testing.T, path string) (error, time.Duration, uint64) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	r, err := Open(path, []Field{{Key: "id_no", Aliases: []string{"身份证号"}}})
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if r != nil {
		r.Close()
	}
	return err, took, after.TotalAlloc - before.TotalAlloc
}

// TestZipBomb: a small .xlsx whose sheet inflates to 1 GB (or whose other
// parts inflate beyond what may be held in memory, or which lies about its
// sizes) is refused quickly, with a Chinese reason, having allocated a
// small fraction of what it inflates to.
func TestZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1 GB bomb")
	}
	dir := t.TempDir()
	sheet := bombXLSX(t, "xl/worksheets/sheet1.xml", 1000<<20, "A")
	if len(sheet) > 2<<20 {
		t.Fatalf("the bomb is %d bytes, not a small file", len(sheet))
	}
	// Rows of XML, which no cell or row limit stops.
	rows := bombXLSX(t, "xl/worksheets/sheet1.xml", 1000<<20, `<row r="1"><c r="A1" t="inlineStr"><is><t>1</t></is></c></row>`)
	styles := bombXLSX(t, "xl/styles.xml", 100<<20, " ")
	for _, c := range []struct {
		name string
		file []byte
		why  string
	}{
		{"a 1 GB sheet", sheet, "压缩比超过200倍"},
		{"a 1 GB sheet of rows", rows, "超过512 MiB"},
		// The same, declaring 100 MiB (a ratio that passes): a cell of
		// 100 MiB, or the inflating data running past the declared size.
		{"a 1 GB sheet declared 100 MiB", declare(t, sheet, "xl/worksheets/sheet1.xml", 100<<20), "单元格内容超过"},
		{"a 1 GB sheet of rows declared 100 MiB", declare(t, rows, "xl/worksheets/sheet1.xml", 100<<20), "文件已损坏"},
		{"a 1 GB sheet declared 2 GiB", declare(t, sheet, "xl/worksheets/sheet1.xml", 2<<30), "压缩比超过200倍"},
		{"100 MiB of styles", styles, "部件“xl/styles.xml”的压缩比超过200倍"},
		{"100 MiB of styles declared 1 MiB", declare(t, styles, "xl/styles.xml", 1<<20), "文件已损坏"},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".xlsx")
		if err := os.WriteFile(path, c.file, 0o600); err != nil {
			t.Fatal(err)
		}
		err, took, alloc := openMeasured(t, path)
		if err == nil || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: %v, want a refusal saying %s", c.name, err, c.why)
		}
		if took > 10*time.Second {
			t.Errorf("%s: refused after %v", c.name, took)
		}
		if alloc > 32<<20 {
			t.Errorf("%s: %d MiB allocated", c.name, alloc>>20)
		}
		t.Logf("%s: %v after %v, %d KiB allocated", c.name, err, took.Round(time.Millisecond), alloc>>10)
	}
}

// TestXLSXShapeLimits: a cell or a row beyond the limits, and too many
// parts, are refused; a workbook within them opens.
func TestXLSXShapeLimits(t *testing.T) {
	defer func(cell, row int64, parts int) { maxCellBytes, maxRowBytes, maxXLSXParts = cell, row, parts }(maxCellBytes, maxRowBytes, maxXLSXParts)
	// (excelize's worksheet tag alone, with its namespaces, is 4.7 KiB.)
	maxCellBytes, maxRowBytes = 16<<10, 64<<10
	dir := t.TempDir()
	write := func(name string, rows ...[]string) string {
		path := filepath.Join(dir, name)
		w, err := Create(path, []string{"身份证号", "姓名"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			w.Write(r)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	fine := write("fine.xlsx", []string{"11010519491231002X", strings.Repeat("王", 200)})
	if r, err := Open(fine, []Field{{Key: "id_no", Aliases: []string{"身份证号"}}}); err != nil {
		t.Errorf("a workbook within the limits: %v", err)
	} else {
		r.Close()
	}
	long := write("cell.xlsx", []string{"11010519491231002X", strings.Repeat("x", 20<<10)})
	if _, err := Open(long, nil); err == nil || !strings.Contains(err.Error(), "单元格内容超过16 KiB") {
		t.Errorf("a 20 KiB cell: %v", err)
	}
	wide := make([]string, 40)
	for i := range wide {
		wide[i] = strings.Repeat("y", 2000)
	}
	if _, err := Open(write("row.xlsx", wide), nil); err == nil || !strings.Contains(err.Error(), "有一行超过64 KiB") {
		t.Errorf("an 80 KiB row: %v", err)
	}
	maxXLSXParts = 3
	if _, err := Open(fine, nil); err == nil || !strings.Contains(err.Error(), "个部件") {
		t.Errorf("too many parts: %v", err)
	}
}
