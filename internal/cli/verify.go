package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/report"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/refresh"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

func init() {
	register(&command{
		name: "verify", synopsis: "[--data DIR] [--upstream PATH|URL] [--report DIR [--as-of DATE] [--lang id|en]]",
		summary: "Rebuild every published file from the committed inputs and compare it with the committed file and its checksum.\n" +
			"Checks each dataset file byte for byte against a fresh build and against datapackage.json's sha256; with --upstream, the\n" +
			"snapshot against a fresh read of that repository; the report rebuilt against its own manifest and, with --report, a\n" +
			"report written earlier by reproduce. Prints \"reproduced N of N files\" or the files that differ; exit status 1 if any does.",
		run: runVerify,
	})
}

// check is one published file and whether it was reproduced.
type check struct {
	name, problem string
}

func runVerify(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), "datasets directory")
	up := fs.String("upstream", "", "also read the history from this repository (a local path, or an https, http or file URL) and compare the snapshot")
	reportDir := fs.String("report", "", "a directory written by reproduce, to compare file by file with a fresh report")
	asOf := fs.String("as-of", vocab.ChapterAccessDate, "the --as-of the report was written with")
	lang := fs.String("lang", "id", "the --lang the report was written with")
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	l, err := labels.Parse(*lang)
	if err != nil {
		return usagef("--lang: %v", err)
	}
	var overlay map[string][]byte
	var checks []check
	if *up != "" {
		snap, cs, err := verifyUpstream(ctx, *data, *up)
		if err != nil {
			return err
		}
		overlay, checks = snap, cs
	}
	cs, err := verifyDatasets(*data, overlay)
	if err != nil {
		return err
	}
	checks = append(checks, cs...)
	bad := 0
	for _, ch := range checks {
		if ch.problem != "" {
			bad++
		}
	}
	// The report is made from the datasets: checked only when they are.
	reportChecked := bad == 0
	if reportChecked {
		cs, err = verifyReport(*data, *reportDir, *asOf, l)
		if err != nil {
			return err
		}
		checks = append(checks, cs...)
	}
	bad = 0
	for _, ch := range checks {
		if ch.problem != "" {
			bad++
			fmt.Fprintf(e.stdout, "differs: %s: %s\n", ch.name, ch.problem)
		}
	}
	fmt.Fprintf(e.stdout, "reproduced %d of %d files\n", len(checks)-bad, len(checks))
	if !reportChecked {
		fmt.Fprintln(e.stdout, "the report was not checked: it is made from the datasets, which differ")
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d files not reproduced (listed above)", bad, len(checks))
	}
	return nil
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// verifyDatasets rebuilds the datasets in memory and compares every file
// build writes with the committed one, and every file datapackage.json
// describes with its recorded size and sha256.
func verifyDatasets(dir string, overlay map[string][]byte) ([]check, error) {
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
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		switch {
		case err != nil:
			results[rel] = "missing: " + oneLine(unwrapPath(err))
		case !bytes.Equal(got, want):
			results[rel] = fmt.Sprintf("the committed file (sha256 %.16s…) is not what build makes from the inputs (%.16s…)", sum(got), sum(want))
		default:
			results[rel] = ""
		}
	}
	// The committed descriptor's checksums cover the inputs published as
	// they are, which build copies rather than makes.
	desc, err := os.ReadFile(filepath.Join(dir, build.DescriptorFile))
	if err != nil {
		return nil, err
	}
	var pkg schema.Package
	if err := json.Unmarshal(desc, &pkg); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, build.DescriptorFile), err)
	}
	for _, r := range pkg.Resources {
		fs := append([]schema.File{{Path: r.Path, Bytes: r.Bytes, Hash: r.Hash}}, r.Alternates...)
		for _, f := range fs {
			got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
			problem := ""
			switch {
			case err != nil:
				problem = "missing: " + oneLine(unwrapPath(err))
			case "sha256:"+sum(got) != f.Hash:
				problem = fmt.Sprintf("sha256 %.16s…, datapackage.json records %.16s…", sum(got), trimHash(f.Hash))
			case len(got) != f.Bytes:
				problem = fmt.Sprintf("%d bytes, datapackage.json records %d", len(got), f.Bytes)
			}
			if results[f.Path] == "" {
				results[f.Path] = problem
			}
		}
	}
	if overlay != nil {
		for rel, b := range overlay {
			if _, ok := results[rel]; !ok {
				got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
				if err != nil || !bytes.Equal(got, b) {
					results[rel] = "differs from a fresh read of the upstream"
				} else {
					results[rel] = ""
				}
			}
		}
	}
	names := make([]string, 0, len(results))
	for n := range results {
		names = append(names, n)
	}
	sort.Strings(names)
	var checks []check
	for _, n := range names {
		checks = append(checks, check{name: filepath.ToSlash(filepath.Join(filepath.Base(dir), n)), problem: results[n]})
	}
	return checks, nil
}

