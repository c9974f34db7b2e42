package sqldbtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
)

// EnvCitus is the environment variable with the URL of a Citus cluster's
// coordinator (its database postgres, where the workers are registered):
// scripts/citus-cluster starts one and scripts/test exports it.
const EnvCitus = "SHEBAO_TEST_CITUS"

// EnvCitusAll, set to 1, adds the Citus cluster as a third engine of Each,
// EachApp and Engines. It is off by default: a fresh database on the
// cluster (three CREATE DATABASEs and a hundred tables laid out over the
// nodes) costs seconds, a thousand store tests would add most of an hour
// to CI, so CI runs the dedicated cluster scenario (cmd/shebao
// TestCitusScenario) and this switch serves a package's run by hand:
//
//	SHEBAO_TEST_CITUS_ALL=1 go test ./sqldb -run TestFoo
//
// SHEBAO_TEST_CITUS_ALL=only runs the tests on the cluster alone.
const EnvCitusAll = "SHEBAO_TEST_CITUS_ALL"

// CitusDSN creates a fresh database with the citus extension on every node
// of the cluster named by SHEBAO_TEST_CITUS (Citus does not propagate
// CREATE DATABASE), registers the workers in it, and returns its URL on the
// coordinator; "" when no cluster is configured (a failure under CI).
func CitusDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvCitus)
	if base == "" {
		// SHEBAO_NO_CITUS: CI without the Citus source says so loudly
		// (.ci/run) and runs the rest.
		if os.Getenv("CI") == "true" && os.Getenv("SHEBAO_NO_CITUS") == "" {
			t.Fatalf("%s is not set: under CI the Citus scenario must run (scripts/test starts a cluster)", EnvCitus)
		}
		return ""
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	coord, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer coord.Close()
	type node struct {
		host string
		port int
	}
	var coordNode node
	if err := coord.QueryRow(`SELECT nodename, nodeport FROM pg_dist_node WHERE groupid = 0`).Scan(&coordNode.host, &coordNode.port); err != nil {
		t.Fatalf("citus: the coordinator is not registered in %s: %v", base, err)
	}
	rows, err := coord.Query(`SELECT nodename, nodeport FROM pg_dist_node WHERE groupid <> 0 ORDER BY nodeport`)
	if err != nil {
		t.Fatal(err)
	}
	var workers []node
	for rows.Next() {
		var n node
		if err := rows.Scan(&n.host, &n.port); err != nil {
			t.Fatal(err)
		}
		workers = append(workers, n)
	}
	rows.Close()
	if len(workers) == 0 {
		t.Fatalf("citus: no workers registered in %s", base)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "shebao_citus_" + hex.EncodeToString(b[:])
	at := func(n node, db string) string {
		v := *u
		v.Host = fmt.Sprintf("%s:%d", n.host, n.port)
		v.Path = "/" + db
		return v.String()
	}
	all := append([]node{coordNode}, workers...)
	// Dropped coordinator first, so that its maintenance daemon does not
	// look for the workers' databases once they are gone.
	t.Cleanup(func() {
		for _, n := range all {
			admin, err := sql.Open("pgx", at(n, "postgres"))
			if err != nil {
				continue
			}
			admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			admin.Close()
		}
	})
	for _, n := range all {
		admin, err := sql.Open("pgx", at(n, "postgres"))
		if err != nil {
			t.Fatal(err)
		}
		// C collation as on the other engines (see PostgresDSN).
		_, err = admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`)
		admin.Close()
		if err != nil {
			t.Fatalf("citus: create database on %s:%d: %v", n.host, n.port, err)
		}
		db, err := sql.Open("pgx", at(n, name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec(`CREATE EXTENSION citus`)
		db.Close()
		if err != nil {
			t.Fatalf("citus: create extension on %s:%d: %v", n.host, n.port, err)
		}
	}
	db, err := sql.Open("pgx", at(coordNode, name))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`SELECT citus_set_coordinator_host($1, $2)`, coordNode.host, coordNode.port); err != nil {
		t.Fatalf("citus: coordinator: %v", err)
	}
	for _, w := range workers {
		if _, err := db.Exec(`SELECT citus_add_node($1, $2)`, w.host, w.port); err != nil {
			t.Fatalf("citus: add worker %s:%d: %v", w.host, w.port, err)
		}
	}
	return at(coordNode, name)
}
