package shebao

import (
	"fmt"
	"sort"
	"time"
)

// The 城乡建设用地增减挂钩 project ledger (docs/DOMAIN.md §8; 城乡建设用地增减
// 挂钩试点管理办法, 国土资发〔2008〕138号): a project area (项目区) pairs the
// homesteads of rural households demolished and reclaimed as farmland (拆旧)
// with new urban construction land (建新). New construction uses a turnover
// quota (周转指标) issued to the project, which the project returns by
// accepted reclamation (复垦验收) within the period in policy
// (transfer.linkage_return_years). Areas are hundredths of a 亩.

// Project statuses.
const (
	ProjectOpen   = "实施中"
	ProjectClosed = "已关闭"
)

// Kinds of the entries of a project's ledger.
const (
	EntryIssue   = "下达" // turnover quota issued
	EntryUse     = "使用" // quota used for new construction (建新)
	EntryReclaim = "复垦" // area of a plot reclaimed as farmland
	EntryAccept  = "验收" // area of a plot accepted by the 复垦验收
)

// LandProject is a 增减挂钩 project area with its plots and ledger.
type LandProject struct {
	Code       string         `json:"code"`
	Name       string         `json:"name"`
	Region     string         `json:"region_code"`
	RegionName string         `json:"region_name,omitempty"`
	Status     string         `json:"status"`
	ClosedOn   string         `json:"closed_on,omitempty"`
	Plots      []ProjectPlot  `json:"plots"`
	Entries    []ProjectEntry `json:"entries"`
	Version    int            `json:"version"`
	// Resettlements of the 拆旧 households (安置), and for each household
	// head whose village has converted into an urban community (村改居)
	// the conversion and the head's lump sum (read by the store).
	Resettlements []ProjectResettlement         `json:"resettlements"`
	Conversions   map[string]*ProjectConversion `json:"-"`
}

// Modes of resettlement (安置方式) of a 拆旧 household: money (货币安置: an
// amount, no dwelling), a flat in a resettlement community (集中安置: its
// unit, and optionally money, e.g. a price difference), or building on a
// new homestead in the planned settlement (自建: the new 宅基地编号, and
// optionally a building subsidy).
const (
	ResettleMoney = "货币安置"
	ResettleFlat  = "集中安置"
	ResettleBuild = "自建"
)

// ProjectResettlement is how a 拆旧 household was resettled.
type ProjectResettlement struct {
	HeadIDNo string `json:"head_id_no"`
	Mode     string `json:"mode"`
	Unit     string `json:"unit,omitempty"` // the flat (集中安置) or the new homestead (自建)
	Amount   Money  `json:"amount"`
	On       string `json:"date"`
	Note     string `json:"note,omitempty"`
}

// NewResettlement is a resettlement as entered (amount in 元).
type NewResettlement struct {
	HeadIDNo string `json:"head_id_no"`
	Mode     string `json:"mode"`
	Unit     string `json:"unit,omitempty"`
	Amount   string `json:"amount,omitempty"`
	On       string `json:"date"`
	Note     string `json:"note,omitempty"`
}

// ProjectConversion links a 拆旧 household to 村改居: its village's
// conversion date and whether the head joined the conversion's lump-sum
// employee pension, and whether it is paid in full.
type ProjectConversion struct {
	ConvertedOn string `json:"converted_on"`
	Joined      bool   `json:"lumpsum_joined"`
	Paid        bool   `json:"lumpsum_paid"`
}

// ProjectPlot is a homestead of the 拆旧 part.
type ProjectPlot struct {
	PlotNo       string `json:"plot_no"` // 宅基地编号
	HeadIDNo     string `json:"head_id_no"`
	HeadName     string `json:"head_name,omitempty"`
	Household    string `json:"household_id,omitempty"` // 户号
	Region       string `json:"region_code"`            // the household's village
	RegionName   string `json:"region_name,omitempty"`
	Homestead    Area   `json:"homestead_mu"` // 0.01 亩
	Demolished   Area   `json:"demolished_mu"`
	Compensation Money  `json:"compensation"`
	// Version counts the plot's corrections (import projectplots); Source
	// is the import row or "api" that wrote it last.
	Version int    `json:"version"`
	Source  string `json:"-"`
}

// ProjectPlotChange is a correction of a plot by an import row: the plot
// as it was, as it becomes, and what changed.
type ProjectPlotChange struct {
	Old     *ProjectPlot
	New     ProjectPlot
	Changes []Change
}

// ProjectHead is a registered person who may head a 拆旧 household: the
// name, the village and the 户号 of the household the person heads ("" when
// none is registered).
type ProjectHead struct {
	IDNo, Name, Region, Household string
}

// ProjectEntry is an entry of a project's ledger, keyed by its 文号.
type ProjectEntry struct {
	DocNo  string `json:"doc_no"`
	Kind   string `json:"kind"`
	PlotNo string `json:"plot_no,omitempty"`
	Area   Area   `json:"area_mu"` // 0.01 亩
	On     string `json:"date"`
	Note   string `json:"note,omitempty"`
}

