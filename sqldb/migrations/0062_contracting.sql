-- Rural land contracting (土地承包), docs/DOMAIN.md §8: the 发包方 (village
-- collective or 村民小组), the contracts (承包合同, one per contractor
-- household and method) and their parcels (承包地块), with the history of
-- every change. Codes after GB/T 35958-2018; areas are BIGINT hundredths
-- of a 亩; dates 'YYYY-MM-DD' text; natural keys, no sequences.

-- 发包方: 14 digits = the village's region code + the group (00 = the
-- village collective itself).
CREATE TABLE land_issuers (
    code        TEXT PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- 承包合同: code = 承包方编码 (18) + J|Q. head_id_no is the 承包方代表
-- (户主), a person of the registry; household_id the registry's 户号 where
-- the head has one.
CREATE TABLE land_contracts (
    code            TEXT PRIMARY KEY,
    contractor_code TEXT NOT NULL,
    issuer_code     TEXT NOT NULL REFERENCES land_issuers (code),
    region_code     TEXT NOT NULL REFERENCES regions (code),
    head_id_no      TEXT NOT NULL REFERENCES persons (id_no),
    household_id    TEXT NOT NULL DEFAULT '',
    method          TEXT NOT NULL,
    start_on        TEXT NOT NULL,
    end_on          TEXT NOT NULL,
    cert_no         TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    source          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    CHECK (start_on < end_on)
);
-- One contractor per household head and 发包方.
CREATE UNIQUE INDEX land_contracts_head ON land_contracts (issuer_code, head_id_no, method);
CREATE INDEX land_contracts_region ON land_contracts (region_code);
CREATE INDEX land_contracts_contractor ON land_contracts (contractor_code);

-- 承包地块: 19 digits = 发包方编码 + 5.
CREATE TABLE land_parcels (
    code           TEXT PRIMARY KEY,
    contract_code  TEXT NOT NULL REFERENCES land_contracts (code),
    region_code    TEXT NOT NULL REFERENCES regions (code),
    area           BIGINT NOT NULL CHECK (area > 0),   -- 0.01 亩
    land_class     TEXT NOT NULL,
    basic_farmland INTEGER NOT NULL DEFAULT 0,
    bounds         TEXT NOT NULL DEFAULT '',            -- 四至
    version        INTEGER NOT NULL DEFAULT 1,
    source         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL
);
CREATE INDEX land_parcels_contract ON land_parcels (contract_code);
CREATE INDEX land_parcels_region ON land_parcels (region_code);

-- Superseded states of contracts and parcels (kind 'contract' or 'parcel').
CREATE TABLE land_contracting_versions (
    kind         TEXT NOT NULL,
    code         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    changed_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    source       TEXT NOT NULL,
    before_json  TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    PRIMARY KEY (kind, code, version)
);
