package shebao

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// Fund accounting (基金财务). Every scheme has one fund, and every fund one
// double-entry ledger: each money event — a contribution assessed or
// collected, a subsidy, interest, a benefit paid, a transfer — posts one
// journal entry into the fund whose debits equal its credits. Contributions,
// subsidies, interest and transfers in are income; benefits and transfers
// out are expenditure (docs/DOMAIN.md §6).
//
// Individual accounts (个人账户) are kept per person beside the ledger, and
// their sum is a liability of the fund (account 2301). Income and expense
// accounts always carry the gross amounts: a contribution is income in full,
// and the part credited to individual accounts moves from the fund's net
// assets to the liability through account 3101 个人账户划转
// (IndividualAccountLines). A pension paid partly from the account is an
// expense in full, and the account part moves back the same way. So income
// and expenditure read as the reports quote them, and the fund balance
// (net assets = assets − liabilities) is what the pooled fund owns beyond
// what it owes the insured.

// AccountType is the class of a ledger account.
type AccountType string

// Account classes.
const (
	AccountAsset     AccountType = "asset"     // 资产类
	AccountLiability AccountType = "liability" // 负债类
	AccountEquity    AccountType = "equity"    // 净资产类(基金结余)
	AccountIncome    AccountType = "income"    // 收入类
	AccountExpense   AccountType = "expense"   // 支出类
)

// Name returns the Chinese name of the class.
func (t AccountType) Name() string {
	switch t {
	case AccountAsset:
		return "资产类"
	case AccountLiability:
		return "负债类"
	case AccountEquity:
		return "净资产类"
	case AccountIncome:
		return "收入类"
	case AccountExpense:
		return "支出类"
	}
	return string(t)
}

// DebitNormal reports whether accounts of the class normally have a debit
// balance (assets and expenditure) rather than a credit balance
// (liabilities, net assets and income).
func (t AccountType) DebitNormal() bool { return t == AccountAsset || t == AccountExpense }

// Account codes. A code means the same account in every fund that keeps it;
// ChartOfAccounts says which funds keep which.
const (
	AcctBank                    = "1002" // 银行存款 (收入户、财政专户、支出户合计)
	AcctContributionsReceivable = "1101" // 应收社会保险费
	AcctSubsidyReceivable       = "1102" // 应收财政补贴
	AcctAdvances                = "1201" // 暂付款
	AcctBenefitsPayable         = "2101" // 应付社会保险待遇
	AcctSuspense                = "2201" // 暂收款
	AcctIndividual              = "2301" // 个人账户 (liability; funds with individual accounts)
	AcctFundBalance             = "3001" // 基金结余
	AcctIndividualTransfer      = "3101" // 个人账户划转 (net assets moved to or from 个人账户)
	AcctContributionIncome      = "4001" // 社会保险费收入
	AcctSubsidyIncome           = "4002" // 财政补贴收入
	AcctCollectiveIncome        = "4003" // 集体补助收入 (170, 910)
	AcctInterestIncome          = "4004" // 利息收入
	AcctTransferIncome          = "4005" // 转移收入
	AcctOtherIncome             = "4099" // 其他收入 (滞纳金 among them)
	AcctPension                 = "5001" // 基本养老金支出 (110, 120)
	AcctFuneral                 = "5002" // 丧葬补助金和抚恤金支出 (110, 120, 170)
	AcctAccountLumpSum          = "5003" // 个人账户余额一次性支付 (110, 120, 170)
	AcctResidentBasicPension    = "5011" // 基础养老金支出 (170)
	AcctResidentAccountPension  = "5012" // 个人账户养老金支出 (170)
	AcctUnemploymentBenefit     = "5021" // 失业保险金支出 (210)
	AcctUnemploymentMedical     = "5022" // 医疗补助金支出 (210)
	AcctTraining                = "5023" // 职业培训和职业介绍补贴支出 (210)
	AcctJobRetention            = "5024" // 稳岗返还支出 (210)
	AcctInpatient               = "5031" // 住院医疗费用支出 (310, 390)
	AcctOutpatient              = "5032" // 门诊统筹支出 (310, 390)
	AcctMedicalAccount          = "5033" // 个人账户医疗费用支出 (310)
	AcctCatastrophic            = "5034" // 大病保险支出 (390)
	AcctInjuryMedical           = "5041" // 工伤医疗费用支出 (410)
	AcctDisabilityLumpSum       = "5042" // 一次性伤残补助金支出 (410)
	AcctDisabilityAllowance     = "5043" // 伤残津贴支出 (410)
	AcctDeathBenefit            = "5044" // 工亡待遇支出 (410)
	AcctMaternityMedical        = "5051" // 生育医疗费用支出 (510)
	AcctMaternityAllowance      = "5052" // 生育津贴支出 (510)
	AcctLivingAllowance         = "5091" // 基本生活保障金支出 (910)
	AcctLandLumpSum             = "5092" // 一次性补助支出 (910)
	AcctPensionSubsidy          = "5093" // 养老保险缴费补助支出 (910)
	AcctTransferOut             = "5101" // 转移支出
	AcctOtherExpense            = "5199" // 其他支出
)

