package shebao

import "testing"

// An entry's digest is that of its lines in any order, and differs when an
// amount does.
func TestEntryDigest(t *testing.T) {
	a := &Entry{Lines: []Line{{Account: "1002", Debit: 100}, {Account: "4001", Credit: 100}}}
	b := &Entry{Lines: []Line{{Account: "4001", Credit: 100}, {Account: "1002", Debit: 100}}}
	c := &Entry{Lines: []Line{{Account: "1002", Debit: 101}, {Account: "4001", Credit: 101}}}
	if EntryDigest(a) != EntryDigest(b) || EntryDigest(a) == EntryDigest(c) {
		t.Errorf("digests %s %s %s", EntryDigest(a), EntryDigest(b), EntryDigest(c))
	}
}

// A fund by hand: bank 1002 debited 1000.00 and credited 200.00 (800.00),
// individual accounts 2301 credited 300.00, income 400.00 and expenditure
// 120.00 in the twelve months: balance 500.00, accumulated 800.00.
func TestFundStatusAdd(t *testing.T) {
	var s FundStatus
	s.Add(AccountAsset, "1002", 100000, 20000, 0, 0)
	s.Add(AccountLiability, AcctIndividual, 0, 30000, 0, 0)
	s.Add(AccountIncome, "4001", 0, 40000, 0, 40000)
	s.Add(AccountExpense, "5001", 12000, 0, 12000, 0)
	s.Compute()
	if s.Balance != 50000 || s.Accumulated != 80000 || s.Income12 != 40000 || s.Expenditure12 != 12000 || s.MonthlyExpenditure != 1000 {
		t.Errorf("%+v", s)
	}
}
