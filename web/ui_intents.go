package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The pages of the transfer information platform (流转信息平台, issue #17
// item 5) and of a cooperative's year (item 4), over the same service
// calls as the API and `shebao transfers offer|seek|market|match|coop`.
// /intents is the public market of the user's jurisdiction (no contacts,
// no parcel codes) and, below it, the intents the user may manage — a
// village's or town's with their contacts (ID numbers masked for roles
// that do not see them in full), a household's (citizen) its own only —
// with their status, the match and the withdrawal. An offer or a request
// is entered on the one form page; /intents/{no} shows an intent with its
// matches. /coop is a 土地信用合作社's year with its Excel download.

// intentsView is the data of the market page.
type intentsView struct {
	Region, Kind string
	Kinds        []option
	Market       []intentRow
	Mine         []intentRow // the intents the user manages ("" heading when none)
	MineTitle    string
	OfferLink    string // "" when the user may not enter intents
	SeekLink     string
	Done         string
}

// intentRow is one intent of a list.
type intentRow struct {
	No, Link, Kind, Region, Class, Area, Price, Use, Contact, Status string
	Years                                                            int
	Active                                                           bool
	WithdrawAction                                                   string // "" when the user may not withdraw it
}

// intentView is the data of an intent's page.
type intentView struct {
	I              intentRow
	Matches        []intentRow
	WithdrawAction string
	Done           string
}

// mayWriteIntents: the village, the town and households (citizens).
func mayWriteIntents(v *visit) bool { return v.role.May(shebao.Write(shebao.EntityIntent)) }

// intentRowOf is the row of an intent; contact says whether the contact
// is shown (masked as the role sees it).
func intentRowOf(v *visit, it shebao.Intent, contact bool) intentRow {
	row := intentRow{No: it.No, Link: "/intents/" + url.PathEscape(it.No), Kind: it.Kind, Region: it.RegionName, Class: it.Class,
		Area: it.Area, Price: yuan(it.Price), Use: it.Use, Status: it.Status, Years: it.Years, Active: it.Status == shebao.IntentActive}
	if row.Class == "" {
		row.Class = "不限"
	}
	if contact && it.ContactName != "" {
		row.Contact = it.ContactName
		if id := maskIntent(v.actor, it).ContactID; id != "" {
			row.Contact += " " + id
		}
	}
	if row.Active && mayWriteIntents(v) {
		row.WithdrawAction = row.Link + "/withdraw"
	}
	return row
}

// intents serves GET /intents?region=&kind=.
func (u *ui) intents(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityIntent)) {
		u.fail(w, r, v, forbidden(v, "查看流转信息"))
		return
	}
	q := r.URL.Query()
	view := intentsView{Region: q.Get("region"), Kind: intentKind(q.Get("kind")), Done: q.Get("done")}
	if view.Kind != shebao.IntentOffer && view.Kind != shebao.IntentSeek {
		view.Kind = ""
	}
	view.Kinds = []option{{Value: "", Label: "全部", Selected: view.Kind == ""}}
	for _, k := range []string{shebao.IntentOffer, shebao.IntentSeek} {
		view.Kinds = append(view.Kinds, option{Value: k, Label: k + "意向", Selected: k == view.Kind})
	}
	market, err := u.s.app.Transfer.Intents(r.Context(), view.Region, view.Kind, true)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	for _, it := range market {
		row := intentRowOf(v, it, false)
		row.WithdrawAction = ""
		if v.role.OwnOnly {
			row.Link = "" // a household opens only its own intents
		}
		view.Market = append(view.Market, row)
	}
	if mayWriteIntents(v) {
		view.OfferLink, view.SeekLink = "/intents/offer", "/intents/seek"
		view.MineTitle = "本辖区登记的意向(含联系人)"
		if v.role.OwnOnly {
			view.MineTitle = "本户登记的意向"
		}
		mine, err := u.s.app.Transfer.Intents(r.Context(), view.Region, view.Kind, false)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		for _, it := range mine {
			view.Mine = append(view.Mine, intentRowOf(v, it, true))
		}
	}
	u.render(w, r, http.StatusOK, "intents", u.newPage(v, "流转信息", "intents", view))
}

