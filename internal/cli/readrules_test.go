package cli

import (
	"bufio"
	"compress/zlib"
	"context"
	"crypto/sha1"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/cybernorms/cybernorms/internal/gitfixture"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/support/dirlock"
)

// The object bound holds over HTTP as it does locally: a served repository
// of a few hundred kilobytes whose blob inflates to 1 GiB of zeros is
// refused on the pack's object header, in bounded memory, with nothing
// written and no clone left in the cache.
func TestObjectBoundOverHTTP(t *testing.T) {
	repo := zeroObjectUpstream(t, 1<<30)
	srv := serveGit(t, filepath.Dir(repo))
	data, cache := dataCopy(t), t.TempDir()
	before := testenv.Digests(t, data)
	code, out, took, rss := runMeasured(t, "refresh", "--quiet", "--upstream", srv.URL+"/"+filepath.Base(repo), "--cache", cache, "--data", data)
	t.Logf("exit %d in %s, peak RSS %.1f MiB: %s", code, took.Round(time.Millisecond), float64(rss)/(1<<20), strings.TrimSpace(out))
	lines := errorLines(out)
	if code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "is 1073741824 bytes: object over the size limit of 33554432 bytes, not read") {
		t.Errorf("exit %d, output %q; want exit 1 and one line naming the object's size", code, out)
	}
	if rss > peakLimit && !raceDetector {
		t.Errorf("peak RSS %d MiB, want under %d MiB", rss>>20, peakLimit>>20)
	}
	if d := testenv.DiffDigests(before, testenv.Digests(t, data)); len(d) > 0 {
		t.Errorf("the datasets changed: %v", d)
	}
	if m := staleClones(t, cache); len(m) > 0 {
		t.Errorf("a partial clone was left: %v", m)
	}
}

// trickleServer sends its list of references one byte every interval, for
// ever: inside any idle timeout longer than interval.
func trickleServer(t *testing.T, interval time.Duration) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
		w.WriteHeader(http.StatusOK)
		bw := bufio.NewWriter(w)
		line := "001e# service=git-upload-pack\n0000"
		for i := 0; ; i++ {
			if i >= len(line) {
				line += fmt.Sprintf("%04x%s refs/heads/b%06d\n", 4+41+18, strings.Repeat("a", 40), i)
			}
			bw.WriteByte(line[i])
			bw.Flush()
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(interval):
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/upstream.git"
}

// A server that sends one byte every second never trips a 2 s idle
// timeout: the refresh's deadline ends it, with one line, nothing written.
func TestRefreshDeadline(t *testing.T) {
	data, cache := dataCopy(t), t.TempDir()
	before := testenv.Digests(t, data)
	code, out, took, _ := runMeasured(t, "refresh", "--quiet", "--upstream", trickleServer(t, time.Second), "--cache", cache, "--data", data,
		"--idle-timeout", "2s", "--deadline", "4s")
	t.Logf("exit %d in %s: %s", code, took.Round(time.Millisecond), strings.TrimSpace(out))
	lines := errorLines(out)
	if code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "the upstream was not read within the refresh's deadline (4s)") {
		t.Errorf("exit %d, output %q; want exit 1 and one line naming the deadline", code, out)
	}
	if took > 20*time.Second {
		t.Errorf("took %s; the deadline is 4 s", took)
	}
	if d := testenv.DiffDigests(before, testenv.Digests(t, data)); len(d) > 0 {
		t.Errorf("the datasets changed: %v", d)
	}
}

// While a refresh waits on a slow upstream, readers are not locked out: the
// datasets are taken only once the upstream is read.
func TestQueryWhileRefreshReadsUpstream(t *testing.T) {
	srv, url := servedUpstream(t)
	data, cache := dataCopy(t), t.TempDir()
	release := srv.holdWhen(isPack)
	cmd, out := child(t, "refresh", "--quiet", "--upstream", url, "--cache", cache, "--data", data)
	released := false
	defer func() {
		if !released {
			release()
		}
		cmd.Process.Kill()
		cmd.Wait()
	}()
	srv.waitHeld(t)
	for _, args := range [][]string{
		{"query", "--data", data, "--lock-wait", "1s"},
		{"validate", "--data", data, "--lock-wait", "1s"},
	} {
		start := time.Now()
		code, stdout, stderr := run(t, args...)
		t.Logf("%s while the refresh reads the upstream: exit %d in %s", args[0], code, time.Since(start).Round(time.Millisecond))
		if code != 0 || stdout == "" {
			t.Errorf("%s while the refresh reads the upstream: exit %d: %s%s", args[0], code, stdout, stderr)
		}
	}
	release()
	released = true
	if err := cmd.Wait(); err != nil {
		t.Fatalf("refresh: %v\n%s", err, out)
	}
}