// ChartAccount is one account of the chart of accounts and the funds that
// keep it.
type ChartAccount struct {
	Code string
	Name string
	Type AccountType
	// Funds lists the funds that keep the account; nil: every fund.
	Funds []string
}

// IndividualAccountFunds are the funds that keep individual accounts
// (个人账户): the employee and public-sector pensions (8% of the base), the
// residents' pension (contributions and subsidies) and the employee
// medical insurance.
var IndividualAccountFunds = []string{SchemeEmployeePension, SchemePublicPension, SchemeResidentPension, SchemeEmployeeMedical}

// ChartOfAccounts is the chart of accounts (会计科目) as data, in code
// order. Codes follow the classes of fund accounting: 1 assets, 2
// liabilities, 3 net assets, 4 income, 5 expenditure. The migration
// 0007_ledger.sql inserts the same rows into ledger_accounts (a test keeps
// the two equal).
var ChartOfAccounts = []ChartAccount{
	{AcctBank, "银行存款", AccountAsset, nil},
	{AcctContributionsReceivable, "应收社会保险费", AccountAsset, nil},
	{AcctSubsidyReceivable, "应收财政补贴", AccountAsset, nil},
	{AcctAdvances, "暂付款", AccountAsset, nil},
	{AcctBenefitsPayable, "应付社会保险待遇", AccountLiability, nil},
	{AcctSuspense, "暂收款", AccountLiability, nil},
	{AcctIndividual, "个人账户", AccountLiability, IndividualAccountFunds},
	{AcctFundBalance, "基金结余", AccountEquity, nil},
	{AcctIndividualTransfer, "个人账户划转", AccountEquity, IndividualAccountFunds},
	{AcctContributionIncome, "社会保险费收入", AccountIncome, nil},
	{AcctSubsidyIncome, "财政补贴收入", AccountIncome, nil},
	{AcctCollectiveIncome, "集体补助收入", AccountIncome, []string{"170", "910"}},
	{AcctInterestIncome, "利息收入", AccountIncome, nil},
	{AcctTransferIncome, "转移收入", AccountIncome, nil},
	{AcctOtherIncome, "其他收入", AccountIncome, nil},
	{AcctPension, "基本养老金支出", AccountExpense, []string{"110", "120"}},
	{AcctFuneral, "丧葬补助金和抚恤金支出", AccountExpense, []string{"110", "120", "170"}},
	{AcctAccountLumpSum, "个人账户余额一次性支付", AccountExpense, []string{"110", "120", "170"}},
	{AcctResidentBasicPension, "基础养老金支出", AccountExpense, []string{"170"}},
	{AcctResidentAccountPension, "个人账户养老金支出", AccountExpense, []string{"170"}},
	{AcctUnemploymentBenefit, "失业保险金支出", AccountExpense, []string{"210"}},
	{AcctUnemploymentMedical, "医疗补助金支出", AccountExpense, []string{"210"}},
	{AcctTraining, "职业培训和职业介绍补贴支出", AccountExpense, []string{"210"}},
	{AcctJobRetention, "稳岗返还支出", AccountExpense, []string{"210"}},
	{AcctInpatient, "住院医疗费用支出", AccountExpense, []string{"310", "390"}},
	{AcctOutpatient, "门诊统筹支出", AccountExpense, []string{"310", "390"}},
	{AcctMedicalAccount, "个人账户医疗费用支出", AccountExpense, []string{"310"}},
	{AcctCatastrophic, "大病保险支出", AccountExpense, []string{"390"}},
	{AcctInjuryMedical, "工伤医疗费用支出", AccountExpense, []string{"410"}},
	{AcctDisabilityLumpSum, "一次性伤残补助金支出", AccountExpense, []string{"410"}},
	{AcctDisabilityAllowance, "伤残津贴支出", AccountExpense, []string{"410"}},
	{AcctDeathBenefit, "工亡待遇支出", AccountExpense, []string{"410"}},
	{AcctMaternityMedical, "生育医疗费用支出", AccountExpense, []string{"510"}},
	{AcctMaternityAllowance, "生育津贴支出", AccountExpense, []string{"510"}},
	{AcctLivingAllowance, "基本生活保障金支出", AccountExpense, []string{"910"}},
	{AcctLandLumpSum, "一次性补助支出", AccountExpense, []string{"910"}},
	{AcctPensionSubsidy, "养老保险缴费补助支出", AccountExpense, []string{"910"}},
	{AcctTransferOut, "转移支出", AccountExpense, nil},
	{AcctOtherExpense, "其他支出", AccountExpense, nil},
	// 社会救助资金 (assist_fund.go): the accounts of the assistance fund
	// alone, besides the common ones it keeps (assistanceCommon).
	{AcctAssistAdvanceOwed, "应付其他基金垫付款", AccountLiability, []string{FundAssistance}},
	{AcctAssistBudget, "财政补助收入", AccountIncome, []string{FundAssistance}},
	{AcctDibaoExpense, "最低生活保障金支出", AccountExpense, []string{FundAssistance}},
	{AcctTekunExpense, "特困人员救助供养支出", AccountExpense, []string{FundAssistance}},
	{AcctReliefExpense, "临时救助支出", AccountExpense, []string{FundAssistance}},
	{AcctMedicalAidExpense, "医疗救助支出", AccountExpense, []string{FundAssistance}},
	{AcctAssistRecovered, "追回救助资金", AccountExpense, []string{FundAssistance}},
}

