package shebao

import "strings"

// Bank accounts (收款账号) that benefits are paid to.
//
// A payee account is a bank card number or a bank account number, all
// digits: bank cards follow ISO/IEC 7812-1 (China UnionPay debit cards,
// the 社会保障卡's financial account among them, have 16 to 19 digits,
// JR/T 0008), settlement and passbook accounts (个人银行结算账户、存折)
// run longer at some banks and rural credit cooperatives (up to some 25
// digits), and the payee account field of the central bank's payment
// system (CNAPS) holds at most 32 characters. So 12 to 30 digits; spaces
// that a clerk types to group the digits are dropped. Nothing else is
// accepted: a letter or a sign in an account number is a typing
// error, or a formula meant for the bank's spreadsheet.
const (
	MinBankAccountLen = 12
	MaxBankAccountLen = 30
)

// NormalizeBankAccount returns the account as stored — digits only — or an
// EINVALID error naming the field, field being how the caller's input
// calls it ("bank_account" in the API, --bank on the command line). An
// empty account is allowed (none given yet) and stays empty.
func NormalizeBankAccount(field, account string) (string, error) {
	a := strings.TrimSpace(account)
	a = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u3000':
			return -1
		}
		return r
	}, a)
	if a == "" {
		return "", nil
	}
	for i := 0; i < len(a); i++ {
		if a[i] < '0' || a[i] > '9' {
			return "", FieldErrorf(field, "收款账号只能由数字组成(银行卡号或银行账号,%d至%d位),不能含字母、符号或全角数字", MinBankAccountLen, MaxBankAccountLen)
		}
	}
	if len(a) < MinBankAccountLen || len(a) > MaxBankAccountLen {
		return "", FieldErrorf(field, "收款账号应为%d至%d位数字(银行卡号或银行账号),所填为%d位", MinBankAccountLen, MaxBankAccountLen, len(a))
	}
	return a, nil
}
