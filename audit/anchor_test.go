package audit_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao/audit"
)

func TestParseAnchors(t *testing.T) {
	h := strings.Repeat("ab", 32)
	for _, c := range []struct {
		file string
		ok   bool
	}{
		{"shebao-audit-anchor seq=3 hash=" + h + "\n", true},
		{"shebao-audit-anchor seq=0 hash=\n", true},
		{"  shebao-audit-anchor   seq=3 hash=" + h + " at=2026-03-01T02:00:00.123456Z anchored=2026-03-01T02:05:00Z  \n", true},
		{"", false},
		{"# nothing\n", false},
		{"shebao-audit-anchor seq=3\n", false},
		{"shebao-audit-anchor seq=3 hash=xyz\n", false},
		{"shebao-audit-anchor seq=-1 hash=" + h + "\n", false},
		{"shebao-audit-anchor seq=3 hash=" + h + " at=yesterday\n", false},
		{"shebao-audit-anchor seq=0 hash=" + h + "\n", false},
	} {
		_, err := audit.ParseAnchors(strings.NewReader(c.file))
		if (err == nil) != c.ok {
			t.Errorf("%q: %v", c.file, err)
		}
	}
}