// Fund is the social insurance fund of one scheme (社会保险基金), with its
// own ledger.
type Fund struct {
	// Code is the scheme code: fund 110 is the fund of scheme 110.
	Code string `json:"fund"`
	Name string `json:"name"`
	// IndividualAccounts: the fund keeps 个人账户 and the liability 2301.
	IndividualAccounts bool `json:"individual_accounts"`
}

// Funds returns the funds, one per scheme of the catalogue, in code order,
// and then the 社会救助资金 (FundAssistance, whose letters sort after the
// schemes' digits).
func Funds() []Fund {
	out := make([]Fund, 0, len(Schemes)+1)
	for _, code := range SchemeCodes() {
		f, _ := FindFund(code)
		out = append(out, f)
	}
	return append(out, assistanceFundInfo)
}

// FindFund returns the fund of the scheme code, or the 社会救助资金.
func FindFund(code string) (Fund, bool) {
	if code == FundAssistance {
		return assistanceFundInfo, true
	}
	s, ok := schemeByCode[code]
	if !ok {
		return Fund{}, false
	}
	return Fund{Code: s.Code, Name: s.Name + "基金", IndividualAccounts: slices.Contains(IndividualAccountFunds, s.Code)}, true
}

// Account is one account of a fund's ledger.
type Account struct {
	Fund string      `json:"fund"`
	Code string      `json:"code"`
	Name string      `json:"name"`
	Type AccountType `json:"type"`
}

// Chart returns the accounts the fund keeps, in code order; none for an
// unknown fund.
func Chart(fund string) []Account {
	if _, ok := FindFund(fund); !ok {
		return nil
	}
	var out []Account
	for _, a := range ChartOfAccounts {
		common := a.Funds == nil && (fund != FundAssistance || slices.Contains(assistanceCommon, a.Code))
		if common || slices.Contains(a.Funds, fund) {
			out = append(out, Account{Fund: fund, Code: a.Code, Name: a.Name, Type: a.Type})
		}
	}
	// The assistance fund's own accounts are listed after the common ones.
	slices.SortStableFunc(out, func(x, y Account) int { return strings.Compare(x.Code, y.Code) })
	return out
}

