package shebao

import "testing"

func TestRoles(t *testing.T) {
	for _, id := range []string{RoleAdmin, RoleClerk, RoleTown, RoleVillage, RoleLand, RoleViewer, RoleCitizen} {
		if r, ok := LookupRole(id, ""); !ok || r.Name == "" {
			t.Errorf("role %s missing", id)
		}
	}
	for line := range Lines {
		if _, ok := LookupRole(RoleClerk, line); !ok {
			t.Errorf("clerk line %s missing", line)
		}
	}
	seen := map[string]bool{}
	for _, r := range Roles {
		key := ActorRole(r.ID, r.Line)
		if seen[key] {
			t.Errorf("role %s twice", key)
		}
		seen[key] = true
		for _, e := range append(append([]string(nil), r.Read...), r.Write...) {
			if _, ok := EntityNames[e]; !ok && e != "*" {
				t.Errorf("role %s names unknown entity %q", key, e)
			}
		}
		// Whoever writes an entity also reads it.
		for _, e := range r.Write {
			if !r.May(Read(e)) {
				t.Errorf("role %s writes %s without reading it", key, e)
			}
		}
	}
	if !RoleOf(Actor{Role: "clerk/collection"}).May(Write(EntityContribution)) || RoleOf(Actor{Role: "clerk/collection"}).May(Write(EntityPerson)) {
		t.Error("collection clerk's rights")
	}
	if r := RoleOf(Actor{Role: "viewer"}); !r.ReadOnly() || r.May(ReadFull(EntityPerson)) || !r.May(Read(EntityAudit)) {
		t.Errorf("viewer %+v", r)
	}
	if r := RoleOf(Actor{Role: "nonsense"}); r.May(Read(EntityRegion)) || r.FullID {
		t.Error("an unknown role has rights")
	}
	if r := RoleOf(SystemActor); !r.May(Write(EntityUser)) || !r.FullID {
		t.Error("the system actor is not an administrator")
	}
	citizen := Actor{Role: RoleCitizen, IDNo: "11010519491231002X"}
	if !citizen.SeesFullID("11010519491231002X") || citizen.SeesFullID("110105194912310011") {
		t.Error("a citizen sees their own number, and only theirs")
	}
	if (Actor{Role: RoleCitizen}).SeesFullID("") {
		t.Error("a citizen without number sees an empty number in full")
	}
	if (Actor{Role: "town"}).SeesFullID("11010519491231002X") || !(Actor{Role: "clerk/registration"}).SeesFullID("x") {
		t.Error("full numbers by role")
	}
	u := &User{Name: "lt", Role: RoleClerk, Line: LineBenefits, Region: "640106000000"}
	if a := u.Actor("192.0.2.1"); a.Role != "clerk/benefits" || a.Remote != "192.0.2.1" || RoleOf(a).Line != LineBenefits {
		t.Errorf("actor %+v", a)
	}
}
