package atomicfs

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// A checkout can hold symbolic links and special files where a command
// expects its own files: every file and directory below the directory a
// caller names is reached by openat relative to its parent, without
// following links, and is used only when it is a regular file or a real
// directory. A link is never followed, a FIFO never opened for a read that
// would wait for a writer.

// dirFD is a directory opened without following a link in its last
// component.
type dirFD struct {
	fd   int
	path string // for messages
}

// openRoot opens the directory a caller names. Links in the name leading to
// it are the caller's choice; the directory itself must not be a link,
// which a checkout could carry in its place.
func openRoot(path string, create bool) (*dirFD, error) {
	if create {
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			if err := os.MkdirAll(path, 0o755); err != nil {
				return nil, err
			}
		}
	}
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, dirError(path, err, func() (fs.FileInfo, error) { return os.Lstat(path) })
	}
	return &dirFD{fd: fd, path: path}, nil
}

func (d *dirFD) close() { unix.Close(d.fd) }

// sub opens the directory rel below d, one component at a time, creating
// the missing ones when create is set.
func (d *dirFD) sub(rel string, create bool) (*dirFD, error) {
	cur := &dirFD{fd: -1, path: d.path}
	fd := d.fd
	if rel == "." || rel == "" {
		nfd, err := unix.Dup(d.fd)
		if err != nil {
			return nil, err
		}
		unix.CloseOnExec(nfd)
		return &dirFD{fd: nfd, path: d.path}, nil
	}
	for _, c := range strings.Split(filepath.Clean(rel), string(filepath.Separator)) {
		p := filepath.Join(cur.path, c)
		nfd, err := unix.Openat(fd, c, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if errors.Is(err, unix.ENOENT) && create {
			if err = unix.Mkdirat(fd, c, 0o755); err == nil || errors.Is(err, unix.EEXIST) {
				nfd, err = unix.Openat(fd, c, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
			}
		}
		if err != nil {
			pfd := fd
			err = dirError(p, err, func() (fs.FileInfo, error) { return lstatAt(pfd, c, p) })
			if cur.fd >= 0 {
				cur.close()
			}
			return nil, err
		}
		if cur.fd >= 0 {
			cur.close()
		}
		cur = &dirFD{fd: nfd, path: p}
		fd = nfd
	}
	return cur, nil
}

// dirError says why a directory could not be opened: a link or another
// kind of file is named as such.
func dirError(path string, err error, lstat func() (fs.FileInfo, error)) error {
	if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.ENOTDIR) {
		if fi, lerr := lstat(); lerr == nil {
			if fi.Mode()&fs.ModeSymlink != 0 {
				return &LinkError{Path: path, Dir: true}
			}
			if !fi.IsDir() {
				return fmt.Errorf("%s: not a directory (%v)", path, fi.Mode().Type())
			}
		}
	}
	return &fs.PathError{Op: "open", Path: path, Err: err}
}

// LinkError is a symbolic link where a command expects its own file or
// directory: it is not followed, and the command stops.
type LinkError struct {
	Path string
	Dir  bool
}

func (e *LinkError) Error() string {
	if e.Dir {
		return e.Path + ": is a symbolic link, not a directory; nothing is written through a link"
	}
	return e.Path + ": is a symbolic link, not a regular file; nothing is written or removed through a link"
}

// SpecialError is a file that is neither regular nor a link (a FIFO, a
// device, a directory) where a command expects a regular file.
type SpecialError struct {
	Path string
	Mode fs.FileMode
}

func (e *SpecialError) Error() string {
	return fmt.Sprintf("%s: not a regular file (%v); only regular files are read or replaced here", e.Path, e.Mode)
}

func lstatAt(dfd int, name, path string) (fs.FileInfo, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(dfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: path, Err: err}
	}
	return statInfo{name: name, st: st}, nil
}

