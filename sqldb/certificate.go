package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// RecordCertificate keeps a certificate issued (certificate.Service.Issue):
// its code, kind, person, office, summary and digest. Clerks of the
// person's jurisdiction may issue one, an insured citizen only their own;
// the issue is audited as a read of the person's data (certificate.read,
// with the kind, the code and the digest), in the same transaction.
func (db *DB) RecordCertificate(ctx context.Context, c *shebao.Certificate) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	id, err := canonicalIDNo(c.IDNo)
	if err != nil {
		return err
	}
	if shebao.RoleOf(sc.actor).OwnOnly && id != sc.actor.IDNo {
		return notFoundPerson(id)
	}
	return db.Update(ctx, func(tx *Tx) error {
		p, err := tx.findPerson(ctx, id)
		if err != nil {
			return err
		}
		if p == nil || !sc.contains(p.Region) {
			return notFoundPerson(id)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO certificates (code, kind, id_no, name, region_code, office, as_of, issued_at, issued_by, summary, digest)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			c.Code, c.Kind, id, c.Name, p.Region, c.Office, c.AsOf, fmtTime(c.IssuedAt), c.IssuedBy, c.Summary, c.Digest); err != nil {
			return err
		}
		return tx.audit(ctx, "certificate.read", shebao.EntityPerson, id, p.Region, nil,
			map[string]any{"kind": c.Kind, "code": c.Code, "digest": c.Digest})
	})
}

// FindCertificate answers the verification of a code: the certificate
// issued under it, with the person's name and ID number masked (the
// holder of the paper has them in full; the answer only confirms). It
// needs no sign-in and no jurisdiction: whoever holds the code may ask.
func (db *DB) FindCertificate(ctx context.Context, code string) (*shebao.CertificateCheck, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	c := &shebao.CertificateCheck{Code: code}
	var issued string
	err := db.queryRow(ctx, `SELECT kind, name, id_no, office, as_of, issued_at, summary, digest FROM certificates WHERE code = $1`, code).
		Scan(&c.Kind, &c.Name, &c.IDNo, &c.Office, &c.AsOf, &issued, &c.Summary, &c.Digest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "验证码%s不存在:本机构未出具此证明", code)
	}
	if err != nil {
		return nil, err
	}
	c.KindName, c.IssuedAt, c.IDNo, c.Name = shebao.CertificateKinds[c.Kind], parseTime(issued), idno.MaskID(c.IDNo), maskName(c.Name)
	return c, nil
}

// maskName keeps a name's first character: 张** for 张三丰.
func maskName(n string) string {
	r := []rune(n)
	if len(r) <= 1 {
		return n
	}
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}
