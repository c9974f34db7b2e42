package transfer

import (
	"context"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// The 城乡建设用地增减挂钩 project ledger (docs/DOMAIN.md §8, issue #17 item
// 7): a project area run by a town or the district, its 拆旧 homesteads
// (households of the registry), and a ledger of entries by document
// number: the turnover quota issued (下达) and used for new construction
// (使用), the area of each homestead reclaimed (复垦) and accepted (验收).
// Rules: the quota used never exceeds the quota issued; a plot's reclaimed
// area never exceeds its demolished area, nor its accepted area its
// reclaimed area; the project closes only when the accepted area is at
// least the area used (耕地不减少); a quota not returned by accepted
// reclamation within transfer.linkage_return_years of its issue is
// flagged. Entries are idempotent by 文号.

// CreateLandProject registers a project area (created false when the same
// project exists already).
func (s *Service) CreateLandProject(ctx context.Context, in shebao.LandProject) (*shebao.LandProject, bool, error) {
	if _, err := s.begin(ctx, "landproject.create", shebao.EntityContracting); err != nil {
		return nil, false, err
	}
	p := shebao.LandProject{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), Status: shebao.ProjectOpen}
	if p.Code == "" {
		return nil, false, shebao.FieldErrorf("项目编号", "项目编号不能为空")
	}
	if p.Name == "" {
		return nil, false, shebao.FieldErrorf("项目名称", "项目名称不能为空")
	}
	r, err := idno.ParseRegion(strings.TrimSpace(in.Region))
	if err != nil {
		return nil, false, shebao.FieldErrorf("区划代码", "%s", err.Error())
	}
	if r.Level > 4 {
		return nil, false, shebao.FieldErrorf("区划代码", "项目区由乡镇或区县实施,区划代码%s是村级", r.Code)
	}
	p.Region = r.Code
	var out *shebao.LandProject
	created := false
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CheckRegion(ctx, "区划代码", p.Region); err != nil {
			return err
		}
		old, err := s.store.LandProjectData(ctx, p.Code)
		if err != nil {
			return err
		}
		if old != nil {
			if old.Name != p.Name || old.Region != p.Region {
				return shebao.Errorf(shebao.ECONFLICT, "项目编号%s已登记为“%s”(%s),与本次不符", old.Code, old.Name, old.Region)
			}
			out = old
			return nil
		}
		if err := s.store.InsertLandProject(ctx, &p); err != nil {
			return err
		}
		out, created = &p, true
		return nil
	})
	return out, created, err
}

// openProject reads the project for a write: it must exist in the
// jurisdiction and not be closed.
func (s *Service) openProject(ctx context.Context, code string) (*shebao.LandProject, error) {
	p, err := s.store.LandProjectData(ctx, strings.TrimSpace(code))
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &shebao.Error{Code: shebao.ENOTFOUND, Field: "项目编号", Message: "未找到增减挂钩项目" + code}
	}
	if err := s.store.CheckRegion(ctx, "项目编号", p.Region); err != nil {
		return nil, &shebao.Error{Code: shebao.ENOTFOUND, Field: "项目编号", Message: "未找到增减挂钩项目" + code}
	}
	return p, nil
}

