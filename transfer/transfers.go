package transfer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// plannedLine is one row of a transfer, validated on its own.
type plannedLine struct {
	t        *shebao.Transfer // the terms the row gives
	line     shebao.TransferLine
	area     int64 // 0.01 亩
	isPerson bool
	// loan is the deposit line of a lending (贷出) by a cooperative, in
	// place of the parcel's line.
	loan *shebao.LoanLine
}

// ImportTransfers stores a chunk of transfer rows (`shebao import
// transfers`, or the API with run "api"): each row is one parcel of a
// contract, keyed by contract number and parcel code. A new contract waits
// for 鉴证 by the town's service centre (an approval of kind
// transfer.verify, submitted with it). A row is refused, with the field and
// the reason, when (docs/DOMAIN.md §8):
//
//   - its purpose is not agricultural, or its form is 转让 without the
//     发包方's consent recorded (shebao.CheckAgriculturalUse; 第三十四、三十八条);
//   - the parcel is not registered, or the transferor is not the head of
//     the household that contracts it;
//   - the term runs beyond the contract's remaining term (第三十八条);
//   - the parcel has less area free for the period than the row takes:
//     other transfers not ended, waiting or verified, take their area on
//     every day they run (shebao.PeakArea), so that no land is transferred
//     twice at the same time;
//   - the transferee is an enterprise whose contract takes more than
//     transfer.enterprise_review_mu 亩 in total, without an approved
//     资格审查 in force for at least that area (管理办法 第二十九条).
//
// A repeated row is unchanged; a corrected one updates the contract while
// it waits for 鉴证, with history; a verified contract cannot change.
func (s *Service) ImportTransfers(ctx context.Context, run string, in []shebao.NewTransferLine) (out []shebao.Outcome, errs []error, err error) {
	j, err := s.begin(ctx, "transfer.import", shebao.EntityTransfer)
	if err != nil {
		return nil, nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(in)), make([]error, len(in))
		planned := make([]*plannedLine, len(in))
		var nos, parcels, persons, usccs []string
		for i, l := range in {
			p, err := planLine(l)
			if err != nil {
				errs[i] = err
				continue
			}
			planned[i] = p
			nos = append(nos, p.t.No)
			if p.loan != nil {
				nos = append(nos, p.loan.DepositNo)
			} else {
				parcels = append(parcels, p.line.ParcelCode)
			}
			if p.isPerson {
				persons = append(persons, p.t.TransfereeID)
			} else {
				usccs = append(usccs, p.t.TransfereeID)
			}
		}
		d, err := s.store.TransferData(ctx, distinct(nos), distinct(parcels), distinct(persons), distinct(usccs))
		if err != nil {
			return err
		}
		// A rent in kind needs a commodity the policy prices.
		for i, p := range planned {
			if p == nil || p.t.RentKind == "" {
				continue
			}
			prices, cite, err := policy.KindPricesIn(set, p.t.Region, shebao.Today())
			if err != nil {
				return err
			}
			if !slices.Contains(prices.Commodities(), p.t.RentKind) {
				errs[i] = shebao.FieldErrorf("租金", "实物租金的品种“%s”没有折价标准(%s),现有:%s", p.t.RentKind, cite,
					strings.Join(prices.Commodities(), "、"))
				planned[i] = nil
			}
		}
		needsReview, err := s.reviewsMissing(set, d, planned)
		if err != nil {
			return err
		}
		w := &shebao.TransferWrites{Lines: map[string][]shebao.TransferLine{}, Loans: map[string][]shebao.LoanLine{}}
		tp := &transferPlanner{d: d, run: run, j: j, w: w, rowOf: map[string]int{}, fresh: map[string]*shebao.Transfer{}}
		for i, p := range planned {
			if p == nil {
				continue
			}
			if e := needsReview[p.t.No]; e != nil {
				errs[i] = e
				continue
			}
			out[i], errs[i] = tp.row(i, p)
		}
		w.Transferees = newTransferees(d, w, run)
		return s.store.SaveTransfers(ctx, run, w)
	})
	return out, errs, err
}

