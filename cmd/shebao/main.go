// Command shebao runs the integrated social security system: the web
// server, imports, checks and batch jobs, on SQLite (default ./shebao.db) or
// PostgreSQL (--db postgres://… or SHEBAO_DB).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/shebao/shebao"
)

// exitError carries an exit code for errors whose message is already printed
// or that should exit with a specific code.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// command is one subcommand.
type command struct {
	name  string
	usage string
	run   func(ctx context.Context, env *env, args []string) error
}

// env is what every command gets: its streams and the database DSN.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.msg != "" {
				fmt.Fprintln(os.Stderr, ee.msg)
			}
			os.Exit(ee.code)
		}
		fmt.Fprintln(os.Stderr, "错误:", shebao.ErrorMessageFull(err))
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, e *env) error {
	// A leading --db applies to every command: shebao --db X import …
	var dbFlag string
	for len(args) >= 2 && (args[0] == "--db" || args[0] == "-db") {
		dbFlag, args = args[1], args[2:]
	}
	if len(args) > 0 && strings.HasPrefix(args[0], "--db=") {
		dbFlag, args = strings.TrimPrefix(args[0], "--db="), args[1:]
	}
	if dbFlag != "" {
		args = append(args, "--db", dbFlag)
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(shebao.WithActor(ctx, shebao.CLIActor(operator(e))), e, args[1:])
		}
	}
	usage(e.stderr)
	return &exitError{code: 2, msg: fmt.Sprintf("未知命令: %s", args[0])}
}

// operator is the name of whoever runs a command on the machine, recorded
// as the actor of the work done without --as (history and the audit log
// name them instead of "system"): SHEBAO_OPERATOR when set (e.g. a clerk's
// name on a shared service account), else the login (USER, LOGNAME).
func operator(e *env) string {
	for _, k := range []string{"SHEBAO_OPERATOR", "USER", "LOGNAME"} {
		if v := e.getenv(k); v != "" {
			return v
		}
	}
	return ""
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "shebao — 城乡一体化社会保险管理系统(五险合一)")
	fmt.Fprintln(w, "\n用法: shebao [--db DSN] 命令 [参数]")
	fmt.Fprintln(w, "  DSN: SQLite文件路径(默认 ./shebao.db)或 postgres://… ;也可用环境变量 SHEBAO_DB")
	fmt.Fprintln(w, "\n命令:")
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = "  shebao " + c.usage
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintln(w, n)
	}
}

// flags is a FlagSet with the options every command shares.
type flags struct {
	*flag.FlagSet
	db   *string
	json *bool
}

func newFlags(name string, e *env) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := e.getenv("SHEBAO_DB")
	if def == "" {
		def = "shebao.db"
	}
	return &flags{
		FlagSet: fs,
		db:      fs.String("db", def, "数据库: SQLite文件路径或 postgres:// URL(环境变量 SHEBAO_DB)"),
		json:    fs.Bool("json", false, "以JSON输出"),
	}
}

// parse parses flags that may stand before, between or after positional
// arguments ("import persons a.xlsx --json"), returning the positionals.
func (f *flags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &exitError{code: 0}
			}
			return nil, &exitError{code: 2, msg: err.Error()}
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
