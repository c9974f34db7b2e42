// Package certificate issues a person's certificates (issue #16, item 6):
// the 参保缴费证明 (schemes, periods, employer, months paid) and the 个人
// 权益记录单 (contribution years, individual account balances, benefits).
// Every figure comes from the service that owns it — enrollments from
// enroll, months paid from benefit.PaidYears, account balances from the
// ledger's statement, benefits from benefit — none is computed here. Each
// issue gets a verification code, kept with the certificate's summary and
// the digest of its content, by which a third party checks it (Verify);
// the issue is audited as a read of the person's data. The PDF is written
// by the face (package pdfdoc).
package certificate

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// Store is what the certificates need of the storage.
type Store interface {
	RecordCertificate(ctx context.Context, c *shebao.Certificate) error
	FindCertificate(ctx context.Context, code string) (*shebao.CertificateCheck, error)
}

// Sources are the services whose figures a certificate states.
type Sources struct {
	FindPerson            func(ctx context.Context, idNo string) (*shebao.Person, error)
	FindRegion            func(ctx context.Context, code string) (*shebao.Region, error)
	FindEnrollments       func(ctx context.Context, f shebao.EnrollmentFilter) ([]*shebao.Enrollment, int, error)
	PaidYears             func(ctx context.Context, idNo, scheme, upto string) ([]shebao.PaidYear, error)
	ResidentContributions func(ctx context.Context, idNo string) ([]*shebao.ResidentContribution, error)
	AccountStatement      func(ctx context.Context, idNo string, year int) (*shebao.Statement, error)
	FindBenefits          func(ctx context.Context, f shebao.BenefitFilter) ([]*shebao.Benefit, int, error)
}

// Service issues and verifies certificates.
type Service struct {
	store Store
	src   Sources
	// Office is the issuing office printed on every certificate (e.g.
	// 银川市兴庆区社会保险事业管理局); empty: the person's district's name
	// followed by 社会保险事业管理局.
	Office string
}

// New returns the service over the store and the sources.
func New(store Store, src Sources) *Service { return &Service{store: store, src: src} }

// Issue writes a certificate of the kind (shebao.CertEnrollment or
// shebao.CertRecord) for the person as of today, records it with its
// verification code and returns it.
func (s *Service) Issue(ctx context.Context, kind, idNo string) (*shebao.Certificate, error) {
	name, ok := shebao.CertificateKinds[kind]
	if !ok {
		return nil, shebao.FieldErrorf("证明类型", "证明类型“%s”无效,应为 enrollment(参保缴费证明)或 record(个人权益记录单)", kind)
	}
	actor, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !shebao.RoleOf(actor).MayIssue(kind) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权出具%s", actor.RoleName(), name)
	}
	p, err := s.src.FindPerson(ctx, idNo)
	if err != nil {
		return nil, err
	}
	today := shebao.Today()
	c := &shebao.Certificate{Kind: kind, KindName: name, IDNo: p.IDNo, Name: p.Name, Region: p.Region,
		AsOf: today.Format(shebao.DateLayout), IssuedAt: time.Now().UTC(), IssuedBy: actor.Name}
	c.Office = s.office(ctx, p.Region)
	c.Sections = append(c.Sections, shebao.CertSection{Title: "参保人", Notes: []string{
		fmt.Sprintf("姓名:%s    性别:%s    出生日期:%s", p.Name, p.Sex, p.Birth),
		fmt.Sprintf("公民身份号码:%s", p.IDNo),
	}})
	ns, _, err := s.src.FindEnrollments(ctx, shebao.EnrollmentFilter{IDNo: p.IDNo, Limit: 1000})
	if err != nil {
		return nil, err
	}
	upto := today.Format("2006-01")
	switch kind {
	case shebao.CertEnrollment:
		err = s.enrollment(ctx, c, ns, upto)
	case shebao.CertRecord:
		err = s.record(ctx, c, ns, upto, today.Year())
	}
	if err != nil {
		return nil, err
	}
	c.Digest = digest(c)
	if c.Code, err = newCode(); err != nil {
		return nil, err
	}
	if err := s.store.RecordCertificate(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Verify answers whether the office issued a certificate under the code,
// and what it certified (masked name and number, kind, date, summary,
// digest).
func (s *Service) Verify(ctx context.Context, code string) (*shebao.CertificateCheck, error) {
	code = NormalizeCode(code)
	if len(code) != codeLen {
		return nil, shebao.FieldErrorf("验证码", "验证码“%s”格式不对:应为%d位字母和数字(可带连字符)", code, codeLen)
	}
	return s.store.FindCertificate(ctx, code)
}

// codeLen is the length of a verification code: 10 random bytes in
// base32, 80 bits, which nobody guesses.
const codeLen = 16

func newCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base32.StdEncoding.EncodeToString(b), nil
}

