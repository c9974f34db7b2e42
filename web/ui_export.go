package web

import (
	"net/http"
	"net/url"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sheet"
)

// Excel out (issue #15 item 3): every list page downloads as .xlsx with
// the filters applied (?format=xlsx on the same address): Chinese
// headers, ID numbers as text cells — masked as on the page for the role —
// and amounts as number cells a spreadsheet sums. The rows are read page
// by page through the same service call as the page (each page audited as
// a list read), up to exportLimit rows; a larger selection says so in its
// last row and asks for a narrower one.

// exportLimit bounds the rows of one download.
const exportLimit = 100_000

// exportPage is how many rows one read of an export fetches.
const exportPage = 1000

// wantsXLSX reports whether a list page is asked for as a spreadsheet.
func wantsXLSX(r *http.Request) bool { return r.URL.Query().Get("format") == "xlsx" }

// xlsxLink is the address of the page's download: the same filters, no page.
func xlsxLink(u *url.URL) string {
	q := u.Query()
	q.Del("page")
	q.Set("format", "xlsx")
	return u.Path + "?" + q.Encode()
}

// money is an amount as a number cell of 元.
func money(m shebao.Money) sheet.Number { return sheet.Money(int64(m)) }

// exportRows reads the rows of a list page by page — fetch(offset, limit)
// returns one page's rows and the total — and sends them as one sheet.
func (u *ui) exportRows(w http.ResponseWriter, r *http.Request, v *visit, file, title string, header []string,
	fetch func(offset, limit int) ([][]any, int, error)) {
	var rows [][]any
	total := 0
	for offset := 0; offset < exportLimit; offset += exportPage {
		page, n, err := fetch(offset, exportPage)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		total = n
		rows = append(rows, page...)
		if len(page) < exportPage || len(rows) >= total {
			break
		}
	}
	if total > len(rows) {
		rows = append(rows, []any{"仅导出前" + groupDigits(len(rows)) + "行(共" + groupDigits(total) + "行),请缩小查询范围后分批导出"})
	}
	u.s.writeXLSX(w, r, file, []sheet.Section{{Title: title, Header: header, Rows: rows}})
}
