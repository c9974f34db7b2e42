package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// scope is the jurisdiction of the context's actor: the range of 12-digit
// region codes it may see. Jurisdiction is a code prefix; as a range
// (lo ≤ code ≤ hi) it uses the primary-key index on every engine and under
// every collation, which LIKE 'prefix%' does not on PostgreSQL.
type scope struct {
	all    bool
	lo, hi string
	actor  shebao.Actor
}

// scopeOf returns the scope of the context's actor. A context without an
// actor sees nothing: the error is EUNAUTHORIZED.
func scopeOf(ctx context.Context) (scope, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return scope{}, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if a.Region == "" {
		if a.Role == "admin" {
			return scope{all: true, actor: a}, nil
		}
		return scope{}, shebao.Errorf(shebao.EFORBIDDEN, "用户%s未设置所属区划", a.Name)
	}
	lo, hi, err := prefixRange(a.Region)
	if err != nil {
		// A broken account, not bad input from the request.
		return scope{}, shebao.Errorf(shebao.EFORBIDDEN, "用户%s的所属区划“%s”无效", a.Name, a.Region)
	}
	return scope{lo: lo, hi: hi, actor: a}, nil
}

// prefixRange returns the smallest and largest 12-digit codes under region.
func prefixRange(region string) (lo, hi string, err error) {
	r, err := idno.ParseRegion(region)
	if err != nil {
		return "", "", shebao.FieldErrorf("区划", "%s", err.Error())
	}
	p := r.Prefix()
	return p + strings.Repeat("0", 12-len(p)), p + strings.Repeat("9", 12-len(p)), nil
}

// contains reports whether the region code lies in the scope.
func (s scope) contains(code string) bool {
	return s.all || (code >= s.lo && code <= s.hi)
}

// where appends the scope condition on column col to conds and args.
func (s scope) where(col string, conds []string, args []any) ([]string, []any) {
	if s.all {
		return conds, args
	}
	args = append(args, s.lo, s.hi)
	conds = append(conds, col+" BETWEEN $"+itoa(len(args)-1)+" AND $"+itoa(len(args)))
	return conds, args
}

// narrow intersects the scope with a region filter given by the user.
func (s scope) narrow(region string) (scope, error) {
	if region == "" {
		return s, nil
	}
	lo, hi, err := prefixRange(region)
	if err != nil {
		return s, err
	}
	if !s.all {
		if lo < s.lo {
			lo = s.lo
		}
		if hi > s.hi {
			hi = s.hi
		}
	}
	return scope{lo: lo, hi: hi, actor: s.actor}, nil
}

// region is the region code the scope stands for in audit entries: the
// lowest code of its range, which is the code of the region it was made
// from ("" for the whole database).
func (s scope) region() string {
	if s.all {
		return ""
	}
	return s.lo
}

// ownOnly reports whether the scope's actor is limited to their own
// records (a citizen: shebao.Role.OwnOnly).
func (s scope) ownOnly() bool { return shebao.RoleOf(s.actor).OwnOnly }

// own appends, for an actor limited to their own records, the condition
// that the ID-number column col is the actor's own (nothing at all when
// the account names no ID number). For other actors it appends nothing:
// their jurisdiction is the scope's range. Every list of personal records
// applies it in the store, whatever face asked.
func (s scope) own(col string, conds []string, args []any) ([]string, []any) {
	if !s.ownOnly() {
		return conds, args
	}
	if s.actor.IDNo == "" {
		return append(conds, "1 = 0"), args
	}
	args = append(args, s.actor.IDNo)
	return append(conds, col+" = $"+itoa(len(args))), args
}

// statRange is the code range of a statistic's region: the region's own
// (code), or for "" the scope's — the whole database for an actor without
// a jurisdiction.
func (s scope) statRange(code string) (lo, hi string, err error) {
	if code != "" {
		return prefixRange(code)
	}
	if s.all {
		return "000000000000", "999999999999", nil
	}
	return s.lo, s.hi, nil
}