// AddProjectPlot enters a homestead into the project's 拆旧 part: the
// household is found by its 户主 in the registry and must live in the
// project's region; the demolished area is at most the homestead's.
// created is false when the same plot is there already.
func (s *Service) AddProjectPlot(ctx context.Context, code string, in shebao.NewProjectPlot) (*shebao.ProjectPlot, bool, error) {
	if _, err := s.begin(ctx, "landproject.plot", shebao.EntityContracting); err != nil {
		return nil, false, err
	}
	pl, err := parsePlot(in)
	if err != nil {
		return nil, false, err
	}
	var out *shebao.ProjectPlot
	created := false
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.openProject(ctx, code)
		if err != nil {
			return err
		}
		for i := range p.Plots {
			if old := &p.Plots[i]; old.PlotNo == pl.PlotNo {
				if old.HeadIDNo != pl.HeadIDNo || old.Homestead != pl.Homestead || old.Demolished != pl.Demolished ||
					old.Compensation != pl.Compensation {
					return shebao.Errorf(shebao.ECONFLICT, "宅基地%s已登记(户主%s,宅基地%s亩,拆旧%s亩,补偿%s元),与本次不符",
						old.PlotNo, old.HeadName, old.Homestead, old.Demolished, old.Compensation)
				}
				out = old
				return nil
			}
		}
		if p.Status == shebao.ProjectClosed {
			return shebao.Errorf(shebao.ECONFLICT, "项目%s已于%s关闭,不能再登记拆旧户", p.Code, p.ClosedOn)
		}
		name, region, household, found, err := s.store.ProjectHead(ctx, pl.HeadIDNo)
		if err != nil {
			return err
		}
		if !found {
			return shebao.FieldErrorf("户主身份证号", "户主%s未在人员库登记", idno.MaskID(pl.HeadIDNo))
		}
		pr, _ := idno.ParseRegion(p.Region)
		if !strings.HasPrefix(region, pr.Prefix()) {
			return shebao.FieldErrorf("户主身份证号", "户主%s所在村(%s)不在项目区%s(%s)内", name, region, p.Name, p.Region)
		}
		pl.HeadName, pl.Region, pl.Household = name, region, household
		if err := s.store.InsertProjectPlot(ctx, p, pl); err != nil {
			return err
		}
		out, created = &pl, true
		return nil
	})
	return out, created, err
}

// parsePlot checks a 拆旧 homestead as entered: the 宅基地编号, the head's
// 身份证号, the areas (the demolished at most the homestead's) and the
// compensation.
func parsePlot(in shebao.NewProjectPlot) (shebao.ProjectPlot, error) {
	pl := shebao.ProjectPlot{PlotNo: strings.TrimSpace(in.PlotNo), Version: 1}
	if pl.PlotNo == "" {
		return pl, shebao.FieldErrorf("宅基地编号", "宅基地编号不能为空")
	}
	id, err := idno.ParseID(strings.TrimSpace(in.HeadIDNo), shebao.Today())
	if err != nil {
		return pl, shebao.FieldErrorf("户主身份证号", "%s", err.Error())
	}
	pl.HeadIDNo = id.Number
	home, err := policy.ParseMu(in.Homestead)
	if err != nil || home <= 0 {
		return pl, shebao.FieldErrorf("宅基地面积", "宅基地面积“%s”应为大于0的亩数(至多两位小数)", in.Homestead)
	}
	dem, err := policy.ParseMu(in.Demolished)
	if err != nil || dem <= 0 {
		return pl, shebao.FieldErrorf("拆旧面积", "拆旧面积“%s”应为大于0的亩数(至多两位小数)", in.Demolished)
	}
	if dem > home {
		return pl, shebao.FieldErrorf("拆旧面积", "拆旧面积%s亩超过宅基地面积%s亩", dem, home)
	}
	pl.Homestead, pl.Demolished = shebao.Area(home), shebao.Area(dem)
	if c := strings.TrimSpace(in.Compensation); c != "" {
		if pl.Compensation, err = shebao.ParseYuan(c); err != nil || pl.Compensation < 0 {
			return pl, shebao.FieldErrorf("补偿金额", "补偿金额“%s”应为不小于0的元数(至多两位小数)", c)
		}
	}
	return pl, nil
}

