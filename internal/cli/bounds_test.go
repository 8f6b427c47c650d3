package cli

import (
	"bufio"
	"compress/zlib"
	"crypto/sha1"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/cybernorms/cybernorms/internal/gitfixture"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

// peakLimit is the most memory a command may hold on hostile input.
const peakLimit = 256 << 20

// runMeasured runs the command line in a child process and returns its exit
// status, its output, how long it took and its peak resident set in bytes:
// the child's own high-water mark (VmHWM), which it writes as it exits. The
// kernel's figure for a child, ru_maxrss (what /usr/bin/time -v reports as
// "Maximum resident set size"), is no measure here: Go starts children with
// vfork, so it starts at the peak of this test process, which grows past the
// bound over a whole run of the package. A child that dies before it can
// write its figure is measured by ru_maxrss, an upper bound.
func runMeasured(t *testing.T, args ...string) (int, string, time.Duration, int64) {
	t.Helper()
	peak := filepath.Join(t.TempDir(), "peak")
	cmd, out := childCmd(args...)
	cmd.Env = append(cmd.Env, peakFileEnv+"="+peak)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	took := time.Since(start)
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(peak); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil {
			return code, out.String(), took, n
		}
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return code, out.String(), took, ru.Maxrss * 1024
}

// peakFileEnv names the file a child writes its peak resident set to.
const peakFileEnv = "CYBERNORMS_TEST_PEAK_FILE"

// writePeak writes this process's peak resident set (VmHWM, bytes) to f.
func writePeak(f string) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				os.WriteFile(f, []byte(strconv.FormatInt(kb<<10, 10)), 0o644)
			}
			return
		}
	}
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				close(done)
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + l.Addr().String() + "/upstream.git"
}

// endlessServer advertises references for ever.
func endlessServer(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, "001e# service=git-upload-pack\n0000")
		hash := strings.Repeat("a", 40)
		for i := 0; r.Context().Err() == nil; i++ {
			line := fmt.Sprintf("%s refs/heads/branch-%012d\n", hash, i)
			if i == 0 {
				line = fmt.Sprintf("%s HEAD\x00side-band-64k ofs-delta\n", hash)
			}
			if _, err := fmt.Fprintf(bw, "%04x%s", len(line)+4, line); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/upstream.git"
}

// zeroObjectUpstream is a local upstream one of whose loose objects
// declares size bytes of zeros: a few hundred kilobytes on disk.
func zeroObjectUpstream(t *testing.T, size int64) string {
	r := gitfixture.New(t)
	r.Commit("2024-02-01T10:00:00+01:00", "Zero", map[string]*gitfixture.Entry{
		"_data/country-codes.csv":     gitfixture.File(countryCodes),
		"_supporters/ok-state-FRA.md": gitfixture.Supporter("France", "state", "UE", "FRA"),
		"_supporters/zero.md":         gitfixture.File("a placeholder the zeros replace"),
	})
	h := plumbing.Hash(sha1.Sum([]byte(fmt.Sprintf("blob %d\x00a placeholder the zeros replace", len("a placeholder the zeros replace")))))
	p := filepath.Join(r.Dir, "objects", h.String()[:2], h.String()[2:])
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("no loose object to replace: %v", err)
	}
	os.Chmod(p, 0o644)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw, _ := zlib.NewWriterLevel(f, zlib.BestSpeed)
	fmt.Fprintf(zw, "blob %d\x00", size)
	zeros := make([]byte, 1<<20)
	for n := int64(0); n < size; n += int64(len(zeros)) {
		zw.Write(zeros)
	}
	zw.Close()
	f.Close()
	return r.Dir
}

// Hostile servers and objects end within their timeout, in one line, with
// a bounded peak resident set, and write nothing.
func TestHostileServersAreBounded(t *testing.T) {
	tests := []struct {
		name     string
		upstream func(t *testing.T) string
		within   time.Duration
		code     int
		msg      string // substring of the one error line
	}{
		{"never answers", silentServer, 10 * time.Second, 1, "clone failed: "},
		{"endless advertisement", endlessServer, 30 * time.Second, 1, "the server's list of references is over the size limit (8388608 bytes)"},
		{"zero-filled object", func(t *testing.T) string { return zeroObjectUpstream(t, 1<<30) }, 60 * time.Second, 1,
			"upstream drift, nothing written (1 finding(s)); first: 2024-02-01 _supporters/zero.md: cannot be read: blob "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, cache := dataCopy(t), t.TempDir()
			os.Remove(filepath.Join(data, "snapshot/supporter_changes.csv"))
			before := testenv.Digests(t, data)
			code, out, took, rss := runMeasured(t, "refresh", "--strict", "--quiet", "--upstream", tt.upstream(t), "--cache", cache, "--data", data,
				"--connect-timeout", "2s", "--idle-timeout", "2s")
			t.Logf("%s: exit %d in %s, peak RSS %.1f MiB: %s", tt.name, code, took.Round(time.Millisecond), float64(rss)/(1<<20), strings.TrimSpace(out))
			lines := errorLines(out)
			if code != tt.code || len(lines) != 1 || !strings.Contains(lines[0], tt.msg) {
				t.Errorf("exit %d, output %q; want exit %d and one line with %q", code, out, tt.code, tt.msg)
			}
			if took > tt.within {
				t.Errorf("took %s, want under %s", took, tt.within)
			}
			if rss > peakLimit && !raceDetector {
				t.Errorf("peak RSS %d MiB, want under %d MiB", rss>>20, peakLimit>>20)
			}
			if d := testenv.DiffDigests(before, testenv.Digests(t, data)); len(d) > 0 {
				t.Errorf("the datasets changed: %v", d)
			}
		})
	}
}
