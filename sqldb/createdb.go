package sqldb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// CreatedDatabase is a fresh PostgreSQL database made by CreatePostgresDatabase.
type CreatedDatabase struct {
	// URL is the new database's URL on the server (on a Citus cluster, on
	// its coordinator): Open and Migrate take it.
	URL string
	// Citus reports that the server is a Citus coordinator with workers:
	// the database exists on every node with the extension, and Migrate
	// lays the schema out over the cluster (citus.go).
	Citus bool

	name  string
	nodes []string // the maintenance URL of each node that holds it, coordinator first
}

var databaseName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// CreatePostgresDatabase creates the database name on the server whose
// maintenance database serverURL names, with the collation every shebao
// database has (C: byte order, as on SQLite, so that range conditions on
// text mean the same on both engines).
//
// When that maintenance database has the citus extension and workers in its
// pg_dist_node (scripts/citus-cluster starts such a cluster), the database is
// made the way Citus needs it, because Citus does not propagate CREATE
// DATABASE: on every node, each with the extension, and the coordinator and
// the workers registered in the new one. The tests' cluster helper
// (sqldbtest.CitusDSN) and `shebao bench --db` on a coordinator both come
// here, so a benchmark on the cluster runs on the layout the tests check.
func CreatePostgresDatabase(ctx context.Context, serverURL, name string) (*CreatedDatabase, error) {
	if !databaseName.MatchString(name) {
		return nil, fmt.Errorf("sqldb: %q is not a database name shebao creates (lower case letters, digits, _)", name)
	}
	if _, err := url.Parse(serverURL); err != nil {
		return nil, fmt.Errorf("sqldb: server URL: %w", err)
	}
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return nil, fmt.Errorf("sqldb: connect to the server: %w", err)
	}
	defer conn.Close(context.Background())

	created := &CreatedDatabase{name: name}
	var coordinator string
	var workers []string
	var hasCitus bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')`).Scan(&hasCitus); err != nil {
		return nil, fmt.Errorf("sqldb: look for citus: %w", err)
	}
	if hasCitus {
		rows, err := conn.Query(ctx, `SELECT groupid = 0, nodename || ':' || nodeport FROM pg_dist_node ORDER BY groupid, nodeport`)
		if err != nil {
			return nil, fmt.Errorf("sqldb: citus nodes: %w", err)
		}
		for rows.Next() {
			var isCoordinator bool
			var node string
			if err := rows.Scan(&isCoordinator, &node); err != nil {
				rows.Close()
				return nil, err
			}
			if isCoordinator {
				coordinator = node
			} else {
				workers = append(workers, node)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(workers) > 0 && coordinator == "" {
			return nil, errors.New("sqldb: citus has workers but the coordinator is not registered (citus_set_coordinator_host)")
		}
	}
	created.Citus = len(workers) > 0
	if !created.Citus {
		created.nodes = []string{serverURL}
	} else {
		// The coordinator is the server we were given; the workers are
		// reached as the coordinator registered them, with the same user
		// and options, in their maintenance database postgres.
		created.nodes = append(created.nodes, serverURL)
		for _, w := range workers {
			created.nodes = append(created.nodes, withURL(serverURL, w, "postgres"))
		}
	}
	fail := func(err error) (*CreatedDatabase, error) {
		created.Drop(context.WithoutCancel(ctx))
		return nil, err
	}
	for _, node := range created.nodes {
		admin, err := pgx.Connect(ctx, node)
		if err != nil {
			return fail(fmt.Errorf("sqldb: connect to %s: %w", hostOf(node), err))
		}
		_, err = admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`)
		admin.Close(context.Background())
		if err != nil {
			return fail(fmt.Errorf("sqldb: create database on %s: %w", hostOf(node), err))
		}
		if !created.Citus {
			continue
		}
		db, err := pgx.Connect(ctx, withURL(node, "", name))
		if err != nil {
			return fail(err)
		}
		_, err = db.Exec(ctx, `CREATE EXTENSION citus`)
		db.Close(context.Background())
		if err != nil {
			return fail(fmt.Errorf("sqldb: create extension citus on %s: %w", hostOf(node), err))
		}
	}
	created.URL = withURL(serverURL, "", name)
	if created.Citus {
		db, err := pgx.Connect(ctx, created.URL)
		if err != nil {
			return fail(err)
		}
		defer db.Close(context.Background())
		host, port := splitHostPort(coordinator)
		if _, err := db.Exec(ctx, `SELECT citus_set_coordinator_host($1, $2)`, host, port); err != nil {
			return fail(fmt.Errorf("sqldb: citus coordinator: %w", err))
		}
		for _, w := range workers {
			host, port := splitHostPort(w)
			if _, err := db.Exec(ctx, `SELECT citus_add_node($1, $2)`, host, port); err != nil {
				return fail(fmt.Errorf("sqldb: citus worker %s: %w", w, err))
			}
		}
	}
	return created, nil
}

// Drop drops the database on every node that holds it, the coordinator
// first, so that its maintenance daemon does not look for the workers'
// databases once they are gone.
func (c *CreatedDatabase) Drop(ctx context.Context) error {
	var errs []error
	for _, node := range c.nodes {
		admin, err := pgx.Connect(ctx, node)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+c.name+` WITH (FORCE)`); err != nil {
			errs = append(errs, fmt.Errorf("drop database %s on %s: %w", c.name, hostOf(node), err))
		}
		admin.Close(context.Background())
	}
	return errors.Join(errs...)
}

// withURL is rawURL on another host:port and/or database ("" keeps it).
func withURL(rawURL, hostPort, db string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	if hostPort != "" {
		u.Host = hostPort
	}
	if db != "" {
		u.Path = "/" + db
	}
	return u.String()
}

func hostOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "the server"
}

func splitHostPort(node string) (string, int) {
	host, port, err := net.SplitHostPort(node)
	if err != nil {
		return node, 5432
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		return host, 5432
	}
	return host, n
}
