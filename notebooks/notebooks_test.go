// Package notebooks_test executes the notebooks with the real Jupyter kernel
// and checks them, and renders one in a real Jupyter Notebook server.
package notebooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/kernel"
	"github.com/cybernorms/cybernorms/internal/nbrun"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func notebooks(t *testing.T) []string {
	t.Helper()
	paths, err := nbrun.List(filepath.Join(testenv.Root(t), "notebooks"))
	if err != nil || len(paths) != 5 {
		t.Fatalf("notebooks: %v, %v", paths, err)
	}
	return paths
}

// cells reads the cells of the notebook at path.
func cells(t *testing.T, path string) []nbrun.Cell {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := nbrun.Cells(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cs
}

func needKernel(t *testing.T) {
	t.Helper()
	testenv.Program(t, "jupyter")
	if _, err := kernel.Installed(); err != nil {
		testenv.Missing(t, "the gonb kernel: %v", err)
	}
}

// Every notebook runs without error, makes the figures and numbers it
// declares, and its committed outputs are the ones it makes.
func TestNotebooksExecute(t *testing.T) {
	needKernel(t)
	for _, p := range notebooks(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			executed, dur, err := nbrun.Execute(context.Background(), p, false)
			if err != nil {
				t.Fatal(err)
			}
			committed, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := nbrun.Check(filepath.Base(p), executed, committed)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range append(rep.Errors, rep.Problems...) {
				t.Error(x)
			}
			t.Logf("%.1f s, %d figures", dur.Seconds(), rep.Figures)
		})
	}
}

