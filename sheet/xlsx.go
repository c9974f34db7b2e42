package sheet

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxOptions make excelize format built-in date formats the way Excel on
// Chinese Windows shows them: numFmt 14 (the locale's short date, which is
// what a clerk gets by typing 2024/1/1) as "2024/1/1" instead of excelize's
// en-US default "01-01-24", and the zh-CN built-ins (e.g. 57) as "2024年1月".
// The unzip limits are those checkXLSX enforces first (guard.go).
func xlsxOptions() excelize.Options {
	return excelize.Options{
		ShortDatePattern:  "yyyy/m/d",
		LongDatePattern:   `yyyy"年"m"月"d"日"`,
		CultureInfo:       excelize.CultureNameZhCN,
		UnzipSizeLimit:    maxXLSXTotal,
		UnzipXMLSizeLimit: min(xlsxUnzipXMLLimit, maxXLSXTotal),
	}
}

// xlsxSource streams the rows of one worksheet.
type xlsxSource struct {
	f     *excelize.File
	sheet string
	rows  *excelize.Rows
	num   int   // row number of the last row returned
	total int64 // last row of the sheet's dimension, 0 if unknown

	// raw is a second iterator over the same sheet returning unformatted
	// values, opened only when a cell of 16+ digits needs checking; rawNum is
	// its current row and rawCells that row's cells.
	raw      *excelize.Rows
	rawNum   int
	rawCells []string
	rawErr   bool
}

// openXLSX opens the first visible worksheet of a workbook.
func openXLSX(path string) (source, error) {
	if err := checkXLSX(path); err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, xlsxOptions())
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		if errors.Is(err, zip.ErrFormat) || errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, errors.New("无法打开Excel文件:文件已损坏或不是.xlsx格式(设置了打开密码的文件、改了扩展名的旧版.xls文件,请在Excel中取消密码并另存为.xlsx)")
		}
		return nil, fmt.Errorf("无法打开Excel文件:%w", err)
	}
	sheet := ""
	for _, name := range f.GetSheetList() {
		if visible, _ := f.GetSheetVisible(name); visible {
			sheet = name
			break
		}
	}
	if sheet == "" {
		_ = f.Close()
		return nil, errors.New("Excel文件中没有可见的工作表")
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("无法读取工作表“%s”:%w", sheet, err)
	}
	s := &xlsxSource{f: f, sheet: sheet, rows: rows}
	if dim, err := f.GetSheetDimension(sheet); err == nil {
		s.total = dimensionRows(dim)
	}
	return s, nil
}

// dimensionRows returns the last row of a dimension like "A1:F100"; 0 when
// the dimension is missing or a single cell (which some writers emit for any
// sheet, so it says nothing).
func dimensionRows(dim string) int64 {
	_, last, ok := strings.Cut(dim, ":")
	if !ok {
		return 0
	}
	_, row, err := excelize.CellNameToCoordinates(last)
	if err != nil {
		return 0
	}
	return int64(row)
}

// read returns the next row. excelize's iterator yields every row number,
// also those absent from the file (as no cells), so counting calls gives the
// row number Excel shows.
func (s *xlsxSource) read() (record, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return record{}, fmt.Errorf("读取Excel第%d行失败:%w", s.num+1, err)
		}
		return record{}, io.EOF
	}
	s.num++
	cells, err := s.rows.Columns()
	if err != nil {
		return record{}, fmt.Errorf("读取Excel第%d行失败:%w", s.num, err)
	}
	rec := record{cells: cells, num: s.num}
	for i, c := range cells {
		if maybeLostDigits(c) && s.isNumberCell(i, c) {
			rec.lost = append(rec.lost, i)
		}
	}
	return rec, nil
}

// maybeLostDigits reports an integer of 16 or more significant digits whose
// digits past the 15th are all zeros: what excelize shows for an Excel number
// that lost precision when the cell has the "0" number format
// (1.1010519491231E+17 shows as 110105194912310000). Only such cells are
// checked against their raw value; a text cell rarely looks like this, so
// text 身份证号 cost no second look.
func maybeLostDigits(s string) bool {
	s = strings.TrimLeft(strings.TrimPrefix(s, "-"), "0")
	if len(s) < 16 || !isDigits(s) {
		return false
	}
	return strings.TrimRight(s[15:], "0") == ""
}

// isNumberCell reports whether the cell at column col of the current row is
// stored as a number (its raw value is numeric text different from the
// formatted one) rather than as text. Excel writes such numbers in
// E-notation, while a text cell's raw value is the text itself.
func (s *xlsxSource) isNumberCell(col int, formatted string) bool {
	if s.rawErr {
		return false
	}
	if s.raw == nil {
		rows, err := s.f.Rows(s.sheet)
		if err != nil {
			s.rawErr = true
			return false
		}
		s.raw = rows
	}
	for s.rawNum < s.num {
		if !s.raw.Next() {
			s.rawErr = true
			return false
		}
		s.rawNum++
		s.rawCells = nil
		if s.rawNum == s.num {
			cells, err := s.raw.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				s.rawErr = true
				return false
			}
			s.rawCells = cells
		}
	}
	if col >= len(s.rawCells) {
		return false
	}
	raw := s.rawCells[col]
	if raw == formatted {
		return false
	}
	_, err := strconv.ParseFloat(raw, 64)
	return err == nil
}

// progress reports rows read against the sheet's dimension.
func (s *xlsxSource) progress() (done, total int64) {
	done, total = int64(s.num), s.total
	if done > total {
		total = 0
	}
	return done, total
}

// close closes the iterators and the workbook, removing excelize's temporary
// files.
func (s *xlsxSource) close() error {
	err := s.rows.Close()
	if s.raw != nil {
		_ = s.raw.Close()
	}
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}
