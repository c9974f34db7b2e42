-- Land-expropriated farmers (被征地农民基本生活保障, scheme 910), 即征即保:
-- the land bureau's expropriation batches, the villages' rosters, the funds
-- received per batch and payer. Areas are BIGINT hundredths of a 亩, money
-- BIGINT 分, dates 'YYYY-MM-DD' text; natural keys, no sequences.

-- An expropriation batch (征地批次), keyed by its approval number (批准文号).
-- persons_to_secure (应安置农业人口) = area_taken × agri_population ÷
-- farmland, rounded by the policy land.rounding, with its explanation.
CREATE TABLE land_batches (
    approval_no       TEXT PRIMARY KEY,
    approved_on       TEXT NOT NULL,
    region_code       TEXT NOT NULL REFERENCES regions (code),  -- the village
    area_taken        BIGINT NOT NULL CHECK (area_taken >= 0),  -- 0.01 亩
    farmland          BIGINT NOT NULL CHECK (farmland > 0),     -- 0.01 亩
    agri_population   INTEGER NOT NULL CHECK (agri_population > 0),
    persons_to_secure INTEGER NOT NULL CHECK (persons_to_secure >= 0),
    explanation       TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    source            TEXT NOT NULL,                           -- "api", "import:<run>#<row>"
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    updated_by        TEXT NOT NULL
);
CREATE INDEX land_batches_region ON land_batches (region_code, approved_on);

-- Superseded states of a batch the land bureau corrected.
CREATE TABLE land_batch_versions (
    approval_no  TEXT NOT NULL REFERENCES land_batches (approval_no),
    version      INTEGER NOT NULL,
    changed_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    source       TEXT NOT NULL,
    before_json  TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    PRIMARY KEY (approval_no, version)
);

-- The roster (被征地人员名单): one row per person, so that nobody is secured
-- in two batches (the primary key). Age band and funding are fixed at the
-- approval date. status: 已报送 (submitted) → 已参保 (accepted and enrolled
-- in 910 on enrolled_on).
CREATE TABLE land_roster (
    id_no          TEXT PRIMARY KEY REFERENCES persons (id_no),
    approval_no    TEXT NOT NULL REFERENCES land_batches (approval_no),
    region_code    TEXT NOT NULL REFERENCES regions (code),
    name           TEXT NOT NULL,
    age            INTEGER NOT NULL,
    band           TEXT NOT NULL,
    band_kind      TEXT NOT NULL,    -- one_off / pension / allowance
    band_amount    BIGINT NOT NULL,
    standard       BIGINT NOT NULL,  -- 人均筹资标准
    government     BIGINT NOT NULL,
    collective     BIGINT NOT NULL,
    individual     BIGINT NOT NULL,
    explanation    TEXT NOT NULL,
    status         TEXT NOT NULL,
    source         TEXT NOT NULL,
    submitted_at   TEXT NOT NULL,
    submitted_by   TEXT NOT NULL,
    enrolled_on    TEXT NOT NULL DEFAULT '',
    accepted_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX land_roster_batch ON land_roster (approval_no, status);
CREATE INDEX land_roster_region ON land_roster (region_code);

-- Funds received for a batch (资金到账), idempotent by receipt number, each
-- posted to the 910 fund's ledger (entry_id).
CREATE TABLE land_funds (
    receipt_no  TEXT PRIMARY KEY,
    approval_no TEXT NOT NULL REFERENCES land_batches (approval_no),
    region_code TEXT NOT NULL REFERENCES regions (code),
    payer       TEXT NOT NULL CHECK (payer IN ('政府', '集体', '个人')),
    amount      BIGINT NOT NULL CHECK (amount > 0),
    received_on TEXT NOT NULL,
    entry_id    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX land_funds_batch ON land_funds (approval_no);
