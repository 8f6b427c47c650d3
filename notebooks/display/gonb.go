package display

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// IsNotebook says whether the program runs as a cell of a GoNB notebook,
// which gives it the named pipes of its outputs.
var IsNotebook = os.Getenv(protocol.GONB_PIPE_ENV) != ""

// The pipes to the kernel, as GoNB's gonbui package speaks them: displays
// go out gob-encoded on $GONB_PIPE, a sync request among them, and the
// kernel acknowledges it on $GONB_PIPE_BACK once every display before it is
// sent to the notebook.
//
// gonbui itself is not linked: it brings klog, log/slog and, through a UUID
// package, net and database/sql, 80 packages that GoNB's go build checks,
// and its linker loads, at every cell, for a program that only displays.
var pipes struct {
	sync.Mutex
	enc  *gob.Encoder
	dec  *gob.Decoder
	back *os.File
	err  error // the first failure, after which nothing is sent
	sync int   // the next sync request's id
}

// openPipes opens the two pipes, once; pipes is locked.
func openPipes() error {
	if pipes.enc != nil {
		return nil
	}
	w, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_ENV), os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("display: GoNB's pipe: %w", err)
	}
	r, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_BACK_ENV), os.O_RDONLY, 0)
	if err != nil {
		w.Close()
		return fmt.Errorf("display: GoNB's pipe back: %w", err)
	}
	pipes.enc, pipes.dec, pipes.back = gob.NewEncoder(w), gob.NewDecoder(r), r
	return nil
}

// ackWait is how long Send waits for the kernel's acknowledgement: GoNB
// answers as soon as it has read what came before, so only another reader
// of the same pipe (gonbui, used in the same program, reads it too and may
// take the answer) makes it wait that long; the cell then says so rather
// than hang.
var ackWait = 30 * time.Second

// Send shows d in the notebook and waits until the kernel has passed it on:
// a cell's program may end right after, and a display still in the pipe
// then would be lost. Outside a notebook it does nothing; if the kernel
// cannot be reached it says so once, on standard error, and shows nothing
// more.
func Send(d *protocol.DisplayData) {
	if !IsNotebook {
		return
	}
	pipes.Lock()
	defer pipes.Unlock()
	if pipes.err != nil {
		return
	}
	if err := send(d); err != nil {
		pipes.err = err
		fmt.Fprintln(os.Stderr, err)
	}
}

func send(d *protocol.DisplayData) error {
	if err := openPipes(); err != nil {
		return err
	}
	id := pipes.sync
	pipes.sync++
	req := &protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMECommValue: &protocol.CommValue{Address: protocol.GonbuiSyncAddress, Value: id},
	}}
	for _, m := range []*protocol.DisplayData{d, req} {
		if err := pipes.enc.Encode(m); err != nil {
			return fmt.Errorf("display: sending to GoNB: %w", err)
		}
	}
	// A named pipe takes deadlines (Go polls it).
	if err := pipes.back.SetReadDeadline(time.Now().Add(ackWait)); err != nil {
		return fmt.Errorf("display: GoNB's pipe back: %w", err)
	}
	return awaitAck(pipes.dec, id)
}

// awaitAck reads the kernel's messages until it acknowledges sync id; other
// messages (widgets' values, which no display here asks for) are dropped.
func awaitAck(dec *gob.Decoder, id int) error {
	for {
		var v protocol.CommValue
		if err := dec.Decode(&v); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return fmt.Errorf("display: GoNB did not acknowledge a display within %v (does the program also use gonbui, which reads the same pipe?)", ackWait)
			}
			return fmt.Errorf("display: waiting for GoNB: %w", err)
		}
		if n, ok := v.Value.(int); ok && v.Address == protocol.GonbuiSyncAckAddress && n == id {
			return nil
		}
	}
}
