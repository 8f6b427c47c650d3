// Package confined reads files by the rules every command follows for what
// it reads from the datasets, the snapshot or a report: below one root
// directory, through no symbolic link, nothing but regular files, each of a
// size known and bounded before it is read.
package confined

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// DefaultMax bounds a file read from the datasets or a report: the largest
// is a few megabytes, so anything near this is not one of them.
const DefaultMax = 64 << 20

// Root reads files below a directory.
type Root struct {
	Dir string
	Max int64 // the largest file read, in bytes; DefaultMax when 0
	// Plural and One name what is read, for messages ("datasets", "a
	// dataset file"); "files" and "a file" when empty.
	Plural, One string
}

// In is the root dir with the default bound.
func In(dir string) Root { return Root{Dir: dir} }

func (r Root) names() (string, string) {
	p, o := r.Plural, r.One
	if p == "" {
		p = "files"
	}
	if o == "" {
		o = "a file"
	}
	return p, o
}

func (r Root) max() int64 {
	if r.Max > 0 {
		return r.Max
	}
	return DefaultMax
}

// Error is a file not read, and why; its text is the path and the reason.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

func fail(path, format string, a ...any) error {
	return &Error{Path: path, Err: fmt.Errorf(format, a...)}
}

// ErrOutside is returned for a name that leaves the root.
var ErrOutside = errors.New("leaves the directory")

// Path is the file rel names below the root.
func (r Root) Path(rel string) string { return filepath.Join(r.Dir, filepath.FromSlash(rel)) }

// check refuses a name that is empty, absolute, climbs with "..", or uses a
// backslash (a separator elsewhere).
func check(rel string) error {
	if rel == "" || strings.Contains(rel, "\\") || strings.ContainsRune(rel, 0) || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("%q: %w", rel, ErrOutside)
	}
	return nil
}

// ReadFile reads rel (slash-separated) below the root. Each component is
// checked not to be a symbolic link and the last to be a regular file of at
// most Max bytes; the file is opened within the root (os.Root), without
// following a link or waiting on a FIFO swapped in since, and its size
// checked again on the open file before a byte is read.
func (r Root) ReadFile(rel string) ([]byte, error) {
	f, err := r.open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	_, one := r.names()
	return readOpen(f, r.Path(rel), r.max(), one)
}

// Digest reads rel as ReadFile does, through the same checks, but into w (a
// hash) a buffer at a time instead of into memory; it returns the number of
// bytes read. A file that is only checked need not be held whole.
func (r Root) Digest(rel string, w io.Writer) (int64, error) {
	f, err := r.open(rel)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	_, one := r.names()
	name, max := r.Path(rel), r.max()
	if _, err := sized(f, name, max, one); err != nil {
		return 0, err
	}
	bp := buffers.Get().(*[]byte)
	defer buffers.Put(bp)
	n, err := io.CopyBuffer(w, io.LimitReader(f, max+1), *bp)
	if err != nil {
		return n, &Error{Path: name, Err: err}
	}
	if n > max {
		return n, fail(name, "grew over the %d-byte limit for %s while read", max, one)
	}
	return n, nil
}

// buffers are Digest's, of a size that reads a dataset file in a few calls.
var buffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// open opens rel below the root by ReadFile's rules.
func (r Root) open(rel string) (*os.File, error) {
	if err := check(rel); err != nil {
		return nil, &Error{Path: r.Path(rel), Err: err}
	}
	root, err := os.OpenRoot(r.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	plural, _ := r.names()
	parts := strings.Split(rel, "/")
	for i := range parts {
		sub := strings.Join(parts[:i+1], "/")
		q := r.Path(sub)
		fi, err := root.Lstat(filepath.FromSlash(sub))
		if err != nil {
			return nil, &Error{Path: q, Err: unwrap(err)}
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			return nil, fail(q, "is a symbolic link; %s are read only from regular files", plural)
		case i < len(parts)-1 && !fi.IsDir():
			return nil, fail(q, "not a directory")
		}
	}
	f, err := root.OpenFile(filepath.FromSlash(rel), os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &Error{Path: r.Path(rel), Err: unwrap(err)}
	}
	return f, nil
}

// File reads one file named on the command line: it may be anywhere, but it
// must be a regular file of at most max bytes, known before reading.
func File(path string, max int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpen(f, path, max, "a file")
}

func readOpen(f *os.File, name string, max int64, one string) ([]byte, error) {
	size, err := sized(f, name, max, one)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, size+1)
	b, err = readAll(io.LimitReader(f, max+1), b)
	if err != nil {
		return nil, &Error{Path: name, Err: err}
	}
	if int64(len(b)) > max {
		return nil, fail(name, "grew over the %d-byte limit for %s while read", max, one)
	}
	return b, nil
}

// sized checks that the open file is a regular file of at most max bytes
// and returns its size.
func sized(f *os.File, name string, max int64, one string) (int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, &Error{Path: name, Err: unwrap(err)}
	}
	if !fi.Mode().IsRegular() {
		return 0, fail(name, "not a regular file (%s)", fi.Mode().Type())
	}
	if fi.Size() > max {
		return 0, fail(name, "%d bytes, over the %d-byte limit for %s", fi.Size(), max, one)
	}
	return fi.Size(), nil
}

func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// Entry is a name found below the root and what it is.
type Entry struct {
	Rel  string      // slash-separated
	Mode fs.FileMode // its type bits
}

// Kind says what an entry is, for a message.
func (e Entry) Kind() string { return typeName(e.Mode) }

// List returns every entry below the root that is not a directory (regular
// files, links, special files), without following links, sorted.
func (r Root) List() ([]Entry, error) {
	var out []Entry
	err := filepath.WalkDir(r.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(r.Dir, p)
		if err != nil {
			return err
		}
		out = append(out, Entry{Rel: filepath.ToSlash(rel), Mode: d.Type()})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Rel < out[j].Rel })
	return out, err
}

func typeName(m fs.FileMode) string {
	switch t := m.Type(); {
	case t == 0:
		return "regular file"
	case t&fs.ModeSymlink != 0:
		return "symbolic link"
	case t&fs.ModeNamedPipe != 0:
		return "named pipe"
	case t&fs.ModeSocket != 0:
		return "socket"
	case t&fs.ModeDevice != 0:
		return "device"
	case t&fs.ModeDir != 0:
		return "directory"
	default:
		return t.String()
	}
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
