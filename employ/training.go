package employ

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// 职业培训 (issue #19 item 3, docs/DOMAIN.md §10): a course of a provider
// for an occupation and level, with dates, hours and places; persons of
// working age living in the jurisdiction enrolled up to the places; the
// attendance and outcome of each, with the certificate level obtained;
// the subsidy per certificate level (policy labor.training.subsidy.*, in
// force on the completion date) submitted for a second employment clerk
// (training.subsidy) and, on approval, created as one-off benefits paid by
// the next monthly payroll to the provider's account or the person's.
// A person is subsidised once per occupation and level (the benefit's
// source is "training:<occupation>:<level>"), whatever the course.

// TrainingStore is what this part of the service needs of the storage
// (part of Store).
type TrainingStore interface {
	InsertCourse(ctx context.Context, c *shebao.TrainingCourse) error
	// FindCourse reads a course with its enrolments counted, locking it
	// inside a writing transaction.
	FindCourse(ctx context.Context, id string) (*shebao.TrainingCourse, error)
	FindCourses(ctx context.Context) ([]*shebao.TrainingCourse, error)
	InsertEnrolment(ctx context.Context, e *shebao.TrainingEnrolment) error
	// CourseEnrolments reads them unaudited (for the rules);
	// FindEnrolments is the audited list.
	CourseEnrolments(ctx context.Context, courseID string) ([]*shebao.TrainingEnrolment, error)
	FindEnrolments(ctx context.Context, courseID string) ([]*shebao.TrainingEnrolment, error)
	SaveOutcome(ctx context.Context, old, e *shebao.TrainingEnrolment) error
	SubmitTrainingSubsidy(ctx context.Context, region, summary string, payload any) (*shebao.Approval, error)
	PendingTrainingSubsidies(ctx context.Context, courseID string) (int, error)
	MarkTrainingSubsidy(ctx context.Context, courseID, batch string, ids []string) error
	CreateTrainingBenefits(ctx context.Context, bs []shebao.NewBenefit) (int, error)
	TrainingSubsidized(ctx context.Context, idNo, source string) (bool, error)
}

// trainingSubsidyKeys are the policy keys of the subsidy per certificate
// level.
var trainingSubsidyKeys = map[string]string{
	shebao.CertPrimary:      "labor.training.subsidy.primary",
	shebao.CertIntermediate: "labor.training.subsidy.intermediate",
	shebao.CertSenior:       "labor.training.subsidy.senior",
}

// beginTraining checks the actor may do the action on training.
func (s *Service) beginTraining(ctx context.Context, action string) error {
	if _, err := s.store.Jurisdiction(ctx); err != nil {
		return err
	}
	a, _ := shebao.ActorFrom(ctx)
	return a.Authorize(shebao.AuditAction(action, shebao.EntityTraining), "")
}

