package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/shebao/shebao"
)

// codeStatus maps shebao's error codes to HTTP statuses: the only place
// where that choice is made.
var codeStatus = map[string]int{
	shebao.EINVALID:      http.StatusBadRequest,
	shebao.ENOTFOUND:     http.StatusNotFound,
	shebao.ECONFLICT:     http.StatusConflict,
	shebao.EUNAUTHORIZED: http.StatusUnauthorized,
	shebao.EFORBIDDEN:    http.StatusForbidden,
	shebao.EINTERNAL:     http.StatusInternalServerError,
}

// internalMessage is all a user learns of an internal error; the details go
// to the log under the request id, which the response carries in
// X-Request-Id.
const internalMessage = "系统内部错误,请联系管理员"

// statusError is a user error that HTTP reports with a more precise status
// than its code maps to: 413 for an oversize body, 415 for a body that is
// not JSON, 405 for a wrong method. Its code stays one of shebao's.
type statusError struct {
	status int
	err    *shebao.Error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

func withStatus(status int, err *shebao.Error) error {
	return &statusError{status: status, err: err}
}

// errorStatus returns the HTTP status of err.
func errorStatus(err error) int {
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	var te *shebao.ThrottleError
	if errors.As(err, &te) {
		return http.StatusTooManyRequests
	}
	if st, ok := codeStatus[shebao.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// errorResponse is the one JSON shape of every error:
// {"error":{"code":"invalid","message":"…","field":"身份证号"}}.
type errorResponse struct {
	Error *shebao.Error `json:"error"`
}

// writeError answers with err. A user error (*shebao.Error) is shown as it
// is; anything else is internal: logged with the request id and shown as
// internalMessage only, since its text may hold SQL or personal data.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := shebao.ErrorCode(err)
	status := errorStatus(err)
	if code == shebao.EINTERNAL || status >= 500 {
		ri := infoFrom(r.Context())
		level := s.logger.Error
		if errors.Is(err, context.Canceled) {
			level = s.logger.Warn // the client went away; nothing to repair
		}
		level("internal error", "request_id", ri.id, "route", ri.route, "actor", ri.actor, "err", err)
		writeJSON(w, http.StatusInternalServerError, errorResponse{&shebao.Error{Code: shebao.EINTERNAL, Message: internalMessage}})
		return
	}
	setRetryAfter(w, err)
	var e *shebao.Error
	errors.As(err, &e) // ErrorCode found one, as code is not EINTERNAL
	writeJSON(w, status, errorResponse{&shebao.Error{Code: e.Code, Message: e.Message, Field: e.Field}})
}

// setRetryAfter tells a client that must wait (a sign-in from an address
// that backs off) how many seconds, rounded up (RFC 9110 Retry-After).
func setRetryAfter(w http.ResponseWriter, err error) {
	var te *shebao.ThrottleError
	if errors.As(err, &te) {
		w.Header().Set("Retry-After", strconv.Itoa(int((te.Wait+time.Second-1)/time.Second)))
	}
}