// accountIndex is the chart by fund and code, for FindAccount: entries of
// a batch job validate every line against it.
var accountIndex = func() map[string]map[string]Account {
	m := map[string]map[string]Account{}
	for _, f := range Funds() {
		m[f.Code] = map[string]Account{}
		for _, a := range Chart(f.Code) {
			m[f.Code][a.Code] = a
		}
	}
	return m
}()

// FindAccount returns the fund's account with the code, if the fund keeps
// it.
func FindAccount(fund, code string) (Account, bool) {
	a, ok := accountIndex[fund][code]
	return a, ok
}

// Posting kinds: what kind of business event an entry records. Together
// with the fund and the source they identify the event, so that posting it
// twice posts once.
const (
	PostOpening    = "opening"    // 期初建账
	PostAssessment = "assessment" // 缴费核定(应收)
	PostCollection = "collection" // 征收到账(实缴)
	PostLateFee    = "late_fee"   // 滞纳金
	PostSubsidy    = "subsidy"    // 财政补贴、集体补助
	PostInterest   = "interest"   // 存款利息
	PostAccount    = "account"    // 个人账户划转(记账、记账利息、支取)
	PostBenefit    = "benefit"    // 待遇核定(支出、应付待遇)
	PostPayment    = "payment"    // 待遇发放(银行支付)
	PostTransfer   = "transfer"   // 关系转移(转入、转出)
	PostAdjustment = "adjustment" // 调账、冲正
)

// PostingKinds names the posting kinds in Chinese. A kind not listed is
// refused.
var PostingKinds = map[string]string{
	PostOpening: "期初建账", PostAssessment: "缴费核定", PostCollection: "征收到账", PostLateFee: "滞纳金",
	PostSubsidy: "财政补贴", PostInterest: "利息收入", PostAccount: "个人账户划转", PostBenefit: "待遇支出",
	PostPayment: "待遇发放", PostTransfer: "关系转移", PostAdjustment: "调账冲正",
}

// Line is one line of a journal entry: an amount on the debit or the credit
// side of one account. Exactly one of Debit and Credit is positive.
type Line struct {
	Account string `json:"account"`
	Debit   Money  `json:"debit"`
	Credit  Money  `json:"credit"`
	// Memo is an optional note of the line (an employer, a payroll).
	Memo string `json:"memo,omitempty"`
}

// Debit returns a debit line of the account.
func Debit(account string, m Money) Line { return Line{Account: account, Debit: m} }

// Credit returns a credit line of the account.
func Credit(account string, m Money) Line { return Line{Account: account, Credit: m} }

// Entry is a journal entry (记账凭证) of one fund.
type Entry struct {
	// ID is given by the store when the entry is posted.
	ID   string `json:"id,omitempty"`
	Fund string `json:"fund"`
	// Date is the business date of the entry (记账日期), YYYY-MM-DD: the
	// date balances and the months of 抗风险支付能力 are computed by.
	Date string `json:"date"`
	// Kind is one of the Post… constants.
	Kind string `json:"kind"`
	// Source identifies the business event within the fund and kind, e.g.
	// "bill:91640100…:2024-05" or "interest:2024": posting the same fund,
	// kind and source again changes nothing.
	Source string `json:"source"`
	// Description is the entry's summary in Chinese (摘要).
	Description string `json:"description"`
	Lines       []Line `json:"lines"`
	// Actor and At are set by the store: who posted the entry, and when.
	Actor string    `json:"actor,omitempty"`
	At    time.Time `json:"at,omitzero"`
}

// maxLineAmount bounds one line (a thousand billion 元), far above any fund
// and far below int64 overflow when lines are summed.
const maxLineAmount = Money(100_000_000_000_000)

