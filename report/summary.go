package report

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/pdfdoc"
	"github.com/shebao/shebao/policy"
)

// The statistical section of a work report, written by the system in the
// style of the reports shebao was built from (../shared/seed: "一、城乡社保
// 情况"): one numbered paragraph per scheme with data, every number taken
// from the statistics on the day, with the change against the same day a
// year earlier where there was anything a year earlier.
//
// Numbers are written as the reports write them: persons as a plain number
// ("17404人") below 100 000 and in 万 from there ("15.7万人"), money in 万元
// with two decimals ("187.23万元"), rates as percentages with two decimals
// ("96.91%"), 抗风险支付能力 in months with two decimals ("74.64个月").

// Summary is the written section.
type Summary struct {
	Region     string   `json:"region"`
	RegionName string   `json:"region_name"`
	Date       string   `json:"date"`
	Title      string   `json:"title"`
	Lead       string   `json:"lead"`
	Paragraphs []string `json:"paragraphs"`
}

// persons writes a count of persons.
func persons(n int64) string {
	if n >= 100000 || n <= -100000 {
		return policy.Wan(n) + "万人"
	}
	return strconv.FormatInt(n, 10) + "人"
}

// wan writes money in 万元 with two decimals, rounded half up.
func wan(m shebao.Money) string {
	return shebao.Money(shebao.DivRound(int64(m), 10000)).String()
}

// chineseDate writes 2026-03-01 as 2026年3月1日.
func chineseDate(day string) string {
	y, m, d := day[:4], strings.TrimLeft(day[5:7], "0"), strings.TrimLeft(day[8:10], "0")
	return y + "年" + m + "月" + d + "日"
}

// change writes the change of a count against a year earlier:
// ",比上年增加120人,增长7.41%", ",比上年减少5人,下降1.20%", ",与上年持平",
// or nothing when there was nothing a year earlier.
func change(now, before int64) string {
	if before <= 0 {
		return ""
	}
	diff, pct := policy.Change(now, before)
	switch {
	case diff > 0:
		return fmt.Sprintf(",比上年增加%s,增长%s%%", persons(diff), pct)
	case diff < 0:
		return fmt.Sprintf(",比上年减少%s,下降%s%%", persons(-diff), pct)
	}
	return ",与上年持平"
}

