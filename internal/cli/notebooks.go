package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/internal/atomicfs"
	"github.com/cybernorms/cybernorms/internal/dirlock"
	"github.com/cybernorms/cybernorms/internal/nbrun"
)

func init() {
	register(&command{
		name: "notebooks", synopsis: "run | check [--cold] [--param NAME=VALUE]... [--out DIR] [NOTEBOOK...]",
		summary: "Execute the notebooks headless with the Jupyter kernel (see kernel install).\n" +
			"run: execute and save their outputs in the notebooks; with --param, write an executed copy into --out instead,\n" +
			"with the values in a cell tagged injected-parameters after the cell tagged parameters (papermill's convention).\n" +
			"check: execute into a temporary copy and fail on errors, missing figures or key numbers, or committed outputs that\n" +
			"re-executing would change. NOTEBOOK is a name or any prefix of one no other shares (01); the default is all.",
		run: runNotebooks,
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
	cold := fs.Bool("cold", false, "execute with an empty Go build cache, to time a first run")
	values := params{}
	fs.Var(values, "param", "NAME=VALUE: run with this parameter (repeatable; run only)")
	out := fs.String("out", "out-notebooks", "with --param: the directory to write the executed copies to")
	wait := lockWaitFlag(fs)
	if len(args) > 0 && isHelp(args[0]) {
		return parseArgs(e, c, fs, args[:1])
	}
	if len(args) == 0 || (args[0] != "run" && args[0] != "check") {
		return usagef("want run or check (cybernorms notebooks --help)")
	}
	mode := args[0]
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
	if len(values) > 0 && mode != "run" {
		return usagef("--param: only for run")
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	paths, err := nbrun.List(filepath.Join(root, "notebooks"))
	if err != nil {
		return err
	}
	if len(names) > 0 {
		if paths, err = nbrun.Match(paths, names); err != nil {
			return usagef("%v", err)
		}
	}
	if mode == "run" {
		// One writer at a time: the executed copies go into --out, the saved
		// notebooks into the notebooks directory, and a second run would
		// interleave its files with the first's.
		lock, err := lockNotebooksOut(ctx, c, filepath.Join(root, "notebooks"), *out, len(values) > 0, *wait)
		if err != nil {
			return err
		}
		defer lock.Release()
	}
	failed, copies := 0, 0
	for _, p := range paths {
		name := filepath.Base(p)
		var executed []byte
		var dur time.Duration
		if len(values) > 0 {
			nb, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			injected, err := nbrun.Inject(nb, name, values)
			if err != nil {
				return usagef("--param: %v", err)
			}
			if executed, dur, err = nbrun.ExecuteWith(ctx, p, injected, *cold); err != nil {
				return err
			}
			// A value the notebook's check refuses is one line, not the
			// failures of every later cell.
			if msg, err := nbrun.InjectedError(executed); err != nil {
				return err
			} else if msg != "" {
				return fmt.Errorf("%s: %s", name, msg)
			}
		} else if executed, dur, err = nbrun.Execute(ctx, p, *cold); err != nil {
			return err
		}
		var committed []byte
		if mode == "check" {
			if committed, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		rep, err := nbrun.Check(name, executed, committed)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		// Expected numbers hold for the default parameters only.
		if len(values) > 0 {
			rep.Problems = nil
		}
		status := "ok"
		switch {
		case !rep.OK():
			status = "FAILED"
			failed++
		case mode == "run" && len(values) > 0:
			dst := filepath.Join(*out, name)
			if err := os.MkdirAll(*out, 0o755); err != nil {
				return fmt.Errorf("--out %s: %w", *out, unwrapPath(err))
			}
			if err := atomicfs.WriteFile(dst, executed); err != nil {
				return err
			}
			status = "wrote"
			copies++
		case mode == "run":
			if err := atomicfs.WriteFile(p, executed); err != nil {
				return err
			}
			status = "saved"
		}
		fmt.Fprintf(e.stdout, "%-32s %-6s %5.1f s  %d figures\n", name, status, dur.Seconds(), rep.Figures)
		for _, x := range append(rep.Errors, rep.Problems...) {
			fmt.Fprintf(e.stdout, "    %s\n", x)
		}
	}
	if copies > 0 {
		fmt.Fprintf(e.stdout, "executed copies with %s in %s\n", values, *out)
	}
	if failed > 0 {
		return fmt.Errorf("%d notebook(s) failed (listed above)", failed)
	}
	return nil
}

// lockNotebooksOut takes the directory notebooks run writes: --out, with the
// lock reproduce takes for its --out (beside it), so the two never write one
// directory at once; or, saving in place, the notebooks directory itself.
func lockNotebooksOut(ctx context.Context, c *command, notebooks, out string, copies bool, wait time.Duration) (*dirlock.Lock, error) {
	if copies {
		return dirlock.Write(ctx, dirlock.Beside(out), "--out "+out, "cybernorms "+c.name, wait)
	}
	return dirlock.Write(ctx, dirlock.In(notebooks), notebooks, "cybernorms "+c.name, wait)
}
