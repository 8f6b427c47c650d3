package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/internal/gitfixture"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/support/dirlock"
)

// smallWorld is a copy of the datasets whose snapshot comes from a small
// fixture upstream: the reviewed links and the claims, which name supporters
// of the real upstream, are emptied.
func smallWorld(t *testing.T) (data string, up *gitfixture.Repo) {
	t.Helper()
	data = dataCopy(t)
	os.Remove(filepath.Join(data, "snapshot/supporter_changes.csv"))
	for _, f := range []string{"curated/supporter_links.csv", "curated/claims.csv", "curated/evidence.csv", "curated/duplicate_review.csv", "curated/adherence_events.csv", "curated/instrument_totals.csv"} {
		edit(t, filepath.Join(data, f), func(s string) string { return s[:strings.IndexByte(s, '\n')+1] })
	}
	up = gitfixture.New(t)
	up.Commit("2024-02-01T10:00:00+01:00", "Start", map[string]*gitfixture.Entry{
		"_data/country-codes.csv":     gitfixture.File(countryCodes),
		"_supporters/ok-state-FRA.md": gitfixture.Supporter("France", "state", "UE", "FRA"),
	})
	if code, stdout, stderr := run(t, "refresh", "--quiet", "--upstream", up.Dir, "--data", data); code != 0 {
		t.Fatalf("first refresh: exit %d\n%s%s", code, stdout, stderr)
	}
	return data, up
}

var lockMessage = regexp.MustCompile(`^cybernorms \w+: .* is in use by .*; gave up after .*$`)

// releases counts the releases of the project's changelog, which the small
// world's changelog starts from.
func releases(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.Root(t), "datasets", "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n## ")
}

// checkOutcome accepts success, or failure with the lock message alone.
func checkOutcome(t *testing.T, what string, err error, out string) {
	t.Helper()
	if err == nil {
		return
	}
	lines := errorLines(out)
	if len(lines) != 1 || !lockMessage.MatchString(lines[0]) {
		t.Errorf("%s: %v\n%s", what, err, out)
	}
}

// Twenty rounds of a refresh that has something to write and a build,
// started together: each succeeds or fails with the lock message, and the
// datasets validate after every round.
func TestConcurrentRefreshAndBuild(t *testing.T) {
	released := releases(t)
	data, up := smallWorld(t)
	t.Setenv("SOURCE_DATE_EPOCH", "1772323200")
	// Commits that start after a random delay make the two commands overlap
	// in every order, as a slow disk would; without the lock, some rounds
	// then end with a new snapshot beside old tables, which validate rejects.
	t.Setenv(slowEnv, "1s")
	for i := 0; i < 20; i++ {
		day := time.Date(2024, 2, 2+i, 10, 0, 0, 0, time.UTC)
		up.Commit(day.Format(time.RFC3339), "Add", map[string]*gitfixture.Entry{
			fmt.Sprintf("_supporters/org-%d-civil-society-FRA.md", i): gitfixture.Supporter(fmt.Sprintf("Org %d", i), "civil-society", "Société civile", "FRA"),
		})
		ref, refOut := child(t, "refresh", "--quiet", "--upstream", up.Dir, "--data", data)
		bld, bldOut := child(t, "build", "--quiet", "--data", data)
		checkOutcome(t, fmt.Sprintf("round %d refresh", i), ref.Wait(), refOut.String())
		checkOutcome(t, fmt.Sprintf("round %d build", i), bld.Wait(), bldOut.String())
		if code, stdout, stderr := run(t, "validate", "--data", data); code != 0 {
			t.Fatalf("round %d: validate exit %d\n%s%s", i, code, stdout, stderr)
		}
	}
	b, _ := os.ReadFile(filepath.Join(data, "CHANGELOG.md"))
	// One release per round that changed the upstream, no spurious one.
	if n := strings.Count(string(b), "\n## "); n != released+21 {
		t.Errorf("changelog has %d releases, want %d (%d before, the first refresh, 20 rounds)", n, released+21, released)
	}
}

// A second writer gives up after --lock-wait with one line naming the holder.
func TestLockMessage(t *testing.T) {
	data := dataCopy(t)
	held, err := dirlock.Write(context.Background(), dirlock.In(data), data, "cybernorms refresh", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	// refresh reads its upstream before it asks for the datasets.
	up := gitfixture.New(t)
	up.Commit("2024-02-01T10:00:00+01:00", "Start", map[string]*gitfixture.Entry{
		"_data/country-codes.csv":     gitfixture.File(countryCodes),
		"_supporters/ok-state-FRA.md": gitfixture.Supporter("France", "state", "UE", "FRA"),
	})
	for _, args := range [][]string{
		{"build", "--data", data},
		{"geo", "--from", "x.geojson", "--data", data},
		{"refresh", "--quiet", "--upstream", up.Dir, "--data", data},
		{"query", "--data", data},
		{"reproduce", "--out", filepath.Join(t.TempDir(), "out"), "--data", data},
	} {
		start := time.Now()
		code, _, stderr := run(t, append(args, "--lock-wait", "300ms")...)
		want := fmt.Sprintf(`cybernorms %s: %s is in use by pid %d (cybernorms refresh, since `, args[0], data, os.Getpid())
		if code != 1 || !strings.HasPrefix(stderr, want) || !strings.HasSuffix(stderr, "); gave up after 300ms (run again when it is done, or wait longer with --lock-wait)\n") {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q…", args[0], code, stderr, want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s waited %s", args[0], d)
		}
	}
}

