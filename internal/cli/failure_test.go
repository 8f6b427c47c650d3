package cli

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// childEnv makes the test binary run the command line instead of the tests,
// so that a test can run a refresh in a process it can kill.
const childEnv = "CYBERNORMS_CLI_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		installChildHooks()
		code := Main(os.Args[1:], os.Stdout, os.Stderr)
		if f := os.Getenv(peakFileEnv); f != "" {
			writePeak(f)
		}
		os.Exit(code)
	}
	code := m.Run()
	for _, d := range scaleCleanup {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// syncBuffer is a buffer a test may read while a child process writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// child starts the command line in a new process.
func child(t *testing.T, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd, out := childCmd(args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}

// childCmd is child's command, not started yet.
func childCmd(args ...string) (*exec.Cmd, *syncBuffer) {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// gitServer serves bare repositories over git's smart HTTP protocol with the
// real git http-backend, and can hold requests to catch a client mid-transfer.
type gitServer struct {
	URL     string
	mu      sync.Mutex
	hold    func(*http.Request) bool
	held    chan string   // receives the path of each held request
	release chan struct{} // closed to let held requests through
}

func serveGit(t *testing.T, root string) *gitServer {
	t.Helper()
	git := testenv.Program(t, "git")
	execPath, err := exec.Command(git, "--exec-path").Output()
	if err != nil {
		t.Fatal(err)
	}
	backend := &cgi.Handler{
		Path:   filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend"),
		Env:    []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
		Stderr: io.Discard,
		Logger: log.New(io.Discard, "", 0),
	}
	s := &gitServer{held: make(chan string, 16)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		hold, release := s.hold, s.release
		s.mu.Unlock()
		if hold != nil && hold(r) {
			s.held <- r.URL.Path
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// holdWhen holds the requests matching f until the returned func is called.
func (s *gitServer) holdWhen(f func(*http.Request) bool) (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold, s.release = f, make(chan struct{})
	ch := s.release
	return func() {
		s.mu.Lock()
		s.hold = nil
		s.mu.Unlock()
		close(ch)
	}
}

func (s *gitServer) waitHeld(t *testing.T) string {
	t.Helper()
	select {
	case p := <-s.held:
		return p
	case <-time.After(2 * time.Minute):
		t.Fatal("the refresh never reached the upstream")
		return ""
	}
}

func isPack(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/git-upload-pack")
}

func isRefs(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/info/refs") }

// servedUpstream copies the shared upstream into a directory served over HTTP.
func servedUpstream(t *testing.T) (*gitServer, string) {
	t.Helper()
	root := t.TempDir()
	testenv.CopyTree(t, testenv.Upstream(t), filepath.Join(root, "upstream.git"), func(string) bool { return true })
	s := serveGit(t, root)
	return s, s.URL + "/upstream.git"
}

func staleClones(t *testing.T, cache string) []string {
	m, err := filepath.Glob(filepath.Join(cache, ".clone-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A refresh killed while cloning, then while fetching, leaves the committed
// files byte for byte as they were; the next refresh recovers the cache and
// succeeds. SIGKILL allows no clean-up at all; SIGTERM is handled, and says so
// in one line.
func TestKilledRefresh(t *testing.T) {
	srv, url := servedUpstream(t)
	data := dataCopy(t)
	cache := t.TempDir()
	before := testenv.Digests(t, data)
	unchanged := func(when string) {
		t.Helper()
		if d := testenv.DiffDigests(before, testenv.Digests(t, data)); len(d) > 0 {
			t.Errorf("%s: the datasets changed:\n%s", when, strings.Join(d, "\n"))
		}
	}
	refresh := []string{"refresh", "--quiet", "--upstream", url, "--cache", cache, "--data", data}

	// Killed while the pack is on its way.
	release := srv.holdWhen(isPack)
	cmd, out := child(t, refresh...)
	srv.waitHeld(t)
	cmd.Process.Signal(syscall.SIGKILL)
	if err := cmd.Wait(); err == nil {
		t.Fatalf("the killed refresh exited 0: %s", out)
	}
	release()
	unchanged("after a kill mid-clone")
	if len(staleClones(t, cache)) == 0 {
		t.Errorf("no half-done clone in the cache: the kill did not land mid-clone")
	}

	// Terminated mid-clone: the refresh cancels and says so.
	release = srv.holdWhen(isPack)
	cmd, out = child(t, refresh...)
	srv.waitHeld(t)
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	release()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 128+int(syscall.SIGTERM) {
		t.Errorf("terminated refresh: %v, want exit status %d", err, 128+int(syscall.SIGTERM))
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 1 || lines[0] != "cybernorms refresh: stopped by a signal (terminated) before writing anything more" {
		t.Errorf("terminated refresh said %q", out)
	}
	unchanged("after SIGTERM mid-clone")

	// The next refresh clones afresh, and finds nothing new.
	code, stdout, stderr := run(t, "refresh", "--upstream", url, "--cache", cache, "--data", data)
	if code != 0 || !strings.HasSuffix(stdout, "already up to date, nothing written\n") {
		t.Fatalf("refresh after the kills: exit %d\n%s%s", code, stdout, stderr)
	}
	if s := staleClones(t, cache); len(s) > 0 {
		t.Errorf("stale clones left in the cache: %v", s)
	}
	unchanged("after the recovering refresh")

	// Killed while fetching into the cache.
	release = srv.holdWhen(isRefs)
	cmd, out = child(t, refresh...)
	srv.waitHeld(t)
	cmd.Process.Signal(syscall.SIGKILL)
	if err := cmd.Wait(); err == nil {
		t.Fatalf("the killed refresh exited 0: %s", out)
	}
	release()
	unchanged("after a kill mid-fetch")
	code, stdout, stderr = run(t, "refresh", "--upstream", url, "--cache", cache, "--data", data)
	if code != 0 || !strings.HasSuffix(stdout, "already up to date, nothing written\n") {
		t.Fatalf("refresh after the kill mid-fetch: exit %d\n%s%s", code, stdout, stderr)
	}
	unchanged("after the second recovering refresh")
}

// Network failures and upstreams that are not git repositories fail in one
// line, writing nothing.
func TestRefreshUnreachableOrNotGit(t *testing.T) {
	srv, _ := servedUpstream(t)
	notGit := t.TempDir()
	os.WriteFile(filepath.Join(notGit, "README"), []byte("not a repository"), 0o644)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close() // nothing listens there any more
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>a web page, not a repository</html>"))
	}))
	defer plain.Close()
	tests := []struct {
		name, upstream, want string
	}{
		{"connection refused", closedURL + "/x.git", "cybernorms refresh: upstream " + closedURL + "/x.git: clone failed: Get \"" + closedURL + "/x.git/info/refs?service=git-upload-pack\": dial tcp " + strings.TrimPrefix(closedURL, "http://") + ": connect: connection refused"},
		{"no such repository on the server", srv.URL + "/missing.git", "cybernorms refresh: upstream " + srv.URL + "/missing.git: clone failed: no git repository at this address (repository not found)"},
		{"a web server, not git", plain.URL + "/x.git", "cybernorms refresh: upstream " + plain.URL + "/x.git: clone failed: the server does not answer as a git repository (invalid pkt-len found)"},
		{"a local directory, not git", notGit, "cybernorms refresh: upstream " + notGit + ": not a git repository (repository does not exist)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := dataCopy(t)
			cache := t.TempDir()
			before := testenv.Digests(t, data)
			code, _, stderr := run(t, "refresh", "--quiet", "--upstream", tt.upstream, "--cache", cache, "--data", data)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != 1 || len(lines) != 1 || lines[0] != tt.want {
				t.Errorf("exit %d, stderr %q; want exit 1 and one line %q", code, stderr, tt.want)
			}
			if d := testenv.DiffDigests(before, testenv.Digests(t, data)); len(d) > 0 {
				t.Errorf("the datasets changed: %v", d)
			}
			if s := staleClones(t, cache); len(s) > 0 {
				t.Errorf("a failed clone was left in the cache: %v", s)
			}
		})
	}
}

// mountTmpfs mounts a file system of size bytes for the test, or skips the
// test where mounting is not permitted.
func mountTmpfs(t *testing.T, size int64) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		testenv.Missing(t, "cannot mount a small file system to fill (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

func remount(t *testing.T, dir string, size int64) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", fmt.Sprintf("remount,size=%d", size), dir).CombinedOutput(); err != nil {
		t.Fatalf("remount: %v %s", err, out)
	}
}

// A refresh that runs out of disk space, writing the datasets or cloning
// into the cache, fails in one line and leaves everything as it was; with
// space again, the next refresh succeeds.
func TestRefreshOnFullDisk(t *testing.T) {
	_, url := servedUpstream(t)
	src := dataCopy(t)
	os.Remove(filepath.Join(src, "snapshot/supporter_changes.csv"))
	var used int64
	filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			fi, _ := d.Info()
			used += (fi.Size() + 4095) / 4096 * 4096
		}
		return nil
	})
	// Room for the datasets as they are and little more: not for the
	// megabyte of the snapshot, nor for a clone of the upstream.
	disk := mountTmpfs(t, used+512<<10)
	data := filepath.Join(disk, "datasets")
	testenv.CopyTree(t, src, data, func(string) bool { return true })
	before := testenv.Digests(t, data)
	unchanged := func(when string) {
		t.Helper()
		if d := testenv.DiffDigests(before, testenv.Digests(t, data)); len(d) > 0 {
			t.Errorf("%s: the datasets changed:\n%s", when, strings.Join(d, "\n"))
		}
	}

	// The datasets' disk is full; the cache is elsewhere.
	code, _, stderr := run(t, "refresh", "--quiet", "--upstream", testenv.Upstream(t), "--data", data)
	if want := "cybernorms refresh: writing " + data + "/snapshot/supporter_changes.csv: write "; code != 1 ||
		!strings.HasPrefix(stderr, want) || !strings.HasSuffix(stderr, ": no space left on device\n") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want exit 1 and one line %q… no space left on device", code, stderr, want)
	}
	unchanged("after running out of space")

	// The cache's disk is full.
	cache := filepath.Join(disk, "cache")
	code, _, stderr = run(t, "refresh", "--quiet", "--upstream", url, "--cache", cache, "--data", data)
	if want := "cybernorms refresh: upstream " + url + ": clone failed: "; code != 1 ||
		!strings.HasPrefix(stderr, want) || !strings.HasSuffix(stderr, "no space left on device\n") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want exit 1 and one line %q… no space left on device", code, stderr, want)
	}
	if s := staleClones(t, cache); len(s) > 0 {
		t.Errorf("a failed clone was left in the cache: %v", s)
	}
	unchanged("after the cache ran out of space")

	remount(t, disk, used+16<<20)
	code, stdout, stderr := run(t, "refresh", "--upstream", url, "--cache", cache, "--data", data)
	if code != 0 || !strings.Contains(stdout, "wrote 4 files: CHANGELOG.md, datapackage.json, snapshot/supporter_changes.csv, snapshot/upstream.json") {
		t.Errorf("refresh with space again: exit %d\n%s%s", code, stdout, stderr)
	}
}
