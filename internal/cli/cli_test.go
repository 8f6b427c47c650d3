package cli

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/internal/gitfixture"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(args, &o, &e)
	return code, o.String(), e.String()
}

// dataCopy copies the committed datasets (without the Go loader) to a
// temporary directory.
// versions returns the newest release of the changelog in dir and the next
// minor one, which a refresh that changes only data releases.
func versions(t *testing.T, dir string) (cur, next string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## (\d+)\.(\d+)\.(\d+)`).FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no release in %s/CHANGELOG.md", dir)
	}
	minor, _ := strconv.Atoi(m[2])
	return m[1] + "." + m[2] + "." + m[3], m[1] + "." + strconv.Itoa(minor+1) + ".0"
}

func dataCopy(t *testing.T) string {
	t.Helper()
	src := filepath.Join(testenv.Root(t), "datasets")
	dst := t.TempDir()
	filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, _ := os.ReadFile(p)
		os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755)
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	return dst
}

func edit(t *testing.T, path string, f func(string) string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(f(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

func snapshotOf(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".cybernorms.lock") {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

func TestBuildBadInputs(t *testing.T) {
	tests := []struct {
		name string
		file string
		edit func(string) string
		want string // the whole stderr line, with DIR for the data directory
	}{
		{"curated CSV with a wrong column count", "curated/coverage.csv",
			func(s string) string { return strings.Replace(s, "enisa,2,✓,Tabel 2.1", "enisa,2,✓", 1) },
			"cybernorms build: DIR/curated/coverage.csv:12: row has 3 columns, want 4 (framework_id,principle_id,mark,source)"},
		{"curated value outside its enum", "curated/coverage.csv",
			func(s string) string { return strings.Replace(s, "enisa,5,X,", "enisa,5,x,", 1) },
			"cybernorms build: DIR/curated/coverage.csv:15: field mark: \"x\" is not one of ✓, X"},
		{"duplicate curated key", "curated/principles.csv",
			func(s string) string { return strings.Replace(s, "\n2,", "\n1,", 1) },
			"cybernorms build: DIR/curated/principles.csv:3: field id: duplicate value \"1\" (first on line 2)"},
		{"unknown category in the snapshot", "snapshot/supporter_changes.csv",
			func(s string) string {
				return strings.Replace(s, ",Tuya Inc.,private-sector,", ",Tuya Inc.,private-company,", 1)
			},
			"cybernorms build: DIR/snapshot/supporter_changes.csv:4658: field category: \"private-company\" (_supporters/tuya-inc-private-sector-CHN.md, 2024-01-19) is not in the category crosswalk"},
		{"duplicate supporter file in one change", "snapshot/supporter_changes.csv",
			func(s string) string {
				lines := strings.Split(s, "\n")
				return strings.Join(append(lines[:3], append([]string{lines[2]}, lines[3:]...)...), "\n")
			},
			"cybernorms build: DIR/snapshot/supporter_changes.csv:4: field path: duplicate supporter file _supporters/abelia.md in change 0 (first on line 3)"},
		{"supporter without a name", "snapshot/supporter_changes.csv",
			func(s string) string {
				return strings.Replace(s, "Tuya Inc.,private-sector,Entreprise,CHN,,,,,,name category nature nationality", ",private-sector,Entreprise,CHN,,,,,,category nature nationality", 1)
			},
			"cybernorms build: DIR/snapshot/supporter_changes.csv:4658: field name: missing from _supporters/tuya-inc-private-sector-CHN.md"},
		{"unknown nationality crosswalk target", "curated/nationality_crosswalk.csv",
			func(s string) string { return strings.Replace(s, "ROM,ROU,", "ROM,RUM,", 1) },
			"cybernorms build: DIR/curated/nationality_crosswalk.csv: crosswalk: \"ROM\" maps to \"RUM\", which is not a current ISO 3166-1 alpha-3 code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := dataCopy(t)
			edit(t, filepath.Join(dir, tt.file), tt.edit)
			before := snapshotOf(t, dir)
			code, _, stderr := run(t, "build", "--data", dir)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			want := strings.ReplaceAll(tt.want, "DIR", dir) + "\n"
			if stderr != want {
				t.Errorf("stderr:\n%q\nwant\n%q", stderr, want)
			}
			after := snapshotOf(t, dir)
			for p, b := range before {
				if after[p] != b {
					t.Errorf("failed build changed %s", p)
				}
			}
		})
	}
}

const countryCodes = "ISO-3166-1-alpha-3,official-fr,usual-fr,usual-en,article-fr\nFRA,République française,France,France,La\n"

// TestRefreshDrift follows a maintainer through a refresh that meets an
// upstream the pipeline does not fully know: --strict refuses, the dry run
// and the default run refuse to write a snapshot the datasets cannot be
// made from and name the file to review; once the crosswalk maps it, the
// refresh makes the release.
func TestRefreshDrift(t *testing.T) {
	r := gitfixture.New(t)
	r.Commit("2024-02-01T10:00:00+01:00", "Add supporters", map[string]*gitfixture.Entry{
		"_data/country-codes.csv":              gitfixture.File(countryCodes),
		"_supporters/ok-state-FRA.md":          gitfixture.Supporter("France", "state", "UE", "FRA"),
		"_supporters/bad-civil-society-FRA.md": gitfixture.File("---\nname: \"Fundacja \"Pokonaj raka\"\"\ncategory: civil-society\n---\n"),
		"_supporters/odd-think-tank-ATL.md":    gitfixture.File("---\nname: Odd\ncategory: think-tank\nnationality: Atlantis\nlogo: odd.png\n---\n"),
	})
	dir := dataCopy(t)
	os.Remove(filepath.Join(dir, "snapshot/supporter_changes.csv"))
	// The reviewed links and the claims name supporters of the real upstream.
	for _, f := range []string{"curated/supporter_links.csv", "curated/claims.csv", "curated/evidence.csv", "curated/duplicate_review.csv", "curated/adherence_events.csv", "curated/instrument_totals.csv"} {
		edit(t, filepath.Join(dir, f), func(s string) string { return s[:strings.IndexByte(s, '\n')+1] })
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1772323200") // 2026-03-01
	report := `upstream: 3 changes to supporter files in 1 commit, 2024-02-01 to 2024-02-01; 1 unreadable version kept with its problem
3 change(s) to supporter files since the committed snapshot (its newest change none; now 2024-02-01)
  added 3: no category 1, state 1, think-tank 1
    2024-02-01 _supporters/bad-civil-society-FRA.md
    2024-02-01 Odd (think-tank) [_supporters/odd-think-tank-ATL.md]
    2024-02-01 France (state) [_supporters/ok-state-FRA.md]
drift: 2024-02-01 _supporters/bad-civil-society-FRA.md: cannot be read: line 2: malformed YAML: did not find expected key
drift: 2024-02-01 _supporters/odd-think-tank-ATL.md: field logo "odd.png": front-matter field unknown to the pipeline
drift: 2024-02-01 _supporters/odd-think-tank-ATL.md: field category "think-tank": category not in curated/category_crosswalk.csv
drift: 2024-02-01 _supporters/odd-think-tank-ATL.md: field nationality "Atlantis": not an ISO code, a crosswalk entry or a country name
`
	before := snapshotOf(t, dir)
	code, stdout, stderr := run(t, "refresh", "--strict", "--upstream", r.Dir, "--data", dir)
	if code != 1 || stdout != report {
		t.Errorf("strict refresh: exit %d, stdout:\n%s\nwant exit 1 and\n%s", code, stdout, report)
	}
	if errs := errorLines(stderr); len(errs) != 1 || errs[0] != `cybernorms refresh: upstream drift, nothing written (4 finding(s)); first: 2024-02-01 _supporters/bad-civil-society-FRA.md: cannot be read: line 2: malformed YAML: did not find expected key` {
		t.Errorf("stderr = %q", stderr)
	}
	if after := snapshotOf(t, dir); !reflect.DeepEqual(after, before) {
		t.Errorf("strict refresh wrote files")
	}

	cur, next := versions(t, dir)
	// A snapshot the datasets cannot be made from is not written, dry run
	// or not: every reader would refuse it. The error names the file.
	notMade := "cybernorms refresh: the datasets cannot be made from the new upstream, nothing written: " + dir +
		`/snapshot/supporter_changes.csv:3: field category: "think-tank" (_supporters/odd-think-tank-ATL.md, 2024-02-01) is not in the category crosswalk; ` +
		"review upstream _supporters/odd-think-tank-ATL.md (link a duplicate in curated/duplicate_review.csv, or add what the curated inputs lack) and refresh again"
	for _, args := range [][]string{{"--dry-run"}, nil} {
		code, stdout, stderr = run(t, append([]string{"refresh", "--upstream", r.Dir, "--data", dir}, args...)...)
		if errs := errorLines(stderr); code != 1 || stdout != report || len(errs) != 1 || errs[0] != notMade {
			t.Errorf("refresh %v: exit %d, stdout:\n%s\nstderr %s\nwant exit 1, the report and\n%s", args, code, stdout, stderr, notMade)
		}
		if after := snapshotOf(t, dir); !reflect.DeepEqual(after, before) {
			t.Errorf("refresh %v wrote files", args)
		}
	}

	// The maintainer maps the new category; the refresh makes the release.
	edit(t, filepath.Join(dir, "curated/category_crosswalk.csv"), func(s string) string { return s + "think-tank,civil-society,Used from 2024-02-01.\n" })
	code, stdout, stderr = run(t, "refresh", "--upstream", r.Dir, "--data", dir)
	if code != 0 || !strings.Contains(stdout, "released "+next+" (minor; was "+cur+")") {
		t.Errorf("refresh: exit %d, stdout:\n%s\nstderr %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "snapshot/supporter_changes.csv"))
	if err != nil || !strings.Contains(string(b), "bad-civil-society-FRA.md,,,,,,,,,,,,,line 2: malformed YAML") {
		t.Errorf("refresh did not keep the unreadable file as a row: %v\n%s", err, b)
	}
	changelog, _ := os.ReadFile(filepath.Join(dir, "CHANGELOG.md"))
	if !strings.Contains(string(changelog), "## "+next+" (2026-03-01)\n\nSupporter history refreshed to 2024-02-01: 3 added (no category 1, state 1, think-tank 1).\n") {
		t.Errorf("changelog:\n%s", changelog)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "datapackage.json")); !strings.Contains(string(b), `"version": "`+next+`"`) {
		t.Errorf("datapackage.json is not at %s", next)
	}
	if code, stdout, stderr = run(t, "validate", "--data", dir); code != 0 {
		t.Errorf("validate after the refresh: exit %d: %s%s", code, stdout, stderr)
	}

	// The same history again: nothing new, so no drift, and strict passes.
	before = snapshotOf(t, dir)
	code, stdout, stderr = run(t, "refresh", "--strict", "--upstream", r.Dir, "--data", dir)
	if want := "no change since the committed snapshot\n" + dir + ": already up to date, nothing written\n"; code != 0 || !strings.HasSuffix(stdout, want) {
		t.Errorf("second refresh: exit %d, stdout %q, stderr %q; want %q", code, stdout, stderr, want)
	}
	if after := snapshotOf(t, dir); !reflect.DeepEqual(after, before) {
		t.Errorf("a refresh with nothing new wrote files")
	}
}

// historySpan is the supporter history's span as the datasets in dir give
// it (the datasets' own tests check it against the snapshot): a refresh
// moves its end, and the messages that name it follow.
func historySpan(t *testing.T, dir string) civil.Span {
	t.Helper()
	set, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return set.Span
}

// errorLines returns the lines of stderr that are errors (not progress).
func errorLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "cybernorms") {
			out = append(out, l)
		}
	}
	return out
}

func TestQuery(t *testing.T) {
	dir := filepath.Join(testenv.Root(t), "datasets")
	code, stdout, stderr := run(t, "query", "--data", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var q analysis.Tally
	if err := json.Unmarshal([]byte(stdout), &q); err != nil {
		t.Fatal(err)
	}
	// The chapter's figure: 79 states on its access date.
	if q.AsOf.String() != "2021-01-18" || q.ByCategory["state"] != 79 {
		t.Errorf("as of %s: %d states, want 79 on 2021-01-18", q.AsOf, q.ByCategory["state"])
	}
	sum := 0
	for _, r := range q.ByRegion {
		sum += r.Total
	}
	if sum != q.Total {
		t.Errorf("regions add up to %d, total %d", sum, q.Total)
	}
	code, stdout, _ = run(t, "query", "--data", dir, "--as-of", "2024-01-19", "--category", "state", "--format", "csv")
	if code != 0 || !strings.Contains(stdout, "2024-01-19,Europe,state,40\n") {
		t.Errorf("csv query: exit %d\n%s", code, stdout)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"query", "--data", dir, "--as-of", "2017-01-01"}, "cybernorms query: --as-of: as-of date 2017-01-01 is before the supporter history starts: it covers " + historySpan(t, dir).String() + "\n"},
		{[]string{"query", "--data", dir, "--as-of", "2021-02-30"}, "cybernorms query: --as-of: as-of date \"2021-02-30\" is not a date (YYYY-MM-DD); the supporter history covers " + historySpan(t, dir).String() + "\n"},
		{[]string{"query", "--data", dir, "--format", "xml"}, "cybernorms query: unknown --format \"xml\" (want text, csv or json)\n"},
		{[]string{"query", "--data", dir, "--category", "states"}, "cybernorms query: unknown --category \"states\" (want one of state, public-authority, private-sector, civil-society, undefined)\n"},
		{[]string{"query", "--nope"}, "cybernorms query: flag provided but not defined: -nope\n"},
		{[]string{"frobnicate"}, "cybernorms: unknown command \"frobnicate\" (run \"cybernorms help\")\n"},
	} {
		code, _, stderr := run(t, tt.args...)
		if code != 2 || stderr != tt.want {
			t.Errorf("%v: exit %d, stderr %q; want 2, %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	dir := dataCopy(t)
	code, stdout, stderr := run(t, "validate", "--data", dir)
	if code != 0 || !strings.HasSuffix(stdout, "valid\n") {
		t.Fatalf("committed datasets: exit %d\n%s%s", code, stdout, stderr)
	}
	// Every supporter file with a blank nationality is listed, by id.
	if !strings.Contains(stdout, `note: nationality "" (blank) resolves to no country: 5 supporter(s): european-union, interpol,`) {
		t.Errorf("validate does not list the nationalities without a country:\n%s", stdout)
	}
	edit(t, filepath.Join(dir, "countries.parquet"), func(s string) string { return s[:len(s)-40] + strings.Repeat("\x00", 40) })
	edit(t, filepath.Join(dir, "coverage.csv"), func(s string) string { return strings.Replace(s, "enisa,5,false,X", "enisa,5,true,X", 1) })
	code, stdout, stderr = run(t, "validate", "--data", dir)
	if code != 1 {
		t.Errorf("tampered datasets: exit %d, want 1", code)
	}
	for _, want := range []string{
		"VIOLATION: " + dir + "/countries.parquet: content differs from datapackage.json",
		"VIOLATION: " + dir + "/coverage.csv: content differs from datapackage.json",
		"VIOLATION: " + dir + "/coverage.csv:15: covered and mark disagree",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("validate output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.HasPrefix(stderr, "cybernorms validate: ") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr = %q", stderr)
	}
}

// An as-of date is refused outside the supporter history, at both ends, by
// every command that takes one, with one line naming the span.
func TestAsOfBoundedOnBothSides(t *testing.T) {
	dir := filepath.Join(testenv.Root(t), "datasets")
	history := historySpan(t, dir)
	span := "it covers " + history.String()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"query", "--data", dir, "--as-of", "2019-09-15"}, "as-of date 2019-09-15 is before the supporter history starts: " + span},
		{[]string{"query", "--data", dir, "--as-of", "2030-01-01"}, "as-of date 2030-01-01 is after the supporter history ends: " + span},
		{[]string{"reproduce", "--data", dir, "--out", t.TempDir(), "--as-of", "2017-01-01"}, "as-of date 2017-01-01 is before the supporter history starts: " + span},
		{[]string{"reproduce", "--data", dir, "--out", t.TempDir(), "--as-of", "2030-06-01"}, "as-of date 2030-06-01 is after the supporter history ends: " + span},
		{[]string{"query", "--data", dir, "--as-of", "2021-13-01"}, `as-of date "2021-13-01" is not a date (YYYY-MM-DD); the supporter history covers ` + history.String()},
	} {
		code, stdout, stderr := run(t, tt.args...)
		if code == 0 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want one line with %q", tt.args, code, stdout, stderr, tt.want)
		}
	}
	for _, d := range []string{history.First.String(), history.Last.String()} {
		if code, _, stderr := run(t, "query", "--data", dir, "--as-of", d); code != 0 {
			t.Errorf("query --as-of %s (an end of the history): exit %d: %s", d, code, stderr)
		}
	}
}
