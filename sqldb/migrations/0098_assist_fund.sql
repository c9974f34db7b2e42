-- 社会救助资金 (issue #18 item 7; assist_fund.go): social assistance is
-- fiscal money, kept as a ledger fund of its own beside the scheme funds.
-- Its code 'JZ' is letters, so that no scheme code (digits) can take it.
-- The rows equal shebao.Funds() and shebao.Chart("JZ") (a test checks).
INSERT INTO ledger_funds (fund, name, individual_accounts) VALUES ('JZ', '社会救助资金', 0);

INSERT INTO ledger_accounts (fund, code, name, type) VALUES
    ('JZ', '1002', '银行存款', 'asset'),
    ('JZ', '1201', '暂付款', 'asset'),
    ('JZ', '2101', '应付社会保险待遇', 'liability'),
    ('JZ', '2202', '应付其他基金垫付款', 'liability'),
    ('JZ', '3001', '基金结余', 'equity'),
    ('JZ', '4004', '利息收入', 'income'),
    ('JZ', '4099', '其他收入', 'income'),
    ('JZ', '4201', '财政补助收入', 'income'),
    ('JZ', '5199', '其他支出', 'expense'),
    ('JZ', '5201', '最低生活保障金支出', 'expense'),
    ('JZ', '5202', '特困人员救助供养支出', 'expense'),
    ('JZ', '5203', '临时救助支出', 'expense'),
    ('JZ', '5204', '医疗救助支出', 'expense'),
    ('JZ', '5209', '追回救助资金', 'expense');

-- The assistance benefits are paid by the new fund from now on: the
-- payroll posts a benefit's payments to its scheme (the fund that pays
-- it). Payments, back payments and overpayments already recorded keep the
-- fund they were posted to (910): the ledger is append-only, and `shebao
-- assist reclassify` moves their expenditure with a pair of entries.
UPDATE benefits SET scheme = 'JZ' WHERE scheme = '910' AND kind IN ('dibao', 'tekun', 'temporary_relief', 'medical_aid');