// Twenty rounds of two reproduce runs into one directory: both succeed or one
// fails with the lock message; the directory is always a whole output with no
// temporaries.
func TestConcurrentReproduce(t *testing.T) {
	data := dataCopy(t)
	// A whole output, written alone, to count against.
	ref := filepath.Join(t.TempDir(), "ref")
	if code, _, stderr := run(t, "reproduce", "--quiet", "--data", data, "--out", ref); code != 0 {
		t.Fatalf("reproduce: %s", stderr)
	}
	whole = countFiles(ref)
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	for i := 0; i < 20; i++ {
		a, aOut := child(t, "reproduce", "--quiet", "--data", data, "--out", out)
		b, bOut := child(t, "reproduce", "--quiet", "--data", data, "--out", out, "--lang", "en")
		checkOutcome(t, "first reproduce", a.Wait(), aOut.String())
		checkOutcome(t, "second reproduce", b.Wait(), bOut.String())
		checkWholeOutput(t, out)
	}
}

// whole is the number of files of one complete reproduce output, its
// marker included.
var whole int

func countFiles(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// checkWholeOutput checks that out is one complete reproduce output and that
// nothing else is left beside it but the lock file.
func checkWholeOutput(t *testing.T, out string) {
	t.Helper()
	n := countFiles(out)
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil || n != whole {
		t.Errorf("%s: %d files (want %d, the marker included): %v", out, n, whole, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != filepath.Base(out) && e.Name() != filepath.Base(dirlock.Beside(out)) {
			t.Errorf("left beside the output: %s", e.Name())
		}
	}
}

// Two refreshes started together after the upstream changed publish one
// release between them, never two.
func TestConcurrentRefreshes(t *testing.T) {
	released := releases(t)
	data, up := smallWorld(t)
	t.Setenv("SOURCE_DATE_EPOCH", "1772323200")
	t.Setenv(slowEnv, "500ms")
	for i := 0; i < 5; i++ {
		day := time.Date(2024, 3, 1+i, 10, 0, 0, 0, time.UTC)
		up.Commit(day.Format(time.RFC3339), "Add", map[string]*gitfixture.Entry{
			fmt.Sprintf("_supporters/pair-%d-civil-society-FRA.md", i): gitfixture.Supporter(fmt.Sprintf("Pair %d", i), "civil-society", "Société civile", "FRA"),
		})
		a, aOut := child(t, "refresh", "--quiet", "--upstream", up.Dir, "--data", data)
		b, bOut := child(t, "refresh", "--quiet", "--upstream", up.Dir, "--data", data)
		checkOutcome(t, "first refresh", a.Wait(), aOut.String())
		checkOutcome(t, "second refresh", b.Wait(), bOut.String())
		if code, stdout, stderr := run(t, "validate", "--data", data); code != 0 {
			t.Fatalf("round %d: validate exit %d\n%s%s", i, code, stdout, stderr)
		}
		cl, _ := os.ReadFile(filepath.Join(data, "CHANGELOG.md"))
		if n := strings.Count(string(cl), "\n## "); n != released+2+i {
			t.Fatalf("round %d: %d releases, want %d (one per round)", i, n, released+2+i)
		}
	}
}

// notebooks run and kernel install give up after --lock-wait, with the
// holder's line, when another command writes their directory; nothing is
// executed or installed meanwhile (PATH holds no Jupyter, go or apt-get, so
// a command that went ahead would fail with another message).
func TestNotebookAndKernelLocks(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	jupyter := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", jupyter)
	out := filepath.Join(t.TempDir(), "out")
	notebooks := filepath.Join(testenv.Root(t), "notebooks")
	kernelDir := filepath.Join(jupyter, "kernels", "gonb")
	tests := []struct {
		lockFile, what string
		args           []string
	}{
		{dirlock.Beside(out), "--out " + out, []string{"notebooks", "run", "01", "--param", "asOf=2024-01-19", "--out", out}},
		{dirlock.In(notebooks), notebooks, []string{"notebooks", "run", "01"}},
		{dirlock.In(kernelDir), kernelDir, []string{"kernel", "install"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			held, err := dirlock.Write(context.Background(), tt.lockFile, tt.what, "cybernorms reproduce", time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer held.Release()
			before := committedNotebooks(t, notebooks)
			start := time.Now()
			code, _, stderr := run(t, append(tt.args, "--lock-wait", "300ms")...)
			want := fmt.Sprintf(`cybernorms %s: %s is in use by pid %d (cybernorms reproduce, since `, tt.args[0], tt.what, os.Getpid())
			if code != 1 || !strings.HasPrefix(stderr, want) || !strings.HasSuffix(stderr, "); gave up after 300ms (run again when it is done, or wait longer with --lock-wait)\n") || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q…", code, stderr, want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("waited %s", d)
			}
			if d := testenv.DiffDigests(before, committedNotebooks(t, notebooks)); len(d) > 0 {
				t.Errorf("notebooks changed: %v", d)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", out)
			}
		})
	}
}

// committedNotebooks digests the notebooks themselves, not the temporary
// copies other packages' tests make beside them.
func committedNotebooks(t *testing.T, dir string) map[string]string {
	d := testenv.Digests(t, dir)
	for k := range d {
		if strings.Contains(k, "/") || !strings.HasSuffix(k, ".ipynb") {
			delete(d, k)
		}
	}
	if len(d) == 0 {
		t.Fatalf("no notebook in %s", dir)
	}
	return d
}
