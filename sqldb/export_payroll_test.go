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

// EndAmounts ends every amount of a benefit with the month toMonth, for
// the payroll tests: a benefit left without an amount in force (无当月待遇标准).
func (db *DB) EndAmounts(ctx context.Context, benefitID, toMonth string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE benefit_amounts SET to_month = $1 WHERE benefit_id = $2`, toMonth, benefitID)
		return err
	})
}
