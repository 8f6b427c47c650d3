package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/report"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/cybernorms/cybernorms/support/atomicfs"
	"github.com/cybernorms/cybernorms/support/dirlock"
	"golang.org/x/sync/errgroup"
)

func init() {
	register(&command{
		name: "reproduce", synopsis: "[--out DIR] [--as-of DATE] [--lang id|en|fr|es] [--quiet] [--data DIR]",
		summary: say("reproduce.summary"),
		run:     runReproduce,
	})
}

// reproduceMemoryLimit is the soft memory limit reproduce runs under.
const reproduceMemoryLimit = 96 << 20

// Marker is the file that marks a directory as written by reproduce; only
// such a directory (or an empty one) is replaced.
const Marker = ".cybernorms-reproduce"

func runReproduce(ctx context.Context, e *env, c *command, args []string) error {
	// The collector's pace, measured over whole runs with /usr/bin/time and
	// perf stat (GOGC 100, 200, 400, with and without a limit). GOGC=400
	// still costs the least processor time: at 100 or 200 the extra
	// collections cost more than the memory they save. Unbounded, though,
	// 400 lets the heap reach about 150 MB before its third collection, all
	// of it fresh memory the kernel faults in page by page (37 000 minor
	// faults). A soft limit of 96 MiB collects once more near the end
	// instead: a third fewer faults and peak memory, the same processor
	// time. The limit is soft: a dataset whose live heap nears it makes
	// the collector run more often (at most half the processor), never
	// fail. A lower limit set by GOMEMLIMIT is kept.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	if debug.SetMemoryLimit(-1) > reproduceMemoryLimit {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(reproduceMemoryLimit))
	}
	fs := newFlags(c)
	out := fs.String("out", "out", flagText(fs, "out"))
	asOf := fs.String("as-of", vocab.ChapterAccessDate, flagText(fs, "as-of"))
	lang := fs.String("lang", "id", flagText(fs, "lang"))
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	quiet := fs.Bool("quiet", false, flagText(fs, "quiet"))
	wait := lockWaitFlag(fs)
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	l, err := labels.Parse(*lang)
	if err != nil {
		return usagef("--lang: %v", err)
	}
	lock, err := readDatasets(ctx, c, *data, *wait)
	if err != nil {
		return err
	}
	set, err := datasets.Open(*data)
	lock.Release()
	if err != nil {
		return err
	}
	day, err := set.Date(*asOf)
	if err != nil {
		return usagef("--as-of: %v", err)
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	outLock, err := dirlock.Write(ctx, dirlock.Beside(*out), "--out "+*out, "cybernorms "+c.name, *wait)
	if err != nil {
		return err
	}
	defer outLock.Release()
	// A run killed mid-swap is finished or undone before the directory is
	// judged: it is then the old or the new output, with no temporaries.
	if err := atomicfs.RecoverDir(*out); err != nil {
		return fmt.Errorf("--out %s: %w", *out, err)
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	// The provenance printed is that of the bytes read: Open checked every
	// file against this very descriptor.
	desc := set.Descriptor
	opts := report.Options{AsOf: day, Lang: l}
	if !*quiet && isTerminal(e.stderr) {
		opts.Progress = func(done, total int, name string) {
			fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] %s", done, total, name)
			if done == total {
				fmt.Fprintln(e.stderr)
			}
		}
	}
	var files map[string][]byte
	var buildErr error
	// Each file is written into the new directory as soon as it is made,
	// while the others are drawn; the directory replaces the old one only
	// once all are written.
	err = atomicfs.ReplaceSyncedDir(*out, func(tmp string) error {
		w := newDirWriter(ctx, tmp)
		opts.Made = w.write
		files, buildErr = report.Build(report.Inputs{Set: set, Descriptor: desc}, opts)
		if err := w.wait(); buildErr == nil && err != nil {
			return err
		}
		if buildErr != nil {
			return buildErr
		}
		// The last safe point before the swap: a signal stops here.
		if err := ctx.Err(); err != nil {
			return err
		}
		return writeFile(tmp, Marker, []byte("This directory is written by `cybernorms reproduce`, which replaces it as a whole.\n"))
	})
	switch {
	case buildErr != nil:
		return buildErr
	case err != nil && ctx.Err() != nil:
		return ctx.Err()
	case err != nil:
		return fmt.Errorf("--out %s: %w", *out, unwrapPath(err))
	}
	if !*quiet {
		fmt.Fprintf(e.stdout, "reproduce: wrote %d files to %s (as of %s, labels %s); open %s\n", len(files), *out, *asOf, l, filepath.Join(*out, "index.html"))
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// checkOut makes sure out can be replaced: it is absent, an empty
// directory, or one reproduce wrote; and its parent is writable.
func checkOut(out string) error {
	fi, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("--out %s: %w", out, unwrapPath(err))
	case !fi.IsDir():
		return fmt.Errorf("--out %s: exists and is not a directory", out)
	default:
		entries, err := os.ReadDir(out)
		if err != nil {
			return fmt.Errorf("--out %s: %w", out, err)
		}
		if _, err := os.Stat(filepath.Join(out, Marker)); len(entries) > 0 && err != nil {
			return fmt.Errorf("--out %s: exists and was not written by reproduce (no %s): choose another directory", out, Marker)
		}
		// The old output is removed once the new one replaces it: a
		// directory in it that cannot be written would be left behind,
		// a whole copy on every run.
		if err := removable(out); err != nil {
			return err
		}
	}
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("--out %s: cannot create %s: %w", out, parent, unwrapPath(err))
	}
	probe, err := os.MkdirTemp(parent, ".out-probe-")
	if err != nil {
		return fmt.Errorf("--out %s: cannot write in %s: %w", out, parent, unwrapPath(err))
	}
	return os.Remove(probe)
}

// removable checks that every directory of the output can be emptied.
func removable(out string) error {
	return filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("--out %s: %w", out, unwrapPath(err))
		}
		if !d.IsDir() {
			return nil
		}
		if err := syscall.Access(p, 0x2|0x1); err != nil { // W_OK|X_OK
			return fmt.Errorf("--out %s: %s cannot be written (%v), so the old output could not be removed once replaced: make it writable (chmod -R u+w %s) or choose another directory", out, p, err, out)
		}
		return nil
	})
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// dirWriter writes files below dir, several at once: writing and syncing
// wait on the disk, not the processor, so a few overlap the drawing. After a
// signal it writes nothing more and reports the signal.
type dirWriter struct {
	ctx context.Context
	dir string
	g   errgroup.Group
}

func newDirWriter(ctx context.Context, dir string) *dirWriter {
	w := &dirWriter{ctx: ctx, dir: dir}
	w.g.SetLimit(4)
	return w
}

func (w *dirWriter) write(name string, b []byte) {
	w.g.Go(func() error {
		// A safe point: a signal stops the writes here.
		if err := w.ctx.Err(); err != nil {
			return err
		}
		return writeFile(w.dir, name, b)
	})
}

func (w *dirWriter) wait() error { return w.g.Wait() }

// writeFile writes b to name below dir and syncs it while other files are
// still being made, so that little is left for the sync of the whole tree
// before the swap. Its errors name the file and hold no path of the
// temporary directory.
func writeFile(dir, name string, b []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	err := os.MkdirAll(filepath.Dir(p), 0o755)
	if err == nil {
		var f *os.File
		if f, err = os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); err == nil {
			_, err = f.Write(b)
			if serr := f.Sync(); err == nil {
				err = serr
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, unwrapPath(err))
	}
	return nil
}
