package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// landFixture is the land of the transfer package's tests in 魏家桥村
// (640106100201, 良田镇) with its users and their API tokens: 魏建国 heads
// p1 (10.00 亩) and p2 (4.00 亩), 魏建军 p3 (6.00 亩), 魏建华 p5 (4.00 亩),
// all 耕地 of the second round; 李明 farms in 盈南村. Users: the village
// wjq, the town ltz, the land bureau gtj, and 魏建国 (wjg) and 魏建军
// (wjj) as citizens.
type landFixture struct {
	svc    *app.App
	h      http.Handler
	ids    map[string]string
	tokens map[string]map[string]string
}

const (
	landVillage = "640106100201"
	landIssuer  = landVillage + "01"
	landCoop    = "93640106MA7WFHC10W"
)

func newLandFixture(t *testing.T, db *sqldb.DB) *landFixture {
	t.Helper()
	svc := app.New(db)
	sqldbtest.SeedRegions(t, svc)
	f := &landFixture{svc: svc, ids: map[string]string{}, tokens: map[string]map[string]string{}}
	for i, p := range []struct{ key, name, region string }{{"a", "魏建国", landVillage}, {"b", "魏建军", landVillage},
		{"c", "李明", "640106100202"}, {"d", "魏建华", landVillage}} {
		id := demo.IDNumber("640106", time.Date(1965+i, 3, 1, 0, 0, 0, 0, time.UTC), 21+2*i, false)
		if err := svc.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: p.name, Hukou: shebao.HukouAgricultural, Region: p.region}); err != nil {
			t.Fatal(err)
		}
		f.ids[p.key] = id
	}
	for _, u := range []*shebao.User{
		{Name: "wjq", Role: "village", Region: landVillage},
		{Name: "ltz", Role: "town", Region: "640106100000"},
		{Name: "gtj", Role: "land", Region: "640106000000"},
		{Name: "wjg", Role: "citizen", IDNo: f.ids["a"], Display: "魏建国"},
		{Name: "wjj", Role: "citizen", IDNo: f.ids["b"], Display: "魏建军"},
	} {
		if err := db.CreateUser(admin, u, uiPassword); err != nil {
			t.Fatal(err)
		}
		tok, _, err := db.CreateToken(admin, u.Name, "tests", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[u.Name] = map[string]string{"Authorization": "Bearer " + tok}
	}
	var rows []shebao.NewParcel
	for _, p := range []struct{ code, head, area string }{{"00001", "a", "10"}, {"00002", "a", "4"}, {"00003", "b", "6"}, {"00005", "d", "4"}} {
		rows = append(rows, shebao.NewParcel{Code: landIssuer + p.code, HeadIDNo: f.ids[p.head], Area: p.area, Class: "耕地", Basic: true,
			Start: "1998-01-01", End: "2027-12-31"})
	}
	if _, errs, err := svc.Transfer.ImportParcels(f.as("wjq"), "parcels", rows); err != nil || errs[0] != nil || errs[1] != nil || errs[2] != nil || errs[3] != nil {
		t.Fatal(err, errs)
	}
	f.h = NewServer(svc, Options{}).Handler()
	return f
}

// as is the context of a fixture's clerk.
func (f *landFixture) as(name string) context.Context {
	switch name {
	case "wjq":
		return sqldbtest.As(shebao.Actor{Name: "wjq", Role: "village", Region: landVillage})
	}
	return sqldbtest.As(shebao.Actor{Name: "ltz", Role: "town", Region: "640106100000"})
}

