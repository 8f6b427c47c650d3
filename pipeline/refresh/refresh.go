// Package refresh reads the upstream supporter history and writes the raw
// snapshot that build consumes (datasets/snapshot/supporter_changes.csv and
// the upstream's own country list, both as published), rebuilds the datasets
// from it and records the release in datasets/CHANGELOG.md.
//
// It is the only stage that touches the network. It reports what changed
// since the committed snapshot and what in the upstream it does not know, and
// writes nothing unless the whole history was read, and nothing at all when
// nothing changed.
package refresh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
	"github.com/cybernorms/cybernorms/pipeline/validate"
	"github.com/cybernorms/cybernorms/support/atomicfs"
)

// CountryCodesPath is the upstream's country list.
const CountryCodesPath = "_data/country-codes.csv"

// maxCountryCodes bounds the size of the upstream's country list.
const maxCountryCodes = 1 << 20

// Options configure Run.
type Options struct {
	Dir      string // the datasets directory
	Source   upstream.Source
	CacheDir string
	Progress io.Writer // clone/fetch progress; nil for none
	// Strict makes any drift, or a snapshot the datasets cannot be rebuilt
	// from, an error, with nothing written.
	Strict bool
	// DryRun computes everything and writes nothing.
	DryRun bool
	// Date is the release date written in the changelog.
	Date civil.Date
	// Deadline bounds the whole read of the upstream (connecting, fetching
	// and reading the history), however steadily a server trickles bytes
	// inside the network's idle timeout; zero for none.
	Deadline time.Duration
	// Lock, when set, takes the datasets directory once the upstream has
	// been read and staged, and returns its release: readers are kept out
	// only while the staged state is compared, validated and committed,
	// never while the network is read.
	Lock func(ctx context.Context) (release func(), err error)
}

// History sums up the history read.
type History struct {
	Changes, Commits int        // changes to supporter files; commits read
	Unreadable       int        // versions that could not be read, kept with their problem
	First, Last      civil.Date // the days of the first and the last change, in their commits' zones
}

// Result says what Run read, found and wrote.
type Result struct {
	History History
	Report  Report // what changed since the committed snapshot
	Drift   []Finding
	// Release is the release made (or, with DryRun, that would be made);
	// nil when nothing changed.
	Release *Release
	// Written lists the files written (with DryRun, that would be).
	Written []string
}

// DriftError is returned by a strict run that found drift.
type DriftError struct{ Findings []Finding }

func (e *DriftError) Error() string {
	return fmt.Sprintf("upstream drift, nothing written (%d finding(s)); first: %s", len(e.Findings), e.Findings[0])
}

// Committed reads the snapshot committed in dir; none is an empty history.
func Committed(dir string) ([]snapshot.Change, error) {
	p := build.File(dir, schema.SupporterChanges)
	b, err := datasets.ReadResource(dir, schema.SupporterChanges.CSV())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return snapshot.Read(bytes.NewReader(b), p)
}

// Snapshot reads the history and returns the files to write, by path relative
// to the datasets directory.
func Snapshot(ctx context.Context, repo *upstream.Repo) ([]snapshot.Change, map[string][]byte, error) {
	changes, _, files, err := sanitizedSnapshot(ctx, repo)
	return changes, files, err
}

func sanitizedSnapshot(ctx context.Context, repo *upstream.Repo) ([]snapshot.Change, []wedge, map[string][]byte, error) {
	changes, err := upstream.History(ctx, repo.Path)
	if err != nil {
		return nil, nil, nil, err
	}
	changes, wedges := Sanitize(changes)
	csvb, err := snapshot.Encode(changes)
	if err != nil {
		return nil, nil, nil, err
	}
	// A snapshot that does not read back would fail every later refresh.
	if _, err := snapshot.Read(bytes.NewReader(csvb), schema.SupporterChanges.Path+".csv"); err != nil {
		return nil, nil, nil, fmt.Errorf("the snapshot made from it does not read back, nothing written: %w", err)
	}
	codes, err := countryCodes(repo.Repository)
	if err != nil {
		return nil, nil, nil, err
	}
	return changes, wedges, map[string][]byte{
		schema.SupporterChanges.CSV():     csvb,
		schema.UpstreamCountryCodes.CSV(): codes,
	}, nil
}

