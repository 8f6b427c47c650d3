package display

import (
	"encoding/gob"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// fakeKernel plays GoNB's side of the pipes, as its jpyexec package does:
// it decodes displays, answers each sync request after sending first a
// value for a widget and another sync's answer (which Send must skip), and
// reports what it received. Unless ack, it answers nothing, as when another
// reader of the pipe took the answer.
func fakeKernel(t *testing.T, ack bool) (got chan any) {
	dir := t.TempDir()
	out, back := filepath.Join(dir, "gonb_pipe_out"), filepath.Join(dir, "gonb_pipe_back")
	for _, p := range []string{out, back} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	t.Setenv(protocol.GONB_PIPE_ENV, out)
	t.Setenv(protocol.GONB_PIPE_BACK_ENV, back)
	got = make(chan any, 16)
	go func() {
		defer close(got)
		r, err := openFile(out, false)
		if err != nil {
			got <- err
			return
		}
		defer r.Close()
		w, err := openFile(back, true)
		if err != nil {
			got <- err
			return
		}
		defer w.Close()
		dec, enc := gob.NewDecoder(r), gob.NewEncoder(w)
		for {
			var d protocol.DisplayData
			if err := dec.Decode(&d); err != nil {
				return
			}
			if v, ok := d.Data[protocol.MIMECommValue]; ok {
				req := v.(protocol.CommValue)
				got <- req.Address
				if !ack {
					continue
				}
				enc.Encode(&protocol.CommValue{Address: "#widget/x", Value: req.Value})
				enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: req.Value.(int) + 100})
				enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: req.Value})
				continue
			}
			for k, v := range d.Data {
				got <- string(k) + " " + v.(string)
			}
		}
	}()
	return got
}

// Each display reaches the kernel before Send returns: the kernel has
// acknowledged a sync request sent after it, skipping what else it sent.
func TestSendWaitsForTheKernel(t *testing.T) {
	got := fakeKernel(t, true)
	defer func(b bool) { IsNotebook = b }(IsNotebook)
	IsNotebook = true
	defer resetPipes()
	for i, h := range []string{"<b>one</b>", "<b>two</b>"} {
		HTML(h)
		// Send has returned: the display and the sync request are there.
		for _, want := range []string{"text/html " + h, protocol.GonbuiSyncAddress} {
			select {
			case x := <-got:
				if x != want {
					t.Fatalf("display %d: the kernel got %v, want %q", i, x, want)
				}
			default:
				t.Fatalf("display %d: Send returned before the kernel had %q", i, want)
			}
		}
	}
	if pipes.err != nil || pipes.sync != 2 {
		t.Errorf("pipes: err %v, %d syncs", pipes.err, pipes.sync)
	}
}

// Outside a notebook nothing is sent, and no pipe is opened.
func TestSendOutsideANotebook(t *testing.T) {
	defer func(b bool) { IsNotebook = b }(IsNotebook)
	IsNotebook = false
	HTML("<b>nowhere</b>")
	if pipes.enc != nil || pipes.err != nil {
		t.Errorf("pipes opened outside a notebook: %v", pipes.err)
	}
}

// A kernel that cannot be reached is said once, and stops the displays.
func TestSendWithoutKernel(t *testing.T) {
	defer func(b bool) { IsNotebook = b }(IsNotebook)
	IsNotebook = true
	defer resetPipes()
	t.Setenv(protocol.GONB_PIPE_ENV, filepath.Join(t.TempDir(), "none"))
	HTML("<b>lost</b>")
	if pipes.err == nil {
		t.Fatal("no error for a missing pipe")
	}
	err := pipes.err
	Markdown("*lost*")
	if pipes.err != err {
		t.Errorf("a second error replaced the first: %v", pipes.err)
	}
}

func openFile(p string, write bool) (*os.File, error) {
	if write {
		return os.OpenFile(p, os.O_WRONLY, 0)
	}
	return os.Open(p)
}

// A kernel that never acknowledges ends the wait with one line, not a hang.
func TestSendDoesNotHang(t *testing.T) {
	got := fakeKernel(t, false)
	defer func(b bool) { IsNotebook = b }(IsNotebook)
	IsNotebook = true
	defer resetPipes()
	defer func(d time.Duration) { ackWait = d }(ackWait)
	ackWait = 200 * time.Millisecond
	done := make(chan struct{})
	go func() { HTML("<b>unanswered</b>"); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Send still waits for the kernel after 10 s")
	}
	if pipes.err == nil || !strings.Contains(pipes.err.Error(), "did not acknowledge") {
		t.Fatalf("err %v", pipes.err)
	}
	if x := <-got; x != "text/html <b>unanswered</b>" {
		t.Errorf("the kernel got %v", x)
	}
}

func resetPipes() {
	if pipes.back != nil {
		pipes.back.Close()
	}
	pipes.enc, pipes.dec, pipes.back, pipes.err, pipes.sync = nil, nil, nil, nil, 0
}
