package cli

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/support/atomicfs"
	"github.com/cybernorms/cybernorms/support/dirlock"
)

// A checkout a researcher clones can carry files and links where the
// commands keep their own: journals, locks, temporaries, outputs. These
// cases plant them; each command ends with its exit status and one line,
// and nothing outside the directories it writes changes (nothing at all
// when it refuses).

type plantedCase struct {
	family, name string
	setup        func(t *testing.T, w *advWorld) []string
	// own lists the command's directories (relative to the world) whose
	// files may change when it succeeds.
	own  []string
	code int
	msg  string // the one error line; ROOT is the world; a trailing "…" matches a prefix
	// signal, when set, is sent to the command run as a child after it has
	// waited settle; it must then exit within a second.
	signal syscall.Signal
	settle time.Duration
	check  func(t *testing.T, w *advWorld, stdout string)
}

// journal writes a datasets journal into dir.
func journal(t *testing.T, dir, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, atomicfs.JournalFile), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reproduced runs reproduce once into ROOT/out, so that a case finds an
// output of its own there.
func reproduced(t *testing.T, w *advWorld) string {
	t.Helper()
	out := filepath.Join(w.root, "out")
	if code, _, stderr := run(t, "reproduce", "--quiet", "--lang", "en", "--data", w.data, "--out", out); code != 0 {
		t.Fatalf("reproduce: %s", stderr)
	}
	return out
}

// sibling makes a directory beside the data that a planted journal names.
func sibling(t *testing.T, w *advWorld, name string) string {
	t.Helper()
	d := filepath.Join(w.root, name)
	os.MkdirAll(d, 0o755)
	os.WriteFile(filepath.Join(d, "thesis.tex"), []byte("two years of work\n"), 0o644)
	return d
}