// A parameter outside the supporter history stops a notebook at its
// parameter cell, with one line naming the history's span, at either end.
func TestParameterCellRefusesDatesOutsideTheHistory(t *testing.T) {
	needKernel(t)
	src, err := os.ReadFile(filepath.Join(testenv.Root(t), "notebooks", "04_doctrine_timeline.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb map[string]any
	if err := json.Unmarshal(src, &nb); err != nil {
		t.Fatal(err)
	}
	cells := nb["cells"].([]any)
	var work, params map[string]any
	for _, c := range cells {
		c := c.(map[string]any)
		if c["cell_type"] != "code" {
			continue
		}
		if work == nil {
			work = c
		} else if params == nil {
			params = c
		}
	}
	source := func(c map[string]any) string {
		var b strings.Builder
		for _, l := range c["source"].([]any) {
			b.WriteString(l.(string))
		}
		return b.String()
	}
	// The notebook runs from a directory one level below notebooks/.
	w := map[string]any{"cell_type": "code", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil,
		"source": strings.ReplaceAll(source(work), "${GONB_DIR}/..", "${GONB_DIR}/../..")}
	// The day before the history and the day after it, as the datasets give
	// its span (their own tests check it against the snapshot).
	set, err := datasets.Open(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	span := set.Span.String()
	dates := []string{set.Span.First.AddDays(-1).String(), set.Span.Last.AddDays(1).String()}
	nb["cells"] = []any{w}
	for _, d := range dates {
		ps := source(params)
		if !strings.Contains(ps, `asOf = "2021-01-18"`) {
			t.Fatalf("the parameter cell does not set asOf as expected:\n%s", ps)
		}
		nb["cells"] = append(nb["cells"].([]any), map[string]any{"cell_type": "code", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil,
			"source": strings.Replace(ps, `asOf = "2021-01-18"`, `asOf = "`+d+`"`, 1)})
	}
	dir, err := os.MkdirTemp(filepath.Join(testenv.Root(t), "notebooks"), ".params-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	b, err := json.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "params.ipynb")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	executed, _, err := nbrun.Execute(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := nbrun.Outputs(executed)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"parameter asOf: as-of date " + dates[0] + " is before the supporter history starts: it covers " + span + "\n",
		"parameter asOf: as-of date " + dates[1] + " is after the supporter history ends: it covers " + span + "\n",
	}
	for i, w := range want {
		got := strings.Join(outs[i+1], "\n")
		if !strings.Contains(got, "stream stderr: "+w) || !strings.Contains(got, "error: ") || strings.Contains(got, "panic") || strings.Contains(got, "stream stdout") {
			t.Errorf("parameter cell with asOf %s: outputs\n%s\nwant the one line %q and an error", dates[i], got, w)
		}
	}
}

// No notebook holds a path of the machine it was run on.
// Every notebook turns off GoNB's go get before its first Go cell: the
// modules are pinned in go.mod, and go get asked the module proxy before
// every cell, 0.4 s of a warm cell's 1 s.
func TestNotebooksTurnOffGoGet(t *testing.T) {
	for _, p := range notebooks(t) {
		for _, c := range cells(t, p) {
			if c.Kind != "code" {
				continue
			}
			if !strings.HasPrefix(c.Source, "%noautoget\n") {
				t.Errorf("%s: the first code cell does not start with %%noautoget", filepath.Base(p))
			}
			break
		}
	}
}

func TestNotebooksHoldNoMachinePath(t *testing.T) {
	machine := regexp.MustCompile(`(/work/|/home/|/root/|/tmp/|/Users/|C:\\)`)
	for _, p := range notebooks(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if m := machine.Find(b); m != nil {
			i := bytes.Index(b, m)
			t.Errorf("%s holds a machine path: %q", filepath.Base(p), b[max(0, i-40):min(len(b), i+60)])
		}
	}
}

// The first notebook, opened in a real Jupyter Notebook server, shows its
// figures inline.
func TestNotebookInJupyterServer(t *testing.T) {
	jupyter := testenv.Program(t, "jupyter")
	chromium := testenv.Program(t, "chromium")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir := filepath.Join(testenv.Root(t), "notebooks")
	args := []string{"notebook", "--no-browser", "--ip=127.0.0.1", fmt.Sprintf("--port=%d", port), "--NotebookApp.token=", "--NotebookApp.password=", "--notebook-dir=" + dir}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root")
	}
	srv := exec.Command(jupyter, args...)
	srv.Env = append(os.Environ(), "JUPYTER_RUNTIME_DIR="+t.TempDir(), "JUPYTER_CONFIG_DIR="+t.TempDir())
	var log bytes.Buffer
	srv.Stdout, srv.Stderr = &log, &log
	// Opening the notebook starts a kernel under the server: both go as a
	// process group, and the pipes are not waited on for ever.
	srv.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	srv.WaitDelay = 5 * time.Second
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		// SIGTERM makes the server shut its kernels down (they run in
		// sessions of their own); the group kill is for what remains.
		srv.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { srv.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			syscall.Kill(-srv.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Jupyter server did not start:\n%s", log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	url := fmt.Sprintf("http://127.0.0.1:%d/notebooks/01_reproduce_chapter.ipynb", port)
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + t.TempDir(), "--virtual-time-budget=15000"}
	out, err := exec.Command(chromium, append(flags, "--dump-dom", url)...).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	dom := string(out)
	images := strings.Count(dom, `src="data:image/png;base64,`) + strings.Count(dom, "<svg")
	if !strings.Contains(dom, "output_png") || images < 3 {
		t.Errorf("notebook 01 rendered by the server shows %d figures inline, want 3 (DOM %d bytes)", images, len(dom))
	}
	if !strings.Contains(dom, "79 supporter states on 2021-01-18") {
		t.Error("notebook 01 rendered by the server lacks its key number")
	}
	shot := filepath.Join(testenv.Artifacts(t), "notebook-01-in-jupyter.png")
	if o, err := exec.Command(chromium, append(flags, "--hide-scrollbars", "--window-size=1280,2400", "--screenshot="+shot, url)...).CombinedOutput(); err != nil {
		t.Fatalf("chromium screenshot: %v\n%s", err, o)
	}
	t.Logf("screenshot: %s", shot)
}
