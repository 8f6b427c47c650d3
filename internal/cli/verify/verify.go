// Package verify rebuilds every published file from the committed inputs
// and compares it with the committed file and its checksum: the datasets,
// optionally the snapshot against a fresh read of the upstream, and the
// report (its own manifest, or a directory reproduce wrote).
//
// Everything it reads from the datasets or a report it reads by the rules
// of every reader (package confined): below the directory, through no
// link, regular files only, of a size known and bounded before reading.
package verify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/confined"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/internal/report"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/refresh"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
	"github.com/cybernorms/cybernorms/support/textsafe"
)

// Options say what to verify.
type Options struct {
	Data string // the datasets directory
	// Upstream, when set, is read again and the snapshot compared with
	// what it gives.
	Upstream *upstream.Source
	// Deadline bounds the read of Upstream (zero for none).
	Deadline time.Duration
	// Report, when set, is a directory reproduce wrote, compared file by
	// file with a fresh report; when empty the fresh report is checked
	// against its own manifest.
	Report string
	// Marker is the file reproduce leaves in Report to mark it as its own:
	// the one name allowed there besides the report's, as a regular file.
	Marker string
	AsOf   string // the --as-of the report was written with
	Lang   labels.Lang
}

// Check is one file and whether it was reproduced ("" when it was).
type Check struct {
	Name, Problem string
}

// Result is every check made.
type Result struct {
	Checks []Check
	// ReportChecked is false when the datasets differ: the report is made
	// from them, so it is not checked.
	ReportChecked bool
}

// Failed is the number of checks that found a difference.
func (r *Result) Failed() int {
	n := 0
	for _, c := range r.Checks {
		if c.Problem != "" {
			n++
		}
	}
	return n
}

// OptionError is an option that cannot be used (an unknown --as-of date).
type OptionError struct {
	Option string
	Err    error
}