// Summary writes the section for the region on the day (YYYY-MM-DD; ""
// today).
func (s *Service) Summary(ctx context.Context, region, date string) (*Summary, error) {
	sp, err := ParseSpan(date, "", "")
	if err != nil {
		return nil, err
	}
	day, ago := sp.To, yearBefore(sp.To)
	self, _, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	r := []string{self.Code}
	open, err := s.sums(ctx, r, []string{shebao.CounterOpen + "|"}, "", day)
	if err != nil {
		return nil, err
	}
	openAgo, err := s.sums(ctx, r, []string{shebao.CounterOpen + "|"}, "", ago)
	if err != nil {
		return nil, err
	}
	// The year so far (截至 the day): claims, residents' subsidies.
	ytd, err := s.sums(ctx, r, []string{"m.", "r."}, sp.From, day)
	if err != nil {
		return nil, err
	}
	month, err := s.sums(ctx, r, []string{shebao.CounterPayments + "|"}, day[:8]+"01", day)
	if err != nil {
		return nil, err
	}
	now, before, y, m := open[self.Code], openAgo[self.Code], ytd[self.Code], month[self.Code]
	ins := func(scheme string) SchemeInsured { return insuredOf(now, scheme) }
	insAgo := func(scheme string) SchemeInsured { return insuredOf(before, scheme) }
	year, _ := strconv.Atoi(day[:4])
	ds, err := s.store.Denominators(ctx, self.Code, year)
	if err != nil {
		return nil, err
	}
	dens := resolveDenominators(self.Code, ds)
	out := &Summary{Region: self.Code, RegionName: self.Name, Date: day, Title: "一、城乡社保情况", Paragraphs: []string{}}
	where := self.Name
	if where == "" {
		where = "全辖区"
	}
	out.Lead = fmt.Sprintf("截至%s,%s城乡社会保障情况如下:", chineseDate(day), where)
	var paras []string
	add := func(p string) { paras = append(paras, p) }
	has := func(scheme string) bool { return ins(scheme).Total > 0 || insAgo(scheme).Total > 0 }

	// 城镇职工基本养老保险, with the fund's months where the region is the
	// whole fund's (a district or above).
	if has(shebao.SchemeEmployeePension) {
		c, a := ins(shebao.SchemeEmployeePension), insAgo(shebao.SchemeEmployeePension)
		p := fmt.Sprintf("城镇职工基本养老保险参保%s%s,其中在职参保人数%s,退休领取养老金待遇人员%s",
			persons(c.Total), change(c.Total, a.Total), persons(c.Active), persons(c.Retired))
		p += s.fundClause(ctx, self, day, shebao.SchemeEmployeePension)
		add(p + "。")
	}
	if has(shebao.SchemePublicPension) {
		c, a := ins(shebao.SchemePublicPension), insAgo(shebao.SchemePublicPension)
		add(fmt.Sprintf("机关事业单位养老保险参保%s%s,其中在职参保人数%s,退休领取养老金待遇人员%s。",
			persons(c.Total), change(c.Total, a.Total), persons(c.Active), persons(c.Retired)))
	}
	// 城镇职工基本医疗保险: the insured, the year's reimbursed stays and the
	// persons paid from their individual accounts.
	if has(shebao.SchemeEmployeeMedical) || y.total(shebao.CounterClaims, shebao.SchemeEmployeeMedical) > 0 {
		c, a := ins(shebao.SchemeEmployeeMedical), insAgo(shebao.SchemeEmployeeMedical)
		p := fmt.Sprintf("城镇职工基本医疗保险参保%s%s", persons(c.Total), change(c.Total, a.Total))
		if n := y.total(shebao.CounterStayPersons, shebao.SchemeEmployeeMedical, shebao.ClaimInpatient); n > 0 {
			p += fmt.Sprintf(",本年度享受住院医疗费报销%s、%d人次,报销医疗费%s万元", persons(n),
				y.total(shebao.CounterClaims, shebao.SchemeEmployeeMedical, shebao.ClaimInpatient),
				wan(shebao.Money(y.total(shebao.CounterClaimFund, shebao.SchemeEmployeeMedical, shebao.ClaimInpatient))))
		}
		if n := y.total(shebao.CounterStayPersons, shebao.SchemeEmployeeMedical, shebao.ClaimOutpatient); n > 0 {
			p += fmt.Sprintf(",享受个人医疗帐户%s", persons(n))
		}
		add(p + "。")
	}
	// 工伤、生育保险 in one paragraph, as the reports have them.
	var wm []string
	for _, sc := range []struct{ code, name string }{{shebao.SchemeWorkInjury, "工伤保险"}, {shebao.SchemeMaternity, "生育保险"}} {
		if has(sc.code) {
			c, a := ins(sc.code), insAgo(sc.code)
			wm = append(wm, fmt.Sprintf("%s参保%s%s", sc.name, persons(c.Total), change(c.Total, a.Total)))
		}
	}
	if len(wm) > 0 {
		add(strings.Join(wm, ";") + "。")
	}
	if has(shebao.SchemeUnemployment) {
		c, a := ins(shebao.SchemeUnemployment), insAgo(shebao.SchemeUnemployment)
		p := fmt.Sprintf("失业保险参保%s%s", persons(c.Total), change(c.Total, a.Total))
		if n := m.total(shebao.CounterPayments, shebao.SchemeUnemployment, shebao.BenefitUnemployment); n > 0 {
			p += fmt.Sprintf(",%s%d月领取失业保险金%s", day[:4]+"年", atoiMonth(day), persons(n))
		}
		add(p + "。")
	}
	// 城乡居民基本养老保险: the insured, the coverage over the entered
	// eligible population, the pensioners, the year's subsidies.
	if has(shebao.SchemeResidentPension) {
		c, a := ins(shebao.SchemeResidentPension), insAgo(shebao.SchemeResidentPension)
		p := fmt.Sprintf("城乡居民基本养老保险参保%s%s", persons(c.Total), change(c.Total, a.Total))
		if d := dens[shebao.SchemeResidentPension]; d != nil {
			if rate, ok := policy.Percent(c.Total, d.Eligible, 2); ok {
				p += fmt.Sprintf(",应参保%s,参保覆盖率达%s%%", persons(d.Eligible), rate)
			}
		}
		if c.Retired > 0 {
			p += fmt.Sprintf(",已有%s参保居民享受养老金待遇", strings.TrimSuffix(persons(c.Retired), "人")+"名")
		}
		sub := y.total(shebao.CounterResidentSubsidy, shebao.SchemeResidentPension) + y.total(shebao.CounterResidentFinance, shebao.SchemeResidentPension)
		coll := y.total(shebao.CounterResidentCollective, shebao.SchemeResidentPension)
		switch {
		case sub > 0 && coll > 0:
			p += fmt.Sprintf(";本年度政府缴费补贴%s万元,集体补助%s万元", wan(shebao.Money(sub)), wan(shebao.Money(coll)))
		case sub > 0:
			p += fmt.Sprintf(";本年度政府缴费补贴%s万元", wan(shebao.Money(sub)))
		case coll > 0:
			p += fmt.Sprintf(";本年度集体补助%s万元", wan(shebao.Money(coll)))
		}
		add(p + "。")
	}
	// 城乡居民基本医疗保险 (former 新农合): the insured, the participation
	// rate over the entered 应参保人数, the year's reimbursed stays.
	if has(shebao.SchemeResidentMedical) || y.total(shebao.CounterClaims, shebao.SchemeResidentMedical) > 0 {
		c, a := ins(shebao.SchemeResidentMedical), insAgo(shebao.SchemeResidentMedical)
		p := fmt.Sprintf("城乡居民基本医疗保险参保%s%s", persons(c.Total), change(c.Total, a.Total))
		if d := dens[shebao.SchemeResidentMedical]; d != nil {
			if rate, ok := policy.Percent(c.Total, d.Eligible, 2); ok {
				p += fmt.Sprintf(",应参保%s,参保率达%s%%", persons(d.Eligible), rate)
			}
		}
		if n := y.total(shebao.CounterClaims, shebao.SchemeResidentMedical, shebao.ClaimInpatient); n > 0 {
			p += fmt.Sprintf(";本年度共报销住院%d人次,报销医疗费%s万元", n,
				wan(shebao.Money(y.total(shebao.CounterClaimFund, shebao.SchemeResidentMedical, shebao.ClaimInpatient))))
		}
		add(p + "。")
	}
	// 被征地农民基本生活保障, from the land batches on the day.
	if p := s.landParagraph(ctx, self.Code, day); p != "" {
		add(p)
	}
	// 就业与劳动力转移 (employ, issue #19 item 6): the register's stocks
	// on the day (as of its last rebuild), the year's flows.
	if p := s.employmentParagraph(ctx, self.Code, sp.From, day); p != "" {
		add(p)
	}
	// 社会救助 (assist, issue #18 item 8): the 低保 in payment on the day,
	// the year's 低保 and 临时救助 paid.
	if p := s.assistanceParagraph(ctx, self.Code, sp.From, day); p != "" {
		add(p)
	}
	for i, p := range paras {
		out.Paragraphs = append(out.Paragraphs, fmt.Sprintf("%d、%s", i+1, p))
	}
	return out, nil
}

