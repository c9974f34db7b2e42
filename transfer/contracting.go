package transfer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// plannedParcel is one row of 确权 data, validated on its own.
type plannedParcel struct {
	parcel     *shebao.Parcel
	code       idno.LandCode
	contractor string // given 承包方编码, or ""
	contract   string // given 承包合同编码, or ""
	method     string
	letter     byte
	start, end string
	certNo     string
	head, name string
}

// ImportParcels stores a chunk of 确权 data (`shebao import parcels`, or
// the API with run "api"): each row is a parcel with its contract. Parcels
// are keyed by their code, contracts by their code or, without one, by the
// 发包方 and the 户主 (a new contractor gets the 发包方's next free
// sequence). A repeated row is unchanged; a corrected one updates the
// parcel or the contract and keeps the previous state in the history
// (docs/DOMAIN.md §8: the second round's end and its 30-year extension are
// a change of the contract's end date, with history). A bad row is
// rejected with the field and the reason and the others land.
func (s *Service) ImportParcels(ctx context.Context, run string, in []shebao.NewParcel) (out []shebao.Outcome, errs []error, err error) {
	j, err := s.begin(ctx, "contracting.import", shebao.EntityContracting)
	if err != nil {
		return nil, nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(in)), make([]error, len(in))
		planned := make([]*plannedParcel, len(in))
		var parcels, contracts, heads, issuers, villages []string
		for i, np := range in {
			p, err := planParcel(np)
			if err != nil {
				errs[i] = err
				continue
			}
			planned[i] = p
			parcels = append(parcels, p.parcel.Code)
			if p.contract != "" {
				contracts = append(contracts, p.contract)
			}
			heads = append(heads, p.head)
			issuers = append(issuers, p.code.Issuer)
			villages = append(villages, p.code.Village)
		}
		// The villages must be registered and in the jurisdiction.
		badVillage := map[string]error{}
		for _, v := range distinct(villages) {
			if err := s.store.CheckRegion(ctx, "地块编码", v); err != nil {
				if shebao.ErrorCode(err) == shebao.EINTERNAL {
					return err
				}
				badVillage[v] = shebao.FieldErrorf("地块编码", "地块编码的前12位%s:%s", v, shebao.ErrorMessage(err))
			}
		}
		d, err := s.store.ContractingData(ctx, distinct(parcels), distinct(contracts), distinct(heads), distinct(issuers))
		if err != nil {
			return err
		}
		names, err := s.store.RegionNamesOf(ctx, distinct(villages))
		if err != nil {
			return err
		}
		w := &shebao.ContractingWrites{}
		pl := &planner{d: d, run: run, j: j, w: w, touched: map[string]int{}, changedAt: map[string]int{},
			newIssuers: map[string]bool{}, names: names, seenParcel: map[string]int{}}
		for i, p := range planned {
			if p == nil {
				continue
			}
			if e := badVillage[p.code.Village]; e != nil {
				errs[i] = e
				continue
			}
			out[i], errs[i] = pl.row(i, p)
		}
		return s.store.SaveContracting(ctx, run, w)
	})
	return out, errs, err
}

// SaveParcel creates or corrects one parcel with its contract (the API).
func (s *Service) SaveParcel(ctx context.Context, in shebao.NewParcel) (*shebao.LandContract, shebao.Outcome, error) {
	out, errs, err := s.ImportParcels(ctx, "api", []shebao.NewParcel{in})
	if err != nil {
		return nil, 0, err
	}
	if errs[0] != nil {
		return nil, 0, errs[0]
	}
	c, err := s.contractOfParcel(ctx, in.Code)
	return c, out[0], err
}

