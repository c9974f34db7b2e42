package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// AddBenefitAmount gives a benefit a new amount from a month on (an
// adjustment), for the payroll tests: the adjustments' own command is
// another capability's.
func (db *DB) AddBenefitAmount(ctx context.Context, benefitID string, am shebao.BenefitAmount) (added bool, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		added, err = tx.addBenefitAmount(ctx, benefitID, am)
		return err
	})
	return added, err
}
