package collect

import (
	"context"
	"fmt"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Residents' annual contributions (城乡居民养老 170, 城乡居民医保 390).
//
// A chunk of receipts is recorded set-based in one unit of work: the
// persons, their enrollments and the receipts and years recorded before
// are read at once; each receipt is checked and its amounts computed from
// the policy in force (policy.ResidentAmounts); the contributions, the
// contribution years (so that the residents' pension determination counts
// the year), the individual-account movements (170) and one ledger entry
// per receipt are written together.
//
// The ledger entry of a receipt (kind collection, source
// "resident:<receipt>", in fund 170 or 390):
//
//	Dr 1002 银行存款          what the person and the collective paid
//	Dr 1102 应收财政补贴       the subsidy and the government's 代缴 (the
//	                          finance bureau transfers it later)
//	Cr 4001 社会保险费收入     the person's own contribution
//	Cr 4002 财政补贴收入       subsidy + 代缴
//	Cr 4003 集体补助收入       the collective subsidy (170)
//	Dr 3101 / Cr 2301         the amount credited to the account (170)
//
// Re-recording a receipt changes nothing; the same receipt with other
// content, or a second receipt for a person, scheme and year already paid,
// is refused with the reason.
//
// Residents are payers of the one pipeline (payer.go, migration 0061): a
// year is a bill of payer kind resident (period "YYYY:SSS"), the receipt
// a payments row that pays it in full at once for every party (the
// person, the village collective, the government's subsidy and 代缴, a
// receivable of the fund), the amounts of each party the bill's line,
// fixed by the tier when it is paid. So a year has no arrears and a
// receipt no 暂收款; the ledger entry books each party's part on its own
// account. A receipt is refunded or corrected in full, after a second
// clerk's approval, through the flows of refunds.go (others.go); the year
// may then be paid again under a new receipt.

// RecordResidentContribution records one resident's annual contribution in
// a unit of work of its own and returns it with its amounts and
// explanation; repeat = true when the receipt was recorded before (nothing
// changed).
func (s *Service) RecordResidentContribution(ctx context.Context, c shebao.ResidentContribution) (*shebao.ResidentContribution, bool, error) {
	var out *shebao.ResidentContribution
	var repeat bool
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		res, errs, err := s.recordResidents(ctx, "", []shebao.ResidentContribution{c})
		if err != nil {
			return err
		}
		if errs[0] != nil {
			return errs[0]
		}
		out, repeat = res[0].c, res[0].outcome == shebao.Unchanged
		return nil
	})
	return out, repeat, err
}

// ImportResidentContributions records a chunk of contributions in one unit
// of work: Created for a new receipt, Unchanged for one recorded before; a
// row that is invalid or refused gets its error.
func (s *Service) ImportResidentContributions(ctx context.Context, run string, cs []shebao.ResidentContribution) (out []shebao.Outcome, errs []error, err error) {
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		rows := make([]shebao.ResidentContribution, len(cs))
		copy(rows, cs)
		for i := range rows {
			if rows[i].Source == "" {
				rows[i].Source = run
			}
		}
		res, es, err := s.recordResidents(ctx, run, rows)
		if err != nil {
			return err
		}
		out, errs = make([]shebao.Outcome, len(cs)), es
		for i, r := range res {
			if r != nil {
				out[i] = r.outcome
			}
		}
		return nil
	})
	return out, errs, err
}

// ResidentContributions returns a person's residents' contributions, newest
// year first (read audited).
func (s *Service) ResidentContributions(ctx context.Context, idNo string) ([]*shebao.ResidentContribution, error) {
	return s.store.ResidentContributions(ctx, idNo)
}

type residentResult struct {
	c       *shebao.ResidentContribution
	outcome shebao.Outcome
}

