package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPI loads the served document and checks it against the route
// table: every route is documented, nothing undocumented is served, path
// parameters are declared, every $ref resolves, and every operation
// documents its errors.
func TestOpenAPI(t *testing.T) {
	h := NewServer(nil, Options{Authenticate: refuseAll}).Handler()
	rec := scenario{Name: "openapi", Method: "GET", URL: "/api/v1/openapi.json", ExpectedStatus: http.StatusOK}.test(t, h)

	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	if v, _ := doc["openapi"].(string); !regexp.MustCompile(`^3\.0\.\d+$`).MatchString(v) {
		t.Errorf("openapi = %q, want 3.0.x", v)
	}
	for _, k := range []string{"info", "paths", "components"} {
		if _, ok := doc[k].(map[string]any); !ok {
			t.Fatalf("no %s object", k)
		}
	}
	paths := doc["paths"].(map[string]any)
	components := doc["components"].(map[string]any)

	schemas, _ := components["schemas"].(map[string]any)
	for _, name := range []string{"Person", "Employer", "Region", "Error", "ListEnvelope", "PersonList", "EmployerList", "RegionList"} {
		if _, ok := schemas[name]; !ok {
			t.Errorf("schema %s missing", name)
		}
	}

	// The mux serves exactly the table's routes (each request reaches its
	// own pattern), so checking the table checks what is served.
	s := NewServer(nil, Options{})
	for _, rt := range routes {
		_, pattern := s.mux.Handler(httptest.NewRequest(rt.Method, sampleURL(rt.Path), nil))
		if pattern != rt.Pattern() {
			t.Errorf("%s %s reaches mux pattern %q, want %q", rt.Method, sampleURL(rt.Path), pattern, rt.Pattern())
		}
	}

	// Every route is documented, with its path parameters and its errors.
	served := map[string]bool{}
	for _, rt := range routes {
		served[rt.Path+" "+strings.ToLower(rt.Method)] = true
		item, ok := paths[rt.Path].(map[string]any)
		if !ok {
			t.Errorf("route %s: path %s not in the document", rt.Pattern(), rt.Path)
			continue
		}
		op, ok := item[strings.ToLower(rt.Method)].(map[string]any)
		if !ok {
			t.Errorf("route %s: no %s operation", rt.Pattern(), strings.ToLower(rt.Method))
			continue
		}
		declared := map[string]bool{}
		for _, list := range []any{item["parameters"], op["parameters"]} {
			ps, _ := list.([]any)
			for _, p := range ps {
				pm := resolve(t, doc, p)
				if pm["in"] == "path" {
					declared[pm["name"].(string)] = true
					if pm["required"] != true {
						t.Errorf("route %s: path parameter %s not required", rt.Pattern(), pm["name"])
					}
				}
			}
		}
		for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(rt.Path, -1) {
			if !declared[m[1]] {
				t.Errorf("route %s: path parameter %s not declared", rt.Pattern(), m[1])
			}
		}
		responses, _ := op["responses"].(map[string]any)
		if len(responses) == 0 {
			t.Errorf("route %s: no responses", rt.Pattern())
		}
		if !rt.Public {
			for _, code := range []string{"400", "401", "500"} {
				if _, ok := responses[code]; !ok {
					t.Errorf("route %s: response %s not documented", rt.Pattern(), code)
				}
			}
			if strings.Contains(rt.Path, "{") && rt.Method == "GET" {
				if _, ok := responses["404"]; !ok {
					t.Errorf("route %s: 404 not documented", rt.Pattern())
				}
			}
		}
		if rt.Method == "POST" || rt.Method == "PUT" || rt.Method == "PATCH" {
			if _, ok := op["requestBody"]; !ok {
				t.Errorf("route %s: no requestBody", rt.Pattern())
			}
			for _, code := range []string{"413", "415"} {
				if _, ok := responses[code]; !ok {
					t.Errorf("route %s: response %s not documented", rt.Pattern(), code)
				}
			}
		}
	}
	// Nothing documented that is not served.
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	for path, item := range paths {
		for k := range item.(map[string]any) {
			if slices.Contains(methods, k) && !served[path+" "+k] {
				t.Errorf("documented %s %s is not a route", strings.ToUpper(k), path)
			}
		}
	}
	// Every $ref points at something.
	walk(doc, func(ref string) {
		if resolveRef(doc, ref) == nil {
			t.Errorf("$ref %s does not resolve", ref)
		}
	})
}

// resolve follows a {"$ref": …} object to its target.
func resolve(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	m, _ := v.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		target := resolveRef(doc, ref)
		if target == nil {
			t.Fatalf("$ref %s does not resolve", ref)
		}
		return target
	}
	return m
}

// resolveRef returns the object a local reference "#/a/b" names, or nil.
func resolveRef(doc map[string]any, ref string) map[string]any {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var cur any = doc
	for _, part := range strings.Split(rest, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]
	}
	m, _ := cur.(map[string]any)
	return m
}

// walk calls fn with every $ref in v.
func walk(v any, fn func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "$ref" {
				fn(s)
			}
			walk(x, fn)
		}
	case []any:
		for _, x := range v {
			walk(x, fn)
		}
	}
}
