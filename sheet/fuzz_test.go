package sheet

import (
	"bytes"
	"io"
	"testing"
)

func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{
		"3500", "3500.5", "3,500.50", "¥3500.00", "3500元", " 3500.00 ", "-12.30",
		"92233720368547758.07", "-92233720368547758.08", "3500.555", "abc", "", ".", "-¥1", "３５００",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fen, err := ParseYuan(s)
		if err != nil {
			return
		}
		text := FormatYuan(fen)
		back, err := ParseYuan(text)
		if err != nil {
			t.Fatalf("ParseYuan(%q) = %d, but ParseYuan(FormatYuan = %q) failed: %v", s, fen, text, err)
		}
		if back != fen {
			t.Fatalf("ParseYuan(%q) = %d, FormatYuan = %q, parsed back as %d", s, fen, text, back)
		}
	})
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"姓名,身份证号\n张三,1\n",
		"\uFEFF某某村参保花名册,,\n序号,*姓名,公民身份号码（必填）\n1,张三,11010519491231002X\n\n,,\n",
		"姓名\t身份证号\n\"张\n三\"\t1\n",
		"姓名,身份证号,身份证号\n",
		"\"unterminated,\n",
		"\xff\xfe\x00\x00",
		"\xd0\xd5\xc3\xfb,\xc9\xed\xb7\xdd\xd6\xa4\xba\xc5\r\n\xd5\xc5\xc8\xfd,1\r\n",
		"\r\r\n\n\"\"\"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewCSVReader(bytes.NewReader(data), rosterFields)
		if err != nil {
			return
		}
		defer r.Close()
		_ = r.Header()
		_ = r.Unknown()
		last := 0
		for i := 0; i < 1<<20; i++ {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				continue // a malformed record; later ones may still read
			}
			if row.Num <= last {
				t.Fatalf("row number %d after %d", row.Num, last)
			}
			last = row.Num
			if len(row.Raw) < len(r.Header()) {
				t.Fatalf("Raw has %d cells, header %d", len(row.Raw), len(r.Header()))
			}
			_ = row.PrecisionLost("id_no")
		}
		if done, total := r.Progress(); done > total {
			t.Fatalf("Progress %d/%d", done, total)
		}
	})
}