// recordResidents validates, computes and writes a chunk. Per-row errors
// come back in errs (nothing of that row is written); err fails the chunk.
func (s *Service) recordResidents(ctx context.Context, run string, in []shebao.ResidentContribution) ([]*residentResult, []error, error) {
	if err := authorize(ctx, "resident.record"); err != nil {
		return nil, nil, err
	}
	a, _ := shebao.ActorFrom(ctx)
	res := make([]*residentResult, len(in))
	errs := make([]error, len(in))
	cs := make([]*shebao.ResidentContribution, len(in))
	var ids, receipts []string
	for i := range in {
		c := in[i]
		cs[i] = &c
		if err := c.Validate(); err != nil {
			errs[i] = err
			continue
		}
		id, err := canonicalKey(shebao.PayerPerson, c.IDNo)
		if err != nil {
			errs[i] = err
			continue
		}
		c.IDNo = id
		ids, receipts = append(ids, id), append(receipts, c.ReceiptNo)
	}
	if len(ids) == 0 {
		return res, errs, nil
	}
	facts, err := s.store.ResidentFacts(ctx, ids, receipts)
	if err != nil {
		return nil, nil, err
	}
	// The persons' flag history (residents_medaid.go).
	aid, err := s.store.MedicalAidData(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	var created []*shebao.ResidentContribution
	var years []shebao.ContributionYear
	var moves []shebao.AccountMovement
	var entries []*shebao.Entry
	for i, c := range cs {
		if errs[i] != nil {
			continue
		}
		if p, ok := facts.Prior[c.ReceiptNo]; ok {
			if p.Reversed != "" {
				errs[i] = shebao.Errorf(shebao.ECONFLICT, "票据号%s的缴费已退费或冲正(凭证号%s),不能再次登记:请使用新的票据号", c.ReceiptNo, p.Reversed)
				continue
			}
			if p.IDNo != c.IDNo || p.Scheme != c.Scheme || p.Year != c.Year || p.PaidOn != c.PaidOn || (c.Tier != 0 && c.Tier != p.Individual) {
				errs[i] = shebao.Errorf(shebao.ECONFLICT, "票据号%s已于%s登记为%s %s %d年度%s元,与本次不符:更正请另行办理",
					c.ReceiptNo, p.PaidOn, maskedOrFull(a, p.IDNo), p.Scheme, p.Year, p.Individual)
				continue
			}
			res[i] = &residentResult{c: p, outcome: shebao.Unchanged}
			continue
		}
		p := facts.Persons[c.IDNo]
		if p == nil {
			errs[i] = shebao.FieldErrorf("身份证号", "未找到身份证号为%s的人员", maskedOrFull(a, c.IDNo))
			continue
		}
		key := yearKey(c.IDNo, c.Scheme, c.Year)
		if r, ok := facts.PaidYears[key]; ok {
			errs[i] = shebao.FieldErrorf("年度", "%s已缴纳%d年度%s(票据号%s),一年只缴一次", p.Name, c.Year, schemeName(c.Scheme), r)
			continue
		}
		if !covers(facts.Enrollments[c.IDNo], c.Scheme, c.Year) {
			errs[i] = shebao.FieldErrorf("险种", "%s在%d年度没有%s的参保登记(先办理参保登记)", p.Name, c.Year, schemeName(c.Scheme))
			continue
		}
		c.Name, c.Region = p.Name, p.Region
		if err := policy.ResidentAmounts(set, c, p.Region, assistFlags(p, aid, c)); err != nil {
			errs[i] = err
			continue
		}
		facts.PaidYears[key] = c.ReceiptNo
		created = append(created, c)
		source := "resident:" + c.ReceiptNo
		if c.Scheme == shebao.SchemeResidentPension {
			// The year counts for the residents' pension: 12 months.
			years = append(years, shebao.ContributionYear{IDNo: c.IDNo, Scheme: c.Scheme, Year: c.Year, Months: 12, BaseTotal: c.Individual, Source: source})
			moves = append(moves, shebao.AccountMovement{IDNo: c.IDNo, Fund: c.Scheme, Date: c.PaidOn, Kind: shebao.MoveCredit,
				Source: source, Amount: c.Credited()})
		}
		entries = append(entries, residentEntry(c))
		res[i] = &residentResult{c: c, outcome: shebao.Created}
	}
	if len(created) == 0 {
		return res, errs, nil
	}
	if err := s.store.InsertResidentContributions(ctx, created, years, moves, entries); err != nil {
		return nil, nil, err
	}
	if len(created) == 1 {
		c := created[0]
		return res, errs, s.store.AuditMoneyIn(ctx, "resident.record", c.ReceiptNo, c.Region, c)
	}
	var total shebao.Money
	for _, c := range created {
		total += c.Individual + c.Subsidy + c.Collective
	}
	// The chunk's audit entry is keyed by its run ("": the store gives it
	// an id of its own).
	return res, errs, s.store.AuditMoneyIn(ctx, "resident.record", run, "", map[string]any{"created": len(created), "total": total})
}

func yearKey(id, scheme string, year int) string { return id + "|" + scheme + "|" + strconv.Itoa(year) }

// covers reports whether the enrollments cover the scheme in the year: 390
// by its enrollment year, 170 by an enrollment whose period overlaps the
// year.
func covers(ns []shebao.Enrollment, scheme string, year int) bool {
	first, last := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
	for _, n := range ns {
		if n.Scheme != scheme {
			continue
		}
		if scheme == shebao.SchemeResidentMedical {
			if n.Year == year {
				return true
			}
			continue
		}
		if n.StartDate <= last && (n.EndDate == "" || n.EndDate >= first) {
			return true
		}
	}
	return false
}

// residentEntry is the ledger entry of one contribution (see the top of
// this file).
func residentEntry(c *shebao.ResidentContribution) *shebao.Entry {
	memo := c.IDNo + " " + strconv.Itoa(c.Year)
	var lines []shebao.Line
	add := func(l shebao.Line) {
		if l.Debit > 0 || l.Credit > 0 {
			l.Memo = memo
			lines = append(lines, l)
		}
	}
	own, gov := c.PersonPaid(), c.Subsidy+c.FinancePaid
	add(shebao.Debit(shebao.AcctBank, own+c.Collective))
	add(shebao.Debit(shebao.AcctSubsidyReceivable, gov))
	add(shebao.Credit(shebao.AcctContributionIncome, own))
	add(shebao.Credit(shebao.AcctSubsidyIncome, gov))
	add(shebao.Credit(shebao.AcctCollectiveIncome, c.Collective))
	for _, l := range shebao.IndividualAccountLines(c.Credited()) {
		add(l)
	}
	return &shebao.Entry{Fund: c.Scheme, Date: c.PaidOn, Kind: shebao.PostCollection, Source: "resident:" + c.ReceiptNo,
		Description: fmt.Sprintf("%s缴费到账:%d年度,票据号%s", schemeName(c.Scheme), c.Year, c.ReceiptNo), Lines: lines}
}

func schemeName(code string) string {
	if s, ok := shebao.FindScheme(code); ok {
		return s.Name
	}
	return code
}

// maskedOrFull shows an ID number in full to roles that see numbers, masked
// otherwise.
func maskedOrFull(a shebao.Actor, id string) string {
	if shebao.RoleOf(a).FullID {
		return id
	}
	return idno.MaskID(id)
}
