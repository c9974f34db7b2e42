-- 职业培训 (issue #19 item 3, docs/DOMAIN.md §10): courses of a provider
-- for an occupation and level, and the persons enrolled with their
-- attendance, outcome and certificate. The subsidies are one-off benefits
-- (kind training; source "training:<occupation>:<level>", so that a person
-- is subsidised once per occupation and level) created by an approved
-- training.subsidy and paid by the monthly payroll; subsidy_batch marks
-- the enrolments it paid (the batch of the submission).
CREATE TABLE training_courses (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    region_code  TEXT NOT NULL REFERENCES regions (code),
    provider     TEXT NOT NULL,
    occupation   TEXT NOT NULL,
    level        TEXT NOT NULL,
    start_date   TEXT NOT NULL,
    end_date     TEXT NOT NULL,
    hours        INTEGER NOT NULL CHECK (hours > 0),
    places       INTEGER NOT NULL CHECK (places > 0),
    payee        TEXT NOT NULL,
    bank_account TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX training_courses_region ON training_courses (region_code);

CREATE TABLE training_enrolments (
    course_id        TEXT NOT NULL REFERENCES training_courses (id),
    id_no            TEXT NOT NULL REFERENCES persons (id_no),
    region_code      TEXT NOT NULL,
    status           TEXT NOT NULL,
    attended         INTEGER NOT NULL DEFAULT 0,
    certificate      TEXT NOT NULL DEFAULT '',
    cert_no          TEXT NOT NULL DEFAULT '',
    completed_on     TEXT NOT NULL DEFAULT '',
    bank_account     TEXT NOT NULL DEFAULT '',
    subsidy_batch    TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    PRIMARY KEY (course_id, id_no)
);
CREATE INDEX training_enrolments_person ON training_enrolments (id_no);
