package refresh

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/internal/gitfixture"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

// inputsOnly are the files a fresh datasets directory starts from.
func inputsOnly(rel string) bool {
	return strings.HasPrefix(rel, "curated/") || strings.HasPrefix(rel, "geo/") || strings.HasPrefix(rel, "reference/") || rel == build.ChangelogFile || strings.HasPrefix(rel, "LICENSE")
}

func run(t *testing.T, dir, upstreamPath string, strict, dryRun bool) (*Result, error) {
	t.Helper()
	src, err := upstream.ParseSource(upstreamPath)
	if err != nil {
		t.Fatal(err)
	}
	return Run(context.Background(), Options{
		Dir: dir, Source: src, CacheDir: t.TempDir(), Strict: strict, DryRun: dryRun,
		Date: civil.MustParse("2026-03-01"),
	})
}

// A refresh from the local copy of the upstream, starting from the curated
// inputs alone, reproduces every committed file byte for byte; a second
// refresh finds nothing to do and writes nothing.
func TestRefreshReproducesCommittedFiles(t *testing.T) {
	dir := testenv.CopyDatasets(t, inputsOnly)
	// Refresh as on the day the committed snapshot was read.
	rec, err := build.DecodeUpstream([]byte(readFile(t, filepath.Join(testenv.Datasets(t), build.UpstreamFile))), build.UpstreamFile)
	if err != nil {
		t.Fatal(err)
	}
	src, err := upstream.ParseSource(testenv.Upstream(t))
	if err != nil {
		t.Fatal(err)
	}
	day := civil.MustParse(rec.ReadOn)
	res, err := Run(context.Background(), Options{Dir: dir, Source: src, CacheDir: t.TempDir(), Date: day})
	if err != nil {
		t.Fatal(err)
	}
	if res.Release != nil {
		t.Errorf("a first refresh made release %s; the changelog's version is the first", res.Release.Version)
	}
	want := testenv.Digests(t, testenv.Datasets(t))
	for rel := range want {
		if strings.HasSuffix(rel, ".go") || rel == "README.md" {
			delete(want, rel) // the loader's source and the guide are not pipeline outputs
		}
	}
	if d := testenv.DiffDigests(testenv.Digests(t, dir), want); len(d) > 0 {
		t.Errorf("refresh differs from the committed datasets (run refresh, then commit):\n%s", strings.Join(d, "\n"))
	}
	again, err := run(t, dir, testenv.Upstream(t), true, false)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Report.Empty() || again.Release != nil || len(again.Written) > 0 || len(again.Drift) > 0 {
		t.Errorf("second refresh: report %q, release %v, wrote %v, drift %v", again.Report.Summary(), again.Release, again.Written, again.Drift)
	}
}

const fixtureCodes = "ISO-3166-1-alpha-3,official-fr,usual-fr,usual-en,article-fr\n" +
	"FRA,République française,France,France,La\nDEU,République fédérale d'Allemagne,Allemagne,Germany,L'\n"

// step is one change of the upstream (or of the datasets directory) and what
// the next refresh must report and record.
type step struct {
	name   string
	date   string
	files  map[string]*gitfixture.Entry
	change func(t *testing.T, r *gitfixture.Repo, dir string) // before the refresh
	strict bool

	summary string   // the change report
	drift   []string // the findings
	entry   string   // the changelog entry added ("" for none)
	version string   // datapackage.json's version after the refresh
	err     string   // the error, if any
	written []string // the files written
}