func plantedCases() []plantedCase {
	cov := func(w *advWorld) string { return filepath.Join(w.data, "curated/coverage.csv") }
	change := func(t *testing.T, w *advWorld) {
		replaceFile(t, cov(w), "Tabel 2.1", "Tabel 2.1 (hlm. 40)")
	}
	return []plantedCase{
		// Journals name only what the command itself could have written.
		{family: "journals", name: "query, a curated input named as a temporary", setup: func(t *testing.T, w *advWorld) []string {
			journal(t, w.data, `[{"rel":"coverage.csv","tmp":"curated/coverage.csv"}]`)
			return []string{"query", "--data", w.data}
		}, code: 1, msg: `cybernorms query: ROOT/data/.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it names "curated/coverage.csv" as the temporary of "coverage.csv", not a name a write gives one; nothing was changed (remove it if you did not expect it)`},
		{family: "journals", name: "query, a curated input named as a new file", setup: func(t *testing.T, w *advWorld) []string {
			journal(t, w.data, `[{"rel":"curated/coverage.csv","tmp":"curated/.coverage.csv.tmp-1"}]`)
			return []string{"query", "--data", w.data}
		}, code: 1, msg: `cybernorms query: ROOT/data/.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it names "curated/coverage.csv", which is not written here (an input); nothing was changed (remove it if you did not expect it)`},
		{family: "journals", name: "build, a curated input restored from a planted backup", setup: func(t *testing.T, w *advWorld) []string {
			os.WriteFile(filepath.Join(w.data, "curated/.coverage.csv.tmp-1.old"), []byte("planted"), 0o644)
			journal(t, w.data, `[{"rel":"curated/coverage.csv","tmp":"curated/.coverage.csv.tmp-1","backup":"curated/.coverage.csv.tmp-1.old"}]`)
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data/.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it names "curated/coverage.csv", which is not written here (an input); nothing was changed (remove it if you did not expect it)`},
		{family: "journals", name: "validate, the repository's own files named", setup: func(t *testing.T, w *advWorld) []string {
			journal(t, w.data, `[{"rel":".git/config","tmp":".git/.config.tmp-1"}]`)
			return []string{"validate", "--data", w.data}
		}, code: 1, msg: `cybernorms validate: ROOT/data/.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it names ".git/config", a hidden file; nothing was changed (remove it if you did not expect it)`},
		{family: "journals", name: "query, a journal that is a link", setup: func(t *testing.T, w *advWorld) []string {
			p := filepath.Join(w.root, "elsewhere.json")
			os.WriteFile(p, []byte(`[{"rel":"supporters.csv","tmp":".supporters.csv.tmp-1"}]`), 0o644)
			plantLink(t, p, filepath.Join(w.data, atomicfs.JournalFile))
			return []string{"query", "--data", w.data}
		}, code: 1, msg: `cybernorms query: ROOT/data/.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it is a symbolic link; nothing was changed (remove it if you did not expect it)`},
		{family: "journals", name: "query, a journal that is a FIFO", setup: func(t *testing.T, w *advWorld) []string {
			plantFIFO(t, filepath.Join(w.data, atomicfs.JournalFile), 0o644)
			return []string{"query", "--data", w.data, "--lock-wait", "200ms"}
		}, code: 1, msg: `cybernorms query: ROOT/data/.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it is not a regular file (prw-r--r--); nothing was changed (remove it if you did not expect it)`},
		{family: "journals", name: "reproduce, a sibling directory named as the new side", setup: func(t *testing.T, w *advWorld) []string {
			out := reproduced(t, w)
			sibling(t, w, "thesis")
			os.WriteFile(atomicfs.DirJournal(out), []byte(`{"target":"out","new":"thesis","old":""}`), 0o644)
			return []string{"reproduce", "--data", w.data, "--out", out}
		}, code: 1, msg: `cybernorms reproduce: --out ROOT/out: ROOT/.out.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it names "thesis", not a temporary ReplaceDir makes; nothing was changed (remove it if you did not expect it)`},
		{family: "journals", name: "reproduce, a sibling directory named as the old side", setup: func(t *testing.T, w *advWorld) []string {
			out := reproduced(t, w)
			sibling(t, w, "thesis")
			os.WriteFile(atomicfs.DirJournal(out), []byte(`{"target":"out","new":"","old":"thesis"}`), 0o644)
			return []string{"reproduce", "--data", w.data, "--out", out}
		}, code: 1, msg: `cybernorms reproduce: --out ROOT/out: ROOT/.out.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it names "thesis", not a temporary ReplaceDir makes; nothing was changed (remove it if you did not expect it)`},
		{family: "journals", name: "reproduce, temporaries of two runs", setup: func(t *testing.T, w *advWorld) []string {
			out := reproduced(t, w)
			os.WriteFile(atomicfs.DirJournal(out), []byte(`{"target":"out","new":".out.new-000000000000","old":".out.old-111111111111"}`), 0o644)
			return []string{"reproduce", "--data", w.data, "--out", out}
		}, code: 1, msg: `cybernorms reproduce: --out ROOT/out: ROOT/.out.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it names ".out.new-000000000000" and ".out.old-111111111111", temporaries of two different runs; nothing was changed (remove it if you did not expect it)`},
		{family: "journals", name: "reproduce, a directory journal that is a link", setup: func(t *testing.T, w *advWorld) []string {
			out := reproduced(t, w)
			p := filepath.Join(w.root, "elsewhere.json")
			os.WriteFile(p, []byte(`{"target":"out","new":".out.new-000000000000","old":""}`), 0o644)
			plantLink(t, p, atomicfs.DirJournal(out))
			return []string{"reproduce", "--data", w.data, "--out", out}
		}, code: 1, msg: `cybernorms reproduce: --out ROOT/out: ROOT/.out.atomicfs-journal.json: not acted on, no cybernorms write leaves such a journal: it is a symbolic link; nothing was changed (remove it if you did not expect it)`},

		// Locks are regular files opened without following a link.
		{family: "locks", name: "build, the lock a link to a file", setup: func(t *testing.T, w *advWorld) []string {
			plantLink(t, w.victim, dirlock.In(w.data))
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data: cannot lock: ROOT/data/.cybernorms.lock is a symbolic link, not a lock file; remove it (no cybernorms command makes one)`},
		{family: "locks", name: "refresh, the lock a link to a file", setup: func(t *testing.T, w *advWorld) []string {
			plantLink(t, w.victim, dirlock.In(w.data))
			return []string{"refresh", "--quiet", "--upstream", testenv.Upstream(t), "--data", w.data}
		}, code: 1, msg: `cybernorms refresh: ROOT/data: cannot lock: ROOT/data/.cybernorms.lock is a symbolic link, not a lock file; remove it (no cybernorms command makes one)`},
		{family: "locks", name: "reproduce, the lock beside --out a link to a file", setup: func(t *testing.T, w *advWorld) []string {
			out := filepath.Join(w.root, "out")
			plantLink(t, w.victim, dirlock.Beside(out))
			return []string{"reproduce", "--data", w.data, "--out", out}
		}, code: 1, msg: `cybernorms reproduce: --out ROOT/out: cannot lock: ROOT/.out.cybernorms.lock is a symbolic link, not a lock file; remove it (no cybernorms command makes one)`},
		{family: "locks", name: "validate, the lock a dangling link", setup: func(t *testing.T, w *advWorld) []string {
			plantLink(t, filepath.Join(w.root, "created"), dirlock.In(w.data))
			return []string{"validate", "--data", w.data}
		}, code: 1, msg: `cybernorms validate: ROOT/data: cannot lock: ROOT/data/.cybernorms.lock is a symbolic link, not a lock file; remove it (no cybernorms command makes one)`},
		{family: "locks", name: "query, the lock a FIFO", setup: func(t *testing.T, w *advWorld) []string {
			plantFIFO(t, dirlock.In(w.data), 0o644)
			return []string{"query", "--data", w.data, "--lock-wait", "200ms"}
		}, code: 1, msg: `cybernorms query: ROOT/data: cannot lock: ROOT/data/.cybernorms.lock is not a regular file (prw-r--r--); remove it (no cybernorms command makes one)`},
		{family: "locks", name: "build, the lock a directory", setup: func(t *testing.T, w *advWorld) []string {
			plantDir(t, dirlock.In(w.data))
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data: cannot lock: ROOT/data/.cybernorms.lock is not a regular file (drwxr-xr-x); remove it (no cybernorms command makes one)`},

		// Directories and outputs are what the command expects, not links.
		{family: "links", name: "build, a published table a link to a file outside", setup: func(t *testing.T, w *advWorld) []string {
			change(t, w)
			os.Remove(filepath.Join(w.data, "coverage.csv"))
			plantLink(t, w.victim, filepath.Join(w.data, "coverage.csv"))
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data/coverage.csv: is a symbolic link, not a regular file; nothing is written or removed through a link`},
		{family: "links", name: "geo, the geometry's directory a link outside", setup: func(t *testing.T, w *advWorld) []string {
			ext := filepath.Join(w.root, "external")
			os.Rename(filepath.Join(w.data, "geo"), ext)
			plantLink(t, ext, filepath.Join(w.data, "geo"))
			ne := filepath.Join(testenv.Shared(t), "geo", "countries-50m.geojson")
			return []string{"geo", "--from", ne, "--data", w.data}
		}, code: 1, msg: `cybernorms geo: writing ROOT/data/geo/countries.geojson: ROOT/data/geo: is a symbolic link, not a directory; nothing is written through a link`},
		{family: "links", name: "build, the datasets directory a link", setup: func(t *testing.T, w *advWorld) []string {
			change(t, w)
			real := filepath.Join(w.root, "real")
			os.Rename(w.data, real)
			plantLink(t, real, w.data)
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data: cannot lock: ROOT/data: is a symbolic link, not a directory; nothing is written through a link`},
		{family: "links", name: "reproduce, --out a link to another output", setup: func(t *testing.T, w *advWorld) []string {
			out := reproduced(t, w)
			os.Rename(out, filepath.Join(w.root, "elsewhere"))
			plantLink(t, filepath.Join(w.root, "elsewhere"), out)
			return []string{"reproduce", "--data", w.data, "--out", out}
		}, code: 1, msg: `cybernorms reproduce: --out ROOT/out: ROOT/out: is a symbolic link, not a directory; nothing is written through a link`},

		// Special files where a command writes or reads its own.
		{family: "special files", name: "build, a published table a FIFO", setup: func(t *testing.T, w *advWorld) []string {
			change(t, w)
			os.Remove(filepath.Join(w.data, "coverage.csv"))
			plantFIFO(t, filepath.Join(w.data, "coverage.csv"), 0o644)
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data/coverage.csv: not a regular file (prw-r--r--); only regular files are read or replaced here`},
		{family: "special files", name: "reproduce, the lock beside --out a FIFO", setup: func(t *testing.T, w *advWorld) []string {
			out := filepath.Join(w.root, "out")
			plantFIFO(t, dirlock.Beside(out), 0o644)
			return []string{"reproduce", "--data", w.data, "--out", out, "--lock-wait", "200ms"}
		}, code: 1, msg: `cybernorms reproduce: --out ROOT/out: cannot lock: ROOT/.out.cybernorms.lock is not a regular file (prw-r--r--); remove it (no cybernorms command makes one)`},
		{family: "special files", name: "build, a stale temporary's name on a directory", setup: func(t *testing.T, w *advWorld) []string {
			change(t, w)
			d := filepath.Join(w.data, ".coverage.csv.tmp-1")
			plantDir(t, d)
			os.WriteFile(filepath.Join(d, "notes"), []byte("mine"), 0o644)
			return []string{"build", "--quiet", "--data", w.data}
		}, own: []string{"data"}, code: 0, check: func(t *testing.T, w *advWorld, _ string) {
			if b, err := os.ReadFile(filepath.Join(w.data, ".coverage.csv.tmp-1", "notes")); err != nil || string(b) != "mine" {
				t.Errorf("a directory with a temporary's name lost its file: %v", err)
			}
		}},

		// Permissions a checkout carries are not passed on.
		{family: "permissions", name: "reproduce, --out world-writable", setup: func(t *testing.T, w *advWorld) []string {
			out := reproduced(t, w)
			os.Chmod(out, 0o777)
			return []string{"reproduce", "--quiet", "--lang", "en", "--data", w.data, "--out", out}
		}, own: []string{"out"}, code: 0, check: func(t *testing.T, w *advWorld, _ string) {
			if fi, err := os.Stat(filepath.Join(w.root, "out")); err != nil || fi.Mode().Perm() != 0o755 {
				t.Errorf("--out: mode %v, want 0755 (%v)", fi.Mode().Perm(), err)
			}
		}},
		{family: "permissions", name: "build, the lock world-writable", setup: func(t *testing.T, w *advWorld) []string {
			change(t, w)
			os.WriteFile(dirlock.In(w.data), nil, 0o666)
			os.Chmod(dirlock.In(w.data), 0o666)
			return []string{"build", "--quiet", "--data", w.data}
		}, own: []string{"data"}, code: 0, check: func(t *testing.T, w *advWorld, _ string) {
			if fi, err := os.Stat(dirlock.In(w.data)); err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("lock: mode %v, want 0644 (%v)", fi.Mode().Perm(), err)
			}
		}},

		// Every wait ends on a signal, within a second, with the usual status.
		{family: "waits", name: "query waiting on a held lock, SIGTERM", setup: func(t *testing.T, w *advWorld) []string {
			holdLock(t, dirlock.In(w.data), w.data)
			return []string{"query", "--data", w.data, "--lock-wait", "1m"}
		}, signal: syscall.SIGTERM, settle: 500 * time.Millisecond, code: 143, msg: "cybernorms query: stopped by a signal (terminated) before writing anything more"},
		{family: "waits", name: "build waiting on a held lock, SIGINT", setup: func(t *testing.T, w *advWorld) []string {
			holdLock(t, dirlock.In(w.data), w.data)
			return []string{"build", "--data", w.data, "--lock-wait", "1m"}
		}, signal: syscall.SIGINT, settle: 500 * time.Millisecond, code: 130, msg: "cybernorms build: stopped by a signal (interrupt) before writing anything more"},
		{family: "waits", name: "reproduce waiting on the lock of --out, SIGTERM", setup: func(t *testing.T, w *advWorld) []string {
			out := filepath.Join(w.root, "out")
			holdLock(t, dirlock.Beside(out), out)
			return []string{"reproduce", "--data", w.data, "--out", out, "--lock-wait", "1m"}
		}, signal: syscall.SIGTERM, settle: 2 * time.Second, code: 143, msg: "cybernorms reproduce: stopped by a signal (terminated) before writing anything more"},
		{family: "waits", name: "query on a FIFO lock ends at once, not at --lock-wait", setup: func(t *testing.T, w *advWorld) []string {
			plantFIFO(t, dirlock.In(w.data), 0o644)
			return []string{"query", "--data", w.data, "--lock-wait", "1m"}
		}, signal: syscall.SIGTERM, settle: 300 * time.Millisecond, code: 1, msg: `cybernorms query: ROOT/data: cannot lock: ROOT/data/.cybernorms.lock is not a regular file (prw-r--r--); remove it (no cybernorms command makes one)`},
	}
}

// TestPlanted runs every planted case. It logs, for each, the exit status,
// the error line and the digest of every file outside the command's
// directories before and after.
func TestPlanted(t *testing.T) {
	cases := plantedCases()
	families := map[string]int{}
	for _, c := range cases {
		families[c.family]++
	}
	t.Logf("%d cases in %d families: %v", len(cases), len(families), families)
	for _, c := range cases {
		t.Run(c.family+"/"+c.name, func(t *testing.T) {
			w := newAdvWorld(t)
			args := c.setup(t, w)
			before := treeDigests(t, w.root)
			var code int
			var stdout, stderr string
			var stopped time.Duration
			if c.signal != 0 {
				code, stdout, stopped = signalAfter(t, c.signal, c.settle, nil, "", args)
				stderr = stdout
			} else {
				code, stdout, stderr = run(t, args...)
			}
			after := treeDigests(t, w.root)
			msg := strings.ReplaceAll(c.msg, "ROOT", w.root)
			lines := errorLines(stderr)
			switch {
			case code != c.code:
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, stdout, stderr)
			case c.code == 0 && len(lines) > 0:
				t.Errorf("succeeded with errors: %q", lines)
			case c.code != 0 && len(lines) != 1:
				t.Errorf("want one error line, got %q", lines)
			case c.code != 0 && strings.HasSuffix(msg, "…") && !strings.HasPrefix(lines[0], strings.TrimSuffix(msg, "…")):
				t.Errorf("error %q\nwant %q", lines[0], msg)
			case c.code != 0 && !strings.HasSuffix(msg, "…") && lines[0] != msg:
				t.Errorf("error %q\nwant %q", lines[0], msg)
			}
			if c.signal != 0 && stopped > time.Second {
				t.Errorf("exited %s after the signal, want within a second", stopped)
			}
			// Outside the command's directories nothing changes; when it
			// refuses, nothing changes anywhere but a lock file it made.
			own := c.own
			if c.code != 0 {
				own = nil
			}
			var outside []string
			for _, p := range slices.Sorted(mapsKeys(before, after)) {
				if inside(p, own) || c.code != 0 && madeLock(p, before) {
					continue
				}
				outside = append(outside, p)
				if before[p] != after[p] {
					t.Errorf("%s changed: %q -> %q", p, before[p], after[p])
				}
			}
			// Every file's digest is logged; so is one digest of the whole
			// list, before and after, to quote.
			var sums, listBefore, listAfter strings.Builder
			for _, p := range outside {
				fmt.Fprintf(&sums, "\n    %s %s", before[p], p)
				fmt.Fprintf(&listBefore, "%s %s\n", before[p], p)
				fmt.Fprintf(&listAfter, "%s %s\n", after[p], p)
			}
			whole := func(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s)))[:16] }
			line := ""
			if len(lines) > 0 {
				line = strings.ReplaceAll(lines[0], w.root, "ROOT")
			}
			extra := ""
			switch {
			case c.signal != 0 && stopped == 0:
				extra = fmt.Sprintf(" (ended before %v was sent)", c.signal)
			case c.signal != 0:
				extra = fmt.Sprintf(" (exited %s after %v)", stopped.Round(time.Millisecond), c.signal)
			}
			t.Logf("exit %d%s %q; %d entries outside its directories, list digest %s before, %s after:%s", code, extra, line, len(outside), whole(listBefore.String()), whole(listAfter.String()), sums.String())
			if c.check != nil {
				c.check(t, w, stdout)
			}
		})
	}
}

