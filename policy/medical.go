package policy

import (
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// Medical reimbursement (医疗费用报销), docs/DOMAIN.md §6: per hospital stay,
// eligible cost (政策范围内费用) → minus the deductible (起付线, by hospital
// level, once per stay or once per year as the local rule says) → × the
// ratio (by scheme and level) → limited by what remains of the annual cap
// (统筹基金年度最高支付限额).

// DeductibleBasis is the value of medical.*.deductible_per: whether the
// deductible is borne once per hospital stay or once per calendar year.
type DeductibleBasis string

// Deductible bases.
const (
	DeductiblePerStay DeductibleBasis = "stay" // 每次住院计算起付线
	DeductiblePerYear DeductibleBasis = "year" // 一个年度内只计算一次起付线
)

func (b *DeductibleBasis) validate() error {
	switch *b {
	case DeductiblePerStay, DeductiblePerYear:
		return nil
	}
	return fmt.Errorf("起付线计算方式应为\"stay\"(每次住院)或\"year\"(每年一次),实为%q", string(*b))
}

// Name returns the Chinese name of the basis.
func (b DeductibleBasis) Name() string {
	if b == DeductiblePerYear {
		return "年度内只计一次"
	}
	return "每次住院计一次"
}

// LevelName returns the Chinese name of a hospital level (0 基层, 1 一级,
// 2 二级, 3 三级).
func LevelName(level int) string { return levelName(level) }

// Stay is one hospital stay to reimburse, with the policy in force and
// what the person has already been reimbursed in the year.
type Stay struct {
	Scheme   string       // 310 or 390, for the explanation
	Level    int          // hospital level 0–3
	Eligible shebao.Money // 政策范围内费用 (合规费用)
	// Deductible is the level's deductible (medical.<scheme>.deductible);
	// Basis says whether it is borne per stay or per year.
	Deductible shebao.Money
	Basis      DeductibleBasis
	// DeductibleBorne is what the person already bore of deductibles in
	// earlier stays of the year (only used per year).
	DeductibleBorne shebao.Money
	Ratio           shebao.Rate  // medical.<scheme>.ratio of the level
	Cap             shebao.Money // medical.<scheme>.cap
	// CapUsed is what the fund has already paid the person in the year.
	CapUsed shebao.Money
}

// StayResult is the reimbursement of a stay and how it was reached.
type StayResult struct {
	// DeductibleApplied is the part of the eligible cost the person bears
	// as the deductible of this stay.
	DeductibleApplied shebao.Money `json:"deductible"`
	// Computed is (eligible − deductible) × ratio, before the cap.
	Computed shebao.Money `json:"computed"`
	// Paid is what the fund pays: Computed limited to the cap remaining.
	Paid shebao.Money `json:"paid"`
	// CapRemaining is what remained of the annual cap before this stay.
	CapRemaining shebao.Money `json:"cap_remaining"`
	Explanation  string       `json:"explanation"`
}

// ReimburseStay computes what the fund pays for one hospital stay. Each
// stored amount is rounded half up to the 分 once (the ratio's product).
func ReimburseStay(s Stay) StayResult {
	var r StayResult
	var b strings.Builder
	fmt.Fprintf(&b, "%s医院住院:政策范围内费用%s元", levelName(s.Level), s.Eligible)

	// The deductible of this stay.
	ded := s.Deductible
	if s.Basis == DeductiblePerYear {
		ded = max(0, s.Deductible-s.DeductibleBorne)
		if s.DeductibleBorne > 0 {
			fmt.Fprintf(&b, ";起付线%s元(年度内只计一次,本年已承担%s元,本次还应承担%s元)", s.Deductible, s.DeductibleBorne, ded)
		} else {
			fmt.Fprintf(&b, ";起付线%s元(年度内只计一次)", s.Deductible)
		}
	} else {
		fmt.Fprintf(&b, ";起付线%s元(每次住院)", s.Deductible)
	}
	r.DeductibleApplied = min(ded, s.Eligible)
	if s.Eligible <= ded {
		fmt.Fprintf(&b, ";费用未超过起付线,统筹基金不予支付,报销0.00元")
		r.CapRemaining = max(0, s.Cap-s.CapUsed)
		r.Explanation = b.String()
		return r
	}
	covered := s.Eligible - ded
	r.Computed = s.Ratio.Apply(covered)
	fmt.Fprintf(&b, ";(%s − %s) × 报销比例%s = %s元", s.Eligible, ded, s.Ratio.Percent(), r.Computed)

	// The annual cap.
	r.CapRemaining = max(0, s.Cap-s.CapUsed)
	r.Paid = min(r.Computed, r.CapRemaining)
	switch {
	case r.Paid < r.Computed:
		fmt.Fprintf(&b, ";年度最高支付限额%s元,本年已支付%s元,剩余%s元,按%s元支付", s.Cap, s.CapUsed, r.CapRemaining, r.Paid)
	default:
		fmt.Fprintf(&b, ";未超过年度最高支付限额%s元(本年已支付%s元)", s.Cap, s.CapUsed)
	}
	fmt.Fprintf(&b, ";统筹基金支付%s元", r.Paid)
	r.Explanation = b.String()
	return r
}

// AccountPayment returns what a 310 individual medical account pays of an
// outpatient cost: the eligible cost (政策范围内费用) up to the balance
// (国办发〔2021〕14号: 个人账户主要用于支付参保人员在定点医疗机构或定点零售药店
// 发生的政策范围内自付费用). The rest is paid by the person.
func AccountPayment(eligible, balance shebao.Money) (paid shebao.Money, explain string) {
	paid = max(0, min(eligible, balance))
	switch {
	case balance <= 0:
		return 0, fmt.Sprintf("门诊:政策范围内费用%s元,个人账户余额为0,由个人现金支付", eligible)
	case paid < eligible:
		return paid, fmt.Sprintf("门诊:政策范围内费用%s元,个人账户余额%s元不足,个人账户支付%s元,其余%s元由个人现金支付",
			eligible, balance, paid, eligible-paid)
	}
	return paid, fmt.Sprintf("门诊:政策范围内费用%s元由个人账户支付(支付前余额%s元,支付后%s元)", eligible, balance, balance-paid)
}

// ClaimPolicy is the reimbursement policy of one scheme for one region on
// one date: the deductible and ratio by hospital level, the annual cap, and
// whether the deductible is borne per stay or per year, with the source of
// each (Cites, by its Chinese name).
type ClaimPolicy struct {
	Deductible LevelAmounts
	Ratio      LevelRates
	Cap        shebao.Money
	Basis      DeductibleBasis
	Cites      map[string]string
}

// ClaimPolicyAt looks up the claim policy of the scheme (310, 390) in force
// for the region on the date: medical.<scheme>.deductible, .ratio, .cap and
// .deductible_per. A set loaded before deductible_per existed has no value
// for it: the deductible is then borne per stay.
func ClaimPolicyAt(set *Set, scheme, region string, on time.Time) (*ClaimPolicy, error) {
	p := &ClaimPolicy{Cites: map[string]string{}}
	par, err := set.Table(SchemeKey("medical", scheme, "deductible"), region, on, &p.Deductible)
	if err != nil {
		return nil, err
	}
	p.Cites["起付线"] = par.Cite()
	if par, err = set.Table(SchemeKey("medical", scheme, "ratio"), region, on, &p.Ratio); err != nil {
		return nil, err
	}
	p.Cites["报销比例"] = par.Cite()
	if p.Cap, par, err = set.Money(SchemeKey("medical", scheme, "cap"), region, on); err != nil {
		return nil, err
	}
	p.Cites["年度最高支付限额"] = par.Cite()
	switch par, err = set.Table(SchemeKey("medical", scheme, "deductible_per"), region, on, &p.Basis); {
	case shebao.ErrorCode(err) == shebao.ENOTFOUND:
		p.Basis = DeductiblePerStay
		p.Cites["起付线计算方式"] = "未设置(" + SchemeKey("medical", scheme, "deductible_per") + "),按每次住院计算"
	case err != nil:
		return nil, err
	default:
		p.Cites["起付线计算方式"] = par.Cite()
	}
	return p, nil
}
