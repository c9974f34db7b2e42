package assist

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Applications collected on paper by a village and imported from a file
// (assistui, issue #18 item 10; ingest/assist.go). Each carries the number
// written on it (申请编号), unique in its region: the first import creates
// the case as an application would (Apply: registry check, one open case
// per person), and the same application again changes nothing. The same
// number with other content is refused — an application already accepted
// is corrected in its case (the investigation records what was found),
// not by a second file.

// ApplyImported records an imported application: Created, or Unchanged
// when the region already has a case with its number and the same
// content.
func (s *Service) ApplyImported(ctx context.Context, req shebao.AssistApplyRequest) (*shebao.AssistCase, shebao.Outcome, error) {
	if err := writer(ctx); err != nil {
		return nil, 0, err
	}
	req.ApplicationNo = strings.TrimSpace(req.ApplicationNo)
	if req.ApplicationNo == "" {
		return nil, 0, shebao.FieldErrorf("application_no", "缺少申请编号")
	}
	if strings.TrimSpace(req.Region) == "" {
		return nil, 0, shebao.FieldErrorf("region", "缺少区划代码")
	}
	old, err := s.cases().AssistCaseByApplication(ctx, strings.TrimSpace(req.Region), req.ApplicationNo)
	if err != nil {
		return nil, 0, err
	}
	if old != nil {
		if sameApplication(old, req) {
			return old, shebao.Unchanged, nil
		}
		return nil, 0, shebao.FieldErrorf("application_no", "申请编号%s已导入为低保案件%s(%s),本次内容不同;已受理的申请请在案件中办理", req.ApplicationNo, old.ID, old.Status)
	}
	c, err := s.Apply(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	return c, shebao.Created, nil
}

// sameApplication reports whether the request is the application the case
// was created from: the same date, account and members with the same
// relationships, incomes and categories, in the same order.
func sameApplication(c *shebao.AssistCase, req shebao.AssistApplyRequest) bool {
	if c.AppliedOn != strings.TrimSpace(req.Date) || len(c.Members) != len(req.Members) {
		return false
	}
	if bank, err := shebao.NormalizeBankAccount("bank_account", req.BankAccount); err != nil || bank != c.BankAccount {
		return false
	}
	for i, m := range req.Members {
		rel := strings.TrimSpace(m.Relation)
		if i == 0 && rel == "" {
			rel = "本人"
		}
		o := c.Members[i]
		if idno.NormalizeID(m.IDNo) != o.IDNo || rel != o.Relation || !sameJSON(m.Income, o.Income) || !sameJSON(m.Incomes, o.Incomes) ||
			!sameJSON(m.Categories, o.Categories) {
			return false
		}
	}
	return true
}

// sameJSON compares two values by their JSON (nil and empty alike).
func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	norm := func(s []byte) string {
		if string(s) == "[]" {
			return "null"
		}
		return string(s)
	}
	return norm(x) == norm(y)
}
