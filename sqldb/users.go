package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"github.com/shebao/shebao"
)

// Accounts. Only administrators create and manage users, and only within
// their own jurisdiction: an administrator of a district cannot create an
// account for another district, nor one for the whole database. Every
// change is audited under entity "user".

// passwordParams are argon2id's parameters: 64 MiB, one pass, two lanes
// (RFC 9106's second recommended option, and alexedwards/argon2id's
// default). Hashes record their parameters, so raising these later still
// verifies old hashes.
var passwordParams = &argon2id.Params{Memory: 64 * 1024, Iterations: 1, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// hashSlots bounds concurrent argon2id computations to keep memory at
// 4 × 64 MiB however many sign-ins arrive at once; the rest wait.
var hashSlots = make(chan struct{}, 4)

func withHashSlot[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	select {
	case hashSlots <- struct{}{}:
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
	defer func() { <-hashSlots }()
	return fn()
}

func hashPassword(ctx context.Context, password string) (string, error) {
	return withHashSlot(ctx, func() (string, error) { return argon2id.CreateHash(password, passwordParams) })
}

func comparePassword(ctx context.Context, password, hash string) (bool, error) {
	return withHashSlot(ctx, func() (bool, error) { return argon2id.ComparePasswordAndHash(password, hash) })
}

// dummyHash is compared against when the user does not exist, so that a
// wrong name takes as long as a wrong password.
var dummyHash = sync.OnceValues(func() (string, error) {
	return argon2id.CreateHash("shebao: no such user", passwordParams)
})

var userNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

// NormalizeUserName returns the login name in its stored form (lower case,
// trimmed) or a user error.
func NormalizeUserName(name string) (string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if !userNameRE.MatchString(n) {
		return "", shebao.FieldErrorf("用户名", "用户名应为2至64位小写字母、数字或 . _ -,以字母或数字开头")
	}
	return n, nil
}

const userColumns = `name, display_name, role, line, region_code, id_no, disabled, created_at, created_by, password_changed_at, employer`

// userColumnsOf is userColumns qualified by a table alias, for joins.
func userColumnsOf(alias string) string {
	return alias + "." + strings.ReplaceAll(userColumns, ", ", ", "+alias+".")
}

// scanUser scans userColumns, then any extra columns into extra.
func scanUser(s rowScanner, extra ...any) (*shebao.User, error) {
	var u shebao.User
	var disabled int
	var created, changed string
	dest := append([]any{&u.Name, &u.Display, &u.Role, &u.Line, &u.Region, &u.IDNo, &disabled, &created, &u.CreatedBy, &changed, &u.Employer}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	u.Disabled = disabled != 0
	u.CreatedAt, u.PasswordChangedAt = parseTime(created), parseTime(changed)
	return &u, nil
}

// findUser reads a user inside the transaction, unscoped; nil when absent.
func (tx *Tx) findUser(ctx context.Context, name string) (*shebao.User, error) {
	u, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return u, err
}

func notFoundUser(name string) error {
	return shebao.Errorf(shebao.ENOTFOUND, "未找到用户%s", name)
}

// manages reports whether the scope's actor may manage the user: an
// administrator whose jurisdiction contains the user's. A whole-database
// administrator (empty region) is managed only by another.
func (s scope) manages(u *shebao.User) bool {
	if !shebao.RoleOf(s.actor).May(shebao.Write(shebao.EntityUser)) {
		return false
	}
	if u.Region == "" {
		return s.all
	}
	return s.contains(u.Region)
}

// userAdmin returns the scope of the context's actor if it administers
// users, else EFORBIDDEN.
func userAdmin(ctx context.Context) (scope, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return sc, err
	}
	if !shebao.RoleOf(sc.actor).May(shebao.Write(shebao.EntityUser)) {
		return sc, shebao.Errorf(shebao.EFORBIDDEN, "只有管理员可以管理用户")
	}
	return sc, nil
}

// CreateUser creates an account with the password. Only an administrator
// may, for a region within their jurisdiction; a whole-database
// administrator (empty region) only by another. A citizen's account names
// their ID number, whose person must be registered in the jurisdiction;
// their region defaults to the person's.
func (db *DB) CreateUser(ctx context.Context, u *shebao.User, password string) error {
	sc, err := userAdmin(ctx)
	if err != nil {
		return err
	}
	if u.Name, err = NormalizeUserName(u.Name); err != nil {
		return err
	}
	u.Display = strings.TrimSpace(u.Display)
	if utf8.RuneCountInString(u.Display) > 64 {
		return shebao.FieldErrorf("姓名", "姓名不能超过64个字符")
	}
	u.Role, u.Line = strings.TrimSpace(u.Role), strings.TrimSpace(u.Line)
	if _, ok := shebao.LookupRole(u.Role, u.Line); !ok {
		if _, ok := shebao.LookupRole(u.Role, ""); !ok {
			return shebao.FieldErrorf("角色", "未知角色“%s”(可用:admin、clerk、town、village、land、viewer、citizen、employer)", u.Role)
		}
		if u.Role != shebao.RoleClerk {
			return shebao.FieldErrorf("业务条线", "只有经办员(clerk)有业务条线")
		}
		return shebao.FieldErrorf("业务条线", "未知业务条线“%s”(可用:registration、collection、benefits、medical、finance)", u.Line)
	}
	if u.Region != "" {
		lo, _, err := prefixRange(u.Region)
		if err != nil {
			return shebao.FieldErrorf("所属区划", "%s", shebao.ErrorMessage(err))
		}
		u.Region = lo
	}
	if u.Role == shebao.RoleCitizen {
		if u.IDNo == "" {
			return shebao.FieldErrorf("身份证号", "参保人账户须填写本人身份证号")
		}
		if u.IDNo, err = canonicalIDNo(u.IDNo); err != nil {
			return err
		}
	} else if u.IDNo != "" {
		return shebao.FieldErrorf("身份证号", "只有参保人(citizen)账户填写身份证号")
	}
	if u.Role == shebao.RoleEmployer {
		if u.Employer == "" {
			return shebao.FieldErrorf("单位", "用人单位账户须填写单位的统一社会信用代码")
		}
		if u.Employer, err = shebao.CanonicalUSCC(u.Employer); err != nil {
			return err
		}
	} else if u.Employer != "" {
		return shebao.FieldErrorf("单位", "只有用人单位(employer)账户填写统一社会信用代码")
	}
	if u.Region == "" && u.Role != shebao.RoleCitizen && u.Role != shebao.RoleEmployer {
		if u.Role != shebao.RoleAdmin {
			return shebao.FieldErrorf("所属区划", "所属区划不能为空(只有管理员可以管辖全库)")
		}
		if !sc.all {
			return shebao.Errorf(shebao.EFORBIDDEN, "只有全库管理员可以创建全库管理员")
		}
	}
	if err := shebao.CheckPassword(password); err != nil {
		return err
	}
	// Hash outside the transaction: it takes a while and holds no lock.
	hash, err := hashPassword(ctx, password)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if u.Role == shebao.RoleCitizen {
			p, err := tx.findPerson(ctx, u.IDNo)
			if err != nil {
				return err
			}
			if p == nil || !sc.contains(p.Region) {
				return notFoundPerson(u.IDNo)
			}
			if u.Region == "" {
				u.Region = p.Region
			} else if lo, hi, _ := prefixRange(u.Region); p.Region < lo || p.Region > hi {
				return shebao.FieldErrorf("所属区划", "参保人登记在%s,不在所填区划%s之内", p.Region, u.Region)
			}
		}
		if u.Role == shebao.RoleEmployer {
			// An employer's account: the employer must be registered in
			// the jurisdiction; the account's region is by default the
			// employer's district, where its vacancies' places of work lie.
			e, err := tx.findEmployer(ctx, u.Employer)
			if err != nil {
				return err
			}
			if e == nil || !sc.contains(e.Region) {
				return shebao.FieldErrorf("单位", "统一社会信用代码为%s的单位未登记或不在您的管辖范围内", u.Employer)
			}
			if u.Region == "" {
				u.Region = e.Region
				var n int
				district := e.Region[:6] + "000000"
				if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, district).Scan(&n); err != nil {
					return err
				}
				if n > 0 && sc.contains(district) {
					u.Region = district
				}
			} else if lo, hi, _ := prefixRange(u.Region); e.Region < lo || e.Region > hi {
				return shebao.FieldErrorf("所属区划", "单位登记在%s,不在所填区划%s之内", e.Region, u.Region)
			}
		}
		if u.Region != "" {
			if !sc.contains(u.Region) {
				return shebao.Errorf(shebao.EFORBIDDEN, "区划%s不在您的管辖范围内", u.Region)
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, u.Region).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return shebao.FieldErrorf("所属区划", "区划%s不存在", u.Region)
			}
		}
		a, _ := shebao.ActorFrom(ctx)
		u.CreatedAt, u.PasswordChangedAt, u.CreatedBy, u.Disabled = tx.now, tx.now, a.Name, false
		now := fmtTime(tx.now)
		if _, err := tx.Exec(ctx, `INSERT INTO users (name, display_name, role, line, region_code, id_no, password_hash, disabled,
			created_at, created_by, updated_at, password_changed_at, employer) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $8, $8, $10)`,
			u.Name, u.Display, u.Role, u.Line, u.Region, u.IDNo, hash, now, a.Name, u.Employer); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "用户名%s已存在", u.Name)
			}
			return err
		}
		return tx.audit(ctx, "user.create", shebao.EntityUser, u.Name, u.Region, nil, u)
	})
}

