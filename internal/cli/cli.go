// Package cli implements the cybernorms command: argument parsing, progress
// and one-line errors around the pipeline packages, which do the work.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/cybernorms/cybernorms/support/textsafe"
)

type command struct {
	name, synopsis, summary string
	run                     func(ctx context.Context, env *env, c *command, args []string) error
}

type env struct {
	stdout, stderr io.Writer
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

var commands []*command

func register(c *command) { commands = append(commands, c) }

// Main runs the command line and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	// An interrupt cancels the running command, which stops at its next
	// check and writes nothing more; the exit status says which signal.
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		if s, ok := <-sigs; ok {
			cancel(interrupted{s.(syscall.Signal)})
		}
	}()
	e := &env{stdout: stdout, stderr: stderr}
	if len(args) == 0 || isHelp(args[0]) || args[0] == "help" && len(args) == 1 {
		usage(stdout)
		return 0
	}
	if args[0] == "help" {
		// "help CMD [SUB]" is "CMD [SUB] --help".
		args = append(append([]string{}, args[1:]...), "--help")
	}
	for _, c := range commands {
		if c.name == args[0] {
			if err := needData(c.name, args[1:]); err != nil {
				fmt.Fprintf(stderr, "cybernorms %s: %s\n", c.name, oneLine(err))
				return 1
			}
			err := c.run(ctx, e, c, args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			}
			var sig interrupted
			if errors.As(context.Cause(ctx), &sig) {
				fmt.Fprintf(stderr, "cybernorms %s: %s before writing anything more\n", c.name, sig)
				return 128 + int(sig.Signal)
			}
			fmt.Fprintf(stderr, "cybernorms %s: %s\n", c.name, oneLine(err))
			var ue usageError
			if errors.As(err, &ue) {
				return 2
			}
			return 1
		}
	}
	fmt.Fprintf(stderr, "cybernorms: unknown command %q (run \"cybernorms help\")\n", args[0])
	return 2
}

// interrupted is the cause of a cancellation by a signal.
type interrupted struct{ syscall.Signal }

func (i interrupted) Error() string { return "stopped by a signal (" + i.Signal.String() + ")" }

// oneLine is an error as one line a terminal shows as written: errors quote
// file names and values, which may hold escape sequences or bidirectional
// overrides.
func oneLine(err error) string {
	return textsafe.Escape(strings.Join(strings.Fields(err.Error()), " "))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, say("usage"))
	fmt.Fprintln(w)
	sort.SliceStable(commands, func(i, j int) bool { return commands[i].name < commands[j].name })
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, firstSentence(c.summary))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, say("usage.more"))
}

// firstSentence is a summary's first sentence, whole even when it runs over
// a line break.
func firstSentence(summary string) string {
	s := strings.Join(strings.Fields(summary), " ")
	for i := 0; i < len(s); i++ {
		if s[i] == '.' && (i+1 == len(s) || s[i+1] == ' ') {
			return s[:i+1]
		}
	}
	return s
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// dataCommands read the datasets directory (--data, by default the
// checkout's).
var dataCommands = map[string]bool{"build": true, "refresh": true, "validate": true, "query": true, "reproduce": true, "verify": true}

// needData says, for a command run outside a checkout without --data, that
// the directory is the problem, before the command fails on a missing file
// with advice that does not apply.
func needData(name string, args []string) error {
	if !dataCommands[name] {
		return nil
	}
	for _, a := range args {
		if isHelp(a) || a == "--data" || a == "-data" || strings.HasPrefix(a, "--data=") || strings.HasPrefix(a, "-data=") {
			return nil
		}
	}
	if fi, err := os.Stat(filepath.Join(dataDir(), "curated")); err == nil && fi.IsDir() {
		return nil
	}
	return errors.New("no datasets here: run cybernorms inside a checkout of the repository (or a directory below it), or pass --data DIR")
}

// newFlags makes a flag set whose errors come back as usage errors.
func newFlags(c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args, which must all be flags; -h prints the command's options.
func parse(e *env, c *command, fs *flag.FlagSet, args []string) error {
	if err := parseArgs(e, c, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// parseArgs parses flags followed by arguments; -h prints the command's options.
func parseArgs(e *env, c *command, fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(e.stdout, "%s\n\n%s\n", say("usage.command", c.name, c.synopsis), c.summary)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(e.stdout, "\n"+say("usage.options"))
			fs.SetOutput(e.stdout)
			fs.PrintDefaults()
		}
		return flag.ErrHelp
	}
	if err != nil {
		return usagef("%v", err)
	}
	return nil
}

// dataDir returns the default datasets directory: ./datasets, or the
// repository's when run from inside it.
func dataDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "datasets"
	}
	for d := wd; ; d = filepath.Dir(d) {
		if fi, err := os.Stat(filepath.Join(d, "datasets", "curated")); err == nil && fi.IsDir() {
			if rel, err := filepath.Rel(wd, filepath.Join(d, "datasets")); err == nil {
				return rel
			}
			return filepath.Join(d, "datasets")
		}
		if filepath.Dir(d) == d {
			return "datasets"
		}
	}
}