// Balanced checks the double-entry rules of the entry alone: at least two
// lines, each with exactly one positive side, and the debits equal to the
// credits. The error says in Chinese which rule is broken.
func (e Entry) Balanced() error {
	if len(e.Lines) < 2 {
		return FieldErrorf("分录", "分录至少要有两行(有借有贷),现有%d行", len(e.Lines))
	}
	var debit, credit Money
	for i, l := range e.Lines {
		switch {
		case l.Debit < 0 || l.Credit < 0:
			return FieldErrorf("分录", "第%d行(科目%s)金额不能为负数", i+1, l.Account)
		case (l.Debit > 0) == (l.Credit > 0):
			return FieldErrorf("分录", "第%d行(科目%s)借方和贷方金额必须有且只有一个大于零", i+1, l.Account)
		case l.Debit > maxLineAmount || l.Credit > maxLineAmount:
			return FieldErrorf("分录", "第%d行(科目%s)金额超出范围", i+1, l.Account)
		}
		if debit > math.MaxInt64-l.Debit || credit > math.MaxInt64-l.Credit {
			return FieldErrorf("分录", "分录金额合计超出范围")
		}
		debit += l.Debit
		credit += l.Credit
	}
	if debit != credit {
		diff := debit - credit
		if diff < 0 {
			diff = -diff
		}
		return FieldErrorf("分录", "借贷不平衡:借方合计%s元,贷方合计%s元,相差%s元", debit, credit, diff)
	}
	return nil
}

// Validate checks everything about the entry that needs no database: the
// fund, date, kind, source and summary, every line's account in the fund's
// chart, and Balanced.
func (e Entry) Validate() error {
	fund, ok := FindFund(e.Fund)
	if !ok {
		return FieldErrorf("基金", "基金(险种)代码“%s”无效", e.Fund)
	}
	if d, err := time.Parse(DateLayout, e.Date); err != nil || d.Year() < 1990 || d.Year() > 2100 {
		return FieldErrorf("记账日期", "记账日期“%s”无效,应为YYYY-MM-DD", e.Date)
	}
	if _, ok := PostingKinds[e.Kind]; !ok {
		return FieldErrorf("业务类型", "业务类型“%s”无效", e.Kind)
	}
	if strings.TrimSpace(e.Source) == "" || len(e.Source) > 200 {
		return FieldErrorf("来源", "记账来源不能为空,且不超过200字节")
	}
	if strings.TrimSpace(e.Description) == "" {
		return FieldErrorf("摘要", "摘要不能为空")
	}
	for i, l := range e.Lines {
		if _, ok := FindAccount(e.Fund, l.Account); !ok {
			return FieldErrorf("科目", "第%d行:%s没有科目“%s”", i+1, fund.Name, l.Account)
		}
	}
	return e.Balanced()
}

// Total returns the sum of the entry's debits (equal to its credits when
// balanced).
func (e Entry) Total() Money {
	var t Money
	for _, l := range e.Lines {
		t += l.Debit
	}
	return t
}

// Reversal returns the entry that cancels e (红字冲正 as a mirror entry):
// the same lines with debits and credits swapped, of kind adjustment, with
// the given date, source and summary.
func (e Entry) Reversal(date, source, description string) Entry {
	r := Entry{Fund: e.Fund, Date: date, Kind: PostAdjustment, Source: source, Description: description}
	for _, l := range e.Lines {
		r.Lines = append(r.Lines, Line{Account: l.Account, Debit: l.Credit, Credit: l.Debit, Memo: l.Memo})
	}
	return r
}

// IndividualAccountLines returns the two lines that move delta from the
// fund's net assets into its individual-account liability (delta > 0:
// 记账, 利息, 转入) or back (delta < 0: 支取, 转出): debit 3101 个人账户划转,
// credit 2301 个人账户, or the reverse. They go with every batch of
// account movements, for the sum the batch moved, so that the liability
// stays equal to the sum of the accounts (sqldb's MoveAccounts posts them
// itself). Zero gives no lines.
func IndividualAccountLines(delta Money) []Line {
	switch {
	case delta > 0:
		return []Line{Debit(AcctIndividualTransfer, delta), Credit(AcctIndividual, delta)}
	case delta < 0:
		return []Line{Debit(AcctIndividual, -delta), Credit(AcctIndividualTransfer, -delta)}
	}
	return nil
}

// Movement kinds of an individual account.
const (
	MoveCredit      = "credit"       // 记账 (contributions, subsidies credited)
	MoveInterest    = "interest"     // 利息 (记账利息)
	MoveWithdraw    = "withdraw"     // 支取 (account pension, lump sum, medical account spending)
	MoveTransferIn  = "transfer_in"  // 转入
	MoveTransferOut = "transfer_out" // 转出
)

// MovementKinds names the movement kinds in Chinese.
var MovementKinds = map[string]string{
	MoveCredit: "记账", MoveInterest: "利息", MoveWithdraw: "支取", MoveTransferIn: "转入", MoveTransferOut: "转出",
}