func trimHash(h string) string {
	if len(h) > 7 && h[:7] == "sha256:" {
		return h[7:]
	}
	return h
}

// verifyUpstream reads the history from src and returns the snapshot files
// it makes, for the datasets to be rebuilt from, and the check of the
// recorded commit.
func verifyUpstream(ctx context.Context, dir, src string) (map[string][]byte, []check, error) {
	source, err := upstream.ParseSource(src)
	if err != nil {
		return nil, nil, usagef("--upstream: %v", err)
	}
	cache, err := os.MkdirTemp("", "cybernorms-verify-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(cache)
	repo, err := upstream.Open(ctx, source, cache, nil)
	if err != nil {
		return nil, nil, err
	}
	defer repo.Close()
	_, files, err := refresh.Snapshot(ctx, repo)
	if err != nil {
		return nil, nil, fmt.Errorf("upstream %s: %w", source, err)
	}
	// A read of an upstream that moved on is not a reproduction: say so by
	// the commit, which the snapshot's own bytes would only show as a diff.
	var checks []check
	if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(build.UpstreamFile))); err == nil {
		rec, err := build.DecodeUpstream(b, filepath.Join(dir, filepath.FromSlash(build.UpstreamFile)))
		if err != nil {
			return nil, nil, err
		}
		head, err := repo.Repository.Head()
		if err != nil {
			return nil, nil, fmt.Errorf("upstream %s: %w", source, err)
		}
		problem := ""
		if head.Hash().String() != rec.Commit {
			problem = fmt.Sprintf("the snapshot was read at commit %.12s, the upstream's head is %.12s", rec.Commit, head.Hash().String())
		}
		checks = append(checks, check{name: filepath.ToSlash(filepath.Join(filepath.Base(dir), build.UpstreamFile)), problem: problem})
	}
	return files, checks, nil
}

var manifestRow = regexp.MustCompile(`<tr><td><a href="([^"]+)">[^<]*</a></td><td><code>([0-9a-f]{16})</code></td></tr>`)

// verifyReport builds the report in memory and checks its manifest (the
// sha256 of every file it lists) and, given a directory reproduce wrote, each
// file there.
func verifyReport(data, dir, asOf string, l labels.Lang) ([]check, error) {
	set, err := datasets.Open(data)
	if err != nil {
		return nil, err
	}
	day, err := set.Date(asOf)
	if err != nil {
		return nil, usagef("--as-of: %v", err)
	}
	o := report.Options{AsOf: day, Lang: l}
	desc, err := os.ReadFile(filepath.Join(data, build.DescriptorFile))
	if err != nil {
		return nil, err
	}
	files, err := report.Build(report.Inputs{Set: set, Descriptor: desc}, o)
	if err != nil {
		return nil, err
	}
	listed := map[string]string{}
	for _, m := range manifestRow.FindAllStringSubmatch(string(files["index.html"]), -1) {
		listed[html.UnescapeString(m[1])] = m[2]
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var checks []check
	for _, n := range names {
		if dir == "" && n != "index.html" {
			// Without a report to compare, each file is checked against
			// the manifest index.html gives for it.
			problem := ""
			if h, ok := listed[n]; !ok {
				problem = "not listed in the report's manifest"
			} else if h != sum(files[n])[:16] {
				problem = fmt.Sprintf("sha256 %.16s…, the report's manifest lists %s…", sum(files[n]), h)
			}
			checks = append(checks, check{name: "report/" + n, problem: problem})
			continue
		}
		if dir == "" {
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
		problem := ""
		switch {
		case err != nil:
			problem = "missing: " + oneLine(unwrapPath(err))
		case !bytes.Equal(got, files[n]):
			problem = fmt.Sprintf("sha256 %.16s…, a fresh report gives %.16s…", sum(got), sum(files[n]))
		}
		checks = append(checks, check{name: filepath.ToSlash(filepath.Join(filepath.Base(dir), n)), problem: problem})
	}
	return checks, nil
}