// Two new supporters with the same website: the refresh writes
// nothing (not even the snapshot, which every reader would then refuse)
// and names the upstream files to review.
func TestRefreshRefusesWhatReadersRefuse(t *testing.T) {
	w := newHostileWorld(t)
	r := gitfixture.New(t)
	r.Commit("2024-02-01T10:00:00+01:00", "Twins", map[string]*gitfixture.Entry{
		"_data/country-codes.csv":                gitfixture.File(countryCodes),
		"_supporters/ok-state-FRA.md":            gitfixture.Supporter("France", "state", "UE", "FRA"),
		"_supporters/acme-private-sector-FRA.md": gitfixture.File("---\nname: Acme\ncategory: private-sector\nnationality: FRA\nwebsite: https://www.acme.example/\n---\n"),
		"_supporters/acme-sa-private-sector.md":  gitfixture.File("---\nname: Acme Group\ncategory: private-sector\nnationality: FRA\nwebsite: https://acme.example/fr\n---\n"),
	})
	os.Remove(filepath.Join(w.data, "snapshot/supporter_changes.csv"))
	before := testenv.Digests(t, w.data)
	code, stdout, stderr := run(t, "refresh", "--quiet", "--upstream", r.Dir, "--data", w.data)
	t.Logf("exit %d: %s%s", code, stdout, stderr)
	lines := errorLines(stderr)
	if code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "nothing written") ||
		!strings.Contains(lines[0], "review upstream _supporters/acme-private-sector-FRA.md, _supporters/acme-sa-private-sector.md") {
		t.Errorf("exit %d, stderr %q; want exit 1 and one line naming both files", code, stderr)
	}
	if d := testenv.DiffDigests(before, testenv.Digests(t, w.data)); len(d) > 0 {
		t.Errorf("the datasets changed: %v", d)
	}
}

// A valid but incomplete CLDR set (the parser's own test data names a few
// territories): cldr writes nothing, and the datasets still read; while
// another command holds the datasets, cldr waits for it like any writer.
func TestCLDRValidatesBeforeItWrites(t *testing.T) {
	data := dataCopy(t)
	before := testenv.Digests(t, data)
	from := filepath.Join(testenv.Root(t), "pipeline", "countries", "testdata", "cldr")
	code, stdout, stderr := run(t, "cldr", "--from", from, "--data", data)
	t.Logf("exit %d: %s%s", code, stdout, stderr)
	if lines := errorLines(stderr); code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "nothing written") {
		t.Errorf("exit %d, stderr %q; want exit 1 and one line saying nothing was written", code, stderr)
	}
	if d := testenv.DiffDigests(before, testenv.Digests(t, data)); len(d) > 0 {
		t.Errorf("the datasets changed: %v", d)
	}
	if code, _, stderr := run(t, "query", "--data", data); code != 0 {
		t.Errorf("query after cldr: exit %d: %s", code, stderr)
	}
	held, err := dirlock.Write(context.Background(), dirlock.In(data), data, "cybernorms build", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	code, _, stderr = run(t, "cldr", "--from", from, "--data", data, "--lock-wait", "300ms")
	if code != 1 || !strings.Contains(stderr, data+" is in use by pid") {
		t.Errorf("cldr beside a writer: exit %d, stderr %q; want the lock message", code, stderr)
	}
}

