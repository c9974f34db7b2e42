-- Certificates issued (issue #16, item 6): 参保缴费证明 and 个人权益记录单.
-- Each issue keeps its verification code, what it certified (summary),
-- the SHA-256 of its content, the office, who issued it and when, so that
-- a third party holding a printed copy can ask whether the office issued
-- it (shebao certificate verify CODE, GET /api/v1/certificates/{code}).
CREATE TABLE certificates (
    code        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    id_no       TEXT NOT NULL,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL,
    office      TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    issued_by   TEXT NOT NULL,
    summary     TEXT NOT NULL,
    digest      TEXT NOT NULL
);
CREATE INDEX certificates_person ON certificates (id_no);
