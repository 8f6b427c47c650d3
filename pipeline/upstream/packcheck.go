package upstream

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
)

// MaxPackObjects bounds the number of objects a received pack may hold: the
// upstream's history has some 10,000, so this is not the site's history.
const MaxPackObjects = 2_000_000

// PackfileWriter is the storage's pack writer with every object's size
// checked as the pack streams in: go-git inflates each received object into
// memory to hash it, so a pack of a few megabytes holding a gigabyte of
// zeros would otherwise be inflated whole before the object bound is ever
// consulted.
func (s boundedStorage) PackfileWriter() (io.WriteCloser, error) {
	w, err := s.Storage.PackfileWriter()
	if err != nil {
		return nil, err
	}
	return newPackCheck(w), nil
}

// packCheck passes bytes on to the storage only once the checker, reading
// them in another goroutine, has taken them: the header of an object over
// the bound stops the stream before its compressed body is handed on.
type packCheck struct {
	w    io.WriteCloser
	pw   *io.PipeWriter
	done chan error
	once sync.Once
	err  error
}

func newPackCheck(w io.WriteCloser) *packCheck {
	pr, pw := io.Pipe()
	p := &packCheck{w: w, pw: pw, done: make(chan error, 1)}
	go func() {
		err := CheckPack(bufio.NewReaderSize(pr, 64<<10))
		if err == nil {
			// The pack is whole; whatever follows is the writer's to judge.
			_, err = io.Copy(io.Discard, pr)
		}
		pr.CloseWithError(err)
		p.done <- err
	}()
	return p
}

func (p *packCheck) Write(b []byte) (int, error) {
	if _, err := p.pw.Write(b); err != nil {
		return 0, p.checkErr(err)
	}
	return p.w.Write(b)
}

// checkErr prefers the checker's own reason to the pipe's.
func (p *packCheck) checkErr(err error) error {
	p.pw.Close()
	p.once.Do(func() { p.err = <-p.done })
	if p.err != nil {
		return p.err
	}
	return err
}

func (p *packCheck) Close() error {
	p.pw.Close()
	p.once.Do(func() { p.err = <-p.done })
	werr := p.w.Close()
	if p.err != nil && !errors.Is(p.err, io.ErrUnexpectedEOF) {
		return p.err
	}
	return werr
}

// ErrBadPack is returned for a pack stream that is not a well-formed pack.
var ErrBadPack = errors.New("malformed pack")

// CheckPack reads a pack stream (as git sends it, version 2 or 3) and
// returns an error for any object, or any delta's result, over
// MaxObjectSize, and for an object that inflates to more or less than its
// header declares. It holds no object in memory: each is inflated and
// discarded.
func CheckPack(r *bufio.Reader) error {
	var hdr [12]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return fmt.Errorf("%w: %v", ErrBadPack, err)
	}
	if string(hdr[:4]) != "PACK" {
		return fmt.Errorf("%w: no PACK signature", ErrBadPack)
	}
	if v := binary.BigEndian.Uint32(hdr[4:8]); v != 2 && v != 3 {
		return fmt.Errorf("%w: version %d", ErrBadPack, v)
	}
	count := binary.BigEndian.Uint32(hdr[8:12])
	if count > MaxPackObjects {
		return fmt.Errorf("%w: %d objects, over the limit of %d", ErrBadPack, count, MaxPackObjects)
	}
	var zr io.ReadCloser
	for i := uint32(0); i < count; i++ {
		typ, size, err := objectHeader(r)
		if err != nil {
			return fmt.Errorf("%w: object %d: %v", ErrBadPack, i, err)
		}
		if size > MaxObjectSize {
			return fmt.Errorf("object %d of the pack (%s) is %d bytes: %w of %d bytes, not read", i, typ, size, ErrObjectTooLarge, MaxObjectSize)
		}
		switch typ {
		case plumbing.OFSDeltaObject:
			err = skipVarint(r)
		case plumbing.REFDeltaObject:
			_, err = r.Discard(20)
		case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
		default:
			err = fmt.Errorf("unknown type %d", typ)
		}
		if err != nil {
			return fmt.Errorf("%w: object %d: %v", ErrBadPack, i, err)
		}
		if zr == nil {
			zr, err = zlib.NewReader(r)
		} else {
			err = zr.(zlib.Resetter).Reset(r, nil)
		}
		if err != nil {
			return fmt.Errorf("%w: object %d: %v", ErrBadPack, i, err)
		}
		inflated := &counter{r: io.LimitReader(zr, size+1)}
		body := bufio.NewReader(inflated)
		if typ.IsDelta() {
			// A delta of a few bytes can describe a result of any size:
			// its header says which.
			_, err := readVarint(body)
			var target int64
			if err == nil {
				target, err = readVarint(body)
			}
			if err != nil {
				return fmt.Errorf("%w: object %d: delta header: %v", ErrBadPack, i, err)
			}
			if target > MaxObjectSize {
				return fmt.Errorf("object %d of the pack (a delta) makes an object of %d bytes: %w of %d bytes, not read", i, target, ErrObjectTooLarge, MaxObjectSize)
			}
		}
		if _, err := io.Copy(io.Discard, body); err != nil {
			return fmt.Errorf("%w: object %d: %v", ErrBadPack, i, err)
		}
		if inflated.n != size {
			return fmt.Errorf("%w: object %d inflates to more or fewer bytes than its header's %d", ErrBadPack, i, size)
		}
	}
	if _, err := r.Discard(20); err != nil {
		return fmt.Errorf("%w: no trailing checksum: %v", ErrBadPack, err)
	}
	return nil
}

// counter counts the bytes read through it.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// objectHeader reads an object's type and inflated size.
func objectHeader(r io.ByteReader) (plumbing.ObjectType, int64, error) {
	c, err := r.ReadByte()
	if err != nil {
		return 0, 0, err
	}
	typ := plumbing.ObjectType((c >> 4) & 7)
	size := int64(c & 15)
	for shift := 4; c&0x80 != 0; shift += 7 {
		if shift > 56 {
			return 0, 0, errors.New("size field too long")
		}
		if c, err = r.ReadByte(); err != nil {
			return 0, 0, err
		}
		size |= int64(c&0x7f) << shift
	}
	return typ, size, nil
}

// readVarint reads a delta header's little-endian base-128 size.
func readVarint(r io.ByteReader) (int64, error) {
	var v int64
	for shift := 0; ; shift += 7 {
		if shift > 56 {
			return 0, errors.New("size field too long")
		}
		c, err := r.ReadByte()
		if err != nil {
			return 0, err
		}
		v |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
	}
}

// skipVarint skips an offset delta's base offset.
func skipVarint(r io.ByteReader) error {
	for i := 0; ; i++ {
		if i > 9 {
			return errors.New("offset field too long")
		}
		c, err := r.ReadByte()
		if err != nil {
			return err
		}
		if c&0x80 == 0 {
			return nil
		}
	}
}
