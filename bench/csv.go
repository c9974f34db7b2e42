package bench

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
)

// PersonsHeader is the header row of the generated roster.
var PersonsHeader = []string{"身份证号", "姓名", "性别", "户籍性质", "所属区划", "联系电话"}

// The numbers are unique by construction, without remembering them: row i
// gets the birth date of day (i/idsPerDay) and the sequence code
// 1 + i%idsPerDay (the three digits before the check character, whose parity
// is the sex). Days are spread over 1940–2004 by a stride coprime with the
// number of days, so that consecutive days of rows land decades apart and the
// primary key is filled in random order, as a real roster fills it.
const (
	idsPerDay   = 999 // sequence codes 001…999 (000 is not a valid code for demo.IDNumber)
	birthStride = 7919
	region6     = "640106"
)

var (
	birthFirst = time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
	birthDays  = int(time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC).Sub(birthFirst).Hours() / 24)
)

// MaxRows is the largest roster WritePersonsCSV can make with unique numbers.
var MaxRows = birthDays * idsPerDay

// personID returns the 身份证号 of row i (0-based) and whether it is a man's.
func personID(i int) (string, bool) {
	day := i / idsPerDay
	code := 1 + i%idsPerDay // 1…999: demo.IDNumber writes seq%500*2 (+1 for men)
	birth := birthFirst.AddDate(0, 0, day*birthStride%birthDays)
	male := code%2 == 1
	return demo.IDNumber(region6, birth, code/2, male), male
}

var mobilePrefixes = []string{"139", "138", "137", "135", "150", "151", "158", "186", "187", "177", "199", "133", "153", "189"}

// WritePersonsCSV writes a deterministic roster of rows persons to path, as
// UTF-8 CSV (no BOM) with the header 身份证号,姓名,性别,户籍性质,所属区划,联系电话.
// It streams: memory does not depend on rows. Every row is valid for
// ingest.Persons once the demo regions exist; every number is unique.
// Villages (…2xx) are mostly 农业, communities of the subdistrict mostly
// 非农业, with 居民 (post-2014 registrations) in both; about a third have a
// mobile number and a few a landline; one row in twenty leaves 性别 empty.
func WritePersonsCSV(path string, rows int, seed uint64) error {
	if rows < 0 || rows > MaxRows {
		return fmt.Errorf("bench: %d rows: between 0 and %d", rows, MaxRows)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	w := csv.NewWriter(bw)
	if err := w.Write(PersonsHeader); err != nil {
		f.Close()
		return err
	}
	r := rand.New(rand.NewPCG(seed, 0xbe4c4))
	villages := demo.Villages()
	rec := make([]string, len(PersonsHeader))
	for i := 0; i < rows; i++ {
		id, male := personID(i)
		v := villages[r.IntN(len(villages))]
		sex := "女"
		if male {
			sex = "男"
		}
		if r.IntN(20) == 0 {
			sex = ""
		}
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = id, demo.Name(r), sex, hukou(r, v), v, phone(r)
		if err := w.Write(rec); err != nil {
			f.Close()
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// hukou returns a hukou nature for a person of village v, sometimes in the
// wordings clerks use ("农业户口").
func hukou(r *rand.Rand, v string) string {
	k := r.IntN(100)
	var h string
	if v[9] == '0' { // 居委会 of the subdistrict
		switch {
		case k < 65:
			h = shebao.HukouNonAgricultural
		case k < 95:
			h = shebao.HukouResident
		default:
			h = shebao.HukouAgricultural
		}
	} else {
		switch {
		case k < 70:
			h = shebao.HukouAgricultural
		case k < 92:
			h = shebao.HukouResident
		default:
			h = shebao.HukouNonAgricultural
		}
	}
	if h != shebao.HukouResident && r.IntN(10) == 0 {
		h += "户口"
	}
	return h
}

// phone returns "" for about 62% of persons, else a mobile or (3%) a
// Yinchuan landline.
func phone(r *rand.Rand) string {
	switch k := r.IntN(100); {
	case k < 35:
		return mobilePrefixes[r.IntN(len(mobilePrefixes))] + pad(r.IntN(100_000_000), 8)
	case k < 38:
		return "0951-" + strconv.Itoa(5_000_000+r.IntN(3_000_000))
	}
	return ""
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
