package main

import (
	"context"
	"io"
	"os"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/bench"
	"github.com/shebao/shebao/sqldb"
)

// system is an open database and the services over it: what commands work
// on. This file is the one place that picks the storage: sqldb, on SQLite
// or PostgreSQL by the DSN; every command, the web server, the importers,
// demo, gen and bench reach the data only through the services.
type system struct {
	*app.App
	store *sqldb.DB
	// Name is the database as given, without a password, for messages.
	Name string
	// Dialect is the engine, for messages.
	Dialect sqldb.Dialect
}

// openSystem opens (and migrates) the database named by dsn.
func openSystem(ctx context.Context, dsn string) (*system, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	a := app.New(db)
	// The office printed on certificates, for every face (the CLI's
	// --office overrides it for one certificate).
	a.Certificate.Office = os.Getenv(OfficeEnv)
	return &system{App: a, store: db, Name: db.Name, Dialect: db.Dialect}, nil
}

// Close closes the database.
func (s *system) Close() error { return s.store.Close() }

// openStore is bench's Opener: the product's database at a DSN.
func openStore(ctx context.Context, dsn string) (*app.App, io.Closer, error) {
	s, err := openSystem(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	return s.App, s, nil
}

// createDatabase is bench's PGCreator: a fresh database on a PostgreSQL
// server, on every node when the server is a Citus coordinator.
func createDatabase(ctx context.Context, server, name string) (*bench.PGDatabase, error) {
	c, err := sqldb.CreatePostgresDatabase(ctx, server, name)
	if err != nil {
		return nil, err
	}
	return &bench.PGDatabase{URL: c.URL, Citus: c.Citus, Drop: c.Drop}, nil
}
