package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// 失业登记, 就业困难人员 and 零就业家庭 (employ, issue #19 item 2).

const usageEmploy = "employ unemployed register|end ID_NO [--date YYYY-MM-DD] [--reason 原因] | unemployed list [--all] | hardship certify ID_NO --reason 被征地|残疾|大龄|长期失业|零就业家庭 [--date D] [--until D] | hardship end ID_NO --reason 原因 [--date D] | hardship list [--all] | zero-households scan [--date D] | zero-households list [--all]  [--json] [--as USER]   失业登记、就业困难人员认定、零就业家庭"

func runEmploy(ctx context.Context, e *env, args []string) error {
	f := newFlags("employ", e)
	as := f.String("as", "", "以该用户的身份办理")
	date := f.String("date", "", "日期 YYYY-MM-DD(默认今天)")
	reason := f.String("reason", "", "原因")
	until := f.String("until", "", "认定有效期至 YYYY-MM-DD")
	all := f.Bool("all", false, "含已终止、已清零的")
	usage := &exitError{code: 2, msg: "用法: shebao " + usageEmploy}
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: usage,
		ok: func(pos []string) bool {
			if len(pos) < 2 {
				return false
			}
			switch pos[0] + " " + pos[1] {
			case "unemployed register", "unemployed end", "hardship certify", "hardship end":
				return len(pos) == 3
			case "unemployed list", "hardship list", "zero-households list", "zero-households scan":
				return len(pos) == 2
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
	var v any
	switch pos[0] + " " + pos[1] {
	case "unemployed register":
		v, err = svc.RegisterUnemployed(ctx, pos[2], *date, *reason)
	case "unemployed end":
		v, err = svc.EndUnemployed(ctx, pos[2], *date, *reason)
	case "unemployed list":
		var us []*shebao.UnemploymentRegistration
		if us, err = svc.FindUnemployed(ctx, !*all); err == nil && !*f.json {
			fmt.Fprintf(e.stdout, "失业登记%d人\n", len(us))
			for _, u := range us {
				fmt.Fprintf(e.stdout, "%s %s %s 登记%s %s", u.IDNo, u.Name, u.Region, u.RegisteredOn, u.Reason)
				if u.EndedOn != "" {
					fmt.Fprintf(e.stdout, " 终止%s %s", u.EndedOn, u.EndReason)
				}
				fmt.Fprintln(e.stdout)
			}
			return nil
		}
		if us == nil {
			us = []*shebao.UnemploymentRegistration{}
		}
		v = us
	case "hardship certify":
		v, err = svc.CertifyHardship(ctx, shebao.HardshipRequest{IDNo: pos[2], Reason: *reason, Date: *date, Until: *until})
	case "hardship end":
		v, err = svc.EndHardship(ctx, pos[2], *date, *reason)
	case "hardship list":
		var hs []*shebao.HardshipCertification
		if hs, err = svc.FindHardship(ctx, !*all); err == nil && !*f.json {
			fmt.Fprintf(e.stdout, "就业困难人员%d人\n", len(hs))
			for _, h := range hs {
				fmt.Fprintf(e.stdout, "%s %s %s %s(%s)认定%s", h.IDNo, h.Name, h.Region, h.Reason, h.Basis, h.CertifiedOn)
				if h.ValidUntil != "" {
					fmt.Fprintf(e.stdout, " 有效期至%s", h.ValidUntil)
				}
				if h.EndedOn != "" {
					fmt.Fprintf(e.stdout, " 终止%s %s", h.EndedOn, h.EndReason)
				}
				fmt.Fprintln(e.stdout)
			}
			return nil
		}
		if hs == nil {
			hs = []*shebao.HardshipCertification{}
		}
		v = hs
	case "zero-households scan":
		var sc *shebao.ZeroEmploymentScan
		if sc, err = svc.ScanZeroEmployment(ctx, *date); err == nil && !*f.json {
			fmt.Fprintf(e.stdout, "%s零就业家庭筛查:新列入%d户,清零%d户,现有%d户\n", sc.Date, sc.Found, sc.Cleared, sc.Open)
			return nil
		}
		v = sc
	case "zero-households list":
		var zs []*shebao.ZeroEmploymentHousehold
		if zs, err = svc.FindZeroEmployment(ctx, !*all); err == nil && !*f.json {
			fmt.Fprintf(e.stdout, "零就业家庭%d户\n", len(zs))
			for _, z := range zs {
				fmt.Fprintf(e.stdout, "户%s %s 户主%s 列入%s 劳动年龄成员%d人(失业%d人)", z.Household, z.Region, z.HeadName, z.FoundOn, z.Members, z.Unemployed)
				if z.ClearedOn != "" {
					fmt.Fprintf(e.stdout, " 清零%s", z.ClearedOn)
				}
				fmt.Fprintln(e.stdout)
			}
			return nil
		}
		if zs == nil {
			zs = []*shebao.ZeroEmploymentHousehold{}
		}
		v = zs
	}
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, v)
	}
	switch x := v.(type) {
	case *shebao.UnemploymentRegistration:
		if x.EndedOn != "" {
			fmt.Fprintf(e.stdout, "%s %s 失业登记已于%s终止:%s\n", x.IDNo, x.Name, x.EndedOn, x.EndReason)
		} else {
			fmt.Fprintf(e.stdout, "%s %s 已于%s登记失业\n", x.IDNo, x.Name, x.RegisteredOn)
		}
	case *shebao.HardshipCertification:
		if x.EndedOn != "" {
			fmt.Fprintf(e.stdout, "%s %s 就业困难人员认定已于%s终止:%s\n", x.IDNo, x.Name, x.EndedOn, x.EndReason)
		} else {
			fmt.Fprintf(e.stdout, "%s %s 于%s认定为就业困难人员(%s):%s\n", x.IDNo, x.Name, x.CertifiedOn, x.Reason, x.Basis)
		}
	}
	return nil
}