func mapsKeys(a, b map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		seen := map[string]bool{}
		for _, m := range []map[string]string{a, b} {
			for k := range m {
				if !seen[k] {
					seen[k] = true
					if !yield(k) {
						return
					}
				}
			}
		}
	}
}

func inside(p string, dirs []string) bool {
	for _, d := range dirs {
		if p == d || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

// madeLock says whether p is a lock file a command made (it was not there).
func madeLock(p string, before map[string]string) bool {
	_, had := before[p]
	return !had && strings.HasSuffix(p, dirlock.Name)
}

// treeDigests describes every entry below root, lock files included: a
// regular file by its mode and the sha256 of its content, a link by its
// target, anything else by its type; directories by their mode.
func treeDigests(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			l, _ := os.Readlink(p)
			out[rel] = "link to " + l
		case fi.IsDir():
			out[rel+"/"] = "dir " + fi.Mode().Perm().String()
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = fmt.Sprintf("%x %v", sha256.Sum256(b), fi.Mode().Perm())
		default:
			out[rel] = "special " + fi.Mode().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// signalAfter runs args in a child (in dir, with env added, when set),
// sends it sig once it has run settle, and returns its exit status, its
// output and how long it took to exit after the signal.
func signalAfter(t *testing.T, sig syscall.Signal, settle time.Duration, env []string, dir string, args []string) (int, string, time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), childEnv+"=1"), env...)
	cmd.Dir = dir
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		t.Logf("finished before the signal: %v", err)
		return exitCode(err), out.String(), 0
	case <-time.After(settle):
	}
	start := time.Now()
	cmd.Process.Signal(sig)
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		err = <-done
		t.Errorf("still running 10 s after %v", sig)
	}
	return exitCode(err), out.String(), time.Since(start)
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		if ws := ee.Sys().(syscall.WaitStatus); ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// nbWorld is a checkout with one notebook and a stand-in for Jupyter on
// PATH: its nbconvert starts a "kernel" in a session of its own, as
// jupyter_client does, and both wait until killed; with FAKE_JUPYTER_FAIL
// set it fails at once. Every process it starts carries the world's tag.
type nbWorld struct {
	root, notebooks, tmp, ready, tag string
	env                              []string
}

