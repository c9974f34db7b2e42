package sheet

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"
)

// An .xlsx file is a zip of XML parts, and a zip can inflate a
// thousandfold: a 1 MB upload of one sheet of repeated bytes inflates to
// 1 GB (a "zip bomb"), which drove the server to 6 GB of memory. Before
// excelize sees a workbook, checkXLSX inflates every part once into
// nothing, counting the bytes as they come (the sizes a zip declares are
// not trusted, though Go's archive/zip also refuses data beyond them), and
// refuses the file when a part or the whole exceeds the limits below.
// excelize is then told the same total (Options.UnzipSizeLimit) and keeps
// worksheets above 16 MiB in temporary files, reading them as a stream
// (Options.UnzipXMLSizeLimit), so that memory holds only the parts it must
// parse whole — shared strings, styles, the workbook — and one row at a
// time. Together they keep an import under 300 MB of memory whatever the
// file (TestZipBomb measures what a bomb costs: kilobytes).
//
// The limits are variables so that tests can lower them.
var (
	// maxXLSXTotal bounds all parts together, inflated: some ten million
	// cells, a roster of a million persons, and well over what the UI's
	// largest upload (20 MiB) holds.
	maxXLSXTotal int64 = 512 << 20
	// maxParsedPart bounds each part excelize reads into memory whole: the
	// shared strings (a roster of 200,000 persons has some 25 MiB) and
	// everything that is not a worksheet.
	maxParsedPart int64 = 48 << 20
	// maxParsedTotal bounds those parts together. (Shared strings of
	// 46 MiB — 1.2 million strings — peak at 167 MiB of heap while read.)
	maxParsedTotal int64 = 64 << 20
	// maxRatio bounds inflated size ÷ compressed size of a part larger
	// than ratioFloor: the XML of real spreadsheets inflates 5 to 30 times
	// (a sheet of identical empty styled cells some 100 times); repeated
	// bytes, a thousand times.
	maxRatio   int64 = 200
	ratioFloor int64 = 1 << 20
	// maxXLSXParts bounds the number of parts (each costs excelize a map
	// entry and a buffer).
	maxXLSXParts = 10000
	// maxCellBytes bounds a worksheet's longest run of bytes between '<'
	// and '>' — a cell's text or a tag, which the XML decoder holds whole:
	// Excel allows 32,767 characters in a cell, up to 640 KiB escaped.
	maxCellBytes int64 = 1 << 20
	// maxRowBytes bounds a worksheet's row, which the reader holds whole.
	maxRowBytes int64 = 32 << 20
)

// xlsxUnzipXMLLimit is the size above which excelize streams a worksheet
// from a temporary file instead of holding it in memory (its default).
const xlsxUnzipXMLLimit = 16 << 20

// errBomb is the refusal of a file that inflates beyond the limits.
func errBomb(format string, args ...any) error {
	return fmt.Errorf("Excel文件解压后过大,已拒绝导入(疑似“压缩炸弹”,或文件过大,请拆分后分批导入):"+format, args...)
}

// mib is a size in MiB for messages.
func mib(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }

// checkXLSX inflates every part of the workbook at path, counting, and
// returns an error in Chinese when a limit is exceeded. It keeps nothing
// but counts in memory.
func checkXLSX(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		// excelize reports a file that is not a zip, in its own words.
		return nil
	}
	defer zr.Close()
	if len(zr.File) > maxXLSXParts {
		return errBomb("文件含%d个部件,超过上限%d个", len(zr.File), maxXLSXParts)
	}
	// The declared sizes first, which cost nothing to check.
	var declared, parsed int64
	for _, f := range zr.File {
		size, packed := int64(f.UncompressedSize64), int64(f.CompressedSize64)
		if err := checkPartSize(f.Name, size, packed); err != nil {
			return err
		}
		declared += size
		if !isWorksheet(f.Name) {
			parsed += size
		}
		if declared > maxXLSXTotal || declared < 0 {
			return errBomb("各部件解压后共超过%s", mib(maxXLSXTotal))
		}
		if parsed > maxParsedTotal || parsed < 0 {
			return errBomb("须整体读入内存的部件解压后共超过%s", mib(maxParsedTotal))
		}
	}
	// Then the bytes as they inflate.
	var total int64
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		n, err := inflateCounting(f, maxXLSXTotal-total)
		total += n
		if err != nil {
			return err
		}
	}
	return nil
}

// isWorksheet reports a worksheet part, which excelize streams.
func isWorksheet(name string) bool {
	return strings.HasPrefix(strings.ToLower(strings.ReplaceAll(name, `\`, "/")), "xl/worksheets/sheet")
}

// checkPartSize checks one part's inflated size against its limits.
func checkPartSize(name string, size, packed int64) error {
	if size > ratioFloor && size > maxRatio*max(packed, 1) {
		return errBomb("部件“%s”的压缩比超过%d倍", name, maxRatio)
	}
	if size > maxXLSXTotal || size < 0 {
		return errBomb("部件“%s”解压后超过%s", name, mib(maxXLSXTotal))
	}
	if !isWorksheet(name) && size > maxParsedPart {
		return errBomb("部件“%s”解压后超过%s", name, mib(maxParsedPart))
	}
	return nil
}

// inflateCounting reads one part to its end, counting bytes against the
// part's limits and budget (what the whole file may still inflate to);
// for a worksheet it also measures the longest cell and row.
func inflateCounting(f *zip.File, budget int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("无法打开Excel文件:文件已损坏(部件“%s”:%v)", f.Name, err)
	}
	defer rc.Close()
	ws := isWorksheet(f.Name)
	var sh shape
	buf := make([]byte, 32<<10)
	var n int64
	for {
		k, err := rc.Read(buf)
		n += int64(k)
		if n > budget {
			return n, errBomb("各部件解压后共超过%s", mib(maxXLSXTotal))
		}
		if cerr := checkPartSize(f.Name, n, int64(f.CompressedSize64)); cerr != nil {
			return n, cerr
		}
		if ws && k > 0 {
			if serr := sh.scan(buf[:k]); serr != nil {
				return n, fmt.Errorf("%s(部件“%s”)", serr.Error(), f.Name)
			}
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
				return n, fmt.Errorf("无法打开Excel文件:文件已损坏(部件“%s”的数据与其声明的大小或校验和不符)", f.Name)
			}
			return n, fmt.Errorf("无法读取Excel文件:%w", err)
		}
	}
}

// shape follows a worksheet's XML as it streams past: the bytes since the
// last '<' or '>' (a cell's text or a tag) and since the start of the
// current row.
type shape struct {
	run   int64 // bytes since the last '<' or '>'
	row   int64 // bytes since the last "<row"
	match int   // how much of "<row" the latest bytes match
}

const rowTag = "<row"

func (s *shape) scan(b []byte) error {
	for _, c := range b {
		s.row++
		if c == '<' || c == '>' {
			s.run = 0
		} else if s.run++; s.run > maxCellBytes {
			return fmt.Errorf("Excel文件中有单元格内容超过%d KiB,已拒绝导入", maxCellBytes>>10)
		}
		switch {
		case c == rowTag[s.match]:
			s.match++
			if s.match == len(rowTag) {
				s.row, s.match = int64(len(rowTag)), 0
			}
		case c == '<':
			s.match = 1
		default:
			s.match = 0
		}
		if s.row > maxRowBytes {
			return fmt.Errorf("Excel文件中有一行超过%d KiB,已拒绝导入", maxRowBytes>>10)
		}
	}
	return nil
}
