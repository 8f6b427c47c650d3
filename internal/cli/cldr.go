package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/internal/atomicfs"
	"github.com/cybernorms/cybernorms/pipeline/countries"
)

func init() {
	register(&command{
		name: "cldr", synopsis: "[--from DIR] [--data DIR]",
		summary: "Derive the committed country names and UN M49 regions (datasets/" + schema.CLDRTerritories.Path + ".csv) from the Unicode CLDR JSON packages.\n" +
			"Install them first with npm ci in .ci/cldr (cldr-core and cldr-localenames-full, pinned); build then reads the file, with no network.",
		run: runCLDR,
	})
}

func runCLDR(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), "datasets directory")
	from := fs.String("from", filepath.Join(filepath.Dir(dataDir()), ".ci", "cldr", "node_modules"), "node_modules directory holding cldr-core and cldr-localenames-full")
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	b, err := countries.DeriveCLDR(*from)
	if err != nil {
		return err
	}
	out := filepath.Join(*data, schema.CLDRTerritories.Path+".csv")
	if err := atomicfs.WriteFile(out, b); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "cldr: wrote %s; run cybernorms build\n", out)
	return nil
}
