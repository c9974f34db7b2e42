package main

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestReadmeCommands: the README's command list is the CLI's tables', one
// line per command, batch job, determination kind and report subcommand
// ("shebao " + its usage), in alphabetical order, so that a new command or
// a changed usage cannot leave the README behind.
func TestReadmeCommands(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "## 命令 Commands\n\n```\n")
	if !ok {
		t.Fatal("README has no command list (## 命令 Commands, then a ``` block)")
	}
	block, _, _ := strings.Cut(rest, "```")
	got := strings.Split(strings.TrimRight(block, "\n"), "\n")
	var want []string
	for _, c := range commands {
		want = append(want, "shebao "+c.usage)
	}
	for _, table := range []map[string]job{jobs, determiners, reports} {
		for _, j := range table {
			want = append(want, "shebao "+j.usage)
		}
	}
	want = append(want, "shebao "+usageReportKind)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the README's command list differs from the command table; it should read:\n%s", strings.Join(want, "\n"))
	}
}