// NormalizeCode reads a code as typed: case, spaces and hyphens do not
// matter.
func NormalizeCode(code string) string {
	return strings.NewReplacer("-", "", " ", "").Replace(strings.ToUpper(strings.TrimSpace(code)))
}

// digest is the hex SHA-256 of the certificate's content.
func digest(c *shebao.Certificate) string {
	b, _ := json.Marshal(struct {
		Kind, IDNo, Name, Office, AsOf string
		Sections                       []shebao.CertSection
	}{c.Kind, c.IDNo, c.Name, c.Office, c.AsOf, c.Sections})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// office is the issuing office: the configured one, or the person's
// district's 社会保险事业管理局.
func (s *Service) office(ctx context.Context, region string) string {
	if s.Office != "" {
		return s.Office
	}
	if len(region) >= 6 {
		if r, err := s.src.FindRegion(ctx, region[:6]+"000000"); err == nil && r != nil && r.Name != "" {
			return r.Name + "社会保险事业管理局"
		}
	}
	return "社会保险经办机构"
}

// schemesOf lists the schemes of the enrollments in catalogue order.
func schemesOf(ns []*shebao.Enrollment) []shebao.Scheme {
	has := map[string]bool{}
	for _, n := range ns {
		has[n.Scheme] = true
	}
	var out []shebao.Scheme
	for _, sc := range shebao.Schemes {
		if has[sc.Code] {
			out = append(out, sc)
		}
	}
	return out
}

// paid is what a certificate says of one scheme's payments: the years
// paid and the months in all.
type paid struct {
	years  []shebao.PaidYear
	months int
	// annual: the scheme is paid per year (390): years, not months.
	annual []int
}

func (s *Service) paidOf(ctx context.Context, idNo, scheme, upto string) (paid, error) {
	var out paid
	if scheme == shebao.SchemeResidentMedical {
		rcs, err := s.src.ResidentContributions(ctx, idNo)
		if err != nil {
			return out, err
		}
		for _, rc := range rcs {
			if rc.Scheme == scheme {
				out.annual = append(out.annual, rc.Year)
			}
		}
		return out, nil
	}
	ys, err := s.src.PaidYears(ctx, idNo, scheme, upto)
	if err != nil {
		return out, err
	}
	out.years = ys
	for _, y := range ys {
		out.months += y.Months
	}
	return out, nil
}

// span says which years a scheme's payments cover.
func (p paid) span() string {
	switch {
	case len(p.annual) > 0:
		return fmt.Sprintf("%d–%d年度", p.annual[0], p.annual[len(p.annual)-1])
	case len(p.years) > 0:
		return fmt.Sprintf("%d–%d年", p.years[0].Year, p.years[len(p.years)-1].Year)
	}
	return "—"
}

// total says how much was paid: months, or years for an annual scheme.
func (p paid) total() string {
	if len(p.annual) > 0 {
		return fmt.Sprintf("%d个年度", len(p.annual))
	}
	return fmt.Sprintf("%d个月", p.months)
}

func (s *Service) enrollment(ctx context.Context, c *shebao.Certificate, ns []*shebao.Enrollment, upto string) error {
	sec := shebao.CertSection{Title: "参保情况", Head: []string{"险种", "参保状态", "参保日期", "终止日期", "参保单位"}}
	for _, n := range ns {
		emp := n.EmpName
		if emp == "" {
			emp = n.Employer
		}
		if emp == "" {
			emp = "—(个人/居民参保)"
		}
		end := n.EndDate
		if end == "" {
			end = "—"
		}
		sec.Rows = append(sec.Rows, []string{n.SchemeName, n.Status, n.StartDate, end, emp})
	}
	if len(ns) == 0 {
		sec.Notes = append(sec.Notes, "本机构无此人参保记录。")
	}
	c.Sections = append(c.Sections, sec)
	pay := shebao.CertSection{Title: "缴费情况(截至" + upto + ")", Head: []string{"险种", "缴费年度", "累计缴费"}}
	var summary []string
	for _, sc := range schemesOf(ns) {
		p, err := s.paidOf(ctx, c.IDNo, sc.Code, upto)
		if err != nil {
			return err
		}
		pay.Rows = append(pay.Rows, []string{sc.Name, p.span(), p.total()})
		summary = append(summary, sc.Name+p.total())
	}
	pay.Notes = []string{"缴费月数为单位或个人缴费已足额到账的月份;本系统建立以前的年度以历年缴费记录为准。城乡居民医疗保险按年度缴费。"}
	c.Sections = append(c.Sections, pay)
	c.Summary = fmt.Sprintf("%s:截至%s参保%d项", c.KindName, c.AsOf, len(ns))
	if len(summary) > 0 {
		c.Summary += ",累计缴费:" + strings.Join(summary, "、")
	}
	c.Summary += "。"
	return nil
}

func (s *Service) record(ctx context.Context, c *shebao.Certificate, ns []*shebao.Enrollment, upto string, year int) error {
	years := shebao.CertSection{Title: "缴费年限(截至" + upto + ")", Head: []string{"险种", "年度", "缴费月数", "缴费基数合计(元)"}}
	var summary []string
	for _, sc := range schemesOf(ns) {
		p, err := s.paidOf(ctx, c.IDNo, sc.Code, upto)
		if err != nil {
			return err
		}
		for _, y := range p.years {
			years.Rows = append(years.Rows, []string{sc.Name, strconv.Itoa(y.Year), strconv.Itoa(y.Months), y.BaseTotal.String()})
		}
		for _, y := range p.annual {
			years.Rows = append(years.Rows, []string{sc.Name, strconv.Itoa(y), "按年度缴费", "—"})
		}
		years.Notes = append(years.Notes, fmt.Sprintf("%s:累计缴费%s(%s)。", sc.Name, p.total(), p.span()))
		summary = append(summary, sc.Name+p.total())
	}
	if len(years.Notes) == 0 {
		years.Notes = []string{"无缴费记录。"}
	}
	c.Sections = append(c.Sections, years)
	st, err := s.src.AccountStatement(ctx, c.IDNo, year)
	if err != nil {
		return err
	}
	acc := shebao.CertSection{Title: fmt.Sprintf("个人账户(%d年度)", year), Head: []string{"账户", "年初余额(元)", "本年记账(元)", "记账利息(元)", "支取/转出(元)", "当前余额(元)"}}
	var balances []string
	for _, fs := range st.Funds {
		acc.Rows = append(acc.Rows, []string{fs.FundName, fs.Opening.String(), fs.Credits.String(), fs.Interest.String(), (-fs.Debits).String(), fs.Closing.String()})
		balances = append(balances, fmt.Sprintf("%s个人账户余额%s元", fs.FundName, fs.Closing))
	}
	if len(st.Funds) == 0 {
		acc.Notes = []string{"无个人账户。"}
	} else {
		acc.Notes = []string{"年初 + 记账 + 利息 − 支取 = 当前余额,与个人账户对账单一致。"}
	}
	c.Sections = append(c.Sections, acc)
	bs, _, err := s.src.FindBenefits(ctx, shebao.BenefitFilter{IDNo: c.IDNo, Limit: 1000})
	if err != nil {
		return err
	}
	ben := shebao.CertSection{Title: "待遇享受", Head: []string{"待遇", "险种", "状态", "起始月份", "终止月份", "月标准(元)"}}
	for _, b := range bs {
		end := b.EndMonth
		if end == "" {
			end = "—"
		}
		kind := b.KindName
		if kind == "" {
			kind = b.Kind
		}
		scheme := b.Scheme
		if sc, ok := shebao.FindScheme(b.Scheme); ok {
			scheme = sc.Name
		}
		ben.Rows = append(ben.Rows, []string{kind, scheme, b.Status, b.StartMonth, end, b.Monthly.String()})
	}
	if len(bs) == 0 {
		ben.Notes = []string{"无待遇记录。"}
	}
	c.Sections = append(c.Sections, ben)
	c.Summary = fmt.Sprintf("%s:截至%s", c.KindName, c.AsOf)
	parts := append(summary, balances...)
	if len(bs) > 0 {
		parts = append(parts, fmt.Sprintf("待遇%d项", len(bs)))
	}
	if len(parts) == 0 {
		parts = []string{"无参保缴费记录"}
	}
	c.Summary += strings.Join(parts, ",") + "。"
	return nil
}
