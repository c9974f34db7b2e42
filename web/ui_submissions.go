package web

import (
	"io"
	"net/http"
	"strings"

	"github.com/shebao/shebao"
)

// Statistics submissions in the browser (issue #16 item 5): the signed
// files districts sent upward, by region and month with their history (a
// file replaced by a newer one of the same month is kept and marked), and
// for the roles that import them the upload of a district's file
// (report.Service.Import, as `shebao report import` and POST
// /api/v1/reports/submissions: a tampered or unsigned file is refused, the
// same file again changes nothing).

// maxSubmission bounds an uploaded submission file.
const maxSubmission = 64 << 20

// submissionsView is the data of the submissions page.
type submissionsView struct {
	Region, Month string
	Rows          []shebao.StatsSubmission
	CanImport     bool
	Done, Error   string
}

// submissions serves GET /reports/submissions?region=&month=.
func (u *ui) submissions(w http.ResponseWriter, r *http.Request, v *visit) {
	u.showSubmissions(w, r, v, http.StatusOK, r.URL.Query().Get("done"), "")
}

func (u *ui) showSubmissions(w http.ResponseWriter, r *http.Request, v *visit, code int, done, msg string) {
	if !v.role.May(shebao.Read(shebao.EntityStats)) {
		u.fail(w, r, v, forbidden(v, "查看统计上报"))
		return
	}
	q := r.URL.Query()
	view := submissionsView{Region: strings.TrimSpace(q.Get("region")), Month: strings.TrimSpace(q.Get("month")), Done: done, Error: msg,
		CanImport: v.role.May(shebao.Write(shebao.EntityStats))}
	subs, err := u.s.app.Report.Submissions(r.Context(), view.Region, view.Month)
	switch {
	case err == nil:
		view.Rows = subs
	case shebao.ErrorCode(err) == shebao.EINVALID:
		view.Error, code = shebao.ErrorMessage(err), http.StatusBadRequest
	default:
		u.fail(w, r, v, err)
		return
	}
	u.render(w, r, code, "submissions", u.newPage(v, "统计上报", "reports", view))
}

// importSubmission serves POST /reports/submissions (multipart: csrf,
// file): a district's signed file.
func (u *ui) importSubmission(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityStats)) {
		u.fail(w, r, v, forbidden(v, "导入统计上报"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSubmission)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		u.showSubmissions(w, r, v, http.StatusBadRequest, "", "请选择不超过64 MiB的统计上报文件")
		return
	}
	defer r.MultipartForm.RemoveAll()
	if !u.checkCSRF(r, v, r.FormValue("csrf")) {
		u.fail(w, r, v, errCSRF())
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		u.showSubmissions(w, r, v, http.StatusBadRequest, "", "请选择要导入的统计上报文件")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	res, err := u.s.app.Report.Import(r.Context(), data)
	if err != nil {
		if code := shebao.ErrorCode(err); code == shebao.EINTERNAL || code == shebao.EFORBIDDEN {
			u.fail(w, r, v, err)
			return
		}
		u.showSubmissions(w, r, v, errorStatus(err), "", "文件未导入:"+shebao.ErrorMessage(err))
		return
	}
	msg := "已导入" + res.Submission.RegionName + res.Submission.Month + "的统计上报。"
	if !res.Created {
		msg = "该文件此前已导入,未重复导入。"
	}
	doneTo(w, r, "/reports/submissions", msg)
}
