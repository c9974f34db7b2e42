-- Money in: monthly declarations (缴费申报), the assessment (核定) into bills
-- (应缴) and their lines, and the batch runs that produce them.

CREATE TABLE declarations (
    employer_uscc TEXT NOT NULL REFERENCES employers (uscc),
    period        TEXT NOT NULL,
    id_no         TEXT NOT NULL REFERENCES persons (id_no),
    wage          BIGINT NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    declared_at   TEXT NOT NULL,
    declared_by   TEXT NOT NULL,
    PRIMARY KEY (employer_uscc, period, id_no)
);
CREATE INDEX declarations_period ON declarations (period, employer_uscc);

-- One run per (kind, period): a batch job's record, so that a re-run knows
-- what the last one did.
CREATE TABLE batch_runs (
    kind        TEXT NOT NULL,
    period      TEXT NOT NULL,
    status      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, period)
);

-- The policy resolved for one assessment: per employer region, scheme and
-- work-injury risk class (0 for the other schemes). Rates in ppm, money in fen.
CREATE TABLE assessment_params (
    run             TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    scheme          TEXT NOT NULL,
    risk_class      INTEGER NOT NULL,
    avg_wage        BIGINT NOT NULL,
    floor_base      BIGINT NOT NULL,
    ceiling_base    BIGINT NOT NULL,
    employer_rate   BIGINT NOT NULL,
    individual_rate BIGINT NOT NULL,
    account_rate    BIGINT NOT NULL,
    PRIMARY KEY (run, region_code, scheme, risk_class)
);

CREATE TABLE bills (
    employer_uscc    TEXT NOT NULL REFERENCES employers (uscc),
    period           TEXT NOT NULL,
    region_code      TEXT NOT NULL,
    basis            TEXT NOT NULL,
    due_date         TEXT NOT NULL,
    employer_total   BIGINT NOT NULL,
    individual_total BIGINT NOT NULL,
    total            BIGINT NOT NULL,
    paid             BIGINT NOT NULL DEFAULT 0,
    lines            INTEGER NOT NULL,
    assessed_at      TEXT NOT NULL,
    PRIMARY KEY (employer_uscc, period)
);
CREATE INDEX bills_region ON bills (region_code, period);

CREATE TABLE bill_lines (
    employer_uscc     TEXT NOT NULL,
    period            TEXT NOT NULL,
    -- No foreign key: every line comes from a declaration, which has one;
    -- the per-row check cost the assessment on PostgreSQL most of its
    -- speed (ratio to a raw INSERT … SELECT 0.25 with it at 100k
    -- employees, 0.54 without it at 50k).
    id_no             TEXT NOT NULL,
    scheme            TEXT NOT NULL,
    declared          BIGINT NOT NULL,
    base              BIGINT NOT NULL,
    floor_base        BIGINT NOT NULL,
    ceiling_base      BIGINT NOT NULL,
    avg_wage          BIGINT NOT NULL,
    employer_rate     BIGINT NOT NULL,
    individual_rate   BIGINT NOT NULL,
    employer_amount   BIGINT NOT NULL,
    individual_amount BIGINT NOT NULL,
    account_amount    BIGINT NOT NULL,
    basis             TEXT NOT NULL,
    PRIMARY KEY (employer_uscc, period, id_no, scheme)
);
CREATE INDEX bill_lines_person ON bill_lines (id_no, period);

-- Lines computed by a running assessment, compared with bill_lines so that
-- only employers whose lines changed are rewritten.
CREATE TABLE assessment_stage (
    run               TEXT NOT NULL,
    employer_uscc     TEXT NOT NULL,
    period            TEXT NOT NULL,
    id_no             TEXT NOT NULL,
    scheme            TEXT NOT NULL,
    declared          BIGINT NOT NULL,
    base              BIGINT NOT NULL,
    floor_base        BIGINT NOT NULL,
    ceiling_base      BIGINT NOT NULL,
    avg_wage          BIGINT NOT NULL,
    employer_rate     BIGINT NOT NULL,
    individual_rate   BIGINT NOT NULL,
    employer_amount   BIGINT NOT NULL,
    individual_amount BIGINT NOT NULL,
    account_amount    BIGINT NOT NULL,
    basis             TEXT NOT NULL,
    PRIMARY KEY (run, employer_uscc, id_no, scheme)
);
