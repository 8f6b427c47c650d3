package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cybernorms/cybernorms/internal/atomicfs"
	"github.com/cybernorms/cybernorms/internal/nbrun"
)

func init() {
	register(&command{
		name: "notebooks", synopsis: "run | check [--cold] [NAME...]",
		summary: "Execute the notebooks headless with the Jupyter kernel (see kernel install).\n" +
			"run: execute and save their outputs. check: execute into a temporary copy and fail on errors, missing\n" +
			"figures or key numbers, or committed outputs that re-executing would change. --cold: empty Go build cache.",
		run: runNotebooks,
	})
}

func runNotebooks(ctx context.Context, e *env, c *command, args []string) error {
	if len(args) == 0 || (args[0] != "run" && args[0] != "check") {
		return usagef("want run or check")
	}
	mode := args[0]
	fs := newFlags(c)
	cold := fs.Bool("cold", false, "execute with an empty Go build cache, to time a first run")
	if err := parseArgs(e, c, fs, args[1:]); err != nil {
		return err
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	all, err := nbrun.List(filepath.Join(root, "notebooks"))
	if err != nil {
		return err
	}
	var paths []string
	for _, p := range all {
		if fs.NArg() == 0 {
			paths = append(paths, p)
			continue
		}
		for _, n := range fs.Args() {
			if strings.TrimSuffix(filepath.Base(p), ".ipynb") == strings.TrimSuffix(n, ".ipynb") {
				paths = append(paths, p)
			}
		}
	}
	if len(paths) == 0 {
		return usagef("no notebook matches %v", fs.Args())
	}
	failed := 0
	for _, p := range paths {
		name := filepath.Base(p)
		executed, dur, err := nbrun.Execute(ctx, p, *cold)
		if err != nil {
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
		status := "ok"
		if !rep.OK() {
			status = "FAILED"
			failed++
		} else if mode == "run" {
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
	if failed > 0 {
		return fmt.Errorf("%d notebook(s) failed (listed above)", failed)
	}
	return nil
}
