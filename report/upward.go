package report

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Statistics that travel upward (五级联网, issue #16 item 5).
//
// A district exports its statistics for a month as one signed JSON file
// (Export, `shebao report export`): its statistics counters — the same
// rows its own reports read (sqldb/counters.go) — for itself and every
// town and village below it, for the days from 1 January of the month's
// year to the month's last day: the sums of the years before (the stocks
// on 31 December) and every month's changes by day. With them the
// importing instance computes every indicator of the district, its towns
// and villages exactly as the district does for any day of that year up
// to the month's end: stocks on any of those days, flows over any span of
// them (the month, the year so far, a trend of its months). A second
// block carries the births of the same months sixteen years earlier,
// which the count of adults (the coverage's denominator) needs.
//
// The file is signed with the district's Ed25519 key over its canonical
// content (the file without its signature, as encoding/json writes it);
// the importing instance (Import, `shebao report import`) accepts it only
// when the signature verifies with the public key registered for the
// region (Trust, `shebao report trust`), the region lies below its
// jurisdiction, and its rows are consistent (days add up to their month;
// every row inside the district). It keeps every file accepted as a
// submission (sender, time of export, who received it and when, the
// SHA-256 of its content); a month submitted again supersedes the earlier
// submission, which is kept as history. A file older than the one in force
// is refused; the same file again changes nothing.
//
// Imported counters are kept apart from the instance's own and read
// together with them (sums, counterMonths): the counters of a district up
// to a day are those of the newest submission covering that day (a
// submission covers from the 31 December before its year to its month's
// last day); for a day that no submission covers, the last day of the
// latest submission before it (the last figures reported; a statistics
// office reports what was submitted, and says as of when); before any,
// nothing. A flow over a span is the difference of the day before and the
// last day.
//
// Besides the counters, a file of format 2 carries the figures that are
// not counters, as of the month's last day (shebao.StatsFigures): every
// fund's ledger sums (income and expenditure of the twelve months, assets,
// liabilities, individual accounts — the balance and 抗风险支付能力 are
// computed again by the receiver from the summed sums, never summed
// themselves), every land batch's line of the land report (to secure, on
// roster, enrolled, receiving, funds required / received / gap, lag) and
// the employers registered per region code. A receiver reads, for a day
// and each region that submits to it, the figures of that region's
// submission of the latest month ending on or before the day (the last
// month-end figures reported; a day inside a month reads the month
// before), and adds those lying within the region asked for to its own:
// the funds report, the land report, the dashboard's employers and the
// work report's fund and land clauses are then the sums of the districts'.
// A file of format 1 still imports; its submission says what it lacks,
// and for those figures the district's latest earlier month of format 2
// is read, if any.
//
// Format 3 adds the 村改居 lump sums paid by each party in each month of
// the year (StatsLumpSum), which the subsidies report adds over the months
// wholly within its span as it does the land funding. A file of format 2
// still imports and lacks them (no fallback: they are flows of the year,
// not a month-end state an earlier month could stand for).
//
// A city forwards upward (Export on a city instance): its file holds its
// own counters and figures together with those of the submission of the
// month of every district that submits to it — each district must have
// submitted that month — and names them (Includes); the autonomous region
// imports it as any district's. A region's data reaches an instance one
// way only: a city's file with data of a district that submits to the
// instance directly is refused, and so is a district's file whose data a
// city's submission already carries (sqldb SaveSubmission). We chose to
// refuse rather than let one win: either would silently drop figures the
// other reported, and only the statisticians can say which is right.

// FileFormat names the format of an export file: format 2 carries the
// figures besides the counters, format 3 also the 村改居 lump sums
// received by month. Files of formats 1 (counters only) and 2 are still
// accepted.
const (
	FileFormat   = "shebao-stats-submission/3"
	FileFormatV2 = "shebao-stats-submission/2"
	FileFormatV1 = "shebao-stats-submission/1"
)

// lacksV1 and lacksV2 are what a file of format 1 or 2 does not carry.
var (
	lacksV2 = []string{"村改居一次性补缴"}
	lacksV1 = append([]string{"基金收支与结余", "被征地农民基本生活保障", "参保单位数"}, lacksV2...)
)

// createdLayout is the time of export: fixed width, so that a later time
// sorts after an earlier one.
const createdLayout = "2006-01-02T15:04:05.000000000Z"

// File is the export file: the district, the month, the sender and time,
// the regions of the district (parents first), the counters, the public
// key that signed it (for the receiver's information: it is checked
// against the key registered, never trusted by itself) and the signature
// (base64) over the rest.
type File struct {
	Format     string              `json:"format"`
	Region     string              `json:"region"`
	RegionName string              `json:"region_name"`
	Month      string              `json:"month"`
	Sender     string              `json:"sender"`
	Created    string              `json:"created"`
	Regions    []shebao.Region     `json:"regions"`
	Blocks     []shebao.StatsBlock `json:"blocks"`
	// Figures are format 2's (nil in a file of format 1, whose signed
	// content is then what it was).
	Figures   *shebao.StatsFigures `json:"figures,omitempty"`
	PublicKey string               `json:"public_key"`
	Signature string               `json:"signature"`
}

// canonical returns the signed content: the file without its signature.
func (f File) canonical() ([]byte, error) {
	f.Signature = ""
	return json.Marshal(f)
}

// GenerateKeys returns a new Ed25519 key pair as PEM: the private key
// (PKCS #8) and the public key (PKIX).
func GenerateKeys() (private, public []byte, err error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	p8, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, err
	}
	px, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8}), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: px}), nil
}