func newNBWorld(t *testing.T) *nbWorld {
	t.Helper()
	w := &nbWorld{root: t.TempDir(), tmp: t.TempDir(), tag: fmt.Sprintf("%d-%d", os.Getpid(), time.Now().UnixNano())}
	w.notebooks = filepath.Join(w.root, "notebooks")
	os.WriteFile(filepath.Join(w.root, "go.mod"), []byte("module example\n"), 0o644)
	os.MkdirAll(filepath.Join(w.root, "datasets", "curated"), 0o755)
	os.MkdirAll(w.notebooks, 0o755)
	b, err := os.ReadFile(filepath.Join(testenv.Root(t), "notebooks", "01_reproduce_chapter.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(w.notebooks, "01_reproduce_chapter.ipynb"), b, 0o644)
	bin := t.TempDir()
	w.ready = filepath.Join(bin, "ready")
	os.WriteFile(filepath.Join(bin, "jupyter"), []byte(`#!/bin/sh
if [ -n "$FAKE_JUPYTER_FAIL" ]; then echo "no kernel here" >&2; exit 1; fi
setsid sleep 300 </dev/null >/dev/null 2>&1 &
cat >/dev/null
echo started >"$FAKE_JUPYTER_READY"
exec sleep 300
`), 0o755)
	w.env = []string{"PATH=" + bin + ":" + os.Getenv("PATH"), "TMPDIR=" + w.tmp, "FAKE_JUPYTER_READY=" + w.ready, "FAKE_JUPYTER_TAG=" + w.tag}
	t.Cleanup(func() {
		for _, pid := range w.procs() {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	return w
}

// procs lists the live processes carrying the world's tag.
func (w *nbWorld) procs() []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(b, []byte("FAKE_JUPYTER_TAG="+w.tag+"\x00")) {
			continue
		}
		if st, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat")); err == nil {
			if i := bytes.LastIndexByte(st, ')'); i > 0 && i+2 < len(st) && st[i+2] == 'Z' {
				continue
			}
		}
		out = append(out, pid)
	}
	return out
}

// start runs notebooks run with parameters in a child and waits until the
// stand-in kernel has started.
func (w *nbWorld) start(t *testing.T, extra ...string) (*exec.Cmd, *syncBuffer, chan error) {
	t.Helper()
	args := append([]string{"notebooks", "run", "01", "--param", "asOf=2024-01-19", "--out", filepath.Join(w.root, "copies")}, extra...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), childEnv+"=1"), w.env...)
	cmd.Dir = w.root
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for i := 0; ; i++ {
		if _, err := os.Stat(w.ready); err == nil && len(w.procs()) >= 3 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the run ended before its kernel started: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if i > 1000 {
			t.Fatalf("the kernel never started: %s", out.String())
		}
	}
	return cmd, &out, done
}