// assistanceParagraph writes the social assistance of the region on the
// day, with the year's payments up to it; "" when there is none.
func (s *Service) assistanceParagraph(ctx context.Context, region, from, day string) string {
	figs, err := s.store.AssistanceFigures(ctx, []string{region}, from, day)
	if err != nil {
		return ""
	}
	f := figs[region]
	if f.UrbanHouseholds+f.RuralHouseholds+f.Reliefs+f.Tekun == 0 && f.DibaoPaid == 0 && f.ReliefPaid == 0 && f.TekunPaid == 0 {
		return ""
	}
	p := fmt.Sprintf("社会救助:城市低保%d户%s、农村低保%d户%s,本年发放低保金%s万元", f.UrbanHouseholds, persons(f.UrbanPersons),
		f.RuralHouseholds, persons(f.RuralPersons), wan(f.DibaoPaid))
	// 特困 (tekun): the persons in support on the day, by mode, and the
	// year's 特困供养金 paid.
	if f.Tekun > 0 || f.TekunPaid > 0 {
		p += fmt.Sprintf(";特困供养人员%d人(集中供养%d人、分散供养%d人),本年发放特困供养金%s万元", f.Tekun, f.TekunCentral, f.TekunDispersed, wan(f.TekunPaid))
	}
	if f.Reliefs > 0 || f.ReliefPaid > 0 {
		p += fmt.Sprintf(";本年临时救助%d件、%s万元", f.Reliefs, wan(f.ReliefAmount))
	}
	return p + "。"
}

