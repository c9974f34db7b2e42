-- The labour register (劳动力资源台账, issue #19 item 1, docs/DOMAIN.md §10).
--
-- labor_register is what the village keeps for a person of working age:
-- the employment status it saw, the destination of a transfer, skills,
-- certificates, training and work wishes. One row per person; a change
-- keeps the previous state in labor_register_versions (as persons do).
-- Jurisdiction is the person's region (joined from persons on read).
CREATE TABLE labor_register (
    id_no         TEXT PRIMARY KEY REFERENCES persons (id_no),
    status        TEXT NOT NULL,
    destination   TEXT NOT NULL DEFAULT '',
    skills        TEXT NOT NULL DEFAULT '',
    certificates  TEXT NOT NULL DEFAULT '',
    training_wish TEXT NOT NULL DEFAULT '',
    work_wish     TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    source        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);

CREATE TABLE labor_register_versions (
    id_no        TEXT NOT NULL REFERENCES persons (id_no),
    version      INTEGER NOT NULL,
    changed_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    source       TEXT NOT NULL,
    before_json  TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    PRIMARY KEY (id_no, version)
);

-- labor_derived holds, for every person of working age on the day of the
-- last rebuild (shebao labor rebuild, a batch job over ranges of 身份证号),
-- the status shebao derives from its own records: an employee enrollment
-- in payment → 就业 with the employer, an unemployment benefit in payment
-- → 失业, a flexible-employment base for the month → 灵活就业, and by age
-- alone → 在校 (source 年龄). status is '' for a person of working age of
-- whom the data says nothing, so the rows count the register's population.
-- It is rebuilt set-based, never edited row by row.
CREATE TABLE labor_derived (
    id_no         TEXT PRIMARY KEY REFERENCES persons (id_no),
    region_code   TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT '',
    employer_uscc TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    as_of         TEXT NOT NULL
);
CREATE INDEX labor_derived_region ON labor_derived (region_code, status);
