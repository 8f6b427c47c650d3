package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/kernel"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func needKernel(t *testing.T) {
	t.Helper()
	testenv.Program(t, "jupyter")
	if _, err := kernel.Installed(); err != nil {
		testenv.Missing(t, "the gonb kernel: %v", err)
	}
}

// A notebook run with parameters, by a prefix of its name and with the real
// kernel, writes an executed copy whose injected cell follows the parameters
// cell and whose outputs are for the date given; a bad date is one line.
func TestNotebooksRunParameters(t *testing.T) {
	needKernel(t)
	out := t.TempDir()
	code, stdout, stderr := run(t, "notebooks", "run", "01", "--param", "asOf=2024-01-19", "--param", "lang=en", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "01_reproduce_chapter.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string `json:"cell_type"`
			Metadata struct{ Tags []string }
			Source   []string
			Outputs  []struct {
				OutputType string `json:"output_type"`
				Name       string
				Text       []string
			}
		}
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var tags []string
	var text strings.Builder
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		tags = append(tags, strings.Join(c.Metadata.Tags, ","))
		for _, o := range c.Outputs {
			if o.OutputType == "error" {
				t.Errorf("error output in %q", strings.Join(c.Source, ""))
			}
			text.WriteString(strings.Join(o.Text, ""))
		}
	}
	if len(tags) < 3 || tags[1] != "parameters" || tags[2] != "injected-parameters" {
		t.Errorf("code cells tagged %q, want the injected cell right after the parameters cell", tags)
	}
	for _, want := range []string{"parameters: asOf 2024-01-19, lang en", "81 supporter states on 2024-01-19"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("no output contains %q", want)
		}
	}
	committed, _ := os.ReadFile(filepath.Join(testenv.Root(t), "notebooks", "01_reproduce_chapter.ipynb"))
	if strings.Contains(string(committed), "injected-parameters") {
		t.Error("the committed notebook was changed")
	}

	code, stdout, stderr = run(t, "notebooks", "run", "01", "--param", "asOf=2024-13-01", "--out", out)
	want := "cybernorms notebooks: 01_reproduce_chapter.ipynb: parameter asOf: as-of date \"2024-13-01\" is not a date (YYYY-MM-DD); the supporter history covers " + historySpan(t, filepath.Join(testenv.Root(t), "datasets")).String() + "\n"
	if code != 1 || stderr != want {
		t.Errorf("bad date: exit %d, stderr %q, want %q", code, stderr, want)
	}
}
