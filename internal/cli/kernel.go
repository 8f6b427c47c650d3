package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cybernorms/cybernorms/internal/kernel"
	"github.com/cybernorms/cybernorms/support/dirlock"
)

func init() {
	register(&command{
		name: "kernel", synopsis: "install | doctor",
		summary: say("kernel.summary"),
		run:     runKernel,
	})
}

// repoRoot is the directory holding go.mod above the datasets directory.
func repoRoot() (string, error) {
	d, err := filepath.Abs(filepath.Dir(dataDir()))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(d, "go.mod")); err != nil {
		return "", fmt.Errorf("run this inside the repository (no go.mod in %s)", d)
	}
	return d, nil
}

func runKernel(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	wait := lockWaitFlag(fs)
	if len(args) > 0 && isHelp(args[0]) {
		return parseArgs(e, c, fs, args[:1])
	}
	if len(args) == 0 {
		return usagef("want install or doctor (cybernorms kernel --help)")
	}
	if err := parse(e, c, fs, args[1:]); err != nil {
		return err
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	switch args[0] {
	case "install":
		// Two installs at once would race on the binaries and kernel.json.
		dir, err := kernel.Dir()
		if err != nil {
			return err
		}
		lock, err := dirlock.Write(ctx, dirlock.In(dir), dir, "cybernorms "+c.name, *wait)
		if err != nil {
			return err
		}
		defer lock.Release()
		return kernel.Install(root, e.stdout)
	case "doctor":
		missing := 0
		for _, ch := range kernel.Doctor(root) {
			mark := "ok     "
			if !ch.OK {
				mark = "MISSING"
				if !ch.Required {
					mark = "absent "
				} else {
					missing++
				}
			}
			fmt.Fprintf(e.stdout, "%s %-44s %s\n", mark, ch.What, ch.Detail)
		}
		if missing > 0 {
			return fmt.Errorf("%d required part(s) missing: run cybernorms kernel install", missing)
		}
		return nil
	}
	return usagef("unknown kernel command %q (want install or doctor)", args[0])
}