// ImportProjectPlots stores a chunk of 拆旧 homesteads of the project read
// from a file (`shebao import projectplots FILE --project CODE`), sources[i]
// being the import row of in[i]. Plots are keyed by 宅基地编号 within the
// project: a repeated row is unchanged; a corrected one updates the
// homestead and demolished areas and the compensation, keeping the previous
// state (land_project_plot_versions) — not below what has been reclaimed
// of it, and not for another head (a plot belongs to its household; a new
// household is a new plot). A bad row is rejected with the field and the
// reason and the others land. A closed project takes no new or corrected
// plot. The project itself must exist in the jurisdiction, or nothing is
// read.
func (s *Service) ImportProjectPlots(ctx context.Context, code string, in []shebao.NewProjectPlot, sources []string) (out []shebao.Outcome, errs []error, err error) {
	if _, err := s.begin(ctx, "landproject.plot", shebao.EntityContracting); err != nil {
		return nil, nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(in)), make([]error, len(in))
		p, err := s.openProject(ctx, code)
		if err != nil {
			return err
		}
		planned := make([]*shebao.ProjectPlot, len(in))
		var ids []string
		for i, np := range in {
			pl, err := parsePlot(np)
			if err != nil {
				errs[i] = err
				continue
			}
			pl.Source = sources[i]
			planned[i] = &pl
			ids = append(ids, pl.HeadIDNo)
		}
		heads, err := s.store.ProjectHeads(ctx, distinct(ids))
		if err != nil {
			return err
		}
		old := map[string]*shebao.ProjectPlot{}
		for i := range p.Plots {
			old[p.Plots[i].PlotNo] = &p.Plots[i]
		}
		reclaimed := map[string]shebao.Area{}
		for _, e := range p.Entries {
			if e.Kind == shebao.EntryReclaim {
				reclaimed[e.PlotNo] += e.Area
			}
		}
		pr, _ := idno.ParseRegion(p.Region)
		var news []shebao.ProjectPlot
		var changes []shebao.ProjectPlotChange
		for i, pl := range planned {
			if pl == nil {
				continue
			}
			out[i], errs[i] = planPlot(p, pr.Prefix(), pl, old[pl.PlotNo], heads[pl.HeadIDNo], reclaimed[pl.PlotNo], &news, &changes)
		}
		return s.store.SaveProjectPlots(ctx, p, news, changes)
	})
	return out, errs, err
}

// planPlot decides one planned plot of an import against the plot of that
// number (nil when new) and the registered head.
func planPlot(p *shebao.LandProject, prefix string, pl, old *shebao.ProjectPlot, h *shebao.ProjectHead, reclaimed shebao.Area,
	news *[]shebao.ProjectPlot, changes *[]shebao.ProjectPlotChange) (shebao.Outcome, error) {
	if old != nil {
		if old.HeadIDNo != pl.HeadIDNo {
			return 0, shebao.FieldErrorf("户主身份证号", "宅基地%s已登记为户主%s(%s)的,与本行的户主不符;另一户的宅基地请另编号",
				old.PlotNo, old.HeadName, idno.MaskID(old.HeadIDNo))
		}
		if row, ok := shebao.RowInRun(old.Source, runOf(pl.Source)); ok {
			return 0, shebao.FieldErrorf("宅基地编号", "宅基地%s与本文件第%d行重复", pl.PlotNo, row)
		}
		var ch []shebao.Change
		for _, c := range []struct {
			field    string
			was, now string
		}{{"宅基地面积", old.Homestead.String(), pl.Homestead.String()}, {"拆旧面积", old.Demolished.String(), pl.Demolished.String()},
			{"补偿金额", old.Compensation.String(), pl.Compensation.String()}} {
			if c.was != c.now {
				ch = append(ch, shebao.Change{Field: c.field, Before: c.was, After: c.now})
			}
		}
		if len(ch) == 0 {
			return shebao.Unchanged, nil
		}
		if p.Status == shebao.ProjectClosed {
			return 0, shebao.Errorf(shebao.ECONFLICT, "项目%s已于%s关闭,不能再更正拆旧户", p.Code, p.ClosedOn)
		}
		if pl.Demolished < reclaimed {
			return 0, shebao.FieldErrorf("拆旧面积", "宅基地%s已复垦%s亩,拆旧面积不能改为%s亩", pl.PlotNo, reclaimed, pl.Demolished)
		}
		next := *old
		next.Homestead, next.Demolished, next.Compensation, next.Source = pl.Homestead, pl.Demolished, pl.Compensation, pl.Source
		*changes = append(*changes, shebao.ProjectPlotChange{Old: old, New: next, Changes: ch})
		return shebao.Updated, nil
	}
	if p.Status == shebao.ProjectClosed {
		return 0, shebao.Errorf(shebao.ECONFLICT, "项目%s已于%s关闭,不能再登记拆旧户", p.Code, p.ClosedOn)
	}
	if h == nil {
		return 0, shebao.FieldErrorf("户主身份证号", "户主%s未在人员库登记", idno.MaskID(pl.HeadIDNo))
	}
	if !strings.HasPrefix(h.Region, prefix) {
		return 0, shebao.FieldErrorf("户主身份证号", "户主%s所在村(%s)不在项目区%s(%s)内", h.Name, h.Region, p.Name, p.Region)
	}
	pl.HeadName, pl.Region, pl.Household = h.Name, h.Region, h.Household
	*news = append(*news, *pl)
	return shebao.Created, nil
}

