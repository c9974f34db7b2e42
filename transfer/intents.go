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
func (s *Service) SaveIntent(ctx context.Context, in shebao.Intent) (*shebao.Intent, bool, error) {
	j, err := s.begin(ctx, "transfer.intent", shebao.EntityTransfer)
	if err != nil {
		return nil, false, err
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
			if p == nil || !j.Contains(p.Region) {
				return shebao.FieldErrorf("地块编码", "地块%s未登记或不在您的管辖范围内", lc.Code)
			}
			if c := d.Contracts[p.ContractCode]; c.HeadIDNo != it.ContactID {
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

// Intents lists the active intents of the region (the jurisdiction by
// default); public leaves out the contacts and parcel codes.
func (s *Service) Intents(ctx context.Context, region, kind string, public bool) ([]shebao.Intent, error) {
	list, err := s.store.FindIntents(ctx, region, kind)
	if err != nil {
		return nil, err
	}
	if public {
		for i := range list {
			list[i] = list[i].Public()
		}
	}
	return list, nil
}

// MatchIntent finds the intents of the other kind that fit one (public
// form): for a request, the offers in its village (or town) of its land
// class if it names one, asking at most its rent; for an offer, the
// requests whose location holds its village, of its class or none, offering
// at least its rent. The closest area comes first, then the lower (for a
// request) or higher (for an offer) rent.
func (s *Service) MatchIntent(ctx context.Context, no string) (*shebao.Intent, []shebao.Intent, error) {
	it, err := s.store.FindIntent(ctx, no)
	if err != nil {
		return nil, nil, err
	}
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return nil, nil, err
	}
	if it == nil || !j.Contains(it.Region) {
		return nil, nil, shebao.Errorf(shebao.ENOTFOUND, "未找到意向%s", no)
	}
	other, region := shebao.IntentSeek, it.Region[:9]+"000" // requests of the offer's town
	if it.Kind == shebao.IntentSeek {
		other, region = shebao.IntentOffer, it.Region
	}
	cands, err := s.store.FindIntents(ctx, region, other)
	if err != nil {
		return nil, nil, err
	}
	want, _ := policy.ParseMu(it.Area)
	var out []shebao.Intent
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
			out = append(out, c.Public())
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