// AccountMovement is one movement of a person's individual account.
type AccountMovement struct {
	IDNo string `json:"id_no"`
	Fund string `json:"fund"`
	// Date is the business date of the movement, YYYY-MM-DD.
	Date string `json:"date"`
	// Kind is one of the Move… constants.
	Kind string `json:"kind"`
	// Source identifies the business event for this person, fund and kind:
	// moving the same source again changes nothing.
	Source string `json:"source"`
	// Amount is positive; the kind says whether it adds to the balance
	// (记账, 利息, 转入) or takes from it (支取, 转出).
	Amount Money `json:"amount"`
}

// Delta returns the movement's signed effect on the balance.
func (m AccountMovement) Delta() Money {
	if m.Kind == MoveWithdraw || m.Kind == MoveTransferOut {
		return -m.Amount
	}
	return m.Amount
}

// Validate checks the movement without the database (the person's number
// is checked by the store).
func (m AccountMovement) Validate() error {
	fund, ok := FindFund(m.Fund)
	if !ok {
		return FieldErrorf("基金", "基金(险种)代码“%s”无效", m.Fund)
	}
	if !fund.IndividualAccounts {
		return FieldErrorf("基金", "%s不设个人账户", fund.Name)
	}
	if _, ok := MovementKinds[m.Kind]; !ok {
		return FieldErrorf("类型", "个人账户变动类型“%s”无效", m.Kind)
	}
	if d, err := time.Parse(DateLayout, m.Date); err != nil || d.Year() < 1990 || d.Year() > 2100 {
		return FieldErrorf("日期", "日期“%s”无效,应为YYYY-MM-DD", m.Date)
	}
	if strings.TrimSpace(m.Source) == "" || len(m.Source) > 200 {
		return FieldErrorf("来源", "来源不能为空,且不超过200字节")
	}
	if m.Amount <= 0 || m.Amount > maxLineAmount {
		return FieldErrorf("金额", "金额必须大于零(%s元)", m.Amount)
	}
	return nil
}

// FundStatus is the state of one fund on a date: its balance, its income
// and expenditure of the last twelve months and its 抗风险支付能力.
//
// Balance is the fund's net assets: assets − liabilities, on every entry
// dated on or before AsOf. Liabilities include the individual accounts
// (2301), so for funds that keep them Balance is what the pooled fund owns
// beyond what it owes the insured; Accumulated adds them back (累计结余,
// the figure statistical yearbooks print). Months is Balance ÷ the average
// monthly expenditure of the twelve months ending on AsOf.
type FundStatus struct {
	Fund string `json:"fund"`
	Name string `json:"name"`
	// AsOf is the date of the balance; From the first day of the twelve
	// months ending on AsOf.
	AsOf string `json:"as_of"`
	From string `json:"from"`
	// Entries is the number of entries dated on or before AsOf.
	Entries     int64 `json:"entries"`
	Assets      Money `json:"assets"`
	Liabilities Money `json:"liabilities"`
	// IndividualAccounts is the credit balance of 2301 个人账户, part of
	// Liabilities.
	IndividualAccounts Money `json:"individual_accounts"`
	// Balance = Assets − Liabilities (基金结余, net assets).
	Balance Money `json:"balance"`
	// Accumulated = Balance + IndividualAccounts (累计结余).
	Accumulated Money `json:"accumulated"`
	// Income12 and Expenditure12 are the net amounts on income and expense
	// accounts of entries dated From … AsOf.
	Income12      Money `json:"income_12m"`
	Expenditure12 Money `json:"expenditure_12m"`
	// MonthlyExpenditure = Expenditure12 ÷ 12, rounded to the 分.
	MonthlyExpenditure Money `json:"monthly_expenditure"`
	// Months is 抗风险支付能力 in months with two decimals ("74.64"), or nil
	// when the fund spent nothing in the twelve months (∞).
	Months *string `json:"months"`
	// Explanation shows the formula with its inputs, in Chinese.
	Explanation string `json:"explanation"`
}

