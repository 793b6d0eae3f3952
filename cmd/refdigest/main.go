// Command refdigest is the refdigest service and its command-line tools: run, demo, collect,
// digest, search, backup, version. See CONTRACT.md-style usage in the README.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // Asia/Almaty on images without a zone database

	"github.com/refdigest/refdigest/service"
)

// version is stamped at build time: -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: refdigest COMMAND [-config FILE] [flags]

commands:
  run          the service: scheduler, Telegram bot, HTTP endpoint
  demo         offline demo: sample sources, one collection and digest, then a console chat
  collect      one collection pass now
  sources      check [NAME...]  fetch each source once, store nothing, say OK, EMPTY or BROKEN (exit 1 if any is broken)
  digest       [-date YYYY-MM-DD] [-lang kk|ru] [-html|-json]  build and print a day's digest
  search       [-lang kk|ru] QUERY...  search the collected items
  reindex      rebuild the search index from the store
  backup       FILE  write a consistent copy of the store
  healthcheck  ask the running service's /healthz (exit 0 healthy, 1 not)
  version      print the version
`

// run executes one command and returns the exit code. Errors are one line on stderr.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "help" || args[0] == "--help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, rest := args[0], args[1:]
	if cmd == "sources" {
		// "sources check": the subcommand comes before the flags.
		if len(rest) == 0 || rest[0] != "check" {
			fmt.Fprintf(stderr, "refdigest sources: usage: refdigest sources check [-config FILE] [NAME...]\n")
			return 2
		}
		cmd, rest = "sources check", rest[1:]
	}
	err := dispatch(ctx, cmd, rest, stdin, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "refdigest %s: %v\n", cmd, err)
		return 2
	}
	for _, l := range errorLines(err.Error()) {
		fmt.Fprintf(stderr, "refdigest %s: %s\n", cmd, l)
	}
	return 1
}

// errorLines splits an error for stderr: one line per joined error (several config
// mistakes are several lines), with indented continuation lines folded into theirs.
func errorLines(msg string) []string {
	var out []string
	for _, l := range strings.Split(msg, "\n") {
		switch {
		case strings.TrimSpace(l) == "":
		case len(out) > 0 && (l[0] == ' ' || l[0] == '\t'):
			out[len(out)-1] += " " + oneLine(l)
		default:
			out = append(out, oneLine(l))
		}
	}
	return out
}

var errUsage = errors.New("usage")

func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// checkDateFlag tells a -date that is not written YYYY-MM-DD from one naming a day that
// does not exist, before any store is opened. "" is today.
func checkDateFlag(date string) error {
	if date == "" {
		return nil
	}
	_, err := service.ParseDate(date)
	switch {
	case errors.Is(err, service.ErrNoSuchDate):
		return usageErr("-date %s does not exist: check the month and the day", date)
	case err != nil:
		return usageErr("-date must be YYYY-MM-DD, not %q", date)
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func dispatch(ctx context.Context, cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "config.yaml", "configuration file")
	// withMain opens the store and pipeline for commands that need them, and closes them after.
	withMain := func(service bool, fn func(*Main) error) error {
		m, err := openMain(*configPath, stderr, service)
		if err != nil {
			return err
		}
		defer m.Close()
		return fn(m)
	}
	// Flags of each command, declared before parsing.
	var (
		date, lang     *string
		asHTML, asJSON *bool
		userLang       *string
	)
	switch cmd {
	case "digest":
		date = fs.String("date", "", "local day YYYY-MM-DD (default today)")
		lang = fs.String("lang", "", "kk or ru (default both)")
		asHTML = fs.Bool("html", false, "print the Telegram HTML messages")
		asJSON = fs.Bool("json", false, "print the digest as one JSON object")
	case "search":
		lang = fs.String("lang", "", "kk or ru (default both)")
	case "demo":
		userLang = fs.String("lang", "kk", "the demo user's Telegram language (kk, ru, en, ...)")
	}
	if cmd != "version" {
		if err := fs.Parse(args); err != nil {
			return err
		}
	}
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "refdigest", version)
		return nil
	case "demo":
		return runDemo(ctx, *userLang, stdin, stdout, stderr)
	case "run":
		return withMain(true, func(m *Main) error { return m.Run(ctx) })
	case "collect":
		return withMain(false, func(m *Main) error { return m.CollectCmd(ctx, stdout) })
	case "sources check":
		return sourcesCheck(ctx, *configPath, fs.Args(), stdout, stderr)
	case "digest":
		if *lang != "" && *lang != "kk" && *lang != "ru" {
			return usageErr("-lang must be kk or ru, not %q", *lang)
		}
		if *asHTML && *asJSON {
			return usageErr("-html and -json are exclusive: give one of them")
		}
		if err := checkDateFlag(*date); err != nil {
			return err
		}
		format := formatText
		switch {
		case *asHTML:
			format = formatHTML
		case *asJSON:
			format = formatJSON
		}
		return withMain(false, func(m *Main) error { return m.DigestCmd(ctx, stdout, *date, *lang, format) })
	case "search":
		if fs.NArg() == 0 {
			return usageErr("give a query: refdigest search референдум")
		}
		return withMain(false, func(m *Main) error { return m.SearchCmd(ctx, stdout, strings.Join(fs.Args(), " "), *lang) })
	case "reindex":
		return withMain(false, func(m *Main) error { return m.ReindexCmd(ctx, stdout) })
	case "healthcheck":
		return healthcheck(ctx, *configPath, stdout)
	case "backup":
		if fs.NArg() != 1 {
			return usageErr("give the backup file: refdigest backup FILE")
		}
		return backupCmd(*configPath, fs.Arg(0), stdout)
	}
	return usageErr("unknown command %q (see refdigest help)", cmd)
}
