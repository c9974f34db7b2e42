-- Refunds (退费) of flexible-employment personal payments
-- (sqldb/flex_refunds.go): money paid back to the person from what a
-- payment holds as 暂收款 (neither allocated to personal bills nor used for
-- late fees), after a second clerk's approval (flex.refund). A payment's
-- 暂收款 is its amount − Σ its allocations − Σ the late fees it paid − Σ
-- its refunds; a corrected payment holds none. receipt_no is the refund's
-- own voucher number: the same refund again does nothing twice.
CREATE TABLE personal_refunds (
    id           TEXT PRIMARY KEY,
    receipt_no   TEXT NOT NULL UNIQUE,
    payment_id   TEXT NOT NULL REFERENCES personal_payments (id),
    id_no        TEXT NOT NULL,
    amount       BIGINT NOT NULL CHECK (amount > 0),
    refunded_on  TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX personal_refunds_payment ON personal_refunds (payment_id);
CREATE INDEX personal_refunds_person ON personal_refunds (id_no);