func (s *Service) contractOfParcel(ctx context.Context, code string) (*shebao.LandContract, error) {
	lc, err := idno.ParseParcelCode(code)
	if err != nil {
		return nil, err
	}
	d, err := s.store.ContractingData(ctx, []string{lc.Code}, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	p := d.Parcels[lc.Code]
	if p == nil {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到地块%s", lc.Code)
	}
	return s.store.FindLandContract(ctx, p.ContractCode)
}

// planParcel validates one row on its own.
func planParcel(np shebao.NewParcel) (*plannedParcel, error) {
	lc, err := idno.ParseParcelCode(np.Code)
	if err != nil {
		return nil, shebao.FieldErrorf("地块编码", "%s", err.Error())
	}
	p := &plannedParcel{code: lc, certNo: strings.TrimSpace(np.CertNo), name: strings.TrimSpace(np.HeadName)}
	id, err := idno.ParseID(np.HeadIDNo, shebao.Today())
	if err != nil {
		return nil, shebao.FieldErrorf("承包方身份证号", "%s", err.Error())
	}
	p.head = id.Number
	area, err := policy.ParseMu(np.Area)
	if err != nil {
		return nil, shebao.FieldErrorf("地块面积", "%s", shebao.ErrorMessage(err))
	}
	if area <= 0 {
		return nil, shebao.FieldErrorf("地块面积", "地块面积应大于0亩")
	}
	class, ok := shebao.ParseLandClass(np.Class)
	if !ok {
		return nil, shebao.FieldErrorf("地类", "地类“%s”无效,应为%s", np.Class, strings.Join(shebao.LandClasses, "、"))
	}
	p.method = shebao.ContractFamily
	p.letter = 'J'
	switch m := strings.TrimSpace(np.Method); m {
	case "", shebao.ContractFamily, "J", "家庭":
	case shebao.ContractOther, "Q", "其他", "其他方式承包", "招标", "拍卖", "公开协商":
		p.method, p.letter = shebao.ContractOther, 'Q'
	default:
		return nil, shebao.FieldErrorf("承包方式", "承包方式“%s”无效,应为家庭承包或其他方式", m)
	}
	if strings.TrimSpace(np.ContractorCode) != "" {
		c, err := idno.ParseContractorCode(np.ContractorCode)
		if err != nil {
			return nil, shebao.FieldErrorf("承包方编码", "%s", err.Error())
		}
		if c.Issuer != lc.Issuer {
			return nil, shebao.FieldErrorf("承包方编码", "承包方编码%s的发包方%s与地块编码的发包方%s不同", c.Code, c.Issuer, lc.Issuer)
		}
		p.contractor = c.Code
	}
	if strings.TrimSpace(np.ContractCode) != "" {
		c, err := idno.ParseContractCode(np.ContractCode)
		if err != nil {
			return nil, shebao.FieldErrorf("承包合同编码", "%s", err.Error())
		}
		if c.Issuer != lc.Issuer {
			return nil, shebao.FieldErrorf("承包合同编码", "承包合同编码%s的发包方%s与地块编码的发包方%s不同", c.Code, c.Issuer, lc.Issuer)
		}
		if p.contractor != "" && c.Contractor != p.contractor {
			return nil, shebao.FieldErrorf("承包合同编码", "承包合同编码%s与承包方编码%s不符", c.Code, p.contractor)
		}
		if strings.TrimSpace(np.Method) != "" && c.Method != p.letter {
			return nil, shebao.FieldErrorf("承包方式", "承包合同编码以%c结尾,承包方式应为%s", c.Method, shebao.ContractMethodOf(c.Method))
		}
		p.contract, p.contractor, p.letter, p.method = c.Code, c.Contractor, c.Method, shebao.ContractMethodOf(c.Method)
	}
	start, err := time.Parse(shebao.DateLayout, strings.TrimSpace(np.Start))
	if err != nil {
		return nil, shebao.FieldErrorf("承包起始日期", "承包起始日期“%s”无效,应为YYYY-MM-DD", np.Start)
	}
	end, err := time.Parse(shebao.DateLayout, strings.TrimSpace(np.End))
	if err != nil {
		return nil, shebao.FieldErrorf("承包结束日期", "承包结束日期“%s”无效,应为YYYY-MM-DD", np.End)
	}
	if !end.After(start) {
		return nil, shebao.FieldErrorf("承包结束日期", "承包结束日期%s应晚于起始日期%s", end.Format(shebao.DateLayout), start.Format(shebao.DateLayout))
	}
	p.start, p.end = start.Format(shebao.DateLayout), end.Format(shebao.DateLayout)
	p.parcel = &shebao.Parcel{Code: lc.Code, Region: lc.Village, Area: area.String(), Class: class, Basic: np.Basic,
		Bounds: strings.TrimSpace(np.Bounds)}
	return p, nil
}

// planner decides each row of a chunk against what is stored and what the
// chunk's earlier rows planned.
type planner struct {
	d   *shebao.ContractingData
	run string
	j   shebao.Jurisdiction
	w   *shebao.ContractingWrites
	// touched: contract code → index in w.NewContracts (new) or -1-index
	// in w.ChangedContract; changedAt: the row that wrote it.
	touched    map[string]int
	changedAt  map[string]int
	newIssuers map[string]bool
	names      map[string]string
	seenParcel map[string]int
}

func headKey(issuer, id, method string) string { return issuer + "/" + id + "/" + method }

func (pl *planner) row(i int, p *plannedParcel) (shebao.Outcome, error) {
	src := sourceOf(pl.run, i)
	if first, dup := pl.seenParcel[p.parcel.Code]; dup {
		return 0, shebao.FieldErrorf("地块编码", "与第%d条重复", first+1)
	}
	old := pl.d.Parcels[p.parcel.Code]
	if old != nil {
		if !pl.j.Contains(old.Region) {
			return 0, shebao.Errorf(shebao.ECONFLICT, "地块编码%s已被其他辖区登记", p.parcel.Code)
		}
		if r, ok := shebao.RowInRun(old.Source, pl.run); ok {
			return 0, shebao.FieldErrorf("地块编码", "与本文件第%d行重复", r)
		}
	}
	h := pl.d.Heads[p.head]
	switch {
	case h == nil:
		return 0, shebao.FieldErrorf("承包方身份证号", "身份证号%s的户主未在人员库登记,请先登记该人员", idno.MaskID(p.head))
	case p.name != "" && p.name != h.Name:
		return 0, shebao.FieldErrorf("户主姓名", "户主姓名“%s”与人员库登记的“%s”不符", p.name, h.Name)
	}

	// The contract: by its code, by its contractor's code, or by the head.
	var c *shebao.LandContract
	code := p.contract
	if code == "" && p.contractor != "" {
		code = p.contractor + string(p.letter)
	}
	byHead := pl.d.ByHead[headKey(p.code.Issuer, p.head, p.method)]
	if code != "" {
		c = pl.d.Contracts[code]
		if c == nil && byHead != nil {
			return 0, shebao.FieldErrorf("承包方编码", "户主%s在发包方%s已是承包方%s,与填写的%s不符",
				idno.MaskID(p.head), p.code.Issuer, byHead.ContractorCode, p.contractor)
		}
	} else {
		c = byHead
	}
	if c != nil {
		c = pl.d.Contracts[c.Code] // as the chunk's earlier rows left it
		if !pl.j.Contains(c.Region) {
			return 0, shebao.Errorf(shebao.ECONFLICT, "承包合同%s属于其他辖区", c.Code)
		}
		if c.HeadIDNo != p.head {
			return 0, shebao.FieldErrorf("承包方身份证号", "承包合同%s的承包方代表是%s(%s),与填写的身份证号不符",
				c.Code, c.HeadName, idno.MaskID(c.HeadIDNo))
		}
	}
	outcome := shebao.Unchanged
	if c == nil {
		if h.Dead {
			return 0, shebao.FieldErrorf("承包方身份证号", "户主%s已登记死亡,请先变更承包方代表", h.Name)
		}
		if code == "" {
			seq := 1
			if last := pl.d.LastContractor[p.code.Issuer]; last != "" {
				n, _ := strconv.Atoi(last)
				seq = n + 1
			}
			if seq > 9999 {
				return 0, shebao.FieldErrorf("承包方编码", "发包方%s的承包方顺序码已用尽,请填写承包方编码", p.code.Issuer)
			}
			code = fmt.Sprintf("%s%04d%c", p.code.Issuer, seq, p.letter)
		}
		if n, _ := strconv.Atoi(code[14:18]); fmt.Sprintf("%04d", n) > pl.d.LastContractor[p.code.Issuer] {
			pl.d.LastContractor[p.code.Issuer] = fmt.Sprintf("%04d", n)
		}
		c = &shebao.LandContract{Code: code, ContractorCode: code[:18], Issuer: p.code.Issuer, Region: p.code.Village,
			HeadIDNo: p.head, HeadName: h.Name, Household: h.Household, Method: p.method, Start: p.start, End: p.end,
			CertNo: p.certNo, Version: 1, Source: src}
		pl.addIssuer(p.code)
		pl.w.NewContracts = append(pl.w.NewContracts, c)
		pl.touched[code] = len(pl.w.NewContracts) - 1
		pl.changedAt[code] = i
		pl.d.Contracts[code] = c
		pl.d.ByHead[headKey(p.code.Issuer, p.head, p.method)] = c
		outcome = shebao.Created
	} else {
		next := *c
		next.Start, next.End, next.CertNo, next.Household = p.start, p.end, p.certNo, h.Household
		changes := contractChanges(c, &next)
		if len(changes) > 0 {
			if first, ok := pl.changedAt[c.Code]; ok {
				return 0, shebao.FieldErrorf("承包起始日期", "与第%d条的承包合同%s信息(起止日期、经营权证号)不一致", first+1, c.Code)
			}
			if r, ok := shebao.RowInRun(c.Source, pl.run); ok {
				return 0, shebao.FieldErrorf("承包起始日期", "与本文件第%d行的承包合同%s信息(起止日期、经营权证号)不一致", r, c.Code)
			}
			next.Source = src
			pl.w.ChangedContract = append(pl.w.ChangedContract, shebao.ContractChange{Old: c, New: &next, Changes: changes})
			pl.changedAt[c.Code] = i
			pl.d.Contracts[c.Code] = &next
			outcome = shebao.Updated
		} else if _, ok := pl.changedAt[c.Code]; !ok {
			pl.changedAt[c.Code] = i // later rows of the chunk must agree
		}
		c = pl.d.Contracts[c.Code]
	}

	p.parcel.ContractCode, p.parcel.Source, p.parcel.Version = c.Code, src, 1
	pl.seenParcel[p.parcel.Code] = i
	if old == nil {
		pl.addIssuer(p.code)
		pl.w.NewParcels = append(pl.w.NewParcels, p.parcel)
		return shebao.Created, nil
	}
	if changes := parcelChanges(old, p.parcel); len(changes) > 0 {
		p.parcel.Version = old.Version
		pl.w.ChangedParcels = append(pl.w.ChangedParcels, shebao.ParcelChange{Old: old, New: p.parcel, Changes: changes})
		return shebao.Updated, nil
	}
	return outcome, nil
}

// addIssuer registers the 发包方 of a code when it is new: the village
// collective (group 00) or a 村民小组.
func (pl *planner) addIssuer(c idno.LandCode) {
	if pl.d.Issuers[c.Issuer] || pl.newIssuers[c.Issuer] {
		return
	}
	pl.newIssuers[c.Issuer] = true
	name := pl.names[c.Village] + "村民委员会"
	if g := c.Group(); g != "00" {
		name = pl.names[c.Village] + "第" + strings.TrimLeft(g, "0") + "村民小组"
	}
	pl.w.Issuers = append(pl.w.Issuers, shebao.LandIssuer{Code: c.Issuer, Region: c.Village, Name: name})
}

func contractChanges(old, c *shebao.LandContract) []shebao.Change {
	var cs []shebao.Change
	add := func(field, before, after string) {
		if before != after {
			cs = append(cs, shebao.Change{Field: field, Before: before, After: after})
		}
	}
	add("承包起始日期", old.Start, c.Start)
	add("承包结束日期", old.End, c.End)
	add("经营权证号", old.CertNo, c.CertNo)
	add("户号", old.Household, c.Household)
	return cs
}

func parcelChanges(old, p *shebao.Parcel) []shebao.Change {
	var cs []shebao.Change
	add := func(field, before, after string) {
		if before != after {
			cs = append(cs, shebao.Change{Field: field, Before: before, After: after})
		}
	}
	yes := map[bool]string{true: "是", false: "否"}
	add("承包合同编码", old.ContractCode, p.ContractCode)
	add("地块面积(亩)", old.Area, p.Area)
	add("地类", old.Class, p.Class)
	add("是否基本农田", yes[old.Basic], yes[p.Basic])
	add("四至", old.Bounds, p.Bounds)
	return cs
}

// distinct returns the distinct non-empty keys, in their first order.
func distinct(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
