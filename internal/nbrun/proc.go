package nbrun

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A notebook executes in processes nbrun does not start itself: nbconvert
// starts the kernel in a session of its own, and GoNB the programs of the
// cells. Every one of them inherits an environment variable naming the run,
// which is how a run finds them all to stop them, and how the next run
// finds what a killed one left: the processes and the temporary directory
// of a run whose process is gone.

// runEnv names the run a process belongs to: "PID-START", the pid of the
// cybernorms process and its start time in clock ticks, which together
// never name another process.
const runEnv = "CYBERNORMS_NBRUN"

// tmpPrefix starts the name of a run's temporary directory, followed by its
// run id and a dash; it holds the executed copy, the TMPDIR of the kernel
// and GoNB (their temporary files) and, for a cold run, the Go build cache.
const tmpPrefix = "cybernorms-nbrun-"

// grace is how long stopped processes have to exit after SIGTERM before
// they are killed: well within the second a signalled command has.
const grace = 400 * time.Millisecond

// selfID is the run id of this process.
func selfID() string {
	st, err := startTime(os.Getpid())
	if err != nil {
		return strconv.Itoa(os.Getpid()) + "-0"
	}
	return strconv.Itoa(os.Getpid()) + "-" + st
}

// startTime is field 22 of /proc/PID/stat, the process's start time.
func startTime(pid int) (string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", err
	}
	// The command name, field 2, is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return "", fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return "", fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	return f[19], nil
}

// alive says whether the run id names a running process.
func alive(id string) bool {
	p, st, ok := strings.Cut(id, "-")
	pid, err := strconv.Atoi(p)
	if !ok || err != nil {
		return false
	}
	cur, err := startTime(pid)
	return err == nil && cur == st
}

// tagged lists the processes whose environment names a run, by pid, with
// the run each names. Processes it cannot read (another user's) are not
// ours.
func tagged() map[int]string {
	out := map[int]string{}
	ents, _ := os.ReadDir("/proc")
	self := os.Getpid()
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(b, []byte{0}) {
			if v, ok := bytes.CutPrefix(kv, []byte(runEnv+"=")); ok {
				out[pid] = string(v)
				break
			}
		}
	}
	return out
}

// signalRun sends sig to every process of the run id; it returns how many
// it signalled.
func signalRun(id string, sig syscall.Signal) int {
	n := 0
	for pid, run := range tagged() {
		if run == id && syscall.Kill(pid, sig) == nil {
			n++
		}
	}
	return n
}

// stopRun ends every process of the run id: SIGTERM, then SIGKILL to those
// still there after the grace period.
func stopRun(id string) {
	if signalRun(id, syscall.SIGTERM) == 0 {
		return
	}
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if !hasRun(id) {
			return
		}
	}
	signalRun(id, syscall.SIGKILL)
}

func hasRun(id string) bool {
	for pid, run := range tagged() {
		if run == id && !zombie(pid) {
			return true
		}
	}
	return false
}

// zombie says whether pid has exited and waits for its parent to reap it.
func zombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	i := bytes.LastIndexByte(b, ')')
	return i < 0 || i+3 > len(b) || b[i+2] == 'Z'
}

// Reap ends what runs killed before they could clean up left behind: their
// processes (a kernel, GoNB, a cell's program) and their temporary
// directories. A run still going is left alone.
func Reap() (procs, dirs int) {
	dead := map[string]bool{}
	for pid, id := range tagged() {
		if d, seen := dead[id]; (seen && d) || (!seen && !alive(id)) {
			dead[id] = true
			if syscall.Kill(pid, syscall.SIGKILL) == nil {
				procs++
			}
		} else {
			dead[id] = false
		}
	}
	ents, _ := os.ReadDir(os.TempDir())
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), tmpPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		// PID-START-RANDOM: the run id is the first two fields.
		f := strings.SplitN(rest, "-", 3)
		if len(f) == 3 && !alive(f[0]+"-"+f[1]) {
			if os.RemoveAll(filepath.Join(os.TempDir(), e.Name())) == nil {
				dirs++
			}
		}
	}
	return procs, dirs
}

// execute runs nbconvert on the notebook nb, given on its standard input so
// that no copy is written beside the committed notebooks, with the kernel
// started in dir (nbconvert gives a notebook read from its input no
// directory of its own, and the kernel inherits nbconvert's). On ctx's end
// it stops every process of the run and returns ctx's cause.
func (r *runner) execute(ctx context.Context, name string, nb []byte) ([]byte, time.Duration, error) {
	kernel := r.opts.Kernel
	if kernel == "" {
		kernel = "gonb"
	}
	cmd := exec.Command("jupyter", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.kernel_name="+kernel, "--ExecutePreprocessor.timeout=900", "--ExecutePreprocessor.record_timing=False",
		"--stdin", "--stdout")
	cmd.Dir = r.dir
	cmd.Stdin = bytes.NewReader(nb)
	cmd.Env = append(os.Environ(), runEnv+"="+r.id, "TMPDIR="+r.tmp)
	if r.opts.Cold {
		cache, err := os.MkdirTemp(r.tmp, "gocache-")
		if err != nil {
			return nil, 0, err
		}
		defer os.RemoveAll(cache)
		cmd.Env = append(cmd.Env, "GOCACHE="+cache)
	}
	// Its own process group, signalled as one; killed with this process
	// should it die without stopping it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	var out bytes.Buffer
	log := &tail{max: 2000}
	cmd.Stdout, cmd.Stderr = &out, log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("%s: nbconvert: %w", name, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		// The kernel is in a session of its own: the group signal reaches
		// nbconvert, the run's tag the rest.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		stopRun(r.id)
		select {
		case <-done:
		case <-time.After(grace):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		stopRun(r.id)
		return nil, time.Since(start), context.Cause(ctx)
	}
	dur := time.Since(start)
	// A kernel nbconvert failed to shut down does not outlive the run.
	stopRun(r.id)
	if err != nil {
		return nil, dur, fmt.Errorf("%s: nbconvert: %v: %s", name, err, strings.TrimSpace(log.String()))
	}
	return out.Bytes(), dur, nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string { return string(t.b) }
