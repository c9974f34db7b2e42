package shebao

import (
	"fmt"
	"strings"
)

// 社会救助资金 (issue #18 item 7; docs/DOMAIN.md §9): social assistance is
// fiscal money — the district's budget for 城乡最低生活保障, 特困人员救助供养,
// 临时救助 and 医疗救助 (社会救助暂行办法 第六十一条: 县级以上人民政府应当将社会救助
// 纳入国民经济和社会发展规划,建立健全政府领导、民政部门牵头、有关部门配合、社会力量参与的社会救助
// 工作机制,完善社会救助资金、物资保障机制,将政府安排的社会救助资金和社会救助工作经费纳入财政预算),
// not a social insurance fund financed by contributions. It is kept as a
// ledger fund of its own beside the scheme funds, with the same double
// entry, check and status.
//
// Its code, FundAssistance = "JZ" (救助), is letters on purpose: the scheme
// funds are numbered by the national 险种 codes (110 … 910, all digits), so
// no scheme added to the catalogue can ever take it.

// FundAssistance is the code of the 社会救助资金 fund.
const FundAssistance = "JZ"

// Accounts of the 社会救助资金 fund only (codes unused by the scheme funds).
const (
	AcctAssistAdvanceOwed = "2202" // 应付其他基金垫付款: assistance paid earlier from another fund (the 910 stopgap), owed back
	AcctAssistBudget      = "4201" // 财政补助收入: the budget received from the treasury (本级、上级补助)
	AcctDibaoExpense      = "5201" // 最低生活保障金支出
	AcctTekunExpense      = "5202" // 特困人员救助供养支出
	AcctReliefExpense     = "5203" // 临时救助支出
	AcctMedicalAidExpense = "5204" // 医疗救助支出
	AcctAssistRecovered   = "5209" // 追回救助资金: overpayments recovered, credited against expenditure (冲减支出)
)

// assistanceCommon are the accounts of every fund (ChartAccount.Funds nil)
// that the 社会救助资金 fund keeps too: its bank account, advances, the
// payroll's payable (the payroll credits 2101 and its release debits it,
// whatever the fund), the balance, interest and other income, and 其他支出
// (the write-off of an overpayment, as in every fund). It keeps none of
// the contribution accounts.
var assistanceCommon = []string{AcctBank, AcctAdvances, AcctBenefitsPayable, AcctFundBalance, AcctInterestIncome, AcctOtherIncome, AcctOtherExpense}

// assistanceFundInfo is the fund's entry in Funds.
var assistanceFundInfo = Fund{Code: FundAssistance, Name: "社会救助资金"}

// AssistanceFunding says which fund pays an assistance kind and to which
// expense account it is charged. It is the one table of the assistance
// kinds' money: BenefitKinds takes their entries from it, and the
// reclassification of the 910 stopgap (ReclassifyEntries) walks it.
type AssistanceFunding struct {
	Kind    string // the benefit kind (BenefitKinds)
	Name    string
	Fund    string // FundAssistance
	Expense string // the expense account
	Monthly bool
	// Approval: created only by an approved decision (经办 → 复核).
	Approval bool
}

// AssistanceKinds is the table of assistance kinds and their money; the
// 医疗救助 is posted by the medical settlement (medical/medaid.go), the
// others by the payroll.
var AssistanceKinds = []AssistanceFunding{
	{BenefitDibao, "最低生活保障金", FundAssistance, AcctDibaoExpense, true, true},
	{BenefitTekun, "特困人员救助供养金", FundAssistance, AcctTekunExpense, true, true},
	{BenefitTemporaryRelief, "临时救助金", FundAssistance, AcctReliefExpense, false, true},
	{BenefitMedicalAid, "医疗救助", FundAssistance, AcctMedicalAidExpense, false, false},
}

// FindAssistanceKind returns the assistance kind's row of AssistanceKinds.
func FindAssistanceKind(kind string) (AssistanceFunding, bool) {
	for _, k := range AssistanceKinds {
		if k.Kind == kind {
			return k, true
		}
	}
	return AssistanceFunding{}, false
}

// assistanceBenefitKinds are the assistance kinds as BenefitKinds rows.
func assistanceBenefitKinds() []BenefitKind {
	out := make([]BenefitKind, len(AssistanceKinds))
	for i, k := range AssistanceKinds {
		out[i] = BenefitKind{Code: k.Kind, Name: k.Name, Scheme: k.Fund, Expense: k.Expense, Monthly: k.Monthly, Approval: k.Approval}
	}
	return out
}

// KindExpense returns the expense account that a payment of the benefit
// kind is charged to in the fund: the kind's own account in the fund that
// pays it, and 其他支出 (5199) in any other fund — where the kind was posted
// before it had a fund of its own (低保 and 临时救助 in the 910 fund before
// migration 0098), so that a payment made then is undone, recovered or
// written off in the fund and account it was charged to.
func KindExpense(fund, kind string) string {
	k, ok := FindBenefitKind(kind)
	if !ok || k.Scheme != fund {
		return AcctOtherExpense
	}
	return k.Expense
}

// RecoveryCredits are the lines that take a recovered overpayment (money
// back in the bank, Dr 1002) out of the expenditure: for an assistance kind
// paid by its own fund, 5209 追回救助资金, so that the fund shows what it
// paid and what it recovered apart; for every other kind
// OverpaymentCredits.
func RecoveryCredits(o *Overpayment, kind string, basic Money) []Line {
	if k, ok := FindAssistanceKind(kind); ok && o.Scheme == k.Fund {
		return []Line{Credit(AcctAssistRecovered, o.Amount)}
	}
	return OverpaymentCredits(o, kind, basic)
}

