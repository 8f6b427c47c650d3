package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestReproduceBadArguments(t *testing.T) {
	data := filepath.Join(testenv.Root(t), "datasets")
	tmp := t.TempDir()
	file := filepath.Join(tmp, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	foreign := filepath.Join(tmp, "mine")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "thesis.tex"), []byte("precious"), 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--as-of", "2017-01-01"}, 2, "cybernorms reproduce: --as-of: as-of date 2017-01-01 is before the supporter history starts: it covers " + historySpan(t, data).String()},
		{[]string{"--as-of", "yesterday"}, 2, `cybernorms reproduce: --as-of: as-of date "yesterday" is not a date (YYYY-MM-DD); the supporter history covers ` + historySpan(t, data).String()},
		{[]string{"--lang", "de"}, 2, `cybernorms reproduce: --lang: unknown language "de" (want id, en, fr or es)`},
		{[]string{"--out", filepath.Join(file, "out")}, 1, "cybernorms reproduce: --out " + filepath.Join(file, "out") + ": not a directory"},
		{[]string{"--out", file}, 1, "cybernorms reproduce: --out " + file + ": exists and is not a directory"},
		{[]string{"--out", foreign}, 1, "cybernorms reproduce: --out " + foreign + ": exists and was not written by reproduce (no .cybernorms-reproduce): choose another directory"},
	}
	for _, tt := range tests {
		args := append([]string{"reproduce", "--data", data, "--quiet"}, tt.args...)
		if !strings.Contains(strings.Join(tt.args, " "), "--out") {
			args = append(args, "--out", filepath.Join(tmp, "never"))
		}
		code, stdout, stderr := run(t, args...)
		if code != tt.code || stderr != tt.want+"\n" || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d, %q", tt.args, code, stdout, stderr, tt.code, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(tmp, "never")); err == nil {
		t.Error("a failed reproduce created its output directory")
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "thesis.tex")); string(b) != "precious" {
		t.Error("reproduce touched a directory it did not write")
	}
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".out-") {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

func TestReproduceReplacesItsOwnOutput(t *testing.T) {
	data := filepath.Join(testenv.Root(t), "datasets")
	out := filepath.Join(t.TempDir(), "report")
	for i := 0; i < 2; i++ {
		code, stdout, stderr := run(t, "reproduce", "--data", data, "--out", out, "--lang", "en", "--as-of", "2024-01-19")
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, stderr)
		}
		if !strings.HasPrefix(stdout, "reproduce: wrote 69 files to "+out+" (as of 2024-01-19, labels en)") {
			t.Errorf("stdout %q", stdout)
		}
		if i == 0 {
			os.WriteFile(filepath.Join(out, "stale.txt"), []byte("from an older run"), 0o644)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "stale.txt")); err == nil {
		t.Error("the second run kept a file of the first")
	}
	b, err := os.ReadFile(filepath.Join(out, "tables", "supporter-states.csv"))
	if err != nil || strings.Count(string(b), "\n") != 82 || !strings.Contains(string(b), "United States,USA") {
		t.Errorf("supporter-states.csv on 2024-01-19 should list 81 states with the United States:\n%s", b)
	}
}
