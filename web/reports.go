package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/pdfdoc"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sheet"
)

// Statistics (issue #16): GET /api/v1/reports/{kind} for every kind of
// `shebao report` (report.Kinds), the work report and the denominators.
// They are reads of the entity stats (routeEntity).

// getReport serves GET /api/v1/reports/{kind}?region=&date=&from=&to=&by=
// [&format=xlsx]: the kind's JSON, or its tables as an .xlsx download.
func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "date", "from", "to", "by", "format")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	kind := r.PathValue("kind")
	v, err := report.Run(r.Context(), report.Sources{Report: s.app.Report, Land: s.app.Land}, kind,
		report.Query{Region: q.Get("region"), Date: q.Get("date"), From: q.Get("from"), To: q.Get("to"), By: q.Get("by")})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	switch q.Get("format") {
	case "", "json":
		writeJSON(w, http.StatusOK, v)
	case "xlsx":
		s.writeXLSX(w, r, kind+".xlsx", report.Sections(report.Tables(v)))
	default:
		s.writeError(w, r, &shebao.Error{Code: shebao.EINVALID, Field: "format", Message: "format应为json或xlsx"})
	}
}

// writeXLSX writes sections as an .xlsx download.
func (s *Server) writeXLSX(w http.ResponseWriter, r *http.Request, name string, secs []sheet.Section) {
	dir, err := os.MkdirTemp("", "shebao-report-")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, name)
	if err := sheet.WriteSections(path, secs); err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// getSummary serves GET /api/v1/reports/summary?region=&date=&format=:
// the work report's section as JSON (default), Markdown (md) or HTML.
func (s *Server) getSummary(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "date", "format")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sm, err := s.app.Report.Summary(r.Context(), q.Get("region"), q.Get("date"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	switch q.Get("format") {
	case "", "json":
		writeJSON(w, http.StatusOK, sm)
	case "md":
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Write([]byte(sm.Markdown()))
	case "html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(sm.HTML()))
	case "pdf":
		b, err := summaryPDF(sm)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writePDF(w, b, sm.PDFName())
	default:
		s.writeError(w, r, &shebao.Error{Code: shebao.EINVALID, Field: "format", Message: "format应为json、md、html或pdf"})
	}
}

// listDenominators serves GET /api/v1/reports/denominators?region=&year=.
func (s *Server) listDenominators(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "year")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil {
		s.writeError(w, r, &shebao.Error{Code: shebao.EINVALID, Field: "year", Message: "year应为年度(YYYY)"})
		return
	}
	ds, err := s.app.Report.Denominators(r.Context(), q.Get("region"), year)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"denominators": ds})
}

// putDenominator serves PUT /api/v1/reports/denominators: enters or
// corrects one denominator {region, year, measure, value, source}.
func (s *Server) putDenominator(w http.ResponseWriter, r *http.Request) {
	var in shebao.Denominator
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.app.Report.SetDenominator(r.Context(), in); err != nil {
		s.writeError(w, r, err)
		return
	}
	ds, err := s.app.Report.Denominators(r.Context(), in.Region, in.Year)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"denominators": ds})
}

// submitStatistics serves POST /api/v1/reports/submissions: the body is a
// district's signed statistics file (`shebao report export`), kept as the
// submission of its month (201), or the one already kept for the same file
// (200). A file may be larger than a JSON request (up to maxUpload).
func (s *Server) submitStatistics(w http.ResponseWriter, r *http.Request) {
	// A JSON content type, as for every write of the API: a cross-site
	// form or a no-cors fetch cannot send one.
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		s.writeError(w, r, withStatus(http.StatusUnsupportedMediaType, shebao.Errorf(shebao.EINVALID, "请求内容类型应为application/json")))
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpload))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.writeError(w, r, withStatus(http.StatusRequestEntityTooLarge,
				shebao.Errorf(shebao.EINVALID, "上报文件超过%dMB", maxUpload>>20)))
			return
		}
		s.writeError(w, r, shebao.Errorf(shebao.EINVALID, "无法读取请求内容"))
		return
	}
	got, err := s.app.Report.Import(r.Context(), data)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if got.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, got)
}

// listSubmissions serves GET /api/v1/reports/submissions?region=&month=:
// the submissions received, in force and superseded.
func (s *Server) listSubmissions(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "month")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	subs, err := s.app.Report.Submissions(r.Context(), q.Get("region"), q.Get("month"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if subs == nil {
		subs = []shebao.StatsSubmission{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"submissions": subs})
}

// summaryPDF is the work report's section as a PDF, in the font
// installed on the server (pdfdoc.FindFont).
func summaryPDF(sm *report.Summary) ([]byte, error) {
	font, err := pdfdoc.FindFont("")
	if err != nil {
		return nil, err
	}
	return sm.PDF(font)
}
