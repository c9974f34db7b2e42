package web

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestSweepUploads: a server starting removes the upload folders a crashed
// run left behind, and leaves those of servers still running.
func TestSweepUploads(t *testing.T) {
	dir := t.TempDir()
	// A process that has ended: its id names nobody now.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run a child process:", err)
	}
	dead := cmd.Process.Pid
	live := os.Getppid() // the go command or the shell: running
	before := processStart.Add(-time.Minute)
	for _, c := range []struct {
		name string
		mod  time.Time
	}{
		{fmt.Sprintf("shebao-import-%d-crashed", dead), before},
		{fmt.Sprintf("shebao-import-%d-previous-run-same-id", os.Getpid()), before},
		{"shebao-import-legacy123", before},
		{fmt.Sprintf("shebao-import-%d-other-server", live), before},
		{fmt.Sprintf("shebao-import-%d-other-server-old", live), time.Now().Add(-uploadMaxAge - time.Minute)},
		{fmt.Sprintf("shebao-import-%d-this-run", os.Getpid()), time.Now()},
		{"unrelated", before},
	} {
		p := filepath.Join(dir, c.name)
		if err := os.Mkdir(p, 0o700); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(p, "upload.xlsx"), []byte("personal data"), 0o600)
		if err := os.Chtimes(p, c.mod, c.mod); err != nil {
			t.Fatal(err)
		}
	}
	if n := sweepUploads(dir, time.Now()); n != 4 {
		t.Errorf("removed %d folders, want 4", n)
	}
	entries, _ := os.ReadDir(dir)
	left := map[string]bool{}
	for _, e := range entries {
		left[e.Name()] = true
	}
	for _, keep := range []string{fmt.Sprintf("shebao-import-%d-other-server", live), fmt.Sprintf("shebao-import-%d-this-run", os.Getpid()), "unrelated"} {
		if !left[keep] {
			t.Errorf("%s removed", keep)
		}
	}
	if len(left) != 3 {
		t.Errorf("left %v", left)
	}
}
