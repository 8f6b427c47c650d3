package verify_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/cli/verify"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

// Run from Go: the committed datasets reproduce in full, and the report
// against its own manifest; a table replaced by a link is named, not read.
func TestRun(t *testing.T) {
	data := testenv.CopyDatasets(t, func(string) bool { return true })
	opts := verify.Options{Data: data, AsOf: vocab.ChapterAccessDate, Lang: labels.ID}
	res, err := verify.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() != 0 || !res.ReportChecked || len(res.Checks) < 50 {
		t.Fatalf("%d of %d checks failed (report checked: %v): %v", res.Failed(), len(res.Checks), res.ReportChecked, res.Checks)
	}
	os.Remove(filepath.Join(data, "countries.csv"))
	os.Symlink("/dev/zero", filepath.Join(data, "countries.csv"))
	res, err = verify.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, c := range res.Checks {
		if c.Problem != "" {
			failed = append(failed, c.Name+": "+c.Problem)
		}
	}
	if len(failed) != 1 || !strings.HasSuffix(failed[0], "/countries.csv: not read: is a symbolic link; datasets are read only from regular files") || res.ReportChecked {
		t.Errorf("failed checks %q (report checked: %v); want countries.csv alone, and the report not checked", failed, res.ReportChecked)
	}
}