// runOf is the import run of a source written by shebao.ImportSource.
func runOf(source string) string {
	run, _, _ := strings.Cut(strings.TrimPrefix(source, "import:"), "#")
	return run
}

// Resettle records how a 拆旧 household of the project was resettled (安置,
// docs/DOMAIN.md §8): 货币安置 with an amount; 集中安置 with the flat (and
// money if any); 自建 with the new homestead (and a subsidy if any); on a
// date not after today. The household is the 户主 of a plot of the
// project. One resettlement per household: the same again changes nothing
// (created false), other values are refused naming what is recorded. A
// closed project takes no resettlement (as no other entry): we chose to
// close the ledger whole, so that a project is closed once everything of
// it is recorded.
func (s *Service) Resettle(ctx context.Context, code string, in shebao.NewResettlement) (*shebao.ProjectResettlement, bool, error) {
	if _, err := s.begin(ctx, "landproject.resettle", shebao.EntityContracting); err != nil {
		return nil, false, err
	}
	r := shebao.ProjectResettlement{Unit: strings.TrimSpace(in.Unit), Note: strings.TrimSpace(in.Note)}
	id, err := idno.ParseID(strings.TrimSpace(in.HeadIDNo), shebao.Today())
	if err != nil {
		return nil, false, shebao.FieldErrorf("户主身份证号", "%s", err.Error())
	}
	r.HeadIDNo = id.Number
	switch m := strings.TrimSpace(in.Mode); m {
	case shebao.ResettleMoney, "货币", "货币补偿":
		r.Mode = shebao.ResettleMoney
	case shebao.ResettleFlat, "集中", "安置房", "集中安置房":
		r.Mode = shebao.ResettleFlat
	case shebao.ResettleBuild, "自建房", "自拆自建":
		r.Mode = shebao.ResettleBuild
	default:
		return nil, false, shebao.FieldErrorf("安置方式", "安置方式“%s”无效,应为货币安置、集中安置或自建", m)
	}
	if a := strings.TrimSpace(in.Amount); a != "" {
		if r.Amount, err = shebao.ParseYuan(a); err != nil || r.Amount < 0 {
			return nil, false, shebao.FieldErrorf("安置金额", "安置金额“%s”应为不小于0的元数(至多两位小数)", a)
		}
	}
	switch {
	case r.Mode == shebao.ResettleMoney && r.Amount <= 0:
		return nil, false, shebao.FieldErrorf("安置金额", "货币安置须填写安置金额")
	case r.Mode == shebao.ResettleMoney && r.Unit != "":
		return nil, false, shebao.FieldErrorf("安置房号或宅基地", "货币安置不分配房屋或宅基地,请清空“%s”或改选安置方式", r.Unit)
	case r.Mode == shebao.ResettleFlat && r.Unit == "":
		return nil, false, shebao.FieldErrorf("安置房号或宅基地", "集中安置须填写安置房号")
	case r.Mode == shebao.ResettleBuild && r.Unit == "":
		return nil, false, shebao.FieldErrorf("安置房号或宅基地", "自建须填写新宅基地编号")
	}
	d, err := time.Parse(shebao.DateLayout, strings.TrimSpace(in.On))
	if err != nil {
		return nil, false, shebao.FieldErrorf("日期", "日期“%s”无效,应为YYYY-MM-DD", in.On)
	}
	if d.After(shebao.Today()) {
		return nil, false, shebao.FieldErrorf("日期", "日期%s晚于今天", d.Format(shebao.DateLayout))
	}
	r.On = d.Format(shebao.DateLayout)
	var out *shebao.ProjectResettlement
	created := false
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.openProject(ctx, code)
		if err != nil {
			return err
		}
		for i := range p.Resettlements {
			if old := &p.Resettlements[i]; old.HeadIDNo == r.HeadIDNo {
				if old.Mode != r.Mode || old.Unit != r.Unit || old.Amount != r.Amount || old.On != r.On {
					return shebao.Errorf(shebao.ECONFLICT, "该户已于%s登记%s(%s,%s元),与本次不符", old.On, old.Mode, old.Unit, old.Amount)
				}
				out = old
				return nil
			}
		}
		region := ""
		for _, pl := range p.Plots {
			if pl.HeadIDNo == r.HeadIDNo {
				region = pl.Region
			}
		}
		if region == "" {
			return shebao.FieldErrorf("户主身份证号", "%s不是项目%s的拆旧户户主", idno.MaskID(r.HeadIDNo), p.Code)
		}
		if p.Status == shebao.ProjectClosed {
			return shebao.Errorf(shebao.ECONFLICT, "项目%s已于%s关闭,不能再登记安置", p.Code, p.ClosedOn)
		}
		if err := s.store.InsertResettlement(ctx, p, r, region); err != nil {
			return err
		}
		out, created = &r, true
		return nil
	})
	return out, created, err
}