// Add adds an account's sums to the status by the account's type: debits
// and credits of every entry up to the day (assets debit-normal,
// liabilities credit-normal, the individual accounts 2301 among them), and
// of the twelve months (income credit-normal, expenditure debit-normal).
func (s *FundStatus) Add(typ AccountType, account string, debit, credit, debit12, credit12 Money) {
	switch typ {
	case AccountAsset:
		s.Assets += debit - credit
	case AccountLiability:
		s.Liabilities += credit - debit
		if account == AcctIndividual {
			s.IndividualAccounts += credit - debit
		}
	case AccountIncome:
		s.Income12 += credit12 - debit12
	case AccountExpense:
		s.Expenditure12 += debit12 - credit12
	}
}

// EntryDigest is a hash of what an entry posts: its lines (account, debit,
// credit) in a canonical order. Date, summary and memos are not part of it:
// a re-run on another day, or with reworded summaries, is the same posting.
func EntryDigest(e *Entry) string {
	ls := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		ls[i] = fmt.Sprintf("%s:%d:%d", l.Account, l.Debit, l.Credit)
	}
	sort.Strings(ls)
	h := sha256.Sum256([]byte(strings.Join(ls, ";")))
	return hex.EncodeToString(h[:16])
}

// Compute derives Balance, Accumulated, MonthlyExpenditure, Months and
// Explanation from the sums. Months is Balance × 12 ÷ Expenditure12,
// rounded half up to two decimals once (not through the rounded monthly
// average).
func (s *FundStatus) Compute() {
	s.Balance = s.Assets - s.Liabilities
	s.Accumulated = s.Balance + s.IndividualAccounts
	s.MonthlyExpenditure = Money(DivRound(int64(s.Expenditure12), 12))
	s.Months = nil
	var b strings.Builder
	if s.Expenditure12 > 0 {
		m := FormatHundredths(MulDivRound(int64(s.Balance), 1200, int64(s.Expenditure12)))
		s.Months = &m
		fmt.Fprintf(&b, "抗风险支付能力 = 基金结余 ÷ 月均支出 = %s元 ÷ %s元 = %s个月。", s.Balance, s.MonthlyExpenditure, m)
	} else {
		fmt.Fprintf(&b, "抗风险支付能力:近12个月无支出,可支付月数为∞(基金结余%s元)。", s.Balance)
	}
	fmt.Fprintf(&b, "基金结余 = 资产%s元 − 负债%s元", s.Assets, s.Liabilities)
	if s.IndividualAccounts != 0 {
		fmt.Fprintf(&b, "(其中个人账户%s元;含个人账户的累计结余为%s元)", s.IndividualAccounts, s.Accumulated)
	}
	fmt.Fprintf(&b, ",截至%s;月均支出 = %s至%s的支出%s元 ÷ 12", s.AsOf, s.From, s.AsOf, s.Expenditure12)
	if s.Expenditure12 > 0 {
		fmt.Fprintf(&b, " = %s元", s.MonthlyExpenditure)
	}
	b.WriteString("。")
	s.Explanation = b.String()
}

// FormatHundredths writes an integer count of hundredths as a decimal with
// two places: 7464 → "74.64", -5 → "-0.05".
func FormatHundredths(h int64) string {
	sign := ""
	if h < 0 {
		if h == math.MinInt64 {
			return "-92233720368547758.08"
		}
		sign, h = "-", -h
	}
	return fmt.Sprintf("%s%d.%02d", sign, h/100, h%100)
}

