package policy

import (
	"errors"
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// FuzzParse: arbitrary input never panics; it either parses into
// parameters that validate again unchanged, or fails with a user error.
func FuzzParse(f *testing.F) {
	f.Add(DefaultTOML())
	f.Add("[[param]]\nkey = \"rate.110.employer\"\nvalue = \"16%\"\nfrom = 2019-05-01\nsource = \"x\"\n")
	f.Add("[[param]]\nkey = \"land.bands\"\nvalue = [{name=\"a\", kind=\"one_off\", min_age=0, amount=1e308}]\nfrom = 2020-01-01\nsource = \"x\"\n")
	f.Add("[[param]]\nkey = \"wage.avg_monthly\"\nvalue = nan\nfrom = 2020-01-01\nsource = \"x\"\n")
	f.Add("[[param]]\nkey = \"pension.adjust\"\nfrom = 2020-01-01\nsource = \"x\"\n[param.value]\nfixed = -1\n")
	f.Add("[param]\nkey = 1\n")
	f.Add("[[param]]\n[[param.value]]\ngrade = 1\n")
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := Parse(strings.NewReader(s))
		if err != nil {
			var e *shebao.Error
			if !errors.As(err, &e) || e.Code != shebao.EINVALID {
				t.Fatalf("error is not EINVALID: %v", err)
			}
			return
		}
		again, err := Validate(ps)
		if err != nil {
			t.Fatalf("parsed params do not validate: %v", err)
		}
		for i := range ps {
			if again[i] != ps[i] {
				t.Fatalf("not canonical: %+v → %+v", ps[i], again[i])
			}
		}
		s2 := NewSet(ps)
		for _, p := range ps {
			if _, err := s2.Get(p.Key, p.Region, date(2025, 1, 1)); err != nil && shebao.ErrorCode(err) != shebao.ENOTFOUND {
				t.Fatalf("lookup %s: %v", p.Key, err)
			}
		}
	})
}
