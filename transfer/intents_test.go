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