// TestEvolvingUpstream builds an upstream commit by commit and refreshes after
// each, first with --dry-run: the change report, the drift, the changelog
// entry, the version and the files written are exact.
func TestEvolvingUpstream(t *testing.T) {
	r := gitfixture.New(t)
	dir := testenv.CopyDatasets(t, inputsOnly)
	// The releases below are counted from a first release of 1.0.0, whatever
	// the project's own changelog has reached.
	if err := os.WriteFile(filepath.Join(dir, build.ChangelogFile), []byte("# Changelog of the datasets\n\n## 1.0.0\n\nFirst release.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The reviewed links and the claims name supporters of the real upstream.
	for _, f := range []string{"curated/supporter_links.csv", "curated/claims.csv", "curated/evidence.csv", "curated/duplicate_review.csv", "curated/adherence_events.csv", "curated/instrument_totals.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b[:strings.IndexByte(string(b), '\n')+1], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	derived := []string{"adherence_events.arrow", "adherence_events.csv", "adherence_events.parquet", "co_membership.arrow", "co_membership.csv", "co_membership.parquet", "instrument_coverage.arrow", "instrument_coverage.csv", "instrument_coverage.parquet", "instruments.arrow", "instruments.csv", "instruments.parquet", "join_dates.arrow", "join_dates.csv", "join_dates.parquet", "joining.arrow", "joining.csv", "joining.parquet", "joining_km.arrow", "joining_km.csv", "joining_km.parquet", "joining_tests.arrow", "joining_tests.csv", "joining_tests.parquet", "supporter_files.arrow", "supporter_files.csv", "supporter_files.parquet", "supporter_published.arrow", "supporter_published.csv", "supporter_published.parquet", "supporters.arrow", "supporters.csv", "supporters.parquet"}
	var afterSecond plumbing.Hash
	steps := []step{
		{
			name: "first refresh", date: "2024-02-01T10:00:00+01:00",
			files: map[string]*gitfixture.Entry{
				"_data/country-codes.csv":                 gitfixture.File(fixtureCodes),
				"_supporters/france-state-FRA.md":         gitfixture.Supporter("France", "state", "UE", "FRA"),
				"_supporters/alpha-private-sector-FRA.md": gitfixture.Supporter("Alpha SA", "private-sector", "Entreprise", "FRA"),
				"_supporters/beta-civil-society-DEU.md":   gitfixture.Supporter("Beta e.V.", "civil-society", "ONG", "DEU"),
			},
			summary: `3 change(s) to supporter files since the committed snapshot (its newest change none; now 2024-02-01)
  added 3: civil-society 1, private-sector 1, state 1
    2024-02-01 Alpha SA (private-sector) [_supporters/alpha-private-sector-FRA.md]
    2024-02-01 Beta e.V. (civil-society) [_supporters/beta-civil-society-DEU.md]
    2024-02-01 France (state) [_supporters/france-state-FRA.md]
`,
			version: "1.0.0", // no descriptor yet: the changelog's version is the first
			written: nil,     // checked below: every output
		},
		{
			name: "added, renamed, removed, changed", date: "2024-03-05T09:30:00+01:00",
			files: map[string]*gitfixture.Entry{
				"_supporters/germany-state-DEU.md":              gitfixture.Supporter("Germany", "state", "UE", "DEU"),
				"_supporters/gamma-civil-society-FRA.md":        gitfixture.Supporter("Gamma", "civil-society", "ONG", "FRA"),
				"_supporters/alpha-private-sector-FRA.md":       nil,
				"_supporters/alpha-group-private-sector-FRA.md": gitfixture.Supporter("Alpha SA", "private-sector", "Entreprise", "FRA"),
				"_supporters/beta-civil-society-DEU.md":         nil,
				"_supporters/france-state-FRA.md":               gitfixture.Supporter("France", "state", "Etat", "FRA"),
			},
			summary: `5 change(s) to supporter files since the committed snapshot (its newest change 2024-02-01; now 2024-03-05)
  added 2: civil-society 1, state 1
    2024-03-05 Gamma (civil-society) [_supporters/gamma-civil-society-FRA.md]
    2024-03-05 Germany (state) [_supporters/germany-state-DEU.md]
  removed 1: civil-society 1
    2024-03-05 Beta e.V. (civil-society) [_supporters/beta-civil-society-DEU.md]
  renamed 1: private-sector 1
    2024-03-05 Alpha SA (private-sector): _supporters/alpha-private-sector-FRA.md → _supporters/alpha-group-private-sector-FRA.md
  modified 1: state 1
    2024-03-05 France (state): nature "UE" → "Etat" [_supporters/france-state-FRA.md]
`,
			entry: `## 1.1.0 (2026-03-01)

Supporter history refreshed to 2024-03-05: 2 added (civil-society 1, state 1), 1 removed (civil-society 1), 1 renamed (private-sector 1), 1 modified (state 1).

- Added: Gamma (civil-society); Germany (state).
- Removed: Beta e.V. (civil-society).
- Renamed: Alpha SA (private-sector): _supporters/alpha-private-sector-FRA.md → _supporters/alpha-group-private-sector-FRA.md.
- Modified: France (state): nature "UE" → "Etat".

Resources changed: adherence_events, co_membership, instrument_coverage, instruments, join_dates, joining, joining_km, joining_tests, supporter_changes, supporter_files, supporter_published, supporters.
`,
			version: "1.1.0",
			written: sortedList(append([]string{"CHANGELOG.md", "datapackage.json", "snapshot/supporter_changes.csv", "snapshot/upstream.json"}, derived...)),
		},
		{
			name:    "nothing new",
			change:  func(t *testing.T, r *gitfixture.Repo, dir string) { afterSecond = r.Head() },
			summary: "no change since the committed snapshot\n",
			version: "1.1.0",
		},
		{
			name: "unknown category, strict", date: "2024-04-10T12:00:00+02:00", strict: true,
			files: map[string]*gitfixture.Entry{
				"_supporters/delta-think-tank-FRA.md": gitfixture.Supporter("Delta Institute", "think-tank", "Think tank", "FRA"),
			},
			summary: `1 change(s) to supporter files since the committed snapshot (its newest change 2024-03-05; now 2024-04-10)
  added 1: think-tank 1
    2024-04-10 Delta Institute (think-tank) [_supporters/delta-think-tank-FRA.md]
`,
			drift:   []string{`2024-04-10 _supporters/delta-think-tank-FRA.md: field category "think-tank": category not in curated/category_crosswalk.csv`},
			err:     `upstream drift, nothing written (1 finding(s)); first: 2024-04-10 _supporters/delta-think-tank-FRA.md: field category "think-tank": category not in curated/category_crosswalk.csv`,
			version: "1.1.0",
		},
		{
			// A snapshot the datasets cannot be made from is not written:
			// every reader would refuse it. The error names the file.
			name: "unknown category",
			summary: `1 change(s) to supporter files since the committed snapshot (its newest change 2024-03-05; now 2024-04-10)
  added 1: think-tank 1
    2024-04-10 Delta Institute (think-tank) [_supporters/delta-think-tank-FRA.md]
`,
			drift: []string{`2024-04-10 _supporters/delta-think-tank-FRA.md: field category "think-tank": category not in curated/category_crosswalk.csv`},
			err: "the datasets cannot be made from the new upstream, nothing written: " + dir + `/snapshot/supporter_changes.csv:10: field category: "think-tank" (_supporters/delta-think-tank-FRA.md, 2024-04-10) is not in the category crosswalk; ` +
				"review upstream _supporters/delta-think-tank-FRA.md (link a duplicate in curated/duplicate_review.csv, or add what the curated inputs lack) and refresh again",
		},
		{
			// With the crosswalk, the same upstream is released whole.
			name: "crosswalk updated",
			change: func(t *testing.T, r *gitfixture.Repo, dir string) {
				p := filepath.Join(dir, "curated/category_crosswalk.csv")
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, append(b, "think-tank,civil-society,Used from 2024-04-10.\n"...), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			summary: `1 change(s) to supporter files since the committed snapshot (its newest change 2024-03-05; now 2024-04-10)
  added 1: think-tank 1
    2024-04-10 Delta Institute (think-tank) [_supporters/delta-think-tank-FRA.md]
`,
			entry: `## 1.2.0 (2026-03-01)

Supporter history refreshed to 2024-04-10: 1 added (think-tank 1).

- Added: Delta Institute (think-tank).

Resources changed: adherence_events, category_crosswalk, co_membership, instrument_coverage, instruments, join_dates, joining, joining_km, joining_tests, supporter_changes, supporter_files, supporter_published, supporters.
`,
			version: "1.2.0",
			written: sortedList(append([]string{"CHANGELOG.md", "datapackage.json", "snapshot/supporter_changes.csv", "snapshot/upstream.json"}, derived...)),
		},
		{
			name: "description reworded",
			change: func(t *testing.T, r *gitfixture.Repo, dir string) {
				edit(t, filepath.Join(dir, build.DescriptorFile), `"Name as published`, `"The name as published`)
			},
			summary: "no change since the committed snapshot\n",
			entry: `## 1.2.1 (2026-03-01)

No change to the supporter history.

Descriptions changed; no data did.
`,
			version: "1.2.1",
			written: []string{"CHANGELOG.md", "datapackage.json"},
		},
		{
			name: "schema changed",
			change: func(t *testing.T, r *gitfixture.Repo, dir string) {
				edit(t, filepath.Join(dir, build.DescriptorFile), `"name": "twitter"`, `"name": "x_twitter"`)
			},
			summary: "no change since the committed snapshot\n",
			entry: `## 2.0.0 (2026-03-01)

No change to the supporter history.

Schema changed: supporters.
No data changed.
`,
			version: "2.0.0",
			written: []string{"CHANGELOG.md", "datapackage.json"},
		},
		{
			// A force-push drops the commit that added Delta.
			name: "history rewritten",
			change: func(t *testing.T, r *gitfixture.Repo, dir string) {
				r.ResetTo(afterSecond, map[string]*gitfixture.Entry{
					"_data/country-codes.csv":                       gitfixture.File(fixtureCodes),
					"_supporters/france-state-FRA.md":               gitfixture.Supporter("France", "state", "Etat", "FRA"),
					"_supporters/alpha-group-private-sector-FRA.md": gitfixture.Supporter("Alpha SA", "private-sector", "Entreprise", "FRA"),
					"_supporters/germany-state-DEU.md":              gitfixture.Supporter("Germany", "state", "UE", "DEU"),
					"_supporters/gamma-civil-society-FRA.md":        gitfixture.Supporter("Gamma", "civil-society", "ONG", "FRA"),
				})
			},
			summary: `0 change(s) to supporter files since the committed snapshot (its newest change 2024-04-10; now 2024-03-05)
  vanished: 2024-04-10 _supporters/delta-think-tank-FRA.md: field name "Delta Institute": vanished from the upstream history without a removal (the history was rewritten)
`,
			drift: []string{`2024-04-10 _supporters/delta-think-tank-FRA.md: field name "Delta Institute": vanished from the upstream history without a removal (the history was rewritten)`},
			entry: `## 2.1.0 (2026-03-01)

The upstream history was rewritten (now to 2024-03-05): 1 supporter file(s) vanished from it without a removal.

Upstream drift, kept as published (1):

- 2024-04-10 _supporters/delta-think-tank-FRA.md: field name "Delta Institute": vanished from the upstream history without a removal (the history was rewritten)

Resources changed: adherence_events, co_membership, instrument_coverage, instruments, join_dates, joining, joining_km, joining_tests, supporter_changes, supporter_files, supporter_published, supporters.
`,
			version: "2.1.0",
			written: sortedList(append([]string{"CHANGELOG.md", "datapackage.json", "snapshot/supporter_changes.csv", "snapshot/upstream.json"}, derived...)),
		},
	}
	for i, s := range steps {
		t.Run(fmt.Sprintf("%d %s", i, s.name), func(t *testing.T) {
			if s.files != nil {
				r.Commit(s.date, s.name, s.files)
			}
			if s.change != nil {
				s.change(t, r, dir)
			}
			changelog := readFile(t, filepath.Join(dir, build.ChangelogFile))
			before := testenv.Digests(t, dir)
			dry, dryErr := run(t, dir, r.Dir, s.strict, true)
			if d := testenv.DiffDigests(before, testenv.Digests(t, dir)); len(d) > 0 {
				t.Fatalf("dry run wrote files: %v", d)
			}
			res, err := run(t, dir, r.Dir, s.strict, false)
			if fmt.Sprint(err) != fmt.Sprint(dryErr) {
				t.Errorf("dry run error %v, real run error %v", dryErr, err)
			}
			if gotErr := fmt.Sprint(err); s.err != "" && gotErr != s.err || s.err == "" && err != nil {
				t.Fatalf("error:\n%v\nwant\n%s", err, s.err)
			}
			if got := res.Report.Summary(); got != s.summary {
				t.Errorf("change report:\n%s\nwant\n%s", got, s.summary)
			}
			var drift []string
			for _, f := range res.Drift {
				drift = append(drift, f.String())
			}
			if strings.Join(drift, "\n") != strings.Join(s.drift, "\n") {
				t.Errorf("drift:\n%s\nwant\n%s", strings.Join(drift, "\n"), strings.Join(s.drift, "\n"))
			}
			if s.err != "" {
				if d := testenv.DiffDigests(before, testenv.Digests(t, dir)); len(d) > 0 {
					t.Errorf("a failed refresh wrote files: %v", d)
				}
				return
			}
			// The entry is new text at the top of the changelog, nothing else.
			after := readFile(t, filepath.Join(dir, build.ChangelogFile))
			if added := strings.Replace(after, changelog[strings.Index(changelog, "## "):], "", 1); s.entry == "" && after != changelog ||
				s.entry != "" && (added != changelog[:strings.Index(changelog, "## ")]+s.entry+"\n" || res.Release == nil || res.Release.Entry != s.entry) {
				t.Errorf("changelog:\n%s\nwant the entry\n%s", after, s.entry)
			}
			desc, err := schema.ParseDescriptor([]byte(readFile(t, filepath.Join(dir, build.DescriptorFile))))
			if err != nil {
				t.Fatal(err)
			}
			if desc.Version != s.version {
				t.Errorf("datapackage.json version %s, want %s", desc.Version, s.version)
			}
			if i == 0 && len(res.Written) != 3*len(schema.Derived)+4 {
				t.Errorf("first refresh wrote %d files, want every output: %v", len(res.Written), res.Written)
			}
			if i > 0 && strings.Join(res.Written, " ") != strings.Join(s.written, " ") {
				t.Errorf("wrote\n%v\nwant\n%v", res.Written, s.written)
			}
			if strings.Join(dry.Written, " ") != strings.Join(res.Written, " ") {
				t.Errorf("dry run would write %v; the refresh wrote %v", dry.Written, res.Written)
			}
		})
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortedList(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
