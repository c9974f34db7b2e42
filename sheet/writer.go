package sheet

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// textNumFmt is Excel's built-in "@" (text) number format. Cells and columns
// carrying it stay text when a clerk edits them, so a 身份证号 typed later is
// not turned into a number either.
const textNumFmt = 49

// Writer streams rows into a new .xlsx or .csv file. The file appears at its
// path only when Close succeeds (it is written to a temporary file in the same
// folder first), so a failed export never leaves half a file behind.
// It is not safe for concurrent use.
type Writer struct {
	path string
	tmp  *os.File

	// xlsx
	xf        *excelize.File
	sw        *excelize.StreamWriter
	textStyle int
	boldStyle int
	numStyles map[int]int // places → style of a number cell
	row       int

	// csv
	bw *bufio.Writer
	cw *csv.Writer

	err    error // first error; later calls return it
	closed bool
}

// Create starts a new file at path and writes the header row (none when
// header is empty), choosing the format by extension:
//
//   - .xlsx: one sheet named "Sheet1" written with excelize's StreamWriter.
//     The header row is bold and frozen. Every cell is written as a text
//     (inline string) cell with the text number format, so an 18-digit
//     身份证号 like "11010519491231002X", a bank account or "0012" keep
//     every digit and Excel never converts them to numbers.
//   - .csv: UTF-8 with a BOM and CRLF line ends, which Excel on Chinese
//     Windows opens with the characters right. Note that Excel still turns
//     long digit strings in a CSV into numbers when it opens one; give
//     clerks .xlsx when they will edit the file. A cell that a spreadsheet
//     would take for a formula is neutralised (CSVCell).
func Create(path string, header []string) (*Writer, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".xlsx" && ext != ".csv" {
		return nil, fmt.Errorf("不支持导出为%q格式,请使用.xlsx或.csv", ext)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("无法创建文件:%w", err)
	}
	w := &Writer{path: path, tmp: tmp}
	if ext == ".xlsx" {
		err = w.startXLSX(len(header))
	} else {
		w.bw = bufio.NewWriterSize(tmp, 64<<10)
		_, err = w.bw.WriteString("\uFEFF")
		w.cw = csv.NewWriter(w.bw)
		w.cw.UseCRLF = true
	}
	if err == nil && len(header) > 0 {
		err = w.write(header, true)
	}
	if err != nil {
		w.discard()
		return nil, err
	}
	return w, nil
}

// startXLSX prepares the workbook, styles and the stream writer.
func (w *Writer) startXLSX(cols int) error {
	w.xf = excelize.NewFile()
	var err error
	if w.textStyle, err = w.xf.NewStyle(&excelize.Style{NumFmt: textNumFmt}); err != nil {
		return err
	}
	if w.sw, err = w.xf.NewStreamWriter("Sheet1"); err != nil {
		return err
	}
	if cols > 0 {
		if err = w.sw.SetColStyle(1, min(cols, excelize.MaxColumns), w.textStyle); err != nil {
			return err
		}
	}
	return w.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// Write appends one row. After an error every later Write, and Close,
// return that error and no file is produced.
func (w *Writer) Write(cells []string) error {
	return w.write(cells, false)
}

// WriteHeader appends a bold row of text cells: a title, or the header
// of a table after the first.
func (w *Writer) WriteHeader(cells []string) error {
	return w.write(cells, true)
}

// Number is a number cell: Value shown with Places decimals and
// thousands separators (an amount of 元 with 2, a count with 0).
type Number struct {
	Value  float64
	Places int
}

// Money is an amount in fen as a number cell of 元 with two places, so that
// a spreadsheet sums the column (a text cell sums to 0); the cell holds the
// spreadsheet's binary number, as every amount in a spreadsheet does.
func Money(fen int64) Number { return Number{Value: float64(fen) / 100, Places: 2} }

// WriteCells appends a row of text (string) and number (Number) cells. In
// an .xlsx a Number is a number cell, which a spreadsheet sums; text stays
// text, so that a code keeps its digits. In a .csv a Number is written
// with its places, without separators.
func (w *Writer) WriteCells(cells []any) error {
	if w.cw != nil || w.closed || w.err != nil {
		row := make([]string, len(cells))
		for i, c := range cells {
			switch v := c.(type) {
			case Number:
				row[i] = strconv.FormatFloat(v.Value, 'f', v.Places, 64)
			case string:
				row[i] = v
			default:
				row[i] = fmt.Sprint(v)
			}
		}
		return w.write(row, false)
	}
	w.row++
	if w.row > excelize.TotalRows {
		w.err = fmt.Errorf("超过Excel的最大行数%d行,请分成多个文件导出", excelize.TotalRows)
		return w.err
	}
	vals := make([]any, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case Number:
			style, err := w.numStyle(v.Places)
			if err != nil {
				w.err = err
				return err
			}
			vals[i] = excelize.Cell{StyleID: style, Value: v.Value}
		default:
			cell := excelize.Cell{StyleID: w.textStyle}
			if s := fmt.Sprint(v); s != "" {
				cell.Value = s
			}
			vals[i] = cell
		}
	}
	ref, _ := excelize.CoordinatesToCellName(1, w.row)
	if err := w.sw.SetRow(ref, vals); err != nil {
		w.err = fmt.Errorf("写入第%d行失败:%w", w.row, err)
	}
	return w.err
}

