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

// wangID is the example number of GB 11643: a woman born on 1949-12-31.
const wangID = "11010519491231002X"

func TestPersons(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		h := NewServer(app.New(db), Options{Authenticate: asAdmin}).Handler()
		zhang3 := validID(t, "64010619800101001")   // 男
		zhang3f := validID(t, "64010619850505002")  // 女
		zhangWei := validID(t, "64010619900909003") // 男
		li4 := validID(t, "64010619700707004")      // 女
		unknown := validID(t, "64010620000101005")
		badCheck := wangID[:17] + "1"

		create := func(name, id, person string) scenario {
			return scenario{Name: name, Method: "POST", URL: "/api/v1/persons", Body: person,
				ExpectedStatus:  http.StatusCreated,
				ExpectedContent: []string{`"id_no":"` + id + `"`},
				ExpectedHeaders: map[string]string{"Location": "/api/v1/persons/" + id}}
		}
		runScenarios(t, h, []scenario{
			{
				Name: "create", Method: "POST", URL: "/api/v1/persons",
				Body:           `{"id_no":"11010519491231002X","name":"王秀英","hukou":"农业","region":"640106001001","phone":"13912345678","flags":["低保"]}`,
				ExpectedStatus: http.StatusCreated,
				ExpectedContent: []string{`"id_no":"11010519491231002X"`, `"name":"王秀英"`, `"sex":"女"`, `"birth":"1949-12-31"`,
					`"region":"640106001001"`, `"region_name":"魏家桥村"`, `"status":"正常"`, `"flags":["低保"]`, `"version":1`, `"source":"api"`},
				ExpectedHeaders: map[string]string{"Location": "/api/v1/persons/" + wangID},
			},
			create("create with matching sex and birth", zhang3,
				`{"id_no":"`+zhang3+`","name":"张三","sex":"男","birth":"1980-01-01","hukou":"居民","region":"640106001001"}`),
			create("create with short region code", zhang3f,
				`{"id_no":"`+zhang3f+`","name":"张三丰","hukou":"非农业","region":"640106001001"}`),
			create("create in another village", zhangWei,
				`{"id_no":"`+zhangWei+`","name":"张伟","hukou":"农村","region":"640106002001","flags":["被征地"]}`),
			create("create with lower-case id", li4,
				`{"id_no":"`+strings.ToLower(li4)+`","name":"李四","hukou":"农业","region":"640106002001"}`),

			{
				Name: "get by 18-digit number", Method: "GET", URL: "/api/v1/persons/" + wangID,
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"name":"王秀英"`, `"phone":"13912345678"`},
			},
			{
				Name: "get by lower-case x", Method: "GET", URL: "/api/v1/persons/11010519491231002x",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"id_no":"11010519491231002X"`},
			},
			{
				Name: "get by legacy 15-digit number", Method: "GET", URL: "/api/v1/persons/110105491231002",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"id_no":"11010519491231002X"`},
			},
			{
				Name: "get by full-width number", Method: "GET", URL: "/api/v1/persons/" + url.PathEscape("１１０１０５１９４９１２３１００２ｘ"),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"id_no":"11010519491231002X"`},
			},
			{
				Name: "get unknown person", Method: "GET", URL: "/api/v1/persons/" + unknown,
				ExpectedStatus:     http.StatusNotFound,
				ExpectedContent:    []string{`"code":"not_found"`, "未找到"},
				NotExpectedContent: []string{unknown},
			},
			{
				Name: "get invalid number", Method: "GET", URL: "/api/v1/persons/" + badCheck,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"code":"invalid"`, `"field":"身份证号"`, "校验码错误"},
			},

			{
				Name: "duplicate create", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"11010519491231002x","name":"王秀英","hukou":"农业","region":"640106002001"}`,
				ExpectedStatus:  http.StatusConflict,
				ExpectedContent: []string{`"code":"conflict"`, "身份证号1101**********002X已登记", "王秀英", "魏家桥村"},
			},
			{
				Name: "invalid check character", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + badCheck + `","name":"王秀英","hukou":"农业","region":"640106001001"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"code":"invalid"`, `"field":"身份证号"`, "校验码错误:末位应为X,实为1"},
			},
			{
				Name: "region that does not exist", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown + `","name":"赵六","hukou":"农业","region":"640106003001"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"所属区划"`, "区划640106003001不存在"},
			},
			{
				Name: "malformed region code", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown + `","name":"赵六","hukou":"农业","region":"6401x"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"所属区划"`},
			},
			{
				Name: "sex contradicting the number", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown + `","name":"赵六","sex":"女","hukou":"农业","region":"640106001001"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"性别"`, "与身份证号(男)不符"},
			},
			{
				Name: "birth contradicting the number", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown + `","name":"赵六","birth":"2000-01-02","hukou":"农业","region":"640106001001"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"出生日期"`},
			},
			{
				Name: "empty name", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown + `","name":"  ","hukou":"农业","region":"640106001001"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"姓名"`, "姓名不能为空"},
			},
			{
				Name: "unknown flag", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown + `","name":"赵六","hukou":"农业","region":"640106001001","flags":["富豪"]}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"标识"`, "未知的人员标识“富豪”"},
			},
			{
				Name: "unknown field", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown + `","nmae":"赵六","hukou":"农业","region":"640106001001"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"code":"invalid"`, `"field":"nmae"`, "未知字段“nmae”"},
			},
			{
				Name: "read-only field", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown + `","name":"赵六","hukou":"农业","region":"640106001001","version":7}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"version"`},
			},
			{
				Name: "wrong type", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":18,"name":"赵六"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{`"field":"id_no"`, "字段id_no应为字符串,实为数值"},
			},
			{
				Name: "truncated JSON", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{"不是完整的JSON"},
			},
			{
				Name: "malformed JSON", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no" "x"}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{"不是有效的JSON", "语法错误"},
			},
			{
				Name: "not an object", Method: "POST", URL: "/api/v1/persons",
				Body:            `["` + unknown + `"]`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{"请求内容应为JSON对象,实为数组"},
			},
			{
				Name: "two objects", Method: "POST", URL: "/api/v1/persons",
				Body:            `{"id_no":"` + unknown + `","name":"赵六","hukou":"农业","region":"640106001001"} {}`,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{"多余内容"},
			},
			{
				Name: "empty body", Method: "POST", URL: "/api/v1/persons",
				Headers:         map[string]string{"Content-Type": "application/json"},
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{"请求内容为空"},
			},
			{
				Name: "not JSON", Method: "POST", URL: "/api/v1/persons",
				Body:            `id_no=` + unknown,
				Headers:         map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
				ExpectedStatus:  http.StatusUnsupportedMediaType,
				ExpectedContent: []string{`"code":"invalid"`, "application/json"},
			},
			{
				Name: "oversize body", Method: "POST", URL: "/api/v1/persons",
				Body:            oversize,
				ExpectedStatus:  http.StatusRequestEntityTooLarge,
				ExpectedContent: []string{`"code":"invalid"`, "1 MiB"},
			},

			{
				Name: "patch name", Method: "PATCH", URL: "/api/v1/persons/11010519491231002x",
				Body:            `{"name":"王秀兰","reason":"户籍信息更正"}`,
				ExpectedStatus:  http.StatusOK,
				ExpectedContent: []string{`"name":"王秀兰"`, `"version":2`, `"hukou":"农业"`, `"flags":["低保"]`},
			},
			{
				Name: "history shows the old state and the change", Method: "GET", URL: "/api/v1/persons/" + wangID + "/history",
				ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"version":1`, `"actor":"system"`, `"source":"api"`, `"reason":"户籍信息更正"`,
					`"before":{"id_no":"11010519491231002X","name":"王秀英"`,
					`"changes":[{"field":"姓名","before":"王秀英","after":"王秀兰"}]`},
				ExpectedItems: items(1),
			},
			{
				Name: "history of a person never changed", Method: "GET", URL: "/api/v1/persons/" + zhang3 + "/history",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`{"items":[]}`},
			},
			{
				Name: "history of an unknown person", Method: "GET", URL: "/api/v1/persons/" + unknown + "/history",
				ExpectedStatus: http.StatusNotFound,
			},
			{
				Name: "patch with nothing to change", Method: "PATCH", URL: "/api/v1/persons/" + wangID,
				Body: `{}`, ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"version":2`},
			},
			{
				Name: "patch invalid hukou", Method: "PATCH", URL: "/api/v1/persons/" + wangID,
				Body: `{"hukou":"外星"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"户籍性质"`},
			},
			{
				Name: "patch to a region that does not exist", Method: "PATCH", URL: "/api/v1/persons/" + wangID,
				Body: `{"region":"640106003001"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"区划640106003001不存在"},
			},
			{
				Name: "patch deceased without date", Method: "PATCH", URL: "/api/v1/persons/" + wangID,
				Body: `{"status":"死亡"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"死亡日期"`},
			},
			{
				Name: "patch flags of the wrong type", Method: "PATCH", URL: "/api/v1/persons/" + wangID,
				Body: `{"flags":"低保"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"flags"`, "应为数组"},
			},
			{
				Name: "patch a read-only field", Method: "PATCH", URL: "/api/v1/persons/" + wangID,
				Body: `{"sex":"男"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"sex"`},
			},
			{
				Name: "patch unknown person", Method: "PATCH", URL: "/api/v1/persons/" + unknown,
				Body: `{"name":"赵六"}`, ExpectedStatus: http.StatusNotFound,
			},
			{
				Name: "patch oversize", Method: "PATCH", URL: "/api/v1/persons/" + wangID,
				Body: oversize, ExpectedStatus: http.StatusRequestEntityTooLarge,
			},

			{
				Name: "search all", Method: "GET", URL: "/api/v1/persons",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":5`, `"offset":0`, `"limit":50`}, ExpectedItems: items(5),
			},
			{
				Name: "search by name prefix", Method: "GET", URL: "/api/v1/persons?name=" + url.QueryEscape("张"),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":3`, "张三", "张三丰", "张伟"},
				NotExpectedContent: []string{"李四", "王秀兰"}, ExpectedItems: items(3),
			},
			{
				Name: "search by name prefix, first page", Method: "GET", URL: "/api/v1/persons?name=" + url.QueryEscape("张") + "&limit=2",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":3`, `"offset":0`, `"limit":2`}, ExpectedItems: items(2),
			},
			{
				Name: "search by name prefix, last page", Method: "GET", URL: "/api/v1/persons?name=" + url.QueryEscape("张") + "&limit=2&offset=2",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":3`, `"offset":2`, `"limit":2`, "张伟"}, ExpectedItems: items(1),
			},
			{
				Name: "search beyond the last page", Method: "GET", URL: "/api/v1/persons?name=" + url.QueryEscape("张") + "&offset=10",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"items":[]`, `"total":3`},
			},
			{
				Name: "search by longer name prefix", Method: "GET", URL: "/api/v1/persons?name=" + url.QueryEscape("张三"),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":2`}, NotExpectedContent: []string{"张伟"},
			},
			{
				Name: "search by town prefix", Method: "GET", URL: "/api/v1/persons?region=640106001",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":3`, "王秀兰", "张三"},
				NotExpectedContent: []string{"张伟", "李四"},
			},
			{
				Name: "search by village code", Method: "GET", URL: "/api/v1/persons?region=640106002001",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":2`, "张伟", "李四"},
			},
			{
				Name: "search by district prefix, name and page", Method: "GET",
				URL:            "/api/v1/persons?region=640106&name=" + url.QueryEscape("张") + "&limit=1&offset=1",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":3`, `"offset":1`, `"limit":1`}, ExpectedItems: items(1),
			},
			{
				Name: "search by flag", Method: "GET", URL: "/api/v1/persons?flag=" + url.QueryEscape("被征地"),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":1`, "张伟"},
			},
			{
				Name: "search by id number in lower case", Method: "GET", URL: "/api/v1/persons?id_no=11010519491231002x",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":1`, "王秀兰"},
			},
			{
				Name: "search by invalid id number", Method: "GET", URL: "/api/v1/persons?id_no=" + badCheck,
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"身份证号"`},
			},
			{
				Name: "search by unknown flag", Method: "GET", URL: "/api/v1/persons?flag=%25",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"标识"`},
			},
			{
				Name: "search by invalid region", Method: "GET", URL: "/api/v1/persons?region=99",
				ExpectedStatus: http.StatusBadRequest,
			},
			{
				Name: "limit zero", Method: "GET", URL: "/api/v1/persons?limit=0",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"limit"`, "1至1000"},
			},
			{
				Name: "limit too large", Method: "GET", URL: "/api/v1/persons?limit=1001",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"limit"`},
			},
			{
				Name: "limit not a number", Method: "GET", URL: "/api/v1/persons?limit=ten",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"limit"`},
			},
			{
				Name: "negative offset", Method: "GET", URL: "/api/v1/persons?offset=-1",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"offset"`},
			},
			{
				Name: "misspelt parameter", Method: "GET", URL: "/api/v1/persons?nmae=" + url.QueryEscape("张"),
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"nmae"`, "未知的查询参数"},
			},
			{
				Name: "repeated parameter", Method: "GET", URL: "/api/v1/persons?name=a&name=b",
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"重复"},
			},
		})
	})
}

// TestPersonsScoped checks that an actor of one village sees only its own
// people, through every person route.
func TestPersonsScoped(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		mine := validID(t, "64010619800101001")
		theirs := validID(t, "64010619900909003")
		for _, p := range []*shebao.Person{
			{IDNo: mine, Name: "张三", Hukou: "农业", Region: "640106001001"},
			{IDNo: theirs, Name: "张伟", Hukou: "农业", Region: "640106002001"},
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		village := shebao.Actor{Name: "cun01", Role: "village", Region: "640106001001"}
		h := NewServer(app.New(db), Options{Authenticate: actorAuth(village)}).Handler()
		runScenarios(t, h, []scenario{
			{Name: "own person", Method: "GET", URL: "/api/v1/persons/" + mine, ExpectedStatus: http.StatusOK},
			{
				Name: "person of another village", Method: "GET", URL: "/api/v1/persons/" + theirs,
				ExpectedStatus: http.StatusNotFound, NotExpectedContent: []string{"张伟", theirs},
			},
			{
				Name: "search excludes the other village", Method: "GET", URL: "/api/v1/persons?name=" + url.QueryEscape("张"),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":1`, "张三"},
				NotExpectedContent: []string{"张伟", theirs}, ExpectedItems: items(1),
			},
			{
				Name: "search of the other village by region", Method: "GET", URL: "/api/v1/persons?region=640106002001",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":0`, `"items":[]`},
			},
			{
				Name: "search of the other person by number", Method: "GET", URL: "/api/v1/persons?id_no=" + theirs,
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"total":0`},
			},
			{
				Name: "history of the other person", Method: "GET", URL: "/api/v1/persons/" + theirs + "/history",
				ExpectedStatus: http.StatusNotFound,
			},
			{
				Name: "patch the other person", Method: "PATCH", URL: "/api/v1/persons/" + theirs,
				Body: `{"name":"张冠李戴"}`, ExpectedStatus: http.StatusNotFound,
			},
			{
				Name: "move own person out of the jurisdiction", Method: "PATCH", URL: "/api/v1/persons/" + mine,
				Body: `{"region":"640106002001"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"不在您的管辖范围内"},
			},
			{
				Name: "register in the other village", Method: "POST", URL: "/api/v1/persons",
				Body:           `{"id_no":"` + wangID + `","name":"王秀英","hukou":"农业","region":"640106002001"}`,
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"不在您的管辖范围内"},
			},
			{
				Name: "register someone registered elsewhere", Method: "POST", URL: "/api/v1/persons",
				Body:           `{"id_no":"` + theirs + `","name":"张伟","hukou":"农业","region":"640106001001"}`,
				ExpectedStatus: http.StatusConflict, ExpectedContent: []string{"已在其他辖区登记"},
				NotExpectedContent: []string{"盈南村"},
			},
		})
	})
}
