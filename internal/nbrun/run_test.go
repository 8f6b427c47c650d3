package nbrun

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// pyNotebook is a notebook for Jupyter's own Python kernel: the mechanics
// of a run (where the kernel starts, how it is stopped) are the kernel's
// launcher's, not GoNB's.
func pyNotebook(src string) []byte {
	return []byte(`{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ` +
		quote(src) + `}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`)
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func needPythonKernel(t *testing.T) {
	t.Helper()
	testenv.Program(t, "jupyter")
	if err := exec.Command("jupyter", "kernelspec", "list").Run(); err != nil {
		testenv.Missing(t, "jupyter kernelspec: %v", err)
	}
	// The python3 kernel runs the first python3 on PATH, which must have
	// ipykernel; Debian's has it when installed.
	if err := exec.Command("python3", "-c", "import ipykernel").Run(); err != nil {
		if err := exec.Command("/usr/bin/python3", "-c", "import ipykernel").Run(); err != nil {
			testenv.Missing(t, "ipykernel: %v", err)
		}
		t.Setenv("PATH", "/usr/bin:"+os.Getenv("PATH"))
	}
}

// The kernel starts in the notebooks directory although the notebook is
// given on nbconvert's input, and nothing is written beside the notebooks.
func TestExecuteStartsTheKernelInTheNotebooksDirectory(t *testing.T) {
	needPythonKernel(t)
	dir := t.TempDir()
	r, err := newRunner(Options{Dir: dir, Kernel: "python3"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	out, _, err := r.execute(context.Background(), "cwd.ipynb", pyNotebook("import os\nprint(os.getcwd())"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), dir+`\n`) {
		t.Errorf("the kernel did not start in %s:\n%s", dir, out)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files written beside the notebooks: %v", ents)
	}
}

// A run stopped (a signal) while a cell runs returns within a second, with
// the kernel and every process of the run ended and its files removed.
func TestStoppedRunEndsTheKernel(t *testing.T) {
	needPythonKernel(t)
	dir := t.TempDir()
	r, err := newRunner(Options{Dir: dir, Kernel: "python3"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := r.execute(ctx, "sleep.ipynb", pyNotebook("import time\ntime.sleep(120)"))
		done <- err
	}()
	// Wait for the kernel: a process of the run running ipykernel.
	for i := 0; !kernelRunning(r.id); i++ {
		if i > 600 {
			t.Fatal("the kernel never started")
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // into the cell
	start := time.Now()
	cancel()
	if err := <-done; err == nil {
		t.Error("a stopped run returned no error")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("stopping took %s", d)
	}
	r.close()
	if hasRun(r.id) {
		t.Errorf("processes of the run are left: %v", tagged())
	}
	if _, err := os.Stat(r.tmp); err == nil {
		t.Errorf("the run's temporary directory is left")
	}
}

func kernelRunning(id string) bool {
	for pid, run := range tagged() {
		if run != id {
			continue
		}
		b, _ := os.ReadFile(filepath.Join("/proc", itoa(pid), "cmdline"))
		if strings.Contains(string(b), "ipykernel") {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }

// Reap ends the processes and removes the directories of a run whose
// process is gone, and leaves a live run's alone.
func TestReap(t *testing.T) {
	dead := "999999999-1" // no such pid
	live := selfID()
	start := func(id string) *exec.Cmd {
		cmd := exec.Command("sleep", "60")
		cmd.Env = append(os.Environ(), runEnv+"="+id)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	orphan, mine := start(dead), start(live)
	deadDir, _ := os.MkdirTemp("", tmpPrefix+dead+"-")
	liveDir, _ := os.MkdirTemp("", tmpPrefix+live+"-")
	defer os.RemoveAll(liveDir)
	for i := 0; len(tagged()) < 2 && i < 100; i++ {
		time.Sleep(10 * time.Millisecond) // until exec has the environment
	}
	procs, dirs := Reap()
	if procs < 1 || dirs < 1 {
		t.Errorf("Reap = %d processes, %d directories; want at least 1 and 1", procs, dirs)
	}
	if err := orphan.Wait(); err == nil {
		t.Error("the dead run's process was not ended")
	}
	if _, err := os.Stat(deadDir); err == nil {
		t.Error("the dead run's directory was not removed")
	}
	if err := mine.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("the live run's process was ended: %v", err)
	}
	if _, err := os.Stat(liveDir); err != nil {
		t.Errorf("the live run's directory was removed: %v", err)
	}
}