// TestIntentsAPI: the 流转信息平台 over the API (issue #17 item 5). 魏建国
// (citizen) offers 4.00 亩 of p2 at 600.00 (HH-1) — the same POST again
// changes nothing (200) — and seeks 5.00 亩 of 耕地 in his village at
// 650.00 (HH-2); he may not offer 魏建军's p3. The village enters
// 魏建军's offer of p3, 6.00 亩 at 550.00 (CR-V). HH-2 matches CR-V and
// HH-1 (both 1.00 亩 off its 5.00; the cheaper first). 魏建国 lists his
// own two intents only; the market shows all three without contacts; the
// land bureau sees ID numbers masked (and the cooperative's request of
// the town, QZ-C, with its USCC in full; the village's market does not
// hold it). 魏建军 may not withdraw HH-1; 魏建国 withdraws it (again:
// unchanged), and the town's market has three left.
func TestIntentsAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newLandFixture(t, db)
		a, b := f.ids["a"], f.ids["b"]
		offer := `{"no":"HH-1","kind":"出让","parcel_code":"` + landIssuer + `00002","area_mu":"4","years":5,"price":"600","contact_name":"魏建国"}`
		runScenarios(t, f.h, []scenario{
			{Name: "a household offers its parcel", Method: "POST", URL: "/api/v1/intents", Body: offer, Headers: f.tokens["wjg"],
				ExpectedStatus: http.StatusCreated, ExpectedContent: []string{`"contact_id":"` + a + `"`, `"land_class":"耕地"`, `"price":"600.00"`}},
			{Name: "the same POST again changes nothing", Method: "POST", URL: "/api/v1/intents", Body: offer, Headers: f.tokens["wjg"],
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"no":"HH-1"`}},
			{Name: "another household's parcel", Method: "POST", URL: "/api/v1/intents", Headers: f.tokens["wjg"],
				Body:           `{"no":"HH-X","kind":"offer","parcel_code":"` + landIssuer + `00003","area_mu":"4","years":5,"price":"600","contact_name":"魏建国"}`,
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"地块编码"`, "不是本户承包的地块"},
				NotExpectedContent: []string{"魏建军"}},
			{Name: "a household's request", Method: "POST", URL: "/api/v1/intents", Headers: f.tokens["wjg"],
				Body: `{"no":"HH-2","kind":"seek","region_code":"` + landVillage + `","land_class":"耕地","area_mu":"5","years":5,"price":"650",` +
					`"use":"种植蔬菜","contact_name":"魏建国"}`, ExpectedStatus: http.StatusCreated},
			{Name: "the village enters 魏建军's offer", Method: "POST", URL: "/api/v1/intents", Headers: f.tokens["wjq"],
				Body: `{"no":"CR-V","kind":"出让","parcel_code":"` + landIssuer + `00003","area_mu":"6","years":3,"price":"550","contact_id":"` + b +
					`","contact_name":"魏建军"}`, ExpectedStatus: http.StatusCreated},
			{Name: "the town enters the cooperative's request", Method: "POST", URL: "/api/v1/intents", Headers: f.tokens["ltz"],
				Body: `{"no":"QZ-C","kind":"求租","region_code":"640106100000","area_mu":"50","years":10,"price":"500","use":"种植水稻",` +
					`"contact_id":"` + landCoop + `","contact_name":"良田镇土地信用合作社"}`, ExpectedStatus: http.StatusCreated},
			{Name: "the land bureau does not write intents", Method: "POST", URL: "/api/v1/intents", Headers: f.tokens["gtj"], Body: offer,
				ExpectedStatus: http.StatusForbidden},
			{Name: "the household's own intents only", Method: "GET", URL: "/api/v1/intents", Headers: f.tokens["wjg"], ExpectedStatus: http.StatusOK,
				ExpectedItems: items(2), NotExpectedContent: []string{"CR-V", b}},
			{Name: "the market without contacts", Method: "GET", URL: "/api/v1/intents/market", Headers: f.tokens["wjg"], ExpectedStatus: http.StatusOK,
				ExpectedItems: items(3), NotExpectedContent: []string{"contact", "parcel_code", a, b, "QZ-C"}},
			{Name: "the town's market holds the town's request too", Method: "GET", URL: "/api/v1/intents/market", Headers: f.tokens["ltz"],
				ExpectedStatus: http.StatusOK, ExpectedItems: items(4), NotExpectedContent: []string{landCoop}},
			{Name: "the land bureau sees ID numbers masked, an organisation's code in full", Method: "GET", URL: "/api/v1/intents",
				Headers: f.tokens["gtj"], ExpectedStatus: http.StatusOK, ExpectedItems: items(4),
				ExpectedContent:    []string{`"contact_name":"魏建军"`, `"contact_id":"6401**********`, `"contact_id":"` + landCoop + `"`},
				NotExpectedContent: []string{a, b}},
			{Name: "matches of the request", Method: "GET", URL: "/api/v1/intents/HH-2/matches", Headers: f.tokens["wjg"], ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"matches":[{"no":"CR-V"`, `{"no":"HH-1"`}, NotExpectedContent: []string{b}},
			{Name: "another household may not match it", Method: "GET", URL: "/api/v1/intents/HH-2/matches", Headers: f.tokens["wjj"],
				ExpectedStatus: http.StatusNotFound},
			{Name: "nor withdraw it", Method: "POST", URL: "/api/v1/intents/HH-1/withdraw", Body: `{}`, Headers: f.tokens["wjj"],
				ExpectedStatus: http.StatusNotFound},
			{Name: "the household withdraws its offer", Method: "POST", URL: "/api/v1/intents/HH-1/withdraw", Body: `{"reason":"已自行转包"}`,
				Headers: f.tokens["wjg"], ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"status":"已撤回"`, `"changed":true`}},
			{Name: "withdrawing again changes nothing", Method: "POST", URL: "/api/v1/intents/HH-1/withdraw", Body: `{}`,
				Headers: f.tokens["wjg"], ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"changed":false`}},
			{Name: "the market after", Method: "GET", URL: "/api/v1/intents/market", Headers: f.tokens["ltz"], ExpectedStatus: http.StatusOK,
				ExpectedItems: items(3), NotExpectedContent: []string{"HH-1"}},
		})
	})
}

// coopOf builds the cooperative of transfer.TestCoopLending: CUN-9, the
// deposit of 10.00 (魏建国, p1) + 6.00 (魏建军, p3) + 4.00 (魏建华, p5)
// = 20.00 亩 with 良田镇土地信用合作社 at 500.00 元/亩/年, 2025–2027,
// and DAI-1, its lending of 18.00 亩 to 李明 at 650.00, both verified by
// the town; 10000.00 paid to the members on 2025-01-20 and 11700.00
// received on 2025-01-15.
func (f *landFixture) coopOf(t *testing.T) {
	t.Helper()
	var ls []shebao.NewTransferLine
	for _, l := range []struct{ parcel, area, from string }{{"00001", "10", "a"}, {"00003", "6", "b"}, {"00005", "4", "d"}} {
		ls = append(ls, shebao.NewTransferLine{No: "CUN-9", Form: "出租", ParcelCode: landIssuer + l.parcel, Area: l.area, TransferorIDNo: f.ids[l.from],
			TransfereeID: landCoop, TransfereeName: "良田镇土地信用合作社", Start: "2025-01-01", End: "2027-12-31", Rent: "500", Purpose: "种植水稻"})
	}
	verify := func(no string, ls ...shebao.NewTransferLine) {
		t.Helper()
		if _, errs, err := f.svc.Transfer.ImportTransfers(f.as("wjq"), no, ls); err != nil || errs[0] != nil {
			t.Fatal(no, err, errs)
		}
		aps, err := f.svc.Approve.FindApprovals(f.as("ltz"), shebao.ApprovalPending, 10)
		if err != nil || len(aps) != 1 {
			t.Fatalf("queue for %s: %v %v", no, aps, err)
		}
		if _, err := f.svc.Approve.DecideApproval(f.as("ltz"), aps[0].ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	verify("CUN-9", ls...)
	verify("DAI-1", shebao.NewTransferLine{No: "DAI-1", Form: "出租", Deposit: "CUN-9", Area: "18", TransferorIDNo: landCoop,
		TransfereeID: f.ids["c"], TransfereeName: "李明", Start: "2025-01-01", End: "2027-12-31", Rent: "650", Purpose: "种植水稻"})
	for _, p := range []shebao.RentPayment{{Receipt: "D-1", No: "DAI-1", Amount: shebao.Yuan(11700), Date: "2025-01-15"},
		{Receipt: "C-1", No: "CUN-9", Amount: shebao.Yuan(10000), Date: "2025-01-20"}} {
		if _, _, err := f.svc.Transfer.RecordRentPayment(f.as("ltz"), p); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCoopAPI: the cooperative's 2025 over the API with the README's
// worked figures: deposits 20.00 亩 × 500.00 = 10000.00 due and paid,
// lending 18.00 亩 × 650.00 = 11700.00 due and received, margin 11700.00 −
// 10000.00 = 1700.00; 魏建国's share 10.00 ÷ 20.00 × 10000.00 = 5000.00;
// members' ID numbers masked for the town; citizens refused.
func TestCoopAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newLandFixture(t, db)
		f.coopOf(t)
		runScenarios(t, f.h, []scenario{
			{Name: "the year", Method: "GET", URL: "/api/v1/transfers/coops/" + landCoop + "?year=2025", Headers: f.tokens["ltz"],
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"due":"10000.00"`, `"paid":"10000.00"`, `"lending_due":"11700.00"`,
					`"lending_received":"11700.00"`, `"margin":"1700.00"`, `"name":"魏建国","area_mu":"10.00","due":"5000.00"`,
					`"id_no":"6401**********`, `"deposits":[{"no":"CUN-9"`, `"lendings":[{"no":"DAI-1"`},
				NotExpectedContent: []string{f.ids["a"]}},
			{Name: "the land bureau reads it", Method: "GET", URL: "/api/v1/transfers/coops/" + landCoop + "?year=2025", Headers: f.tokens["gtj"],
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"margin":"1700.00"`}},
			{Name: "a bad year", Method: "GET", URL: "/api/v1/transfers/coops/" + landCoop + "?year=二〇二五", Headers: f.tokens["ltz"],
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"year"`}},
			{Name: "a bad code", Method: "GET", URL: "/api/v1/transfers/coops/93640106?year=2025", Headers: f.tokens["ltz"],
				ExpectedStatus: http.StatusBadRequest},
			{Name: "not for citizens", Method: "GET", URL: "/api/v1/transfers/coops/" + landCoop + "?year=2025", Headers: f.tokens["wjg"],
				ExpectedStatus: http.StatusForbidden},
		})
	})
}