func (e *OptionError) Error() string { return e.Option + ": " + e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

// Run makes every check opts asks for.
func Run(ctx context.Context, opts Options) (*Result, error) {
	res := &Result{}
	var overlay map[string][]byte
	if opts.Upstream != nil {
		snap, cs, err := Upstream(ctx, opts.Data, *opts.Upstream, opts.Deadline)
		if err != nil {
			return nil, err
		}
		overlay, res.Checks = snap, cs
	}
	cs, err := Datasets(opts.Data, overlay)
	if err != nil {
		return nil, err
	}
	res.Checks = append(res.Checks, cs...)
	if res.Failed() > 0 {
		return res, nil
	}
	res.ReportChecked = true
	cs, err = Report(opts.Data, opts.Report, opts.Marker, opts.AsOf, opts.Lang)
	if err != nil {
		return nil, err
	}
	res.Checks = append(res.Checks, cs...)
	return res, nil
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// problem says in one line why a file was not read.
func problem(err error) string {
	var ce *confined.Error
	if errors.As(err, &ce) {
		err = ce.Err
	}
	msg := textsafe.Escape(strings.Join(strings.Fields(err.Error()), " "))
	if errors.Is(err, os.ErrNotExist) {
		return "missing: " + msg
	}
	return "not read: " + msg
}

// Datasets rebuilds the datasets of dir in memory (with overlay's files,
// by slash-separated path, in place of the disk's) and compares every file
// build writes with the committed one, and every file datapackage.json
// describes with its recorded size and sha256.
func Datasets(dir string, overlay map[string][]byte) ([]Check, error) {
	root := datasets.Root(dir)
	in, err := build.LoadInputsWith(dir, overlay)
	if err != nil {
		return nil, err
	}
	out, err := build.Derive(in)
	if err != nil {
		return nil, err
	}
	files, err := build.Encode(in, out)
	if err != nil {
		return nil, err
	}
	results := map[string]string{}
	for rel, want := range files {
		got, err := root.ReadFile(rel)
		switch {
		case err != nil:
			results[rel] = problem(err)
		case !bytes.Equal(got, want):
			results[rel] = fmt.Sprintf("the committed file (sha256 %.16s…) is not what build makes from the inputs (%.16s…)", sum(got), sum(want))
		default:
			results[rel] = ""
		}
	}
	// The committed descriptor's checksums cover the inputs published as
	// they are, which build copies rather than makes.
	desc, err := root.ReadFile(build.DescriptorFile)
	if err != nil {
		return nil, err
	}
	var pkg schema.Package
	if err := json.Unmarshal(desc, &pkg); err != nil {
		return nil, fmt.Errorf("%s: %w", root.Path(build.DescriptorFile), err)
	}
	for _, r := range pkg.Resources {
		fs := append([]schema.File{{Path: r.Path, Bytes: r.Bytes, Hash: r.Hash}}, r.Alternates...)
		for _, f := range fs {
			// A path outside the directory, or through a link, is not
			// read: the descriptor is data, and may be hostile.
			got, err := datasets.ReadResource(dir, f.Path)
			p := ""
			switch {
			case err != nil:
				p = problem(err)
			case "sha256:"+sum(got) != f.Hash:
				p = fmt.Sprintf("sha256 %.16s…, datapackage.json records %.16s…", sum(got), strings.TrimPrefix(f.Hash, "sha256:"))
			case len(got) != f.Bytes:
				p = fmt.Sprintf("%d bytes, datapackage.json records %d", len(got), f.Bytes)
			}
			if results[f.Path] == "" {
				results[f.Path] = p
			}
		}
	}
	for rel, b := range overlay {
		if _, ok := results[rel]; !ok {
			got, err := root.ReadFile(rel)
			if err != nil || !bytes.Equal(got, b) {
				results[rel] = "differs from a fresh read of the upstream"
			} else {
				results[rel] = ""
			}
		}
	}
	names := make([]string, 0, len(results))
	for n := range results {
		names = append(names, n)
	}
	sort.Strings(names)
	var checks []Check
	for _, n := range names {
		checks = append(checks, Check{Name: filepath.ToSlash(filepath.Join(filepath.Base(dir), n)), Problem: results[n]})
	}
	return checks, nil
}

// Upstream reads the history from src and returns the snapshot files it
// makes, for the datasets to be rebuilt from, and the check of the commit
// the committed snapshot records.
func Upstream(ctx context.Context, dir string, src upstream.Source, deadline time.Duration) (map[string][]byte, []Check, error) {
	if deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, deadline, fmt.Errorf("%w (%s)", refresh.ErrDeadline, deadline))
		defer cancel()
	}
	cache, err := os.MkdirTemp("", "cybernorms-verify-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(cache)
	repo, err := upstream.Open(ctx, src, cache, nil)
	if err != nil {
		if context.Cause(ctx) != nil && ctx.Err() != nil {
			return nil, nil, fmt.Errorf("upstream %s: %w", src, context.Cause(ctx))
		}
		return nil, nil, err
	}
	defer repo.Close()
	_, files, err := refresh.Snapshot(ctx, repo)
	if err != nil {
		return nil, nil, fmt.Errorf("upstream %s: %w", src, err)
	}
	// A read of an upstream that moved on is not a reproduction: say so by
	// the commit, which the snapshot's own bytes would only show as a diff.
	var checks []Check
	if b, err := datasets.ReadResource(dir, build.UpstreamFile); err == nil {
		p := filepath.Join(dir, filepath.FromSlash(build.UpstreamFile))
		rec, err := build.DecodeUpstream(b, p)
		if err != nil {
			return nil, nil, err
		}
		head, err := repo.Repository.Head()
		if err != nil {
			return nil, nil, fmt.Errorf("upstream %s: %w", src, err)
		}
		pr := ""
		if head.Hash().String() != rec.Commit {
			pr = fmt.Sprintf("the snapshot was read at commit %.12s, the upstream's head is %.12s", rec.Commit, head.Hash().String())
		}
		checks = append(checks, Check{Name: filepath.ToSlash(filepath.Join(filepath.Base(dir), build.UpstreamFile)), Problem: pr})
	}
	return files, checks, nil
}

var manifestRow = regexp.MustCompile(`<tr><td><a href="([^"]+)">[^<]*</a></td><td><code>([0-9a-f]{16})</code></td></tr>`)

// reportMax bounds a report file read back: the largest, the interactive
// map's page, is a few megabytes.
const reportMax = 64 << 20

// Report builds the report of data in memory and checks its manifest (the
// sha256 of every file it lists) or, given dir, a directory reproduce wrote:
// each of its files against the fresh one, and every other entry of dir
// (a file, a link, anything) but marker named as not in the report's
// manifest.
func Report(data, dir, marker, asOf string, l labels.Lang) ([]Check, error) {
	set, err := datasets.Open(data)
	if err != nil {
		return nil, err
	}
	day, err := set.Date(asOf)
	if err != nil {
		return nil, &OptionError{Option: "--as-of", Err: err}
	}
	desc, err := datasets.ReadResource(data, build.DescriptorFile)
	if err != nil {
		return nil, err
	}
	files, err := report.Build(report.Inputs{Set: set, Descriptor: desc}, report.Options{AsOf: day, Lang: l})
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var checks []Check
	if dir == "" {
		// Without a report to compare, each file is checked against the
		// manifest index.html gives for it.
		listed := map[string]string{}
		for _, m := range manifestRow.FindAllStringSubmatch(string(files["index.html"]), -1) {
			listed[html.UnescapeString(m[1])] = m[2]
		}
		for _, n := range names {
			if n == "index.html" {
				continue
			}
			p := ""
			if h, ok := listed[n]; !ok {
				p = "not listed in the report's manifest"
			} else if h != sum(files[n])[:16] {
				p = fmt.Sprintf("sha256 %.16s…, the report's manifest lists %s…", sum(files[n]), h)
			}
			checks = append(checks, Check{Name: "report/" + n, Problem: p})
		}
		return checks, nil
	}
	root := confined.Root{Dir: dir, Max: reportMax, Plural: "report files", One: "a report file"}
	fi, err := os.Lstat(dir)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("report %s: not a directory (%s)", dir, fi.Mode().Type())
	}
	name := func(rel string) string { return filepath.ToSlash(filepath.Join(filepath.Base(dir), rel)) }
	for _, n := range names {
		got, err := root.ReadFile(n)
		p := ""
		switch {
		case err != nil:
			p = problem(err)
		case !bytes.Equal(got, files[n]):
			p = fmt.Sprintf("sha256 %.16s…, a fresh report gives %.16s…", sum(got), sum(files[n]))
		}
		checks = append(checks, Check{Name: name(n), Problem: p})
	}
	entries, err := root.List()
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", dir, err)
	}
	for _, e := range entries {
		if _, ok := files[e.Rel]; ok {
			continue // checked above, and refused there if not a regular file
		}
		if e.Rel == marker && marker != "" && e.Mode.IsRegular() {
			continue
		}
		checks = append(checks, Check{Name: name(e.Rel), Problem: "not in the report's manifest (" + e.Kind() + "): not written by reproduce"})
	}
	sort.SliceStable(checks, func(i, j int) bool { return checks[i].Name < checks[j].Name })
	return checks, nil
}
