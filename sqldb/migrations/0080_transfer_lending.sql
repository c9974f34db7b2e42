-- The lending (贷出) of a 土地信用合作社 (docs/DOMAIN.md §8, issue #17
-- item 4): a transfer contract whose transferor is the cooperative
-- (lender_uscc, its name lender_name) rather than the households, taking
-- area of the verified deposit contracts (存入, the cooperative their
-- transferee) it draws on (land_transfer_loans). A household's transfer
-- has lender_uscc ''. Areas BIGINT hundredths of a 亩.
ALTER TABLE land_transfers ADD COLUMN lender_uscc TEXT NOT NULL DEFAULT '';
ALTER TABLE land_transfers ADD COLUMN lender_name TEXT NOT NULL DEFAULT '';
CREATE INDEX land_transfers_lender ON land_transfers (lender_uscc);

CREATE TABLE land_transfer_loans (
    transfer_no TEXT NOT NULL REFERENCES land_transfers (no),
    deposit_no  TEXT NOT NULL REFERENCES land_transfers (no),
    area        BIGINT NOT NULL CHECK (area > 0),
    source      TEXT NOT NULL,
    PRIMARY KEY (transfer_no, deposit_no),
    CHECK (transfer_no <> deposit_no)
);
CREATE INDEX land_transfer_loans_deposit ON land_transfer_loans (deposit_no);