// newTransferees are the organisations the chunk's new and corrected
// contracts take land for that are not registered: each is registered as
// an employer (the registry of units, as `import employers` does) in the
// contract's village, named as the contract names it, with industry 农业
// and the work-injury risk class of agriculture (四类, 工伤保险行业风险
// 分类表, 人社部发〔2015〕71号), for the registration line to complete.
func newTransferees(d *shebao.TransferData, w *shebao.TransferWrites, run string) []*shebao.Employer {
	var out []*shebao.Employer
	add := func(t *shebao.Transfer) {
		if t.TransfereeKind == shebao.TransfereeFarmer {
			return
		}
		if _, ok := d.Employers[t.TransfereeID]; ok {
			return
		}
		d.Employers[t.TransfereeID] = t.TransfereeName
		src := "transfer:" + t.No
		if run != "api" {
			src = "transfer:" + run + ":" + t.No
		}
		out = append(out, &shebao.Employer{USCC: t.TransfereeID, Name: t.TransfereeName, Industry: "农业", RiskClass: 4,
			Region: t.Region, Source: src})
	}
	for _, t := range w.New {
		add(t)
	}
	for _, c := range w.Changed {
		add(c.New)
	}
	return out
}

// planLine validates one row on its own.
func planLine(l shebao.NewTransferLine) (*plannedLine, error) {
	no := strings.TrimSpace(l.No)
	if no == "" {
		return nil, shebao.FieldErrorf("流转合同号", "流转合同号不能为空")
	}
	if len(no) > 100 {
		return nil, shebao.FieldErrorf("流转合同号", "流转合同号过长")
	}
	form, ok := shebao.ParseTransferForm(l.Form)
	if !ok {
		return nil, shebao.FieldErrorf("流转方式", "流转方式“%s”无效,应为%s", l.Form, strings.Join(shebao.TransferForms, "、"))
	}
	area, err := policy.ParseMu(l.Area)
	if err != nil {
		return nil, shebao.FieldErrorf("流转面积", "%s", shebao.ErrorMessage(err))
	}
	if area <= 0 {
		return nil, shebao.FieldErrorf("流转面积", "流转面积应大于0亩")
	}
	p := &plannedLine{area: int64(area)}
	t := &shebao.Transfer{No: no, Form: form, TransfereeName: strings.TrimSpace(l.TransfereeName), Purpose: strings.TrimSpace(l.Purpose),
		Consent: strings.TrimSpace(l.Consent)}
	if dep := strings.TrimSpace(l.Deposit); dep != "" {
		// A lending (贷出): the cooperative lends area of a deposit.
		if strings.TrimSpace(l.ParcelCode) != "" {
			return nil, shebao.FieldErrorf("存入合同号", "贷出合同的一行写存入合同号或地块编码之一,不能两者都写")
		}
		u, err := idno.ParseUSCC(l.TransferorIDNo)
		if err != nil {
			return nil, shebao.FieldErrorf("转出方身份证号", "贷出土地的转出方应为土地信用合作社的统一社会信用代码:%s", err.Error())
		}
		if !shebao.IsCoopUSCC(u.Code) {
			return nil, shebao.FieldErrorf("转出方身份证号", "%s不是农民专业合作社(统一社会信用代码以93开头):只有土地信用合作社可以贷出存入的土地", u.Code)
		}
		t.Lender = u.Code
		p.loan = &shebao.LoanLine{DepositNo: dep, Area: area.String()}
	} else {
		pc, err := idno.ParseParcelCode(l.ParcelCode)
		if err != nil {
			return nil, shebao.FieldErrorf("地块编码", "%s", err.Error())
		}
		from, err := idno.ParseID(l.TransferorIDNo, shebao.Today())
		if err != nil {
			return nil, shebao.FieldErrorf("转出方身份证号", "%s", err.Error())
		}
		p.line = shebao.TransferLine{ParcelCode: pc.Code, TransferorIDNo: from.Number, Area: area.String()}
		t.Region = pc.Village
	}
	raw := strings.TrimSpace(l.TransfereeID)
	if id, err := idno.ParseID(raw, shebao.Today()); err == nil {
		t.TransfereeID, p.isPerson = id.Number, true
	} else if u, err2 := idno.ParseUSCC(raw); err2 == nil {
		t.TransfereeID = u.Code
	} else {
		return nil, shebao.FieldErrorf("受入方", "受入方“%s”既不是有效的身份证号(%s),也不是有效的统一社会信用代码(%s)", raw, err.Error(), err2.Error())
	}
	t.TransfereeKind = shebao.TransfereeKindOf(t.TransfereeID, p.isPerson)
	if t.TransfereeName == "" {
		return nil, shebao.FieldErrorf("受入方名称", "受入方名称不能为空")
	}
	start, err := time.Parse(shebao.DateLayout, strings.TrimSpace(l.Start))
	if err != nil {
		return nil, shebao.FieldErrorf("起始日期", "起始日期“%s”无效,应为YYYY-MM-DD", l.Start)
	}
	end, err := time.Parse(shebao.DateLayout, strings.TrimSpace(l.End))
	if err != nil {
		return nil, shebao.FieldErrorf("结束日期", "结束日期“%s”无效,应为YYYY-MM-DD", l.End)
	}
	if end.Before(start) {
		return nil, shebao.FieldErrorf("结束日期", "结束日期%s早于起始日期%s", end.Format(shebao.DateLayout), start.Format(shebao.DateLayout))
	}
	t.Start, t.End, t.Registrable = start.Format(shebao.DateLayout), end.Format(shebao.DateLayout), shebao.Registrable(start, end)
	if kind, qty, ok := policy.ParseKindRent(l.Rent); ok {
		// A rent in kind (800斤稻谷/亩/年), converted per instalment.
		t.RentKind, t.RentQty = kind, policy.Mu(qty).String()
	} else {
		rent, err := shebao.ParseYuan(l.Rent)
		if err != nil {
			return nil, shebao.FieldErrorf("租金", "租金“%s”无效:应为元/亩/年(如500),或每亩每年的实物数量(如800斤稻谷)", l.Rent)
		}
		if rent < 0 {
			return nil, shebao.FieldErrorf("租金", "租金不能为负数")
		}
		t.Rent = rent
	}
	sch, ok := shebao.ParsePaySchedule(l.Schedule)
	if !ok {
		return nil, shebao.FieldErrorf("支付方式", "支付方式“%s”无效,应为%s", l.Schedule, strings.Join(shebao.PaySchedules, "、"))
	}
	t.Schedule = sch
	if err := shebao.CheckAgriculturalUse(t.Purpose); err != nil {
		return nil, err
	}
	if form == shebao.FormAssign && t.Consent == "" {
		return nil, shebao.FieldErrorf("发包方同意", "转让土地经营权须经发包方书面同意(农村土地承包法第三十四条):请填写发包方同意书的文号或日期")
	}
	p.t = t
	return p, nil
}

