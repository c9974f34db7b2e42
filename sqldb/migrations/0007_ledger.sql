-- Fund accounting (基金财务): one double-entry ledger per scheme fund, and
-- the individual accounts (个人账户) whose sum the ledger owes.
--
-- Money is BIGINT 分. Dates are 'YYYY-MM-DD' text, timestamps UTC text as
-- everywhere. Keys are natural or random text: no sequences, no triggers.
-- The chart of accounts is inserted here as data and must equal the chart
-- in ledger.go (shebao.Chart), which a test checks: the Go chart gives
-- messages and constants, these rows give the foreign keys.

-- One fund per scheme: fund = scheme code (110 … 910).
CREATE TABLE ledger_funds (
    fund                TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    individual_accounts INTEGER NOT NULL DEFAULT 0 -- 1: the fund keeps 个人账户 (liability 2301)
);

INSERT INTO ledger_funds (fund, name, individual_accounts) VALUES
    ('110', '企业职工基本养老保险基金', 1),
    ('120', '机关事业单位养老保险基金', 1),
    ('170', '城乡居民基本养老保险基金', 1),
    ('210', '失业保险基金', 0),
    ('310', '职工基本医疗保险基金', 1),
    ('390', '城乡居民基本医疗保险基金', 0),
    ('410', '工伤保险基金', 0),
    ('510', '生育保险基金', 0),
    ('910', '被征地农民基本生活保障基金', 0);

-- The chart of accounts (会计科目) of each fund. Codes follow the classes
-- of fund accounting: 1 assets, 2 liabilities, 3 net assets (基金结余),
-- 4 income, 5 expenditure. A code means the same in every fund that has it.
CREATE TABLE ledger_accounts (
    fund TEXT NOT NULL REFERENCES ledger_funds (fund),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
    PRIMARY KEY (fund, code)
);

-- Accounts every fund keeps.
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '1002', '银行存款', 'asset' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '1101', '应收社会保险费', 'asset' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '1102', '应收财政补贴', 'asset' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '1201', '暂付款', 'asset' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '2101', '应付社会保险待遇', 'liability' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '2201', '暂收款', 'liability' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '3001', '基金结余', 'equity' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '4001', '社会保险费收入', 'income' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '4002', '财政补贴收入', 'income' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '4004', '利息收入', 'income' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '4005', '转移收入', 'income' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '4099', '其他收入', 'income' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '5101', '转移支出', 'expense' FROM ledger_funds;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '5199', '其他支出', 'expense' FROM ledger_funds;

-- Funds with individual accounts: the liability, and the net-assets account
-- through which pooled money moves into and out of the accounts.
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '2301', '个人账户', 'liability' FROM ledger_funds WHERE individual_accounts = 1;
INSERT INTO ledger_accounts (fund, code, name, type) SELECT fund, '3101', '个人账户划转', 'equity' FROM ledger_funds WHERE individual_accounts = 1;

-- Accounts of some funds only.
INSERT INTO ledger_accounts (fund, code, name, type) VALUES
    ('170', '4003', '集体补助收入', 'income'),
    ('910', '4003', '集体补助收入', 'income'),
    ('110', '5001', '基本养老金支出', 'expense'),
    ('120', '5001', '基本养老金支出', 'expense'),
    ('110', '5002', '丧葬补助金和抚恤金支出', 'expense'),
    ('120', '5002', '丧葬补助金和抚恤金支出', 'expense'),
    ('170', '5002', '丧葬补助金和抚恤金支出', 'expense'),
    ('110', '5003', '个人账户余额一次性支付', 'expense'),
    ('120', '5003', '个人账户余额一次性支付', 'expense'),
    ('170', '5003', '个人账户余额一次性支付', 'expense'),
    ('170', '5011', '基础养老金支出', 'expense'),
    ('170', '5012', '个人账户养老金支出', 'expense'),
    ('210', '5021', '失业保险金支出', 'expense'),
    ('210', '5022', '医疗补助金支出', 'expense'),
    ('210', '5023', '职业培训和职业介绍补贴支出', 'expense'),
    ('210', '5024', '稳岗返还支出', 'expense'),
    ('310', '5031', '住院医疗费用支出', 'expense'),
    ('390', '5031', '住院医疗费用支出', 'expense'),
    ('310', '5032', '门诊统筹支出', 'expense'),
    ('390', '5032', '门诊统筹支出', 'expense'),
    ('310', '5033', '个人账户医疗费用支出', 'expense'),
    ('390', '5034', '大病保险支出', 'expense'),
    ('410', '5041', '工伤医疗费用支出', 'expense'),
    ('410', '5042', '一次性伤残补助金支出', 'expense'),
    ('410', '5043', '伤残津贴支出', 'expense'),
    ('410', '5044', '工亡待遇支出', 'expense'),
    ('510', '5051', '生育医疗费用支出', 'expense'),
    ('510', '5052', '生育津贴支出', 'expense'),
    ('910', '5091', '基本生活保障金支出', 'expense'),
    ('910', '5092', '一次性补助支出', 'expense'),
    ('910', '5093', '养老保险缴费补助支出', 'expense');