// FindUser returns a user the actor manages, or the actor's own account.
func (db *DB) FindUser(ctx context.Context, name string) (*shebao.User, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	n := shebao.LoginName(name)
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, n))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && u.Name != sc.actor.Name && !sc.manages(u)) {
		return nil, notFoundUser(n)
	}
	return u, err
}

// FindUsers returns the users the actor manages, by name.
func (db *DB) FindUsers(ctx context.Context) ([]*shebao.User, error) {
	sc, err := userAdmin(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("region_code", nil, nil)
	rows, err := db.query(ctx, `SELECT `+userColumns+` FROM users`+whereClause(conds)+` ORDER BY name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shebao.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// managedUser reads a user in the transaction for a change by the actor.
func (tx *Tx) managedUser(ctx context.Context, sc scope, name string) (*shebao.User, error) {
	n := shebao.LoginName(name)
	u, err := tx.findUser(ctx, n)
	if err != nil {
		return nil, err
	}
	if u == nil || !sc.manages(u) {
		return nil, notFoundUser(n)
	}
	return u, nil
}

// DisableUser disables an account and revokes its sessions and API tokens.
// The account and its history stay; nobody can sign in as it.
func (db *DB) DisableUser(ctx context.Context, name string) error {
	return db.setDisabled(ctx, name, true)
}

// EnableUser enables a disabled account again. Its old sessions and tokens
// stay revoked.
func (db *DB) EnableUser(ctx context.Context, name string) error {
	return db.setDisabled(ctx, name, false)
}

func (db *DB) setDisabled(ctx context.Context, name string, disabled bool) error {
	sc, err := userAdmin(ctx)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		u, err := tx.managedUser(ctx, sc, name)
		if err != nil {
			return err
		}
		if u.Disabled == disabled {
			return nil
		}
		flag, action := 0, "user.enable"
		if disabled {
			flag, action = 1, "user.disable"
			if err := tx.revokeCredentials(ctx, u.Name, true); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET disabled = $1, updated_at = $2 WHERE name = $3`, flag, fmtTime(tx.now), u.Name); err != nil {
			return err
		}
		return tx.audit(ctx, action, shebao.EntityUser, u.Name, u.Region, nil, nil)
	})
}