// TestIntentAndCoopPages: the same in the browser. 魏建国 (citizen) sees
// the menu's 流转信息, enters an offer of p1 (HH-3, 10.00 亩 at 500.00) on
// the form — twice, the second time changing nothing — is refused 魏建军's
// p3 on the form with what he typed, sees his intents (not 魏建军's
// contact), the match of HH-3 with the village's request, and withdraws
// it. The town's 合作社 page shows the README's figures and downloads as
// Excel; a citizen may not open it.
func TestIntentAndCoopPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newLandFixture(t, db)
		f.coopOf(t)
		// The village's request: 12.00 亩 of 耕地 in 魏家桥村 at up to 520.00.
		if _, _, err := f.svc.Transfer.SaveIntent(f.as("wjq"), shebao.Intent{No: "QZ-1", Kind: shebao.IntentSeek, Region: landVillage, Class: "耕地",
			Area: "12", Years: 5, Price: shebao.Yuan(520), Use: "种植水稻", ContactID: f.ids["b"], ContactName: "魏建军"}); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(f.h)
		t.Cleanup(srv.Close)
		newBrowser := func() *browser {
			jar, _ := cookiejar.New(nil)
			return &browser{t: t, base: srv.URL, client: &http.Client{Jar: jar, Timeout: 60 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		}
		me := newBrowser()
		csrf := me.login("wjg")
		expect(t, "the market", me.get("/intents"), http.StatusOK, `href="/intents"`, `id="market"`, "QZ-1", "种植水稻", `href="/intents/offer"`,
			"本户登记的意向")
		expect(t, "the offer form", me.get("/intents/offer"), http.StatusOK, "登记出让意向", `<option value="`+landIssuer+`00001"`)
		form := url.Values{"csrf": {csrf}, "no": {"HH-3"}, "parcel": {landIssuer + "00003"}, "area": {"10"}, "years": {"5"}, "price": {"500"},
			"contact_name": {"魏建国"}}
		r := me.post("/intents/offer", form)
		expect(t, "another household's parcel", r, http.StatusBadRequest, "不是本户承包的地块", `value="HH-3"`)
		form.Set("parcel", landIssuer+"00001")
		r = me.post("/intents/offer", form)
		if r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "/intents/HH-3?done=") {
			t.Fatalf("the offer: %d %s\n%.1500s", r.status, r.header.Get("Location"), r.body)
		}
		r = me.post("/intents/offer", form)
		if loc, _ := url.QueryUnescape(r.header.Get("Location")); r.status != http.StatusSeeOther || !strings.Contains(loc, "此前已登记,未重复登记") {
			t.Errorf("the same offer again: %d %s", r.status, loc)
		}
		// HH-3 (10.00 亩 at 500.00) matches QZ-1 (12.00 at up to 520.00).
		r = me.get("/intents/HH-3")
		expect(t, "the match", r, http.StatusOK, `id="matches"`, "QZ-1", "520.00", `action="/intents/HH-3/withdraw"`)
		if strings.Contains(r.body, f.ids["b"]) || strings.Contains(r.body, "魏建军") {
			t.Errorf("the match shows 魏建军's contact")
		}
		r = me.get("/intents")
		expect(t, "his intents", r, http.StatusOK, `id="my-intents"`, "HH-3", f.ids["a"])
		if strings.Contains(r.body, f.ids["b"]) || strings.Contains(r.body, `href="/intents/QZ-1"`) {
			t.Errorf("a household sees another's contact or intent")
		}
		expect(t, "another's intent", me.get("/intents/QZ-1"), http.StatusNotFound)
		r = me.post("/intents/HH-3/withdraw", url.Values{"csrf": {csrf}})
		if loc, _ := url.QueryUnescape(r.header.Get("Location")); r.status != http.StatusSeeOther || !strings.Contains(loc, "已撤回意向HH-3") {
			t.Errorf("withdraw: %d %s", r.status, loc)
		}
		expect(t, "withdrawn", me.get("/intents/HH-3"), http.StatusOK, "已撤回", "意向已撤回,不参与匹配")
		expect(t, "no 合作社 page for citizens", me.get("/coop"), http.StatusForbidden)

		town := newBrowser()
		town.login("ltz")
		expect(t, "the town's 合作社 page", town.get("/coop"), http.StatusOK, `href="/coop"`, "统一社会信用代码")
		r = town.get("/coop?uscc=" + landCoop + "&year=2025")
		expect(t, "the cooperative's 2025", r, http.StatusOK, "良田镇土地信用合作社", "<dd>10,000.00 元</dd>", "<dd>11,700.00 元</dd>",
			`id="coop-margin">1,700.00 元`, `href="/transfers/CUN-9"`, `href="/transfers/DAI-1"`, "魏建国等3户", "5,000.00", "3,000.00", "2,000.00",
			"6401**********", `href="/coop?format=xlsx&amp;uscc=`+landCoop+`&amp;year=2025"`)
		if strings.Contains(r.body, f.ids["a"]) {
			t.Errorf("the town sees a member's full ID number")
		}
		r = town.get("/coop?uscc=" + landCoop + "&year=2025&format=xlsx")
		if r.status != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("the download: %d %s", r.status, r.header.Get("Content-Type"))
		}
		expect(t, "a bad code", town.get("/coop?uscc=93640106&year=2025"), http.StatusBadRequest, "统一社会信用代码")
		// The deposit's page links to the cooperative's year.
		expect(t, "the deposit links to its cooperative", town.get("/transfers/CUN-9"), http.StatusOK,
			`id="coop-link"`, `/coop?uscc=`+landCoop+`&amp;year=`)
	})
}
