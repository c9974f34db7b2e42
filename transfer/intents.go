package transfer

import (
	"context"
	"sort"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// The transfer information platform (流转信息平台, issue #17 item 5): the
// village's 信息联络员 (or the town) enters households' offers (出让意向)
// and operators' requests (求租意向); they are matched by location, land
// class, area and rent; the public list leaves out who they are.

// SaveIntent enters an intent, keyed by its number: the same intent again
// changes nothing (created false); another intent under a number used is a
// conflict. An offer of a registered parcel must come from the parcel's
// 承包方代表, for at most its area, and takes its village and class; an
// offer without a parcel names its village and class. A request names a
// village or a town and an agricultural use (shebao.CheckAgriculturalUse).
//
// A household enters its own intents (a citizen, shebao.Role.OwnOnly):
// the contact is the citizen, whatever the input says; an offer must name
// a parcel of a contract whose 承包方代表 the citizen is.
func (s *Service) SaveIntent(ctx context.Context, in shebao.Intent) (*shebao.Intent, bool, error) {
	j, err := s.begin(ctx, "intent.save", shebao.EntityIntent)
	if err != nil {
		return nil, false, err
	}
	a, _ := shebao.ActorFrom(ctx)
	own := shebao.RoleOf(a).OwnOnly
	if own {
		if a.IDNo == "" {
			return nil, false, shebao.Errorf(shebao.EFORBIDDEN, "您的账户未关联身份证号,不能登记流转意向")
		}
		in.ContactID = a.IDNo
		if in.Kind == shebao.IntentOffer && strings.TrimSpace(in.ParcelCode) == "" {
			return nil, false, shebao.FieldErrorf("地块编码", "请填写本户承包的地块编码")
		}
	}
	it := shebao.Intent{No: strings.TrimSpace(in.No), Kind: strings.TrimSpace(in.Kind), Years: in.Years, Price: in.Price,
		Use: strings.TrimSpace(in.Use), ContactName: strings.TrimSpace(in.ContactName), Status: shebao.IntentActive}
	if it.No == "" {
		return nil, false, shebao.FieldErrorf("意向编号", "意向编号不能为空")
	}
	if it.Kind != shebao.IntentOffer && it.Kind != shebao.IntentSeek {
		return nil, false, shebao.FieldErrorf("意向类型", "意向类型应为出让或求租")
	}
	area, err := policy.ParseMu(in.Area)
	if err != nil || area <= 0 {
		return nil, false, shebao.FieldErrorf("面积", "面积“%s”应为大于0的亩数", in.Area)
	}
	it.Area = area.String()
	if it.Years <= 0 || it.Years > 30 {
		return nil, false, shebao.FieldErrorf("年限", "年限应为1至30年")
	}
	if it.Price < 0 {
		return nil, false, shebao.FieldErrorf("价格", "价格不能为负数")
	}
	if it.ContactName == "" {
		return nil, false, shebao.FieldErrorf("联系人", "联系人姓名不能为空")
	}
	contact := strings.TrimSpace(in.ContactID)
	if id, err := idno.ParseID(contact, shebao.Today()); err == nil {
		it.ContactID = id.Number
	} else if u, err2 := idno.ParseUSCC(contact); err2 == nil && it.Kind == shebao.IntentSeek {
		it.ContactID = u.Code
	} else {
		return nil, false, shebao.FieldErrorf("联系人证件号", "联系人证件号“%s”无效(出让方为身份证号,求租方为身份证号或统一社会信用代码)", contact)
	}
	if c := strings.TrimSpace(in.Class); c != "" {
		if it.Class, _ = shebao.ParseLandClass(c); it.Class == "" {
			return nil, false, shebao.FieldErrorf("地类", "地类“%s”无效,应为%s", c, strings.Join(shebao.LandClasses, "、"))
		}
	}
	var out *shebao.Intent
	created := false
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		switch {
		case it.Kind == shebao.IntentOffer && strings.TrimSpace(in.ParcelCode) != "":
			lc, err := idno.ParseParcelCode(in.ParcelCode)
			if err != nil {
				return shebao.FieldErrorf("地块编码", "%s", err.Error())
			}
			d, err := s.store.TransferData(ctx, nil, []string{lc.Code}, nil, nil)
			if err != nil {
				return err
			}
			p := d.Parcels[lc.Code]
			if p == nil || !j.Contains(p.Region) && !own {
				return shebao.FieldErrorf("地块编码", "地块%s未登记或不在您的管辖范围内", lc.Code)
			}
			if c := d.Contracts[p.ContractCode]; c.HeadIDNo != it.ContactID {
				if own {
					// A citizen learns nothing of another household.
					return shebao.FieldErrorf("地块编码", "地块%s不是本户承包的地块", lc.Code)
				}
				return shebao.FieldErrorf("联系人证件号", "出让地块%s须由其承包方代表%s登记意向", p.Code, c.HeadName)
			}
			if size, _ := policy.ParseMu(p.Area); area > size {
				return shebao.FieldErrorf("面积", "出让面积%s亩超过地块面积%s亩", it.Area, p.Area)
			}
			it.ParcelCode, it.Region, it.Class = p.Code, p.Region, p.Class
		default:
			r, err := idno.ParseRegion(in.Region)
			if err != nil {
				return shebao.FieldErrorf("区划代码", "%s", err.Error())
			}
			if it.Kind == shebao.IntentOffer && r.Level != shebao.LevelVillage {
				return shebao.FieldErrorf("区划代码", "出让意向应填写地块所在村的代码")
			}
			if it.Kind == shebao.IntentSeek && r.Level < shebao.LevelTown {
				return shebao.FieldErrorf("区划代码", "求租地点应为乡镇或村")
			}
			if it.Kind == shebao.IntentOffer && it.Class == "" {
				return shebao.FieldErrorf("地类", "未登记地块的出让意向须填写地类")
			}
			if err := s.store.CheckRegion(ctx, "区划代码", r.Code); err != nil {
				return err
			}
			it.Region = r.Code
		}
		if it.Kind == shebao.IntentSeek {
			if err := shebao.CheckAgriculturalUse(it.Use); err != nil {
				return err
			}
		}
		old, err := s.store.FindIntent(ctx, it.No)
		if err != nil {
			return err
		}
		if old != nil {
			if own && old.ContactID != a.IDNo {
				return shebao.Errorf(shebao.ECONFLICT, "意向编号%s已被使用,请换一个编号", it.No)
			}
			if old.Kind != it.Kind || old.Region != it.Region || old.ParcelCode != it.ParcelCode || old.Class != it.Class ||
				old.Area != it.Area || old.Years != it.Years || old.Price != it.Price || old.Use != it.Use || old.ContactID != it.ContactID {
				return shebao.Errorf(shebao.ECONFLICT, "意向编号%s已登记为另一条意向", it.No)
			}
			out = old
			return nil
		}
		if err := s.store.InsertIntent(ctx, &it); err != nil {
			return err
		}
		out, created = &it, true
		return nil
	})
	return out, created, err
}

