-- 重复参保: likely duplicate registrations found by the district-wide scan,
-- waiting for a clerk to merge or dismiss them; and persons merged away.

ALTER TABLE persons ADD COLUMN merged_into TEXT NOT NULL DEFAULT '';

CREATE TABLE duplicate_candidates (
    id_no_a     TEXT NOT NULL REFERENCES persons (id_no),
    id_no_b     TEXT NOT NULL REFERENCES persons (id_no),
    reason      TEXT NOT NULL,
    score       INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT '待复核',
    found_at    TEXT NOT NULL,
    decided_by  TEXT NOT NULL DEFAULT '',
    decided_at  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (id_no_a, id_no_b)
);
CREATE INDEX duplicate_candidates_status ON duplicate_candidates (status, region_code);
