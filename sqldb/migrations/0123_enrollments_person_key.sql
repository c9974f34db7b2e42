-- An enrollment, its events, its slot and an employment carry the person's
-- key (issue #21 item 2: "a person's enrollments … live on one shard"), as
-- 0122 did for the benefits. On a Citus cluster a table can be distributed
-- by a column only when every unique key contains it, and two distributed
-- tables keep a foreign key between them only through that column; until
-- now enrollments and employments (primary key id) and enrollment_events
-- (no id_no at all) could only be reference tables, copied to every node.
-- With these keys a Citus cluster distributes the four tables, and the
-- declarations, by id_no (sqldb/citus.go; the assessment then computes the
-- declared lines on the person's shard: docs/SCALE.md).
--
-- The keys gain id_no as their LAST column, so every look-up by enrollment
-- id (an enrollment's events are read by enrollment_id, its next event by
-- (enrollment_id, seq)) keeps its index, and no index is added:
--
--   enrollments        PRIMARY KEY (id, id_no)                 was (id)
--   enrollment_events  + id_no (the enrollment's person);
--                      PRIMARY KEY (enrollment_id, seq, id_no)  was (enrollment_id, seq)
--                      FOREIGN KEY (enrollment_id, id_no) → enrollments (id, id_no)
--   enrollment_slots   FOREIGN KEY (enrollment_id, id_no) → enrollments (id, id_no)
--                      (a slot is the person's own: the slot and its
--                      enrollment now name the same person, which the
--                      engine checks)
--   employments        PRIMARY KEY (id, id_no)                 was (id)
--
-- An enrollment or employment id is 128 bits of time and randomness
-- (sqldb/audit.go newID) and belongs to one person, so (id, id_no) is as
-- unique as id was. A merge of duplicate registrations (MoveEnrollment)
-- moves an enrollment to the kept person by insert and delete, which a
-- distribution column requires too.
--
-- SQLite cannot change a key in place: the tables are rebuilt under new
-- names and renamed (as 0122), children dropped before parents; renaming
-- enrollments_new rewrites the foreign keys of its children (SQLite ≥
-- 3.26). On PostgreSQL the renamed tables' constraints are renamed back to
-- the names a table created under its own name would have.

CREATE TABLE enrollments_new (
    id            TEXT NOT NULL,
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
    updated_by    TEXT NOT NULL,
    PRIMARY KEY (id, id_no)
);
INSERT INTO enrollments_new (id, id_no, scheme, year, employer_uscc, household_id, region_code, status, start_date,
        end_date, end_reason, version, created_at, created_by, updated_at, updated_by)
    SELECT id, id_no, scheme, year, employer_uscc, household_id, region_code, status, start_date,
        end_date, end_reason, version, created_at, created_by, updated_at, updated_by
    FROM enrollments;

CREATE TABLE enrollment_events_new (
    enrollment_id TEXT NOT NULL,
    id_no         TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    action        TEXT NOT NULL,
    from_status   TEXT NOT NULL,
    to_status     TEXT NOT NULL,
    event_date    TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    employer_uscc TEXT NOT NULL DEFAULT '',
    actor         TEXT NOT NULL,
    at            TEXT NOT NULL,
    PRIMARY KEY (enrollment_id, seq, id_no),
    FOREIGN KEY (enrollment_id, id_no) REFERENCES enrollments_new (id, id_no)
);
INSERT INTO enrollment_events_new (enrollment_id, id_no, seq, action, from_status, to_status, event_date, reason,
        employer_uscc, actor, at)
    SELECT ev.enrollment_id, n.id_no, ev.seq, ev.action, ev.from_status, ev.to_status, ev.event_date, ev.reason,
        ev.employer_uscc, ev.actor, ev.at
    FROM enrollment_events ev JOIN enrollments n ON n.id = ev.enrollment_id;

CREATE TABLE enrollment_slots_new (
    id_no         TEXT NOT NULL REFERENCES persons (id_no),
    slot          TEXT NOT NULL,
    enrollment_id TEXT NOT NULL,
    PRIMARY KEY (id_no, slot),
    FOREIGN KEY (enrollment_id, id_no) REFERENCES enrollments_new (id, id_no)
);
INSERT INTO enrollment_slots_new (id_no, slot, enrollment_id)
    SELECT id_no, slot, enrollment_id FROM enrollment_slots;

CREATE TABLE employments_new (
    id             TEXT NOT NULL,
    id_no          TEXT NOT NULL REFERENCES persons (id_no),
    employer_uscc  TEXT NOT NULL REFERENCES employers (uscc),
    start_date     TEXT NOT NULL,
    end_date       TEXT NOT NULL DEFAULT '',
    end_reason     TEXT NOT NULL DEFAULT '',
    rural_contract INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (id, id_no)
);
INSERT INTO employments_new (id, id_no, employer_uscc, start_date, end_date, end_reason, rural_contract)
    SELECT id, id_no, employer_uscc, start_date, end_date, end_reason, rural_contract FROM employments;

DROP TABLE enrollment_slots;
DROP TABLE enrollment_events;
DROP TABLE enrollments;
DROP TABLE employments;
ALTER TABLE enrollments_new RENAME TO enrollments;
ALTER TABLE enrollment_events_new RENAME TO enrollment_events;
ALTER TABLE enrollment_slots_new RENAME TO enrollment_slots;
ALTER TABLE employments_new RENAME TO employments;
--postgres: ALTER TABLE enrollments RENAME CONSTRAINT enrollments_new_pkey TO enrollments_pkey;
--postgres: ALTER TABLE enrollments RENAME CONSTRAINT enrollments_new_id_no_fkey TO enrollments_id_no_fkey;
--postgres: ALTER TABLE enrollments RENAME CONSTRAINT enrollments_new_region_code_fkey TO enrollments_region_code_fkey;
--postgres: ALTER TABLE enrollment_events RENAME CONSTRAINT enrollment_events_new_pkey TO enrollment_events_pkey;
--postgres: ALTER TABLE enrollment_events RENAME CONSTRAINT enrollment_events_new_enrollment_id_id_no_fkey TO enrollment_events_enrollment_id_id_no_fkey;
--postgres: ALTER TABLE enrollment_slots RENAME CONSTRAINT enrollment_slots_new_pkey TO enrollment_slots_pkey;
--postgres: ALTER TABLE enrollment_slots RENAME CONSTRAINT enrollment_slots_new_id_no_fkey TO enrollment_slots_id_no_fkey;
--postgres: ALTER TABLE enrollment_slots RENAME CONSTRAINT enrollment_slots_new_enrollment_id_id_no_fkey TO enrollment_slots_enrollment_id_id_no_fkey;
--postgres: ALTER TABLE employments RENAME CONSTRAINT employments_new_pkey TO employments_pkey;
--postgres: ALTER TABLE employments RENAME CONSTRAINT employments_new_id_no_fkey TO employments_id_no_fkey;
--postgres: ALTER TABLE employments RENAME CONSTRAINT employments_new_employer_uscc_fkey TO employments_employer_uscc_fkey;

-- The indexes of 0002, 0040 and 0110, unchanged.
CREATE INDEX enrollments_person ON enrollments (id_no, scheme);
CREATE INDEX enrollments_region ON enrollments (region_code, scheme, status);
CREATE INDEX enrollments_employer ON enrollments (employer_uscc, scheme, status, region_code, start_date, id_no);
CREATE INDEX enrollment_events_employer ON enrollment_events (employer_uscc, to_status, event_date);
CREATE INDEX employments_person ON employments (id_no);
CREATE INDEX employments_employer ON employments (employer_uscc, end_date);