// Totals of a project (or of a village, a household) on a date, in 0.01 亩.
type ProjectTotals struct {
	Homestead    Area  `json:"homestead_mu"`
	Demolished   Area  `json:"demolished_mu"`
	Reclaimed    Area  `json:"reclaimed_mu"`
	Accepted     Area  `json:"accepted_mu"`
	Compensation Money `json:"compensation"`
}

// ProjectQuota is a quota issue with what has been returned of it on the
// date: accepted reclamation is set against the issues oldest first.
type ProjectQuota struct {
	DocNo    string `json:"doc_no"`
	IssuedOn string `json:"issued_on"`
	Area     Area   `json:"area_mu"`
	Returned Area   `json:"returned_mu"`
	// DueOn is the last day to return it (issued + the period in years).
	DueOn string `json:"due_on"`
	// Overdue: the date is after DueOn and part of the quota is not returned.
	Overdue     bool   `json:"overdue"`
	DaysOverdue int    `json:"days_overdue,omitempty"`
	Explanation string `json:"explanation"`
}

// ProjectProgress is the state of a project on a date: the quota issued,
// used and returned, the 拆旧 progress per village and per household, and
// whether it may close (accepted reclaimed area ≥ area used: 耕地不减少).
type ProjectProgress struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Region      string `json:"region_code"`
	RegionName  string `json:"region_name,omitempty"`
	Status      string `json:"status"`
	ClosedOn    string `json:"closed_on,omitempty"`
	Date        string `json:"date"`
	ReturnYears int    `json:"return_years"`
	Issued      Area   `json:"issued_mu"`
	Used        Area   `json:"used_mu"`
	ProjectTotals
	Households int `json:"households"`
	// Resettled counts the households resettled by mode; ResettleAmount
	// is the money of their resettlements; Converted the households whose
	// village converted (村改居).
	Resettled      map[string]int     `json:"resettled"`
	ResettleAmount Money              `json:"resettlement_amount"`
	Converted      int                `json:"converted_households"`
	Quotas         []ProjectQuota     `json:"quotas"`
	OverdueArea    Area               `json:"overdue_mu"` // quota overdue and not returned
	Closable       bool               `json:"closable"`
	Shortfall      Area               `json:"shortfall_mu"` // area used less accepted, when positive
	Villages       []ProjectGroup     `json:"villages"`
	Homes          []ProjectHousehold `json:"households_detail"`
}

// ProjectGroup is a village's part of the 拆旧.
type ProjectGroup struct {
	Region     string `json:"region_code"`
	RegionName string `json:"region_name"`
	Households int    `json:"households"`
	ProjectTotals
}

// ProjectHousehold is a household's part of the 拆旧 (all its plots).
type ProjectHousehold struct {
	HeadIDNo   string   `json:"head_id_no"`
	HeadName   string   `json:"head_name"`
	Household  string   `json:"household_id,omitempty"`
	Region     string   `json:"region_code"`
	RegionName string   `json:"region_name"`
	Plots      []string `json:"plots"`
	ProjectTotals
	Resettlement *ProjectResettlement `json:"resettlement,omitempty"`
	Conversion   *ProjectConversion   `json:"village_conversion,omitempty"`
}

