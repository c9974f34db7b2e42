package idno

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkError fails unless err is an *Error with a non-empty reason: callers
// show the reason to the user, so every rejection must carry one.
func checkError(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *idno.Error", err, err)
	}
	if e.Reason == "" || !utf8.ValidString(e.Reason) {
		t.Fatalf("error reason %q is empty or not valid UTF-8", e.Reason)
	}
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "11010519491231002x", "110105194912310011", "110105491231002",
		"１１０１０５１９４９１２３１００２ｘ", " 11010519491231002X ", "110105194912310021",
		"11010519491231002", "1101051949A231002X", "11010519490230002X", "99010519491231002X",
		"110105194912310009", "44052418800101001X", "", "X", "\xff", "\u3000", "640106202506150023",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n := NormalizeID(s); NormalizeID(n) != n {
			t.Fatalf("NormalizeID is not idempotent on %q: %q then %q", s, n, NormalizeID(n))
		}
		id, err := ParseID(s, testToday)
		if err != nil {
			checkError(t, err)
			return
		}
		if len(id.Number) != 18 {
			t.Fatalf("ParseID(%q).Number = %q, not 18 chars", s, id.Number)
		}
		if !allDigits(id.Number[:17]) || id.Number[17] != refCheckID(id.Number[:17]) {
			t.Fatalf("ParseID(%q).Number = %q, check char should be %c", s, id.Number, refCheckID(id.Number[:17]))
		}
		if id.Region != id.Number[:6] {
			t.Fatalf("ParseID(%q).Region = %q, Number %q", s, id.Region, id.Number)
		}
		if got, want := id.Birth.Format("20060102"), id.Number[6:14]; got != want {
			t.Fatalf("ParseID(%q).Birth = %s, Number says %s", s, got, want)
		}
		if id.Birth.Year() < 1900 || id.Birth.After(testToday) {
			t.Fatalf("ParseID(%q).Birth = %v out of range", s, id.Birth)
		}
		if id.Male != ((id.Number[16]-'0')%2 == 1) {
			t.Fatalf("ParseID(%q).Male = %v for sequence digit %c", s, id.Male, id.Number[16])
		}
		again, err := ParseID(id.Number, testToday)
		if err != nil {
			t.Fatalf("ParseID(%q) = %q, which does not parse again: %v", s, id.Number, err)
		}
		if again.Upgraded {
			t.Fatalf("ParseID(%q).Upgraded = true for an 18-char number", id.Number)
		}
		again.Upgraded = id.Upgraded
		if again != id {
			t.Fatalf("ParseID(%q) = %+v, but ParseID of its Number = %+v", s, id, again)
		}
		if years, months := id.AgeOn(testToday); years < 0 || months < 0 || months > 11 || years > 125 {
			t.Fatalf("ParseID(%q).AgeOn(today) = %d, %d", s, years, months)
		}
		if m := MaskID(id.Number); len(m) != 18 || m[:4] != id.Number[:4] || m[14:] != id.Number[14:] || strings.Count(m, "*") != 10 {
			t.Fatalf("MaskID(%q) = %q", id.Number, m)
		}
	})
}

