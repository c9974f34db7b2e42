-- Rents of transfer contracts (合同兑现) and disputes (纠纷), docs/DOMAIN.md
-- §8. The rents falling due are computed from the contract (one per
-- contract year, paid in advance); what is stored is what was received,
-- by receipt (idempotent), and the disputes with their mediation.

-- A rent payment received for a contract, keyed by its receipt (收据号).
-- Money BIGINT 分. Payments go to the oldest instalment first.
CREATE TABLE land_rent_payments (
    receipt     TEXT PRIMARY KEY,
    transfer_no TEXT NOT NULL REFERENCES land_transfers (no),
    region_code TEXT NOT NULL REFERENCES regions (code),
    amount      BIGINT NOT NULL CHECK (amount > 0),
    paid_on     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX land_rent_payments_transfer ON land_rent_payments (transfer_no, paid_on);

-- A dispute (纠纷) over a contract, keyed by its case number (调解案号);
-- status 调解中 → 调解成功 / 调解不成 (the parties may then go to the
-- arbitration committee or the court, 农村土地承包经营纠纷调解仲裁法).
CREATE TABLE land_disputes (
    case_no     TEXT PRIMARY KEY,
    transfer_no TEXT NOT NULL REFERENCES land_transfers (no),
    region_code TEXT NOT NULL REFERENCES regions (code),
    filed_on    TEXT NOT NULL,
    summary     TEXT NOT NULL,
    status      TEXT NOT NULL,
    mediated_on TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX land_disputes_transfer ON land_disputes (transfer_no);