// PublicPEM returns the public key of a private key as PEM (PKIX).
func PublicPEM(k ed25519.PrivateKey) []byte {
	px, _ := x509.MarshalPKIXPublicKey(k.Public())
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: px})
}

// ParsePrivateKey reads an Ed25519 private key written by GenerateKeys.
func ParsePrivateKey(data []byte) (ed25519.PrivateKey, error) {
	b, _ := pem.Decode(data)
	if b == nil || b.Type != "PRIVATE KEY" {
		return nil, shebao.FieldErrorf("私钥", "私钥文件无效(应为 shebao report keygen 生成的 PEM 文件)")
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	priv, ok := k.(ed25519.PrivateKey)
	if err != nil || !ok {
		return nil, shebao.FieldErrorf("私钥", "私钥文件无效(应为 Ed25519 私钥)")
	}
	return priv, nil
}

// ParsePublicKey reads an Ed25519 public key written by GenerateKeys.
func ParsePublicKey(data []byte) (ed25519.PublicKey, error) {
	b, _ := pem.Decode(data)
	if b == nil || b.Type != "PUBLIC KEY" {
		return nil, shebao.FieldErrorf("公钥", "公钥文件无效(应为 shebao report keygen 生成的 PEM 文件)")
	}
	k, err := x509.ParsePKIXPublicKey(b.Bytes)
	pub, ok := k.(ed25519.PublicKey)
	if err != nil || !ok {
		return nil, shebao.FieldErrorf("公钥", "公钥文件无效(应为 Ed25519 公钥)")
	}
	return pub, nil
}

// Fingerprint is the first 16 hex digits of the SHA-256 of a public key.
func Fingerprint(pub ed25519.PublicKey) string {
	h := sha256.Sum256(pub)
	return hex.EncodeToString(h[:8])
}

// Export writes the signed file of the region's statistics for the month
// (YYYY-MM, not after the current month), signed with the private key.
func (s *Service) Export(ctx context.Context, region, month string, key ed25519.PrivateKey) ([]byte, error) {
	self, _, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	if self.Code == "" {
		return nil, shebao.FieldErrorf("区划代码", "请指定上报的区划(--region)")
	}
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		return nil, shebao.FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", month)
	}
	if string(m) > shebao.Today().Format("2006-01") {
		return nil, shebao.FieldErrorf("月份", "月份%s尚未开始,不能上报", m)
	}
	if len(key) != ed25519.PrivateKeySize {
		return nil, shebao.FieldErrorf("私钥", "私钥无效")
	}
	year := m.First().Year()
	back := year - shebao.CoverageAge
	blocks := []shebao.StatsBlock{
		{Year: year, To: string(m)},
		{Year: back, Prefix: shebao.CounterBorn + "|", To: fmt.Sprintf("%04d%s", back, string(m)[4:])},
	}
	forward, figures, err := s.forwarded(ctx, self.Code, string(m), blocks)
	if err != nil {
		return nil, err
	}
	figures.AsOf = m.Last().Format(shebao.DateLayout)
	regions, blocks, err := s.store.ExportCounters(ctx, self.Code, blocks, forward)
	if err != nil {
		return nil, err
	}
	if err := s.ownFigures(ctx, self.Code, figures); err != nil {
		return nil, err
	}
	sender := ""
	if a, ok := shebao.ActorFrom(ctx); ok {
		sender = a.Name
	}
	f := File{Format: FileFormat, Region: self.Code, RegionName: self.Name, Month: string(m), Sender: sender,
		Created: shebao.Now().UTC().Format(createdLayout), Regions: regions, Blocks: blocks, Figures: figures,
		PublicKey: base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey))}
	c, err := f.canonical()
	if err != nil {
		return nil, err
	}
	f.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, c))
	out, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// Trust registers the public key (PEM) of a region's submissions in place