// Progress computes the project's state on the date (entries after it are
// left out) with quotas returned within years of their issue.
func (p *LandProject) Progress(on string, years int) (*ProjectProgress, error) {
	d, err := time.Parse(DateLayout, on)
	if err != nil {
		return nil, FieldErrorf("日期", "日期“%s”无效,应为YYYY-MM-DD", on)
	}
	out := &ProjectProgress{Code: p.Code, Name: p.Name, Region: p.Region, RegionName: p.RegionName, Status: p.Status,
		ClosedOn: p.ClosedOn, Date: on, ReturnYears: years, Quotas: []ProjectQuota{}, Villages: []ProjectGroup{}, Homes: []ProjectHousehold{}}
	reclaimed, accepted := map[string]Area{}, map[string]Area{}
	entries := append([]ProjectEntry(nil), p.Entries...)
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].On < entries[j].On })
	for _, e := range entries {
		if e.On > on {
			continue
		}
		switch e.Kind {
		case EntryIssue:
			due, _ := time.Parse(DateLayout, e.On)
			out.Quotas = append(out.Quotas, ProjectQuota{DocNo: e.DocNo, IssuedOn: e.On, Area: e.Area,
				DueOn: due.AddDate(years, 0, 0).Format(DateLayout)})
			out.Issued += e.Area
		case EntryUse:
			out.Used += e.Area
		case EntryReclaim:
			reclaimed[e.PlotNo] += e.Area
		case EntryAccept:
			accepted[e.PlotNo] += e.Area
		}
	}
	villages, homes := map[string]*ProjectGroup{}, map[string]*ProjectHousehold{}
	for _, pl := range p.Plots {
		t := ProjectTotals{Homestead: pl.Homestead, Demolished: pl.Demolished, Reclaimed: reclaimed[pl.PlotNo],
			Accepted: accepted[pl.PlotNo], Compensation: pl.Compensation}
		out.ProjectTotals.add(t)
		v := villages[pl.Region]
		if v == nil {
			v = &ProjectGroup{Region: pl.Region, RegionName: pl.RegionName}
			villages[pl.Region] = v
		}
		v.add(t)
		h := homes[pl.HeadIDNo]
		if h == nil {
			h = &ProjectHousehold{HeadIDNo: pl.HeadIDNo, HeadName: pl.HeadName, Household: pl.Household, Region: pl.Region,
				RegionName: pl.RegionName}
			homes[pl.HeadIDNo] = h
			v.Households++
			out.Households++
		}
		h.Plots = append(h.Plots, pl.PlotNo)
		h.add(t)
	}
	for _, v := range villages {
		out.Villages = append(out.Villages, *v)
	}
	sort.Slice(out.Villages, func(i, j int) bool { return out.Villages[i].Region < out.Villages[j].Region })
	out.Resettled = map[string]int{}
	for i := range p.Resettlements {
		r := &p.Resettlements[i]
		if h := homes[r.HeadIDNo]; h != nil && r.On <= on {
			h.Resettlement = r
			out.Resettled[r.Mode]++
			out.ResettleAmount += r.Amount
		}
	}
	for id, c := range p.Conversions {
		if h := homes[id]; h != nil && c.ConvertedOn <= on {
			h.Conversion = c
			out.Converted++
		}
	}
	for _, h := range homes {
		out.Homes = append(out.Homes, *h)
	}
	sort.Slice(out.Homes, func(i, j int) bool {
		if out.Homes[i].Region != out.Homes[j].Region {
			return out.Homes[i].Region < out.Homes[j].Region
		}
		return out.Homes[i].HeadIDNo < out.Homes[j].HeadIDNo
	})
	// Accepted reclamation returns the quotas oldest first.
	closed := p.Status == ProjectClosed && p.ClosedOn != "" && p.ClosedOn <= on
	left := out.Accepted
	for i := range out.Quotas {
		q := &out.Quotas[i]
		q.Returned = min(left, q.Area)
		left -= q.Returned
		due, _ := time.Parse(DateLayout, q.DueOn)
		open := q.Area - q.Returned
		switch {
		case open > 0 && closed:
			q.Explanation = fmt.Sprintf("%s下达周转指标%s亩,已验收归还%s亩;项目已于%s关闭(验收复垦面积不少于建新使用面积),其余%s亩未使用的指标随之核销",
				q.IssuedOn, q.Area, q.Returned, p.ClosedOn, open)
		case open > 0 && d.After(due):
			q.Overdue = true
			q.DaysOverdue = int(d.Sub(due).Hours() / 24)
			out.OverdueArea += open
			q.Explanation = fmt.Sprintf("%s下达周转指标%s亩,应于%d年内(至%s)归还,已验收归还%s亩,尚欠%s亩,逾期%d天",
				q.IssuedOn, q.Area, years, q.DueOn, q.Returned, open, q.DaysOverdue)
		case open > 0:
			q.Explanation = fmt.Sprintf("%s下达周转指标%s亩,已验收归还%s亩,尚欠%s亩,应于%s前(含当日)归还",
				q.IssuedOn, q.Area, q.Returned, open, q.DueOn)
		default:
			q.Explanation = fmt.Sprintf("%s下达周转指标%s亩,已全部验收归还", q.IssuedOn, q.Area)
		}
	}
	out.Closable = out.Accepted >= out.Used
	if !out.Closable {
		out.Shortfall = out.Used - out.Accepted
	}
	return out, nil
}

// Area is an area in hundredths of a 亩 (as policy.Mu, which the root
// cannot import); it is written with two decimals, in JSON as a string.
type Area int64

// String writes the area with two decimals: "7.50".
func (a Area) String() string { return Money(a).String() }

// MarshalJSON writes the area as a string with two decimals.
func (a Area) MarshalJSON() ([]byte, error) { return []byte(`"` + a.String() + `"`), nil }

func (t *ProjectTotals) add(o ProjectTotals) {
	t.Homestead += o.Homestead
	t.Demolished += o.Demolished
	t.Reclaimed += o.Reclaimed
	t.Accepted += o.Accepted
	t.Compensation += o.Compensation
}

// NewProjectPlot is a homestead entered into a project's 拆旧 part: the
// household by its 户主, the areas in 亩 and the compensation in 元.
type NewProjectPlot struct {
	PlotNo       string `json:"plot_no"`
	HeadIDNo     string `json:"head_id_no"`
	Homestead    string `json:"homestead_mu"`
	Demolished   string `json:"demolished_mu"`
	Compensation string `json:"compensation"`
}

// NewProjectEntry is an entry of a project's ledger as entered (area in 亩).
type NewProjectEntry struct {
	DocNo  string `json:"doc_no"`
	Kind   string `json:"kind"`
	PlotNo string `json:"plot_no,omitempty"`
	Area   string `json:"area_mu"`
	On     string `json:"date"`
	Note   string `json:"note,omitempty"`
}