func FuzzParseUSCC(f *testing.F) {
	for _, s := range []string{
		"91350100M000100Y43", "914403001922038216", "91350100m000100y43", " ９１３５０１００Ｍ０００１００Ｙ４３ ",
		"91350100M000100Y44", "91350100M0O0100Y43", "91350100M000100Y4", "350100100012345",
		"91A50100M000100Y43", "", "\xff", "YYYYYYYYYYYYYYYYYY",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n := NormalizeUSCC(s); NormalizeUSCC(n) != n {
			t.Fatalf("NormalizeUSCC is not idempotent on %q", s)
		}
		u, err := ParseUSCC(s)
		if err != nil {
			checkError(t, err)
			return
		}
		if len(u.Code) != 18 || u.Code != strings.ToUpper(u.Code) {
			t.Fatalf("ParseUSCC(%q).Code = %q, not 18 upper-case chars", s, u.Code)
		}
		if u.Code[17] != refCheckUSCC(u.Code[:17]) {
			t.Fatalf("ParseUSCC(%q).Code = %q, check char should be %c", s, u.Code, refCheckUSCC(u.Code[:17]))
		}
		if u.Authority != u.Code[0] || u.Kind != u.Code[1] || u.Region != u.Code[2:8] || u.OrgCode != u.Code[8:17] {
			t.Fatalf("ParseUSCC(%q) = %+v, fields disagree with Code", s, u)
		}
		if !allDigits(u.Region) {
			t.Fatalf("ParseUSCC(%q).Region = %q, not digits", s, u.Region)
		}
		again, err := ParseUSCC(u.Code)
		if err != nil {
			t.Fatalf("ParseUSCC(%q) = %q, which does not parse again: %v", s, u.Code, err)
		}
		if again != u {
			t.Fatalf("ParseUSCC(%q) = %+v, but ParseUSCC of its Code = %+v", s, u, again)
		}
		_ = u.AuthorityName()
		_ = u.KindName()
		_ = u.OrgCodeValid()
	})
}

func FuzzParseRegion(f *testing.F) {
	for _, s := range []string{
		"640000000000", "640100000000", "640106000000", "640106001000", "640106001001",
		"64", "6401", "640106", "640106001", "６４０１０６", " 640106 ",
		"640006001000", "640100000001", "990000000000", "441900003000", "441900003001",
		"6401060010", "", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRegion(s)
		if err != nil {
			checkError(t, err)
			return
		}
		if len(r.Code) != 12 || !allDigits(r.Code) {
			t.Fatalf("ParseRegion(%q).Code = %q, not 12 digits", s, r.Code)
		}
		if r.Level < 1 || r.Level > 5 {
			t.Fatalf("ParseRegion(%q).Level = %d", s, r.Level)
		}
		p := r.Prefix()
		if len(p) != prefixLen[r.Level] || r.Code != p+strings.Repeat("0", 12-len(p)) {
			t.Fatalf("ParseRegion(%q): Prefix %q does not give Code %q", s, p, r.Code)
		}
		if !r.Contains(r.Code) {
			t.Fatalf("ParseRegion(%q): region does not contain itself", s)
		}
		for _, in := range []string{r.Code, p} {
			again, err := ParseRegion(in)
			if err != nil {
				t.Fatalf("ParseRegion(%q) = %+v, but ParseRegion(%q): %v", s, r, in, err)
			}
			if again != r {
				t.Fatalf("ParseRegion(%q) = %+v, but ParseRegion(%q) = %+v", s, r, in, again)
			}
		}
		if r.Level == 1 {
			if r.Parent != "" {
				t.Fatalf("ParseRegion(%q).Parent = %q for a province", s, r.Parent)
			}
			return
		}
		parent, err := ParseRegion(r.Parent)
		if err != nil {
			t.Fatalf("ParseRegion(%q).Parent = %q, which does not parse: %v", s, r.Parent, err)
		}
		if parent.Code != r.Parent || parent.Level >= r.Level || !parent.Contains(r.Code) {
			t.Fatalf("ParseRegion(%q) = %+v, parent %+v is not above it", s, r, parent)
		}
	})
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{
		"13912345678", "+86 139 1234 5678", "0951-1234567", "(0951)1234567", "+86 10 12345678",
		"1234567", "0951-0123456", "+1 415", "", "\xff", "0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = MaskPhone(s)
		_ = MaskID(s)
		p, err := ParsePhone(s)
		if err != nil {
			checkError(t, err)
			return
		}
		again, err := ParsePhone(p)
		if err != nil || again != p {
			t.Fatalf("ParsePhone(%q) = %q, but ParsePhone of that = %q, %v", s, p, again, err)
		}
		if m := MaskPhone(p); len(m) != len(p) || m == p {
			t.Fatalf("MaskPhone(%q) = %q", p, m)
		}
	})
}
