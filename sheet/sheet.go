// Package sheet reads and writes the spreadsheets clerks exchange with
// shebao: .xlsx workbooks and .csv/.txt text files.
//
// Reading streams row by row (excelize's Rows iterator, encoding/csv over a
// decoding reader), so a 100k-row 花名册 never sits in memory whole. Column
// headers are matched leniently: clerks add "*" required-markers, full-width
// parentheses, unit suffixes like "（元）", stray spaces and title rows above
// the header, and every one of those must still find its column.
//
// Writing produces .xlsx whose every cell is a text cell (so an 18-digit
// 身份证号 keeps all its digits) or UTF-8 .csv with a BOM (so Excel on Chinese
// Windows shows the characters right).
//
// Errors meant for clerks are in Simplified Chinese; errors that can only come
// from a programming mistake (bad Field definitions) are in English.
package sheet

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"
)

// Field describes one logical column an importer wants.
type Field struct {
	Key      string   // importer's key, e.g. "id_no"
	Aliases  []string // header texts clerks use, e.g. {"公民身份号码", "身份证号", "身份证号码", "证件号码"}
	Required bool     // the file must have this column
	// Label names the column in messages to clerks, e.g. "身份证号". Empty
	// means the first alias (or Key when there are no aliases).
	Label string
}

// label is the name shown to clerks for the field.
func (f Field) label() string {
	switch {
	case f.Label != "":
		return f.Label
	case len(f.Aliases) > 0:
		return f.Aliases[0]
	}
	return f.Key
}

// aliases are the header texts the field accepts: its Aliases, or its Key
// when it has none.
func (f Field) aliases() []string {
	if len(f.Aliases) == 0 {
		return []string{f.Key}
	}
	return f.Aliases
}

// Row is one data row.
type Row struct {
	// Num is the row number as the spreadsheet shows it: the header is row 1
	// (or lower down, below a title row) and the first data row follows it.
	// Skipped empty rows still count, so Num is what the clerk sees in Excel.
	// For CSV it is the record's index counting blank lines, header = 1, which
	// is the row Excel shows when it opens the file.
	Num int
	// Values holds the cell of each matched column by Field.Key, with
	// surrounding white space (including full-width spaces and NBSP) trimmed.
	// A field whose column the file lacks has no key; a row shorter than the
	// header gives "" for the missing cells.
	Values map[string]string
	// Raw is the row's cells in file order, untrimmed, for writing the row
	// back; it is padded with "" to at least the header's length.
	Raw []string
	// LostDigits lists, in column order, the keys whose xlsx cell is a number
	// shown as an integer of 16 or more digits (Excel's "0" number format
	// shows 1.1010519491231E+17 as 110105194912310000). Excel keeps only 15
	// significant digits, so the digits past the 15th are zeros, not the real
	// ones: typically an 身份证号 typed into a cell that was not formatted as
	// text. In General format such a number reads as E-notation instead,
	// which LooksLikeLostPrecision catches; PrecisionLost checks both. Always
	// nil for CSV, where nothing tells a number from text.
	LostDigits []string
}

// PrecisionLost reports whether the value under key cannot be trusted digit
// for digit: it came from an xlsx number cell of 16+ digits (LostDigits) or it
// is in E-notation (LooksLikeLostPrecision). An importer of 身份证号 or bank
// account numbers rejects such a row and asks the clerk to re-enter the column
// as text.
func (r Row) PrecisionLost(key string) bool {
	for _, k := range r.LostDigits {
		if k == key {
			return true
		}
	}
	v, ok := r.Values[key]
	return ok && LooksLikeLostPrecision(v)
}

// record is one row as a source delivers it.
type record struct {
	cells []string
	num   int   // row number as the spreadsheet shows it
	lost  []int // column indexes of xlsx number cells that lost digits
}

// source is one kind of file, delivering records in order.
type source interface {
	// read returns the next record, or io.EOF.
	read() (record, error)
	// progress reports work done and total work (0 if unknown).
	progress() (done, total int64)
	close() error
}

// headerScanRows is how many non-empty rows at the top are considered as the
// header row (title rows and notes may sit above it).
const headerScanRows = 5

// Reader reads data rows of a spreadsheet, mapping its columns to Fields.
// It is not safe for concurrent use.
type Reader struct {
	src     source
	fields  []Field
	header  []string
	keys    []string // per header column: the matched field's key, or ""
	unknown []string
	pending []record // non-empty rows read ahead while looking for the header
	closed  bool
}

// ErrClosed is returned by Next after Close.
var ErrClosed = errors.New("sheet: reader closed")

