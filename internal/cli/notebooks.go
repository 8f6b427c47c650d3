package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cybernorms/cybernorms/internal/nbrun"
)

func init() {
	register(&command{
		name: "notebooks", synopsis: "run | check [--cold] [--param NAME=VALUE]... [--out DIR] [NOTEBOOK...]",
		summary: say("notebooks.summary"),
		run:     runNotebooks,
	})
}

// params collects repeated --param NAME=VALUE flags.
type params map[string]string

func (p params) String() string {
	var kv []string
	for k, v := range p {
		kv = append(kv, k+"="+v)
	}
	sort.Strings(kv)
	return strings.Join(kv, " ")
}

func (p params) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want NAME=VALUE, got %q", s)
	}
	if _, dup := p[k]; dup {
		return fmt.Errorf("%s given twice", k)
	}
	p[k] = v
	return nil
}

func runNotebooks(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	cold := fs.Bool("cold", false, flagText(fs, "cold"))
	values := params{}
	fs.Var(values, "param", flagText(fs, "param"))
	out := fs.String("out", "out-notebooks", flagText(fs, "out"))
	wait := lockWaitFlag(fs)
	if len(args) > 0 && isHelp(args[0]) {
		return parseArgs(e, c, fs, args[:1])
	}
	if len(args) == 0 || (args[0] != "run" && args[0] != "check") {
		return usagef("want run or check (cybernorms notebooks --help)")
	}
	// Flags may come before or after the names.
	var names []string
	rest := args[1:]
	for {
		if err := parseArgs(e, c, fs, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		names = append(names, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	sum, err := nbrun.Run(ctx, nbrun.Options{
		Dir: filepath.Join(root, "notebooks"), Names: names, Check: args[0] == "check",
		Params: values, Out: *out, Cold: *cold, Command: "cybernorms " + c.name, LockWait: *wait,
		Progress: func(r nbrun.Result) {
			fmt.Fprintf(e.stdout, "%-32s %-6s %5.1f s  %s\n", r.Name, r.Status, r.Duration.Seconds(), plural(r.Figures, "figure"))
			for _, x := range append(r.Errors, r.Problems...) {
				fmt.Fprintf(e.stdout, "    %s\n", x)
			}
		},
	})
	var oe *nbrun.OptionError
	if errors.As(err, &oe) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	if len(values) > 0 && len(sum.Results) > sum.Failed {
		fmt.Fprintf(e.stdout, "executed copies with %s in %s\n", values, *out)
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d notebook(s) failed (listed above)", sum.Failed)
	}
	return nil
}