// SetPassword sets a user's password: an administrator for a user they
// manage, or anyone for their own account. The user's sessions are
// revoked, and with revokeTokens their API tokens too.
func (db *DB) SetPassword(ctx context.Context, name, password string, revokeTokens bool) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := shebao.CheckPassword(password); err != nil {
		return err
	}
	hash, err := hashPassword(ctx, password)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		n := shebao.LoginName(name)
		u, err := tx.findUser(ctx, n)
		if err != nil {
			return err
		}
		self := u != nil && u.Name == sc.actor.Name
		if u == nil || (!self && !sc.manages(u)) {
			return notFoundUser(n)
		}
		now := fmtTime(tx.now)
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE name = $3`,
			hash, now, u.Name); err != nil {
			return err
		}
		if err := tx.revokeCredentials(ctx, u.Name, revokeTokens); err != nil {
			return err
		}
		var after any
		if revokeTokens {
			after = map[string]bool{"tokens_revoked": true}
		}
		if self {
			// Changing one's own password needs no right over users.
			return tx.auditAs(ctx, sc.actor, "user.password", shebao.EntityUser, u.Name, u.Region, nil, after)
		}
		return tx.audit(ctx, "user.password", shebao.EntityUser, u.Name, u.Region, nil, after)
	})
}

// revokeCredentials revokes the user's open sessions and, with tokens, its
// API tokens.
func (tx *Tx) revokeCredentials(ctx context.Context, name string, tokens bool) error {
	now := fmtTime(tx.now)
	if _, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = $1 WHERE user_name = $2 AND revoked_at = ''`, now, name); err != nil {
		return err
	}
	if tokens {
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_name = $2 AND revoked_at = ''`, now, name); err != nil {
			return err
		}
	}
	return nil
}
