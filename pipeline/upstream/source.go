package upstream

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/pktline"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// DefaultURL is the public repository behind pariscall.international.
const DefaultURL = vocab.UpstreamURL

// Source is where the history is read from: a local repository, read in
// place, or a remote one, cloned into a cache.
type Source struct {
	Spec string // as given
	URL  string // set for remote sources
	Path string // set for local sources (absolute)
}

func (s Source) String() string {
	if s.URL != "" {
		return s.URL
	}
	return s.Path
}

var (
	schemeRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)
	scpRE    = regexp.MustCompile(`^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/]`)
)

// ParseSource accepts a local path or an https, http or file URL. It refuses
// what could make a git client run a program: remote helpers ("ext::…"),
// options disguised as repositories ("--upload-pack=…"), and control
// characters. It also refuses ssh, git and scp-like user@host:path
// locations: go-git dials git:// with no timeout and bounds only the connect
// of ssh, and neither lets a caller cap the list of references or stop a
// server that goes silent, so a read from them could hang or fill memory.
func ParseSource(spec string) (Source, error) {
	s := Source{Spec: spec}
	switch {
	case strings.TrimSpace(spec) == "":
		return s, errors.New("upstream: empty repository location")
	case strings.HasPrefix(spec, "-"):
		return s, fmt.Errorf("upstream %q: looks like a command-line option, not a repository", spec)
	case strings.ContainsFunc(spec, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return s, fmt.Errorf("upstream %q: contains control characters", spec)
	}
	if m := schemeRE.FindStringSubmatch(spec); m != nil {
		switch strings.ToLower(m[1]) {
		case "ssh", "git":
			return s, unbounded(spec)
		case "https", "http":
			u, err := url.Parse(spec)
			if err != nil || u.Host == "" {
				return s, fmt.Errorf("upstream %q: not a valid URL", spec)
			}
			if strings.HasPrefix(u.Host, "-") {
				return s, fmt.Errorf("upstream %q: host looks like a command-line option", spec)
			}
			s.URL = spec
			return s, nil
		case "file":
			u, err := url.Parse(spec)
			if err != nil {
				return s, fmt.Errorf("upstream %q: not a valid URL", spec)
			}
			return localSource(s, u.Path)
		default:
			return s, fmt.Errorf("upstream %q: transport %q is not allowed (use https, http, file or a local path)", spec, m[1])
		}
	}
	if strings.Contains(spec, "::") {
		return s, fmt.Errorf("upstream %q: remote-helper transports (\"name::address\") are not allowed", spec)
	}
	if scpRE.MatchString(spec) {
		return s, unbounded(spec)
	}
	return localSource(s, spec)
}

// unbounded is the refusal of a transport whose reads cannot be bounded.
func unbounded(spec string) error {
	return fmt.Errorf("upstream %q: ssh, git and user@host:path reads cannot be bounded in time or size; use the repository's https URL, or clone it with git yourself and pass the local path", spec)
}

func localSource(s Source, p string) (Source, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return s, fmt.Errorf("upstream %s: %w", p, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return s, fmt.Errorf("upstream %s: no such repository", p)
	}
	if !fi.IsDir() {
		return s, fmt.Errorf("upstream %s: not a directory, so not a git repository", p)
	}
	s.Path = abs
	return s, nil
}

// Repo is an opened repository; Close releases its file descriptors.
type Repo struct {
	*git.Repository
	Path    string // the git directory
	storage *filesystem.Storage
}

// Close releases the repository's files.
func (r *Repo) Close() error { return r.storage.Close() }

// OpenPath opens the repository at path (bare, or a work tree's .git) for
// reading. It keeps the pack files open for the whole read, which halves the
// time to walk a history compared with reopening them for every object.
func OpenPath(path string) (*Repo, error) {
	gitDir := path
	if fi, err := os.Stat(filepath.Join(path, ".git")); err == nil && fi.IsDir() {
		gitDir = filepath.Join(path, ".git")
	}
	st := filesystem.NewStorageWithOptions(osfs.New(gitDir), cache.NewObjectLRU(32*cache.MiByte),
		filesystem.Options{ExclusiveAccess: true, KeepDescriptors: true, LargeObjectThreshold: largeObject})
	repo, err := git.Open(boundedStorage{st}, nil)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("upstream %s: not a git repository (%v)", path, err)
	}
	return &Repo{Repository: repo, Path: gitDir, storage: st}, nil
}