// Open opens a spreadsheet file for reading, choosing the format by the
// file's extension: .xlsx and .xlsm are read with excelize (the first visible
// sheet), .csv and .txt as delimited text.
//
// Open reads ahead to the header row: of the first five non-empty rows, the
// one whose cells name the most fields (so a title row such as a merged
// "某某村参保花名册" above the header is passed over), or the first non-empty
// row when none names any. It maps the header's cells to fields (see
// NormalizeHeader; a cell also matches after dropping a bracketed suffix,
// "工资（元）" → 工资) and reports missing required columns or a field named
// by two columns as a *HeaderError.
//
// xlsx cells come as excelize formats them (GetCellValue with raw=false),
// with built-in date formats shown as Excel on Chinese Windows shows them:
// a date typed as 2024/1/1 reads "2024/1/1", not excelize's default
// "01-01-24"; a date cell without a date format reads as its serial, "45292".
// ParseDate and ParseMonth accept both.
func Open(path string, fields []Field) (*Reader, error) {
	if err := checkFields(fields); err != nil {
		return nil, err
	}
	var (
		src source
		err error
	)
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".xlsx", ".xlsm":
		src, err = openXLSX(path)
	case ".csv", ".txt":
		src, err = openCSVFile(path, ext == ".txt")
	case ".xls", ".et":
		return nil, fmt.Errorf("暂不支持%s格式的文件,请在Excel或WPS中“另存为”.xlsx格式后再导入", ext)
	default:
		return nil, fmt.Errorf("不支持的文件类型%q,请使用.xlsx或.csv文件", ext)
	}
	if err != nil {
		return nil, err
	}
	return newReader(src, fields)
}

// NewCSVReader reads delimited text from r: UTF-8 (with or without BOM),
// UTF-16 with BOM or GB18030/GBK, comma- or tab-separated, all detected from
// the first 64 KiB. Progress reports bytes read against r's size when r has a
// Size() int64 or Stat method (as *os.File, *bytes.Reader and
// *strings.Reader do). Close does not close r.
func NewCSVReader(r io.Reader, fields []Field) (*Reader, error) {
	if err := checkFields(fields); err != nil {
		return nil, err
	}
	src, err := newCSVSource(r, nil, sizeOf(r), false)
	if err != nil {
		return nil, err
	}
	return newReader(src, fields)
}

// newReader finds the header row among the first rows of src and maps it.
// It closes src when it fails.
func newReader(src source, fields []Field) (*Reader, error) {
	r := &Reader{src: src, fields: fields}
	if err := r.readHeader(); err != nil {
		_ = src.close()
		return nil, err
	}
	return r, nil
}

// readHeader reads up to headerScanRows non-empty rows, takes the one that
// matches the most fields (the first non-empty row when none matches) as the
// header, and keeps the rows below it for Next.
func (r *Reader) readHeader() error {
	m := newMatcher(r.fields)
	var (
		rows      []record
		best      = -1
		bestScore = 0
	)
	for len(rows) < headerScanRows {
		rec, err := r.src.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if isEmpty(rec.cells) {
			continue
		}
		rows = append(rows, rec)
		if score := m.score(rec.cells); score > bestScore {
			best, bestScore = len(rows)-1, score
			if score == len(r.fields) {
				break
			}
		}
	}
	if len(rows) == 0 {
		return errors.New("文件中没有内容,找不到表头行")
	}
	if best < 0 {
		best = 0
	}
	hdr := rows[best]
	keys, unknown, err := m.assign(hdr.cells, hdr.num)
	if err != nil {
		return err
	}
	r.header, r.keys, r.unknown = hdr.cells, keys, unknown
	r.pending = rows[best+1:]
	return nil
}

// Header returns the header row's cells as they are in the file.
func (r *Reader) Header() []string { return r.header }

// Unknown returns the non-empty header cells that match no field (e.g. 序号,
// 备注), as they are in the file. Their columns are ignored; importers may
// show them to the clerk for information.
func (r *Reader) Unknown() []string { return r.unknown }

// Next returns the next data row, or io.EOF after the last. Completely empty
// rows are skipped, but Row.Num still counts them.
func (r *Reader) Next() (Row, error) {
	if r.closed {
		return Row{}, ErrClosed
	}
	for {
		var rec record
		if len(r.pending) > 0 {
			rec, r.pending = r.pending[0], r.pending[1:]
		} else {
			var err error
			if rec, err = r.src.read(); err != nil {
				return Row{}, err
			}
		}
		if !isEmpty(rec.cells) {
			return r.makeRow(rec), nil
		}
	}
}

// makeRow maps a record's cells to field keys.
func (r *Reader) makeRow(rec record) Row {
	raw := rec.cells
	if len(raw) < len(r.header) {
		raw = make([]string, len(r.header))
		copy(raw, rec.cells)
	}
	row := Row{Num: rec.num, Raw: raw, Values: make(map[string]string, len(r.fields))}
	for i, key := range r.keys {
		if key != "" {
			row.Values[key] = trimValue(raw[i])
		}
	}
	for _, col := range rec.lost {
		if col < len(r.keys) && r.keys[col] != "" {
			row.LostDigits = append(row.LostDigits, r.keys[col])
		}
	}
	return row
}

// Progress reports how far reading has got: bytes read and file size for
// CSV, rows read and the sheet's row count (from its dimension) for xlsx.
// total is 0 when unknown: files written by excelize, this package's Writer
// included, record no dimension; Excel does.
func (r *Reader) Progress() (done, total int64) { return r.src.progress() }

// Close releases the file. It is safe to call more than once.
func (r *Reader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	return r.src.close()
}

// isEmpty reports whether every cell is blank.
func isEmpty(cells []string) bool {
	for _, c := range cells {
		if trimValue(c) != "" {
			return false
		}
	}
	return true
}

// trimValue trims white space, including full-width spaces, NBSP and the
// zero-width characters that text pasted from web pages carries.
func trimValue(s string) string {
	return strings.TrimFunc(s, isBlankRune)
}

// isBlankRune reports white space and invisible format characters.
func isBlankRune(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}
