package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// 职业培训 (employ, issue #19 item 3).

const usageTraining = "training create --name 培训班名称 --region CODE --provider 培训机构 --occupation 职业 --level 初级|中级|高级 --start YYYY-MM-DD --end YYYY-MM-DD --hours 课时 --places N --payee 机构|个人 [--bank 机构收款账号] | training list | training enrol COURSE_ID ID_NO | training complete COURSE_ID ID_NO --outcome 结业|未结业 --attended 课时 [--cert 初级|中级|高级 --cert-no 证书编号] [--bank 个人收款账号] [--date YYYY-MM-DD] | training enrolments COURSE_ID | training subsidy COURSE_ID  [--json] --as USER   职业培训:开班、报名(名额、劳动年龄)、结业和证书、按证书等级申报培训补贴(须复核)、随月度发放拨付"

func runTraining(ctx context.Context, e *env, args []string) error {
	f := newFlags("training", e)
	as := f.String("as", "", "以该用户的身份办理")
	name := f.String("name", "", "培训班名称")
	region := f.String("region", "", "区划代码")
	provider := f.String("provider", "", "培训机构")
	occupation := f.String("occupation", "", "职业(工种)")
	level := f.String("level", "", "培训等级:初级、中级、高级")
	start := f.String("start", "", "开班日期 YYYY-MM-DD")
	end := f.String("end", "", "结业日期 YYYY-MM-DD")
	hours := f.Int("hours", 0, "课时")
	places := f.Int("places", 0, "名额")
	payee := f.String("payee", "", "补贴对象:机构或个人")
	bank := f.String("bank", "", "收款账号(机构的随开班,个人的随结业登记)")
	outcome := f.String("outcome", "", "结业或未结业")
	attended := f.Int("attended", 0, "出勤课时")
	cert := f.String("cert", "", "取得证书等级:初级、中级、高级")
	certNo := f.String("cert-no", "", "证书编号")
	date := f.String("date", "", "结业登记日期 YYYY-MM-DD(默认今天)")
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageTraining},
		ok: func(pos []string) bool {
			switch {
			case len(pos) == 1:
				return pos[0] == "create" || pos[0] == "list"
			case len(pos) == 2:
				return pos[0] == "enrolments" || pos[0] == "subsidy"
			case len(pos) == 3:
				return pos[0] == "enrol" || pos[0] == "complete"
			}
			return false
		},
		as: as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	svc := sys.Employ
	switch pos[0] {
	case "create":
		c, err := svc.CreateCourse(ctx, shebao.TrainingCourse{Name: *name, Region: *region, Provider: *provider, Occupation: *occupation,
			Level: *level, Start: *start, End: *end, Hours: *hours, Places: *places, Payee: *payee, BankAccount: *bank})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, c)
		}
		fmt.Fprintf(e.stdout, "培训班%s“%s”(%s,%s%s,%s至%s,%d课时)%d个名额,补贴拨付%s\n", c.ID, c.Name, c.Provider, c.Occupation, c.Level,
			c.Start, c.End, c.Hours, c.Places, c.Payee)
	case "list":
		cs, err := svc.FindCourses(ctx)
		if err != nil {
			return err
		}
		if *f.json {
			if cs == nil {
				cs = []*shebao.TrainingCourse{}
			}
			return writeJSON(e, cs)
		}
		for _, c := range cs {
			fmt.Fprintf(e.stdout, "%s %s “%s” %s %s%s %s至%s 名额%d 已报名%d\n", c.ID, c.Region, c.Name, c.Provider, c.Occupation, c.Level,
				c.Start, c.End, c.Places, c.Enrolled)
		}
	case "enrol":
		x, err := svc.Enrol(ctx, pos[1], pos[2])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, x)
		}
		fmt.Fprintf(e.stdout, "%s已报名培训班%s\n", x.Name, x.CourseID)
	case "complete":
		var completed bool
		switch *outcome {
		case shebao.TrainingCompleted:
			completed = true
		case shebao.TrainingIncomplete:
		default:
			return shebao.FieldErrorf("结业情况", "--outcome应为结业或未结业")
		}
		x, err := svc.RecordOutcome(ctx, shebao.TrainingOutcome{CourseID: pos[1], IDNo: pos[2], Attended: *attended, Completed: completed,
			Certificate: *cert, CertNo: *certNo, Date: *date, BankAccount: *bank})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, x)
		}
		fmt.Fprintf(e.stdout, "%s %s(出勤%d课时)%s%s\n", x.Name, x.Status, x.Attended, x.Certificate, certText(x))
	case "enrolments":
		xs, err := svc.FindEnrolments(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			if xs == nil {
				xs = []*shebao.TrainingEnrolment{}
			}
			return writeJSON(e, xs)
		}
		for _, x := range xs {
			paid := ""
			if x.Subsidy != "" {
				paid = " 补贴已核定"
			}
			fmt.Fprintf(e.stdout, "%s %s %s 出勤%d课时 %s%s%s\n", x.IDNo, x.Name, x.Status, x.Attended, x.Certificate, certText(x), paid)
		}
	case "subsidy":
		r, err := svc.SubmitSubsidy(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, r)
		}
		for _, l := range r.Lines {
			fmt.Fprintf(e.stdout, "%s %s证书 %s元:%s\n", l.Name, l.Certificate, l.Amount, l.Explain)
		}
		for _, s := range r.Skipped {
			fmt.Fprintf(e.stdout, "不予补贴 %s\n", s)
		}
		fmt.Fprintf(e.stdout, "职业培训补贴%d人共%s元,已提交复核(编号%s),复核通过后由当月待遇发放一次性拨付\n", len(r.Lines), r.Total, r.Approval.ID)
	}
	return nil
}

// certText is a certificate's number in brackets, or "".
func certText(x *shebao.TrainingEnrolment) string {
	if x.CertNo == "" {
		return ""
	}
	return "证书(" + x.CertNo + ")"
}
