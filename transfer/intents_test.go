package transfer_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestIntents: offers and requests of the 流转信息平台, their matching by
// location, class, rent and area, and the public list without contacts.
func TestIntents(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := landOf(t, a)
		save := func(in shebao.Intent) (*shebao.Intent, bool, error) { return a.Transfer.SaveIntent(villager, in) }
		o1 := shebao.Intent{No: "CR-1", Kind: shebao.IntentOffer, ParcelCode: p2, Area: "4", Years: 5, Price: shebao.Yuan(600),
			ContactID: ids["a"], ContactName: "魏建国"}
		if it, created, err := save(o1); err != nil || !created || it.Class != "耕地" || it.Region != village {
			t.Fatalf("offer: %+v %v", it, err)
		}
		if _, created, err := save(o1); err != nil || created {
			t.Errorf("again: %v %v", created, err)
		}
		bad := o1
		bad.No, bad.ParcelCode = "CR-X", p3 // 魏建军's parcel
		if _, _, err := save(bad); err == nil || !strings.Contains(shebao.ErrorMessage(err), "承包方代表魏建军") {
			t.Errorf("not the head: %v", err)
		}
		bad.ParcelCode, bad.Area = p2, "4.01"
		if _, _, err := save(bad); err == nil || !strings.Contains(shebao.ErrorMessage(err), "超过地块面积4.00亩") {
			t.Errorf("too large: %v", err)
		}
		// 李明 offers 20 亩 of 盈南村 (entered by the town).
		o2 := shebao.Intent{No: "CR-2", Kind: shebao.IntentOffer, Region: other, Class: "耕地", Area: "20", Years: 3, Price: shebao.Yuan(500),
			ContactID: ids["c"], ContactName: "李明"}
		if _, _, err := a.Transfer.SaveIntent(town, o2); err != nil {
			t.Fatal(err)
		}
		s1 := shebao.Intent{No: "QZ-1", Kind: shebao.IntentSeek, Region: "640106100000", Class: "耕地", Area: "5", Years: 5,
			Price: shebao.Yuan(650), Use: "种植蔬菜", ContactID: coop, ContactName: "魏丰土地股份专业合作社"}
		if _, _, err := a.Transfer.SaveIntent(town, s1); err != nil {
			t.Fatal(err)
		}
		s1bad := s1
		s1bad.No, s1bad.Use = "QZ-X", "建设厂房"
		if _, _, err := a.Transfer.SaveIntent(town, s1bad); err == nil || err.(*shebao.Error).Field != "用途" {
			t.Errorf("non-agricultural request: %v", err)
		}
		s2 := shebao.Intent{No: "QZ-2", Kind: shebao.IntentSeek, Region: other, Area: "10", Years: 3, Price: shebao.Yuan(550),
			Use: "玉米种植", ContactID: ids["b"], ContactName: "魏建军"}
		if _, _, err := a.Transfer.SaveIntent(town, s2); err != nil {
			t.Fatal(err)
		}

		// QZ-1 (良田镇, 耕地, 5 亩, at most 650.00): CR-1 (4 亩 at 600.00,
		// 1 亩 off) before CR-2 (20 亩 at 500.00, 15 亩 off).
		_, m, err := a.Transfer.MatchIntent(town, "QZ-1")
		if err != nil || len(m) != 2 || m[0].No != "CR-1" || m[1].No != "CR-2" || m[0].ContactID != "" || m[0].ParcelCode != "" {
			t.Fatalf("match QZ-1: %+v %v", m, err)
		}
		// QZ-2 seeks in 盈南村 only: CR-2.
		if _, m, err := a.Transfer.MatchIntent(town, "QZ-2"); err != nil || len(m) != 1 || m[0].No != "CR-2" {
			t.Errorf("match QZ-2: %+v %v", m, err)
		}
		// CR-1 (魏家桥村, 600.00): QZ-1 offers 650.00 in its town; QZ-2 is in
		// another village. The town's service centre matches across the
		// town; the village sees only requests located in the village.
		if _, m, err := a.Transfer.MatchIntent(town, "CR-1"); err != nil || len(m) != 1 || m[0].No != "QZ-1" {
			t.Errorf("match CR-1: %+v %v", m, err)
		}
		if _, m, err := a.Transfer.MatchIntent(villager, "CR-1"); err != nil || len(m) != 0 {
			t.Errorf("match CR-1 by the village: %+v %v", m, err)
		}
		pub, err := a.Transfer.Intents(town, "", "", true)
		if err != nil || len(pub) != 4 {
			t.Fatalf("public list: %+v %v", pub, err)
		}
		for _, it := range pub {
			if it.ContactID != "" || it.ContactName != "" || it.ParcelCode != "" {
				t.Errorf("personal data in the public list: %+v", it)
			}
		}
		if list, _ := a.Transfer.Intents(yingnan, "", "", false); len(list) != 2 {
			t.Errorf("盈南村 sees %d intents, want 2", len(list))
		}
	})
}