// reviewsMissing finds the contracts of the chunk whose enterprise
// transferee takes more than the threshold without a 资格审查 for it: every
// row of such a contract is refused. The area counted is the contract's
// stored lines and the chunk's rows of it (each parcel once).
func (s *Service) reviewsMissing(set *policy.Set, d *shebao.TransferData, planned []*plannedLine) (map[string]error, error) {
	total := map[string]map[string]int64{} // no → parcel → area
	first := map[string]*plannedLine{}
	for _, p := range planned {
		if p == nil || p.t.TransfereeKind != shebao.TransfereeEnterprise {
			continue
		}
		if total[p.t.No] == nil {
			total[p.t.No] = map[string]int64{}
			first[p.t.No] = p
			if old := d.Transfers[p.t.No]; old != nil {
				for _, l := range old.Parcels {
					m, _ := policy.ParseMu(l.Area)
					total[p.t.No][l.ParcelCode] = int64(m)
				}
				for _, l := range old.Loans {
					m, _ := policy.ParseMu(l.Area)
					total[p.t.No]["存入:"+l.DepositNo] = int64(m)
				}
			}
		}
		if p.loan != nil {
			total[p.t.No]["存入:"+p.loan.DepositNo] = p.area
		} else {
			total[p.t.No][p.line.ParcelCode] = p.area
		}
	}
	out := map[string]error{}
	for no, parcels := range total {
		p := first[no]
		on, _ := time.Parse(shebao.DateLayout, p.t.Start)
		limit, param, err := set.Int("transfer.enterprise_review_mu", p.t.Region, on)
		if err != nil {
			return nil, err
		}
		var sum int64
		for _, a := range parcels {
			sum += a
		}
		if sum <= int64(limit)*100 || d.Reviewed[p.t.TransfereeID] >= sum {
			continue
		}
		out[no] = shebao.FieldErrorf("受入方", "工商企业%s流转面积%s亩,超过%d亩的资格审查标准(%s),须先经资格审查(transfer.review)且审查面积不少于%s亩",
			p.t.TransfereeName, policy.Mu(sum), limit, param.Cite(), policy.Mu(sum))
	}
	return out, nil
}

