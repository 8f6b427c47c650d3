// Package dirlock lets one process at a time write a directory (the
// datasets, the upstream cache, a reproduce output) while readers wait for a
// consistent state. A second writer waits a bounded time and then fails with
// one line naming the holder: its pid, its command and since when.
//
// Locks are advisory flock(2) locks (github.com/gofrs/flock) on a small file,
// released by the kernel when the holder dies, so a killed run never leaves a
// directory locked.
package dirlock

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"

	"github.com/cybernorms/cybernorms/internal/atomicfs"
)

// Name is the lock file kept in a locked directory; Beside names the one kept
// next to a directory that is replaced as a whole.
const Name = ".cybernorms.lock"

// DefaultWait is how long a command waits for another to finish.
const DefaultWait = 30 * time.Second

// retry is how often a waiting command tries again.
const retry = 50 * time.Millisecond

// In returns the lock file of dir, kept inside it.
func In(dir string) string { return filepath.Join(dir, Name) }

// Beside returns the lock file for a directory that is swapped as a whole,
// kept in its parent so that the swap does not take the lock away.
func Beside(dir string) string {
	dir = filepath.Clean(dir)
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+Name)
}

// Lock is a held lock.
type Lock struct {
	fl        *flock.Flock
	exclusive bool
}

// HeldError says who holds a lock a command gave up waiting for.
type HeldError struct {
	What   string // the directory, as the user named it
	Holder string
	Waited time.Duration
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("%s is in use by %s; gave up after %s (run again when it is done, or wait longer with --lock-wait)", e.What, e.Holder, e.Waited)
}

// Write takes the exclusive lock in file for command, waiting at most wait;
// what names the locked directory in messages.
func Write(ctx context.Context, file, what, command string, wait time.Duration) (*Lock, error) {
	fl := flock.New(file, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o644))
	if err := take(ctx, fl, true, file, what, wait); err != nil {
		return nil, err
	}
	holder := fmt.Sprintf("pid %d (%s, since %s)", os.Getpid(), command, time.Now().UTC().Format(time.RFC3339))
	// The lock is on the open file, not its content: rewriting it is safe.
	if err := os.WriteFile(file, []byte(holder+"\n"), 0o644); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return &Lock{fl: fl, exclusive: true}, nil
}

// Read takes the shared lock in file, waiting at most wait for a writer to
// finish. A directory a reader cannot lock (read-only) is read unlocked.
func Read(ctx context.Context, file, what string, wait time.Duration) (*Lock, error) {
	fl := flock.New(file)
	err := take(ctx, fl, false, file, what, wait)
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrNotExist) {
		return &Lock{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &Lock{fl: fl}, nil
}

// ReadDatasets takes the shared lock of a datasets directory. A transaction a
// killed writer left behind is rolled back first (under the exclusive lock),
// or, when recover is false or the directory cannot be written, refused.
func ReadDatasets(ctx context.Context, dir, command string, wait time.Duration, recover bool) (*Lock, error) {
	l, err := Read(ctx, In(dir), dir, wait)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(filepath.Join(dir, atomicfs.JournalFile)); err != nil {
		return l, nil
	}
	l.Release()
	refuse := fmt.Errorf("%s: a write was interrupted (%s is left): run \"cybernorms build\" to roll it back", dir, atomicfs.JournalFile)
	if !recover {
		return nil, refuse
	}
	w, err := Write(ctx, In(dir), dir, command, wait)
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return nil, refuse
	}
	if err != nil {
		return nil, err
	}
	rerr := atomicfs.Recover(dir)
	w.Release()
	if rerr != nil {
		return nil, rerr
	}
	return ReadDatasets(ctx, dir, command, wait, false)
}

// Release lets the next command in.
func (l *Lock) Release() error {
	if l == nil || l.fl == nil {
		return nil
	}
	if l.exclusive {
		// An empty file says no writer holds it.
		os.Truncate(l.fl.Path(), 0)
	}
	return l.fl.Close()
}

func take(ctx context.Context, fl *flock.Flock, exclusive bool, file, what string, wait time.Duration) error {
	if dir := filepath.Dir(file); exclusive {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	try := fl.TryRLock
	if exclusive {
		try = fl.TryLock
	}
	start := time.Now()
	for {
		ok, err := try()
		if err != nil {
			return fmt.Errorf("%s: cannot lock %s: %w", what, file, err)
		}
		if ok {
			return nil
		}
		if time.Since(start) >= wait {
			return &HeldError{What: what, Holder: holder(file), Waited: wait}
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(retry):
		}
	}
}

// holder describes who holds file: the writer it names, if that process is
// alive, else readers.
func holder(file string) string {
	b, _ := os.ReadFile(file)
	s := strings.TrimSpace(string(b))
	if pid, ok := strings.CutPrefix(s, "pid "); ok {
		n, _, _ := strings.Cut(pid, " ")
		if p, err := strconv.Atoi(n); err == nil && syscall.Kill(p, 0) == nil && strings.IndexFunc(s, isControl) < 0 {
			return s
		}
	}
	return "another cybernorms process reading it"
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
