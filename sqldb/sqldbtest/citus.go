package sqldbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/shebao/shebao/sqldb"
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
	created := createDatabase(t, base, "shebao_citus_")
	if !created.Citus {
		t.Fatalf("citus: %s is not a Citus coordinator with workers (pg_dist_node)", EnvCitus)
	}
	return created.URL
}

// createDatabase creates a fresh database on the server (on every node of a
// Citus cluster) and drops it when the test ends.
func createDatabase(t testing.TB, server, prefix string) *sqldb.CreatedDatabase {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	created, err := sqldb.CreatePostgresDatabase(context.Background(), server, prefix+hex.EncodeToString(b[:]))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { created.Drop(context.Background()) })
	return created
}
