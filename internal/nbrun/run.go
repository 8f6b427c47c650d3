package nbrun

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/support/atomicfs"
	"github.com/cybernorms/cybernorms/support/dirlock"
)

// Options says which notebooks Run executes and what it does with them.
type Options struct {
	Dir   string   // the notebooks directory
	Names []string // notebooks by name or a prefix no other shares; all when empty
	// Check executes into memory and compares with the committed outputs,
	// writing nothing; otherwise the executed notebooks are saved in place.
	Check bool
	// Params, when set, are injected after each notebook's parameters cell
	// and the executed copies go to Out. Out is the notebooks directory
	// only when it names it: through a link or under another name it is
	// refused, and a copy never replaces a committed notebook unasked.
	Params map[string]string
	Out    string
	Cold   bool   // execute with an empty Go build cache
	Kernel string // the Jupyter kernel; gonb when empty
	// Command and LockWait name the holder of the lock Run takes on the
	// directory it writes, and bound the wait for another holder.
	Command  string
	LockWait time.Duration
	// Progress, when set, is called after each notebook.
	Progress func(Result)
}

// Result is what Run did with one notebook.
type Result struct {
	Report
	Status string // "ok", "FAILED", "wrote" (a copy into Out) or "saved" (in place)
}

// Summary is what Run did.
type Summary struct {
	Results []Result
	Failed  int
}

// OptionError is a mistake in the options (a name matching no notebook, a
// parameter no notebook declares): the command line's, not the run's.
type OptionError struct{ Err error }

func (e *OptionError) Error() string { return e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

// Run executes the notebooks opts names. It first ends what runs killed
// before left behind (Reap); on ctx's end (a signal) it stops the kernel and
// every process of the run and removes its temporary files before
// returning ctx's cause. Nothing is ever written into the notebooks
// directory but the notebooks themselves, replaced whole.
func Run(ctx context.Context, opts Options) (Summary, error) {
	var sum Summary
	paths, err := List(opts.Dir)
	if err != nil {
		return sum, err
	}
	if len(opts.Names) > 0 {
		if paths, err = Match(paths, opts.Names); err != nil {
			return sum, &OptionError{err}
		}
	}
	copies := len(opts.Params) > 0
	if copies && opts.Check {
		return sum, &OptionError{errors.New("--param: only for run")}
	}
	inPlace := !opts.Check && !copies
	if copies {
		if inPlace, err = outIsNotebooks(opts.Out, opts.Dir); err != nil {
			return sum, err
		}
	}
	if !opts.Check {
		var lock *dirlock.Lock
		if inPlace {
			lock, err = dirlock.Write(ctx, dirlock.In(opts.Dir), opts.Dir, opts.Command, opts.LockWait)
		} else {
			lock, err = dirlock.Write(ctx, dirlock.Beside(opts.Out), "--out "+opts.Out, opts.Command, opts.LockWait)
		}
		if err != nil {
			return sum, err
		}
		defer lock.Release()
	}
	r, err := newRunner(opts)
	if err != nil {
		return sum, err
	}
	defer r.close()
	for _, p := range paths {
		res, err := r.one(ctx, p, copies)
		if err != nil {
			return sum, err
		}
		sum.Results = append(sum.Results, res)
		if res.Status == "FAILED" {
			sum.Failed++
		}
		if opts.Progress != nil {
			opts.Progress(res)
		}
	}
	return sum, nil
}

// one executes the notebook at p and does what the options say with it.
func (r *runner) one(ctx context.Context, p string, copies bool) (Result, error) {
	name := filepath.Base(p)
	nb, err := readNotebook(p)
	if err != nil {
		return Result{}, err
	}
	if copies {
		if nb, err = Inject(nb, name, r.opts.Params); err != nil {
			return Result{}, &OptionError{fmt.Errorf("--param: %w", err)}
		}
	}
	executed, dur, err := r.execute(ctx, name, nb)
	if err != nil {
		return Result{}, err
	}
	if copies {
		// A value the notebook's check refuses is one line, not the
		// failures of every later cell.
		if msg, err := InjectedError(executed); err != nil {
			return Result{}, err
		} else if msg != "" {
			return Result{}, fmt.Errorf("%s: %s", name, msg)
		}
	}
	var committed []byte
	if r.opts.Check {
		committed = nb
	}
	rep, err := Check(name, executed, committed)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", name, err)
	}
	rep.Duration = dur
	// Expected numbers hold for the default parameters only.
	if copies {
		rep.Problems = nil
	}
	res := Result{Report: rep, Status: "ok"}
	switch {
	case !rep.OK():
		res.Status = "FAILED"
	case r.opts.Check:
	case copies:
		if err := os.MkdirAll(r.opts.Out, 0o755); err != nil {
			return Result{}, fmt.Errorf("--out %s: %w", r.opts.Out, err)
		}
		if err := atomicfs.WriteFile(filepath.Join(r.opts.Out, name), executed); err != nil {
			return Result{}, err
		}
		res.Status = "wrote"
	default:
		if err := atomicfs.WriteFile(p, executed); err != nil {
			return Result{}, err
		}
		res.Status = "saved"
	}
	return res, nil
}

// readNotebook reads a committed notebook: a regular file, never through a
// link.
func readNotebook(p string) ([]byte, error) {
	f, err := atomicfs.OpenFile(filepath.Dir(p), filepath.Base(p), os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	b := make([]byte, fi.Size())
	_, err = f.ReadAt(b, 0)
	return b, err
}

// outIsNotebooks says whether the copies' directory out is the notebooks
// directory dir, which it may be only by name: a link in out's place, or
// dir under another name, is refused.
func outIsNotebooks(out, dir string) (bool, error) {
	fi, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("--out %s: %w", out, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return false, fmt.Errorf("--out %s: is a symbolic link; executed copies are written only into a real directory, named as such", out)
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("--out %s: exists and is not a directory", out)
	}
	nb, err := os.Stat(dir)
	if err != nil || !os.SameFile(fi, nb) {
		return false, nil
	}
	ao, _ := filepath.Abs(out)
	ad, _ := filepath.Abs(dir)
	if filepath.Base(ao) != filepath.Base(ad) {
		return false, fmt.Errorf("--out %s: is the notebooks directory under another name; executed copies replace the committed notebooks only when --out names it (%s)", out, dir)
	}
	return true, nil
}

// runner holds what a run's executions share: its id, its temporary
// directory, the directory the kernel starts in.
type runner struct {
	opts Options
	id   string
	tmp  string
	dir  string
}

func newRunner(opts Options) (*runner, error) {
	Reap()
	reapCopies(opts.Dir)
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	id := selfID()
	tmp, err := os.MkdirTemp("", tmpPrefix+id+"-")
	if err != nil {
		return nil, err
	}
	return &runner{opts: opts, id: id, tmp: tmp, dir: dir}, nil
}

// close stops what is left of the run and removes its temporary files.
func (r *runner) close() {
	stopRun(r.id)
	os.RemoveAll(r.tmp)
}

// reapCopies removes the hidden copies ".run-DIGITS.ipynb" that runs of
// earlier versions executed beside the notebooks and left when killed.
func reapCopies(dir string) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), ".run-")
		digits, ok2 := strings.CutSuffix(rest, ".ipynb")
		if ok && ok2 && digits != "" && strings.Trim(digits, "0123456789") == "" && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
