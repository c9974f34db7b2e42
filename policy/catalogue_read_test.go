package policy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// notYetRead are catalogue keys that no code reads yet, each with the work
// that will read it.
var notYetRead = map[string]string{}

// keyLike is the shape of a policy key: lower-case words joined by dots.
var keyLike = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// setReaders are the names of policy.Set's reading methods.
var setReaders = []string{"Get", "Money", "Rate", "Int", "Decimal", "Table"}

// Every key of the catalogue is read by some code, and code reads no key
// outside it. A key counts as read where it is a string literal in a
// non-test Go source of the module (outside the catalogue and the table
// types, which declare keys), or where policy.SchemeKey builds it: a call
// with a scheme known only at run time builds the key for every scheme
// code. A key-shaped literal passed to a Set reading method, and every key
// SchemeKey builds with a literal scheme, must be in the catalogue; a
// SchemeKey call with a run-time scheme must build at least one.
func TestCatalogueKeysAreRead(t *testing.T) {
	catalogue := map[string]bool{}
	for _, d := range policy.Catalogue {
		catalogue[d.Key] = true
	}
	var codes []string
	for _, s := range shebao.Schemes {
		codes = append(codes, s.Code)
	}
	read := map[string][]string{} // key → where
	fset := token.NewFileSet()
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || rel == "policy/catalogue.go" || rel == "policy/tables.go" {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		literal := func(e ast.Expr) (string, bool) {
			if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				return s, err == nil
			}
			return "", false
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, ok := literal(n); ok && catalogue[s] {
					read[s] = append(read[s], fset.Position(n.Pos()).String())
				}
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "policy" && name == "SchemeKey" {
						name = "policy.SchemeKey"
					}
				case *ast.Ident:
					if rel[:strings.LastIndex(rel, "/")+1] == "policy/" {
						name = "policy." + fn.Name
					}
				}
				where := fset.Position(n.Pos()).String()
				switch {
				case name == "policy.SchemeKey" && len(n.Args) == 3:
					prefix, ok1 := literal(n.Args[0])
					item, ok2 := literal(n.Args[2])
					if !ok1 || !ok2 {
						t.Errorf("%s: policy.SchemeKey needs a literal prefix and item", where)
						return true
					}
					schemes := codes
					if s, ok := literal(n.Args[1]); ok {
						schemes = []string{s}
					}
					built := 0
					for _, s := range schemes {
						if k := policy.SchemeKey(prefix, s, item); catalogue[k] {
							read[k] = append(read[k], where)
							built++
						} else if len(schemes) == 1 {
							t.Errorf("%s: reads %q, which is not in the catalogue", where, k)
						}
					}
					if built == 0 && len(schemes) > 1 {
						t.Errorf("%s: policy.SchemeKey(%q, …, %q) builds no key of the catalogue", where, prefix, item)
					}
				case slices.Contains(setReaders, name) && len(n.Args) > 0:
					if s, ok := literal(n.Args[0]); ok && keyLike.MatchString(s) && !catalogue[s] {
						t.Errorf("%s: reads %q, which is not in the catalogue", where, s)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range policy.Catalogue {
		_, known := notYetRead[d.Key]
		switch {
		case len(read[d.Key]) == 0 && !known:
			t.Errorf("catalogue key %q (%s) is read by no code: read it, or drop it from the catalogue and default.toml (a key built at run time must go through policy.SchemeKey)", d.Key, d.Name)
		case len(read[d.Key]) > 0 && known:
			t.Errorf("catalogue key %q is read now (%s): remove it from notYetRead", d.Key, read[d.Key][0])
		}
	}
}
