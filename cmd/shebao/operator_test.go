package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Work done on the command line without --as is recorded under the
// operator's name (SHEBAO_OPERATOR, else the login), not as "system"
// (issue #15 item 8: 经办人 "system" for CLI work).
func TestCLIOperatorNamed(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "20"); code != 0 {
				t.Fatal(errOut)
			}
			db, err := sqldb.Open(context.Background(), eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			id := demoPerson(t, db)
			db.Close()
			var out bytes.Buffer
			e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out, getenv: func(k string) string {
				switch k {
				case "SHEBAO_DB":
					return eng.DSN
				case "SHEBAO_OPERATOR":
					return "wangli"
				case "USER":
					return "root"
				}
				return ""
			}}
			if err := run(context.Background(), []string{"show", "person", id}, e); err != nil {
				t.Fatal(err, out.String())
			}
			got, errOut, code := cli(t, eng.DSN, "audit", "show", "--person", id, "--json")
			if code != 0 {
				t.Fatal(errOut)
			}
			var entries []map[string]any
			if err := json.Unmarshal([]byte(got), &entries); err != nil || len(entries) == 0 {
				t.Fatalf("audit show: %v %s", err, got)
			}
			if e := entries[0]; e["actor"] != "cli:wangli" || e["remote"] != "cli" {
				t.Errorf("newest entry %v, want one by cli:wangli", e)
			}
			// Without SHEBAO_OPERATOR the login names the operator.
			e.getenv = func(k string) string {
				switch k {
				case "SHEBAO_DB":
					return eng.DSN
				case "USER":
					return "root"
				}
				return ""
			}
			if err := run(context.Background(), []string{"show", "person", id}, e); err != nil {
				t.Fatal(err)
			}
			got, _, _ = cli(t, eng.DSN, "audit", "show", "--person", id, "--json")
			entries = nil
			if json.Unmarshal([]byte(got), &entries); len(entries) == 0 || entries[0]["actor"] != "cli:root" {
				t.Errorf("newest entry without SHEBAO_OPERATOR: %v, want cli:root", entries)
			}
		})
	}
}