// of the one in force; false when it was the key in force already.
func (s *Service) Trust(ctx context.Context, region string, pemData []byte) (*shebao.TrustedKey, bool, error) {
	pub, err := ParsePublicKey(pemData)
	if err != nil {
		return nil, false, err
	}
	r, err := idno.ParseRegion(region)
	if err != nil {
		return nil, false, shebao.FieldErrorf("区划代码", "%s", err.Error())
	}
	k := &shebao.TrustedKey{Region: r.Code, Fingerprint: Fingerprint(pub), PublicKey: base64.StdEncoding.EncodeToString(pub)}
	changed, err := s.store.TrustKey(ctx, k)
	if err != nil {
		return nil, false, err
	}
	return k, changed, nil
}

// Imported is the outcome of an import: the submission, and whether it
// is new (false: the same file was received before).
type Imported struct {
	Submission *shebao.StatsSubmission `json:"submission"`
	Created    bool                    `json:"created"`
}

// Import checks a district's file and keeps it as the submission of its
// month (see the package's note on upward reports).
func (s *Service) Import(ctx context.Context, data []byte) (*Imported, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil || f.Format != FileFormat && f.Format != FileFormatV2 && f.Format != FileFormatV1 {
		return nil, shebao.FieldErrorf("文件", "不是有效的统计上报文件(格式应为%s)", FileFormat)
	}
	if f.Format == FileFormatV1 && f.Figures != nil || f.Format != FileFormatV1 && f.Figures == nil ||
		f.Format == FileFormatV2 && f.Figures.LumpSums != nil {
		return nil, shebao.FieldErrorf("文件", "统计上报文件的格式%s与其内容不符", f.Format)
	}
	r, err := idno.ParseRegion(f.Region)
	if err != nil || r.Code != f.Region {
		return nil, shebao.FieldErrorf("区划代码", "文件的区划代码“%s”无效", f.Region)
	}
	m, err := shebao.ParsePeriod(f.Month)
	if err != nil || string(m) != f.Month {
		return nil, shebao.FieldErrorf("月份", "文件的月份“%s”无效,应为YYYY-MM", f.Month)
	}
	if _, err := time.Parse(createdLayout, f.Created); err != nil {
		return nil, shebao.FieldErrorf("导出时间", "文件的导出时间“%s”无效", f.Created)
	}
	key, err := s.store.TrustedKey(ctx, f.Region)
	if err != nil {
		return nil, err
	}
	if key == nil {
		return nil, shebao.FieldErrorf("区划代码", "区划%s尚未登记上报公钥,请先登记(shebao report trust)", f.Region)
	}
	pub, _ := base64.StdEncoding.DecodeString(key.PublicKey)
	sig, err := base64.StdEncoding.DecodeString(f.Signature)
	c, cerr := f.canonical()
	if err != nil || cerr != nil || len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, c, sig) {
		if f.PublicKey != key.PublicKey {
			return nil, shebao.FieldErrorf("签名", "文件不是用区划%s登记的公钥(指纹%s)所对应的私钥签名的,不予接收", f.Region, key.Fingerprint)
		}
		return nil, shebao.FieldErrorf("签名", "签名校验失败:文件内容在签名后被改动,不予接收")
	}
	rows, err := checkFile(&f, r)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(c)
	sub := &shebao.StatsSubmission{Digest: hex.EncodeToString(sum[:]), Region: f.Region, RegionName: f.RegionName, Month: f.Month,
		Sender: f.Sender, Created: f.Created, KeyFingerprint: key.Fingerprint, Rows: rows, Format: f.Format, Includes: []string{}}
	if g := f.Figures; g != nil {
		sub.FiguresAsOf, sub.Funds, sub.LandBatches = g.AsOf, len(g.Funds), len(g.Land)
		for _, e := range g.Employers {
			sub.Employers += e.N
		}
		for _, i := range g.Includes {
			sub.Includes = append(sub.Includes, i.Region+":"+i.Month)
		}
	}
	created, err := s.store.SaveSubmission(ctx, sub, f.Regions, f.Blocks, f.Figures)
	if err != nil {
		return nil, err
	}
	if !created {
		subs, err := s.store.Submissions(ctx, f.Region, f.Month)
		if err != nil {
			return nil, err
		}
		for i := range subs {
			if subs[i].Digest == sub.Digest {
				sub = &subs[i]
			}
		}
	}
	sub.Lacks = lacks(sub.Format)
	return &Imported{Submission: sub, Created: created}, nil
}

// lacks names what a submission of a format does not carry.
func lacks(format string) []string {
	switch format {
	case FileFormatV1:
		return lacksV1
	case FileFormatV2:
		return lacksV2
	}
	return nil
}