// countryCodes returns the upstream's country list at HEAD, checked against
// its expected shape so that a changed format fails here, not in build.
func countryCodes(repo *git.Repository) ([]byte, error) {
	head, err := repo.Head()
	if err != nil {
		return nil, err
	}
	c, err := repo.CommitObject(head.Hash())
	if err != nil {
		return nil, err
	}
	f, err := c.File(CountryCodesPath)
	if err == object.ErrFileNotFound {
		return nil, fmt.Errorf("upstream %s: not found at HEAD", CountryCodesPath)
	}
	if err != nil {
		return nil, fmt.Errorf("upstream %s: %w", CountryCodesPath, err)
	}
	if !f.Mode.IsFile() || f.Size > maxCountryCodes {
		return nil, fmt.Errorf("upstream %s: not a regular file under %d bytes", CountryCodesPath, maxCountryCodes)
	}
	r, err := f.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxCountryCodes+1))
	if err != nil {
		return nil, err
	}
	if _, err := schema.ReadCSV(bytes.NewReader(b), "upstream "+CountryCodesPath, schema.UpstreamCountryCodes); err != nil {
		return nil, err
	}
	return b, nil
}

// Run refreshes the snapshot in opts.Dir, rebuilds the datasets from it and,
// when anything changed, records a release in the changelog: snapshot,
// datasets and changelog are written as one transaction.
//
// The upstream is read and the new snapshot staged first, with nothing of
// opts.Dir held; opts.Lock is taken only then, to compare, validate and
// commit.
func Run(ctx context.Context, opts Options) (*Result, error) {
	repo, changes, wedges, files, err := stage(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	if opts.Lock != nil {
		release, err := opts.Lock(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	if !opts.DryRun {
		// Compare with the committed files, not a killed run's half.
		if err := atomicfs.Recover(opts.Dir); err != nil {
			return nil, err
		}
	}
	if err := recordUpstream(opts.Dir, repo, opts, files); err != nil {
		return nil, err
	}
	old, err := Committed(opts.Dir)
	if err != nil {
		return nil, err
	}
	know, err := LoadKnowledge(opts.Dir, files[schema.UpstreamCountryCodes.CSV()])
	if err != nil {
		return nil, err
	}
	res := &Result{History: summarize(changes), Report: Diff(old, changes)}
	res.Drift = append(Drift(changes, old, know), res.Report.Vanished...)
	known := map[string]bool{}
	for _, c := range old {
		known[key(c)] = true
	}
	for _, w := range wedges {
		if !known[key(changes[w.change])] {
			res.Drift = append(res.Drift, w.Finding)
		}
	}
	if opts.Strict && len(res.Drift) > 0 {
		return res, &DriftError{Findings: res.Drift}
	}

	// Build from the new snapshot in memory, with the current version, to
	// see whether anything would change at all.
	in, out, built, buildErr := rebuild(opts.Dir, files)
	tx := atomicfs.New(opts.Dir)
	tx.StopOn(ctx)
	for _, m := range []map[string][]byte{files, built} {
		for rel, b := range m {
			tx.Add(filepath.FromSlash(rel), b)
		}
	}
	changed := tx.Changed()
	snapshotChanged := slices.ContainsFunc(changed, func(rel string) bool { _, ok := files[filepath.ToSlash(rel)]; return ok })
	if len(changed) == 0 && buildErr == nil {
		return res, nil
	}
	if buildErr != nil {
		// A snapshot the datasets cannot be made from is one every reader
		// would refuse: it is not written, and the next refresh reads the
		// upstream again once the curated inputs say what it lacks.
		return res, &StagedError{Err: buildErr, Review: upstreamFiles(buildErr.Error(), changes)}
	}
	rel, err := newRelease(opts, res.Report, res.Drift, snapshotChanged, built)
	if err != nil {
		return nil, err
	}
	res.Release = rel
	if buildErr == nil && rel != nil {
		// Encode again with the version being released.
		out.Version = rel.Version
		if built, err = build.Encode(in, out); err != nil {
			return nil, err
		}
		for p, b := range built {
			tx.Add(filepath.FromSlash(p), b)
		}
	}
	if rel != nil {
		tx.Add(build.ChangelogFile, rel.Changelog)
	}
	staged := map[string][]byte{}
	for _, m := range []map[string][]byte{files, built} {
		for rel, b := range m {
			staged[rel] = b
		}
	}
	if err := validate.CheckStaged(opts.Dir, staged); err != nil {
		return res, &StagedError{Err: err, Review: upstreamFiles(err.Error(), changes)}
	}
	if opts.DryRun {
		res.Written = tx.Changed()
		return res, nil
	}
	done, err := tx.Commit()
	if err != nil {
		return nil, err
	}
	res.Written = done.Written
	return res, nil
}

// StagedError is a new state that would not pass what every reader checks:
// nothing was written. Review lists the upstream files its reasons name.
type StagedError struct {
	Err    error
	Review []string
}

func (e *StagedError) Error() string {
	msg := "the datasets cannot be made from the new upstream, nothing written: " + e.Err.Error()
	if len(e.Review) > 0 {
		msg += "; review upstream " + strings.Join(e.Review, ", ") + " (link a duplicate in curated/duplicate_review.csv, or add what the curated inputs lack) and refresh again"
	}
	return msg
}

func (e *StagedError) Unwrap() error { return e.Err }

// upstreamFiles lists the upstream supporter files msg names: by their
// path, or by the supporter id build gives them (the slug of the file's name).
func upstreamFiles(msg string, changes []snapshot.Change) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range changes {
		if c.Path == "" || seen[c.Path] {
			continue
		}
		named := strings.Contains(msg, c.Path)
		if slug, _, _ := snapshot.FileName(c.Path); !named && slug != "" {
			id := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(slug), "-"), "-")
			named = id != "" && regexp.MustCompile(`(^|[^a-z0-9-])`+regexp.QuoteMeta(id)+`([^a-z0-9-]|$)`).MatchString(msg)
		}
		if named {
			seen[c.Path] = true
			out = append(out, c.Path)
		}
	}
	sort.Strings(out)
	return out
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// ErrDeadline is returned when the upstream was not read within
// Options.Deadline.
var ErrDeadline = errors.New("the upstream was not read within the refresh's deadline")

// stage opens the upstream (cloning or fetching a remote one) and makes the
// snapshot files from its history, within opts.Deadline.
func stage(ctx context.Context, opts Options) (*upstream.Repo, []snapshot.Change, []wedge, map[string][]byte, error) {
	rctx := ctx
	if opts.Deadline > 0 {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeoutCause(ctx, opts.Deadline, fmt.Errorf("%w (%s)", ErrDeadline, opts.Deadline))
		defer cancel()
	}
	fail := func(err error) error {
		if ctx.Err() == nil && rctx.Err() != nil {
			return fmt.Errorf("upstream %s: %w", opts.Source, context.Cause(rctx))
		}
		return err
	}
	repo, err := upstream.Open(rctx, opts.Source, opts.CacheDir, opts.Progress)
	if err != nil {
		return nil, nil, nil, nil, fail(err)
	}
	changes, wedges, files, err := sanitizedSnapshot(rctx, repo)
	if err == nil {
		err = rctx.Err()
	}
	if err != nil {
		repo.Close()
		return nil, nil, nil, nil, fail(fmt.Errorf("upstream %s: %w", opts.Source, err))
	}
	return repo, changes, wedges, files, nil
}

func summarize(changes []snapshot.Change) History {
	h := History{Changes: len(changes)}
	if len(changes) == 0 {
		return h
	}
	h.First, h.Last = civil.Of(changes[0].Date), civil.Of(changes[len(changes)-1].Date)
	h.Commits = changes[len(changes)-1].Seq + 1
	for _, c := range changes {
		if c.Problem != "" {
			h.Unreadable++
		}
	}
	return h
}

// rebuild derives and encodes the datasets from dir with files overlaid.
func rebuild(dir string, files map[string][]byte) (*build.Inputs, *build.Output, map[string][]byte, error) {
	in, err := build.LoadInputsWith(dir, files)
	if err != nil {
		return nil, nil, nil, err
	}
	out, err := build.Derive(in)
	if err != nil {
		return nil, nil, nil, err
	}
	built, err := build.Encode(in, out)
	if err != nil {
		return nil, nil, nil, err
	}
	return in, out, built, nil
}
