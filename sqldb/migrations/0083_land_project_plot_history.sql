-- The 拆旧 homesteads of a 增减挂钩 project imported from a file (`shebao
-- import projectplots`, issue #17): a corrected row updates the plot and
-- keeps its previous state here, so a plot now carries its version and the
-- source (import run and row, or 'api') that wrote it last.
ALTER TABLE land_project_plots ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE land_project_plots ADD COLUMN source TEXT NOT NULL DEFAULT 'api';
ALTER TABLE land_project_plots ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE land_project_plots ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';

-- Superseded states of a plot: the row as it was (before_json) and what
-- changed (changes_json), keyed by the version it had.
CREATE TABLE land_project_plot_versions (
    project_code TEXT NOT NULL,
    plot_no      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    changed_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    source       TEXT NOT NULL,
    before_json  TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    PRIMARY KEY (project_code, plot_no, version),
    FOREIGN KEY (project_code, plot_no) REFERENCES land_project_plots (project_code, plot_no)
);
