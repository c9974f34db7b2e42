package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sheet"
)

// 导入: the upload form runs the same importer as `shebao import` (package
// ingest) on the uploaded file, as the signed-in user, so that the store
// scopes every row to their jurisdiction and audits the run. The file is
// written to a private temporary folder and removed after the import; the
// rejected rows, written back as an .xlsx with a reason column, stay there
// for the same user to download for an hour, or until their next upload.
// Folders that a crash left behind are removed when a server starts
// (sweepUploads).

// maxUpload bounds an uploaded file: 20 MiB, some 200,000 rows of a roster.
const maxUpload = 20 << 20

// importKeep is how long the errors file of an import can be downloaded.
const importKeep = time.Hour

// importTimeout bounds one import; it goes on if the browser leaves (the
// chunks already stored stay stored, and a re-run completes it anyway).
const importTimeout = 30 * time.Minute

// shownErrors is the number of rejected rows listed on the page; the
// errors file has them all.
const shownErrors = 50

// importKind is one kind of file the form imports.
type importKind struct {
	Key, Label string
	fields     []sheet.Field
	// entity is what the kind writes: the role must write it.
	entity string
	run    func(context.Context, *app.App, string, ingest.Options) (*ingest.Summary, error)
}

var importKinds = []importKind{
	{Key: "persons", Label: "人员登记", fields: ingest.PersonFields, run: ingest.Persons, entity: shebao.EntityPerson},
	{Key: "employers", Label: "单位登记", fields: ingest.EmployerFields, run: ingest.Employers, entity: shebao.EntityEmployer},
	{Key: "enrollments", Label: "参保登记", fields: ingest.EnrollmentFields, run: ingest.Enrollments, entity: shebao.EntityEnrollment},
	{Key: "declarations", Label: "缴费基数申报", fields: ingest.DeclarationFields, run: ingest.Declarations, entity: shebao.EntityContribution},
	{Key: "payments", Label: "单位缴费到账(银行回单)", fields: ingest.PaymentFields, run: ingest.Payments, entity: shebao.EntityContribution},
	{Key: "residents", Label: "城乡居民缴费", fields: ingest.ResidentContributionFields, run: ingest.ResidentContributions, entity: shebao.EntityContribution},
	{Key: "flex-bases", Label: "灵活就业缴费基数", fields: ingest.FlexBaseFields, run: ingest.FlexBases, entity: shebao.EntityContribution},
	{Key: "history", Label: "历年缴费记录", fields: ingest.HistoryFields, run: ingest.History, entity: shebao.EntityContribution},
	{Key: "claims", Label: "医疗费用结算单", fields: ingest.ClaimFields, run: ingest.Claims, entity: shebao.EntityMedical},
	{Key: "land", Label: "征地批次", fields: ingest.ExpropriationFields, run: ingest.Expropriations, entity: shebao.EntityLand},
	{Key: "roster", Label: "被征地人员名册", fields: ingest.RosterFields, run: ingest.Roster, entity: shebao.EntityRoster},
	// 社会救助 (assistui): 低保 applications collected on paper by a village.
	{Key: "assist", Label: "低保申请(一行一名家庭成员)", fields: ingest.AssistFields, run: ingest.AssistApplications, entity: shebao.EntityAssistance},
}

// Columns describes the kind's columns for the form's help text: the
// required ones and the others, by the names the file may use.
func (k importKind) Columns() string {
	var req, opt []string
	for _, f := range k.fields {
		name := f.Label
		if name == "" && len(f.Aliases) > 0 {
			name = f.Aliases[0]
		}
		if f.Required {
			req = append(req, name)
		} else {
			opt = append(opt, name)
		}
	}
	out := "必填:" + strings.Join(req, "、")
	if len(opt) > 0 {
		out += ";可选:" + strings.Join(opt, "、")
	}
	return out
}

// kindsFor are the import kinds the role may use: those whose records it
// writes.
func kindsFor(v *visit) []importKind {
	var out []importKind
	for _, k := range importKinds {
		if v.role.May(shebao.Write(k.entity)) {
			out = append(out, k)
		}
	}
	return out
}