// transferPlanner decides each row of a chunk against the store and the
// chunk's earlier rows.
type transferPlanner struct {
	d   *shebao.TransferData
	run string
	j   shebao.Jurisdiction
	w   *shebao.TransferWrites
	// rowOf: the chunk's row (from 0) that first gave a contract's terms;
	// fresh: contracts the chunk creates.
	rowOf map[string]int
	fresh map[string]*shebao.Transfer
}

func (tp *transferPlanner) row(i int, p *plannedLine) (shebao.Outcome, error) {
	if p.loan != nil {
		return tp.loanRow(i, p)
	}
	src := sourceOf(tp.run, i)
	parcel := tp.d.Parcels[p.line.ParcelCode]
	if parcel == nil || !tp.j.Contains(parcel.Region) {
		return 0, shebao.FieldErrorf("地块编码", "地块%s未登记(请先导入确权数据)或不在您的管辖范围内", p.line.ParcelCode)
	}
	c := tp.d.Contracts[parcel.ContractCode]
	if c.HeadIDNo != p.line.TransferorIDNo {
		return 0, shebao.FieldErrorf("转出方身份证号", "地块%s的承包方代表是%s(%s),与转出方身份证号不符",
			parcel.Code, c.HeadName, idno.MaskID(c.HeadIDNo))
	}
	p.line.TransferorName = c.HeadName
	if p.t.Start < c.Start || p.t.End > c.End {
		return 0, shebao.FieldErrorf("结束日期", "流转期限%s至%s超过承包期剩余期限:地块%s的承包合同%s期限为%s至%s(农村土地承包法第三十八条)",
			p.t.Start, p.t.End, parcel.Code, c.Code, c.Start, c.End)
	}
	t, outcome, commit, err := tp.terms(i, p, parcel.Region, "地块"+parcel.Code)
	if err != nil {
		return 0, err
	}

	// The parcel's line.
	for _, l := range t.Parcels {
		if l.ParcelCode != p.line.ParcelCode {
			continue
		}
		if l.Area == p.line.Area && l.TransferorIDNo == p.line.TransferorIDNo {
			if r, ok := shebao.RowInRun(l.Source, tp.run); ok {
				return 0, shebao.FieldErrorf("地块编码", "与本文件第%d行重复", r)
			}
			commit()
			return outcome, nil
		}
		return 0, shebao.Errorf(shebao.ECONFLICT, "流转合同%s已有地块%s(%s亩);要更改流转面积,请提前终止该合同后重新签订", t.No, l.ParcelCode, l.Area)
	}
	if t.Status != shebao.TransferPending {
		return 0, shebao.Errorf(shebao.ECONFLICT, "流转合同%s%s,不能增加地块", t.No, t.Status)
	}
	// The area free for the period: the parcel's area less the most that
	// other transfers take on any day of it.
	var spans []shebao.AreaSpan
	for _, s := range tp.d.Taken[parcel.Code] {
		if s.No != t.No {
			spans = append(spans, s.AreaSpan)
		}
	}
	size, _ := policy.ParseMu(parcel.Area)
	taken := shebao.PeakArea(spans, t.Start, t.End)
	if free := int64(size) - taken; p.area > free {
		return 0, shebao.FieldErrorf("流转面积", "地块%s面积%s亩,%s至%s期间已流转%s亩,可流转%s亩,不足%s亩(同一土地同一时间不得重复流转)",
			parcel.Code, parcel.Area, t.Start, t.End, policy.Mu(taken), policy.Mu(max(free, 0)), p.line.Area)
	}
	p.line.Source = src
	commit()
	t.Parcels = append(t.Parcels, p.line)
	tp.d.Taken[parcel.Code] = append(tp.d.Taken[parcel.Code], shebao.TakenSpan{AreaSpan: shebao.AreaSpan{Start: t.Start, End: t.End, Area: p.area}, No: t.No})
	switch {
	case tp.fresh[t.No] != nil:
		// A row of a contract the chunk creates: written with it.
		outcome = shebao.Created
	default:
		tp.w.Lines[t.No] = append(tp.w.Lines[t.No], p.line)
		outcome = shebao.Updated
	}
	return outcome, nil
}

