package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// Users and API tokens in the browser (issue #15 item 1, 管理): the
// accounts an administrator manages (access.Service: within their
// jurisdiction), an account created with role, line and region, disabled
// and enabled again, its password reset (sessions, and optionally tokens,
// revoked), and its API tokens — created (the token shown once) and
// revoked — as `shebao user …` and `shebao token …` do.

// usersView is the data of the users page.
type usersView struct {
	Rows    []userRow
	NewLink string
	Done    string
	Failed  bool // Done says what was refused
	// Token is a token just created, shown this once.
	Token string
}

// userRow is one account.
type userRow struct {
	Name, Display, Role, Region, Created string
	Disabled                             bool
	Tokens                               []tokenRow
}

// tokenRow is one API token of an account.
type tokenRow struct {
	ID, Label, Created, Expires, LastUsed string
	Revoked                               bool
}

// mayManageUsers reports whether the visitor manages accounts.
func mayManageUsers(v *visit) bool { return v.role.May(shebao.Write(shebao.EntityUser)) }

// users serves GET /users.
func (u *ui) users(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayManageUsers(v) {
		u.fail(w, r, v, forbidden(v, "管理用户"))
		return
	}
	us, err := u.s.app.Access.FindUsers(r.Context())
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := usersView{NewLink: "/users/new", Done: r.URL.Query().Get("done")}
	view.Failed = strings.HasPrefix(view.Done, "未完成")
	if c, err := r.Cookie(tokenCookie); err == nil && c.Value != "" {
		// The token just created travels to this page once, in a cookie
		// that is deleted now: never in an address.
		view.Token = c.Value
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: "", Path: "/users", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	}
	for _, x := range us {
		row := userRow{Name: x.Name, Display: x.Display, Role: x.RoleOf().Name, Region: x.Region, Created: formatTime(x.CreatedAt), Disabled: x.Disabled}
		if row.Region == "" {
			row.Region = "全库"
		}
		ts, err := u.s.app.Access.FindTokens(r.Context(), x.Name)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		for _, t := range ts {
			tr := tokenRow{ID: t.ID, Label: t.Label, Created: formatTime(t.CreatedAt), Expires: formatTime(t.ExpiresAt), LastUsed: formatTime(t.LastUsedAt),
				Revoked: !t.RevokedAt.IsZero()}
			row.Tokens = append(row.Tokens, tr)
		}
		view.Rows = append(view.Rows, row)
	}
	u.render(w, r, http.StatusOK, "users", u.newPage(v, "用户管理", "users", view))
}

// tokenCookie carries a token just created to the page that shows it.
const tokenCookie = "shebao_new_token"

// userForm is the form of a new account.
func userForm() *formView {
	roles := []option{{Value: "", Label: "请选择"}}
	for _, r := range shebao.Roles {
		if r.ID == shebao.RoleCitizen {
			continue
		}
		roles = append(roles, option{Value: shebao.ActorRole(r.ID, r.Line), Label: r.Name})
	}
	roles = append(roles, option{Value: shebao.RoleCitizen, Label: "参保人(本人)"})
	return &formView{Title: "新建用户", Action: "/users/new", Submit: "创建", Back: "/users", BackLabel: "返回用户管理",
		Fields: []formField{
			{Name: "name", Label: "用户名", Required: true, Placeholder: "小写字母、数字", Aliases: []string{"用户名"}},
			{Name: "display", Label: "姓名", Placeholder: "显示的姓名", Aliases: []string{"姓名"}},
			{Name: "role", Label: "角色", Type: "select", Required: true, Options: roles, Aliases: []string{"角色"}},
			{Name: "region", Label: "管辖区划", Placeholder: "12位区划代码;全库管理员留空", Aliases: []string{"区划", "所属区划"}},
			{Name: "id_no", Label: "本人身份证号", Placeholder: "仅参保人角色", Aliases: []string{"身份证号"}},
			// 用人单位 (employ, issue #19 item 7): the employer the account acts for.
			{Name: "employer", Label: "单位统一社会信用代码", Placeholder: "仅用人单位角色", Aliases: []string{"单位"}},
			{Name: "password", Label: "初始密码", Type: "password", Required: true, Help: "至少8个字符,不易猜测;请当面或另行告知本人", Aliases: []string{"密码"}},
		}}
}

