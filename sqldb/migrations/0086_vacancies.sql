-- 职业介绍 (issue #19 items 4 and 7, docs/DOMAIN.md §10): vacancies of
-- registered employers, the persons referred to them with the outcome,
-- and the accounts of employers (role employer) bound to their USCC.
--
-- users.employer: the USCC an account of role employer acts for ('' for
-- every other role); sqldb limits such an account to that employer's
-- vacancies and their referrals.
ALTER TABLE users ADD COLUMN employer TEXT NOT NULL DEFAULT '';

-- vacancies (岗位空缺): an occupation with its places, skills wanted, the
-- place of work (a region: jurisdiction is that region), the monthly wage
-- range in fen and the days it is open; closed_on '' while open.
CREATE TABLE vacancies (
    id            TEXT PRIMARY KEY,
    employer_uscc TEXT NOT NULL REFERENCES employers (uscc),
    occupation    TEXT NOT NULL,
    places        INTEGER NOT NULL CHECK (places > 0),
    skills        TEXT NOT NULL DEFAULT '',
    region_code   TEXT NOT NULL REFERENCES regions (code),
    wage_min      BIGINT NOT NULL CHECK (wage_min >= 0),
    wage_max      BIGINT NOT NULL CHECK (wage_max >= wage_min),
    open_from     TEXT NOT NULL,
    open_until    TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    closed_on     TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);
CREATE INDEX vacancies_employer ON vacancies (employer_uscc);
CREATE INDEX vacancies_region ON vacancies (region_code);

-- vacancy_skills: the skill words of a vacancy, one per row in the
-- vacancy's order (pos from 1), so that the matching joins them to the
-- register's skills in one statement.
CREATE TABLE vacancy_skills (
    vacancy_id TEXT NOT NULL REFERENCES vacancies (id),
    skill      TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    PRIMARY KEY (vacancy_id, skill)
);

-- referrals (推荐): a person referred to a vacancy, once per vacancy, with
-- the outcome (推荐 → 录用 / 未录用 / 未报到) and its day. A 录用 is the
-- employer's 增员 and ends the person's open 失业登记 (unemployment: its id).
CREATE TABLE referrals (
    id            TEXT PRIMARY KEY,
    vacancy_id    TEXT NOT NULL REFERENCES vacancies (id),
    id_no         TEXT NOT NULL REFERENCES persons (id_no),
    region_code   TEXT NOT NULL,
    referred_on   TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    outcome_on    TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    enrollments   INTEGER NOT NULL DEFAULT 0,
    unemployment  TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);
CREATE UNIQUE INDEX referrals_once ON referrals (vacancy_id, id_no);
CREATE INDEX referrals_person ON referrals (id_no);
