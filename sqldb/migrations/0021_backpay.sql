-- Back payments (补发) after a benefit's amount changed for months already
-- in the payroll (e.g. the yearly pension adjustment decided in July from
-- January): one row per benefit, paid month and the amount now in force
-- for it (target), so that computing them again adds nothing and a later
-- change of the same month adds only the new difference. old_amount is
-- what the month has had (its payment plus earlier back payments); amount
-- = target − old_amount. A positive amount is paid with the payroll of
-- pay_month (batch: the transaction that wrote it; released with that
-- month's payroll release): status 待发放 → 已发放. A negative one is an
-- overpayment to recover (overpayments), status 转追回. basic_part is the
-- part of amount that is basic pension (residents' pension: 5011).
CREATE TABLE benefit_backpays (
    benefit_id   TEXT NOT NULL,
    month        TEXT NOT NULL,
    target       BIGINT NOT NULL,
    id_no        TEXT NOT NULL,
    scheme       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    old_amount   BIGINT NOT NULL,
    amount       BIGINT NOT NULL,
    basic_part   BIGINT NOT NULL DEFAULT 0,
    explanation  TEXT NOT NULL,
    status       TEXT NOT NULL,
    pay_month    TEXT NOT NULL,
    batch        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (benefit_id, month, target)
);
CREATE INDEX benefit_backpays_pay ON benefit_backpays (pay_month, status);
CREATE INDEX benefit_backpays_batch ON benefit_backpays (batch);
CREATE INDEX benefit_backpays_person ON benefit_backpays (id_no);

-- Payments cancelled before their release (已取消): a payment still 待发放
-- of a month after the person's death is taken out of the payroll (its
-- row moves here, its ledger lines are reversed by a new entry) so that
-- the release pays only the living. release_id is the release approval
-- that was pending for its batch when it was cancelled ('' if none): that
-- release, when approved, counts it as taken out.
CREATE TABLE benefit_payment_cancellations (
    benefit_id   TEXT NOT NULL,
    month        TEXT NOT NULL,
    id_no        TEXT NOT NULL,
    scheme       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    amount       BIGINT NOT NULL,
    account_part BIGINT NOT NULL DEFAULT 0,
    basic_part   BIGINT NOT NULL DEFAULT 0,
    batch        TEXT NOT NULL,
    release_id   TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL,
    cancelled_at TEXT NOT NULL,
    cancelled_by TEXT NOT NULL,
    PRIMARY KEY (benefit_id, month)
);
CREATE INDEX benefit_payment_cancellations_batch ON benefit_payment_cancellations (batch);