// loanRow decides a deposit line of a lending (贷出, issue #17 item 4):
// the cooperative lends on area it holds by a verified deposit contract
// (存入) whose transferee it is. Refused when the deposit is not found,
// not the cooperative's, not verified or ended, when the lending's term
// runs beyond the deposit's, or when it takes more than the deposit has
// free over the whole period — the deposit's area less the most other
// lendings take of it on any one day (shebao.PeakArea, as for a parcel).
func (tp *transferPlanner) loanRow(i int, p *plannedLine) (shebao.Outcome, error) {
	src := sourceOf(tp.run, i)
	dep := tp.d.Transfers[p.loan.DepositNo]
	if dep == nil || !tp.j.Contains(dep.Region) {
		return 0, shebao.FieldErrorf("存入合同号", "存入合同%s未登记或不在您的管辖范围内", p.loan.DepositNo)
	}
	if dep.Lender != "" {
		return 0, shebao.FieldErrorf("存入合同号", "%s是合作社的贷出合同,不是农户的存入合同:贷出只能依据存入合同", dep.No)
	}
	if dep.TransfereeID != p.t.Lender {
		return 0, shebao.FieldErrorf("存入合同号", "存入合同%s的受入方是%s(%s),不是转出方%s:合作社只能贷出存入本社的土地",
			dep.No, dep.TransfereeName, dep.TransfereeID, p.t.Lender)
	}
	if dep.Status != shebao.TransferVerified {
		return 0, shebao.FieldErrorf("存入合同号", "存入合同%s%s:只有已鉴证的存入合同的土地可以贷出", dep.No, dep.Status)
	}
	p.t.LenderName = dep.TransfereeName
	if p.t.Start < dep.Start || p.t.End > dep.End {
		return 0, shebao.FieldErrorf("结束日期", "贷出期限%s至%s超过存入期限:存入合同%s期限为%s至%s", p.t.Start, p.t.End, dep.No, dep.Start, dep.End)
	}
	t, outcome, commit, err := tp.terms(i, p, dep.Region, "存入合同"+dep.No)
	if err != nil {
		return 0, err
	}
	for _, l := range t.Loans {
		if l.DepositNo != p.loan.DepositNo {
			continue
		}
		if l.Area == p.loan.Area {
			if r, ok := shebao.RowInRun(l.Source, tp.run); ok {
				return 0, shebao.FieldErrorf("存入合同号", "与本文件第%d行重复", r)
			}
			commit()
			return outcome, nil
		}
		return 0, shebao.Errorf(shebao.ECONFLICT, "贷出合同%s已有存入合同%s的%s亩;要更改贷出面积,请提前终止该合同后重新签订", t.No, l.DepositNo, l.Area)
	}
	if t.Status != shebao.TransferPending {
		return 0, shebao.Errorf(shebao.ECONFLICT, "贷出合同%s%s,不能增加存入合同", t.No, t.Status)
	}
	var spans []shebao.AreaSpan
	for _, s := range tp.d.Lent[dep.No] {
		if s.No != t.No {
			spans = append(spans, s.AreaSpan)
		}
	}
	size, _ := policy.ParseMu(dep.Area)
	taken := shebao.PeakArea(spans, t.Start, t.End)
	if free := int64(size) - taken; p.area > free {
		return 0, shebao.FieldErrorf("流转面积", "存入合同%s存入%s亩,%s至%s期间已贷出%s亩,可贷出%s亩,不足%s亩(合作社只能贷出存入期内未贷出的土地)",
			dep.No, dep.Area, t.Start, t.End, policy.Mu(taken), policy.Mu(max(free, 0)), p.loan.Area)
	}
	p.loan.Source = src
	commit()
	t.Loans = append(t.Loans, *p.loan)
	tp.d.Lent[dep.No] = append(tp.d.Lent[dep.No], shebao.TakenSpan{AreaSpan: shebao.AreaSpan{Start: t.Start, End: t.End, Area: p.area}, No: t.No})
	if tp.fresh[t.No] != nil {
		return shebao.Created, nil
	}
	tp.w.Loans[t.No] = append(tp.w.Loans[t.No], *p.loan)
	return shebao.Updated, nil
}

