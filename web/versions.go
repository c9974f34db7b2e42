package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
)

// Optimistic concurrency of the PATCH routes (issue 14, item 11). A person
// or employer carries its version (the JSON field "version"; GET and PATCH
// also send it as the ETag, "3"); a PATCH names the version it edits,
// either in the If-Match header or as "version" in its body, and is
// refused with 409 when someone else changed the record meanwhile, rather
// than overwriting their change unseen. A PATCH naming no version edits the
// record as it is now, as before versions were checked, so that existing
// clients keep working; clients that read before they write should send
// the version they read.

// setETag sends the record's version as its (strong) entity tag.
func setETag(w http.ResponseWriter, version int) {
	w.Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
}

// editVersion returns the version a PATCH edits: from If-Match (one strong
// tag, "3"; "*" names none) and the body's version, which must agree when
// both are sent; nil when neither names one.
func editVersion(r *http.Request, body *int) (*int, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return body, nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(h, `"`), `"`))
	if err != nil || !strings.HasPrefix(h, `"`) || !strings.HasSuffix(h, `"`) || len(h) < 3 || n < 1 {
		return nil, shebao.FieldErrorf("If-Match", "If-Match应为记录的版本号(ETag),如\"3\"")
	}
	if body != nil && *body != n {
		return nil, shebao.FieldErrorf("version", "请求内容的版本号%d与If-Match的版本号%d不一致", *body, n)
	}
	return &n, nil
}
