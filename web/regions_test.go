package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func TestRegions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := NewServer(app.New(db), Options{Authenticate: asAdmin}).Handler()
		// The tree is built through the API itself, parents first.
		var seed []scenario
		for _, r := range testRegions {
			seed = append(seed, scenario{
				Name: "create " + r.Name, Method: "PUT", URL: "/api/v1/regions/" + r.Code,
				Body:            `{"name":"` + r.Name + `"}`,
				ExpectedStatus:  http.StatusCreated,
				ExpectedContent: []string{`"code":"` + r.Code + `"`, `"name":"` + r.Name + `"`},
				ExpectedHeaders: map[string]string{"Location": "/api/v1/regions/" + r.Code},
			})
		}
		runScenarios(t, h, seed)
		runScenarios(t, h, []scenario{
			{
				Name: "level and parent follow from the code", Method: "GET", URL: "/api/v1/regions/640106001001",
				ExpectedStatus:  http.StatusOK,
				ExpectedContent: []string{`{"code":"640106001001","name":"魏家桥村","level":5,"parent":"640106001000"}`},
			},
			{
				Name: "get by short code", Method: "GET", URL: "/api/v1/regions/640106",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"name":"金凤区"`, `"level":3`},
			},
			{
				Name: "get unknown", Method: "GET", URL: "/api/v1/regions/640106003000",
				ExpectedStatus: http.StatusNotFound, ExpectedContent: []string{`"code":"not_found"`, "区划640106003000不存在"},
			},
			{
				Name: "get invalid code", Method: "GET", URL: "/api/v1/regions/6401x",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"区划代码"`},
			},
			{
				Name: "rename", Method: "PUT", URL: "/api/v1/regions/640106002000",
				Body: `{"name":"良田镇人民政府"}`, ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"name":"良田镇人民政府"`},
			},
			{
				Name: "rename back", Method: "PUT", URL: "/api/v1/regions/640106002000",
				Body: `{"name":"良田镇"}`, ExpectedStatus: http.StatusOK,
			},
			{
				Name: "same name again", Method: "PUT", URL: "/api/v1/regions/640106002000",
				Body: `{"name":"良田镇"}`, ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"level":4`},
			},
			{
				Name: "parent missing", Method: "PUT", URL: "/api/v1/regions/640106003001",
				Body: `{"name":"无主村"}`, ExpectedStatus: http.StatusBadRequest,
				ExpectedContent: []string{`"field":"区划代码"`, "上级区划640106003000不存在"},
			},
			{
				Name: "invalid code", Method: "PUT", URL: "/api/v1/regions/640006001000",
				Body: `{"name":"错层"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"层级不一致"},
			},
			{
				Name: "empty name", Method: "PUT", URL: "/api/v1/regions/640106002002",
				Body: `{"name":" "}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"区划名称不能为空"},
			},
			{
				Name: "level in the body", Method: "PUT", URL: "/api/v1/regions/640106002002",
				Body: `{"name":"新村","level":5}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"level"`, "未知字段"},
			},
			{
				Name: "malformed JSON", Method: "PUT", URL: "/api/v1/regions/640106002002",
				Body: `{name:"新村"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"不是有效的JSON"},
			},
			{
				Name: "oversize body", Method: "PUT", URL: "/api/v1/regions/640106002002",
				Body: oversize, ExpectedStatus: http.StatusRequestEntityTooLarge,
			},
			{
				Name: "all", Method: "GET", URL: "/api/v1/regions",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":7`, `"offset":0`, `"limit":50`}, ExpectedItems: items(7),
			},
			{
				Name: "children", Method: "GET", URL: "/api/v1/regions?parent=640106",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":2`, "丰登镇", "良田镇"},
				NotExpectedContent: []string{"魏家桥村"},
			},
			{
				Name: "jurisdiction", Method: "GET", URL: "/api/v1/regions?prefix=640106&limit=2&offset=2",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":5`, `"offset":2`, `"limit":2`, "魏家桥村", "良田镇"},
				ExpectedItems: items(2),
			},
			{
				Name: "level", Method: "GET", URL: "/api/v1/regions?level=5",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":2`, "魏家桥村", "盈南村"},
			},
			{
				Name: "name", Method: "GET", URL: "/api/v1/regions?name=" + url.QueryEscape("田"),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":1`, "良田镇"},
			},
			{
				Name: "bad level", Method: "GET", URL: "/api/v1/regions?level=6",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"level"`},
			},
			{
				Name: "bad parent", Method: "GET", URL: "/api/v1/regions?parent=abc",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"上级区划"`},
			},
			{
				Name: "bad limit", Method: "GET", URL: "/api/v1/regions?limit=-5",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"limit"`},
			},
			{
				Name: "unknown parameter", Method: "GET", URL: "/api/v1/regions?code=640106",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"code"`},
			},
		})
	})
}

// TestRegionsScoped: every actor reads the whole tree, but writes only in
// its jurisdiction.
func TestRegionsScoped(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		town := shebao.Actor{Name: "zhen01", Role: "town", Region: "640106001000"}
		h := NewServer(app.New(db), Options{Authenticate: actorAuth(town)}).Handler()
		runScenarios(t, h, []scenario{
			{Name: "read outside", Method: "GET", URL: "/api/v1/regions/640106002001", ExpectedStatus: http.StatusOK},
			{Name: "list all", Method: "GET", URL: "/api/v1/regions", ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":7`}},
			{
				Name: "create inside", Method: "PUT", URL: "/api/v1/regions/640106001002",
				Body: `{"name":"新村"}`, ExpectedStatus: http.StatusCreated,
			},
			{
				Name: "create outside", Method: "PUT", URL: "/api/v1/regions/640106002002",
				Body: `{"name":"新村"}`, ExpectedStatus: http.StatusForbidden, ExpectedContent: []string{`"code":"forbidden"`, "辖区以外"},
			},
			{
				Name: "rename outside", Method: "PUT", URL: "/api/v1/regions/640106002000",
				Body: `{"name":"改名镇"}`, ExpectedStatus: http.StatusForbidden,
			},
		})
	})
}
