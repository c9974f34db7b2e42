package policy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRulesReadNoClock: the rules of this package are pure (docs/ARCHITECTURE.md):
// the date a rule is computed on is an input, so that the same request gives
// the same answer on any day and a test or a re-run of a past month needs no
// clock. No non-test source here may call time.Now, shebao.Now or
// shebao.Today; a service that offers "today" passes it in.
func TestRulesReadNoClock(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			switch {
			case pkg.Name == "time" && sel.Sel.Name == "Now",
				pkg.Name == "shebao" && (sel.Sel.Name == "Now" || sel.Sel.Name == "Today"):
				t.Errorf("%s: %s.%s: a rule of package policy reads the clock; take the date as an input", fset.Position(sel.Pos()), pkg.Name, sel.Sel.Name)
			}
			return true
		})
	}
	if checked == 0 {
		t.Fatal("no source checked")
	}
}
