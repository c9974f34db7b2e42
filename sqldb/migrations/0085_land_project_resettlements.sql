-- Resettlement (安置) of the 拆旧 households of a 增减挂钩 project (issue
-- #17): one per household (its head) and project — 货币安置 (amount),
-- 集中安置 (the flat, optionally an amount) or 自建 (the new homestead,
-- optionally a building subsidy) — on a date. Money in 分.
CREATE TABLE land_project_resettlements (
    project_code TEXT NOT NULL REFERENCES land_projects (code),
    head_id_no   TEXT NOT NULL REFERENCES persons (id_no),
    mode         TEXT NOT NULL CHECK (mode IN ('货币安置', '集中安置', '自建')),
    unit         TEXT NOT NULL DEFAULT '',
    amount       BIGINT NOT NULL CHECK (amount >= 0),
    on_date      TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (project_code, head_id_no)
);