// OpenRegular opens name in the directory dfd for reading, without
// following a link and without waiting on a FIFO, and only when it is a
// regular file. A missing file is fs.ErrNotExist.
func openRegular(dfd int, name, path string, flags int) (*os.File, error) {
	fd, err := unix.Openat(dfd, name, flags|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o644)
	if err != nil {
		if errors.Is(err, unix.ELOOP) {
			return nil, &LinkError{Path: path}
		}
		if errors.Is(err, unix.EISDIR) || errors.Is(err, unix.ENXIO) {
			if fi, lerr := lstatAt(dfd, name, path); lerr == nil {
				return nil, &SpecialError{Path: path, Mode: fi.Mode()}
			}
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	f := os.NewFile(uintptr(fd), path)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		f.Close()
		return nil, &SpecialError{Path: path, Mode: statInfo{st: st}.Mode()}
	}
	// A regular file never blocks; the flag only kept the open from waiting.
	if fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); err == nil {
		unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl&^unix.O_NONBLOCK)
	}
	return f, nil
}

// readAt reads the regular file name in d; ok is false when it is absent.
func (d *dirFD) read(name string) (b []byte, ok bool, err error) {
	f, err := openRegular(d.fd, name, filepath.Join(d.path, name), unix.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	b, err = io.ReadAll(f)
	return b, err == nil, err
}

// lstat describes name in d without following a link.
func (d *dirFD) lstat(name string) (fs.FileInfo, error) {
	return lstatAt(d.fd, name, filepath.Join(d.path, name))
}

// exists says whether d holds an entry called name, of any kind.
func (d *dirFD) exists(name string) bool {
	_, err := d.lstat(name)
	return err == nil
}

// createTemp creates a new regular file in d named prefix followed by
// digits, as os.CreateTemp does, with mode 0644 whatever the umask.
func (d *dirFD) createTemp(prefix string) (*os.File, string, error) {
	for range 10000 {
		name := prefix + strconv.FormatUint(uint64(rand.Uint32()), 10)
		fd, err := unix.Openat(d.fd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
		if errors.Is(err, unix.EEXIST) {
			continue
		}
		if err != nil {
			return nil, "", &fs.PathError{Op: "create", Path: filepath.Join(d.path, name), Err: err}
		}
		f := os.NewFile(uintptr(fd), filepath.Join(d.path, name))
		if err := f.Chmod(0o644); err != nil {
			f.Close()
			unix.Unlinkat(d.fd, name, 0)
			return nil, "", err
		}
		return f, name, nil
	}
	return nil, "", fmt.Errorf("%s: no free temporary name for %s*", d.path, prefix)
}

// writeTemp writes data, synced, to a new temporary file beside name.
func (d *dirFD) writeTemp(name string, data []byte) (string, error) {
	f, tmp, err := d.createTemp("." + name + ".tmp-")
	if err != nil {
		return "", err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		unix.Unlinkat(d.fd, tmp, 0)
		return "", err
	}
	return tmp, nil
}

// remove unlinks name in d if it is not a directory; a link is removed
// itself, never what it points to.
func (d *dirFD) remove(name string) error {
	sysPoint("unlink", filepath.Join(d.path, name))
	err := unix.Unlinkat(d.fd, name, 0)
	if err != nil && !errors.Is(err, unix.ENOENT) {
		return &fs.PathError{Op: "remove", Path: filepath.Join(d.path, name), Err: err}
	}
	return nil
}

func (d *dirFD) rename(from, to string) error {
	sysPoint("rename", filepath.Join(d.path, from))
	if err := unix.Renameat(d.fd, from, d.fd, to); err != nil {
		return &os.LinkError{Op: "rename", Old: filepath.Join(d.path, from), New: filepath.Join(d.path, to), Err: err}
	}
	return nil
}

func (d *dirFD) link(from, to string) error {
	sysPoint("link", filepath.Join(d.path, from))
	if err := unix.Linkat(d.fd, from, d.fd, to, 0); err != nil {
		return &os.LinkError{Op: "link", Old: filepath.Join(d.path, from), New: filepath.Join(d.path, to), Err: err}
	}
	return nil
}

func (d *dirFD) sync() { unix.Fsync(d.fd) }

// names lists the entries of d.
func (d *dirFD) names() []string {
	fd, err := unix.Openat(d.fd, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	f := os.NewFile(uintptr(fd), d.path)
	defer f.Close()
	names, _ := f.Readdirnames(-1)
	return names
}

// statInfo is a unix.Stat_t as an fs.FileInfo.
type statInfo struct {
	name string
	st   unix.Stat_t
}

func (s statInfo) Name() string { return s.name }
func (s statInfo) Size() int64  { return s.st.Size }
func (s statInfo) Mode() fs.FileMode {
	m := fs.FileMode(s.st.Mode & 0o777)
	switch s.st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		m |= fs.ModeDir
	case unix.S_IFLNK:
		m |= fs.ModeSymlink
	case unix.S_IFIFO:
		m |= fs.ModeNamedPipe
	case unix.S_IFSOCK:
		m |= fs.ModeSocket
	case unix.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		m |= fs.ModeDevice
	}
	if s.st.Mode&unix.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if s.st.Mode&unix.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if s.st.Mode&unix.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
func (s statInfo) ModTime() (t time.Time) { return }
func (s statInfo) IsDir() bool            { return s.Mode().IsDir() }
func (s statInfo) Sys() any               { return &s.st }

// writeJournal writes v as JSON to name in d, by a synced temporary renamed
// over it. A temporary a writer killed before its rename left is removed
// first.
func writeJournal(d *dirFD, name string, v any) error {
	removeStale(d, name)
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	tmp, err := d.writeTemp(name, b)
	if err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(d.path, name), err)
	}
	if err := d.rename(tmp, name); err != nil {
		d.remove(tmp)
		return fmt.Errorf("writing %s: %w", filepath.Join(d.path, name), err)
	}
	d.sync()
	return nil
}

// readJournal reads the journal name in d: a regular file, bounded; ok is
// false when there is none.
func readJournal(d *dirFD, name string) (b []byte, ok bool, err error) {
	jpath := filepath.Join(d.path, name)
	f, err := openRegular(d.fd, name, jpath, unix.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	var le *LinkError
	var se *SpecialError
	switch {
	case errors.As(err, &le):
		return nil, false, &JournalError{jpath, "it is a symbolic link"}
	case errors.As(err, &se):
		return nil, false, &JournalError{jpath, fmt.Sprintf("it is not a regular file (%v)", se.Mode)}
	case err != nil:
		return nil, false, err
	}
	defer f.Close()
	b, err = io.ReadAll(io.LimitReader(f, maxJournal+1))
	if err != nil {
		return nil, false, err
	}
	if len(b) > maxJournal {
		return nil, false, &JournalError{jpath, fmt.Sprintf("it is larger than %d bytes", maxJournal)}
	}
	return b, true, nil
}

// OpenFile opens name in the directory dir as os.OpenFile does with flag
// and mode 0644, but without following a link in dir's last component or in
// name, without waiting on a FIFO, and only when name is (or is created as)
// a regular file: otherwise a *LinkError or a *SpecialError. Locks and the
// files a command writes are opened so.
func OpenFile(dir, name string, flag int) (*os.File, error) {
	d, err := openRoot(dir, false)
	if err != nil {
		return nil, err
	}
	defer d.close()
	return openRegular(d.fd, name, filepath.Join(dir, name), flag)
}

// sysPoint calls Hook with step "sys" just before each rename, link and
// unlink of a commit or a directory swap: a test process dies there to
// prove that a kill between any two of these system calls is recovered.
// Its error is not used.
func sysPoint(op, path string) {
	if Hook != nil {
		Hook("sys", op+" "+path)
	}
}
