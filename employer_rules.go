package shebao

import (
	"strconv"
	"strings"

	"github.com/shebao/shebao/idno"
)

// NormalizeEmployer validates e and puts it in canonical form. Whether its
// region exists is checked by the store.
func NormalizeEmployer(e *Employer) error {
	u, err := idno.ParseUSCC(e.USCC)
	if err != nil {
		return FieldErrorf("统一社会信用代码", "%s", err.Error())
	}
	e.USCC = u.Code
	e.Name = strings.TrimSpace(e.Name)
	if e.Name == "" {
		return FieldErrorf("单位名称", "单位名称不能为空")
	}
	if n := len([]rune(e.Name)); n > 100 {
		return FieldErrorf("单位名称", "单位名称过长(%d个字)", n)
	}
	if e.RiskClass < 1 || e.RiskClass > 8 {
		return FieldErrorf("行业风险类别", "工伤保险行业风险类别应为1至8,实为%d", e.RiskClass)
	}
	reg, err := idno.ParseRegion(e.Region)
	if err != nil {
		return FieldErrorf("所属区划", "%s", err.Error())
	}
	e.Region = reg.Code
	e.Industry = strings.TrimSpace(e.Industry)
	e.Contact = strings.TrimSpace(e.Contact)
	e.Address = strings.TrimSpace(e.Address)
	if e.Phone != "" {
		ph, err := idno.ParsePhone(e.Phone)
		if err != nil {
			return FieldErrorf("联系电话", "%s", err.Error())
		}
		e.Phone = ph
	}
	return nil
}

// EmployerChanges lists the fields in which two states of an employer differ.
func EmployerChanges(before, after *Employer) []Change {
	var cs []Change
	add := func(field, b, a string) {
		if b != a {
			cs = append(cs, Change{Field: field, Before: b, After: a})
		}
	}
	add("单位名称", before.Name, after.Name)
	add("所属行业", before.Industry, after.Industry)
	add("行业风险类别", strconv.Itoa(before.RiskClass), strconv.Itoa(after.RiskClass))
	add("所属区划", before.Region, after.Region)
	add("联系人", before.Contact, after.Contact)
	add("联系电话", before.Phone, after.Phone)
	add("地址", before.Address, after.Address)
	return cs
}

// CanonicalUSCC turns an accepted form of a 统一社会信用代码 into the stored
// one, or an EINVALID error on the field saying why it is not one.
func CanonicalUSCC(s string) (string, error) {
	u, err := idno.ParseUSCC(s)
	if err != nil {
		return "", FieldErrorf("统一社会信用代码", "%s", err.Error())
	}
	return u.Code, nil
}

// EmployerNotFound is the answer about a code that is not registered, or
// registered outside the actor's jurisdiction.
func EmployerNotFound(uscc string) error {
	return Errorf(ENOTFOUND, "未找到统一社会信用代码为%s的单位", uscc)
}

// Apply sets the fields the update carries on e; nil fields stay. The
// result is not normalised yet (NormalizeEmployer).
func (u EmployerUpdate) Apply(e *Employer) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&e.Name, u.Name)
	set(&e.Industry, u.Industry)
	set(&e.Region, u.Region)
	set(&e.Contact, u.Contact)
	set(&e.Phone, u.Phone)
	set(&e.Address, u.Address)
	if u.RiskClass != nil {
		e.RiskClass = *u.RiskClass
	}
}