// verify reads by the rules every other reader follows: a descriptor naming
// a path outside, a resource that is a link to a device or a FIFO, a report
// whose index.html is a link to /dev/zero are each named and refused, in
// bounded time and memory, and files in a report directory that its
// manifest does not list are named.
func TestVerifyReadsByTheRules(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, data string) []string
		want  []string // lines of the output
	}{
		{"descriptor path outside", func(t *testing.T, data string) []string {
			edit(t, filepath.Join(data, "datapackage.json"), func(s string) string {
				return strings.Replace(s, `"path": "countries.csv"`, `"path": "../victim.txt"`, 1)
			})
			return nil
		}, []string{`differs: ` + "DATA" + `/datapackage.json: the committed file`, `resource path "../victim.txt" leaves the datasets directory`}},
		{"resource a link to /dev/zero", func(t *testing.T, data string) []string {
			os.Remove(filepath.Join(data, "supporters.csv"))
			os.Symlink("/dev/zero", filepath.Join(data, "supporters.csv"))
			return nil
		}, []string{"differs: data/supporters.csv: not read: is a symbolic link; datasets are read only from regular files"}},
		{"resource a FIFO", func(t *testing.T, data string) []string {
			os.Remove(filepath.Join(data, "supporters.csv"))
			syscall.Mkfifo(filepath.Join(data, "supporters.csv"), 0o644)
			return nil
		}, []string{"differs: data/supporters.csv: not read: not a regular file (p---------)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			data := filepath.Join(root, "data")
			testenv.CopyTree(t, dataCopy(t), data, func(string) bool { return true })
			os.WriteFile(filepath.Join(root, "victim.txt"), []byte("SECRET\n"), 0o644)
			tt.setup(t, data)
			code, out, took, rss := runMeasured(t, "verify", "--data", data)
			t.Logf("exit %d in %s, peak RSS %.1f MiB: %s", code, took.Round(time.Millisecond), float64(rss)/(1<<20), lastLines(out, 3))
			if code != 1 || strings.Contains(out, "SECRET") {
				t.Errorf("exit %d; want 1 and nothing of the file outside\n%s", code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, strings.ReplaceAll(w, "DATA", "data")) && !strings.Contains(out, strings.ReplaceAll(w, "DATA", data)) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if rss > peakLimit && !raceDetector {
				t.Errorf("peak RSS %d MiB, want under %d MiB", rss>>20, peakLimit>>20)
			}
		})
	}
}

func lastLines(s string, n int) string {
	ls := strings.Split(strings.TrimSpace(s), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, " | ")
}

// verify --report names what reproduce did not write (a page, a script, a
// link) and refuses an index.html that is a link to /dev/zero, in bounded
// memory.
func TestVerifyReportNamesUnlistedFiles(t *testing.T) {
	data, out := dataCopy(t), filepath.Join(t.TempDir(), "out")
	if code, o, e := run(t, "reproduce", "--data", data, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("reproduce: %d %s%s", code, o, e)
	}
	os.WriteFile(filepath.Join(out, "planted.html"), []byte("<script>alert(1)</script>"), 0o644)
	os.MkdirAll(filepath.Join(out, "figures", "more"), 0o755)
	os.WriteFile(filepath.Join(out, "figures", "more", "x.js"), []byte("x"), 0o644)
	os.Symlink("/etc/passwd", filepath.Join(out, "passwd"))
	os.Remove(filepath.Join(out, "index.html"))
	os.Symlink("/dev/zero", filepath.Join(out, "index.html"))
	code, o, took, rss := runMeasured(t, "verify", "--data", data, "--report", out)
	t.Logf("exit %d in %s, peak RSS %.1f MiB: %s", code, took.Round(time.Millisecond), float64(rss)/(1<<20), lastLines(o, 6))
	for _, w := range []string{
		"differs: out/index.html: not read: is a symbolic link; report files are read only from regular files",
		"differs: out/planted.html: not in the report's manifest (regular file): not written by reproduce",
		"differs: out/figures/more/x.js: not in the report's manifest (regular file): not written by reproduce",
		"differs: out/passwd: not in the report's manifest (symbolic link): not written by reproduce",
	} {
		if !strings.Contains(o, w+"\n") {
			t.Errorf("output lacks %q", w)
		}
	}
	if code != 1 || strings.Contains(o, ".cybernorms-reproduce") {
		t.Errorf("exit %d; want 1, and reproduce's own marker not named:\n%s", code, o)
	}
	if rss > peakLimit && !raceDetector {
		t.Errorf("peak RSS %d MiB, want under %d MiB", rss>>20, peakLimit>>20)
	}
}