// checkFile checks that a file's content is whole: its regions are the
// district and regions below it, parents first; its first block covers
// its month from January, every block's rows lie inside the district,
// within the block's months and keys, and each month's days add up to it.
// It returns the number of rows.
func checkFile(f *File, district idno.Region) (int, error) {
	known := map[string]bool{}
	for i, r := range f.Regions {
		c, err := idno.ParseRegion(r.Code)
		switch {
		case err != nil || c.Code != r.Code || !district.Contains(r.Code):
			return 0, shebao.FieldErrorf("区划", "第%d个区划“%s”不在%s之内", i+1, r.Code, f.Region)
		case i == 0 && r.Code != f.Region:
			return 0, shebao.FieldErrorf("区划", "区划列表应以上报区划%s开始", f.Region)
		case i > 0 && !known[r.Parent]:
			return 0, shebao.FieldErrorf("区划", "区划%s的上级%s未在其前列出", r.Code, r.Parent)
		case strings.TrimSpace(r.Name) == "" || r.Level < 1 || r.Level > 5:
			return 0, shebao.FieldErrorf("区划", "区划%s的名称或级别无效", r.Code)
		}
		known[r.Code] = true
	}
	if len(f.Blocks) == 0 || f.Blocks[0].Prefix != "" || f.Blocks[0].To != f.Month || fmt.Sprint(f.Blocks[0].Year) != f.Month[:4] {
		return 0, shebao.FieldErrorf("数据块", "第1个数据块应为%s年1月至%s的全部统计计数", f.Month[:4], f.Month)
	}
	n := 0
	for i, b := range f.Blocks {
		at := func(kind string, j int) string { return fmt.Sprintf("第%d个数据块%s第%d行", i+1, kind, j+1) }
		if b.Year < 1900 || b.Year > 9999 || len(b.To) != 7 || b.To[:4] != fmt.Sprintf("%04d", b.Year) {
			return 0, shebao.FieldErrorf("数据块", "第%d个数据块的年份或截止月份无效", i+1)
		}
		row := func(where, region, key string) error {
			if !known[region] {
				return shebao.FieldErrorf("区划", "%s的区划%s不在文件的区划列表中", where, region)
			}
			if key == "" || !strings.HasPrefix(key, b.Prefix) {
				return shebao.FieldErrorf("指标", "%s的计数键“%s”无效", where, key)
			}
			return nil
		}
		for j, r := range b.Base {
			if err := row(at("基数", j), r.Region, r.Key); err != nil {
				return 0, err
			}
		}
		for j, r := range b.Months {
			if err := row(at("月份", j), r.Region, r.Key); err != nil {
				return 0, err
			}
			if _, err := shebao.ParsePeriod(r.Month); err != nil || r.Month[:4] != b.To[:4] || r.Month > b.To {
				return 0, shebao.FieldErrorf("月份", "%s的月份“%s”不在数据块的月份之内", at("月份", j), r.Month)
			}
			var sum int64
			for _, d := range r.Days {
				sum += d
			}
			if sum != r.N {
				return 0, shebao.FieldErrorf("合计", "%s(%s %s %s)各日之和%d与月合计%d不符", at("月份", j), r.Region, r.Key, r.Month, sum, r.N)
			}
		}
		n += len(b.Base) + len(b.Months)
	}
	if g := f.Figures; g != nil {
		m, _ := shebao.ParsePeriod(f.Month)
		if g.AsOf != m.Last().Format(shebao.DateLayout) {
			return 0, shebao.FieldErrorf("数据日期", "文件的基金等数据日期“%s”应为%s月末", g.AsOf, f.Month)
		}
		in := func(what string, j int, region string) error {
			if !known[region] {
				return shebao.FieldErrorf("区划", "%s第%d项的区划%s不在文件的区划列表中", what, j+1, region)
			}
			return nil
		}
		for j, x := range g.Funds {
			if err := in("基金", j, x.Region); err != nil {
				return 0, err
			}
			if strings.TrimSpace(x.Fund) == "" || x.Entries < 0 {
				return 0, shebao.FieldErrorf("基金", "基金第%d项的基金代码或凭证数无效", j+1)
			}
		}
		for j, x := range g.Land {
			if err := in("被征地农民批次", j, x.Region); err != nil {
				return 0, err
			}
			if strings.TrimSpace(x.ApprovalNo) == "" || x.Gap != x.Required-x.Received {
				return 0, shebao.FieldErrorf("被征地农民", "被征地农民批次第%d项的批准文号或资金缺口无效", j+1)
			}
		}
		for j, x := range g.Employers {
			if err := in("参保单位数", j, x.Region); err != nil {
				return 0, err
			}
			if x.N < 0 {
				return 0, shebao.FieldErrorf("参保单位数", "参保单位数第%d项为负", j+1)
			}
		}
		for j, x := range g.Includes {
			if err := in("汇总的下级上报", j, x.Region); err != nil {
				return 0, err
			}
		}
		for j, x := range g.LumpSums {
			if err := in("村改居一次性补缴", j, x.Region); err != nil {
				return 0, err
			}
			if p, err := shebao.ParsePeriod(x.Month); err != nil || string(p) != x.Month || x.Month[:4] != f.Month[:4] || x.Month > f.Month ||
				shebao.LumpPayerNames[x.Party] == "" {
				return 0, shebao.FieldErrorf("村改居一次性补缴", "村改居一次性补缴第%d项的月份“%s”或缴费方“%s”无效(月份应在%s年1月至%s之间)",
					j+1, x.Month, x.Party, f.Month[:4], f.Month)
			}
		}
		n += len(g.Funds) + len(g.Land) + len(g.Employers) + len(g.LumpSums)
	}
	return n, nil
}