func (w *nbWorld) leftovers(t *testing.T) []string {
	var left []string
	ents, _ := os.ReadDir(w.tmp)
	for _, e := range ents {
		left = append(left, "TMPDIR/"+e.Name())
	}
	for _, pid := range w.procs() {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		left = append(left, fmt.Sprintf("pid %d (%s)", pid, bytes.ReplaceAll(bytes.TrimRight(b, "\x00"), []byte{0}, []byte{' '})))
	}
	return left
}

// Notebook runs: copies never replace the committed notebooks unasked; a
// signalled run stops its kernel and every process within a second; a
// killed one leaves nothing in the notebooks directory, and the next run
// ends what it left.
func TestPlantedNotebooks(t *testing.T) {
	t.Run("notebooks/--out a link to the notebooks directory", func(t *testing.T) {
		w := newNBWorld(t)
		alias := filepath.Join(w.root, "out-notebooks")
		plantLink(t, w.notebooks, alias)
		before := treeDigests(t, w.root)
		code, _, stderr, _ := w.run(t, "notebooks", "run", "01", "--param", "asOf=2024-01-19")
		want := "cybernorms notebooks: --out out-notebooks: is a symbolic link; executed copies are written only into a real directory, named as such"
		if lines := errorLines(stderr); code != 1 || len(lines) != 1 || lines[0] != want {
			t.Errorf("exit %d, %q; want 1, %q", code, lines, want)
		}
		if d := diffTrees(before, treeDigests(t, w.root)); len(d) > 0 {
			t.Errorf("changed: %v", d)
		}
		t.Logf("exit %d %q; the notebooks unchanged", code, errorLines(stderr))
	})
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run("notebooks/"+sig.String()+" while a cell runs", func(t *testing.T) {
			w := newNBWorld(t)
			before := treeDigests(t, w.root)
			cmd, out, done := w.start(t)
			start := time.Now()
			cmd.Process.Signal(sig)
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				err = <-done
			}
			took := time.Since(start)
			code := exitCode(err)
			lines := errorLines(out.String())
			want := fmt.Sprintf("cybernorms notebooks: stopped by a signal (%s) before writing anything more", sig)
			if code != 128+int(sig) || len(lines) != 1 || lines[0] != want {
				t.Errorf("exit %d, %q; want %d, %q", code, lines, 128+int(sig), want)
			}
			if took > time.Second {
				t.Errorf("exited %s after %v, want within a second", took, sig)
			}
			if left := w.leftovers(t); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
			if d := diffTrees(before, treeDigests(t, w.root)); len(d) > 0 {
				t.Errorf("changed: %v", d)
			}
			t.Logf("exit %d (exited %s after %v) %q; no process, no temporary left", code, took.Round(time.Millisecond), sig, lines)
		})
	}
	t.Run("notebooks/killed, then run again", func(t *testing.T) {
		w := newNBWorld(t)
		before := treeDigests(t, w.root)
		cmd, _, done := w.start(t)
		cmd.Process.Kill()
		<-done
		time.Sleep(200 * time.Millisecond)
		if d := diffTrees(before, treeDigests(t, w.root)); len(d) > 0 {
			t.Errorf("a killed run changed the checkout: %v", d)
		}
		left := w.leftovers(t)
		if len(left) == 0 {
			t.Fatal("a SIGKILL left nothing: the case proves nothing")
		}
		// An older version's copy beside the notebooks goes; a user's
		// file that only looks like one stays.
		os.WriteFile(filepath.Join(w.notebooks, ".run-123.ipynb"), []byte("{}"), 0o644)
		os.WriteFile(filepath.Join(w.notebooks, ".run-notes.ipynb"), []byte("mine"), 0o644)
		w.env = append(w.env, "FAKE_JUPYTER_FAIL=1")
		code, _, stderr, _ := w.run(t, "notebooks", "run", "01", "--param", "asOf=2024-01-19", "--out", filepath.Join(w.root, "copies"))
		if code != 1 || !strings.Contains(stderr, "no kernel here") {
			t.Errorf("the next run: exit %d, %s", code, stderr)
		}
		if again := w.leftovers(t); len(again) > 0 {
			t.Errorf("the next run did not end what the killed one left: %v", again)
		}
		if _, err := os.Stat(filepath.Join(w.notebooks, ".run-123.ipynb")); err == nil {
			t.Error("an older run's copy is left beside the notebooks")
		}
		if b, _ := os.ReadFile(filepath.Join(w.notebooks, ".run-notes.ipynb")); string(b) != "mine" {
			t.Error("a user's file was removed")
		}
		t.Logf("killed: %d left (%v); the next run ended them all", len(left), left)
	})
}

