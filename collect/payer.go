package collect

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// One payer model: employers and persons (flexible employment, 灵活就业)
// pay through the same bills, payments, allocations, late fees, 暂收款,
// refunds and corrections, by the same rules (allocation oldest first,
// late fees at late_fee.daily from the due date, 暂收款 what a payment holds,
// refunds and corrections after a second clerk's approval). What differs
// by kind is said once, here: how a payer is named in the ledger and in
// messages, which right records its payments, the sources of its
// individual-account movements, and the refund limit (refunds.go).

// suspenseFund is the fund whose entries carry 暂收款 (Cr 2201): money not
// yet allocated belongs to no scheme, and the employee pension fund keeps
// it for all of them; applying it later moves the other funds' shares out
// of that fund's bank account (suspense.go).
const suspenseFund = shebao.SchemeEmployeePension

// kind is what differs between payer kinds.
type kind struct {
	// record is the right to record a payment of the kind and the audit
	// action of doing so; refund and correct the audit actions of an
	// executed refund and correction (whose right is payment.refund and
	// payment.correct for both).
	record, refund, correct string
}

var kinds = map[string]kind{
	shebao.PayerEmployer: {record: "payment.record", refund: "payment.refund", correct: "payment.correct"},
	shebao.PayerPerson:   {record: "flex.pay", refund: "flex.refund", correct: "flex.correct"},
	// Residents and lump sums record through residents.go and lumpsum.go;
	// their refunds and corrections go through others.go.
	shebao.PayerResident: {record: "resident.record", refund: "resident.refund", correct: "resident.correct"},
	shebao.PayerLumpSum:  {record: "lumpsum.pay", refund: "lumpsum.refund", correct: "lumpsum.correct"},
}

// canonicalKey checks and normalizes a payer's key: an employer's 统一社会
// 信用代码 (GB 32100-2015) or a person's 身份证号 (GB 11643-1999, a 15-digit
// number upgraded).
func canonicalKey(payerKind, key string) (string, error) {
	switch payerKind {
	case shebao.PayerEmployer:
		u, err := idno.ParseUSCC(key)
		if err != nil {
			return "", shebao.FieldErrorf("统一社会信用代码", "%s", err.Error())
		}
		return u.Code, nil
	case shebao.PayerPerson, shebao.PayerResident, shebao.PayerLumpSum:
		id, err := idno.ParseID(key, shebao.Today())
		if err != nil {
			return "", shebao.FieldErrorf("身份证号", "%s", err.Error())
		}
		return id.Number, nil
	}
	return "", fmt.Errorf("unknown payer kind %q", payerKind)
}

// label names the payer in ledger descriptions: an employer by name and
// code; a person by name only (the ledger's readers need not see 身份证号).
func label(p *shebao.Payer) string {
	if p.Kind == shebao.PayerPerson {
		return "灵活就业人员" + p.Name
	}
	return fmt.Sprintf("%s(%s)", p.Name, p.Key)
}

// lineMemo is the memo of a journal line about one bill of the payer.
func lineMemo(p *shebao.Payer, period shebao.Period) string {
	if p.Kind == shebao.PayerPerson {
		return "灵活就业 " + string(period)
	}
	return fmt.Sprintf("%s %s", p.Key, period)
}

// payerMemo is the memo of a journal line about the payer as a whole.
func payerMemo(p *shebao.Payer) string {
	if p.Kind == shebao.PayerPerson {
		return "灵活就业"
	}
	return p.Key
}

// creditSource is the source of the individual-account credits of a bill
// paid in full: "bill:<uscc>:<period>" of an employer's bill,
// "flex:<身份证号>:<period>" of a person's; a bill paid in full again after
// n reversals made it unpaid credits under ":<n>" appended.
func creditSource(p *shebao.Payer, period shebao.Period, n int) string {
	prefix := "bill:"
	if p.Kind == shebao.PayerPerson {
		prefix = "flex:"
	}
	s := prefix + p.Key + ":" + string(period)
	if n > 0 {
		s += fmt.Sprintf(":%d", n)
	}
	return s
}

// withdrawSource is the source of the withdrawal of a bill's credits when
// its n-th reversal (counting this one) makes it unpaid:
// "bill-reversal:<uscc>:<period>:<n>" of an employer's bill, and
// "flex-reversal:<身份证号>:<period>:<n-1>" of a person's (the flexible
// payers' withdrawals were numbered from 0; the numbers already posted
// stay the idempotency keys of those withdrawals).
func withdrawSource(p *shebao.Payer, period shebao.Period, n int) string {
	if p.Kind == shebao.PayerPerson {
		return fmt.Sprintf("flex-reversal:%s:%s:%d", p.Key, period, n-1)
	}
	return fmt.Sprintf("bill-reversal:%s:%s:%d", p.Key, period, n)
}

// creditDescription and withdrawDescription describe the account entries.
func creditDescription(p *shebao.Payer, period shebao.Period) string {
	if p.Kind == shebao.PayerPerson {
		return fmt.Sprintf("个人账户记账:灵活就业%s缴费足额到账", period)
	}
	return fmt.Sprintf("个人账户记账:%s(%s)%s缴费足额到账", p.Name, p.Key, period)
}

func withdrawDescription(p *shebao.Payer, period shebao.Period) string {
	if p.Kind == shebao.PayerPerson {
		return fmt.Sprintf("个人账户冲回:灵活就业%s缴费冲正后不再足额", period)
	}
	return fmt.Sprintf("个人账户冲回:%s(%s)%s缴费退费或冲正后不再足额", p.Name, p.Key, period)
}

// authorize asks the root's one rule whether the actor may do the action
// on contributions (the store asks again inside the unit of work).
func authorize(ctx context.Context, action string) error {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	return a.Authorize(shebao.AuditAction(action, shebao.EntityContribution), "")
}