-- Journal entries (记账凭证). (fund, kind, source) is the business event
-- that caused the entry: posting the same event again inserts nothing
-- (ON CONFLICT DO NOTHING), so a re-run batch never posts twice, and a
-- concurrent duplicate waits for the first and then does nothing. digest
-- is a hash of the lines, so that a repeat with different amounts is
-- refused instead of silently skipped. batch is the posting call that
-- wrote the entry (its audit entry's key). Entries are never updated or
-- deleted: a correction is a new entry (kind adjustment).
CREATE TABLE journal_entries (
    id          TEXT PRIMARY KEY,
    fund        TEXT NOT NULL REFERENCES ledger_funds (fund),
    posted      TEXT NOT NULL, -- 记账日期
    kind        TEXT NOT NULL,
    source      TEXT NOT NULL,
    description TEXT NOT NULL, -- 摘要
    digest      TEXT NOT NULL,
    batch       TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    UNIQUE (fund, kind, source)
);
CREATE INDEX journal_entries_posted ON journal_entries (fund, posted);
CREATE INDEX journal_entries_batch ON journal_entries (batch);
CREATE INDEX journal_entries_source ON journal_entries (source);

-- Journal lines: exactly one of debit and credit is positive. fund and
-- posted are copied from the entry so that balances by fund, account and
-- date are one index range (the ledger check compares them with the entry).
CREATE TABLE journal_lines (
    entry_id TEXT NOT NULL REFERENCES journal_entries (id),
    line_no  INTEGER NOT NULL,
    fund     TEXT NOT NULL,
    account  TEXT NOT NULL,
    posted   TEXT NOT NULL,
    debit    BIGINT NOT NULL DEFAULT 0,
    credit   BIGINT NOT NULL DEFAULT 0,
    memo     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entry_id, line_no),
    FOREIGN KEY (fund, account) REFERENCES ledger_accounts (fund, code),
    CHECK ((debit > 0 AND credit = 0) OR (debit = 0 AND credit > 0))
);
CREATE INDEX journal_lines_account ON journal_lines (fund, account, posted);

-- Individual accounts (个人账户): one per person and fund. balance is the
-- sum of the person's movements, and the sum of balances of a fund equals
-- the credit balance of its account 2301 (shebao ledger check).
CREATE TABLE individual_accounts (
    fund       TEXT NOT NULL REFERENCES ledger_funds (fund),
    id_no      TEXT NOT NULL REFERENCES persons (id_no),
    balance    BIGINT NOT NULL DEFAULT 0,
    opened     TEXT NOT NULL, -- date of the first movement
    updated_at TEXT NOT NULL,
    PRIMARY KEY (fund, id_no)
);
CREATE INDEX individual_accounts_person ON individual_accounts (id_no);

-- Movements of an individual account: credit 记账, interest 利息, withdraw
-- 支取, transfer_in 转入, transfer_out 转出. amount is the signed effect on
-- the balance. (fund, id_no, kind, source) is the business event: a re-run
-- moves nothing twice.
CREATE TABLE account_movements (
    fund     TEXT NOT NULL,
    id_no    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    source   TEXT NOT NULL,
    moved_on TEXT NOT NULL,
    amount   BIGINT NOT NULL,
    batch    TEXT NOT NULL,
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (fund, id_no, kind, source),
    FOREIGN KEY (fund, id_no) REFERENCES individual_accounts (fund, id_no),
    CHECK ((kind IN ('credit', 'interest', 'transfer_in') AND amount > 0)
        OR (kind IN ('withdraw', 'transfer_out') AND amount < 0))
);
CREATE INDEX account_movements_batch ON account_movements (batch);
CREATE INDEX account_movements_person ON account_movements (id_no, fund);
