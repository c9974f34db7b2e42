package sqldb

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// notRecounted are the functions that write a counted table without
// calling recount themselves, each with the reason it is right.
var notRecounted = map[string]string{
	"writeAssessment":     "runs inside WriteAssessment's recount of the bills it rewrites",
	"assessBillsQuery":    "builds the INSERT of the bills that writeAssessment runs inside WriteAssessment's recount",
	"allocate":            "runs inside Allocate's recount of the payer's bills",
	"enrollmentEvent":     "its callers (closeEnrollment, ChangeEnrollment, MoveEnrollment) recount the person around it",
	"MarkReleased":        "sets the status of payments and back pays (已发放), which no counter reads",
	"CreateSettlements":   "sets the settlement a claim is paid to the hospital with, which no counter reads",
	"rebuildLaborChunk":   "runs inside RebuildLaborDerived's recount of the chunk's lines of the register",
	"saveLaborEntry":      "runs inside SaveLaborEntries' recount of the persons' lines of the register",
	"syncAssistMembers":   "runs inside UpdateAssistCase's recount of the case",
	"MarkTrainingSubsidy": "sets the subsidy batch of completions, which no counter reads",
	"insertEmployers":     "inserts new employers (a duplicate fails the insert): no enrollment refers to them yet, so they count nothing before",
	"ContractingData":     "SET version = version: locks the parcels it reads, changes nothing",
	"TransferData":        "SET version = version: locks the parcels and transfers it reads, changes nothing",
}

var writeSQL = regexp.MustCompile(`(?i)\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z_]+)`)

// TestEveryCountedWriteRecounts reads sqldb's own source: every statement
// that writes a table a counter family reads (counterFamilies) — an
// INSERT, UPDATE or DELETE in a string, or a bulkInsert of the table —
// must sit in a function that calls recount, or be listed above with the
// reason it need not. A new write path that forgets the statistics fails
// here before it can make a figure wrong.
func TestEveryCountedWriteRecounts(t *testing.T) {
	counted := map[string]string{}
	for _, f := range counterFamilies {
		for _, table := range f.tables {
			counted[table] = f.name
		}
	}
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	files := pkgs["sqldb"].Files
	// The bulk tables declared as variables, by name.
	bulkVars := map[string]string{}
	tableOf := func(e ast.Expr) string {
		cl, ok := e.(*ast.CompositeLit)
		if !ok {
			return ""
		}
		if id, ok := cl.Type.(*ast.Ident); !ok || id.Name != "bulkTable" {
			return ""
		}
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "name" {
					if lit, ok := kv.Value.(*ast.BasicLit); ok {
						s, _ := strconv.Unquote(lit.Value)
						return s
					}
				}
			}
		}
		return ""
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok {
				for i, v := range vs.Values {
					if tbl := tableOf(v); tbl != "" && i < len(vs.Names) {
						bulkVars[vs.Names[i].Name] = tbl
					}
				}
			}
			return true
		})
	}
	var problems []string
	checked := 0
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			recounts := false
			var writes []string
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
						switch sel.Sel.Name {
						case "recount", "recountCreated", "recountTransfers", "recountLand":
							recounts = true
						case "bulkInsert":
							if len(x.Args) >= 2 {
								tbl := tableOf(x.Args[1])
								if id, ok := x.Args[1].(*ast.Ident); ok {
									tbl = bulkVars[id.Name]
								}
								if counted[tbl] != "" {
									writes = append(writes, "bulkInsert "+tbl)
								}
							}
						}
					}
				case *ast.BasicLit:
					if x.Kind == token.STRING {
						s, _ := strconv.Unquote(x.Value)
						for _, m := range writeSQL.FindAllStringSubmatch(s, -1) {
							if tbl := strings.ToLower(m[2]); counted[tbl] != "" {
								writes = append(writes, strings.ToUpper(strings.Join(strings.Fields(m[1]), " "))+" "+tbl)
							}
						}
					}
				}
				return true
			})
			if len(writes) == 0 {
				continue
			}
			checked++
			if recounts {
				continue
			}
			if reason, ok := notRecounted[fn.Name.Name]; ok && reason != "" {
				continue
			}
			pos := fset.Position(fn.Pos())
			problems = append(problems, pos.Filename+": "+fn.Name.Name+" writes "+strings.Join(writes, ", ")+" without recount")
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 10 {
		t.Errorf("only %d functions write counted tables: the check is not finding them", checked)
	}
}