// terms decides the contract's terms a row gives: new, the same as
// stored, or corrected while it waits for 鉴证. What the row changes in
// them is applied (commit) only once its line is accepted too. region is
// the village of the row's parcel or deposit, what names it.
func (tp *transferPlanner) terms(i int, p *plannedLine, region, what string) (*shebao.Transfer, shebao.Outcome, func(), error) {
	src := sourceOf(tp.run, i)
	p.t.Region = region
	if p.isPerson {
		name, ok := tp.d.Persons[p.t.TransfereeID]
		if !ok {
			return nil, 0, nil, shebao.FieldErrorf("受入方", "个人受入方%s不是人员库登记的人员:请先在人员库登记(shebao import persons),或以合作社、企业的统一社会信用代码作为受入方",
				idno.MaskID(p.t.TransfereeID))
		}
		if name != p.t.TransfereeName {
			return nil, 0, nil, shebao.FieldErrorf("受入方名称", "受入方姓名“%s”与人员库登记的“%s”不符", p.t.TransfereeName, name)
		}
	} else if name, ok := tp.d.Employers[p.t.TransfereeID]; ok && name != p.t.TransfereeName {
		return nil, 0, nil, shebao.FieldErrorf("受入方名称", "受入方名称“%s”与单位登记的“%s”(%s)不符", p.t.TransfereeName, name, p.t.TransfereeID)
	}
	outcome := shebao.Unchanged
	old := tp.d.Transfers[p.t.No]
	if f := tp.fresh[p.t.No]; f != nil {
		old = f
	}
	var t *shebao.Transfer
	commit := func() {
		if _, ok := tp.rowOf[t.No]; !ok {
			tp.rowOf[t.No] = i
		}
	}
	switch {
	case old == nil:
		t = p.t
		t.Status, t.Source, t.Version = shebao.TransferPending, src, 1
		commit = func() {
			tp.fresh[t.No] = t
			tp.rowOf[t.No] = i
			tp.w.New = append(tp.w.New, t)
		}
		outcome = shebao.Created
	default:
		t = old
		if !tp.j.Contains(old.Region) {
			return nil, 0, nil, shebao.Errorf(shebao.ECONFLICT, "流转合同号%s已被其他辖区使用", old.No)
		}
		if region != old.Region {
			return nil, 0, nil, shebao.FieldErrorf("流转合同号", "流转合同%s的土地属于%s,%s属于另一个村:一份流转合同的土地应属同一村", old.No, old.Region, what)
		}
		if old.Lender != p.t.Lender {
			return nil, 0, nil, shebao.FieldErrorf("转出方身份证号", "流转合同%s的转出方与本行不同(农户流转与合作社贷出不能合为一份合同)", old.No)
		}
		changes := termChanges(old, p.t)
		if len(changes) > 0 {
			if first, ok := tp.rowOf[old.No]; ok {
				return nil, 0, nil, shebao.FieldErrorf("流转合同号", "与第%d条的流转合同%s条款不一致", first+1, old.No)
			}
			if r, ok := shebao.RowInRun(old.Source, tp.run); ok {
				return nil, 0, nil, shebao.FieldErrorf("流转合同号", "与本文件第%d行的流转合同%s条款不一致", r, old.No)
			}
			if old.Status != shebao.TransferPending {
				return nil, 0, nil, shebao.Errorf(shebao.ECONFLICT, "流转合同%s%s,不能修改条款;如需变更,请提前终止后重新签订", old.No, old.Status)
			}
			if old.Start != p.t.Start || old.End != p.t.End {
				// The free area of its parcels was checked for the old
				// period; a new period is a new contract.
				return nil, 0, nil, shebao.FieldErrorf("起始日期", "流转合同%s的期限(%s至%s)不能修改;请以新的合同号重新签订", old.No, old.Start, old.End)
			}
			next := *old
			next.Form, next.TransfereeKind, next.TransfereeID, next.TransfereeName = p.t.Form, p.t.TransfereeKind, p.t.TransfereeID, p.t.TransfereeName
			next.Rent, next.Purpose, next.Consent = p.t.Rent, p.t.Purpose, p.t.Consent
			next.RentKind, next.RentQty, next.Schedule = p.t.RentKind, p.t.RentQty, p.t.Schedule
			next.Source = src
			t = &next
			commit = func() {
				tp.w.Changed = append(tp.w.Changed, shebao.TransferChange{Old: old, New: t, Changes: changes})
				tp.d.Transfers[old.No] = t
				tp.rowOf[old.No] = i
			}
			outcome = shebao.Updated
		}
	}
	return t, outcome, commit, nil
}

