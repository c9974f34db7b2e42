-- Unemployment registration, 就业困难人员 and 零就业家庭 (issue #19 item 2,
-- docs/DOMAIN.md §10).
--
-- unemployment_registrations (失业登记): a person of working age who wants
-- work and has none registers; the registration stays open until it is
-- ended (found work, left the working age …). At most one open per person.
CREATE TABLE unemployment_registrations (
    id            TEXT PRIMARY KEY,
    id_no         TEXT NOT NULL REFERENCES persons (id_no),
    region_code   TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    ended_on      TEXT NOT NULL DEFAULT '',
    end_reason    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);
CREATE UNIQUE INDEX unemployment_registrations_open ON unemployment_registrations (id_no) WHERE ended_on = '';
CREATE INDEX unemployment_registrations_person ON unemployment_registrations (id_no, registered_on);

-- hardship_certifications (就业困难人员认定, 就业促进法 第五十二条): a
-- registered unemployed person certified with a reason, from a day, until
-- an end day ('' open) and ended early with a reason. At most one open
-- certification per person.
CREATE TABLE hardship_certifications (
    id           TEXT PRIMARY KEY,
    id_no        TEXT NOT NULL REFERENCES persons (id_no),
    region_code  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    basis        TEXT NOT NULL,            -- what the reason was checked against, in Chinese
    certified_on TEXT NOT NULL,
    valid_until  TEXT NOT NULL DEFAULT '', -- the certification's term ('' none)
    ended_on     TEXT NOT NULL DEFAULT '',
    end_reason   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
);
CREATE UNIQUE INDEX hardship_certifications_open ON hardship_certifications (id_no) WHERE ended_on = '';

-- zero_employment_households (零就业家庭): households found by a scan with
-- a member unemployed and no member working, listed until a later scan
-- finds them cleared (cleared_on, with the reason). One open row per
-- household.
CREATE TABLE zero_employment_households (
    id             TEXT PRIMARY KEY,
    household_id   TEXT NOT NULL REFERENCES households (id),
    region_code    TEXT NOT NULL,
    found_on       TEXT NOT NULL,
    members        INTEGER NOT NULL,      -- members of working age when found
    unemployed     INTEGER NOT NULL,      -- of which unemployed
    cleared_on     TEXT NOT NULL DEFAULT '',
    cleared_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX zero_employment_households_open ON zero_employment_households (household_id) WHERE cleared_on = '';
CREATE INDEX zero_employment_households_region ON zero_employment_households (region_code, cleared_on);