// CreateCourse registers a course of a region in the jurisdiction.
func (s *Service) CreateCourse(ctx context.Context, c shebao.TrainingCourse) (*shebao.TrainingCourse, error) {
	if err := s.beginTraining(ctx, "training.create"); err != nil {
		return nil, err
	}
	c.Name, c.Provider, c.Occupation = strings.TrimSpace(c.Name), strings.TrimSpace(c.Provider), strings.TrimSpace(c.Occupation)
	switch {
	case c.Name == "":
		return nil, shebao.FieldErrorf("培训班名称", "培训班名称不能为空")
	case c.Provider == "":
		return nil, shebao.FieldErrorf("培训机构", "培训机构不能为空")
	case c.Occupation == "":
		return nil, shebao.FieldErrorf("职业(工种)", "职业(工种)不能为空")
	case !slices.Contains(shebao.CertLevels, c.Level):
		return nil, shebao.FieldErrorf("培训等级", "培训等级“%s”无效,应为%s", c.Level, strings.Join(shebao.CertLevels, "、"))
	case c.Hours <= 0:
		return nil, shebao.FieldErrorf("课时", "课时应大于0")
	case c.Places <= 0:
		return nil, shebao.FieldErrorf("名额", "名额应大于0")
	}
	start, err := time.Parse(shebao.DateLayout, c.Start)
	if err != nil {
		return nil, shebao.FieldErrorf("开班日期", "开班日期“%s”无效,应为YYYY-MM-DD", c.Start)
	}
	end, err := time.Parse(shebao.DateLayout, c.End)
	if err != nil {
		return nil, shebao.FieldErrorf("结业日期", "结业日期“%s”无效,应为YYYY-MM-DD", c.End)
	}
	if end.Before(start) {
		return nil, shebao.FieldErrorf("结业日期", "结业日期%s早于开班日期%s", c.End, c.Start)
	}
	if c.BankAccount, err = shebao.NormalizeBankAccount("收款账号", c.BankAccount); err != nil {
		return nil, err
	}
	switch c.Payee {
	case shebao.TrainingPayProvider:
		if c.BankAccount == "" {
			return nil, shebao.FieldErrorf("收款账号", "补贴拨付培训机构的,须填写培训机构的收款账号")
		}
	case shebao.TrainingPayPerson:
		if c.BankAccount != "" {
			return nil, shebao.FieldErrorf("收款账号", "补贴拨付个人的,收款账号随每人结业登记填写")
		}
	default:
		return nil, shebao.FieldErrorf("补贴对象", "补贴对象“%s”无效,应为机构或个人", c.Payee)
	}
	if err := s.store.InsertCourse(ctx, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// FindCourses lists the courses of the jurisdiction.
func (s *Service) FindCourses(ctx context.Context) ([]*shebao.TrainingCourse, error) {
	if err := s.beginTraining(ctx, "training.read"); err != nil {
		return nil, err
	}
	return s.store.FindCourses(ctx)
}

// FindCourse reads one course of the jurisdiction (ENOTFOUND outside),
// from the list: the store's FindCourse locks the course's row for the
// count of places, which a page that only shows it does not need.
func (s *Service) FindCourse(ctx context.Context, id string) (*shebao.TrainingCourse, error) {
	cs, err := s.FindCourses(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到培训班%s", id)
}

// FindEnrolments lists a course's enrolments (audited).
func (s *Service) FindEnrolments(ctx context.Context, courseID string) ([]*shebao.TrainingEnrolment, error) {
	if err := s.beginTraining(ctx, "training.list"); err != nil {
		return nil, err
	}
	return s.store.FindEnrolments(ctx, courseID)
}

// Enrol enrols a person on a course: living, in the jurisdiction, of
// working age on the course's first day, not yet enrolled, and within the
// places (the course is locked while counted). Enrolment closes when the
// course has ended.
func (s *Service) Enrol(ctx context.Context, courseID, idNo string) (*shebao.TrainingEnrolment, error) {
	if err := s.beginTraining(ctx, "training.enrol"); err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.TrainingEnrolment
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCourse(ctx, courseID)
		if err != nil {
			return err
		}
		if shebao.Today().Format(shebao.DateLayout) > c.End {
			return shebao.FieldErrorf("培训班", "培训班“%s”已于%s结业,不能再报名", c.Name, c.End)
		}
		first, _ := time.Parse(shebao.DateLayout, c.Start)
		p, _, err := s.person(ctx, set, idNo, first)
		if err != nil {
			return err
		}
		if c.Enrolled >= c.Places {
			return shebao.Errorf(shebao.ECONFLICT, "培训班“%s”%d个名额已满", c.Name, c.Places)
		}
		e := &shebao.TrainingEnrolment{CourseID: c.ID, IDNo: p.IDNo, Name: p.Name, Region: p.Region, Status: shebao.TrainingEnrolled}
		if err := s.store.InsertEnrolment(ctx, e); err != nil {
			return err
		}
		out = e
		return nil
	})
	return out, err
}

// RecordOutcome records an enrolment's attendance and outcome on a day
// (default today, not before the course's end): 结业 with the certificate
// level obtained (or none) and its number, or 未结业. Once its subsidy is
// paid an enrolment is final.
func (s *Service) RecordOutcome(ctx context.Context, o shebao.TrainingOutcome) (*shebao.TrainingEnrolment, error) {
	if err := s.beginTraining(ctx, "training.complete"); err != nil {
		return nil, err
	}
	id, err := shebao.CanonicalIDNo(o.IDNo)
	if err != nil {
		return nil, shebao.FieldErrorf("身份证号", "%s", shebao.ErrorMessage(err))
	}
	var out *shebao.TrainingEnrolment
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCourse(ctx, o.CourseID)
		if err != nil {
			return err
		}
		es, err := s.store.CourseEnrolments(ctx, c.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(es, func(e *shebao.TrainingEnrolment) bool { return e.IDNo == id })
		if i < 0 {
			return shebao.FieldErrorf("身份证号", "%s未报名培训班“%s”", idno.MaskID(id), c.Name)
		}
		old := es[i]
		if old.Subsidy != "" {
			return shebao.Errorf(shebao.ECONFLICT, "%s的培训补贴已核定,结业信息不能再更改", old.Name)
		}
		e := *old
		if o.Date == "" {
			o.Date = shebao.Today().Format(shebao.DateLayout)
		}
		if _, err := time.Parse(shebao.DateLayout, o.Date); err != nil {
			return shebao.FieldErrorf("结业日期", "结业日期“%s”无效,应为YYYY-MM-DD", o.Date)
		}
		if o.Date < c.End {
			return shebao.FieldErrorf("结业日期", "培训班%s结束,结业登记日期%s不能早于该日", c.End, o.Date)
		}
		if o.Attended < 0 || o.Attended > c.Hours {
			return shebao.FieldErrorf("出勤课时", "出勤课时%d应在0至%d(培训班课时)之间", o.Attended, c.Hours)
		}
		e.Attended, e.CompletedOn, e.Certificate, e.CertNo, e.BankAccount = o.Attended, o.Date, "", "", ""
		if !o.Completed {
			e.Status = shebao.TrainingIncomplete
			if o.Certificate != "" {
				return shebao.FieldErrorf("证书等级", "未结业的不能登记证书")
			}
		} else {
			e.Status = shebao.TrainingCompleted
			if o.Certificate != "" {
				if !slices.Contains(shebao.CertLevels, o.Certificate) {
					return shebao.FieldErrorf("证书等级", "证书等级“%s”无效,应为%s", o.Certificate, strings.Join(shebao.CertLevels, "、"))
				}
				if e.CertNo = strings.TrimSpace(o.CertNo); e.CertNo == "" {
					return shebao.FieldErrorf("证书编号", "登记证书须填写证书编号")
				}
				e.Certificate = o.Certificate
			}
		}
		if c.Payee == shebao.TrainingPayPerson && e.Certificate != "" {
			if e.BankAccount, err = shebao.NormalizeBankAccount("收款账号", o.BankAccount); err != nil {
				return err
			}
			if e.BankAccount == "" {
				return shebao.FieldErrorf("收款账号", "该培训班补贴拨付个人,须填写%s的收款账号", e.Name)
			}
		}
		if err := s.store.SaveOutcome(ctx, old, &e); err != nil {
			return err
		}
		out = &e
		return nil
	})
	return out, err
}

