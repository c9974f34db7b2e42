package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/bench"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestServeAuditSurvivesSIGKILL: a real `shebao serve` process under the
// load of concurrent clients — most reading persons (GET
// /api/v1/persons/{id_no}), one registering new persons (POST
// /api/v1/persons) — while CLI processes read persons too (`shebao show
// person`, another process appending to the same chain), is killed with
// SIGKILL at a random moment, twice. Afterwards the audit chain verifies,
// and every answer a client got (a 200 with the person, a 201 for a new
// one) has its entry: for each person at least as many person.read
// entries as answered reads, and a person.create entry for each person
// created. Reads are group-committed by the server's appender
// (sqldb/audit_append.go), so this is the test that no read is answered
// before its entry is committed.
func TestServeAuditSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills a loaded server")
	}
	bin := buildBinary(t)
	const persons = 2000
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ids, token := serveKillSetup(t, eng.DSN, persons)
			answered := map[string]int{} // id → reads answered with 200
			created := map[string]bool{} // ids answered with 201
			shown := map[string]int{}    // id → `shebao show person` that exited 0
			r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
			next := 0 // the next new person's number
			for round := range 2 {
				addr, cmd := startServe(t, bin, eng.DSN)
				stop := make(chan struct{})
				var wg sync.WaitGroup
				var mu sync.Mutex
				var reads, writes, cli int
				client := &http.Client{Timeout: 20 * time.Second}
				for c := range 16 {
					wg.Go(func() {
						cr := rand.New(rand.NewPCG(uint64(round), uint64(c)))
						for {
							select {
							case <-stop:
								return
							default:
							}
							id := ids[cr.IntN(len(ids))]
							if ok := getPerson(client, addr, token, id); ok {
								mu.Lock()
								answered[id]++
								reads++
								mu.Unlock()
							}
						}
					})
				}
				wg.Go(func() { // a clerk registering persons
					for {
						select {
						case <-stop:
							return
						default:
						}
						mu.Lock()
						n := next
						next++
						mu.Unlock()
						id := demo.IDNumber("640106", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n/400), n%400+1, n%2 == 0)
						if createPerson(client, addr, token, id) {
							mu.Lock()
							created[id] = true
							writes++
							mu.Unlock()
						}
					}
				})
				wg.Go(func() { // another process reading persons on the same database
					cr := rand.New(rand.NewPCG(uint64(round), 99))
					for {
						select {
						case <-stop:
							return
						default:
						}
						id := ids[cr.IntN(len(ids))]
						c := exec.Command(bin, "--db", eng.DSN, "show", "person", id)
						c.Env = append(os.Environ(), "SHEBAO_DB=")
						if out, err := c.Output(); err == nil && strings.Contains(string(out), id) {
							mu.Lock()
							shown[id]++
							cli++
							mu.Unlock()
						}
					}
				})
				// Let the load build up, then kill the server in the middle of it.
				time.Sleep(time.Duration(1500+r.IntN(2000)) * time.Millisecond)
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()
				close(stop)
				wg.Wait()
				t.Logf("round %d: killed after %d reads, %d persons created answered, %d CLI reads", round, reads, writes, cli)
				if reads == 0 || writes == 0 {
					t.Fatalf("round %d: no load before the kill (%d reads, %d writes)", round, reads, writes)
				}
			}
			checkAnswersAudited(t, eng.DSN, answered, shown, created)
		})
	}
}

// serveKillSetup builds the database: the demo regions, persons, a district
// clerk and an API token for them. It returns the persons' ID numbers and
// the token.
func serveKillSetup(t *testing.T, dsn string, persons int) ([]string, string) {
	t.Helper()
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := app.New(db)
	if err := bench.SaveRegions(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := bench.PreparePersons(ctx, a, t.TempDir(), persons, 0); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for len(ids) < persons {
		ps, _, err := a.Registry.FindPersons(ctx, shebao.PersonFilter{Limit: 1000, Offset: len(ids)})
		if err != nil || len(ps) == 0 {
			t.Fatalf("%d persons: %v", len(ids), err)
		}
		for _, p := range ps {
			ids = append(ids, p.IDNo)
		}
	}
	if err := a.Access.CreateUser(ctx, &shebao.User{Name: "killclerk", Role: shebao.RoleClerk, Region: "640106000000", Display: "经办员"}, "Kill-test-password-1"); err != nil {
		t.Fatal(err)
	}
	token, _, err := a.Access.CreateToken(ctx, "killclerk", "kill test", 0)
	if err != nil {
		t.Fatal(err)
	}
	return ids, token
}

// startServe starts `shebao serve` on a free port and returns its address
// once it listens.
func startServe(t *testing.T, bin, dsn string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, "--db", dsn, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "SHEBAO_DB=")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("serve printed nothing: %v", err)
	}
	go io.Copy(io.Discard, out)
	m := regexp.MustCompile(`http://(\S+)/`).FindStringSubmatch(line)
	if m == nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("serve printed %q", line)
	}
	return m[1], cmd
}

// getPerson reads a person and reports whether the answer was a whole 200
// with that person.
func getPerson(c *http.Client, addr, token, id string) bool {
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/persons/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var p struct {
		IDNo string `json:"id_no"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&p) != nil {
		return false
	}
	// The clerk sees the number masked: its first six and last four.
	return p.IDNo != "" && p.IDNo[:6] == id[:6] && p.IDNo[len(p.IDNo)-4:] == id[len(id)-4:]
}

// createPerson registers a person and reports whether the answer was 201.
func createPerson(c *http.Client, addr, token, id string) bool {
	body := fmt.Sprintf(`{"id_no":%q,"name":"新登记","hukou":"农业","region":"640106100201"}`, id)
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/persons", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusCreated
}

// checkAnswersAudited opens the database after the kills and checks the
// chain and that every answer has its entry.
func checkAnswersAudited(t *testing.T, dsn string, answered, shown map[string]int, created map[string]bool) {
	t.Helper()
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.CheckAudit(ctx)
	if err != nil || !c.OK {
		t.Fatalf("audit chain after the kills: %+v %v", c, err)
	}
	entries := func(id string) (reads, creates int) {
		es, err := db.FindAudit(ctx, shebao.AuditFilter{Entity: shebao.EntityPerson, Key: id, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			switch e.Action {
			case "person.read":
				reads++
			case "person.create":
				creates++
			}
		}
		return reads, creates
	}
	missing, total := 0, 0
	for id := range union(answered, shown) {
		want := answered[id] + shown[id]
		total += want
		if got, _ := entries(id); got < want {
			missing++
			if missing <= 5 {
				t.Errorf("person %s: %d reads answered (%d by the server, %d by the CLI), %d person.read entries", id, want, answered[id], shown[id], got)
			}
		}
	}
	for id := range created {
		if _, n := entries(id); n != 1 {
			missing++
			t.Errorf("person %s: created (201), %d person.create entries", id, n)
		}
	}
	if missing > 0 {
		t.Fatalf("%d answers without their audit entry", missing)
	}
	t.Logf("chain of %d entries whole; %d answered reads and %d answered creations all on record", c.Entries, total, len(created))
}

func union(a, b map[string]int) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
