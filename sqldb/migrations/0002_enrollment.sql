-- Enrollment: a person's membership of a scheme (社会保险关系), with its
-- lifecycle. Employee schemes carry the current employer; residents' schemes
-- the household; 390 is enrolled per year.

CREATE TABLE households (
    id          TEXT PRIMARY KEY,          -- 户号: given by the village, or generated
    region_code TEXT NOT NULL REFERENCES regions (code),
    head_id_no  TEXT NOT NULL REFERENCES persons (id_no),
    created_at  TEXT NOT NULL
);

CREATE TABLE household_members (
    household_id TEXT NOT NULL REFERENCES households (id),
    id_no        TEXT NOT NULL REFERENCES persons (id_no),
    PRIMARY KEY (id_no)
);
CREATE INDEX household_members_household ON household_members (household_id);

-- Employment periods (单位参保期间): 增员 opens one, 减员 closes it.
CREATE TABLE employments (
    id            TEXT PRIMARY KEY,
    id_no         TEXT NOT NULL REFERENCES persons (id_no),
    employer_uscc TEXT NOT NULL REFERENCES employers (uscc),
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL DEFAULT '',
    end_reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX employments_person ON employments (id_no);
CREATE INDEX employments_employer ON employments (employer_uscc, end_date);

CREATE TABLE enrollments (
    id            TEXT PRIMARY KEY,
    id_no         TEXT NOT NULL REFERENCES persons (id_no),
    scheme        TEXT NOT NULL,
    year          INTEGER NOT NULL DEFAULT 0,      -- enrollment year of annual schemes (390), else 0
    employer_uscc TEXT NOT NULL DEFAULT '',        -- current employer of employee schemes
    household_id  TEXT NOT NULL DEFAULT '',
    region_code   TEXT NOT NULL REFERENCES regions (code), -- the person's region, for jurisdiction
    status        TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL DEFAULT '',
    end_reason    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);
CREATE INDEX enrollments_person ON enrollments (id_no, scheme);
CREATE INDEX enrollments_region ON enrollments (region_code, scheme, status);
CREATE INDEX enrollments_employer ON enrollments (employer_uscc, scheme, status);

-- At most one open enrollment per person and slot: 110/120/170 share the
-- slot "pension", 310/390 "medical". The primary key makes the rule hold
-- under concurrent writers on every engine, without serializable isolation.
CREATE TABLE enrollment_slots (
    id_no         TEXT NOT NULL REFERENCES persons (id_no),
    slot          TEXT NOT NULL,
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    PRIMARY KEY (id_no, slot)
);

-- Every change of an enrollment: what, when (business date and time of
-- entry), why and who.
CREATE TABLE enrollment_events (
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    seq           INTEGER NOT NULL,
    action        TEXT NOT NULL,
    from_status   TEXT NOT NULL,
    to_status     TEXT NOT NULL,
    event_date    TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    employer_uscc TEXT NOT NULL DEFAULT '',
    actor         TEXT NOT NULL,
    at            TEXT NOT NULL,
    PRIMARY KEY (enrollment_id, seq)
);
