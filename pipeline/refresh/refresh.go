// Package refresh reads the upstream supporter history and writes the raw
// snapshot that build consumes: datasets/snapshot/supporter_changes.csv and
// the upstream's own country list, both as published.
//
// It is the only stage that touches the network, and it writes nothing unless
// the whole history was read and encoded.
package refresh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/cybernorms/cybernorms/internal/atomicfs"
	"github.com/cybernorms/cybernorms/pipeline/schema"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
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
	// Strict makes any drift an error, with nothing written.
	Strict bool
}

// Result says what Run read and wrote.
type Result struct {
	Changes []snapshot.Change
	Drift   []Finding
	Written []string
}

// DriftError is returned by a strict run that found drift.
type DriftError struct{ Findings []Finding }

func (e *DriftError) Error() string {
	return fmt.Sprintf("upstream drift, nothing written (%d finding(s)); first: %s", len(e.Findings), e.Findings[0])
}

// Committed reads the snapshot committed in dir; none is an empty history.
func Committed(dir string) ([]snapshot.Change, error) {
	p := filepath.Join(dir, schema.SupporterChanges.Path+".csv")
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return snapshot.Read(bytes.NewReader(b), p)
}

// Snapshot reads the history and returns the files to write, by path relative
// to the datasets directory.
func Snapshot(ctx context.Context, repo *upstream.Repo) ([]snapshot.Change, map[string][]byte, error) {
	changes, err := upstream.History(ctx, repo.Path)
	if err != nil {
		return nil, nil, err
	}
	csvb, err := snapshot.Encode(changes)
	if err != nil {
		return nil, nil, err
	}
	codes, err := countryCodes(repo.Repository)
	if err != nil {
		return nil, nil, err
	}
	return changes, map[string][]byte{
		schema.SupporterChanges.Path + ".csv":     csvb,
		schema.UpstreamCountryCodes.Path + ".csv": codes,
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

// Run refreshes the snapshot in opts.Dir.
func Run(ctx context.Context, opts Options) (*Result, error) {
	repo, err := upstream.Open(ctx, opts.Source, opts.CacheDir, opts.Progress)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	changes, files, err := Snapshot(ctx, repo)
	if err != nil {
		return nil, fmt.Errorf("upstream %s: %w", opts.Source, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	old, err := Committed(opts.Dir)
	if err != nil {
		return nil, err
	}
	know, err := LoadKnowledge(opts.Dir, files[schema.UpstreamCountryCodes.Path+".csv"])
	if err != nil {
		return nil, err
	}
	drift := Drift(changes, old, know)
	if opts.Strict && len(drift) > 0 {
		return &Result{Changes: changes, Drift: drift}, &DriftError{Findings: drift}
	}
	tx := atomicfs.New(opts.Dir)
	for rel, b := range files {
		tx.Add(filepath.FromSlash(rel), b)
	}
	res, err := tx.Commit()
	if err != nil {
		return nil, err
	}
	return &Result{Changes: changes, Drift: drift, Written: res.Written}, nil
}
