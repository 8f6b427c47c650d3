package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// TestVerify: the committed datasets reproduce in full; one byte changed in
// one dataset, or in a file build copies, fails naming that file alone.
func TestVerify(t *testing.T) {
	dir := dataCopy(t)
	code, out, errOut := run(t, "verify", "--data", dir)
	m := regexp.MustCompile(`(?m)^reproduced (\d+) of (\d+) files$`).FindStringSubmatch(out)
	if code != 0 || m == nil || m[1] != m[2] {
		t.Fatalf("verify on the committed datasets: exit %d\n%s%s", code, out, errOut)
	}
	for _, rel := range []string{"supporters.csv", "coverage.parquet", "snapshot/country_codes.csv", "geo/countries.geojson"} {
		t.Run(rel, func(t *testing.T) {
			d := dataCopy(t)
			p := filepath.Join(d, filepath.FromSlash(rel))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			i := len(b) / 2
			b[i] ^= 0x01
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := run(t, "verify", "--data", d)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
			}
			var differs []string
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, "differs: ") {
					differs = append(differs, l)
				}
			}
			// A file build copies also changes the checksum build writes
			// into datapackage.json; a derived file is the only one named.
			want := "differs: " + filepath.Base(d) + "/" + rel + ": "
			named := slices.ContainsFunc(differs, func(l string) bool { return strings.HasPrefix(l, want) })
			copied := strings.Contains(rel, "/")
			if !named || !copied && len(differs) != 1 || copied && len(differs) > 2 {
				t.Errorf("verify after changing one byte of %s:\n%s", rel, out)
			}
			if !strings.Contains(errOut, "not reproduced") {
				t.Errorf("stderr %q", errOut)
			}
		})
	}
}

// TestVerifyReport compares a report written by reproduce with a fresh one,
// and finds a figure changed after it was written.
func TestVerifyReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if code, o, e := run(t, "reproduce", "--data", dataCopy(t), "--out", out, "--quiet"); code != 0 {
		t.Fatalf("reproduce: %d %s%s", code, o, e)
	}
	data := dataCopy(t)
	if code, o, e := run(t, "verify", "--data", data, "--report", out); code != 0 {
		t.Fatalf("verify --report: exit %d\n%s%s", code, o, e)
	}
	p := filepath.Join(out, "figures", "tabel-2-1-coverage.svg")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, ' '), 0o644)
	code, o, _ := run(t, "verify", "--data", data, "--report", out)
	if code != 1 || !strings.Contains(o, "differs: out/figures/tabel-2-1-coverage.svg: ") || strings.Count(o, "differs: ") != 1 {
		t.Errorf("verify --report after a figure changed: exit %d\n%s", code, o)
	}
}

// TestVerifyUpstream reads the local copy of the upstream and finds the
// snapshot read from it.
func TestVerifyUpstream(t *testing.T) {
	code, out, errOut := run(t, "verify", "--data", dataCopy(t), "--upstream", testenv.Upstream(t))
	if code != 0 || !strings.Contains(out, "reproduced ") {
		t.Fatalf("verify --upstream: exit %d\n%s%s", code, out, errOut)
	}
}
