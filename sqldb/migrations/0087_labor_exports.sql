-- 劳务输出 (issue #19 item 4, docs/DOMAIN.md §10): a person sent to work
-- away through a 劳务公司 (a registered employer), with the destination,
-- the employer there and the start day. The person's line of the labour
-- register becomes 转移就业 with that destination (source export:<id>).
CREATE TABLE labor_exports (
    id            TEXT PRIMARY KEY,
    id_no         TEXT NOT NULL REFERENCES persons (id_no),
    region_code   TEXT NOT NULL,
    company_uscc  TEXT NOT NULL REFERENCES employers (uscc),
    destination   TEXT NOT NULL,
    dest_employer TEXT NOT NULL,
    occupation    TEXT NOT NULL DEFAULT '',
    start_date    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);
CREATE UNIQUE INDEX labor_exports_once ON labor_exports (id_no, company_uscc, start_date);
CREATE INDEX labor_exports_region ON labor_exports (region_code);
