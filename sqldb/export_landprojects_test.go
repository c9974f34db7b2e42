package sqldb

import "context"

// ProjectPlotVersions returns the superseded states of a project's plot:
// each version with what changed (changes_json), oldest first.
func (db *DB) ProjectPlotVersions(ctx context.Context, code, plot string) (versions []int, changes []string, err error) {
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT version, changes_json FROM land_project_plot_versions
		WHERE project_code = $1 AND plot_no = $2 ORDER BY version`), code, plot)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		var c string
		if err := rows.Scan(&v, &c); err != nil {
			return nil, nil, err
		}
		versions, changes = append(versions, v), append(changes, c)
	}
	return versions, changes, rows.Err()
}