// AddProjectEntry records an entry of the project's ledger, refusing what
// breaks a rule; created is false when the same entry (文号) is there
// already with the same values.
func (s *Service) AddProjectEntry(ctx context.Context, code string, in shebao.NewProjectEntry) (*shebao.ProjectEntry, bool, error) {
	if _, err := s.begin(ctx, "landproject.entry", shebao.EntityContracting); err != nil {
		return nil, false, err
	}
	e := shebao.ProjectEntry{DocNo: strings.TrimSpace(in.DocNo), Kind: strings.TrimSpace(in.Kind), PlotNo: strings.TrimSpace(in.PlotNo),
		Note: strings.TrimSpace(in.Note)}
	if e.DocNo == "" {
		return nil, false, shebao.FieldErrorf("文号", "文号不能为空")
	}
	switch e.Kind {
	case shebao.EntryIssue, shebao.EntryUse:
		if e.PlotNo != "" {
			return nil, false, shebao.FieldErrorf("宅基地编号", "周转指标的%s不对应宅基地", e.Kind)
		}
	case shebao.EntryReclaim, shebao.EntryAccept:
		if e.PlotNo == "" {
			return nil, false, shebao.FieldErrorf("宅基地编号", "%s须写明宅基地编号", e.Kind)
		}
	default:
		return nil, false, shebao.FieldErrorf("类型", "类型“%s”无效,应为下达、使用、复垦或验收", e.Kind)
	}
	area, err := policy.ParseMu(in.Area)
	if err != nil || area <= 0 {
		return nil, false, shebao.FieldErrorf("面积", "面积“%s”应为大于0的亩数(至多两位小数)", in.Area)
	}
	e.Area = shebao.Area(area)
	d, err := time.Parse(shebao.DateLayout, strings.TrimSpace(in.On))
	if err != nil {
		return nil, false, shebao.FieldErrorf("日期", "日期“%s”无效,应为YYYY-MM-DD", in.On)
	}
	if d.After(shebao.Today()) {
		return nil, false, shebao.FieldErrorf("日期", "日期%s晚于今天", d.Format(shebao.DateLayout))
	}
	e.On = d.Format(shebao.DateLayout)
	var out *shebao.ProjectEntry
	created := false
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.openProject(ctx, code)
		if err != nil {
			return err
		}
		for i := range p.Entries {
			if old := &p.Entries[i]; old.DocNo == e.DocNo {
				if old.Kind != e.Kind || old.PlotNo != e.PlotNo || old.Area != e.Area || old.On != e.On {
					return shebao.Errorf(shebao.ECONFLICT, "文号%s已登记为%s %s%s亩(%s),与本次不符", old.DocNo, old.On, old.Kind,
						old.Area, old.PlotNo)
				}
				out = old
				return nil
			}
		}
		if p.Status == shebao.ProjectClosed {
			return shebao.Errorf(shebao.ECONFLICT, "项目%s已于%s关闭,不能再登记", p.Code, p.ClosedOn)
		}
		if err := checkEntry(p, e); err != nil {
			return err
		}
		if err := s.store.InsertProjectEntry(ctx, p, e); err != nil {
			return err
		}
		out, created = &e, true
		return nil
	})
	return out, created, err
}

