package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// killedAt runs the command line in a child that kills itself (SIGKILL) at
// the nth call of step of its commit, and reports whether it died there.
func killedAt(t *testing.T, step string, nth int, args ...string) bool {
	t.Helper()
	t.Setenv(crashEnv, fmt.Sprintf("%s %d", step, nth))
	defer os.Unsetenv(crashEnv)
	cmd, out := child(t, args...)
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if ok && ee.Sys().(syscall.WaitStatus).Signaled() {
		return true
	}
	if err != nil {
		t.Fatalf("%s %d: %v\n%s", step, nth, err, out)
	}
	return false // it finished before reaching that step
}

// A build or a geo killed at every step of its commit leaves datasets that
// the next command recovers: validate passes and shows the previous files,
// and the command run again succeeds.
func TestKilledBuildAndGeo(t *testing.T) {
	ne := filepath.Join(testenv.Shared(t), "geo", "countries-50m.geojson")
	type writer struct {
		name    string
		prepare func(t *testing.T, data string) // makes the command have something to write
		args    func(data string) []string
	}
	writers := []writer{
		{"build", func(t *testing.T, data string) {
			edit(t, filepath.Join(data, "curated/coverage.csv"), func(s string) string { return strings.Replace(s, "Tabel 2.1", "Tabel 2.1 (hlm. 40)", 1) })
		}, func(data string) []string { return []string{"build", "--quiet", "--data", data} }},
		{"geo", func(t *testing.T, data string) {
			// A committed geometry other than the one geo derives.
			edit(t, filepath.Join(data, "geo/countries.geojson"), func(s string) string { return strings.Replace(s, "[105.724,-10.494]", "[105.725,-10.494]", 1) })
			if code, _, stderr := run(t, "build", "--quiet", "--data", data); code != 0 {
				t.Fatal(stderr)
			}
		}, func(data string) []string { return []string{"geo", "--from", ne, "--data", data} }},
	}
	for _, w := range writers {
		for _, step := range []string{"begin", "write", "swap", "commit"} {
			for nth := 1; ; nth++ {
				data := dataCopy(t)
				w.prepare(t, data)
				before := testenv.Digests(t, data)
				if !killedAt(t, step, nth, w.args(data)...) {
					break
				}
				if code, stdout, stderr := run(t, "validate", "--data", data); code != 0 {
					t.Fatalf("%s killed at %s %d: validate exit %d\n%s%s", w.name, step, nth, code, stdout, stderr)
				}
				// Temporaries of the write phase are left until the next
				// writer, which removes them.
				if d := testenv.DiffDigests(before, withoutTemporaries(testenv.Digests(t, data))); len(d) > 0 {
					t.Errorf("%s killed at %s %d: not rolled back: %v", w.name, step, nth, d)
				}
				if code, stdout, stderr := run(t, w.args(data)...); code != 0 {
					t.Fatalf("%s again after a kill at %s %d: exit %d\n%s%s", w.name, step, nth, code, stdout, stderr)
				}
				for p := range testenv.Digests(t, data) {
					if strings.Contains(p, ".tmp-") {
						t.Errorf("%s killed at %s %d, run again: temporary %s left", w.name, step, nth, p)
					}
				}
				if code, stdout, stderr := run(t, "validate", "--data", data); code != 0 {
					t.Fatalf("%s killed at %s %d, run again: validate exit %d\n%s%s", w.name, step, nth, code, stdout, stderr)
				}
				if step == "begin" || step == "commit" {
					break
				}
				if nth > 3 { // the first four files are enough
					nth = 1 << 20
				}
			}
		}
	}
}

// A reproduce killed at every step of its directory swap leaves the old
// output or the new one, never neither; the next run cleans up.
func TestKilledReproduce(t *testing.T) {
	data := dataCopy(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "reproduce", "--quiet", "--data", data, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	os.Chmod(out, 0o750)
	whole = countFiles(out)
	for _, step := range []string{"dir-fill", "dir-swap", "dir-commit", "dir-clean"} {
		if !killedAt(t, step, 1, "reproduce", "--quiet", "--data", data, "--out", out, "--lang", "en") {
			t.Fatalf("reproduce never reached %s", step)
		}
		if n := countFiles(out); n != whole {
			t.Errorf("killed at %s: %s holds %d files, want a whole output (%d)", step, out, n, whole)
		}
		if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
			t.Errorf("killed at %s: %s has no marker (%v), want a whole output", step, out, err)
		}
		if code, _, stderr := run(t, "reproduce", "--quiet", "--data", data, "--out", out); code != 0 {
			t.Fatalf("after a kill at %s: %s", step, stderr)
		}
		checkWholeOutput(t, out)
		if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o750 {
			t.Errorf("after a kill at %s: mode %v, want the directory's own 0750", step, fi.Mode().Perm())
		}
	}
}

func withoutTemporaries(d map[string]string) map[string]string {
	for p := range d {
		if strings.Contains(filepath.Base(p), ".tmp-") {
			delete(d, p)
		}
	}
	return d
}

// SIGINT or SIGTERM during a build's commit stops it at the next step: what
// it had swapped is rolled back, and the exit status is 128 + the signal.
func TestSignalledBuild(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		for _, step := range []string{"write 2", "swap 2"} {
			data := dataCopy(t)
			edit(t, filepath.Join(data, "curated/coverage.csv"), func(s string) string { return strings.Replace(s, "Tabel 2.1", "Tabel 2.1 (hlm. 40)", 1) })
			before := testenv.Digests(t, data)
			code, out := runSignalled(t, sig, step, []string{"build", "--quiet", "--data", data})
			if code != 128+int(sig) {
				t.Errorf("%v at %s: exit %d, want %d", sig, step, code, 128+int(sig))
			}
			if lines := errorLines(out); len(lines) != 1 || lines[0] != "cybernorms build: stopped by a signal ("+sig.String()+") before writing anything more" {
				t.Errorf("%v at %s: said %q", sig, step, out)
			}
			if d := testenv.DiffDigests(before, withoutTemporaries(testenv.Digests(t, data))); len(d) > 0 {
				t.Errorf("%v at %s: not rolled back: %v", sig, step, d)
			}
		}
	}
}
