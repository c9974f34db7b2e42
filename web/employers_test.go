package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// fujianUSCC is a valid code (the standard's example, a Fujian company).
const fujianUSCC = "91350100M000100Y43"

func TestEmployers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		h := NewServer(app.New(db), Options{Authenticate: asAdmin}).Handler()
		jiancai := validUSCC(t, "91640106MA0000001")
		unknown := validUSCC(t, "91640106MA0000009")
		badCheck := fujianUSCC[:17] + "0"

		runScenarios(t, h, []scenario{
			{
				Name: "create", Method: "POST", URL: "/api/v1/employers",
				Body:           `{"uscc":"91350100M000100Y43","name":"丰登农机合作社","industry":"农业","risk_class":2,"region":"640106001000","contact":"马明","phone":"0951-5012345","address":"丰登镇"}`,
				ExpectedStatus: http.StatusCreated,
				ExpectedContent: []string{`"uscc":"91350100M000100Y43"`, `"name":"丰登农机合作社"`, `"risk_class":2`,
					`"region":"640106001000"`, `"region_name":"丰登镇"`, `"version":1`},
				ExpectedHeaders: map[string]string{"Location": "/api/v1/employers/" + fujianUSCC},
			},
			{
				Name: "create with lower-case code", Method: "POST", URL: "/api/v1/employers",
				Body:            `{"uscc":"` + strings.ToLower(jiancai) + `","name":"良田建材有限公司","risk_class":4,"region":"640106002000"}`,
				ExpectedStatus:  http.StatusCreated,
				ExpectedContent: []string{`"uscc":"` + jiancai + `"`},
				ExpectedHeaders: map[string]string{"Location": "/api/v1/employers/" + jiancai},
			},
			{
				Name: "get", Method: "GET", URL: "/api/v1/employers/" + fujianUSCC,
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"name":"丰登农机合作社"`, `"contact":"马明"`},
			},
			{
				Name: "get by lower-case code", Method: "GET", URL: "/api/v1/employers/" + strings.ToLower(fujianUSCC),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"uscc":"91350100M000100Y43"`},
			},
			{
				Name: "get unknown", Method: "GET", URL: "/api/v1/employers/" + unknown,
				ExpectedStatus: http.StatusNotFound, ExpectedContent: []string{`"code":"not_found"`, "未找到"},
			},
			{
				Name: "get invalid code", Method: "GET", URL: "/api/v1/employers/" + badCheck,
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"统一社会信用代码"`, "校验码错误"},
			},
			{
				Name: "duplicate", Method: "POST", URL: "/api/v1/employers",
				Body:            `{"uscc":"` + fujianUSCC + `","name":"另一家","risk_class":1,"region":"640106002000"}`,
				ExpectedStatus:  http.StatusConflict,
				ExpectedContent: []string{`"code":"conflict"`, "统一社会信用代码91350100M000100Y43已登记(丰登农机合作社)"},
			},
			{
				Name: "invalid code", Method: "POST", URL: "/api/v1/employers",
				Body:            `{"uscc":"` + badCheck + `","name":"某公司","risk_class":1,"region":"640106002000"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"统一社会信用代码"`, "校验码错误"},
			},
			{
				Name: "risk class 0", Method: "POST", URL: "/api/v1/employers",
				Body:            `{"uscc":"` + unknown + `","name":"某公司","region":"640106002000"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"行业风险类别"`, "应为1至8,实为0"},
			},
			{
				Name: "risk class not an integer", Method: "POST", URL: "/api/v1/employers",
				Body:            `{"uscc":"` + unknown + `","name":"某公司","risk_class":2.5,"region":"640106002000"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"risk_class"`, "应为整数"},
			},
			{
				Name: "region that does not exist", Method: "POST", URL: "/api/v1/employers",
				Body:            `{"uscc":"` + unknown + `","name":"某公司","risk_class":1,"region":"640106003000"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"所属区划"`, "不存在"},
			},
			{
				Name: "empty name", Method: "POST", URL: "/api/v1/employers",
				Body:            `{"uscc":"` + unknown + `","risk_class":1,"region":"640106002000"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"单位名称"`},
			},
			{
				Name: "unknown field", Method: "POST", URL: "/api/v1/employers",
				Body:            `{"uscc":"` + unknown + `","name":"某公司","risk_class":1,"region":"640106002000","legal_person":"某人"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"legal_person"`, "未知字段"},
			},
			{
				Name: "malformed JSON", Method: "POST", URL: "/api/v1/employers",
				Body: `{"uscc":}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"不是有效的JSON"},
			},
			{
				Name: "oversize body", Method: "POST", URL: "/api/v1/employers",
				Body: oversize, ExpectedStatus: http.StatusRequestEntityTooLarge,
			},
			{
				Name: "patch name and risk class", Method: "PATCH", URL: "/api/v1/employers/" + strings.ToLower(fujianUSCC),
				Body:            `{"name":"丰登镇农机专业合作社","risk_class":3,"reason":"营业执照变更"}`,
				ExpectedStatus:  http.StatusOK,
				ExpectedContent: []string{`"name":"丰登镇农机专业合作社"`, `"risk_class":3`, `"version":2`, `"contact":"马明"`},
			},
			{
				Name: "patch risk class 9", Method: "PATCH", URL: "/api/v1/employers/" + fujianUSCC,
				Body: `{"risk_class":9}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"行业风险类别"`},
			},
			{
				Name: "patch risk class 0", Method: "PATCH", URL: "/api/v1/employers/" + fujianUSCC,
				Body: `{"risk_class":0}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"行业风险类别"`},
			},
			{
				Name: "patch unknown field", Method: "PATCH", URL: "/api/v1/employers/" + fujianUSCC,
				Body: `{"uscc":"` + unknown + `"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"uscc"`},
			},
			{
				Name: "patch unknown employer", Method: "PATCH", URL: "/api/v1/employers/" + unknown,
				Body: `{"name":"某公司"}`, ExpectedStatus: http.StatusNotFound,
			},
			{
				Name: "patch oversize", Method: "PATCH", URL: "/api/v1/employers/" + fujianUSCC,
				Body: oversize, ExpectedStatus: http.StatusRequestEntityTooLarge,
			},
			{
				Name: "search all", Method: "GET", URL: "/api/v1/employers",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":2`}, ExpectedItems: items(2),
			},
			{
				Name: "search by name", Method: "GET", URL: "/api/v1/employers?name=" + url.QueryEscape("建材"),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":1`, "良田建材有限公司"},
				NotExpectedContent: []string{"合作社"},
			},
			{
				Name: "search by region", Method: "GET", URL: "/api/v1/employers?region=640106001",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":1`, "丰登镇农机专业合作社"},
			},
			{
				Name: "search by code", Method: "GET", URL: "/api/v1/employers?uscc=" + strings.ToLower(jiancai),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":1`, jiancai},
			},
			{
				Name: "search with paging", Method: "GET", URL: "/api/v1/employers?limit=1&offset=1",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":2`, `"offset":1`, `"limit":1`}, ExpectedItems: items(1),
			},
			{
				Name: "search with bad paging", Method: "GET", URL: "/api/v1/employers?offset=x",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"offset"`},
			},
			{
				Name: "search with unknown parameter", Method: "GET", URL: "/api/v1/employers?flag=1",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"flag"`},
			},
		})
	})
}

