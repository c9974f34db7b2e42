-- The transfer information platform (流转信息平台), docs/DOMAIN.md §8:
-- intents to let land (出让意向: a parcel or an area, a term, an expected
-- rent) and to take land (求租意向: an area, a location, a use, a rent),
-- entered by the village's 信息联络员 (or the town) for households and
-- operators, keyed by the number the clerk gives. The contact is personal
-- data: the public list leaves it out.
CREATE TABLE land_transfer_intents (
    no           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,                    -- 出让 / 求租
    region_code  TEXT NOT NULL REFERENCES regions (code), -- the parcel's village, or the location sought
    parcel_code  TEXT NOT NULL DEFAULT '',
    land_class   TEXT NOT NULL DEFAULT '',
    area         BIGINT NOT NULL CHECK (area > 0), -- 0.01 亩
    years        INTEGER NOT NULL CHECK (years > 0),
    price        BIGINT NOT NULL CHECK (price >= 0), -- 分 per 亩 and year
    use_purpose  TEXT NOT NULL DEFAULT '',
    contact_id   TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    status       TEXT NOT NULL,                    -- 有效 / 已撤回
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX land_transfer_intents_region ON land_transfer_intents (region_code, kind, status);
