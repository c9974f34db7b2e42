package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffSize is how much of the start of a text file decides its encoding and
// delimiter.
const sniffSize = 64 << 10

// csvSource reads records from delimited text.
type csvSource struct {
	cr       *csv.Reader
	counter  *countingReader
	total    int64
	closer   io.Closer // the file Open opened; nil for NewCSVReader
	num      int       // row number of the last record
	nextLine int       // line where the next record starts if no blank lines come first
}

// openCSVFile opens a .csv or .txt file; preferTab makes tab the delimiter
// when the start of the file shows neither commas nor tabs.
func openCSVFile(path string, preferTab bool) (source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("无法打开文件:%w", err)
	}
	var total int64
	if st, err := f.Stat(); err == nil {
		total = st.Size()
	}
	src, err := newCSVSource(f, f, total, preferTab)
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return src, nil
}

// sizeOf returns the size of r when r can tell it, else 0.
func sizeOf(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Size() int64 }:
		return v.Size()
	case interface{ Stat() (os.FileInfo, error) }:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	}
	return 0
}

// newCSVSource detects encoding and delimiter from the first 64 KiB of r and
// prepares a streaming csv.Reader.
func newCSVSource(r io.Reader, closer io.Closer, total int64, preferTab bool) (*csvSource, error) {
	counter := &countingReader{r: r}
	raw := bufio.NewReaderSize(counter, sniffSize)
	head, err := raw.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("读取文件失败:%w", err)
	}
	atEOF := err == io.EOF
	var text io.Reader
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = raw.Discard(3)
		text = raw
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		// Excel's "Unicode 文本" is UTF-16 with a BOM, tab-separated.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		text = transform.NewReader(raw, dec)
	case validUTF8Prefix(head, atEOF):
		text = raw
	default:
		text = transform.NewReader(raw, simplifiedchinese.GB18030.NewDecoder())
	}
	br := bufio.NewReaderSize(text, sniffSize)
	sample, _ := br.Peek(sniffSize) // a short sample at EOF is fine; errors resurface on read
	cr := csv.NewReader(br)
	cr.Comma = sniffDelimiter(sample, preferTab)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return &csvSource{cr: cr, counter: counter, total: total, closer: closer, nextLine: 1}, nil
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut off
// at the end of a sample that does not reach the end of the file.
func validUTF8Prefix(b []byte, atEOF bool) bool {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return !atEOF && len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:])
		}
		i += n
	}
	return true
}

// sniffDelimiter picks tab or comma from the first non-blank lines that hold
// either: tab when tabs outnumber commas. Without any, preferTab decides.
func sniffDelimiter(sample []byte, preferTab bool) rune {
	lines := 0
	for len(sample) > 0 && lines < headerScanRows {
		line := sample
		if i := bytes.IndexByte(sample, '\n'); i >= 0 {
			line, sample = sample[:i], sample[i+1:]
		} else {
			sample = nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		lines++
		tabs, commas := bytes.Count(line, []byte{'\t'}), bytes.Count(line, []byte{','})
		if tabs+commas > 0 {
			if tabs > commas {
				return '\t'
			}
			return ','
		}
	}
	if preferTab {
		return '\t'
	}
	return ','
}

// read returns the next record. Blank lines, which encoding/csv skips, still
// count toward the row number, as they do when Excel opens the file.
func (s *csvSource) read() (record, error) {
	cells, err := s.cr.Read()
	if err != nil {
		if err == io.EOF {
			return record{}, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return record{}, fmt.Errorf("第%d行CSV格式错误:%v", s.num+1, pe.Err)
		}
		return record{}, fmt.Errorf("读取文件失败:%w", err)
	}
	start, _ := s.cr.FieldPos(0)
	if blank := start - s.nextLine; blank > 0 {
		s.num += blank
	}
	s.num++
	last := len(cells) - 1
	end, _ := s.cr.FieldPos(last)
	s.nextLine = end + strings.Count(cells[last], "\n") + 1
	for i, c := range cells {
		cells[i] = unCSVCell(c)
	}
	return record{cells: cells, num: s.num}, nil
}

// progress reports bytes consumed from the file (which runs up to the
// read-ahead buffer ahead of the rows returned) and the file's size.
func (s *csvSource) progress() (done, total int64) {
	done, total = s.counter.n, s.total
	if total > 0 && done > total {
		done = total
	}
	return done, total
}

// close closes the file if the source opened it.
func (s *csvSource) close() error {
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

// Read reads from the underlying reader, counting bytes.
func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