// Open returns the repository to read. A local source is opened in place and
// only read. A remote one is cloned into cacheDir on first use and fetched
// afterwards; a clone is built in a temporary directory and renamed into place
// when complete, so an interrupted run never leaves a half-cloned cache, and a
// cache that no longer opens is cloned again.
func Open(ctx context.Context, src Source, cacheDir string, progress io.Writer) (*Repo, error) {
	if src.Path != "" {
		repo, err := OpenPath(src.Path)
		if err != nil {
			return nil, err
		}
		// A local repository's packs are checked as a received one is:
		// go-git would inflate an object past its header's size.
		if err := checkPacks(ctx, repo.Path); err != nil {
			repo.Close()
			return nil, fmt.Errorf("upstream %s: %w", src.Path, err)
		}
		return repo, nil
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return nil, fmt.Errorf("upstream cache %s: %w", cacheDir, err)
	}
	if err := removeStale(cacheDir); err != nil {
		return nil, err
	}
	dest := filepath.Join(cacheDir, CacheName(src.URL))
	if _, err := os.Stat(dest); err == nil {
		st := filesystem.NewStorage(osfs.New(dest), cache.NewObjectLRUDefault())
		repo, err := git.Open(boundedStorage{st}, nil)
		if err == nil {
			err = fetch(ctx, repo, progress)
			st.Close()
			if err == nil {
				return OpenPath(dest)
			}
			if ctx.Err() != nil || isNetwork(err) {
				return nil, fmt.Errorf("upstream %s: fetch failed: %w", src.URL, explain(err))
			}
		}
		// The cache is damaged (an interrupted fetch, a disk error): rebuild it.
		if err := os.RemoveAll(dest); err != nil {
			return nil, fmt.Errorf("upstream cache %s: %w", dest, err)
		}
	}
	tmp, err := newClone(cacheDir)
	if err != nil {
		return nil, fmt.Errorf("upstream cache %s: %w", cacheDir, err)
	}
	// Cloned through the bounded storage, whose pack writer checks each
	// object's size as the pack arrives.
	st := filesystem.NewStorage(osfs.New(tmp), cache.NewObjectLRUDefault())
	_, err = git.CloneContext(ctx, boundedStorage{st}, nil, &git.CloneOptions{
		URL: src.URL, Tags: git.NoTags, SingleBranch: true, Progress: progress,
	})
	st.Close()
	if err != nil {
		return nil, removeClone(tmp, fmt.Errorf("upstream %s: clone failed: %w", src.URL, explain(err)))
	}
	if err := os.Rename(tmp, dest); err != nil {
		return nil, removeClone(tmp, fmt.Errorf("upstream cache %s: %w", dest, err))
	}
	os.Remove(tmp + cloneOwner)
	return OpenPath(dest)
}

// CacheName is the cache directory name for a URL: readable, and unique.
func CacheName(u string) string {
	sum := sha256.Sum256([]byte(u))
	base := strings.TrimSuffix(filepath.Base(strings.TrimRight(u, "/")), ".git")
	base = regexp.MustCompile(`[^A-Za-z0-9._-]+`).ReplaceAllString(base, "_")
	if len(base) > 40 {
		base = base[:40]
	}
	return strings.TrimLeft(base, ".") + "-" + hex.EncodeToString(sum[:6]) + ".git"
}

// cloneOwner marks, beside it, a temporary clone this program made: only
// such a clone is ever removed, so a user's own ".clone-…" entry in the cache
// directory is left alone.
const cloneOwner = ".cybernorms-owned"

// newClone makes a temporary directory for a clone, its mark made first so
// that a run killed at any point leaves nothing unmarked.
func newClone(cacheDir string) (string, error) {
	var r [8]byte
	rand.Read(r[:])
	tmp := filepath.Join(cacheDir, ".clone-"+hex.EncodeToString(r[:]))
	if err := os.WriteFile(tmp+cloneOwner, []byte("a temporary clone of cybernorms refresh; removed by the next refresh\n"), 0o644); err != nil {
		return "", err
	}
	if err := os.Mkdir(tmp, 0o755); err != nil {
		os.Remove(tmp + cloneOwner)
		return "", err
	}
	return tmp, nil
}

