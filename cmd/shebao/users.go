package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Accounts, API tokens and the audit log, from the command line. The CLI
// acts as shebao.SystemActor: the operator on the machine administers the
// whole database.

// readPassword reads the password from the first line of standard input.
// On a terminal it asks first (the typing is visible: prefer a pipe).
func readPassword(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprint(e.stderr, "请输入密码(至少8个字符,输入内容可见;也可用管道传入): ")
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if err := shebao.CheckPassword(pw); err != nil {
		return "", &exitError{code: 1, msg: "错误: " + shebao.ErrorMessage(err) + "(密码从标准输入的第一行读取)"}
	}
	return pw, nil
}

// regionLabel is "良田镇(640106100000)", or "全库" for the empty region.
func regionLabel(ctx context.Context, sys *system, code string) string {
	if code == "" {
		return "全库"
	}
	if r, err := sys.Registry.FindRegion(ctx, code); err == nil {
		return r.Name + "(" + code + ")"
	}
	return code
}

func runUser(ctx context.Context, e *env, args []string) error {
	f := newFlags("user", e)
	role := f.String("role", "", "角色: admin、clerk、town、village、land、viewer、citizen、employer")
	line := f.String("line", "", "经办员业务条线: registration、collection、benefits、medical、finance(空为综合柜员)")
	region := f.String("region", "", "所属区划代码(管辖范围);只有全库管理员可以为空")
	display := f.String("display", "", "姓名(显示用)")
	idNo := f.String("id-no", "", "参保人本人的身份证号(角色citizen)")
	employer := f.String("employer", "", "用人单位的统一社会信用代码(角色employer,只能办理本单位的岗位空缺)")
	revokeTokens := f.Bool("revoke-tokens", false, "修改密码时一并吊销该用户的全部API令牌")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	usage := &exitError{code: 2, msg: "用法: shebao user add NAME --role ROLE [--line LINE] --region CODE [--display 姓名] [--id-no 身份证号] [--employer USCC] | user list | user disable|enable NAME | user passwd NAME [--revoke-tokens]"}
	if len(pos) == 0 {
		return usage
	}
	switch {
	case pos[0] == "add" && len(pos) == 2:
		if *role == "" {
			return &exitError{code: 2, msg: "请用 --role 指定角色: admin、clerk、town、village、land、viewer、citizen、employer"}
		}
		pw, err := readPassword(e)
		if err != nil {
			return err
		}
		sys, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer sys.Close()
		u := &shebao.User{Name: pos[1], Role: *role, Line: *line, Region: *region, Display: *display, IDNo: *idNo, Employer: *employer}
		if err := sys.Access.CreateUser(ctx, u, pw); err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, u)
		}
		fmt.Fprintf(e.stdout, "已创建用户 %s: %s,辖区 %s", u.Name, u.RoleOf().Name, regionLabel(ctx, sys, u.Region))
		if u.Employer != "" {
			fmt.Fprintf(e.stdout, ",单位 %s", u.Employer)
		}
		fmt.Fprintln(e.stdout)
		return nil
	case pos[0] == "list" && len(pos) == 1:
		sys, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer sys.Close()
		us, err := sys.Access.FindUsers(ctx)
		if err != nil {
			return err
		}
		if *f.json {
			if us == nil {
				us = []*shebao.User{}
			}
			return writeJSON(e, us)
		}
		for _, u := range us {
			state := ""
			if u.Disabled {
				state = " [已停用]"
			}
			fmt.Fprintf(e.stdout, "%-16s %-8s %s %s %s%s\n", u.Name, u.Display, u.RoleOf().Name, regionLabel(ctx, sys, u.Region),
				maskedIDNo(u.IDNo), state)
		}
		fmt.Fprintf(e.stdout, "共%d个用户\n", len(us))
		return nil
	case (pos[0] == "disable" || pos[0] == "enable") && len(pos) == 2:
		sys, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer sys.Close()
		if pos[0] == "disable" {
			if err := sys.Access.DisableUser(ctx, pos[1]); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "已停用用户 %s,并吊销其全部会话和API令牌\n", pos[1])
			return nil
		}
		if err := sys.Access.EnableUser(ctx, pos[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已启用用户 %s\n", pos[1])
		return nil
	case pos[0] == "passwd" && len(pos) == 2:
		pw, err := readPassword(e)
		if err != nil {
			return err
		}
		sys, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer sys.Close()
		if err := sys.Access.SetPassword(ctx, pos[1], pw, *revokeTokens); err != nil {
			return err
		}
		if *revokeTokens {
			fmt.Fprintf(e.stdout, "已修改用户 %s 的密码,其登录会话已全部失效,API令牌已全部吊销\n", pos[1])
			return nil
		}
		fmt.Fprintf(e.stdout, "已修改用户 %s 的密码,其登录会话已全部失效(API令牌仍有效;要一并吊销请加 --revoke-tokens)\n", pos[1])
		return nil
	}
	return usage
}