func atoiMonth(day string) int {
	n, _ := strconv.Atoi(day[5:7])
	return n
}

// fundClause writes the fund's 抗风险支付能力 on the day
// (",企业养老保险基金抗风险支付能力达74.64个月"), or its balance when that
// is not above zero (",企业养老保险基金结余为负(-1.65万元)"); nothing when the
// region is below a district (the fund is the district's), the actor may
// not read the funds, or the fund spent nothing in the year.
func (s *Service) fundClause(ctx context.Context, self *shebao.Region, day, fund string) string {
	if self.Level > 3 {
		return ""
	}
	fs, err := s.fundStatus(ctx, self.Code, day)
	if err != nil {
		return ""
	}
	for _, f := range fs {
		if f.Fund == fund {
			return fundSentence(f)
		}
	}
	return ""
}

// fundSentence is fundClause's clause for one fund's status.
func fundSentence(f shebao.FundStatus) string {
	switch {
	case f.Months == nil:
		return ""
	case f.Balance <= 0:
		return ",企业养老保险基金结余为负(" + wan(f.Balance) + "万元)"
	}
	return ",企业养老保险基金抗风险支付能力达" + *f.Months + "个月"
}

// landParagraph writes the land-expropriated farmers' figures on the day,
// "" when there are none.
func (s *Service) landParagraph(ctx context.Context, region, day string) string {
	batches, err := s.landBatches(ctx, region, day)
	if err != nil || len(batches) == 0 {
		return ""
	}
	var total shebao.LandFigures
	towns, villages := map[string]bool{}, map[string]bool{}
	for _, b := range batches {
		total.Add(b.LandFigures)
		villages[b.Region] = true
		towns[b.Region[:9]] = true
	}
	if total.Enrolled == 0 && total.Received == 0 {
		return ""
	}
	p := fmt.Sprintf("被征地农民基本生活保障:已参加办理基本生活保障%s,累计征收基本生活保障基金%s万元,涉及到%d个乡(镇、街道)、%d个行政村(社区)",
		persons(int64(total.Enrolled)), wan(total.Received), len(towns), len(villages))
	if total.Receiving > 0 {
		p += fmt.Sprintf(",已有%s按月领取基本生活保障金", persons(int64(total.Receiving)))
	}
	if total.Gap > 0 {
		p += fmt.Sprintf(",尚有资金缺口%s万元", wan(total.Gap))
	}
	return p + "。"
}

// Markdown writes the section as Markdown.
func (sm *Summary) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", sm.Title, sm.Lead)
	if len(sm.Paragraphs) == 0 {
		b.WriteString("(截至该日无参保数据。)\n")
	}
	for _, p := range sm.Paragraphs {
		b.WriteString(p + "\n\n")
	}
	return b.String()
}

// HTML writes the section as an HTML fragment.
func (sm *Summary) HTML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "<section class=\"work-report\">\n<h2>%s</h2>\n<p>%s</p>\n", html.EscapeString(sm.Title), html.EscapeString(sm.Lead))
	if len(sm.Paragraphs) == 0 {
		b.WriteString("<p>(截至该日无参保数据。)</p>\n")
	}
	for _, p := range sm.Paragraphs {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</section>\n")
	return b.String()
}

// medicalSummary writes the reimbursement indicators in the seed's style:
// "住院报销2015人次,报销金额187.23万元".
func medicalSummary(rep *shebao.MedicalReport) string {
	where := rep.RegionName
	if where == "" {
		where = "全辖区"
	}
	var parts []string
	for _, s := range rep.Schemes {
		parts = append(parts, fmt.Sprintf("%s住院报销%d人次,报销金额%s万元(次均%s元)", s.SchemeName, s.Stays, wan(s.Reimbursed), s.PerStay))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%s%s至%s无医疗费用报销", where, rep.From, rep.To)
	}
	return fmt.Sprintf("%s%s至%s:%s。", where, rep.From, rep.To, strings.Join(parts, ";"))
}