// A read-only --out is refused before anything is drawn: the old output
// could not be removed once replaced, and a whole copy was left beside it
// on every run. Run as an unprivileged user (root ignores the mode bits).
func TestReproduceRefusesReadOnlyOut(t *testing.T) {
	root, err := os.MkdirTemp("", "cybernorms-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.RemoveAll(root)
	})
	os.Chmod(root, 0o755)
	data, out := filepath.Join(root, "data"), filepath.Join(root, "out")
	testenv.CopyTree(t, dataCopy(t), data, func(string) bool { return true })
	if code, o, e := run(t, "reproduce", "--quiet", "--data", data, "--out", out); code != 0 {
		t.Fatalf("reproduce: %d %s%s", code, o, e)
	}
	bin := filepath.Join(root, "cli.test")
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "reproduce", "--quiet", "--data", data, "--out", out)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	if os.Geteuid() == 0 {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil {
				os.Lchown(p, 65534, 65534)
			}
			return nil
		})
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	os.Chmod(out, 0o555)
	before := testenv.Digests(t, root)
	o, err := cmd.CombinedOutput()
	code := cmd.ProcessState.ExitCode()
	t.Logf("exit %d: %s", code, strings.TrimSpace(string(o)))
	if lines := errorLines(string(o)); code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "cannot be written (permission denied), so the old output could not be removed once replaced") {
		t.Errorf("exit %d (%v), output %q; want exit 1 and one line", code, err, o)
	}
	if d := testenv.DiffDigests(before, testenv.Digests(t, root)); len(d) > 0 {
		t.Errorf("files changed: %v", d)
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".out.*")); len(left) > 1 {
		t.Errorf("left beside --out: %v", left)
	}
}

// reproduce makes no temporaries outside its output: a run leaves the
// temporary directory as it found it. (Its PDF fonts were once made there
// by the PDF library's font maker; the charts' own PDF writer makes none.)
func TestReproduceLeavesTemporaryDirectory(t *testing.T) {
	tmp := t.TempDir()
	os.WriteFile(filepath.Join(tmp, "someone-elses.txt"), []byte("x"), 0o644)
	c := exec.Command(os.Args[0], "reproduce", "--quiet", "--data", dataCopy(t), "--out", filepath.Join(t.TempDir(), "out"))
	c.Env = append(os.Environ(), childEnv+"=1", "TMPDIR="+tmp)
	if o, err := c.CombinedOutput(); err != nil {
		t.Fatalf("reproduce: %v\n%s", err, o)
	}
	entries, _ := os.ReadDir(tmp)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if strings.Join(left, " ") != "someone-elses.txt" {
		t.Errorf("left in the temporary directory: %v; want only the file that was there", left)
	}
}

// A local upstream's loose object whose header declares 31 bytes but which
// inflates to 1 GiB of zeros is refused in bounded memory, as one whose
// header tells the truth is.
func TestLyingLooseObjectIsBounded(t *testing.T) {
	r := gitfixture.New(t)
	content := "a placeholder the zeros replace"
	r.Commit("2024-02-01T10:00:00+01:00", "Zero", map[string]*gitfixture.Entry{
		"_data/country-codes.csv":     gitfixture.File(countryCodes),
		"_supporters/ok-state-FRA.md": gitfixture.Supporter("France", "state", "UE", "FRA"),
		"_supporters/zero.md":         gitfixture.File(content),
	})
	h := plumbing.Hash(sha1.Sum([]byte(fmt.Sprintf("blob %d\x00%s", len(content), content))))
	p := filepath.Join(r.Dir, "objects", h.String()[:2], h.String()[2:])
	os.Chmod(p, 0o644)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw, _ := zlib.NewWriterLevel(f, zlib.BestSpeed)
	fmt.Fprintf(zw, "blob %d\x00", len(content))
	zeros := make([]byte, 1<<20)
	for i := 0; i < 1024; i++ {
		zw.Write(zeros)
	}
	zw.Close()
	f.Close()
	data := dataCopy(t)
	os.Remove(filepath.Join(data, "snapshot/supporter_changes.csv"))
	before := testenv.Digests(t, data)
	code, out, took, rss := runMeasured(t, "refresh", "--strict", "--quiet", "--upstream", r.Dir, "--data", data)
	t.Logf("exit %d in %s, peak RSS %.1f MiB: %s", code, took.Round(time.Millisecond), float64(rss)/(1<<20), strings.TrimSpace(out))
	if lines := errorLines(out); code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "inflates past the 31 bytes its header declares") {
		t.Errorf("exit %d, output %q", code, out)
	}
	if rss > peakLimit && !raceDetector {
		t.Errorf("peak RSS %d MiB, want under %d MiB", rss>>20, peakLimit>>20)
	}
	if d := testenv.DiffDigests(before, testenv.Digests(t, data)); len(d) > 0 {
		t.Errorf("the datasets changed: %v", d)
	}
}