// checkEntry applies the ledger's rules to a new entry.
func checkEntry(p *shebao.LandProject, e shebao.ProjectEntry) error {
	var plot *shebao.ProjectPlot
	if e.PlotNo != "" {
		for i := range p.Plots {
			if p.Plots[i].PlotNo == e.PlotNo {
				plot = &p.Plots[i]
			}
		}
		if plot == nil {
			return shebao.FieldErrorf("宅基地编号", "宅基地%s不是项目%s的拆旧地块", e.PlotNo, p.Code)
		}
	}
	// Sums over all entries, and the quota issued and area reclaimed by
	// the entry's date (a quota is used, an area accepted, after it exists).
	var issuedBy, used, reclaimed, reclaimedBy, accepted shebao.Area
	for _, o := range p.Entries {
		switch {
		case o.Kind == shebao.EntryIssue && o.On <= e.On:
			issuedBy += o.Area
		case o.Kind == shebao.EntryUse:
			used += o.Area
		case o.Kind == shebao.EntryReclaim && o.PlotNo == e.PlotNo:
			reclaimed += o.Area
			if o.On <= e.On {
				reclaimedBy += o.Area
			}
		case o.Kind == shebao.EntryAccept && o.PlotNo == e.PlotNo:
			accepted += o.Area
		}
	}
	switch e.Kind {
	case shebao.EntryUse:
		if used+e.Area > issuedBy {
			return shebao.FieldErrorf("面积", "建新使用周转指标不得超过下达指标:截至%s下达%s亩,已使用%s亩,本次%s亩超出%s亩",
				e.On, issuedBy, used, e.Area, used+e.Area-issuedBy)
		}
	case shebao.EntryReclaim:
		if reclaimed+e.Area > plot.Demolished {
			return shebao.FieldErrorf("面积", "宅基地%s拆旧%s亩,已复垦%s亩,本次复垦%s亩超出拆旧面积", plot.PlotNo, plot.Demolished,
				reclaimed, e.Area)
		}
	case shebao.EntryAccept:
		if accepted+e.Area > reclaimedBy {
			return shebao.FieldErrorf("面积", "宅基地%s截至%s复垦%s亩,已验收%s亩,本次验收%s亩超出复垦面积", plot.PlotNo, e.On,
				reclaimedBy, accepted, e.Area)
		}
	}
	return nil
}