// PDF is the section as an A4 PDF in the font at fontPath (pdfdoc.FindFont):
// the title, the region and date under it, the lead and the paragraphs. The
// CLI, the API and the UI print the same document.
func (sm *Summary) PDF(fontPath string) ([]byte, error) {
	d := &pdfdoc.Document{Title: sm.Title, Subtitle: sm.RegionName + "  截至" + sm.Date, Paragraphs: append([]string{sm.Lead}, sm.Paragraphs...)}
	if len(sm.Paragraphs) == 0 {
		d.Paragraphs = append(d.Paragraphs, "(截至该日无参保数据。)")
	}
	var buf bytes.Buffer
	if err := d.Write(&buf, pdfdoc.Options{Font: fontPath}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PDFName is the file name of the section's PDF.
func (sm *Summary) PDFName() string { return sm.RegionName + "城乡社保情况-" + sm.Date + ".pdf" }

// employmentParagraph writes the employment figures of the region on the
// day, with the year's flows up to it; "" when the register is empty and
// nothing happened in the year.
func (s *Service) employmentParagraph(ctx context.Context, region, from, day string) string {
	figs, err := s.store.EmploymentFigures(ctx, []string{region}, from, day)
	if err != nil {
		return ""
	}
	f := figs[region]
	if f.WorkingAge == 0 && f.Unemployed == 0 && f.Hardship == 0 && f.Placements == 0 && f.SubsidyPaid == 0 && f.TrainingCompleted == 0 &&
		f.TrainingSubsidyPaid == 0 && f.InsuranceSubsidyPaid == 0 {
		return ""
	}
	p := fmt.Sprintf("就业与劳动力转移:劳动年龄人口%s,其中就业%s(转移就业%s)、务农%s", persons(f.WorkingAge), persons(f.Employed),
		persons(f.Transferred), persons(f.Farming))
	if f.TransferredIn > 0 {
		p += fmt.Sprintf(";外来务工(户籍在外、在本区域单位参保)%s", persons(f.TransferredIn))
	}
	if f.Exported > 0 || f.Returned > 0 {
		p += fmt.Sprintf(";经劳务公司输出在外%s,年内返乡%s", persons(f.Exported), persons(f.Returned))
	}
	if f.LandLost > 0 {
		rate, _ := policy.Percent(f.LandLostEmployed, f.LandLost, 2)
		p += fmt.Sprintf(";劳动年龄被征地农民%s,已就业%s,就业率%s%%", persons(f.LandLost), persons(f.LandLostEmployed), rate)
	}
	p += fmt.Sprintf(";登记失业%s,本年新增失业登记%s、终止失业登记%s", persons(f.Unemployed), persons(f.UnemployedNew), persons(f.UnemployedEnded))
	if f.Hardship > 0 || f.ZeroHouseholds > 0 || f.ZeroCleared > 0 {
		p += fmt.Sprintf(";认定就业困难人员%s,零就业家庭%d户,本年清零%d户", persons(f.Hardship), f.ZeroHouseholds, f.ZeroCleared)
	}
	if f.Placements > 0 || f.SubsidyPaid > 0 {
		p += fmt.Sprintf(";本年公益性岗位安置%s(其中就业困难人员%s),发放公益性岗位补贴%s万元", persons(f.Placements), persons(f.HardshipPlaced), wan(f.SubsidyPaid))
	}
	if f.TrainingCompleted > 0 || f.TrainingSubsidyPaid > 0 {
		p += fmt.Sprintf(";本年职业培训结业%s,取得初级证书%s、中级证书%s、高级证书%s,发放职业培训补贴%s万元", persons(f.TrainingCompleted),
			persons(f.CertPrimary), persons(f.CertIntermediate), persons(f.CertSenior), wan(f.TrainingSubsidyPaid))
	}
	if f.InsuranceSubsidyPaid > 0 {
		p += fmt.Sprintf(";向招用就业困难人员的单位和灵活就业的就业困难人员发放社会保险补贴%s万元(%s)", wan(f.InsuranceSubsidyPaid), persons(f.InsuranceSubsidyPeople))
	}
	return p + "。"
}
