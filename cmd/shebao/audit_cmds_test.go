package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestAuditAnchor: audit anchor appends the head to a file kept elsewhere;
// audit verify --anchor passes untouched and fails once the newest entries
// are deleted and the head rewound, which verify alone cannot see.
func TestAuditAnchor(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dsn := eng.DSN
			anchors := filepath.Join(t.TempDir(), "anchors.txt")
			for _, n := range []string{"aa01", "aa02"} {
				if _, errOut, code := cliIn(t, dsn, "secret-password-1\n", "user", "add", n, "--role", "admin"); code != 0 {
					t.Fatalf("user add: %s", errOut)
				}
			}
			out, errOut, code := cli(t, dsn, "audit", "anchor", "--out", anchors)
			m := regexp.MustCompile(`^shebao-audit-anchor seq=(\d+) hash=[0-9a-f]{64} at=\S+ anchored=\S+\n$`).FindStringSubmatch(out)
			if code != 0 || m == nil || !strings.Contains(errOut, anchors) {
				t.Fatalf("audit anchor: %d %q %s", code, out, errOut)
			}
			seq, _ := strconv.Atoi(m[1])
			b, err := os.ReadFile(anchors)
			if err != nil || string(b) != out {
				t.Fatalf("anchor file %q, printed %q: %v", b, out, err)
			}
			if _, errOut, code := cliIn(t, dsn, "secret-password-1\n", "user", "add", "aa03", "--role", "admin"); code != 0 {
				t.Fatalf("user add: %s", errOut)
			}
			if out, errOut, code := cli(t, dsn, "audit", "verify", "--anchor", anchors); code != 0 || !strings.Contains(out, "与锚点文件中的1个链头一致") {
				t.Fatalf("verify untouched: %d %s %s", code, out, errOut)
			}
			// The intruder deletes the newest two entries (the anchored one
			// and the one after it) and rewinds the head.
			raw := rawDB(t, dsn)
			keep := strconv.Itoa(seq - 1)
			for _, q := range []string{
				`DELETE FROM audit_log WHERE seq > ` + keep,
				`UPDATE audit_head SET seq = ` + keep + `, hash = (SELECT hash FROM audit_log WHERE seq = ` + keep + `) WHERE id = 1`,
			} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			if out, errOut, code := cli(t, dsn, "audit", "verify"); code != 0 || !strings.Contains(out, "提示") {
				t.Fatalf("verify without anchor: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, dsn, "audit", "verify", "--anchor", anchors); code != 1 || !strings.Contains(errOut, "截断") {
				t.Errorf("verify truncated: %d %s", code, errOut)
			}
			if _, errOut, code := cli(t, dsn, "audit", "verify", "--anchor", filepath.Join(t.TempDir(), "none")); code != 1 || !strings.Contains(errOut, "锚点文件") {
				t.Errorf("verify with a missing anchor file: %d %s", code, errOut)
			}
		})
	}
}