func termChanges(old, t *shebao.Transfer) []shebao.Change {
	var cs []shebao.Change
	add := func(field, before, after string) {
		if before != after {
			cs = append(cs, shebao.Change{Field: field, Before: before, After: after})
		}
	}
	add("流转方式", old.Form, t.Form)
	add("受入方", old.TransfereeID, t.TransfereeID)
	add("受入方名称", old.TransfereeName, t.TransfereeName)
	add("起始日期", old.Start, t.Start)
	add("结束日期", old.End, t.End)
	add("租金", old.RentText(), t.RentText())
	add("支付方式", old.Schedule, t.Schedule)
	add("用途", old.Purpose, t.Purpose)
	add("发包方同意", old.Consent, t.Consent)
	return cs
}

// FindTransfers lists the transfers in the actor's jurisdiction.
func (s *Service) FindTransfers(ctx context.Context, f shebao.TransferFilter) ([]*shebao.Transfer, int, error) {
	return s.store.FindTransfers(ctx, f)
}

// FindTransfer returns one transfer with its parcels.
func (s *Service) FindTransfer(ctx context.Context, no string) (*shebao.Transfer, error) {
	return s.store.FindTransfer(ctx, no)
}

// ExecuteVerify carries out an approved 鉴证 (shebao.ApproveTransferVerify)
// in the approving unit of work: the contract is verified by the town's
// 土地流转服务中心 and filed (备案) with its 发包方. The checker must sit
// at the town or above: a village's 信息联络员 enters contracts but does
// not verify them.
func (s *Service) ExecuteVerify(ctx context.Context, payload []byte) (string, error) {
	var r struct {
		No string `json:"no"`
	}
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	a, _ := shebao.ActorFrom(ctx)
	if a.Region != "" {
		if reg, err := idno.ParseRegion(a.Region); err != nil || reg.Level > shebao.LevelTown {
			return "", shebao.Errorf(shebao.EFORBIDDEN, "流转合同由乡镇土地流转服务中心鉴证:%s不能复核", a.Name)
		}
	}
	t, err := s.store.FindTransfer(ctx, r.No)
	if err != nil {
		return "", err
	}
	if t.Status != shebao.TransferPending {
		return "", shebao.Errorf(shebao.ECONFLICT, "流转合同%s%s,不能鉴证", t.No, t.Status)
	}
	on := shebao.Today().Format(shebao.DateLayout)
	if err := s.store.VerifyTransfer(ctx, t, on); err != nil {
		return "", err
	}
	summary := fmt.Sprintf("流转合同%s已鉴证并报发包方备案(%s,%s亩,%s至%s)", t.No, t.Form, t.Area, t.Start, t.End)
	if t.Registrable {
		summary += ";流转期限五年以上,可申请土地经营权登记"
	}
	return summary, nil
}

// EndTransfer ends a contract early (提前终止) on the date with the reason:
// its parcels are free again from the next day.
func (s *Service) EndTransfer(ctx context.Context, no, on, reason string) (*shebao.Transfer, error) {
	if _, err := s.begin(ctx, "transfer.end", shebao.EntityTransfer); err != nil {
		return nil, err
	}
	d, err := time.Parse(shebao.DateLayout, strings.TrimSpace(on))
	if err != nil {
		return nil, shebao.FieldErrorf("终止日期", "终止日期“%s”无效,应为YYYY-MM-DD", on)
	}
	if strings.TrimSpace(reason) == "" {
		return nil, shebao.FieldErrorf("终止原因", "请填写终止原因")
	}
	var out *shebao.Transfer
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		t, err := s.store.FindTransfer(ctx, no)
		if err != nil {
			return err
		}
		day := d.Format(shebao.DateLayout)
		switch {
		case t.Status == shebao.TransferEnded:
			return shebao.Errorf(shebao.ECONFLICT, "流转合同%s已于%s终止", t.No, t.EndedOn)
		case day < t.Start || day >= t.End:
			return shebao.FieldErrorf("终止日期", "终止日期%s应在合同期限%s至%s之内(且早于结束日期)", day, t.Start, t.End)
		}
		// A deposit (存入) the cooperative has lent on (贷出) cannot end
		// while a lending drawn on it runs after that day: the cooperative
		// would be lending land it no longer holds. The lending is ended
		// first (or ends by then).
		d, err := s.store.TransferData(ctx, []string{t.No}, nil, nil, nil)
		if err != nil {
			return err
		}
		for _, sp := range d.Lent[t.No] {
			if sp.End > day {
				return shebao.FieldErrorf("终止日期", "存入合同%s的土地已由合作社以贷出合同%s流转至%s,请先终止该贷出合同(终止日期不晚于%s)",
					t.No, sp.No, sp.End, day)
			}
		}
		if err := s.store.EndTransfer(ctx, t, day, strings.TrimSpace(reason)); err != nil {
			return err
		}
		out, err = s.store.FindTransfer(ctx, no)
		return err
	})
	return out, err
}