// Submissions lists the submissions received for the region ("" the
// actor's jurisdiction) and month ("" every month), in force and
// superseded.
func (s *Service) Submissions(ctx context.Context, region, month string) ([]shebao.StatsSubmission, error) {
	subs, err := s.store.Submissions(ctx, region, month)
	for i := range subs {
		subs[i].Lacks = lacks(subs[i].Format)
	}
	return subs, err
}

// lastOfYear returns the 31 December before a block's year: the day its
// base is the value of.
func baseDay(year int) string { return fmt.Sprintf("%04d-12-31", year-1) }

// blockEnd returns the last day a block covers.
func blockEnd(b shebao.ImportedBlock) string {
	t, _ := time.Parse("2006-01", b.To)
	return t.AddDate(0, 1, -1).Format(shebao.DateLayout)
}

// chooseBlock returns the block whose counters give a district's value
// on day among blocks (of one district, for one class of keys): the
// newest submission covering the day, else the latest ending before it
// (its last day's values), else none (-1); and whether it covers the day.
func chooseBlock(blocks []shebao.ImportedBlock, day string) (int, bool) {
	best, covers := -1, false
	for i, b := range blocks {
		c := baseDay(b.Year) <= day && day <= blockEnd(b)
		switch {
		case c && (!covers || b.Month > blocks[best].Month):
			best, covers = i, true
		case !c && !covers && blockEnd(b) < day && (best < 0 || blockEnd(b) > blockEnd(blocks[best]) ||
			blockEnd(b) == blockEnd(blocks[best]) && b.Month > blocks[best].Month):
			best = i
		}
	}
	return best, covers
}

