// Package dirlock lets one process at a time write a directory (the
// datasets, the upstream cache, a reproduce output) while readers wait for a
// consistent state. A second writer waits a bounded time and then fails with
// one line naming the holder: its pid, its command and since when.
//
// Locks are advisory flock(2) locks on a small file,
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

	"golang.org/x/sys/unix"

	"github.com/cybernorms/cybernorms/support/atomicfs"
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
	f         *os.File
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
	f, err := take(ctx, true, file, what, wait)
	if err != nil {
		return nil, err
	}
	holder := fmt.Sprintf("pid %d (%s, since %s)", os.Getpid(), command, time.Now().UTC().Format(time.RFC3339))
	// The lock is on the open file, not its content: rewriting it is safe.
	// It is rewritten through the descriptor locked, never by its name, and
	// writable by its owner only, whatever mode a checkout gave it.
	f.Chmod(0o644)
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt([]byte(holder+"\n"), 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return &Lock{f: f, exclusive: true}, nil
}

// Read takes the shared lock in file, waiting at most wait for a writer to
// finish. A directory a reader cannot lock (read-only) is read unlocked.
func Read(ctx context.Context, file, what string, wait time.Duration) (*Lock, error) {
	f, err := take(ctx, false, file, what, wait)
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrNotExist) {
		return &Lock{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &Lock{f: f}, nil
}

// ReadDatasets takes the shared lock of a datasets directory. A transaction a
// killed writer left behind is rolled back first (under the exclusive lock),
// or, when recover is false or the directory cannot be written, refused.
func ReadDatasets(ctx context.Context, dir, command string, wait time.Duration, recover bool) (*Lock, error) {
	var rec func(string) error
	if recover {
		rec = atomicfs.Recover
	}
	return ReadDatasetsWith(ctx, dir, command, wait, rec)
}

// ReadDatasetsWith is ReadDatasets rolling back with recover (nil: refuse),
// which judges the journal it finds (atomicfs.RecoverOnly with the files the
// directory's writers write).
func ReadDatasetsWith(ctx context.Context, dir, command string, wait time.Duration, recover func(dir string) error) (*Lock, error) {
	l, err := Read(ctx, In(dir), dir, wait)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(filepath.Join(dir, atomicfs.JournalFile)); err != nil {
		return l, nil
	}
	l.Release()
	refuse := fmt.Errorf("%s: a write was interrupted (%s is left): run \"cybernorms build\" to roll it back", dir, atomicfs.JournalFile)
	if recover == nil {
		return nil, refuse
	}
	w, err := Write(ctx, In(dir), dir, command, wait)
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return nil, refuse
	}
	if err != nil {
		return nil, err
	}
	rerr := recover(dir)
	w.Release()
	if rerr != nil {
		return nil, rerr
	}
	return ReadDatasetsWith(ctx, dir, command, wait, nil)
}

// Release lets the next command in.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	if l.exclusive {
		// An empty file says no writer holds it.
		l.f.Truncate(0)
	}
	// Closing the last descriptor of the file releases the lock.
	return l.f.Close()
}

// open opens a lock file: without following a link, in a directory that is
// not one, without waiting on a FIFO, and only when it is a regular file. A
// checkout can carry a link in its place, which opening it for writing
// would truncate (or create, dangling) somewhere else.
func open(file, what string, exclusive bool) (*os.File, error) {
	dir, name := filepath.Split(file)
	if dir == "" {
		dir = "."
	}
	if exclusive {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
	}
	flag := os.O_CREATE | os.O_RDONLY
	if exclusive {
		flag = os.O_CREATE | os.O_RDWR
	}
	f, err := atomicfs.OpenFile(filepath.Clean(dir), name, flag)
	var le *atomicfs.LinkError
	var se *atomicfs.SpecialError
	switch {
	case errors.As(err, &le) && !le.Dir:
		return nil, fmt.Errorf("%s: cannot lock: %s is a symbolic link, not a lock file; remove it (no cybernorms command makes one)", what, file)
	case errors.As(err, &le):
		return nil, fmt.Errorf("%s: cannot lock: %w", what, err)
	case errors.As(err, &se):
		return nil, fmt.Errorf("%s: cannot lock: %s is not a regular file (%v); remove it (no cybernorms command makes one)", what, file, se.Mode)
	case err != nil:
		return nil, fmt.Errorf("%s: cannot lock %s: %w", what, file, err)
	}
	return f, nil
}

func take(ctx context.Context, exclusive bool, file, what string, wait time.Duration) (*os.File, error) {
	// A signal already received ends the command before anything is opened.
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	f, err := open(file, what, exclusive)
	if err != nil {
		return nil, err
	}
	how := unix.LOCK_SH
	if exclusive {
		how = unix.LOCK_EX
	}
	start := time.Now()
	for {
		err := unix.Flock(int(f.Fd()), how|unix.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			f.Close()
			return nil, fmt.Errorf("%s: cannot lock %s: %w", what, file, err)
		}
		if time.Since(start) >= wait {
			h := holder(f)
			f.Close()
			return nil, &HeldError{What: what, Holder: h, Waited: wait}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, context.Cause(ctx)
		case <-time.After(retry):
		}
	}
}

// holder describes who holds the lock file f: the writer it names, if that
// process is alive, else readers.
func holder(f *os.File) string {
	b := make([]byte, 512)
	n, _ := f.ReadAt(b, 0)
	s := strings.TrimSpace(string(b[:n]))
	if pid, ok := strings.CutPrefix(s, "pid "); ok {
		n, _, _ := strings.Cut(pid, " ")
		if p, err := strconv.Atoi(n); err == nil && syscall.Kill(p, 0) == nil && strings.IndexFunc(s, isControl) < 0 {
			return s
		}
	}
	return "another cybernorms process reading it"
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