// removeClone removes a temporary clone and its mark after err, and says so
// if it cannot: the next run would remove it, but the disk may be what failed.
func removeClone(tmp string, err error) error {
	rmErr := os.RemoveAll(tmp)
	if rmErr == nil {
		rmErr = os.Remove(tmp + cloneOwner)
	}
	if rmErr == nil || errors.Is(rmErr, fs.ErrNotExist) {
		return err
	}
	if err == nil {
		return rmErr
	}
	return fmt.Errorf("%w (and the partial clone could not be removed: %v)", err, rmErr)
}

// removeStale deletes the temporary clones that runs killed part-way left;
// the caller holds the cache's lock, so none is in use. It lists the
// directory rather than globbing, which a cache path holding glob characters
// would defeat.
func removeStale(cacheDir string) error {
	entries, err := os.ReadDir(cacheDir)
	if err != nil {
		return fmt.Errorf("upstream cache %s: %w", cacheDir, err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), cloneOwner)
		if !ok || !strings.HasPrefix(name, ".clone-") || !e.Type().IsRegular() {
			continue
		}
		if err := removeClone(filepath.Join(cacheDir, name), nil); err != nil {
			return fmt.Errorf("upstream cache %s: removing an interrupted clone: %w", cacheDir, err)
		}
	}
	return nil
}

// fetch brings the cached clone's default branch up to date with the remote's,
// following the remote's HEAD should the default branch change.
func fetch(ctx context.Context, repo *git.Repository, progress io.Writer) error {
	remote, err := repo.Remote("origin")
	if err != nil {
		return err
	}
	refs, err := remote.ListContext(ctx, &git.ListOptions{})
	if err != nil {
		return err
	}
	branch := plumbing.ReferenceName("")
	for _, r := range refs {
		if r.Name() == plumbing.HEAD && r.Type() == plumbing.SymbolicReference {
			branch = r.Target()
		}
	}
	if branch == "" {
		head, err := repo.Head()
		if err != nil {
			return err
		}
		branch = head.Name()
	}
	spec := config.RefSpec("+" + branch.String() + ":" + branch.String())
	err = repo.FetchContext(ctx, &git.FetchOptions{RemoteName: "origin", RefSpecs: []config.RefSpec{spec}, Tags: git.NoTags, Force: true, Progress: progress})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return err
	}
	return repo.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, branch))
}

// explain rewords the transport errors whose own text says little.
func explain(err error) error {
	switch {
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return fmt.Errorf("no git repository at this address (%w)", transport.ErrRepositoryNotFound)
	case errors.Is(err, pktline.ErrInvalidPktLen):
		return fmt.Errorf("the server does not answer as a git repository (%w)", pktline.ErrInvalidPktLen)
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return fmt.Errorf("the repository is empty (%w)", err)
	}
	return err
}

func isNetwork(err error) bool {
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) {
		return true
	}
	msg := err.Error()
	if errors.Is(err, ErrObjectTooLarge) || errors.Is(err, ErrBadPack) {
		return true // the pack the server sent, not the cache, is at fault
	}
	if errors.Is(err, transport.ErrRepositoryNotFound) || errors.Is(err, pktline.ErrInvalidPktLen) || errors.Is(err, transport.ErrAuthenticationRequired) {
		return true // the remote, not the cache, is at fault
	}
	for _, s := range []string{"dial", "no such host", "connection refused", "network is unreachable", "authentication", "repository not found", "i/o timeout"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// checkPacks runs CheckPack over every pack of the git directory.
func checkPacks(ctx context.Context, gitDir string) error {
	packs, err := filepath.Glob(filepath.Join(gitDir, "objects", "pack", "*.pack"))
	if err != nil {
		return err
	}
	for _, p := range packs {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = CheckPack(bufio.NewReaderSize(f, 64<<10))
		f.Close()
		if err != nil {
			return fmt.Errorf("pack %s: %w", filepath.Base(p), err)
		}
	}
	return nil
}