// numStyle returns the style of a number with the places (#,##0 or
// #,##0.00 …).
func (w *Writer) numStyle(places int) (int, error) {
	if s, ok := w.numStyles[places]; ok {
		return s, nil
	}
	format := "#,##0"
	if places > 0 {
		format += "." + strings.Repeat("0", places)
	}
	s, err := w.xf.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return 0, err
	}
	if w.numStyles == nil {
		w.numStyles = map[int]int{}
	}
	w.numStyles[places] = s
	return s, nil
}

// write appends a row, bold when it is the header.
func (w *Writer) write(cells []string, header bool) error {
	if w.closed {
		return errors.New("sheet: write to closed Writer")
	}
	if w.err != nil {
		return w.err
	}
	if w.cw != nil {
		safe := make([]string, len(cells))
		for i, c := range cells {
			safe[i] = CSVCell(c)
		}
		w.err = w.cw.Write(safe)
		if w.err != nil {
			w.err = fmt.Errorf("写入文件失败:%w", w.err)
		}
		return w.err
	}
	w.row++
	if w.row > excelize.TotalRows {
		w.err = fmt.Errorf("超过Excel的最大行数%d行,请分成多个文件导出", excelize.TotalRows)
		return w.err
	}
	if len(cells) > excelize.MaxColumns {
		w.err = fmt.Errorf("超过Excel的最大列数%d列", excelize.MaxColumns)
		return w.err
	}
	style := w.textStyle
	if header {
		if w.boldStyle == 0 {
			var err error
			if w.boldStyle, err = w.xf.NewStyle(&excelize.Style{NumFmt: textNumFmt, Font: &excelize.Font{Bold: true}}); err != nil {
				w.err = err
				return err
			}
		}
		style = w.boldStyle
	}
	vals := make([]any, len(cells))
	for i, c := range cells {
		cell := excelize.Cell{StyleID: style}
		if c != "" {
			cell.Value = c // a string is always written as an inline string cell
		}
		vals[i] = cell
	}
	ref, _ := excelize.CoordinatesToCellName(1, w.row)
	if err := w.sw.SetRow(ref, vals); err != nil {
		w.err = fmt.Errorf("写入第%d行失败:%w", w.row, err)
	}
	return w.err
}

// Close finishes the file and moves it into place. If any Write failed, or
// finishing fails, the partial file is removed and the error returned.
// Calling Close again returns nil.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	err := w.err
	if err == nil {
		err = w.finish()
	}
	if err != nil {
		w.discard()
		return err
	}
	w.closed = true
	if err := os.Rename(w.tmp.Name(), w.path); err != nil {
		_ = os.Remove(w.tmp.Name())
		return fmt.Errorf("无法保存文件:%w", err)
	}
	return nil
}

// finish flushes everything into the temporary file and closes it.
func (w *Writer) finish() error {
	var err error
	if w.cw != nil {
		w.cw.Flush()
		if err = w.cw.Error(); err == nil {
			err = w.bw.Flush()
		}
	} else {
		if err = w.sw.Flush(); err == nil {
			err = w.xf.Write(w.tmp)
		}
		if cerr := w.xf.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = w.tmp.Chmod(0o644)
	}
	if cerr := w.tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("无法保存文件:%w", err)
	}
	return nil
}

// discard drops the temporary file and the workbook's temporary files.
func (w *Writer) discard() {
	w.closed = true
	if w.xf != nil {
		_ = w.xf.Close()
	}
	_ = w.tmp.Close()
	_ = os.Remove(w.tmp.Name())
}

// CSVCell returns the cell as a CSV export must hold it so that no
// spreadsheet runs it as a formula ("CSV injection"): a cell starting with
// '=', '+', '-', '@', a tab or a carriage return gets a single quote in
// front, which Excel, WPS and LibreOffice read as "text follows"
// (OWASP's CSV Injection guidance). A bank account or a name such as
// =HYPERLINK(…) or -2+3+cmd|' /C calc'!A0 so reaches the bank or the
// clerk as text.
//
// A cell that is a plain decimal number — an optional sign, digits, an
// optional fraction, as shebao writes amounts ("-12.50") — stays as it
// is: a spreadsheet reads it as that number, and it can carry no formula
// (that needs an operator, a name or a function after the sign). So the
// writer needs no column types: an amount stays an amount in every
// export, the bank file's included, and text never passes as a number
// unless it is one. Reading a CSV undoes the quote (csvSource.read).
func CSVCell(c string) string {
	if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) || isPlainNumber(c) {
		return c
	}
	return "'" + c
}

// isPlainNumber reports an optional sign, digits, and an optional '.'
// followed by digits.
func isPlainNumber(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	return whole != "" && isDigits(whole) && (!dot || (frac != "" && isDigits(frac)))
}

// unCSVCell undoes CSVCell on a cell read from a CSV file: the quote before
// a formula character goes.
func unCSVCell(c string) string {
	if len(c) >= 2 && c[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(c[1])) && !isPlainNumber(c[1:]) {
		return c[1:]
	}
	return c
}

// Section is a titled table for WriteSections: a header and rows whose
// cells are text (string) or numbers (Number).
type Section struct {
	Title  string
	Header []string
	Rows   [][]any
}

// WriteSections writes the sections one below the other, each with its
// title and header in bold and an empty row after it, into a new .xlsx (or
// .csv) file (Create).
func WriteSections(path string, secs []Section) error {
	w, err := Create(path, nil)
	if err != nil {
		return err
	}
	for _, s := range secs {
		if s.Title != "" {
			w.WriteHeader([]string{s.Title})
		}
		w.WriteHeader(s.Header)
		for _, r := range s.Rows {
			w.WriteCells(r)
		}
		w.Write(nil)
	}
	return w.Close()
}
