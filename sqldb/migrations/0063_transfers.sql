-- Transfers of the operating right of contracted land (土地经营权流转),
-- docs/DOMAIN.md §8: the contracts (land_transfers) and the parcels each
-- takes, in whole or in part (land_transfer_parcels), and the 资格审查 of
-- enterprises above the local area threshold (land_transfer_reviews).
-- Money BIGINT 分, areas BIGINT hundredths of a 亩, dates 'YYYY-MM-DD'.

-- A transfer contract, keyed by its number (流转合同号). status: 待鉴证 →
-- 已鉴证 (verified by the town's service centre and filed with the 发包方,
-- through the approval approval_id) → 已终止 (ended early on ended_on).
-- rent is per 亩 and year.
CREATE TABLE land_transfers (
    no              TEXT PRIMARY KEY,
    form            TEXT NOT NULL,
    region_code     TEXT NOT NULL REFERENCES regions (code),
    transferee_kind TEXT NOT NULL,
    transferee_id   TEXT NOT NULL,
    transferee_name TEXT NOT NULL,
    start_on        TEXT NOT NULL,
    end_on          TEXT NOT NULL,
    rent            BIGINT NOT NULL CHECK (rent >= 0),
    purpose         TEXT NOT NULL,
    consent         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    approval_id     TEXT NOT NULL DEFAULT '',
    verified_on     TEXT NOT NULL DEFAULT '',
    verified_by     TEXT NOT NULL DEFAULT '',
    ended_on        TEXT NOT NULL DEFAULT '',
    end_reason      TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    source          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    CHECK (start_on <= end_on)
);
CREATE INDEX land_transfers_region ON land_transfers (region_code, status);
CREATE INDEX land_transfers_transferee ON land_transfers (transferee_id);

-- The parcels of a transfer: area taken (0.01 亩) and the household head
-- who transfers it (the parcel's 承包方代表).
CREATE TABLE land_transfer_parcels (
    transfer_no      TEXT NOT NULL REFERENCES land_transfers (no),
    parcel_code      TEXT NOT NULL REFERENCES land_parcels (code),
    transferor_id_no TEXT NOT NULL REFERENCES persons (id_no),
    area             BIGINT NOT NULL CHECK (area > 0),
    source           TEXT NOT NULL,
    PRIMARY KEY (transfer_no, parcel_code)
);
CREATE INDEX land_transfer_parcels_parcel ON land_transfer_parcels (parcel_code);
CREATE INDEX land_transfer_parcels_transferor ON land_transfer_parcels (transferor_id_no);

-- Approved 资格审查 of enterprises: the total area an enterprise may take
-- until a date (an approval of kind transfer.review; a new approval for
-- the same enterprise and date replaces the area).
CREATE TABLE land_transfer_reviews (
    uscc        TEXT NOT NULL,
    name        TEXT NOT NULL,
    area        BIGINT NOT NULL CHECK (area > 0),
    until       TEXT NOT NULL,
    region_code TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    PRIMARY KEY (uscc, until)
);
