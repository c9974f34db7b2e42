package shebao

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao/idno"
)

// NormalizePerson validates p as entered by a clerk or read from a file and
// puts it in canonical form: the ID number normalised (15-digit numbers
// upgraded), birth date and sex derived from it, the region padded to 12
// digits, flags sorted. It checks only what needs no database; whether the
// region exists is the store's business. The error is an EINVALID *Error
// naming the field.
func NormalizePerson(p *Person, today time.Time) error {
	// Every problem of the record is reported, not only the first, so that
	// a clerk correcting an import row fixes it in one go (issue #15 item
	// 8); checks that need a valid number are skipped without one.
	var problems []error
	bad := func(err error) { problems = append(problems, err) }
	id, err := idno.ParseID(p.IDNo, today)
	if err != nil {
		bad(FieldErrorf("身份证号", "%s", err.Error()))
	} else {
		p.IDNo = id.Number
		birth := id.Birth.Format(DateLayout)
		sex := id.SexName()
		if p.Birth != "" && p.Birth != birth {
			bad(FieldErrorf("出生日期", "出生日期%s与身份证号中的%s不符", p.Birth, birth))
		}
		if p.Sex != "" && p.Sex != sex {
			bad(FieldErrorf("性别", "性别“%s”与身份证号(%s)不符", p.Sex, sex))
		}
		p.Birth, p.Sex = birth, sex
	}

	p.Name = strings.TrimSpace(p.Name)
	if err := checkName(p.Name); err != nil {
		bad(err)
	}
	p.Hukou = NormalizeHukou(p.Hukou)
	if !slices.Contains(HukouNatures, p.Hukou) {
		bad(FieldErrorf("户籍性质", "户籍性质“%s”无效,应为农业、非农业或居民", p.Hukou))
	}
	if reg, err := idno.ParseRegion(p.Region); err != nil {
		bad(FieldErrorf("所属区划", "%s", err.Error()))
	} else {
		p.Region = reg.Code
	}
	if p.Phone != "" {
		if ph, err := idno.ParsePhone(p.Phone); err != nil {
			bad(FieldErrorf("联系电话", "%s", err.Error()))
		} else {
			p.Phone = ph
		}
	}
	if p.Status == "" {
		p.Status = StatusAlive
	}
	switch p.Status {
	case StatusAlive:
		if p.DeathDate != "" {
			bad(FieldErrorf("死亡日期", "人员状态为正常时不应填写死亡日期"))
		}
	case StatusDeceased:
		d, err := time.Parse(DateLayout, p.DeathDate)
		switch {
		case err != nil:
			bad(FieldErrorf("死亡日期", "人员状态为死亡时须填写有效的死亡日期(YYYY-MM-DD)"))
		case d.After(today):
			bad(FieldErrorf("死亡日期", "死亡日期%s晚于今天", p.DeathDate))
		case id.Number != "" && d.Before(id.Birth):
			bad(FieldErrorf("死亡日期", "死亡日期%s早于出生日期%s", p.DeathDate, id.Birth.Format(DateLayout)))
		}
	default:
		bad(FieldErrorf("人员状态", "人员状态“%s”无效,应为正常或死亡", p.Status))
	}
	if flags, err := NormalizeFlags(p.Flags); err != nil {
		bad(err)
	} else {
		p.Flags = flags
	}
	return joinProblems(problems)
}

// joinProblems is nil for none, the problem for one, and for several an
// error whose ErrorCode, Field and message are the first's and which
// unwraps (errors.Join) to each of them, for the importers to list.
func joinProblems(problems []error) error {
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return problems[0]
	}
	return errors.Join(problems...)
}

// checkName accepts Chinese names including rare characters, minority names
// with the middle dot (·), and foreign names in Latin letters.
func checkName(name string) error {
	if name == "" {
		return FieldErrorf("姓名", "姓名不能为空")
	}
	if n := len([]rune(name)); n > 60 {
		return FieldErrorf("姓名", "姓名过长(%d个字)", n)
	}
	for _, r := range name {
		if r < ' ' || strings.ContainsRune("0123456789<>\"'&;%", r) {
			return FieldErrorf("姓名", "姓名含非法字符“%c”", r)
		}
	}
	return nil
}

