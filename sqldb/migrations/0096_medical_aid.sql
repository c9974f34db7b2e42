-- 医疗救助 in the medical settlement and 低保边缘 households (issue #18
-- item 4; assist/medaid.go, medical/claims.go, sqldb/assist_medaid.go).
--
-- A 低保边缘家庭 found by the district: its decision number, region and
-- area, the per-capita monthly income found with the 低保 standard and the
-- upper limit (standard × assist.edge.ratio) in force on its first day,
-- and the days it is in force (valid_to '' = until revoked). Its members
-- are rows, so that a person's records are found by number.
CREATE TABLE assist_edge_households (
    no           TEXT PRIMARY KEY,
    region_code  TEXT NOT NULL REFERENCES regions (code),
    area         TEXT NOT NULL,
    per_capita   BIGINT NOT NULL,
    standard     BIGINT NOT NULL,
    income_limit BIGINT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    explanation  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX assist_edge_households_region ON assist_edge_households (region_code);

CREATE TABLE assist_edge_members (
    no    TEXT NOT NULL REFERENCES assist_edge_households (no),
    id_no TEXT NOT NULL REFERENCES persons (id_no),
    name  TEXT NOT NULL,
    PRIMARY KEY (no, id_no)
);
CREATE INDEX assist_edge_members_person ON assist_edge_members (id_no);

-- The medical assistance line of a claim (one per claim at most): the
-- category on the discharge date, the ratio, the in-policy self-paid base,
-- the yearly deductible borne, the assistance paid earlier in the year and
-- what it pays now, with the explanation. settlement_id is the hospital
-- settlement (scheme medical_aid) that paid it to the hospital.
CREATE TABLE medical_aid_claims (
    claim_id        TEXT PRIMARY KEY REFERENCES medical_claims (id),
    settlement_no   TEXT NOT NULL UNIQUE,
    id_no           TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    hospital        TEXT NOT NULL,
    discharged      TEXT NOT NULL,
    year            BIGINT NOT NULL,
    category        TEXT NOT NULL,
    ratio           BIGINT NOT NULL,
    base            BIGINT NOT NULL,
    deductible      BIGINT NOT NULL,
    cap_used_before BIGINT NOT NULL,
    paid            BIGINT NOT NULL,
    explanation     TEXT NOT NULL,
    settlement_id   TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);
CREATE INDEX medical_aid_claims_person ON medical_aid_claims (id_no, year);
CREATE INDEX medical_aid_claims_unsettled ON medical_aid_claims (settlement_id, discharged);