// newUser serves GET /users/new.
func (u *ui) newUser(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayManageUsers(v) {
		u.fail(w, r, v, forbidden(v, "管理用户"))
		return
	}
	u.showForm(w, r, v, http.StatusOK, "users", userForm())
}

// createUser serves POST /users/new.
func (u *ui) createUser(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayManageUsers(v) {
		u.fail(w, r, v, forbidden(v, "管理用户"))
		return
	}
	f := userForm()
	f.fill(r)
	// "clerk/benefits": the role and the business line (shebao.ActorRole).
	role, line, _ := strings.Cut(f.value("role"), "/")
	nu := &shebao.User{Name: f.value("name"), Display: f.value("display"), Role: role, Line: line, Region: f.value("region"), IDNo: f.value("id_no"),
		Employer: f.value("employer")}
	password := r.PostFormValue("password")
	// A password is never sent back to the browser.
	for i := range f.Fields {
		if f.Fields[i].Name == "password" {
			f.Fields[i].Value = ""
		}
	}
	if err := u.s.app.Access.CreateUser(r.Context(), nu, password); err != nil {
		u.refused(w, r, v, "users", f, err)
		return
	}
	doneTo(w, r, "/users", "已创建用户 "+nu.Name)
}

// userAction serves POST /users/{name}/{action}: disable, enable,
// password (a new password, sessions revoked, tokens too when asked),
// token (a new API token, shown once) and revoke (a token, by id).
func (u *ui) userAction(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayManageUsers(v) {
		u.fail(w, r, v, forbidden(v, "管理用户"))
		return
	}
	ctx, name := r.Context(), r.PathValue("name")
	var err error
	var msg string
	switch r.PathValue("action") {
	case "disable":
		err, msg = u.s.app.Access.DisableUser(ctx, name), "已停用 "+name+",其登录会话和令牌均已撤销"
	case "enable":
		err, msg = u.s.app.Access.EnableUser(ctx, name), "已启用 "+name
	case "password":
		err = u.s.app.Access.SetPassword(ctx, name, r.PostFormValue("password"), r.PostFormValue("revoke_tokens") != "")
		msg = "已重置 " + name + " 的密码,其登录会话已撤销"
	case "token":
		var lifetime time.Duration
		if d := r.PostFormValue("days"); d != "" {
			var n int
			if _, perr := fmt.Sscan(d, &n); perr != nil || n <= 0 || n > 3650 {
				err = shebao.FieldErrorf("有效天数", "有效天数“%s”无效,应为1至3650的整数", d)
				break
			}
			lifetime = time.Duration(n) * 24 * time.Hour
		}
		var token string
		token, _, err = u.s.app.Access.CreateToken(ctx, name, r.PostFormValue("label"), lifetime)
		if err == nil {
			http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: token, Path: "/users", MaxAge: 120, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
			msg = "已为 " + name + " 创建API令牌,请立即复制保存,离开本页后不再显示"
		}
	case "revoke":
		err, msg = u.s.app.Access.RevokeToken(ctx, r.PostFormValue("token_id")), "已撤销令牌"
	default:
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "您要找的页面不存在"))
		return
	}
	if err != nil {
		if shebao.ErrorCode(err) == shebao.EINTERNAL {
			u.fail(w, r, v, err)
			return
		}
		doneTo(w, r, "/users", "未完成:"+shebao.ErrorMessage(err))
		return
	}
	doneTo(w, r, "/users", msg)
}