// Intents lists the intents of the region (the jurisdiction by default):
// public, the active ones without contacts and parcel codes (the market,
// which every reader of intents sees, a citizen included); else every
// intent with its contact and status, a citizen's own only (the store
// keeps a citizen to them).
func (s *Service) Intents(ctx context.Context, region, kind string, public bool) ([]shebao.Intent, error) {
	return s.store.FindIntents(ctx, region, kind, public)
}

// intentOf returns the intent with the number if the actor may see it
// with its contact: in the jurisdiction, and for a citizen their own.
// Any other is not found.
func (s *Service) intentOf(ctx context.Context, no string) (*shebao.Intent, error) {
	it, err := s.store.FindIntent(ctx, strings.TrimSpace(no))
	if err != nil {
		return nil, err
	}
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return nil, err
	}
	a, _ := shebao.ActorFrom(ctx)
	if it == nil || !j.Contains(it.Region) && !shebao.RoleOf(a).OwnOnly || shebao.RoleOf(a).OwnOnly && it.ContactID != a.IDNo {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到意向%s", no)
	}
	return it, nil
}

// WithdrawIntent withdraws an active intent (撤回): it leaves the market
// and matching and stays on record. The village or town that may write
// intents there withdraws any; a household (citizen) its own only.
// Withdrawing again changes nothing (changed false).
func (s *Service) WithdrawIntent(ctx context.Context, no, reason string) (*shebao.Intent, bool, error) {
	if _, err := s.begin(ctx, "intent.withdraw", shebao.EntityIntent); err != nil {
		return nil, false, err
	}
	var out *shebao.Intent
	changed := false
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		it, err := s.intentOf(ctx, no)
		if err != nil {
			return err
		}
		if it.Status != shebao.IntentActive {
			out = it
			return nil
		}
		if err := s.store.WithdrawIntent(ctx, it.No, strings.TrimSpace(reason)); err != nil {
			return err
		}
		it.Status, out, changed = shebao.IntentWithdrawn, it, true
		return nil
	})
	return out, changed, err
}

// MatchIntent finds the intents of the other kind that fit one (public
// form): for a request, the offers in its village (or town) of its land
// class if it names one, asking at most its rent; for an offer, the
// requests whose location holds its village, of its class or none, offering
// at least its rent. The closest area comes first, then the lower (for a
// request) or higher (for an offer) rent.
//
// A household (citizen) matches its own intents only. A withdrawn intent
// matches nothing.
func (s *Service) MatchIntent(ctx context.Context, no string) (*shebao.Intent, []shebao.Intent, error) {
	it, err := s.intentOf(ctx, no)
	if err != nil {
		return nil, nil, err
	}
	if it.Status != shebao.IntentActive {
		return it, []shebao.Intent{}, nil
	}
	other, region := shebao.IntentSeek, it.Region[:9]+"000" // requests of the offer's town
	if it.Kind == shebao.IntentSeek {
		other, region = shebao.IntentOffer, it.Region
	}
	cands, err := s.store.FindIntents(ctx, region, other, true)
	if err != nil {
		return nil, nil, err
	}
	want, _ := policy.ParseMu(it.Area)
	out := []shebao.Intent{}
	for _, c := range cands {
		offer, seek := c, *it
		if it.Kind == shebao.IntentOffer {
			offer, seek = *it, c
		}
		r, _ := idno.ParseRegion(seek.Region)
		switch {
		case !r.Contains(offer.Region):
		case seek.Class != "" && seek.Class != offer.Class:
		case offer.Price > seek.Price:
		default:
			out = append(out, c)
		}
	}
	gap := func(i shebao.Intent) int64 {
		a, _ := policy.ParseMu(i.Area)
		return max(int64(a-want), int64(want-a))
	}
	sort.SliceStable(out, func(a, b int) bool {
		if ga, gb := gap(out[a]), gap(out[b]); ga != gb {
			return ga < gb
		}
		if it.Kind == shebao.IntentSeek {
			return out[a].Price < out[b].Price
		}
		return out[a].Price > out[b].Price
	})
	return it, out, nil
}