// intent serves GET /intents/{no}: the intent and its matches.
func (u *ui) intent(w http.ResponseWriter, r *http.Request, v *visit) {
	it, m, err := u.s.app.Transfer.MatchIntent(r.Context(), r.PathValue("no"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := intentView{I: intentRowOf(v, *it, true), Done: r.URL.Query().Get("done")}
	view.WithdrawAction = view.I.WithdrawAction
	for _, c := range m {
		row := intentRowOf(v, c, false)
		row.Link, row.WithdrawAction = "", ""
		view.Matches = append(view.Matches, row)
	}
	u.render(w, r, http.StatusOK, "intent", u.newPage(v, it.Kind+"意向"+it.No, "intents", view))
}

// intentForm is the form of an offer (出让) or a request (求租); a
// household's (citizen) offer chooses among its own parcels, its contact
// is the citizen.
func (u *ui) intentForm(r *http.Request, v *visit, kind string) (*formView, error) {
	path := map[string]string{shebao.IntentOffer: "/intents/offer", shebao.IntentSeek: "/intents/seek"}[kind]
	f := &formView{Title: "登记" + kind + "意向", Action: path, Back: "/intents", BackLabel: "返回流转信息", Submit: "登记"}
	no := formField{Name: "no", Label: "意向编号", Required: true, Placeholder: "如 CR-2026-001;同一编号再次提交相同内容不会重复登记"}
	area := formField{Name: "area", Label: "面积", Required: true, Placeholder: "亩,至多两位小数", Aliases: []string{"area_mu"}}
	years := formField{Name: "years", Label: "年限", Required: true, Placeholder: "1至30年"}
	classes := []option{{Value: "", Label: "不限"}}
	for _, c := range shebao.LandClasses {
		classes = append(classes, option{Value: c, Label: c})
	}
	class := formField{Name: "class", Label: "地类", Type: "select", Options: classes, Aliases: []string{"land_class"}}
	contact := []formField{{Name: "contact_name", Label: "联系人", Required: true, Aliases: []string{"联系人姓名"}},
		{Name: "contact_id", Label: "联系人证件号", Required: true, Placeholder: "身份证号;求租方也可填统一社会信用代码"}}
	if v.role.OwnOnly {
		contact = []formField{{Name: "contact_name", Label: "联系人", Required: true, Value: v.user.Display}}
	}
	switch kind {
	case shebao.IntentOffer:
		f.Note = "出让已登记的地块须由其承包方代表(户主)登记,面积不超过地块面积,村和地类取自地块;未登记地块须填所在村和地类。公开列表不显示联系人和地块编码。"
		parcel := formField{Name: "parcel", Label: "地块编码", Placeholder: "19位地块编码(已登记地块)", Aliases: []string{"parcel_code"}}
		fields := []formField{no}
		if v.role.OwnOnly {
			f.Note = "本户承包的地块(本人为承包方代表)可登记出让意向,面积不超过地块面积。公开列表不显示联系人和地块编码。"
			cs, _, err := u.s.app.Transfer.FindLandContracts(r.Context(), shebao.LandContractFilter{Limit: 100})
			if err != nil {
				return nil, err
			}
			opts := []option{{Value: "", Label: "请选择本户的地块"}}
			for _, c := range cs {
				// The list gives contracts without their parcels.
				if c, err = u.s.app.Transfer.FindLandContract(r.Context(), c.Code); err != nil {
					return nil, err
				}
				for _, p := range c.Parcels {
					opts = append(opts, option{Value: p.Code, Label: fmt.Sprintf("%s %s %s亩", p.Code, p.Class, p.Area)})
				}
			}
			parcel.Type, parcel.Options, parcel.Required, parcel.Placeholder = "select", opts, true, ""
			fields = append(fields, parcel)
		} else {
			fields = append(fields, parcel, formField{Name: "region", Label: "区划代码", Placeholder: "未登记地块:所在村的12位代码",
				Aliases: []string{"region_code"}}, class)
		}
		f.Fields = append(fields, area, years, formField{Name: "price", Label: "期望租金", Required: true, Placeholder: "元/亩/年",
			Aliases: []string{"价格"}})
	case shebao.IntentSeek:
		f.Note = "求租地点为乡镇或村;用途须为农业用途(种植、养殖等)。匹配时列出地点、地类相符且期望租金不高于愿出租金的出让意向。"
		f.Fields = []formField{no, {Name: "region", Label: "求租地点", Required: true, Placeholder: "乡镇或村的12位区划代码", Aliases: []string{"区划代码", "region_code"}},
			class, area, years, {Name: "price", Label: "愿出租金", Required: true, Placeholder: "元/亩/年", Aliases: []string{"价格"}},
			{Name: "use", Label: "用途", Required: true, Placeholder: "如 种植水稻"}}
	}
	f.Fields = append(f.Fields, contact...)
	return f, nil
}

// intentFormKind is the kind of the form's path, and whether the user may
// enter intents.
func (u *ui) intentFormKind(w http.ResponseWriter, r *http.Request, v *visit) (string, bool) {
	if !mayWriteIntents(v) {
		u.fail(w, r, v, forbidden(v, "登记流转意向"))
		return "", false
	}
	if r.URL.Path == "/intents/seek" {
		return shebao.IntentSeek, true
	}
	return shebao.IntentOffer, true
}

// intentFormPage serves GET /intents/offer and /intents/seek.
func (u *ui) intentFormPage(w http.ResponseWriter, r *http.Request, v *visit) {
	kind, ok := u.intentFormKind(w, r, v)
	if !ok {
		return
	}
	f, err := u.intentForm(r, v, kind)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "intents", f)
}

// saveIntentForm serves POST /intents/offer and /intents/seek.
func (u *ui) saveIntentForm(w http.ResponseWriter, r *http.Request, v *visit) {
	kind, ok := u.intentFormKind(w, r, v)
	if !ok {
		return
	}
	f, err := u.intentForm(r, v, kind)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	price, err := shebao.ParseYuan(f.value("price"))
	if err != nil {
		u.refused(w, r, v, "intents", f, shebao.FieldErrorf("价格", "租金“%s”无效,应为元/亩/年", f.value("price")))
		return
	}
	years, err := strconv.Atoi(f.value("years"))
	if err != nil {
		u.refused(w, r, v, "intents", f, shebao.FieldErrorf("年限", "年限“%s”应为1至30的整数", f.value("years")))
		return
	}
	it, created, err := u.s.app.Transfer.SaveIntent(r.Context(), shebao.Intent{No: f.value("no"), Kind: kind, ParcelCode: f.value("parcel"),
		Region: f.value("region"), Class: f.value("class"), Area: f.value("area"), Years: years, Price: price, Use: f.value("use"),
		ContactID: f.value("contact_id"), ContactName: f.value("contact_name")})
	if err != nil {
		u.refused(w, r, v, "intents", f, err)
		return
	}
	msg := fmt.Sprintf("已登记%s意向%s:%s %s亩 %d年 %s元/亩/年。", it.Kind, it.No, it.RegionName, it.Area, it.Years, yuan(it.Price))
	if !created {
		msg = "意向" + it.No + "此前已登记,未重复登记。"
	}
	doneTo(w, r, "/intents/"+url.PathEscape(it.No), msg)
}

// withdrawIntentForm serves POST /intents/{no}/withdraw.
func (u *ui) withdrawIntentForm(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayWriteIntents(v) {
		u.fail(w, r, v, forbidden(v, "撤回流转意向"))
		return
	}
	it, changed, err := u.s.app.Transfer.WithdrawIntent(r.Context(), r.PathValue("no"), r.PostFormValue("reason"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	msg := "已撤回意向" + it.No + ",不再公开、不参与匹配。"
	if !changed {
		msg = "意向" + it.No + "此前已撤回。"
	}
	doneTo(w, r, "/intents", msg)
}

// coopView is the data of a cooperative's year.
type coopView struct {
	USCC, Year string
	Y          *shebao.CoopYear
	Due, Paid  string
	LendingDue string
	Received   string
	Margin     string
	Deposits   []coopContractRow
	Lendings   []coopContractRow
	Members    []coopMemberRow
	XLSXLink   string
	Error      string
}

type coopContractRow struct {
	No, Link, Region, Party, Area, Rent, Term, Due, Paid string
}

type coopMemberRow struct {
	Name, IDNo, Area, Due string
}

// mayReadCoops: the roles that read transfer contracts, not citizens
// (the report names every member household).
func mayReadCoops(v *visit) bool {
	return v.role.May(shebao.Read(shebao.EntityTransfer)) && !v.role.OwnOnly
}

// coop serves GET /coop?uscc=&year=[&format=xlsx].
func (u *ui) coop(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayReadCoops(v) {
		u.fail(w, r, v, forbidden(v, "查看土地信用合作社报告"))
		return
	}
	q := r.URL.Query()
	view := coopView{USCC: q.Get("uscc"), Year: q.Get("year")}
	if view.Year == "" {
		view.Year = strconv.Itoa(shebao.Today().Year())
	}
	if view.USCC == "" {
		u.render(w, r, http.StatusOK, "coop", u.newPage(v, "土地信用合作社", "coop", view))
		return
	}
	year, err := strconv.Atoi(view.Year)
	if err != nil {
		view.Error = "年度“" + view.Year + "”无效,应为四位数年份"
		u.render(w, r, http.StatusBadRequest, "coop", u.newPage(v, "土地信用合作社", "coop", view))
		return
	}
	y, err := u.s.app.Transfer.CoopYear(r.Context(), view.USCC, year)
	if err != nil {
		if e, ok := err.(*shebao.Error); ok && e.Code == shebao.EINVALID {
			view.Error = shebao.ErrorMessage(err)
			u.render(w, r, http.StatusBadRequest, "coop", u.newPage(v, "土地信用合作社", "coop", view))
			return
		}
		u.fail(w, r, v, err)
		return
	}
	masked := func(id string) string {
		if !v.actor.SeesFullID(id) {
			return idno.MaskID(id)
		}
		return id
	}
	if wantsXLSX(r) {
		u.exportRows(w, r, v, fmt.Sprintf("coop-%s-%d.xlsx", y.USCC, y.Year), fmt.Sprintf("%s %d年存入、贷出与社员所得", y.Name, y.Year),
			[]string{"类别", "合同号或身份证号", "村或姓名", "转出方或受入方", "面积(亩)", "租金(元/亩/年)", "当年到期(元)", "当年已付或已收(元)"},
			func(offset, limit int) ([][]any, int, error) {
				var rows [][]any
				for _, c := range y.Deposits {
					rows = append(rows, []any{"存入", c.No, c.Region, c.Party, c.AreaMu, money(c.Rent), money(c.Due), money(c.Paid)})
				}
				for _, c := range y.Lendings {
					rows = append(rows, []any{"贷出", c.No, c.Region, c.Party, c.AreaMu, money(c.Rent), money(c.Due), money(c.Paid)})
				}
				for _, m := range y.Members {
					rows = append(rows, []any{"社员户应得", masked(m.IDNo), m.Name, "", m.AreaMu, "", money(m.Due), ""})
				}
				rows = append(rows, []any{"差额收益", "", "", "贷出租金−存入租金", "", "", money(y.Margin), ""})
				return rows, len(rows), nil
			})
		return
	}
	view.Y, view.XLSXLink = y, xlsxLink(r.URL)
	view.Due, view.Paid, view.LendingDue, view.Received, view.Margin = yuan(y.Due), yuan(y.Paid), yuan(y.LendingDue), yuan(y.LendingReceived), yuan(y.Margin)
	row := func(c shebao.CoopContract) coopContractRow {
		return coopContractRow{No: c.No, Link: "/transfers/" + url.PathEscape(c.No), Region: c.Region, Party: c.Party, Area: c.AreaMu,
			Rent: yuan(c.Rent), Term: c.Start + " 至 " + c.End, Due: yuan(c.Due), Paid: yuan(c.Paid)}
	}
	for _, c := range y.Deposits {
		view.Deposits = append(view.Deposits, row(c))
	}
	for _, c := range y.Lendings {
		view.Lendings = append(view.Lendings, row(c))
	}
	for _, m := range y.Members {
		view.Members = append(view.Members, coopMemberRow{Name: m.Name, IDNo: masked(m.IDNo), Area: m.AreaMu, Due: yuan(m.Due)})
	}
	u.render(w, r, http.StatusOK, "coop", u.newPage(v, y.Name+" "+view.Year+"年", "coop", view))
}