// FundName names a fund (a scheme's fund or the 社会救助资金) by its code;
// the code when unknown.
func FundName(code string) string {
	if f, ok := FindFund(code); ok {
		return f.Name
	}
	return code
}

// AssistBudget is a budget received for the 社会救助资金 (财政补助资金到账):
// Dr 1002 银行存款, Cr 4201 财政补助收入, recorded once per document
// number (文号, e.g. 区财社〔2026〕12号).
type AssistBudget struct {
	Doc    string `json:"doc"`
	Date   string `json:"date"`
	Amount Money  `json:"amount"`
	Note   string `json:"note,omitempty"`
	// EntryID is the journal entry that records it.
	EntryID string `json:"entry_id,omitempty"`
	Actor   string `json:"actor,omitempty"`
}

// Entry returns the journal entry of the budget received; the source
// "budget:<doc>" makes the document number its key.
func (b AssistBudget) Entry() *Entry {
	desc := fmt.Sprintf("社会救助资金财政补助到账(文号%s)%s元", b.Doc, b.Amount)
	if b.Note != "" {
		desc += ":" + b.Note
	}
	return &Entry{Fund: FundAssistance, Date: b.Date, Kind: PostSubsidy, Source: "budget:" + b.Doc, Description: desc,
		Lines: []Line{Debit(AcctBank, b.Amount), Credit(AcctAssistBudget, b.Amount)}}
}

// Validate checks the budget without the database.
func (b *AssistBudget) Validate() error {
	b.Doc, b.Note = strings.TrimSpace(b.Doc), strings.TrimSpace(b.Note)
	if b.Doc == "" || len(b.Doc) > 120 {
		return FieldErrorf("doc", "请填写预算拨款文号(不超过120字节)")
	}
	if d, err := ParseDate("date", b.Date); err != nil || d.Year() < 1990 || d.Year() > 2100 {
		return FieldErrorf("date", "到账日期“%s”无效,应为YYYY-MM-DD", b.Date)
	}
	if b.Amount <= 0 || b.Amount > maxLineAmount {
		return FieldErrorf("amount", "拨款金额必须大于零(%s元)", b.Amount)
	}
	return nil
}

// ReclassifySource is the source of the n-th reclassification of a kind
// (n from 1): "reclass:<kind>:<n>". A run moves only what was charged and
// not moved before, so a run that finds nothing new posts nothing, and a
// later run (an old overpayment recovered in the 910 fund since) posts the
// difference as the next one; two runs at once find the same n and the
// same lines, and the ledger keeps one.
func ReclassifySource(kind string, n int) string {
	return fmt.Sprintf("reclass:%s:%d", kind, n)
}

// ReclassifyEntries returns the pair of entries that move delta of an
// assistance kind's expenditure, posted to 其他支出 (5199) of the fund
// `from` before the kind had a fund of its own, into the kind's fund: in
// `from`, Dr 1201 暂付款 (paid on the assistance fund's behalf, to be
// repaid) / Cr 5199; in the assistance fund, Dr the kind's expense account
// / Cr 2202 应付其他基金垫付款. A negative delta (more recovered than paid
// since the last run) gives the mirror entries. Both funds stay balanced;
// repaying the advance is a bank transfer between the funds, posted when
// it is made.
func ReclassifyEntries(from, kind, date string, n int, delta, cumulative Money) ([]*Entry, error) {
	k, ok := FindAssistanceKind(kind)
	if !ok {
		return nil, FieldErrorf("kind", "“%s”不是社会救助项目", kind)
	}
	if delta == 0 {
		return nil, nil
	}
	src := ReclassifySource(kind, n)
	a, b := delta, Money(0)
	if delta < 0 {
		a, b = 0, -delta
	}
	line := func(acct string, dr, cr Money) Line { return Line{Account: acct, Debit: dr, Credit: cr} }
	out := []*Entry{
		{Fund: from, Date: date, Kind: PostAdjustment, Source: src,
			Description: fmt.Sprintf("%s原列%s其他支出,调整至%s(垫付,累计%s元)", k.Name, FundName(from), FundName(k.Fund), cumulative),
			Lines:       []Line{line(AcctAdvances, a, b), line(AcctOtherExpense, b, a)}},
		{Fund: k.Fund, Date: date, Kind: PostAdjustment, Source: src,
			Description: fmt.Sprintf("%s由%s垫付,调整列入本资金支出(累计%s元)", k.Name, FundName(from), cumulative),
			Lines:       []Line{line(k.Expense, a, b), line(AcctAssistAdvanceOwed, b, a)}},
	}
	return out, nil
}

// ReclassifyResult is what a reclassification run did, per kind.
type ReclassifyResult struct {
	Date  string            `json:"date"`
	Kinds []ReclassifyKind  `json:"kinds"`
	Total Money             `json:"total"`
	Notes map[string]string `json:"notes,omitempty"`
}

// ReclassifyKind is one kind's reclassification: what was charged to the
// old fund's 5199 for it in all (Paid − Recovered), what was moved before,
// and what this run moved (Moved = Charged − Before).
type ReclassifyKind struct {
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	From        string `json:"from"`
	Charged     Money  `json:"charged"`
	Before      Money  `json:"before"`
	Moved       Money  `json:"moved"`
	Explanation string `json:"explanation"`
}

// AccountBalance is one account of a fund with its sums on a date: the
// debits and credits of every entry dated on or before it, and the balance
// on the account's normal side (debit − credit for assets and expenditure,
// credit − debit for the others).
type AccountBalance struct {
	Code    string      `json:"code"`
	Name    string      `json:"name"`
	Type    AccountType `json:"type"`
	Debit   Money       `json:"debit"`
	Credit  Money       `json:"credit"`
	Balance Money       `json:"balance"`
}
