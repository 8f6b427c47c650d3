package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/cybernorms/cybernorms/datasets"
)

func init() {
	register(&command{
		name: "version", synopsis: "[--data DIR]",
		summary: "Print the data package version, the Go release and the module version this command was built with.",
		run:     runVersion,
	})
}

func runVersion(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), "datasets directory")
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	pkg := "none here (run inside a checkout of the repository, or pass --data DIR)"
	if b, err := datasets.ReadResource(*data, "datapackage.json"); err == nil {
		var d struct{ Name, Version string }
		if err := json.Unmarshal(b, &d); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(*data, "datapackage.json"), err)
		}
		pkg = d.Name + " " + d.Version
	}
	module := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		module = bi.Main.Path + " " + bi.Main.Version
		vcs := map[string]string{}
		for _, s := range bi.Settings {
			vcs[s.Key] = s.Value
		}
		if rev := vcs["vcs.revision"]; rev != "" {
			module += " (commit " + rev
			if vcs["vcs.modified"] == "true" {
				module += ", with uncommitted changes"
			}
			module += ")"
		}
	}
	fmt.Fprintf(e.stdout, "data package: %s\ngo:           %s %s/%s\nmodule:       %s\n", pkg, runtime.Version(), runtime.GOOS, runtime.GOARCH, module)
	return nil
}
