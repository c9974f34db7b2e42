package shebao

import "testing"

func TestIDDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"11010519491231002X", "11010519491231002X", 0},
		{"11010519491231002X", "11010519491231003X", 1},
		{"11010519491231002X", "11010519491213002X", 1}, // 31 ↔ 13 adjacent swap
		{"11010519491231002X", "11010519491231012Y", 2},
		{"11010519491231002X", "1101051949123100", 99},
	}
	for _, tt := range tests {
		if got := IDDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("IDDistance(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLikelyDuplicate(t *testing.T) {
	base := &Person{IDNo: "640106195803120213", Name: "马德福", Birth: "1958-03-12", Sex: "男", Region: "640106100201"}
	swap := &Person{IDNo: "640106195803210213", Name: "马德福", Birth: "1958-03-21", Sex: "男", Region: "640106100201"}
	sameBirth := &Person{IDNo: "640106195803124411", Name: "马德福", Birth: "1958-03-12", Sex: "男", Region: "640106100201"}
	other := &Person{IDNo: "640106195803124411", Name: "马得福", Birth: "1958-03-12", Sex: "男", Region: "640106100201"}
	if _, s := LikelyDuplicate(base, swap); s != 95 {
		t.Errorf("swap score %d", s)
	}
	if _, s := LikelyDuplicate(base, sameBirth); s != 80 {
		t.Errorf("same birth score %d", s)
	}
	if _, s := LikelyDuplicate(base, other); s != 0 {
		t.Errorf("different name score %d", s)
	}
}
