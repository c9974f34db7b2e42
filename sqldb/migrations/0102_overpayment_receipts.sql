-- The receipt of a recovered overpayment (待遇追回, issue #15 item 1): the
-- bank's or the cashier's voucher number of the money that came back. One
-- voucher recovers one overpayment, so the same recovery recorded again
-- is found by its number and changes nothing; the date of the recovery
-- (settled_on) is the day on the voucher, no longer the day it was typed.
ALTER TABLE overpayments ADD COLUMN receipt_no TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX overpayments_receipt ON overpayments (receipt_no) WHERE receipt_no <> '';