// trainingPayload is the payload of a training.subsidy approval: the
// course, the batch that marks the enrolments paid, and the subsidies as
// computed when submitted.
type trainingPayload struct {
	CourseID string              `json:"course_id"`
	Batch    string              `json:"batch"`
	IDs      []string            `json:"ids"`
	Benefits []shebao.NewBenefit `json:"benefits"`
}

// TrainingSubsidyLine is one person's subsidy of a submission.
type TrainingSubsidyLine struct {
	IDNo        string       `json:"id_no"`
	Name        string       `json:"name"`
	Certificate string       `json:"certificate"`
	Amount      shebao.Money `json:"amount"`
	Explain     string       `json:"explain"`
}

// TrainingSubsidyResult is a submitted course's subsidies: who is paid
// what, who is left out and why, and the approval that waits for a second
// clerk.
type TrainingSubsidyResult struct {
	Lines    []TrainingSubsidyLine `json:"lines"`
	Total    shebao.Money          `json:"total"`
	Skipped  []string              `json:"skipped,omitempty"`
	Approval *shebao.Approval      `json:"approval"`
}

// SubmitSubsidy computes the subsidies of a course's completions with a
// certificate not yet paid, at the amount per level in force on the
// completion date for the person's region, and puts them into the
// approval queue; they are paid in the month of the approval (one-off).
// A completion without a certificate, or a person already subsidised for
// the occupation and level, gets nothing (listed in Skipped). A second
// submission while one waits is refused; after a rejection the course can
// be submitted again.
func (s *Service) SubmitSubsidy(ctx context.Context, courseID string) (*TrainingSubsidyResult, error) {
	if err := s.beginTraining(ctx, "training.subsidy"); err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *TrainingSubsidyResult
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCourse(ctx, courseID)
		if err != nil {
			return err
		}
		if n, err := s.store.PendingTrainingSubsidies(ctx, c.ID); err != nil {
			return err
		} else if n > 0 {
			return shebao.Errorf(shebao.ECONFLICT, "培训班“%s”已有待复核的培训补贴", c.Name)
		}
		es, err := s.store.CourseEnrolments(ctx, c.ID)
		if err != nil {
			return err
		}
		res := &TrainingSubsidyResult{}
		pl := trainingPayload{CourseID: c.ID, Batch: c.ID + ":" + shebao.Now().UTC().Format("20060102T150405.000000000")}
		for _, e := range es {
			switch {
			case e.Subsidy != "":
				continue
			case e.Status == shebao.TrainingEnrolled:
				res.Skipped = append(res.Skipped, fmt.Sprintf("%s:尚未登记结业", e.Name))
				continue
			case e.Status != shebao.TrainingCompleted:
				res.Skipped = append(res.Skipped, fmt.Sprintf("%s:未结业", e.Name))
				continue
			case e.Certificate == "":
				res.Skipped = append(res.Skipped, fmt.Sprintf("%s:结业未取得证书", e.Name))
				continue
			}
			source := "training:" + c.Occupation + ":" + e.Certificate
			if paid, err := s.store.TrainingSubsidized(ctx, e.IDNo, source); err != nil {
				return err
			} else if paid {
				res.Skipped = append(res.Skipped, fmt.Sprintf("%s:已享受过%s%s证书培训补贴(同一职业同一等级只补贴一次)", e.Name, c.Occupation, e.Certificate))
				continue
			}
			on, _ := time.Parse(shebao.DateLayout, e.CompletedOn)
			key := trainingSubsidyKeys[e.Certificate]
			amount, _, err := set.Money(key, e.Region, on)
			if err != nil {
				return err
			}
			explain := fmt.Sprintf("培训班“%s”(%s,%s,%s至%s,%d课时),%s出勤%d课时,%s结业,取得%s%s证书(%s);职业培训补贴%s元(%s,%s证书),一次性拨付%s",
				c.Name, c.Provider, c.Occupation, c.Start, c.End, c.Hours, e.Name, e.Attended, e.CompletedOn, c.Occupation, e.Certificate, e.CertNo,
				amount, key, e.Certificate, payeeText(c))
			account := c.BankAccount
			if c.Payee == shebao.TrainingPayPerson {
				account = e.BankAccount
			}
			pl.IDs = append(pl.IDs, e.IDNo)
			pl.Benefits = append(pl.Benefits, shebao.NewBenefit{IDNo: e.IDNo, Kind: shebao.BenefitTraining, Monthly: amount, BankAccount: account,
				Source: source, Summary: "职业培训补贴", Explanation: explain,
				Detail: map[string]any{"course": c.ID, "provider": c.Provider, "payee": c.Payee, "certificate": e.Certificate, "cert_no": e.CertNo}})
			res.Lines = append(res.Lines, TrainingSubsidyLine{IDNo: e.IDNo, Name: e.Name, Certificate: e.Certificate, Amount: amount, Explain: explain})
			res.Total += amount
		}
		if len(pl.Benefits) == 0 {
			return shebao.Errorf(shebao.ECONFLICT, "培训班“%s”没有待申报补贴的取得证书人员(%s)", c.Name, strings.Join(res.Skipped, ";"))
		}
		summary := fmt.Sprintf("培训班“%s”(%s,%s)职业培训补贴%d人共%s元,%s", c.Name, c.Provider, c.Occupation, len(res.Lines), res.Total, payeeText(c))
		ap, err := s.store.SubmitTrainingSubsidy(ctx, c.Region, summary, pl)
		if err != nil {
			return err
		}
		res.Approval = ap
		out = res
		return nil
	})
	return out, err
}