// NormalizeHukou maps the wordings clerks use to the three hukou natures.
func NormalizeHukou(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "户口")
	s = strings.TrimSuffix(s, "户籍")
	switch s {
	case "农业", "农村", "农", "1", "10":
		return HukouAgricultural
	case "非农业", "非农", "城镇", "2", "20":
		return HukouNonAgricultural
	case "居民", "统一居民", "城乡居民", "3", "30":
		return HukouResident
	}
	return s
}

// NormalizeFlags validates flags and returns them sorted and unique.
func NormalizeFlags(in []string) ([]string, error) {
	out := []string{}
	for _, f := range in {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(KnownFlags, f) {
			return nil, FieldErrorf("标识", "未知的人员标识“%s”(可用:%s)", f, strings.Join(KnownFlags, "、"))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out, nil
}

// SplitFlags splits a flag list as written in a cell: "被征地,低保", "被征地、低保".
func SplitFlags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' ' || r == '|'
	})
}

// PersonChanges lists the fields in which two states of a person differ,
// in the Chinese field names a clerk reads.
func PersonChanges(before, after *Person) []Change {
	var cs []Change
	add := func(field, b, a string) {
		if b != a {
			cs = append(cs, Change{Field: field, Before: b, After: a})
		}
	}
	add("姓名", before.Name, after.Name)
	add("户籍性质", before.Hukou, after.Hukou)
	add("所属区划", before.Region, after.Region)
	add("联系电话", before.Phone, after.Phone)
	add("人员状态", before.Status, after.Status)
	add("死亡日期", before.DeathDate, after.DeathDate)
	add("标识", strings.Join(before.Flags, ","), strings.Join(after.Flags, ","))
	return cs
}

// CanonicalIDNo turns any accepted form of an ID number (15 digits, full
// width, lower-case x, spaces) into the stored 18-character form, or an
// EINVALID error on 身份证号 saying why the number is not one.
func CanonicalIDNo(s string) (string, error) {
	id, err := idno.ParseID(s, Today())
	if err != nil {
		return "", FieldErrorf("身份证号", "%s", err.Error())
	}
	return id.Number, nil
}

// PersonNotFound is the answer about a number that is not registered, or
// registered outside the actor's jurisdiction: the two are not told apart.
func PersonNotFound(idNo string) error {
	return Errorf(ENOTFOUND, "未找到身份证号为%s的人员", idno.MaskID(idNo))
}

// NotRegistered is the error of a request about a person who must be
// registered (in the actor's jurisdiction) first: an enrollment, a benefit.
func NotRegistered(idNo string) error {
	return FieldErrorf("身份证号", "身份证号%s的人员未登记,请先办理人员登记", idno.MaskID(idNo))
}

// Apply sets the fields the update carries on p; nil fields stay. The
// result is not normalised yet (NormalizePerson).
func (u PersonUpdate) Apply(p *Person) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.Name, u.Name)
	set(&p.Hukou, u.Hukou)
	set(&p.Region, u.Region)
	set(&p.Phone, u.Phone)
	set(&p.Status, u.Status)
	set(&p.DeathDate, u.DeathDate)
	if u.Flags != nil {
		p.Flags = *u.Flags
	}
}

// CheckEditVersion returns nil when an edit made on version want of a
// record may be applied to the record as it is now, at version have: when
// want is nil (the client did not say which version it edited, and edits
// the current one, as before versions were checked) or equal to have.
// Otherwise someone else changed the record meanwhile, and the edit,
// computed from what the client saw, would overwrite that change unseen
// (a lost update): ECONFLICT, naming both versions, for the client to read
// the record again. what names the record in the message (人员6401…,
// 单位9164…).
func CheckEditVersion(what string, want *int, have int) error {
	if want == nil || *want == have {
		return nil
	}
	return &Error{Code: ECONFLICT, Field: "version", Message: fmt.Sprintf(
		"%s的记录已被他人修改(您修改的是第%d版,现为第%d版),请重新读取后再修改", what, *want, have)}
}
