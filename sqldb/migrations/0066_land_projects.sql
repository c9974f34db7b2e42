-- The 城乡建设用地增减挂钩 project ledger (docs/DOMAIN.md §8; 国土资发〔2008〕138号):
-- a project area (项目区) with its 拆旧 plots (homesteads of households of the
-- registry, the area demolished and the compensation per plot) and a ledger
-- of entries, each keyed by its document number (文号) so that entering one
-- again changes nothing: 下达 (turnover quota issued), 使用 (quota used for
-- new construction, 建新), 复垦 (area of a plot reclaimed) and 验收 (area of a
-- plot accepted by the 复垦验收). Areas are hundredths of a 亩, money in 分.
CREATE TABLE land_projects (
    code        TEXT PRIMARY KEY,                          -- 项目编号
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),  -- the town or district that runs it
    status      TEXT NOT NULL,                             -- 实施中 / 已关闭
    closed_on   TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX land_projects_region ON land_projects (region_code);

CREATE TABLE land_project_plots (
    project_code    TEXT NOT NULL REFERENCES land_projects (code),
    plot_no         TEXT NOT NULL,                          -- 宅基地编号
    head_id_no      TEXT NOT NULL REFERENCES persons (id_no), -- the household's 户主
    household_id    TEXT NOT NULL DEFAULT '',               -- 户号 of the registry, when registered
    region_code     TEXT NOT NULL REFERENCES regions (code), -- the household's village
    homestead_area  BIGINT NOT NULL CHECK (homestead_area > 0),
    demolished_area BIGINT NOT NULL CHECK (demolished_area > 0 AND demolished_area <= homestead_area),
    compensation    BIGINT NOT NULL CHECK (compensation >= 0),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    PRIMARY KEY (project_code, plot_no)
);
CREATE INDEX land_project_plots_region ON land_project_plots (region_code);

CREATE TABLE land_project_entries (
    project_code TEXT NOT NULL REFERENCES land_projects (code),
    doc_no       TEXT NOT NULL,                            -- 文号
    kind         TEXT NOT NULL,                            -- 下达 / 使用 / 复垦 / 验收
    plot_no      TEXT NOT NULL DEFAULT '',                 -- for 复垦 and 验收
    area         BIGINT NOT NULL CHECK (area > 0),
    on_date      TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (project_code, doc_no)
);