func payeeText(c *shebao.TrainingCourse) string {
	if c.Payee == shebao.TrainingPayProvider {
		return "拨付至培训机构“" + c.Provider + "”账户"
	}
	return "拨付至本人账户"
}

// ExecuteTrainingSubsidy carries out an approved training.subsidy (the
// approving clerk's transaction): the enrolments are marked paid and the
// subsidies created as one-off benefits of the approval's month, paid by
// that month's payroll. A subsidy that already exists (the same person,
// occupation and level) refuses the whole approval: nothing is paid twice.
func (s *Service) ExecuteTrainingSubsidy(ctx context.Context, payload []byte) (string, error) {
	var pl trainingPayload
	if err := json.Unmarshal(payload, &pl); err != nil {
		return "", err
	}
	var result string
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCourse(ctx, pl.CourseID)
		if err != nil {
			return err
		}
		if err := s.store.MarkTrainingSubsidy(ctx, c.ID, pl.Batch, pl.IDs); err != nil {
			return err
		}
		month := shebao.Today().Format("2006-01")
		var total shebao.Money
		for i := range pl.Benefits {
			pl.Benefits[i].StartMonth, pl.Benefits[i].EndMonth = month, month
			total += pl.Benefits[i].Monthly
		}
		n, err := s.store.CreateTrainingBenefits(ctx, pl.Benefits)
		if err != nil {
			return err
		}
		if n != len(pl.Benefits) {
			return shebao.Errorf(shebao.ECONFLICT, "培训班“%s”有人员的同等级培训补贴已核定,不能重复核定,请驳回", c.Name)
		}
		result = fmt.Sprintf("已核定培训班“%s”职业培训补贴%d人共%s元,随%s月度发放拨付", c.Name, n, total, month)
		return nil
	})
	return result, err
}