// TwelveMonthsFrom returns the first day of the twelve months that end on
// asOf: the day after the same date a year earlier (2024-12-31 →
// 2024-01-01; 2024-02-29 → 2023-03-01).
func TwelveMonthsFrom(asOf time.Time) time.Time {
	y, m, d := asOf.Date()
	last := time.Date(y-1, m+1, 0, 0, 0, 0, 0, time.UTC).Day() // days in month m of year y-1
	return time.Date(y-1, m, min(d, last), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
}

// InterestRun is what every chunk of a year's interest run needs: the
// year's 记账利率 and the names the run gives its movements and entries.
type InterestRun struct {
	Fund        string // the individual accounts' fund: 110, 170
	Start, End  string // 1 January and 31 December of the year
	Rate        Rate   // the year's 记账利率
	Source      string // of the movements: interest:<year>
	Description string // of the ledger entries
}

// InterestResult is what an interest run did: Accounts, Credited and Total
// over every fund credited, Rate and Source fund 110's, and each fund's own
// figures in Funds.
type InterestResult struct {
	Year     int            `json:"year"`
	Rate     string         `json:"rate"`
	Source   string         `json:"source"` // the policy document of the rate
	Accounts int            `json:"accounts"`
	Credited int            `json:"credited"` // accounts credited by this run (0 when run again)
	Total    Money          `json:"total"`    // interest of the year over all accounts
	Formula  string         `json:"formula"`
	Funds    []InterestFund `json:"funds"`
}

// InterestFund is what an interest run did in one fund's accounts.
type InterestFund struct {
	Fund     string `json:"fund"`
	Rate     string `json:"rate"`
	Source   string `json:"source"`
	Accounts int    `json:"accounts"`
	Credited int    `json:"credited"`
	Total    Money  `json:"total"`
}

// LedgerCheck is the outcome of checking the fund ledger (shebao ledger
// check).
type LedgerCheck struct {
	// Balanced is true when every fund's checks pass.
	Balanced bool        `json:"balanced"`
	Funds    []FundCheck `json:"funds"`
	// Problems lists every failed check in Chinese.
	Problems []string `json:"problems"`
}

// FundCheck is the check of one fund's ledger.
type FundCheck struct {
	Fund    string `json:"fund"`
	Name    string `json:"name"`
	Entries int64  `json:"entries"`
	// Debit and Credit are the sums over all of the fund's lines.
	Debit  Money `json:"debit"`
	Credit Money `json:"credit"`
	// Balanced: Debit = Credit, every entry balanced with at least two
	// lines, every line of the fund and date of its entry.
	Balanced bool `json:"balanced"`
	// UnbalancedEntries counts entries whose own debits and credits differ
	// or that have fewer than two lines; Examples describes the first few.
	UnbalancedEntries int64    `json:"unbalanced_entries"`
	Examples          []string `json:"examples,omitempty"`
	// StrayLines counts lines whose fund or date differs from their entry's.
	StrayLines int64 `json:"stray_lines"`
	// DaySumsOff counts the days (of an account, or of the entries) whose
	// kept sums, which the fund status reads, differ from the lines and
	// entries themselves (sqldb ledger_days).
	DaySumsOff int64 `json:"day_sums_off"`
	// Accounts compares the individual accounts with the liability, for
	// funds that keep them.
	Accounts *AccountsCheck `json:"individual_accounts,omitempty"`
	Problems []string       `json:"problems,omitempty"`
}

// AccountsCheck compares a fund's individual accounts with its ledger.
type AccountsCheck struct {
	// Liability is the credit balance of 2301 个人账户.
	Liability Money `json:"liability"`
	// Balances is the sum of the accounts' balances, Movements the sum of
	// all their movements.
	Balances  Money `json:"balances"`
	Movements Money `json:"movements"`
	Persons   int64 `json:"persons"`
	// Mismatched counts accounts whose balance differs from the sum of
	// their own movements.
	Mismatched int64 `json:"mismatched"`
	OK         bool  `json:"ok"`
}

// Statement is a person's yearly individual-account statement (个人账户
// 对账单): for each fund in which the person has an account, the balance at
// the start of the year, every movement of the year with its month, kind
// and source explained in Chinese, the interest, and the balance at the
// end of the year. It is computed from the movements (account_movements),
// so that it always agrees with the ledger check.
type Statement struct {
	IDNo  string          `json:"id_no"`
	Name  string          `json:"name"`
	Year  int             `json:"year"`
	Funds []FundStatement `json:"funds"`
}

// FundStatement is the statement of one fund's account.
type FundStatement struct {
	Fund     string          `json:"fund"`
	FundName string          `json:"fund_name"`
	Opening  Money           `json:"opening"`
	Credits  Money           `json:"credits"`  // 记账 and 转入 of the year
	Interest Money           `json:"interest"` // 利息 of the year
	Debits   Money           `json:"debits"`   // 支取 and 转出 of the year (negative)
	Closing  Money           `json:"closing"`
	Items    []StatementItem `json:"items"`
	Summary  string          `json:"summary"`
}

// StatementItem is one movement of the year.
type StatementItem struct {
	Date        string `json:"date"`
	Month       string `json:"month"`
	Kind        string `json:"kind"`
	KindName    string `json:"kind_name"`
	Source      string `json:"source"`
	Amount      Money  `json:"amount"` // signed
	Balance     Money  `json:"balance"`
	Explanation string `json:"explanation"`
}
