package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/validate"
	"github.com/cybernorms/cybernorms/support/atomicfs"
)

func init() {
	register(&command{
		name: "cldr", synopsis: "[--from DIR] [--data DIR]",
		summary: say("cldr.summary", schema.CLDRTerritories.Path),
		run:     runCLDR,
	})
}

func runCLDR(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	from := fs.String("from", filepath.Join(filepath.Dir(dataDir()), ".ci", "cldr", "node_modules"), flagText(fs, "from"))
	wait := lockWaitFlag(fs)
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	b, err := countries.DeriveCLDR(*from)
	if err != nil {
		return err
	}
	lock, err := writeDatasets(ctx, c, *data, *wait)
	if err != nil {
		return err
	}
	defer lock.Release()
	rel := schema.CLDRTerritories.CSV()
	written, err := commitInput(ctx, *data, map[string][]byte{rel: b})
	if err != nil {
		return fmt.Errorf("cldr from %s: %w", *from, err)
	}
	if len(written) == 0 {
		fmt.Fprintf(e.stdout, "cldr: %s is up to date, nothing written\n", filepath.Join(*data, rel))
		return nil
	}
	fmt.Fprintf(e.stdout, "cldr: wrote %s and the %d files built from it\n", filepath.Join(*data, rel), len(written)-1)
	return nil
}

// commitInput writes inputs (by slash-separated path below dir) with the
// datasets rebuilt from them, as one transaction, once the whole staged set
// passes every check a reader makes; otherwise it writes nothing. The caller
// holds dir's write lock.
func commitInput(ctx context.Context, dir string, inputs map[string][]byte) ([]string, error) {
	if err := atomicfs.Recover(dir); err != nil {
		return nil, err
	}
	in, err := build.LoadInputsWith(dir, inputs)
	if err != nil {
		return nil, fmt.Errorf("the datasets cannot be built from it, nothing written: %w", err)
	}
	derived, err := build.Derive(in)
	if err != nil {
		return nil, fmt.Errorf("the datasets cannot be built from it, nothing written: %w", err)
	}
	encoded, err := build.Encode(in, derived)
	if err != nil {
		return nil, err
	}
	staged := map[string][]byte{}
	for rel, b := range inputs {
		staged[rel] = b
	}
	for rel, b := range encoded {
		staged[rel] = b
	}
	if err := validate.CheckStaged(dir, staged); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tx := atomicfs.New(dir)
	tx.StopOn(ctx)
	for rel, b := range staged {
		tx.Add(filepath.FromSlash(rel), b)
	}
	done, err := tx.Commit()
	if err != nil {
		return nil, err
	}
	return done.Written, nil
}
