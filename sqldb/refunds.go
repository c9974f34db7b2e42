package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// Refunds (退费) and corrections (更正/冲正) of every payer's payments:
// their approvals (经办 → 复核), for collect.Service (collect/refunds.go
// has the rules). The refund or correction itself is a payments row
// (InsertPayment) with its reversed allocations (Allocate) and late fees.

// ReversalApprovals returns the approvals of a refund or correction kind
// that are pending or were approved (not rejected), newest first, with
// their payloads: the service finds the one made under a voucher number.
func (db *DB) ReversalApprovals(ctx context.Context, kind string) ([]*shebao.Approval, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT `+approvalColumns+` FROM approvals WHERE kind = $1 AND status <> $2 ORDER BY made_at DESC`,
		kind, shebao.ApprovalRejected)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shebao.Approval
	for rows.Next() {
		ap, err := scanApproval(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ap)
	}
	return out, rows.Err()
}

// SubmitReversal submits a refund or correction for a second clerk's
// approval (the maker's right to submit the kind is checked).
func (db *DB) SubmitReversal(ctx context.Context, kind, region, summary string, payload any) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.submitApproval(ctx, kind, region, summary, payload)
		return err
	})
	return out, err
}