// importTemplate serves GET /import/template?kind=: an empty .xlsx with the
// kind's header row (the columns by their usual names, required ones
// marked *), to fill in and upload.
func (u *ui) importTemplate(w http.ResponseWriter, r *http.Request, v *visit) {
	k, ok := findImportKind(r.URL.Query().Get("kind"))
	if !ok || !v.role.May(shebao.Write(shebao.EntityImport)) || !v.role.May(shebao.Write(k.entity)) {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "没有这种导入模板"))
		return
	}
	var header []string
	for _, f := range k.fields {
		name := f.Label
		if len(f.Aliases) > 0 {
			name = f.Aliases[0]
		}
		if f.Required {
			name += "*"
		}
		header = append(header, name)
	}
	u.s.writeXLSX(w, r, "template-"+k.Key+".xlsx", []sheet.Section{{Header: header}})
}

func findImportKind(key string) (importKind, bool) {
	for _, k := range importKinds {
		if k.Key == key {
			return k, true
		}
	}
	return importKind{}, false
}

// importView is the data of the import page: the form, and after an
// upload its result.
type importView struct {
	Kinds  []importKind
	Kind   string
	MaxMiB int
	Result *importResult
	Error  string
}

// importResult is the summary of one import.
type importResult struct {
	Kind, File                                  string
	Read, Created, Updated, Unchanged, Rejected int
	Errors                                      []ingest.RowError
	MoreErrors                                  int
	ErrorsLink                                  string
	Ignored                                     []string
	Seconds                                     string
}

func (u *ui) newImportView(v *visit, kind string) importView {
	return importView{Kinds: kindsFor(v), Kind: kind, MaxMiB: maxUpload >> 20}
}

// importForm serves GET /import.
func (u *ui) importForm(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityImport)) {
		u.fail(w, r, v, forbidden(v, "批量导入"))
		return
	}
	u.render(w, r, http.StatusOK, "import", u.newImportView(v, r.URL.Query().Get("kind")).page(u, v))
}

func (iv importView) page(u *ui, v *visit) *page { return u.newPage(v, "导入", "import", iv) }

// upload is what the multipart form brought.
type upload struct {
	csrf, kind string
	dir, path  string // the private folder and the file in it ("" without a file)
	name       string // the file's name as the clerk knows it
	tooLarge   bool
}

// importUpload serves POST /import (multipart: csrf, kind, file).
func (u *ui) importUpload(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityImport)) {
		u.fail(w, r, v, forbidden(v, "批量导入"))
		return
	}
	up, err := readUpload(w, r)
	keep := false
	defer func() {
		if up.dir != "" && !keep {
			os.RemoveAll(up.dir)
		}
	}()
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	// The token first: nothing of a forged request is looked at.
	if !u.checkCSRF(r, v, up.csrf) {
		u.fail(w, r, v, errCSRF())
		return
	}
	view := u.newImportView(v, up.kind)
	again := func(msg string) {
		view.Error = msg
		u.render(w, r, http.StatusBadRequest, "import", view.page(u, v))
	}
	kind, ok := findImportKind(up.kind)
	switch ext := strings.ToLower(filepath.Ext(up.name)); {
	case up.tooLarge:
		again(fmt.Sprintf("文件超过%d MiB的上限,请拆分后分批导入", maxUpload>>20))
		return
	case !ok:
		again("请选择导入类型")
		return
	case !v.role.May(shebao.Write(kind.entity)):
		again(fmt.Sprintf("您的角色(%s)无权导入%s", roleLabel(v.actor), kind.Label))
		return
	case up.path == "":
		again("请选择要上传的文件")
		return
	case ext != ".xlsx" && ext != ".csv":
		again("只能导入.xlsx或.csv文件;.xls等格式请在Excel或WPS中“另存为”.xlsx后再导入")
		return
	}
	// Problems of the file itself (no header, a required column missing,
	// broken CSV) are the clerk's to fix: find them before importing, so
	// that an error of the import proper is the store's.
	if err := checkSheet(up.path, kind.fields); err != nil {
		again("文件无法导入:" + err.Error())
		return
	}
	// The previous upload's errors file goes now.
	u.imports.dropUser(v.user.Name)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), importTimeout)
	defer cancel()
	if err := u.imports.acquire(r.Context()); err != nil {
		u.fail(w, r, v, err)
		return
	}
	errorsPath := filepath.Join(up.dir, "errors.xlsx")
	sum, err := kind.run(ctx, u.s.app, up.path, ingest.Options{ErrorsOut: errorsPath})
	u.imports.release()
	os.Remove(up.path)
	if err != nil {
		if code := shebao.ErrorCode(err); code != shebao.EINTERNAL {
			again(shebao.ErrorMessage(err))
			return
		}
		u.fail(w, r, v, err)
		return
	}
	res := &importResult{Kind: kind.Label, File: up.name, Read: sum.Read, Created: sum.Created, Updated: sum.Updated,
		Unchanged: sum.Unchanged, Rejected: sum.Rejected, Ignored: sum.IgnoredColumns, Seconds: fmt.Sprintf("%.1f", sum.Seconds)}
	res.Errors = sum.Errors[:min(len(sum.Errors), shownErrors)]
	res.MoreErrors = sum.Rejected - len(res.Errors)
	if sum.Rejected > 0 {
		base := strings.TrimSuffix(up.name, filepath.Ext(up.name))
		id := u.imports.put(v.user.Name, up.dir, errorsPath, base+"-错误行.xlsx")
		res.ErrorsLink = "/import/errors/" + id
		keep = true
	}
	view.Result = res
	u.render(w, r, http.StatusOK, "import", view.page(u, v))
}

