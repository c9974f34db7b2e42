package report

import (
	"fmt"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sheet"
)

// Tables: every report as tables with Chinese headers, for the CLI's text
// and the .xlsx downloads (`--xlsx FILE`): codes are text, counts and
// amounts are numbers.

// Column types.
const (
	ColText  = "text"  // a name, a date
	ColCode  = "code"  // a region or scheme code: text, never a number
	ColCount = "count" // persons, enrollments, stays (int64)
	ColMoney = "money" // 元 with two decimals (shebao.Money)
	ColRate  = "rate"  // a percentage with two decimals (string, "" none)
)

// Column is one column of a table.
type Column struct {
	Header string `json:"header"`
	Type   string `json:"type"`
}

// Table is a titled table. A cell is a string (text, code, rate), an int64
// (count) or a shebao.Money (money).
type Table struct {
	Title   string   `json:"title"`
	Columns []Column `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

func cols(spec ...string) []Column {
	out := make([]Column, 0, len(spec)/2)
	for i := 0; i+1 < len(spec); i += 2 {
		out = append(out, Column{Header: spec[i], Type: spec[i+1]})
	}
	return out
}

func name(region, regionName string) string {
	if regionName != "" {
		return regionName
	}
	if region == "" {
		return "全库"
	}
	return region
}

// Tables writes a report as tables.
func Tables(v any) []Table {
	switch r := v.(type) {
	case *shebao.Stats:
		t := Table{Title: fmt.Sprintf("%s户籍人口与参保概况(%s)", name(r.Region.Code, r.Region.Name), r.AsOf),
			Columns: cols("区划代码", ColCode, "区划", ColText, "登记人数", ColCount, "其中死亡", ColCount, "参保人数", ColCount,
				"16周岁以上在世", ColCount, "养老保险参保", ColCount, "养老保险参保率(%)", ColRate)}
		row := func(code, nm string, c shebao.Coverage) []any {
			rate, _ := policy.Percent(int64(c.Pension), int64(c.Adults), 2)
			return []any{code, nm, int64(c.Persons), int64(c.Deceased), int64(c.Insured), int64(c.Adults), int64(c.Pension), rate}
		}
		t.Rows = append(t.Rows, row(r.Region.Code, name(r.Region.Code, r.Region.Name), r.Coverage))
		for _, c := range r.Children {
			t.Rows = append(t.Rows, row(c.Region.Code, c.Region.Name, c.Coverage))
		}
		if r.Direct != nil {
			t.Rows = append(t.Rows, row(r.Region.Code, "(直属)", *r.Direct))
		}
		s := Table{Title: "各险种参保登记(按状态)", Columns: cols("险种代码", ColCode, "险种", ColText, "参保缴费", ColCount, "暂停缴费", ColCount,
			"享受待遇", ColCount, "暂停发放", ColCount, "合计", ColCount)}
		for _, c := range r.Schemes {
			s.Rows = append(s.Rows, []any{c.Scheme, c.Name, int64(c.Active), int64(c.Suspended), int64(c.Benefit), int64(c.BenefitSuspended), int64(c.Open())})
		}
		h := Table{Title: "户籍性质", Columns: cols("户籍性质", ColText, "人数", ColCount)}
		for _, c := range r.ByHukou {
			h.Rows = append(h.Rows, []any{c.Hukou, int64(c.Persons)})
		}
		h.Rows = append(h.Rows, []any{"登记单位数", int64(r.Employers)})
		return []Table{t, s, h}
	case *Employment:
		t := Table{Title: fmt.Sprintf("%s就业与劳动力转移(%s至%s)", name(r.Region, r.RegionName), r.From, r.To),
			Columns: cols("区划代码", ColCode, "区划", ColText, "劳动年龄人口", ColCount, "就业", ColCount, "其中转移就业", ColCount, "外来务工(转入)", ColCount,
				"劳务输出在外", ColCount, "劳务输出返乡", ColCount, "务农", ColCount,
				"被征地农民(劳动年龄)", ColCount, "其中就业", ColCount, "被征地农民就业率(%)", ColRate,
				"登记失业", ColCount, "新增失业登记", ColCount, "终止失业登记", ColCount, "就业困难人员", ColCount,
				"零就业家庭", ColCount, "零就业家庭清零", ColCount, "公益性岗位安置", ColCount, "其中就业困难人员", ColCount,
				"公益性岗位补贴人数", ColCount, "公益性岗位补贴(元)", ColMoney,
				"培训结业", ColCount, "取得初级证书", ColCount, "取得中级证书", ColCount, "取得高级证书", ColCount, "职业培训补贴(元)", ColMoney,
				"社会保险补贴人数(单位招用、灵活就业)", ColCount, "社会保险补贴(元)", ColMoney)}
		for _, x := range r.Rows {
			t.Rows = append(t.Rows, []any{x.Region, name(x.Region, x.Name), x.WorkingAge, x.Employed, x.Transferred, x.TransferredIn,
				x.Exported, x.Returned, x.Farming,
				x.LandLost, x.LandLostEmployed, x.LandLostRate, x.Unemployed, x.UnemployedNew, x.UnemployedEnded, x.Hardship,
				x.ZeroHouseholds, x.ZeroCleared, x.Placements, x.HardshipPlaced, x.SubsidyPaidPeople, x.SubsidyPaid,
				x.TrainingCompleted, x.CertPrimary, x.CertIntermediate, x.CertSenior, x.TrainingSubsidyPaid,
				x.InsuranceSubsidyPeople, x.InsuranceSubsidyPaid})
		}
		return []Table{t}
	case *Assistance:
		t := Table{Title: fmt.Sprintf("%s社会救助(%s至%s)", name(r.Region, r.RegionName), r.From, r.To),
			Columns: cols("区划代码", ColCode, "区划", ColText, "城市低保户数", ColCount, "城市低保人数", ColCount,
				"农村低保户数", ColCount, "农村低保人数", ColCount, "低保金发放(元)", ColMoney,
				"临时救助(件)", ColCount, "临时救助金额(元)", ColMoney, "临时救助发放(元)", ColMoney,
				"特困供养人员", ColCount, "其中集中供养", ColCount, "其中分散供养", ColCount, "特困供养金发放(元)", ColMoney)}
		for _, x := range r.Rows {
			t.Rows = append(t.Rows, []any{x.Region, name(x.Region, x.Name), x.UrbanHouseholds, x.UrbanPersons, x.RuralHouseholds, x.RuralPersons,
				x.DibaoPaid, x.Reliefs, x.ReliefAmount, x.ReliefPaid, x.Tekun, x.TekunCentral, x.TekunDispersed, x.TekunPaid})
		}
		return []Table{t, medicalAidTable(r)}
	case *Insured:
		t := Table{Title: fmt.Sprintf("%s各险种参保人数(截至%s)", name(r.Region, r.RegionName), r.Date),
			Columns: cols("险种代码", ColCode, "险种", ColText, "在职(缴费)", ColCount, "退休(领取待遇)", ColCount, "合计", ColCount,
				"农业户籍", ColCount, "非农业户籍", ColCount, "居民户籍", ColCount)}
		for _, s := range r.Schemes {
			t.Rows = append(t.Rows, []any{s.Scheme, s.Name, s.Active, s.Retired, s.Total, s.ByHukou[shebao.HukouAgricultural].Total,
				s.ByHukou[shebao.HukouNonAgricultural].Total, s.ByHukou[shebao.HukouResident].Total})
		}
		return []Table{t}
	case *Enrollments:
		t := Table{Title: fmt.Sprintf("%s参保变动(%s至%s)", name(r.Region, r.RegionName), r.From, r.To),
			Columns: cols("险种代码", ColCode, "险种", ColText, "期初参保", ColCount, "新增参保", ColCount, "终止参保", ColCount,
				"新增待遇领取", ColCount, "期末参保", ColCount)}
		for _, s := range r.Schemes {
			t.Rows = append(t.Rows, []any{s.Scheme, s.Name, s.Opening, s.New, s.Stopped, s.Retired, s.Closing})
		}
		return []Table{t}
	case *Coverage:
		t := Table{Title: fmt.Sprintf("%s参保覆盖率(截至%s)", name(r.Region, r.RegionName), r.Date),
			Columns: cols("口径", ColText, "参保人数", ColCount, "应参保人数", ColCount, "覆盖率(%)", ColRate, "应参保人数来源", ColText)}
		t.Rows = append(t.Rows, []any{"养老保险(16周岁以上在世登记人口)", r.Registry.Insured, r.Registry.Eligible, r.Registry.Rate, "户籍登记"})
		for _, m := range r.Measures {
			t.Rows = append(t.Rows, []any{m.Name, m.Insured, m.Eligible, m.Rate, m.Source})
		}
		c := Table{Title: "下级区划养老保险参保率", Columns: cols("区划代码", ColCode, "区划", ColText, "参保人数", ColCount,
			"16周岁以上在世", ColCount, "参保率(%)", ColRate)}
		for _, ch := range r.Children {
			c.Rows = append(c.Rows, []any{ch.Region, ch.Name, ch.Insured, ch.Eligible, ch.Rate})
		}
		return []Table{t, c}
	case *Contributions:
		t := Table{Title: fmt.Sprintf("%s基金征缴(%s至%s)", name(r.Region, r.RegionName), r.From, r.To),
			Columns: cols("区划代码", ColCode, "区划", ColText, "应缴额(元)", ColMoney, "实缴额(元)", ColMoney, "期末欠缴额(元)", ColMoney)}
		t.Rows = append(t.Rows, []any{r.Region, name(r.Region, r.RegionName), r.Assessed, r.Collected, r.Arrears})
		for _, c := range r.Children {
			t.Rows = append(t.Rows, []any{c.Region, c.Name, c.Assessed, c.Collected, c.Arrears})
		}
		s := Table{Title: "实缴额按险种", Columns: cols("险种代码", ColCode, "险种", ColText, "实缴额(元)", ColMoney)}
		for _, c := range r.CollectedBy {
			s.Rows = append(s.Rows, []any{c.Scheme, c.Name, c.Amount})
		}
		return []Table{t, s}
	case *Benefits:
		t := Table{Title: fmt.Sprintf("%s待遇发放(%s至%s)", name(r.Region, r.RegionName), r.From, r.To),
			Columns: cols("险种代码", ColCode, "险种", ColText, "待遇项目", ColText, "发放人次", ColCount, "末月领取人数", ColCount,
				"发放金额(元)", ColMoney, "补发金额(元)", ColMoney)}
		for _, k := range r.Kinds {
			t.Rows = append(t.Rows, []any{k.Scheme, k.SchemeName, k.KindName, k.Payments, k.Beneficiaries, k.Amount, k.BackPay})
		}
		c := Table{Title: "下级区划", Columns: cols("区划代码", ColCode, "区划", ColText, "末月领取人数", ColCount, "发放金额(元)", ColMoney)}
		for _, ch := range r.Children {
			c.Rows = append(c.Rows, []any{ch.Region, ch.Name, ch.Beneficiaries, ch.Amount})
		}
		return []Table{t, c}
	case *shebao.MedicalReport:
		head := cols("险种代码", ColCode, "险种", ColText, "区划代码", ColCode, "区划", ColText, "住院人次", ColCount, "住院人数", ColCount,
			"门诊人次", ColCount, "医疗总费用(元)", ColMoney, "政策范围内费用(元)", ColMoney, "统筹基金报销(元)", ColMoney,
			"个人账户支付(元)", ColMoney, "次均报销(元)", ColMoney)
		row := func(s shebao.MedicalStats) []any {
			return []any{s.Scheme, s.SchemeName, s.Region, s.RegionName, int64(s.Stays), int64(s.Persons), int64(s.Outpatient),
				s.TotalCost, s.Eligible, s.Reimbursed, s.AccountPaid, s.PerStay}
		}
		t := Table{Title: fmt.Sprintf("%s医疗费用报销(%s至%s,按出院月份)", name(r.Region, r.RegionName), r.From, r.To), Columns: head}
		for _, s := range r.Schemes {
			t.Rows = append(t.Rows, row(s))
		}
		c := Table{Title: "下级区划", Columns: head}
		for _, s := range r.Children {
			c.Rows = append(c.Rows, row(s))
		}
		l := Table{Title: "按医院等级", Columns: cols("险种代码", ColCode, "险种", ColText, "医院等级", ColText, "住院人次", ColCount,
			"门诊人次", ColCount, "医疗总费用(元)", ColMoney, "统筹基金报销(元)", ColMoney, "个人账户支付(元)", ColMoney)}
		for _, s := range r.Levels {
			l.Rows = append(l.Rows, []any{s.Scheme, s.SchemeName, s.LevelName, int64(s.Stays), int64(s.Outpatient), s.TotalCost, s.Reimbursed, s.AccountPaid})
		}
		a := Table{Title: "医疗救助(一站式结算,按出院日期)", Columns: cols("区划代码", ColCode, "区划", ColText, "救助人数", ColCount,
			"救助人次", ColCount, "医疗救助支付(元)", ColMoney)}
		for _, x := range r.Aid {
			a.Rows = append(a.Rows, []any{x.Region, name(x.Region, x.RegionName), x.Persons, x.Claims, x.Paid})
		}
		return []Table{t, c, l, a}
	case *shebao.LandReport:
		head := cols("区划代码", ColCode, "名称", ColText, "批次", ColCount, "应安置", ColCount, "名单人数", ColCount, "已参保", ColCount,
			"未落实", ColCount, "按月领取", ColCount, "应筹资金(元)", ColMoney, "到账资金(元)", ColMoney, "资金缺口(元)", ColMoney,
			"平均滞后天数", ColText, "最长滞后天数", ColCount)
		row := func(code, nm string, f shebao.LandFigures) []any {
			return []any{code, nm, int64(f.Batches), int64(f.PersonsToSecure), int64(f.OnRoster), int64(f.Enrolled), int64(f.Unsecured),
				int64(f.Receiving), f.Required, f.Received, f.Gap, fmt.Sprintf("%.1f", f.AvgLagDays), int64(f.WorstLagDays)}
		}
		t := Table{Title: fmt.Sprintf("被征地农民基本生活保障(截至%s)", r.AsOf), Columns: head}
		for _, b := range r.Batches {
			t.Rows = append(t.Rows, row(b.Region, b.ApprovalNo+" "+b.RegionName, b.LandFigures))
		}
		for _, v := range r.Villages {
			t.Rows = append(t.Rows, row(v.Region, v.Name, v.LandFigures))
		}
		for _, tw := range r.Towns {
			t.Rows = append(t.Rows, row(tw.Region, tw.Name, tw.LandFigures))
		}
		t.Rows = append(t.Rows, row(r.Total.Region, name(r.Total.Region, r.Total.Name), r.Total.LandFigures))
		return []Table{t}
	case *shebao.TransferReport:
		head := cols("区划代码", ColCode, "名称", ColText, "承包耕地(亩)", ColText, "流转耕地(亩)", ColText, "流转比例(%)", ColRate,
			"流转面积(各地类,亩)", ColText, "流转合同", ColCount, "流转出户数", ColCount, "流转出户人口", ColCount,
			"年租金(元)", ColMoney, "人均租金收入(元/年)", ColMoney)
		row := func(code, nm string, f shebao.TransferFigures) []any {
			return []any{code, nm, f.ArableMu, f.TransferredMu, f.SharePercent, f.AllTransferredMu, int64(f.Contracts),
				int64(f.Households), int64(f.Persons), f.RentYearly, f.RentPerCapita}
		}
		t := Table{Title: fmt.Sprintf("%s土地承包经营权流转(%s)", name(r.Region, r.RegionName), r.Date), Columns: head}
		t.Rows = append(t.Rows, row(r.Region, name(r.Region, r.RegionName), r.TransferFigures))
		for _, c := range r.Children {
			t.Rows = append(t.Rows, row(c.Code, c.Name, c.TransferFigures))
		}
		share := func(title string, ss []shebao.TransferShare) Table {
			x := Table{Title: title, Columns: cols("类别", ColText, "流转合同", ColCount, "流转面积(亩)", ColText)}
			for _, s := range ss {
				x.Rows = append(x.Rows, []any{s.Name, int64(s.Contracts), s.TransferredMu})
			}
			return x
		}
		return []Table{t, share("按流转方式", r.ByForm), share("按受入方类型", r.ByTransferee)}
	case *Funds:
		t := Table{Title: fmt.Sprintf("基金收支、结余与抗风险支付能力(截至%s)", r.Date),
			Columns: cols("基金", ColCode, "名称", ColText, "近12个月收入(元)", ColMoney, "近12个月支出(元)", ColMoney,
				"基金结余(元)", ColMoney, "个人账户(元)", ColMoney, "累计结余(元)", ColMoney, "月均支出(元)", ColMoney, "抗风险支付能力(月)", ColRate)}
		for _, f := range r.Funds {
			months := ""
			if f.Months != nil {
				months = *f.Months
			}
			t.Rows = append(t.Rows, []any{f.Fund, f.Name, f.Income12, f.Expenditure12, f.Balance, f.IndividualAccounts, f.Accumulated,
				f.MonthlyExpenditure, months})
		}
		return []Table{t}
	case *Subsidies:
		t := Table{Title: fmt.Sprintf("%s政府、集体补贴(%s至%s)", name(r.Region, r.RegionName), r.From, r.To),
			Columns: cols("项目", ColText, "出资方", ColText, "金额(元)", ColMoney, "人数", ColCount)}
		for _, l := range r.Lines {
			t.Rows = append(t.Rows, []any{l.Item, l.Payer, l.Amount, l.Persons})
		}
		t.Rows = append(t.Rows, []any{"合计", shebao.PayerGovernment, r.Government, int64(0)}, []any{"合计", shebao.PayerCollective, r.Collective, int64(0)})
		c := Table{Title: "下级区划(城乡居民缴费补贴)", Columns: cols("区划代码", ColCode, "区划", ColText, "政府(元)", ColMoney, "集体(元)", ColMoney)}
		for _, ch := range r.Children {
			c.Rows = append(c.Rows, []any{ch.Region, ch.Name, ch.Government, ch.Collective})
		}
		return []Table{t, c}
	case *Ranking:
		t := Table{Title: fmt.Sprintf("%s下级区划排名:%s(%s至%s)", name(r.Region, r.RegionName), r.Indicator.Name, r.From, r.To)}
		if r.Indicator.Rate {
			t.Columns = cols("名次", ColCount, "区划代码", ColCode, "区划", ColText, "参保率(%)", ColRate, "分子", ColCount, "分母", ColCount)
		} else {
			t.Columns = cols("名次", ColCount, "区划代码", ColCode, "区划", ColText, r.Indicator.Name+"("+r.Indicator.Unit+")", valueType(r.Indicator))
		}
		for _, row := range r.Rows {
			t.Rows = append(t.Rows, append([]any{int64(row.Rank), row.Region, row.Name}, valueCells(r.Indicator, row.Value)...))
		}
		return []Table{t}
	case *Trend:
		t := Table{Title: fmt.Sprintf("%s逐月趋势:%s", name(r.Region, r.RegionName), r.Indicator.Name)}
		if r.Indicator.Rate {
			t.Columns = cols("月份", ColText, "参保率(%)", ColRate, "分子", ColCount, "分母", ColCount)
		} else {
			t.Columns = cols("月份", ColText, r.Indicator.Name+"("+r.Indicator.Unit+")", valueType(r.Indicator))
		}
		for _, m := range r.Months {
			t.Rows = append(t.Rows, append([]any{m.Month}, valueCells(r.Indicator, m.Value)...))
		}
		return []Table{t}
	}
	return nil
}

func valueType(ind Indicator) string {
	if ind.Unit == "元" {
		return ColMoney
	}
	return ColCount
}

func valueCells(ind Indicator, v Value) []any {
	switch {
	case ind.Rate:
		return []any{v.Rate, v.Num, v.Den}
	case ind.Unit == "元":
		return []any{shebao.Money(v.Num)}
	}
	return []any{v.Num}
}

// Sections converts tables for sheet.WriteSections: codes and texts stay
// text, counts are numbers without decimals, amounts numbers of 元 with
// two, rates numbers with two (a percentage: 96.91).
func Sections(ts []Table) []sheet.Section {
	out := make([]sheet.Section, 0, len(ts))
	for _, t := range ts {
		s := sheet.Section{Title: t.Title}
		for _, c := range t.Columns {
			s.Header = append(s.Header, c.Header)
		}
		for _, r := range t.Rows {
			row := make([]any, len(r))
			for i, c := range r {
				switch v := c.(type) {
				case int64:
					row[i] = sheet.Number{Value: float64(v)}
				case shebao.Money:
					row[i] = sheet.Money(int64(v))
				case string:
					row[i] = v
					if i < len(t.Columns) && t.Columns[i].Type == ColRate && v != "" {
						if f, err := strconv.ParseFloat(v, 64); err == nil {
							row[i] = sheet.Number{Value: f, Places: 2}
						}
					}
				default:
					row[i] = fmt.Sprint(v)
				}
			}
			s.Rows = append(s.Rows, row)
		}
		out = append(out, s)
	}
	return out
}

// Text writes a cell as the CLI prints it.
func Text(c any) string {
	switch v := c.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case shebao.Money:
		return v.String()
	case string:
		return v
	}
	return fmt.Sprint(c)
}

// medicalAidTable is the 医疗救助 of the social assistance report (medaid):
// persons, claims and amount by region.
func medicalAidTable(r *Assistance) Table {
	t := Table{Title: "医疗救助(一站式结算,按出院日期)", Columns: cols("区划代码", ColCode, "区划", ColText, "救助人数", ColCount,
		"救助人次", ColCount, "医疗救助支付(元)", ColMoney)}
	for _, x := range r.Rows {
		t.Rows = append(t.Rows, []any{x.Region, name(x.Region, x.Name), x.MedicalAidFigures.Persons, x.MedicalAidFigures.Claims, x.MedicalAidFigures.Paid})
	}
	return t
}