// importedAt returns the imported counters of each region asked for on
// each day (the sum of every change up to it): day → region → sums. It
// is nil when nothing was imported.
func (s *Service) importedAt(ctx context.Context, regions, prefixes, days []string) (map[string]map[string]sums, error) {
	all, err := s.store.ImportedBlocks(ctx)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	// The blocks of each district by the class of keys they hold: a key
	// is of the longest block prefix it starts with; a block serves the
	// classes its prefix starts.
	byDistrict := map[string][]shebao.ImportedBlock{}
	prefixesOf := map[string][]string{}
	for _, b := range all {
		byDistrict[b.District] = append(byDistrict[b.District], b)
		if !containsString(prefixesOf[b.District], b.Prefix) {
			prefixesOf[b.District] = append(prefixesOf[b.District], b.Prefix)
		}
	}
	type pick struct {
		block  shebao.ImportedBlock
		covers bool
	}
	chosen := map[string]pick{} // day|district|class → block
	need := map[string]shebao.ImportedBlock{}
	for _, day := range days {
		for d, bs := range byDistrict {
			for _, class := range prefixesOf[d] {
				var eligible []shebao.ImportedBlock
				for _, b := range bs {
					if strings.HasPrefix(class, b.Prefix) {
						eligible = append(eligible, b)
					}
				}
				if i, covers := chooseBlock(eligible, day); i >= 0 {
					b := eligible[i]
					chosen[day+"|"+d+"|"+class] = pick{b, covers}
					need[fmt.Sprintf("%s|%d", b.Digest, b.Block)] = b
				}
			}
		}
	}
	var blocks []shebao.ImportedBlock
	for _, b := range need {
		blocks = append(blocks, b)
	}
	rows, err := s.store.ImportedRows(ctx, blocks, regions, prefixes)
	if err != nil {
		return nil, err
	}
	// The rows by block, region and key.
	type acc struct {
		base   int64
		months map[string]*shebao.ImportedRow
	}
	idx := map[string]map[string]map[string]*acc{}
	for i := range rows {
		r := &rows[i]
		id := fmt.Sprintf("%s|%d", r.Digest, r.Block)
		if idx[id] == nil {
			idx[id] = map[string]map[string]*acc{}
		}
		if idx[id][r.Region] == nil {
			idx[id][r.Region] = map[string]*acc{}
		}
		a := idx[id][r.Region][r.Key]
		if a == nil {
			a = &acc{months: map[string]*shebao.ImportedRow{}}
			idx[id][r.Region][r.Key] = a
		}
		if r.Month == "" {
			a.base += r.N
		} else {
			a.months[r.Month] = r
		}
	}
	district := map[string]string{} // digest → district
	for _, b := range all {
		district[b.Digest] = b.District
	}
	classOf := func(d, key string) string {
		best := ""
		for _, p := range prefixesOf[d] {
			if strings.HasPrefix(key, p) && len(p) >= len(best) {
				best = p
			}
		}
		return best
	}
	out := map[string]map[string]sums{}
	for _, day := range days {
		out[day] = map[string]sums{}
		for _, r := range regions {
			out[day][r] = sums{}
		}
		for id, byRegion := range idx {
			digest := id[:strings.IndexByte(id, '|')]
			d := district[digest]
			for region, keys := range byRegion {
				for key, a := range keys {
					p, ok := chosen[day+"|"+d+"|"+classOf(d, key)]
					if !ok || fmt.Sprintf("%s|%d", p.block.Digest, p.block.Block) != id {
						continue
					}
					v := a.base
					for m, row := range a.months {
						switch {
						case !p.covers || m < day[:7]:
							v += row.N
						case m == day[:7]:
							for dd := 0; dd < atoi(day[8:10]); dd++ {
								v += row.Days[dd]
							}
						}
					}
					if p.covers && day == baseDay(p.block.Year) {
						v = a.base
					}
					if v != 0 {
						out[day][region][key] += v
					}
				}
			}
		}
	}
	return out, nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// counterMonths reads the sums of each month (Store.CounterMonths) with
// the imported counters added: an imported month's changes are the
// difference of its last day and the last day before it.
func (s *Service) counterMonths(ctx context.Context, regions, prefixes []string, from, to string) (map[string]map[string]map[string]int64, error) {
	got, err := s.store.CounterMonths(ctx, regions, prefixes, from, to)
	if err != nil {
		return nil, err
	}
	var months, days []string
	for m := from; m <= to && len(months) <= 1200; m = addMonths(m, 1) {
		months = append(months, m)
	}
	days = append(days, dayBefore(from+"-01"))
	for _, m := range months {
		days = append(days, dayBefore(addMonths(m, 1)+"-01"))
	}
	imp, err := s.importedAt(ctx, regions, prefixes, days)
	if err != nil || imp == nil {
		return got, err
	}
	for i, m := range months {
		before, end := imp[days[i]], imp[days[i+1]]
		for _, r := range regions {
			keys := map[string]bool{}
			for k := range before[r] {
				keys[k] = true
			}
			for k := range end[r] {
				keys[k] = true
			}
			for k := range keys {
				if v := end[r][k] - before[r][k]; v != 0 {
					if got[r] == nil {
						got[r] = map[string]map[string]int64{}
					}
					if got[r][m] == nil {
						got[r][m] = map[string]int64{}
					}
					got[r][m][k] += v
				}
			}
		}
	}
	return got, nil
}

// forwarded returns, for a city's export of month, the imported blocks
// to add to each of the export's blocks and the figures of the districts'
// submissions of the month: every region below that submits to this
// instance must have submitted that month (a city forwards whole months
// only). Nothing when no submission lies below the region.
func (s *Service) forwarded(ctx context.Context, region, month string, blocks []shebao.StatsBlock) ([][]shebao.ImportedBlock, *shebao.StatsFigures, error) {
	figures := &shebao.StatsFigures{Funds: []shebao.StatsFund{}, Land: []shebao.StatsLandBatch{}, Employers: []shebao.StatsEmployers{},
		Includes: []shebao.StatsIncluded{}}
	all, err := s.store.ImportedBlocks(ctx)
	if err != nil {
		return nil, nil, err
	}
	r, err := idno.ParseRegion(region)
	if err != nil {
		return nil, nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
	}
	latest := map[string]string{} // district → its latest month in force
	of := map[string][]shebao.ImportedBlock{}
	var districts []string
	for _, b := range all {
		if !r.Contains(b.District) || b.District == region {
			continue
		}
		if _, ok := latest[b.District]; !ok {
			districts = append(districts, b.District)
		}
		if b.Month > latest[b.District] {
			latest[b.District] = b.Month
		}
		if b.Month == month {
			of[b.District] = append(of[b.District], b)
		}
	}
	if len(districts) == 0 {
		return nil, figures, nil
	}
	forward := make([][]shebao.ImportedBlock, len(blocks))
	digests := map[string]string{}
	for _, d := range districts {
		bs := of[d]
		if len(bs) == 0 {
			return nil, nil, shebao.FieldErrorf("月份", "下级区划%s尚未上报%s月统计数据(最近上报%s月),不能汇总上报;请待其上报后再导出", d, month, latest[d])
		}
		digests[d] = bs[0].Digest
		for i, want := range blocks {
			found := false
			for _, b := range bs {
				if b.Year == want.Year && b.Prefix == want.Prefix {
					forward[i] = append(forward[i], b)
					found = true
				}
			}
			if !found {
				return nil, nil, shebao.FieldErrorf("数据块", "下级区划%s的%s月上报缺少%d年的数据块,不能汇总上报", d, month, want.Year)
			}
		}
	}
	subs, err := s.store.Submissions(ctx, region, month)
	if err != nil {
		return nil, nil, err
	}
	imported, err := s.store.ImportedFigures(ctx, dayBefore(addMonths(month, 1)+"-01"))
	if err != nil {
		return nil, nil, err
	}
	for _, d := range districts {
		inc := shebao.StatsIncluded{Region: d, Month: month, Digest: digests[d]}
		for _, sub := range subs {
			if sub.Digest == inc.Digest {
				inc.Sender = sub.Sender
			}
		}
		figures.Includes = append(figures.Includes, inc)
		for _, g := range imported {
			if g.Digest != inc.Digest {
				continue
			}
			figures.Funds = append(figures.Funds, g.Funds...)
			figures.Land = append(figures.Land, g.Land...)
			figures.Employers = append(figures.Employers, g.Employers...)
			figures.Includes = append(figures.Includes, g.Includes...)
			figures.LumpSums = append(figures.LumpSums, g.LumpSums...)
		}
	}
	return forward, figures, nil
}

// ownFigures adds the instance's own figures of the region on the
// figures' day (the month's last day) to those forwarded: its funds with
// any entry, its land batches, its employers, and its 村改居 lump sums
// received in each month of the year up to the day.
func (s *Service) ownFigures(ctx context.Context, region string, f *shebao.StatsFigures) error {
	fs, err := s.store.FundStatus(ctx, f.AsOf)
	if err != nil {
		return err
	}
	var own []shebao.StatsFund
	for _, x := range fs {
		if x.Entries > 0 {
			own = append(own, shebao.FundFigures(region, x))
		}
	}
	f.Funds = append(own, f.Funds...)
	land, err := s.ownLand(ctx, region, f.AsOf)
	if err != nil {
		return err
	}
	if err := s.landMonths(ctx, region, f.AsOf, land); err != nil {
		return err
	}
	f.Land = append(land, f.Land...)
	emp, err := s.store.EmployerCounts(ctx, region)
	if err != nil {
		return err
	}
	f.Employers = append(emp, f.Employers...)
	lump, err := s.store.LumpSumMonths(ctx, region, f.AsOf[:4]+"-01-01", f.AsOf)
	if err != nil {
		return err
	}
	f.LumpSums = append(lump, f.LumpSums...)
	return nil
}

// ownLand returns the instance's own land batches in the region on a day
// with their figures (a batch without any yet: its persons to secure,
// all unsecured — as the land report shows it).
func (s *Service) ownLand(ctx context.Context, region, day string) ([]shebao.StatsLandBatch, error) {
	batches, figs, err := s.store.LandFigures(ctx, region, day)
	if err != nil {
		return nil, err
	}
	out := []shebao.StatsLandBatch{}
	for _, b := range batches {
		f := figs[b.ApprovalNo]
		if f == nil {
			f = &shebao.LandFigures{Batches: 1, PersonsToSecure: b.PersonsToSecure, Unsecured: b.PersonsToSecure}
		}
		out = append(out, shebao.StatsLandBatch{LandBatchReport: shebao.LandBatchReport{ApprovalNo: b.ApprovalNo, ApprovedOn: b.ApprovedOn,
			Region: b.Region, RegionName: b.RegionName, LandFigures: *f}, LagSum: f.LagSum()})
	}
	return out, nil
}

// landMonths fills each batch's funding received by month, from January
// of the year of day to its month: the difference of what the batch had
// received by each month's end and by the month's before.
func (s *Service) landMonths(ctx context.Context, region, day string, land []shebao.StatsLandBatch) error {
	type got struct{ gov, coll shebao.Money }
	at := func(d string) (map[string]got, error) {
		_, figs, err := s.store.LandFigures(ctx, region, d)
		out := map[string]got{}
		for no, f := range figs {
			out[no] = got{f.ReceivedGovernment, f.ReceivedCollective}
		}
		return out, err
	}
	prev, err := at(fmt.Sprintf("%04d-12-31", atoi(day[:4])-1))
	if err != nil {
		return err
	}
	for m := day[:4] + "-01"; m <= day[:7]; m = addMonths(m, 1) {
		end := dayBefore(addMonths(m, 1) + "-01")
		cur, err := at(end)
		if err != nil {
			return err
		}
		for i := range land {
			no := land[i].ApprovalNo
			g, c := cur[no].gov-prev[no].gov, cur[no].coll-prev[no].coll
			if g != 0 || c != 0 {
				land[i].Months = append(land[i].Months, shebao.StatsLandMonth{Month: m, Government: g, Collective: c})
			}
		}
		prev = cur
	}
	for i := range land {
		if land[i].Months == nil {
			land[i].Months = []shebao.StatsLandMonth{}
		}
	}
	return nil
}

// figuresAt returns the imported figures that give the region's ("" all)
// figures on day: of each region submitting here, its submission of the
// latest month ending on or before the day, the entries lying within the
// region; and the submissions read ("兴庆区2026-06").
func (s *Service) figuresAt(ctx context.Context, region, day string) (*shebao.StatsFigures, []string, error) {
	all, err := s.store.ImportedFigures(ctx, day)
	if err != nil {
		return nil, nil, err
	}
	out := &shebao.StatsFigures{AsOf: day}
	var from []string
	for _, g := range all {
		n := 0
		for _, x := range g.Funds {
			if inRegion(region, x.Region) {
				out.Funds = append(out.Funds, x)
				n++
			}
		}
		for _, x := range g.Land {
			if inRegion(region, x.Region) {
				out.Land = append(out.Land, x)
				n++
			}
		}
		for _, x := range g.Employers {
			if inRegion(region, x.Region) {
				out.Employers = append(out.Employers, x)
				n++
			}
		}
		for _, x := range g.LumpSums {
			if inRegion(region, x.Region) {
				out.LumpSums = append(out.LumpSums, x)
				n++
			}
		}
		if n > 0 {
			from = append(from, g.District+"("+g.Month+"月末)")
		}
	}
	sort.Strings(from)
	return out, from, nil
}

// fundStatus is the status of every fund on day for the region: the
// instance's own ledger (a fund is pooled per district; an instance's
// ledger is its own region's) with the funds submitted from below within
// the region added — their sums added, then balance and months computed
// again from the sums.
func (s *Service) fundStatus(ctx context.Context, region, day string) ([]shebao.FundStatus, error) {
	fs, err := s.store.FundStatus(ctx, day)
	if err != nil {
		return nil, err
	}
	imp, from, err := s.figuresAt(ctx, region, day)
	if err != nil || len(imp.Funds) == 0 {
		return fs, err
	}
	var asOf, since string
	if len(fs) > 0 {
		asOf, since = fs[0].AsOf, fs[0].From
	} else {
		t, _ := time.Parse(shebao.DateLayout, day)
		asOf, since = day, shebao.TwelveMonthsFrom(t).Format(shebao.DateLayout)
	}
	touched := map[int]bool{}
	for _, x := range imp.Funds {
		i := -1
		for j := range fs {
			if fs[j].Fund == x.Fund {
				i = j
			}
		}
		if i < 0 {
			fs = append(fs, shebao.FundStatus{Fund: x.Fund, Name: x.Name, AsOf: asOf, From: since})
			i = len(fs) - 1
		}
		fs[i].AddFigures(x)
		touched[i] = true
	}
	for i := range fs {
		if touched[i] {
			fs[i].Compute()
			fs[i].Explanation += "含下级上报的基金数据:" + strings.Join(from, "、") + "。"
		}
	}
	return fs, nil
}

// landBatches are the land batches of the region on day: the instance's
// own and those submitted from below within the region.
func (s *Service) landBatches(ctx context.Context, region, day string) ([]shebao.StatsLandBatch, error) {
	own, err := s.ownLand(ctx, region, day)
	if err != nil {
		return nil, err
	}
	imp, _, err := s.figuresAt(ctx, region, day)
	if err != nil {
		return nil, err
	}
	return append(own, imp.Land...), nil
}

// ImportedLand is the land batches submitted from below within the region
// ("" all) for the day (YYYY-MM-DD; "" today), with their figures: what
// the land report adds to the instance's own batches.
func (s *Service) ImportedLand(ctx context.Context, region, date string) ([]shebao.StatsLandBatch, error) {
	day := shebao.Today().Format(shebao.DateLayout)
	if date != "" {
		d, err := shebao.ParseDate("日期", date)
		if err != nil {
			return nil, err
		}
		day = d.Format(shebao.DateLayout)
	}
	self, _, err := s.store.StatRegion(ctx, region) // "": the actor's jurisdiction
	if err != nil {
		return nil, err
	}
	imp, _, err := s.figuresAt(ctx, self.Code, day)
	if err != nil {
		return nil, err
	}
	return imp.Land, nil
}

// importedEmployers is the count of employers submitted from below within
// the region on day.
func (s *Service) importedEmployers(ctx context.Context, region, day string) (int, error) {
	imp, _, err := s.figuresAt(ctx, region, day)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range imp.Employers {
		n += e.N
	}
	return n, nil
}
