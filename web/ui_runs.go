package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/benefit"
	"github.com/shebao/shebao/collect"
)

// Long runs started in the browser with live progress (issue #15 item 1:
// 月度核定 and 待遇发放). The form starts the run in the background and
// waits a moment: a run done by then shows its result on the form's page
// at once, as before; a longer one (a district's payroll) goes to its
// progress page, which reloads
// itself every two seconds (a meta refresh: the UI has no JavaScript)
// and shows the items done of the total from the run's record
// (batch_runs: the runner advances it after every chunk, so it is the
// same progress `shebao run` prints). A run already going in this server
// is not started twice; the runner itself serializes runs of one job
// and period (batch.Runner), so a second server cannot double it either.
// The outcome of a run started here (its message, or its error) is kept
// in memory until the server restarts; the run's record stays in the
// database, and a run stopped by a failure or a restart is finished by
// starting it again (resumable, as every batch job).

// runWait is how long a form waits for its run before showing the
// progress page instead of the result.
var runWait = 5 * time.Second

// runKinds are the runs the UI starts: the batch kind, its title, the
// page to return to, and who may start and watch it.
var runKinds = map[string]struct {
	title, back string
	may         func(v *visit) bool
}{
	collect.JobAssessment: {"月度核定", "/contributions/assess", func(v *visit) bool {
		return v.role.May(shebao.Write(shebao.EntityContribution)) && !v.role.OwnOnly
	}},
	benefit.KindPayroll: {"待遇发放", "/payroll", func(v *visit) bool {
		return v.role.May(shebao.Write(shebao.EntityBenefit)) && !v.role.OwnOnly
	}},
}

// trackedRun is a run started by this server.
type trackedRun struct {
	running bool
	message string // the result, in Chinese, once done
	err     error
}

// runTracker holds the runs started by this server, by kind and period.
type runTracker struct {
	mu   sync.Mutex
	runs map[string]*trackedRun
}

func newRunTracker() *runTracker { return &runTracker{runs: map[string]*trackedRun{}} }

// start runs fn in the background unless a run of the key is going, and
// returns a channel closed when the run ends (nil when one was going).
func (t *runTracker) start(key string, fn func() (string, error)) <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.runs[key]; r != nil && r.running {
		return nil
	}
	r := &trackedRun{running: true}
	t.runs[key] = r
	done := make(chan struct{})
	go func() {
		defer close(done)
		msg, err := fn()
		t.mu.Lock()
		r.running, r.message, r.err = false, msg, err
		t.mu.Unlock()
	}()
	return done
}

// get returns a copy of the run of the key, or nil.
func (t *runTracker) get(key string) *trackedRun {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.runs[key]; r != nil {
		c := *r
		return &c
	}
	return nil
}

// startRun starts the run of kind for period with fn, under the visit's
// actor but not the request's cancellation (the run outlives the
// request), and waits up to runWait: a run done by then sends the browser
// to done (with the result shown there, as any form does); a run still
// going, or failed, to the run's page.
func (u *ui) startRun(w http.ResponseWriter, r *http.Request, v *visit, kind, period, done string, fn func(ctx context.Context) (string, error)) {
	ctx := context.WithoutCancel(r.Context())
	key := kind + "/" + period
	if end := u.runs.start(key, func() (string, error) { return fn(ctx) }); end != nil {
		select {
		case <-end:
			if t := u.runs.get(key); t != nil && t.err == nil {
				doneTo(w, r, done, t.message)
				return
			}
		case <-time.After(runWait):
		}
	}
	http.Redirect(w, r, "/runs/"+kind+"/"+url.PathEscape(period), http.StatusSeeOther)
}

// runView is the data of run.html.
type runView struct {
	Title, Period, Back, Status string
	Running, Failed             bool
	Done, Total, Percent        int
	Actor, StartedAt, Finished  string
	Message, Error              string
}

// runPage serves GET /runs/{kind}/{period}: the run's progress or result.
func (u *ui) runPage(w http.ResponseWriter, r *http.Request, v *visit) {
	kind, period := r.PathValue("kind"), r.PathValue("period")
	k, ok := runKinds[kind]
	if !ok {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "没有此项作业:%s", kind))
		return
	}
	if !k.may(v) {
		u.fail(w, r, v, forbidden(v, "查看"+k.title))
		return
	}
	if _, err := shebao.ParsePeriod(period); err != nil {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "月份“%s”无效", period))
		return
	}
	view := runView{Title: k.title, Period: period, Back: k.back + "?month=" + url.QueryEscape(period)}
	rec, err := u.s.app.Batch.Find(r.Context(), kind, period)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	if rec != nil {
		view.Status, view.Done, view.Total, view.Actor = rec.StatusName(), rec.Done, rec.Total, rec.Actor
		view.StartedAt = formatTime(rec.StartedAt)
		if rec.FinishedAt != nil {
			view.Finished = formatTime(*rec.FinishedAt)
		}
		if rec.Total > 0 {
			view.Percent = min(100, rec.Done*100/rec.Total)
		}
	}
	if t := u.runs.get(kind + "/" + period); t != nil {
		view.Running = t.running
		view.Message = t.message
		if t.err != nil {
			view.Failed, view.Error = true, maskIDsIn(v.actor, shebao.ErrorMessage(t.err))
		}
	}
	if rec == nil && !view.Running && !view.Failed {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "%s月尚未%s", period, k.title))
		return
	}
	p := u.newPage(v, fmt.Sprintf("%s %s", k.title, period), map[string]string{collect.JobAssessment: "assess", benefit.KindPayroll: "payroll"}[kind], view)
	if view.Running {
		p.Refresh = 2
	}
	u.render(w, r, http.StatusOK, "run", p)
}