// run runs the command line in a child in the world.
func (w *nbWorld) run(t *testing.T, args ...string) (int, string, string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), childEnv+"=1"), w.env...)
	cmd.Dir = w.root
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	return exitCode(err), o.String(), e.String(), err
}

func diffTrees(a, b map[string]string) []string {
	var d []string
	for _, k := range slices.Sorted(mapsKeys(a, b)) {
		if a[k] != b[k] && !strings.HasSuffix(k, dirlock.Name) {
			d = append(d, fmt.Sprintf("%s: %q -> %q", k, a[k], b[k]))
		}
	}
	return d
}

// A build or a reproduce killed just before any rename, link or unlink of
// its commit (every system call that changes which file a name holds)
// leaves what the next command recovers: the previous files or the new
// ones, whole, and a run again succeeds with no temporary left.
func TestKilledAtEveryRenameAndUnlink(t *testing.T) {
	t.Run("build", func(t *testing.T) {
		prepare := func() string {
			data := dataCopy(t)
			edit(t, filepath.Join(data, "curated/coverage.csv"), func(s string) string { return strings.Replace(s, "Tabel 2.1", "Tabel 2.1 (hlm. 40)", 1) })
			return data
		}
		ref := prepare()
		old := testenv.Digests(t, ref)
		if code, _, stderr := run(t, "build", "--quiet", "--data", ref); code != 0 {
			t.Fatal(stderr)
		}
		neu := testenv.Digests(t, ref)
		points := 0
		for nth := 1; ; nth++ {
			data := prepare()
			if !killedAt(t, "sys", nth, "build", "--quiet", "--data", data) {
				break
			}
			points++
			if code, stdout, stderr := run(t, "validate", "--data", data); code != 0 {
				t.Fatalf("killed before system call %d: validate exit %d\n%s%s", nth, code, stdout, stderr)
			}
			got := withoutTemporaries(testenv.Digests(t, data))
			if len(testenv.DiffDigests(old, got)) > 0 && len(testenv.DiffDigests(neu, got)) > 0 {
				t.Errorf("killed before system call %d: neither the previous datasets nor the new: %v", nth, testenv.DiffDigests(old, got))
			}
			if code, _, stderr := run(t, "build", "--quiet", "--data", data); code != 0 {
				t.Fatalf("build again after a kill before system call %d: %s", nth, stderr)
			}
			for p := range testenv.Digests(t, data) {
				if strings.Contains(p, ".tmp-") || strings.Contains(p, atomicfs.JournalFile) {
					t.Errorf("killed before system call %d, built again: %s left", nth, p)
				}
			}
		}
		t.Logf("build: killed before each of its %d renames, links and unlinks", points)
		if points < 3 {
			t.Errorf("only %d kill points", points)
		}
	})
	t.Run("reproduce", func(t *testing.T) {
		data := dataCopy(t)
		out := filepath.Join(t.TempDir(), "out")
		if code, _, stderr := run(t, "reproduce", "--quiet", "--data", data, "--out", out); code != 0 {
			t.Fatal(stderr)
		}
		n := countFiles(out)
		points := 0
		for nth := 1; ; nth++ {
			if !killedAt(t, "sys", nth, "reproduce", "--quiet", "--data", data, "--out", out, "--lang", "en") {
				break
			}
			points++
			if c := countFiles(out); c != n {
				t.Errorf("killed before system call %d: %s holds %d files, want a whole output (%d)", nth, out, c, n)
			}
			if code, _, stderr := run(t, "reproduce", "--quiet", "--data", data, "--out", out); code != 0 {
				t.Fatalf("after a kill before system call %d: %s", nth, stderr)
			}
			ents, _ := os.ReadDir(filepath.Dir(out))
			for _, e := range ents {
				if e.Name() != "out" && !strings.HasSuffix(e.Name(), dirlock.Name) {
					t.Errorf("killed before system call %d, run again: %s left", nth, e.Name())
				}
			}
		}
		t.Logf("reproduce: killed before each of its %d renames, exchanges and unlinks", points)
		if points < 3 {
			t.Errorf("only %d kill points", points)
		}
	})
}

// plantLink, plantFIFO and plantDir put a link, a FIFO or a directory at
// path, in place of whatever is there (a copy of the datasets may hold a
// lock file an earlier command made).
func plantLink(t *testing.T, target, path string) {
	t.Helper()
	os.Remove(path)
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

func plantFIFO(t *testing.T, path string, mode uint32) {
	t.Helper()
	os.Remove(path)
	if err := syscall.Mkfifo(path, mode); err != nil {
		t.Fatal(err)
	}
}

func plantDir(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
}