// TestHouseholdIntents: a household enters its own intents (issue #17
// item 5). 魏建国 (citizen) offers 4.00 亩 of his parcel p2 at 600.00 and
// seeks 5.00 亩 in his village at 650.00; the contact is always himself.
// He may not offer 魏建军's parcel p3 (and learns nothing of its
// household), nor an area without a parcel; the same intent again changes
// nothing; a number the village used is not his. He sees the market (the
// village's offer of p3 too, without contacts) and his own intents with
// their contacts; 魏建军 sees only the offer the village entered for him,
// and may neither match nor withdraw 魏建国's. Withdrawn, the offer leaves the market and matches
// nothing; withdrawing again changes nothing.
func TestHouseholdIntents(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := landOf(t, a)
		wjg := sqldbtest.As(shebao.Actor{Name: "wjg", Role: shebao.RoleCitizen, Region: village, IDNo: ids["a"]})
		wjj := sqldbtest.As(shebao.Actor{Name: "wjj", Role: shebao.RoleCitizen, Region: village, IDNo: ids["b"]})
		offer := shebao.Intent{No: "HH-1", Kind: shebao.IntentOffer, ParcelCode: p2, Area: "4", Years: 5, Price: shebao.Yuan(600),
			ContactID: ids["b"], ContactName: "魏建国"}
		it, created, err := a.Transfer.SaveIntent(wjg, offer)
		if err != nil || !created || it.ContactID != ids["a"] || it.Region != village || it.Class != "耕地" {
			t.Fatalf("own offer: %+v %v %v", it, created, err)
		}
		if _, created, err := a.Transfer.SaveIntent(wjg, offer); err != nil || created {
			t.Errorf("the same offer again: %v %v", created, err)
		}
		bad := offer
		bad.No, bad.ParcelCode = "HH-X", p3
		if _, _, err := a.Transfer.SaveIntent(wjg, bad); err == nil || fieldOf(err) != "地块编码" ||
			!strings.Contains(shebao.ErrorMessage(err), "不是本户承包的地块") || strings.Contains(shebao.ErrorMessage(err), "魏建军") {
			t.Errorf("another household's parcel: %v", err)
		}
		bad.ParcelCode, bad.Region, bad.Class = "", village, "耕地"
		if _, _, err := a.Transfer.SaveIntent(wjg, bad); err == nil || fieldOf(err) != "地块编码" {
			t.Errorf("an offer without a parcel: %v", err)
		}
		seek := shebao.Intent{No: "HH-2", Kind: shebao.IntentSeek, Region: village, Class: "耕地", Area: "5", Years: 5, Price: shebao.Yuan(650),
			Use: "种植蔬菜", ContactName: "魏建国"}
		if _, created, err := a.Transfer.SaveIntent(wjg, seek); err != nil || !created {
			t.Fatalf("own request: %v %v", created, err)
		}
		// The village enters 魏建军's offer of p3 (6.00 亩 at 550.00).
		if _, _, err := a.Transfer.SaveIntent(villager, shebao.Intent{No: "CR-V", Kind: shebao.IntentOffer, ParcelCode: p3, Area: "6", Years: 3,
			Price: shebao.Yuan(550), ContactID: ids["b"], ContactName: "魏建军"}); err != nil {
			t.Fatal(err)
		}
		taken := seek
		taken.No = "CR-V"
		if _, _, err := a.Transfer.SaveIntent(wjg, taken); err == nil || err.(*shebao.Error).Code != shebao.ECONFLICT {
			t.Errorf("the village's number: %v", err)
		}
		market, err := a.Transfer.Intents(wjg, "", "", true)
		if err != nil || len(market) != 3 {
			t.Fatalf("market: %+v %v", market, err)
		}
		for _, it := range market {
			if it.ContactID != "" || it.ContactName != "" || it.ParcelCode != "" {
				t.Errorf("personal data in the market: %+v", it)
			}
		}
		mine, err := a.Transfer.Intents(wjg, "", "", false)
		if err != nil || len(mine) != 2 || mine[0].ContactID != ids["a"] || mine[1].ContactID != ids["a"] {
			t.Fatalf("his own: %+v %v", mine, err)
		}
		// 魏建军 sees the offer the village entered for him, none of 魏建国's.
		if other, err := a.Transfer.Intents(wjj, "", "", false); err != nil || len(other) != 1 || other[0].No != "CR-V" {
			t.Errorf("魏建军 sees %+v %v", other, err)
		}
		// HH-2 (魏家桥村, 耕地, 5.00 at most 650.00): HH-1 (4.00 at 600.00,
		// 1.00 off) before CR-V (6.00 at 550.00, also 1.00 off, cheaper
		// first).
		if _, m, err := a.Transfer.MatchIntent(wjg, "HH-2"); err != nil || len(m) != 2 || m[0].No != "CR-V" || m[1].No != "HH-1" {
			t.Errorf("match HH-2: %+v %v", m, err)
		}
		if _, _, err := a.Transfer.MatchIntent(wjj, "HH-2"); err == nil || err.(*shebao.Error).Code != shebao.ENOTFOUND {
			t.Errorf("魏建军 matches 魏建国's request: %v", err)
		}
		if _, _, err := a.Transfer.WithdrawIntent(wjj, "HH-1", ""); err == nil || err.(*shebao.Error).Code != shebao.ENOTFOUND {
			t.Errorf("魏建军 withdraws 魏建国's offer: %v", err)
		}
		if it, changed, err := a.Transfer.WithdrawIntent(wjg, "HH-1", "已自行转包"); err != nil || !changed || it.Status != shebao.IntentWithdrawn {
			t.Fatalf("withdraw: %+v %v %v", it, changed, err)
		}
		if _, changed, err := a.Transfer.WithdrawIntent(wjg, "HH-1", ""); err != nil || changed {
			t.Errorf("withdraw again: %v %v", changed, err)
		}
		if market, _ := a.Transfer.Intents(wjg, "", "", true); len(market) != 2 {
			t.Errorf("the market after the withdrawal: %+v", market)
		}
		if _, m, err := a.Transfer.MatchIntent(wjg, "HH-2"); err != nil || len(m) != 1 || m[0].No != "CR-V" {
			t.Errorf("match HH-2 after the withdrawal: %+v %v", m, err)
		}
		if _, m, err := a.Transfer.MatchIntent(wjg, "HH-1"); err != nil || len(m) != 0 {
			t.Errorf("a withdrawn offer matches %+v %v", m, err)
		}
		if mine, _ := a.Transfer.Intents(wjg, "", "", false); len(mine) != 2 || mine[0].Status != shebao.IntentWithdrawn {
			t.Errorf("his own after the withdrawal: %+v", mine)
		}
	})
}
