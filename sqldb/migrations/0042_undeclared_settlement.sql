-- Bills of employers that did not declare (社会保险法 第六十二条: 按照该单位
-- 上月缴费额的百分之一百一十确定应当缴纳数额; the factor is policy data,
-- assess.undeclared_factor), issue #14.
--
-- A line assessed at the factor keeps last month's amounts it was computed
-- from, so that its explanation shows the real arithmetic (上月单位缴费 ×
-- 110%), not the base times the rate; 0 on a line assessed before this
-- migration (its explanation then names no previous figure).
ALTER TABLE bill_lines ADD COLUMN prev_employer_amount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bill_lines ADD COLUMN prev_individual_amount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bill_lines ADD COLUMN prev_account_amount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE assessment_stage ADD COLUMN prev_employer_amount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE assessment_stage ADD COLUMN prev_individual_amount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE assessment_stage ADD COLUMN prev_account_amount BIGINT NOT NULL DEFAULT 0;

-- 补办申报后结算 (第六十二条: 用人单位补办申报手续后，由社会保险费征收机构按照规定
-- 结算): when an employer declares a month it was assessed at the factor
-- for and has paid (some of) that bill, the bill is assessed again on the
-- declarations and what was paid is settled against it. Each settlement is
-- a row here, with the bill as it was; its lines as they were are kept in
-- bill_line_history under the same seq. Nothing else is edited: the money
-- moves by new allocation, late-fee and ledger rows (collect/settle.go).
CREATE TABLE bill_reassessments (
    payer_kind   TEXT NOT NULL,
    payer        TEXT NOT NULL,
    period       TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    old_basis    TEXT NOT NULL,
    old_total    BIGINT NOT NULL,
    old_paid     BIGINT NOT NULL,
    new_total    BIGINT NOT NULL,
    released     BIGINT NOT NULL, -- what the bill's payments got back as 暂收款
    fees_cancelled BIGINT NOT NULL, -- late fees their late allocations had assessed
    run          TEXT NOT NULL,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    PRIMARY KEY (payer_kind, payer, period, seq)
);

CREATE TABLE bill_line_history (
    employer_uscc     TEXT NOT NULL,
    period            TEXT NOT NULL,
    seq               INTEGER NOT NULL, -- the bill_reassessments row that replaced it
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
    prev_employer_amount   BIGINT NOT NULL,
    prev_individual_amount BIGINT NOT NULL,
    prev_account_amount    BIGINT NOT NULL,
    PRIMARY KEY (employer_uscc, period, seq, id_no, scheme)
);
