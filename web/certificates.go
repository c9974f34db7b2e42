package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/pdfdoc"
)

// personCertificate serves GET /api/v1/persons/{id_no}/certificates/{kind}
// (kind enrollment: 参保缴费证明; record: 个人权益记录单): the certificate
// issued now, as a PDF with its verification code. Each issue is recorded
// and audited as a read of the person's data; a citizen gets only their
// own. The font is the server's (SHEBAO_FONT, else fonts-wqy-microhei).
func (s *Server) personCertificate(w http.ResponseWriter, r *http.Request) {
	pdf, name, err := s.certificatePDF(r, r.PathValue("id_no"), r.PathValue("kind"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writePDF(w, pdf, name)
}

// certificatePDF issues the certificate and writes it as PDF, returning
// the file and its download name.
func (s *Server) certificatePDF(r *http.Request, idNo, kind string) ([]byte, string, error) {
	if _, ok := shebao.CertificateKinds[kind]; !ok {
		return nil, "", shebao.Errorf(shebao.ENOTFOUND, "证明类型“%s”不存在,应为 enrollment(参保缴费证明)或 record(个人权益记录单)", kind)
	}
	// The font first: without it nothing is issued.
	font, err := pdfdoc.FindFont("")
	if err != nil {
		return nil, "", err
	}
	c, err := s.app.Certificate.Issue(r.Context(), kind, idNo)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	hint := "凭验证码可向出具机构核验本证明的真伪及内容:GET /api/v1/certificates/" + c.Code + " 或 shebao certificate verify " + pdfdoc.FormatCode(c.Code)
	if err := pdfdoc.Certificate(&buf, c, pdfdoc.Options{Font: font, VerifyHint: hint}); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), fmt.Sprintf("%s-%s.pdf", c.KindName, c.Code), nil
}

// writePDF sends a PDF as a download, never cached (it carries personal
// data).
func writePDF(w http.ResponseWriter, pdf []byte, name string) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(pdf)
}

// verifyCertificate serves GET /api/v1/certificates/{code}, without
// sign-in: whether the office issued a certificate under the code, and
// what it certified, the person's name and number masked.
func (s *Server) verifyCertificate(w http.ResponseWriter, r *http.Request) {
	chk, err := s.app.Certificate.Verify(r.Context(), r.PathValue("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, chk)
}
