// Package audit reads and verifies the hash-chained audit log that every
// write and every read of personal data appends to.
package audit

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	VerifyAudit(ctx context.Context) (ok bool, firstBad int64, err error)
	CheckAudit(ctx context.Context) (*shebao.AuditCheck, error)
	RecordFullView(ctx context.Context, idNo string) error
	FindAudit(ctx context.Context, f shebao.AuditFilter) ([]*shebao.AuditEntry, error)
	AuditHead(ctx context.Context) (*shebao.AuditAnchor, error)
	AuditLink(ctx context.Context, seq int64) (hash string, found bool, err error)
}

// Service reads and verifies the audit log.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// VerifyAudit checks the audit chain: ok, or the seq of the first bad entry.
func (s *Service) VerifyAudit(ctx context.Context) (ok bool, firstBad int64, err error) {
	return s.store.VerifyAudit(ctx)
}

// CheckAudit recomputes the audit chain from the first entry to the head
// and reports the first entry that does not fit: a changed field (its hash
// differs), a removed entry (a gap in seq, or a head beyond the last
// entry), entries swapped (hashes over seq and the previous hash differ),
// or a row inserted beside the chain (no seq). Only an administrator of
// the whole database may run it: it reads every entry.
func (s *Service) CheckAudit(ctx context.Context) (*shebao.AuditCheck, error) {
	return s.store.CheckAudit(ctx)
}

// RecordFullView audits that the actor was shown the full ID and phone
// numbers of a person (person.read_full), after checking that the person is
// in the actor's jurisdiction and that the role may see full numbers. The
// web layer calls it before it answers ?full=1.
func (s *Service) RecordFullView(ctx context.Context, idNo string) error {
	return s.store.RecordFullView(ctx, idNo)
}

// FindAudit returns audit entries, newest first, within the actor's scope.
// Only roles that read the audit log (administrators, auditors) may.
func (s *Service) FindAudit(ctx context.Context, f shebao.AuditFilter) ([]*shebao.AuditEntry, error) {
	return s.store.FindAudit(ctx, f)
}

// Anchoring. The chain proves that no entry up to its head was altered,
// removed or inserted, but not that the head is the real one: whoever can
// write the database can delete the newest entries and set the head back,
// and the shorter chain checks whole. An anchor — the head's seq and hash
// copied to a place the database's writers cannot change (a file on
// another machine, a printed log book, a write-once store) — closes that:
// the chain must still hold that entry with that hash, whatever was
// appended since.

// Anchor returns the chain's head to record outside the database. Only an
// administrator of the whole database may take it.
func (s *Service) Anchor(ctx context.Context) (*shebao.AuditAnchor, error) {
	a, err := s.store.AuditHead(ctx)
	if err != nil {
		return nil, err
	}
	a.AnchoredAt = shebao.Now().UTC()
	return a, nil
}

// CheckAnchored checks the chain (CheckAudit) and that it still holds
// every anchor: an anchor beyond the head means entries were deleted and
// the head rewound; an entry whose hash differs from its anchor means the
// chain was rewritten from there.
func (s *Service) CheckAnchored(ctx context.Context, anchors []shebao.AuditAnchor) (*shebao.AuditCheck, error) {
	c, err := s.store.CheckAudit(ctx)
	if err != nil || !c.OK {
		return c, err
	}
	for _, a := range anchors {
		c.Anchors++
		if a.Seq == 0 {
			continue // anchored before the first entry: nothing to hold
		}
		if a.Seq > c.HeadSeq {
			c.OK, c.FirstBad = false, c.HeadSeq+1
			c.Reason = fmt.Sprintf("审计记录被截断:锚点记录的第%d条(%s锚定)已不在审计链中,链头现为第%d条", a.Seq, anchorTime(a), c.HeadSeq)
			return c, nil
		}
		hash, found, err := s.store.AuditLink(ctx, a.Seq)
		if err != nil {
			return nil, err
		}
		if !found || hash != a.Hash {
			c.OK, c.FirstBad = false, a.Seq
			c.Reason = fmt.Sprintf("第%d条审计记录与锚点(%s锚定)不符:审计链在锚定后被改写", a.Seq, anchorTime(a))
			return c, nil
		}
	}
	return c, nil
}

// anchorTime says when an anchor was taken, in China time.
func anchorTime(a shebao.AuditAnchor) string {
	if a.AnchoredAt.IsZero() {
		return "未注明时间"
	}
	return a.AnchoredAt.In(shebao.ChinaTime).Format("2006-01-02 15:04:05")
}

// anchorPrefix starts every anchor line, so that a file of them may hold
// other lines (notes, signatures) and an anchor is found in any log.
const anchorPrefix = "shebao-audit-anchor"

// FormatAnchor is the anchor as one line of text:
//
//	shebao-audit-anchor seq=1234 hash=<64 hex> at=<entry time> anchored=<time>
//
// times in RFC 3339, UTC.
func FormatAnchor(a *shebao.AuditAnchor) string {
	line := fmt.Sprintf("%s seq=%d hash=%s", anchorPrefix, a.Seq, a.Hash)
	if !a.At.IsZero() {
		line += " at=" + a.At.UTC().Format(time.RFC3339Nano)
	}
	if !a.AnchoredAt.IsZero() {
		line += " anchored=" + a.AnchoredAt.UTC().Format(time.RFC3339)
	}
	return line
}

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ParseAnchors reads the anchor lines of r (as FormatAnchor writes them);
// other lines are ignored. A line that starts like an anchor but is not
// one is an error naming its line number: a damaged anchor file must not
// pass for an empty one. No anchor at all is an error too.
func ParseAnchors(r io.Reader) ([]shebao.AuditAnchor, error) {
	var out []shebao.AuditAnchor
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] != anchorPrefix {
			continue
		}
		var a shebao.AuditAnchor
		seq, hash := false, false
		for _, f := range fields[1:] {
			k, v, _ := strings.Cut(f, "=")
			var err error
			switch k {
			case "seq":
				a.Seq, err = strconv.ParseInt(v, 10, 64)
				seq = err == nil && a.Seq >= 0
			case "hash":
				a.Hash, hash = v, hexHash.MatchString(v) || v == ""
			case "at":
				a.At, err = time.Parse(time.RFC3339Nano, v)
			case "anchored":
				a.AnchoredAt, err = time.Parse(time.RFC3339, v)
			}
			if err != nil {
				return nil, fmt.Errorf("锚点文件第%d行无法识别:%s", n, f)
			}
		}
		if !seq || !hash || (a.Seq > 0) != (a.Hash != "") {
			return nil, fmt.Errorf("锚点文件第%d行无法识别:应为“%s seq=序号 hash=64位十六进制”", n, anchorPrefix)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("读取锚点文件失败:%w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("锚点文件中没有锚点(以%s开头的行)", anchorPrefix)
	}
	return out, nil
}