// maskedIDNo shows a citizen's number masked in lists.
func maskedIDNo(n string) string {
	if n == "" {
		return ""
	}
	return idno.MaskID(n)
}

func runToken(ctx context.Context, e *env, args []string) error {
	f := newFlags("token", e)
	label := f.String("label", "", "令牌说明(如调用它的系统)")
	expires := f.String("expires", "", "令牌有效期,如 90d(天)、12h(小时)、2w(周);不填则长期有效,直至吊销")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	usage := &exitError{code: 2, msg: "用法: shebao token create NAME [--label 说明] [--expires 90d] | token list [NAME] | token revoke ID [--json]"}
	if len(pos) == 0 {
		return usage
	}
	switch {
	case pos[0] == "create" && len(pos) == 2:
		lifetime, err := parseLifetime(*expires)
		if err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		sys, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer sys.Close()
		secret, t, err := sys.Access.CreateToken(ctx, pos[1], *label, lifetime)
		if err != nil {
			return err
		}
		if *f.json {
			out := map[string]any{"token": secret, "id": t.ID, "user": t.User, "label": t.Label}
			if !t.ExpiresAt.IsZero() {
				out["expires_at"] = t.ExpiresAt
			}
			return writeJSON(e, out)
		}
		fmt.Fprintln(e.stdout, secret)
		until := "长期有效(直至吊销)"
		if !t.ExpiresAt.IsZero() {
			until = "有效期至 " + cst(t.ExpiresAt)
		}
		fmt.Fprintf(e.stderr, "已为用户 %s 签发API令牌 %s,%s。令牌只显示这一次,请妥善保存;调用时加请求头 Authorization: Bearer <令牌>\n", t.User, t.ID, until)
		return nil
	case pos[0] == "list" && len(pos) <= 2:
		sys, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer sys.Close()
		name := ""
		if len(pos) == 2 {
			name = pos[1]
		}
		ts, err := sys.Access.FindTokens(ctx, name)
		if err != nil {
			return err
		}
		if *f.json {
			if ts == nil {
				ts = []*shebao.Token{}
			}
			return writeJSON(e, ts)
		}
		now := shebao.Now()
		for _, t := range ts {
			state := "有效"
			switch {
			case !t.RevokedAt.IsZero():
				state = "已吊销 " + cst(t.RevokedAt)
			case !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt):
				state = "已过期 " + cst(t.ExpiresAt)
			case !t.ExpiresAt.IsZero():
				state = "有效至 " + cst(t.ExpiresAt)
			}
			used := "从未使用"
			if !t.LastUsedAt.IsZero() {
				// Noted at most once an hour: "约" (about).
				used = "最近使用约 " + cst(t.LastUsedAt)
			}
			fmt.Fprintf(e.stdout, "%s %-16s %s 签发于%s %s %s\n", t.ID, t.User, t.Label, cst(t.CreatedAt), used, state)
		}
		return nil
	case pos[0] == "revoke" && len(pos) == 2:
		sys, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer sys.Close()
		if err := sys.Access.RevokeToken(ctx, pos[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已吊销API令牌 %s\n", pos[1])
		return nil
	}
	return usage
}

// parseLifetime reads a token lifetime: "90d" (days), "2w" (weeks), or a
// Go duration such as "12h"; "" is none (0).
func parseLifetime(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	bad := fmt.Errorf("令牌有效期“%s”无效,应为如 90d(天)、2w(周)、12h(小时)", s)
	if n := len(s); n > 1 && (s[n-1] == 'd' || s[n-1] == 'w') {
		k, err := strconv.Atoi(s[:n-1])
		if err != nil || k <= 0 || k > 5*366 {
			return 0, bad
		}
		day := 24 * time.Hour
		if s[n-1] == 'w' {
			day *= 7
		}
		return time.Duration(k) * day, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, bad
	}
	return d, nil
}

// cst formats a timestamp in China time.
func cst(t time.Time) string { return t.In(shebao.ChinaTime).Format("2006-01-02 15:04:05") }

// demoPassword returns a random password of 12 characters, easy to type.
func demoPassword() string {
	return strings.ToLower(rand.Text()[:12])
}

// demoAccounts creates the demo's accounts and prints names and passwords
// so that whoever tries the demo can sign in. An account that exists keeps
// its password (issue #15 item 8: every start reset them, so a password
// changed by its user, or noted down, stopped working after a restart): it
// is listed as kept, with the command that resets it. The password of an
// existing account is set anew only when asked for: admin's by
// --admin-password, every account's by --reset-passwords.
func demoAccounts(ctx context.Context, e *env, sys *system, adminPassword string, reset bool) error {
	adminGiven := adminPassword != ""
	if adminPassword == "" {
		adminPassword = demoPassword()
	}
	accounts := []struct {
		user     shebao.User
		password string
	}{
		{shebao.User{Name: "admin", Role: shebao.RoleAdmin, Display: "演示管理员"}, adminPassword},
		// Two district clerks, so that 经办 → 复核 can be tried: one
		// determines or runs the payroll, the other approves.
		{shebao.User{Name: "daiyu", Role: shebao.RoleClerk, Line: shebao.LineBenefits, Region: "640106000000", Display: "区社保局待遇经办员"}, demoPassword()},
		{shebao.User{Name: "guitai", Role: shebao.RoleClerk, Region: "640106000000", Display: "区社保局综合柜员(复核)"}, demoPassword()},
		{shebao.User{Name: "liangtian", Role: shebao.RoleTown, Region: "640106100000", Display: "良田镇劳动保障所"}, demoPassword()},
		{shebao.User{Name: "weijiaqiao", Role: shebao.RoleVillage, Region: "640106100201", Display: "魏家桥村协管员"}, demoPassword()},
		{shebao.User{Name: "viewer", Role: shebao.RoleViewer, Region: "640106000000", Display: "区领导(只读)"}, demoPassword()},
	}
	// An insured citizen, to try the citizen's own page: the first
	// employee pensioner of the demo (a pension in payment, an account,
	// contribution years), or none when the district has none.
	if bs, _, err := sys.Benefit.FindBenefits(ctx, shebao.BenefitFilter{Scheme: shebao.SchemeEmployeePension, Status: shebao.BenefitActive, Limit: 1}); err != nil {
		return err
	} else if len(bs) > 0 {
		accounts = append(accounts, struct {
			user     shebao.User
			password string
		}{shebao.User{Name: "canbaoren", Role: shebao.RoleCitizen, IDNo: bs[0].IDNo, Display: bs[0].Name}, demoPassword()})
	}
	fmt.Fprintln(e.stdout, "演示账户(用户名 / 密码 / 角色 / 辖区),登录: POST /api/v1/login {\"name\",\"password\"}")
	for _, a := range accounts {
		u := a.user
		password := a.password
		err := sys.Access.CreateUser(ctx, &u, a.password)
		if shebao.ErrorCode(err) == shebao.ECONFLICT {
			if reset || u.Name == "admin" && adminGiven {
				err = sys.Access.SetPassword(ctx, u.Name, a.password, false)
			} else {
				err, password = nil, "(已有账户,密码未改;重设: shebao user passwd "+u.Name+" 或 demo --reset-passwords)"
			}
		}
		if err != nil {
			return fmt.Errorf("演示账户%s: %w", u.Name, err)
		}
		where := regionLabel(ctx, sys, a.user.Region)
		if u.Role == shebao.RoleCitizen {
			where = "本人 " + u.Display + " " + idno.MaskID(u.IDNo)
		}
		fmt.Fprintf(e.stdout, "  %-11s %-13s %s %s\n", a.user.Name, password, u.RoleOf().Name, where)
	}
	return nil
}

// warnNoUsers tells the operator of a server without accounts how to
// create the first one: without it nobody can sign in.
func warnNoUsers(ctx context.Context, e *env, sys *system) {
	if us, err := sys.Access.FindUsers(ctx); err == nil && len(us) == 0 {
		fmt.Fprintln(e.stdout, "尚无用户,无人能登录。创建管理员: shebao user add admin --role admin < 密码文件")
	}
}
