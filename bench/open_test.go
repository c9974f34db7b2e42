package bench

import (
	"context"
	"io"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
)

// openStore opens the product's database on sqldb, as cmd/shebao does.
func openStore(ctx context.Context, dsn string) (*app.App, io.Closer, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	return app.New(db), db, nil
}

// createDatabase makes a fresh database on the server through sqldb, as
// cmd/shebao does.
func createDatabase(ctx context.Context, server, name string) (*PGDatabase, error) {
	c, err := sqldb.CreatePostgresDatabase(ctx, server, name)
	if err != nil {
		return nil, err
	}
	return &PGDatabase{URL: c.URL, Citus: c.Citus, Drop: c.Drop}, nil
}