// SubmitReview puts the 资格审查 of an enterprise in the approval queue.
func (s *Service) SubmitReview(ctx context.Context, r shebao.TransferReview) (*shebao.Approval, error) {
	j, err := s.begin(ctx, "transfer.review", shebao.EntityTransfer)
	if err != nil {
		return nil, err
	}
	u, err := idno.ParseUSCC(r.USCC)
	if err != nil {
		return nil, shebao.FieldErrorf("统一社会信用代码", "%s", err.Error())
	}
	r.USCC = u.Code
	if strings.TrimSpace(r.Name) == "" {
		return nil, shebao.FieldErrorf("企业名称", "企业名称不能为空")
	}
	area, err := policy.ParseMu(r.Area)
	if err != nil || area <= 0 {
		return nil, shebao.FieldErrorf("审查面积", "审查面积“%s”应为大于0的亩数", r.Area)
	}
	r.Area = area.String()
	until, err := time.Parse(shebao.DateLayout, strings.TrimSpace(r.Until))
	if err != nil || !until.After(shebao.Today()) {
		return nil, shebao.FieldErrorf("有效期至", "有效期至“%s”应为今天以后的日期YYYY-MM-DD", r.Until)
	}
	r.Until = until.Format(shebao.DateLayout)
	region := j.Lo
	summary := fmt.Sprintf("工商企业%s(%s)流转土地资格审查:不超过%s亩,有效期至%s", r.Name, r.USCC, r.Area, r.Until)
	return s.store.SubmitTransferApproval(ctx, shebao.ApproveTransferReview, region, summary, r)
}

// ExecuteReview records an approved 资格审查 (shebao.ApproveTransferReview).
func (s *Service) ExecuteReview(ctx context.Context, payload []byte) (string, error) {
	var r shebao.TransferReview
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	if err := s.store.RecordTransferReview(ctx, r); err != nil {
		return "", err
	}
	return fmt.Sprintf("工商企业%s资格审查通过:流转面积不超过%s亩,有效期至%s", r.Name, r.Area, r.Until), nil
}

// SaveTransfer enters one contract with its parcels (the API): every line
// is stored, or none — the first refused line's reason is the answer,
// naming the line. The outcome is Created for a new contract, Updated when
// it changed, Unchanged for a repeat.
func (s *Service) SaveTransfer(ctx context.Context, lines []shebao.NewTransferLine) (*shebao.Transfer, shebao.Outcome, error) {
	if len(lines) == 0 {
		return nil, 0, shebao.FieldErrorf("parcels", "流转合同至少要有一个地块")
	}
	outcome := shebao.Unchanged
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs, err := s.ImportTransfers(ctx, "api", lines)
		if err != nil {
			return err
		}
		for i, e := range errs {
			if e != nil {
				var se *shebao.Error
				if errors.As(e, &se) {
					return &shebao.Error{Code: se.Code, Field: se.Field, Message: fmt.Sprintf("第%d个地块(%s):%s", i+1, lines[i].ParcelCode, se.Message)}
				}
				return e
			}
			if out[i] == shebao.Created {
				outcome = shebao.Created
			} else if out[i] == shebao.Updated && outcome != shebao.Created {
				outcome = shebao.Updated
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	t, err := s.store.FindTransfer(ctx, strings.TrimSpace(lines[0].No))
	return t, outcome, err
}
