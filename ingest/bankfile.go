package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// The bank disbursement file (银行代发文件) of a month's payroll, written
// by the CLI (`shebao payroll file`, and after a payroll run) and served by
// the web UI: one row per payment with the full ID number and account (for
// roles that may see them; benefit.Service.EachPayment checks and audits
// it), amounts as number cells so that a spreadsheet sums them.

// bankFileHeader is the header of the bank disbursement file.
var bankFileHeader = []string{"序号", "姓名", "身份证号", "收款账号", "险种", "待遇项目", "金额(元)"}

// WritePayrollFiles writes the month's payments with the status ("" all),
// then the back payments (补发) paid with the month with that status, as
// payroll-YYYY-MM.csv and .xlsx into dir, with a totals row, and returns
// the paths, the number of rows and their total — for the pending ones,
// what the month's release pays. With no rows it writes nothing.
func WritePayrollFiles(ctx context.Context, sys *app.App, month, dir, status string) ([]string, int, shebao.Money, error) {
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, 0, 0, err
	}
	paths := []string{filepath.Join(dir, "payroll-"+month+".csv"), filepath.Join(dir, "payroll-"+month+".xlsx")}
	var ws []*sheet.Writer
	// On failure no file is left behind (a half file is worse than none).
	discard := func() {
		for i, w := range ws {
			w.Close()
			os.Remove(paths[i])
		}
	}
	for _, p := range paths {
		w, err := sheet.Create(p, bankFileHeader)
		if err != nil {
			discard()
			return nil, 0, 0, err
		}
		ws = append(ws, w)
	}
	n := 0
	var total shebao.Money
	err := sys.Benefit.EachPayment(ctx, shebao.PaymentFilter{Month: month, Status: status}, func(p *shebao.BenefitPayment) error {
		n++
		total += p.Amount
		scheme := schemeName(p.Scheme)
		kind := p.Kind
		if k, ok := shebao.FindBenefitKind(p.Kind); ok {
			kind = k.Name
		}
		row := []any{strconv.Itoa(n), p.Name, p.IDNo, p.BankAccount, scheme, kind, sheet.Money(int64(p.Amount))}
		for _, w := range ws {
			if err := w.WriteCells(row); err != nil {
				return err
			}
		}
		return nil
	})
	// The back payments (补发) paid with the month: paid by the bank like
	// the payments and released with them, so in the same file and totals;
	// the item names the month made up for.
	if err == nil {
		err = sys.Benefit.EachBackPay(ctx, shebao.PaymentFilter{Month: month, Status: status}, func(b *shebao.BackPayLine) error {
			n++
			total += b.Amount
			row := []any{strconv.Itoa(n), b.Name, b.IDNo, b.BankAccount, schemeName(b.Scheme), backPayItem(b.Kind, b.Month), sheet.Money(int64(b.Amount))}
			for _, w := range ws {
				if err := w.WriteCells(row); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err == nil && n == 0 {
		discard()
		return nil, 0, 0, nil
	}
	if err == nil {
		for _, w := range ws {
			if err = w.WriteCells([]any{"合计", "笔数", sheet.Number{Value: float64(n)}, "", "", "合计金额", sheet.Money(int64(total))}); err != nil {
				break
			}
		}
	}
	if err != nil {
		discard()
		return nil, 0, 0, err
	}
	for i, w := range ws {
		if err := w.Close(); err != nil {
			for _, p := range paths[:i] {
				os.Remove(p)
			}
			return nil, 0, 0, err
		}
	}
	return paths, n, total, nil
}

// schemeName names a scheme by its code (the code if unknown).
func schemeName(code string) string {
	if s, ok := shebao.FindScheme(code); ok {
		return s.Name
	}
	return shebao.FundName(code) // the 社会救助资金 (assist_fund.go), or the code
}

// backPayItem is the item (待遇项目) of a back payment in the bank file:
// the benefit's name marked 补发 with the month it makes up for, e.g.
// "基本养老金补发(2026-01)".
func backPayItem(kind, month string) string {
	if k, ok := shebao.FindBenefitKind(kind); ok {
		kind = k.Name
	}
	return kind + "补发(" + month + ")"
}
