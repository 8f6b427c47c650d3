package upstream

import (
	"bufio"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// MaxObjectSize bounds every object read from a repository, checked on the
// object's header before it is inflated: the upstream's largest object is a
// tree of some 100 KiB, so anything near this is not the site's history.
const MaxObjectSize = 32 << 20

// largeObject is the size above which go-git reads an object lazily rather
// than into memory; supporter files are far smaller.
const largeObject = 1 << 20

// boundedStorage refuses objects over MaxObjectSize before reading them.
type boundedStorage struct{ *filesystem.Storage }

// ErrObjectTooLarge is returned for an object over MaxObjectSize.
var ErrObjectTooLarge = errors.New("object over the size limit")

func (s boundedStorage) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if n, err := s.Storage.EncodedObjectSize(h); err == nil && n > MaxObjectSize {
		return nil, fmt.Errorf("object %s is %d bytes: %w of %d bytes, not read", h, n, ErrObjectTooLarge, MaxObjectSize)
	}
	// go-git copies a loose object's whole inflated stream, whatever its
	// header declares: one that inflates past it is refused first.
	if err := checkLoose(s.Storage.Filesystem(), h); err != nil {
		return nil, err
	}
	return s.Storage.EncodedObject(t, h)
}

// checkLoose inflates the loose object h, if there is one, discarding it,
// and refuses one that inflates to more than its header declares.
func checkLoose(fs billy.Filesystem, h plumbing.Hash) error {
	hex := h.String()
	f, err := fs.Open(fs.Join("objects", hex[:2], hex[2:]))
	if err != nil {
		return nil // packed, or absent: go-git says which
	}
	defer f.Close()
	zr, err := zlib.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil // go-git reports a damaged object
	}
	defer zr.Close()
	br := bufio.NewReader(io.LimitReader(zr, 64))
	hdr, err := br.ReadString(0)
	if err != nil {
		return nil
	}
	_, sz, _ := strings.Cut(strings.TrimSuffix(hdr, "\x00"), " ")
	declared, err := strconv.ParseInt(sz, 10, 64)
	if err != nil || declared > MaxObjectSize {
		return nil // EncodedObjectSize has judged it
	}
	rest := io.MultiReader(br, zr)
	n, err := io.Copy(io.Discard, io.LimitReader(rest, declared+1))
	if err == nil && n > declared {
		return fmt.Errorf("object %s inflates past the %d bytes its header declares: %w, not read", h, declared, ErrObjectTooLarge)
	}
	return nil
}

// Network bounds what a remote upstream can make a refresh wait for or hold.
type Network struct {
	Connect time.Duration // to establish a connection (TCP and TLS)
	Idle    time.Duration // with no byte received or sent on a connection
	// MaxAdvertisement bounds the list of references the server sends.
	MaxAdvertisement int64
}

// Default network bounds.
const (
	DefaultConnectTimeout   = 30 * time.Second
	DefaultIdleTimeout      = 60 * time.Second
	DefaultMaxAdvertisement = 8 << 20
	// DefaultDeadline bounds a whole read of an upstream: the real one
	// clones in well under a minute.
	DefaultDeadline = 15 * time.Minute
)

// DefaultNetwork is what refresh uses unless told otherwise.
var DefaultNetwork = Network{Connect: DefaultConnectTimeout, Idle: DefaultIdleTimeout, MaxAdvertisement: DefaultMaxAdvertisement}

// Install makes go-git's http and https transports use these bounds; it
// applies to every later clone and fetch of the process.
func (n Network) Install() {
	dialer := &net.Dialer{Timeout: n.Connect, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &idleConn{Conn: c, idle: n.Idle}, nil
		},
		TLSHandshakeTimeout:   n.Connect,
		ResponseHeaderTimeout: n.Idle,
		MaxIdleConns:          4,
		IdleConnTimeout:       n.Idle,
	}
	c := githttp.NewClient(&http.Client{Transport: advertLimit{tr, n.MaxAdvertisement}})
	client.InstallProtocol("http", c)
	client.InstallProtocol("https", c)
}

// idleConn fails a read or write that makes no progress for idle.
type idleConn struct {
	net.Conn
	idle time.Duration
}

func (c *idleConn) Read(b []byte) (int, error) {
	if c.idle > 0 {
		c.Conn.SetReadDeadline(time.Now().Add(c.idle))
	}
	return c.Conn.Read(b)
}

func (c *idleConn) Write(b []byte) (int, error) {
	if c.idle > 0 {
		c.Conn.SetWriteDeadline(time.Now().Add(c.idle))
	}
	return c.Conn.Write(b)
}

// advertLimit cuts the reference advertisement off at max bytes.
type advertLimit struct {
	http.RoundTripper
	max int64
}

func (a advertLimit) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := a.RoundTripper.RoundTrip(r)
	if err == nil && a.max > 0 && strings.HasSuffix(r.URL.Path, "/info/refs") {
		resp.Body = &limitedBody{ReadCloser: resp.Body, left: a.max, max: a.max}
	}
	return resp, err
}

// ErrAdvertisementTooLarge is returned when a server's list of references
// exceeds Network.MaxAdvertisement.
var ErrAdvertisementTooLarge = errors.New("the server's list of references is over the size limit")

type limitedBody struct {
	io.ReadCloser
	left, max int64
}

func (l *limitedBody) Read(b []byte) (int, error) {
	if l.left <= 0 {
		return 0, fmt.Errorf("%w (%d bytes)", ErrAdvertisementTooLarge, l.max)
	}
	if int64(len(b)) > l.left {
		b = b[:l.left]
	}
	n, err := l.ReadCloser.Read(b)
	l.left -= int64(n)
	return n, err
}