// CloseLandProject closes the project on the date when the accepted
// reclaimed area is at least the area used for new construction (耕地不
// 减少); the quota issued and not used lapses with it.
func (s *Service) CloseLandProject(ctx context.Context, code, on string) (*shebao.ProjectProgress, error) {
	if _, err := s.begin(ctx, "landproject.close", shebao.EntityContracting); err != nil {
		return nil, err
	}
	d, err := time.Parse(shebao.DateLayout, strings.TrimSpace(on))
	if err != nil {
		return nil, shebao.FieldErrorf("日期", "日期“%s”无效,应为YYYY-MM-DD", on)
	}
	if d.After(shebao.Today()) {
		return nil, shebao.FieldErrorf("日期", "日期%s晚于今天", d.Format(shebao.DateLayout))
	}
	on = d.Format(shebao.DateLayout)
	var out *shebao.ProjectProgress
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.openProject(ctx, code)
		if err != nil {
			return err
		}
		if p.Status == shebao.ProjectClosed {
			return shebao.Errorf(shebao.ECONFLICT, "项目%s已于%s关闭", p.Code, p.ClosedOn)
		}
		for _, e := range p.Entries {
			if e.On > on {
				return shebao.FieldErrorf("日期", "关闭日期%s早于台账中%s的%s(文号%s)", on, e.On, e.Kind, e.DocNo)
			}
		}
		pr, err := p.Progress(on, 0)
		if err != nil {
			return err
		}
		if !pr.Closable {
			return shebao.Errorf(shebao.ECONFLICT, "项目%s截至%s验收合格的复垦面积%s亩少于建新使用面积%s亩,尚差%s亩,不能关闭(耕地不减少)",
				p.Code, on, pr.Accepted, pr.Used, pr.Shortfall)
		}
		if err := s.store.CloseLandProject(ctx, p, on); err != nil {
			return err
		}
		p.Status, p.ClosedOn = shebao.ProjectClosed, on
		out, err = s.progressOf(ctx, p, on)
		return err
	})
	return out, err
}

// progressOf computes a project's progress with the return period in force.
func (s *Service) progressOf(ctx context.Context, p *shebao.LandProject, on string) (*shebao.ProjectProgress, error) {
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	d, err := time.Parse(shebao.DateLayout, on)
	if err != nil {
		return nil, shebao.FieldErrorf("日期", "日期“%s”无效,应为YYYY-MM-DD", on)
	}
	years, _, err := set.Int("transfer.linkage_return_years", p.Region, d)
	if err != nil {
		return nil, err
	}
	return p.Progress(on, years)
}

// LandProjectProgress is a project's state on the date (today by default):
// quota issued, used and returned with the overdue flags, the 拆旧 per
// village and household, and whether it may close. An audited read.
func (s *Service) LandProjectProgress(ctx context.Context, code, on string) (*shebao.ProjectProgress, error) {
	if _, err := s.begin(ctx, "landproject.read", shebao.EntityContracting); err != nil {
		return nil, err
	}
	if on == "" {
		on = shebao.Today().Format(shebao.DateLayout)
	}
	p, err := s.store.FindLandProject(ctx, strings.TrimSpace(code))
	if err != nil {
		return nil, err
	}
	return s.progressOf(ctx, p, on)
}

// LandProjects is the progress of every project of the region (the
// actor's jurisdiction by default) on the date, for the list of projects
// and of overdue quotas.
func (s *Service) LandProjects(ctx context.Context, region, on string) ([]*shebao.ProjectProgress, error) {
	if _, err := s.begin(ctx, "landproject.list", shebao.EntityContracting); err != nil {
		return nil, err
	}
	if on == "" {
		on = shebao.Today().Format(shebao.DateLayout)
	}
	ps, err := s.store.FindLandProjects(ctx, region)
	if err != nil {
		return nil, err
	}
	out := []*shebao.ProjectProgress{}
	for _, p := range ps {
		pr, err := s.progressOf(ctx, p, on)
		if err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	return out, nil
}