// readUpload streams the multipart form: the small fields into memory,
// the file into a new private folder, at most maxUpload bytes. The caller
// removes up.dir. A body that is not a multipart form, or breaks off, is
// a user error.
func readUpload(w http.ResponseWriter, r *http.Request) (*upload, error) {
	up := &upload{}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return up, shebao.Errorf(shebao.EINVALID, "请通过导入页面的表单上传文件")
	}
	small := func(p *multipart.Part, n int64) string {
		b, _ := io.ReadAll(io.LimitReader(p, n))
		return strings.TrimSpace(string(b))
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return up, nil
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			up.tooLarge = true
			return up, nil
		}
		if err != nil {
			return up, shebao.Errorf(shebao.EINVALID, "上传中断或表单格式错误,请重新上传")
		}
		switch p.FormName() {
		case "csrf":
			up.csrf = small(p, 256)
		case "kind":
			up.kind = small(p, 64)
		case "file":
			if p.FileName() == "" || up.path != "" {
				break // no file chosen, or a second one
			}
			if up.dir, err = os.MkdirTemp("", uploadDirPattern()); err != nil {
				return up, err
			}
			up.name = cleanFileName(p.FileName())
			up.path = filepath.Join(up.dir, "upload"+strings.ToLower(filepath.Ext(up.name)))
			f, err := os.OpenFile(up.path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
			if err != nil {
				return up, err
			}
			n, err := io.Copy(f, io.LimitReader(p, maxUpload+1))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			switch {
			case errors.As(err, &mbe) || n > maxUpload:
				up.tooLarge = true
				return up, nil
			case err != nil:
				return up, shebao.Errorf(shebao.EINVALID, "上传中断,请重新上传")
			}
		}
		p.Close()
	}
}

// cleanFileName keeps the last element of an uploaded file's name (some
// browsers send the whole path) without characters that mean something to
// a file system or a terminal, at most 80 characters.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`:*?"<>|`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	ext := filepath.Ext(name)
	if rs := []rune(strings.TrimSuffix(name, ext)); len(rs) > 80 {
		name = string(rs[:80]) + ext
	}
	if strings.TrimSuffix(name, ext) == "" || strings.HasPrefix(name, ".") {
		name = "upload" + ext
	}
	return name
}