func TestEmployersScoped(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		mine := validUSCC(t, "91640106MA0000001")
		theirs := validUSCC(t, "91640106MA0000002")
		for _, e := range []*shebao.Employer{
			{USCC: mine, Name: "丰登农机合作社", RiskClass: 2, Region: "640106001000"},
			{USCC: theirs, Name: "良田建材有限公司", RiskClass: 4, Region: "640106002000"},
		} {
			if err := db.CreateEmployer(admin, e); err != nil {
				t.Fatal(err)
			}
		}
		town := shebao.Actor{Name: "zhen01", Role: "town", Region: "640106001000"}
		h := NewServer(app.New(db), Options{Authenticate: actorAuth(town)}).Handler()
		runScenarios(t, h, []scenario{
			{Name: "own employer", Method: "GET", URL: "/api/v1/employers/" + mine, ExpectedStatus: http.StatusOK},
			{Name: "employer of another town", Method: "GET", URL: "/api/v1/employers/" + theirs, ExpectedStatus: http.StatusNotFound},
			{
				Name: "search excludes the other town", Method: "GET", URL: "/api/v1/employers",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":1`}, NotExpectedContent: []string{"良田建材"},
			},
			{
				Name: "patch the other town's employer", Method: "PATCH", URL: "/api/v1/employers/" + theirs,
				Body: `{"risk_class":1}`, ExpectedStatus: http.StatusNotFound,
			},
		})
	})
}