// checkSheet reads the whole file as the importer will, without storing
// anything: the header must match and every row must be readable.
func checkSheet(path string, fields []sheet.Field) error {
	rd, err := sheet.Open(path, fields)
	if err != nil {
		return err
	}
	defer rd.Close()
	for {
		if _, err := rd.Next(); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// importErrors serves GET /import/errors/{id}: the rejected rows of the
// user's last import, to that user only.
func (u *ui) importErrors(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityImport)) {
		u.fail(w, r, v, forbidden(v, "批量导入"))
		return
	}
	f := u.imports.get(v.user.Name, r.PathValue("id"))
	if f == nil {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "错误行文件不存在或已过期(上传后保留一小时,再次上传后删除)"))
		return
	}
	file, err := os.Open(f.path)
	if err != nil {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "错误行文件已删除"))
		return
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	noStore(w)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="errors.xlsx"; filename*=UTF-8''`+url.PathEscape(f.name))
	http.ServeContent(w, r, "", st.ModTime(), file)
}

// importStore keeps the errors files of recent imports, one per user, and
// bounds the imports running at once (each one writes in chunks and the
// machine has few cores).
type importStore struct {
	mu    sync.Mutex
	files map[string]*importFile // by id
	slots chan struct{}
}

// importFile is one kept errors file.
type importFile struct {
	user, dir, path, name string
	timer                 *time.Timer
}

// newImportStore is the store of a server that is starting: the upload
// folders that an earlier run left behind when it crashed go first.
func newImportStore() *importStore {
	sweepUploads(os.TempDir(), time.Now())
	return &importStore{files: map[string]*importFile{}, slots: make(chan struct{}, 2)}
}

// Upload folders are named shebao-import-<pid>-<random>, after the process
// that made them, so that a server starting can tell the folders a crashed
// run left (uploads with personal data, errors files) from those of
// another server running on the same machine.
const uploadPrefix = "shebao-import-"

func uploadDirPattern() string { return fmt.Sprintf("%s%d-", uploadPrefix, os.Getpid()) }

// processStart is when this process started (near enough: when the
// package was initialised).
var processStart = time.Now()

// uploadMaxAge is the longest an upload folder lives: an import's time and
// then its errors file's.
const uploadMaxAge = importTimeout + importKeep

// sweepUploads removes the upload folders in dir that no running server
// owns: those older than uploadMaxAge, and those made before this process
// started by a process that is no more — or that had this process's id
// (an earlier run in a container, where each run has the same id). It
// returns how many it removed.
func sweepUploads(dir string, now time.Time) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, uploadPrefix) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		mod := info.ModTime()
		stale := now.Sub(mod) > uploadMaxAge
		if !stale && mod.Before(processStart) {
			pid, ok := uploadOwner(name)
			stale = !ok || pid == os.Getpid() || !processAlive(pid)
		}
		if stale && os.RemoveAll(filepath.Join(dir, name)) == nil {
			n++
		}
	}
	return n
}

// uploadOwner is the process id in an upload folder's name; false for a
// name without one (made by an older version).
func uploadOwner(name string) (int, bool) {
	rest := strings.TrimPrefix(name, uploadPrefix)
	digits, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(digits)
	return pid, err == nil && pid > 0
}

// processAlive reports whether a process with the id runs (when in doubt,
// yes: its folder then waits for uploadMaxAge).
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || !(errors.Is(err, os.ErrProcessDone) || errors.Is(err, syscall.ESRCH))
}

// acquire waits for an import slot, as long as the request lasts.
func (s *importStore) acquire(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *importStore) release() { <-s.slots }

// put keeps a user's errors file (in its own folder dir) for importKeep
// and returns its random id.
func (s *importStore) put(user, dir, path, name string) string {
	id := rand.Text()
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &importFile{user: user, dir: dir, path: path, name: name}
	f.timer = time.AfterFunc(importKeep, func() { s.remove(id) })
	s.files[id] = f
	return id
}

// get returns the user's file with the id, or nil: another user's file is
// not there for them.
func (s *importStore) get(user, id string) *importFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.files[id]; f != nil && f.user == user {
		return f
	}
	return nil
}

// remove deletes one file and its folder.
func (s *importStore) remove(id string) {
	s.mu.Lock()
	f := s.files[id]
	delete(s.files, id)
	s.mu.Unlock()
	if f != nil {
		f.timer.Stop()
		os.RemoveAll(f.dir)
	}
}

// dropUser deletes the user's kept files: a new upload replaces them.
func (s *importStore) dropUser(user string) {
	s.mu.Lock()
	var ids []string
	for id, f := range s.files {
		if f.user == user {
			ids = append(ids, id)
		}
	}
	s.mu.Unlock()
	for _, id := range ids {
		s.remove(id)
	}
}
