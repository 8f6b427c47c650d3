package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/internal/gitfixture"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/support/atomicfs"
	"github.com/cybernorms/cybernorms/support/dirlock"
)

// advWorld is a directory holding the datasets (data/), the upstream cache
// (cache/) and a file an attacker would like to read or overwrite.
type advWorld struct {
	root, data, cache, victim string
	up                        *gitfixture.Repo // set by fixtureWorld
}

func newAdvWorld(t *testing.T) *advWorld {
	root := t.TempDir()
	w := &advWorld{root: root, data: filepath.Join(root, "data"), cache: filepath.Join(root, "cache"), victim: filepath.Join(root, "victim.txt")}
	testenv.CopyTree(t, dataCopy(t), w.data, func(string) bool { return true })
	os.Mkdir(w.cache, 0o755)
	os.WriteFile(w.victim, []byte("SECRET-VICTIM-CONTENT\n"), 0o644)
	return w
}

// fixtureWorld is a world whose datasets were refreshed from a small fixture
// upstream, which a case then extends.
func fixtureWorld(t *testing.T) *advWorld {
	w := newAdvWorld(t)
	os.Remove(filepath.Join(w.data, "snapshot/supporter_changes.csv"))
	for _, f := range []string{"curated/supporter_links.csv", "curated/claims.csv", "curated/evidence.csv", "curated/duplicate_review.csv", "curated/adherence_events.csv", "curated/instrument_totals.csv"} {
		edit(t, filepath.Join(w.data, f), func(s string) string { return s[:strings.IndexByte(s, '\n')+1] })
	}
	w.up = gitfixture.New(t)
	w.up.Commit("2024-02-01T10:00:00+01:00", "Start", map[string]*gitfixture.Entry{
		"_data/country-codes.csv":     gitfixture.File(countryCodes),
		"_supporters/ok-state-FRA.md": gitfixture.Supporter("France", "state", "UE", "FRA"),
	})
	if code, stdout, stderr := run(t, "refresh", "--quiet", "--upstream", w.up.Dir, "--data", w.data); code != 0 {
		t.Fatalf("first refresh: exit %d\n%s%s", code, stdout, stderr)
	}
	return w
}

// digests covers everything but the cache, and the datasets when a case may
// write them.
func (w *advWorld) digests(t *testing.T, withData bool) map[string]string {
	d := testenv.Digests(t, w.root)
	for k := range d {
		if strings.HasPrefix(k, "cache/") || !withData && strings.HasPrefix(k, "data/") {
			delete(d, k)
		}
	}
	return d
}

type adversarial struct {
	family, name string
	world        func(t *testing.T) *advWorld // newAdvWorld if nil
	setup        func(t *testing.T, w *advWorld) []string
	code         int
	msg          string // the one error line; ROOT is the world; a trailing "…" matches a prefix
	writes       bool   // the case may change the datasets, which must then validate
	signal       syscall.Signal
	pauseAt      string                                         // with signal: the step to signal at
	check        func(t *testing.T, w *advWorld, stdout string) // more to check, if anything
}

func cell(w *advWorld) {
	b, _ := os.ReadFile(filepath.Join(w.data, "supporters.csv"))
	os.WriteFile(filepath.Join(w.data, "supporters.csv"), []byte(strings.Replace(string(b), ",Tuya Inc.,", ",Tuya Incorporated,", 1)), 0o644)
}

func replaceFile(t *testing.T, p, old, new string) {
	t.Helper()
	edit(t, p, func(s string) string {
		if !strings.Contains(s, old) {
			t.Fatalf("%s has no %q", p, old)
		}
		return strings.Replace(s, old, new, 1)
	})
}

// addSupporter commits one more supporter file to the fixture upstream.
func addSupporter(w *advWorld, date, path string, e *gitfixture.Entry) {
	w.up.Commit(date, "Add", map[string]*gitfixture.Entry{path: e})
}

func adversarialCases() []adversarial {
	reproduceOut := func(w *advWorld) string { return filepath.Join(w.root, "out") }
	dp := func(w *advWorld) string { return filepath.Join(w.data, "datapackage.json") }
	noVictimRead := func(t *testing.T, w *advWorld, stdout string) {
		if strings.Contains(stdout, "SECRET") {
			t.Errorf("the victim's content was read: %s", stdout)
		}
	}
	return []adversarial{
		// Readers verify what they read.
		{family: "readers", name: "query on an edited cell", setup: func(t *testing.T, w *advWorld) []string {
			cell(w)
			return []string{"query", "--data", w.data}
		}, code: 1, msg: "cybernorms query: ROOT/data/supporters.csv: content differs from datapackage.json (…"},
		{family: "readers", name: "reproduce on an edited cell", setup: func(t *testing.T, w *advWorld) []string {
			cell(w)
			return []string{"reproduce", "--data", w.data, "--out", reproduceOut(w)}
		}, code: 1, msg: "cybernorms reproduce: ROOT/data/supporters.csv: content differs from datapackage.json (…"},
		{family: "readers", name: "query on an edited Parquet copy", setup: func(t *testing.T, w *advWorld) []string {
			f, _ := os.OpenFile(filepath.Join(w.data, "claims.parquet"), os.O_WRONLY|os.O_APPEND, 0)
			f.Write([]byte{0})
			f.Close()
			return []string{"query", "--data", w.data}
		}, code: 1, msg: "cybernorms query: ROOT/data/claims.parquet: content differs from datapackage.json (…"},
		{family: "readers", name: "reproduce on an edited geometry", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, filepath.Join(w.data, "geo/countries.geojson"), "[105.724,-10.494]", "[105.725,-10.494]")
			return []string{"reproduce", "--data", w.data, "--out", reproduceOut(w)}
		}, code: 1, msg: "cybernorms reproduce: ROOT/data/geo/countries.geojson: content differs from datapackage.json (…"},
		{family: "readers", name: "query on a forged checksum", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, dp(w), `"hash": "sha256:`, `"hash": "sha256:0`)
			return []string{"query", "--data", w.data}
		}, code: 1, msg: "cybernorms query: ROOT/data/principles.csv: content differs from datapackage.json (…"},
		{family: "readers", name: "dry run over an interrupted write", setup: func(t *testing.T, w *advWorld) []string {
			crashMidCommit(t, w)
			return []string{"refresh", "--dry-run", "--quiet", "--upstream", testenv.Upstream(t), "--data", w.data}
		}, code: 1, msg: `cybernorms refresh: ROOT/data: a write was interrupted (.atomicfs-journal.json is left): run "cybernorms build" to roll it back`},
		{family: "readers", name: "query over an interrupted write rolls it back", setup: func(t *testing.T, w *advWorld) []string {
			crashMidCommit(t, w)
			return []string{"query", "--data", w.data, "--format", "csv"}
		}, code: 0, writes: true},

		// Resource paths stay inside the datasets directory.
		{family: "paths", name: "resource path climbing out", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, dp(w), `"path": "supporters.csv"`, `"path": "../victim.txt"`)
			return []string{"validate", "--data", w.data}
		}, code: 1, msg: "cybernorms validate: …", check: func(t *testing.T, w *advWorld, stdout string) {
			noVictimRead(t, w, stdout)
			if !strings.Contains(stdout, `VIOLATION: ROOT/data/datapackage.json: resource path "../victim.txt" leaves the datasets directory`[:0]+"VIOLATION: "+w.data+`/datapackage.json: resource path "../victim.txt" leaves the datasets directory`) {
				t.Errorf("stdout:\n%s", stdout)
			}
		}},
		{family: "paths", name: "absolute resource path to a device", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, dp(w), `"path": "supporters.csv"`, `"path": "/dev/zero"`)
			return []string{"validate", "--data", w.data}
		}, code: 1, msg: "cybernorms validate: …", check: func(t *testing.T, w *advWorld, stdout string) {
			if !strings.Contains(stdout, `resource path "/dev/zero" leaves the datasets directory`) {
				t.Errorf("stdout:\n%s", stdout)
			}
		}},
		{family: "paths", name: "table replaced by a link to a device", setup: func(t *testing.T, w *advWorld) []string {
			os.Remove(filepath.Join(w.data, "supporters.csv"))
			os.Symlink("/dev/zero", filepath.Join(w.data, "supporters.csv"))
			return []string{"validate", "--data", w.data}
		}, code: 1, msg: "cybernorms validate: …", check: func(t *testing.T, w *advWorld, stdout string) {
			if !strings.Contains(stdout, "/data/supporters.csv: is a symbolic link; datasets are read only from regular files") {
				t.Errorf("stdout:\n%s", stdout)
			}
		}},
		{family: "paths", name: "table replaced by a FIFO", setup: func(t *testing.T, w *advWorld) []string {
			os.Remove(filepath.Join(w.data, "supporters.csv"))
			syscall.Mkfifo(filepath.Join(w.data, "supporters.csv"), 0o644)
			return []string{"validate", "--data", w.data}
		}, code: 1, msg: "cybernorms validate: …", check: func(t *testing.T, w *advWorld, stdout string) {
			if !strings.Contains(stdout, "/data/supporters.csv: not a regular file (p---------)") {
				t.Errorf("stdout:\n%s", stdout)
			}
		}},
		{family: "paths", name: "query through a link to a file outside", setup: func(t *testing.T, w *advWorld) []string {
			os.Remove(filepath.Join(w.data, "supporters.csv"))
			os.Symlink(w.victim, filepath.Join(w.data, "supporters.csv"))
			return []string{"query", "--data", w.data}
		}, code: 1, msg: "cybernorms query: ROOT/data/supporters.csv: is a symbolic link; datasets are read only from regular files", check: noVictimRead},

		// One writer at a time.
		{family: "lock", name: "build while another writer holds the datasets", setup: func(t *testing.T, w *advWorld) []string {
			holdLock(t, dirlock.In(w.data), w.data)
			return []string{"build", "--data", w.data, "--lock-wait", "200ms"}
		}, code: 1, msg: fmt.Sprintf("cybernorms build: ROOT/data is in use by pid %d (cybernorms refresh, since …", os.Getpid())},
		{family: "lock", name: "reproduce while another run writes the output", setup: func(t *testing.T, w *advWorld) []string {
			holdLock(t, dirlock.Beside(reproduceOut(w)), reproduceOut(w))
			return []string{"reproduce", "--data", w.data, "--out", reproduceOut(w), "--lock-wait", "200ms"}
		}, code: 1, msg: fmt.Sprintf("cybernorms reproduce: --out ROOT/out is in use by pid %d (cybernorms refresh, since …", os.Getpid())},
		{family: "lock", name: "refresh while a reader holds the datasets", setup: func(t *testing.T, w *advWorld) []string {
			l, err := dirlock.Read(context.Background(), dirlock.In(w.data), w.data, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Release() })
			return []string{"refresh", "--quiet", "--upstream", testenv.Upstream(t), "--data", w.data, "--lock-wait", "200ms"}
		}, code: 1, msg: "cybernorms refresh: ROOT/data is in use by another cybernorms process reading it; gave up after 200ms (run again when it is done, or wait longer with --lock-wait)"},

		// Upstream input that used to wedge the pipeline: repaired, reported,
		// and the datasets written validate.
		{family: "wedge", name: "tree entries escaping to one path", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			w.up.Commit("2024-02-02T10:00:00+01:00", "Collide", map[string]*gitfixture.Entry{
				"_supporters/" + gitfixture.Raw("a/b-civil-society-FRA.md"): gitfixture.Supporter("Slash", "civil-society", "", "FRA"),
				"_supporters/a%2Fb-civil-society-FRA.md":                    gitfixture.Supporter("Percent", "civil-society", "", "FRA"),
			})
			return []string{"refresh", "--upstream", w.up.Dir, "--data", w.data}
		}, code: 0, writes: true, check: wantStdout("drift: 2024-02-02 _supporters/a%2Fb-civil-society-FRA.md#2: cannot be read: another entry of the tree has the path _supporters/a%2Fb-civil-society-FRA.md: not read")},
		{family: "wedge", name: "commit time zone +9959", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			w.up.CommitAt(time.Date(2024, 2, 9, 10, 0, 0, 0, time.FixedZone("", 99*3600+59*60)), "Odd zone", map[string]*gitfixture.Entry{
				"_supporters/zone-civil-society-FRA.md": gitfixture.Supporter("Zone", "civil-society", "", "FRA"),
			})
			return []string{"refresh", "--upstream", w.up.Dir, "--data", w.data}
		}, code: 0, writes: true, check: wantStdout("drift: 2024-02-05 _supporters/zone-civil-society-FRA.md: commit time zone +9959 is not a real one: date recorded in UTC")},
		{family: "wedge", name: "commit dated before its parent", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			addSupporter(w, "2024-01-01T10:00:00+01:00", "_supporters/early-civil-society-FRA.md", gitfixture.Supporter("Early", "civil-society", "", "FRA"))
			return []string{"refresh", "--upstream", w.up.Dir, "--data", w.data}
		}, code: 0, writes: true, check: wantStdout("drift: 2024-02-01 _supporters/early-civil-society-FRA.md: commit dated 2024-01-01T10:00:00+01:00, before the commit it follows (2024-02-01T10:00:00+01:00): given that commit's date")},
		{family: "wedge", name: "supporter with an empty name", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			addSupporter(w, "2024-02-03T10:00:00+01:00", "_supporters/nameless-civil-society-FRA.md", gitfixture.Supporter("", "civil-society", "", "FRA"))
			return []string{"refresh", "--upstream", w.up.Dir, "--data", w.data}
		}, code: 0, writes: true, check: wantStdout(`drift: 2024-02-03 _supporters/nameless-civil-society-FRA.md: field name "": empty: the supporter is named by its file name unless another version names it`)},
		{family: "wedge", name: "header-only curated principles", setup: func(t *testing.T, w *advWorld) []string {
			edit(t, filepath.Join(w.data, "curated/principles.csv"), func(s string) string { return s[:strings.IndexByte(s, '\n')+1] })
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data/curated/coverage.csv:2: field principle_id: "1" matches no id in ROOT/data/curated/principles.csv`},
		{family: "wedge", name: "header-only curated cyber power matrix", setup: func(t *testing.T, w *advWorld) []string {
			edit(t, filepath.Join(w.data, "curated/cyber_power.csv"), func(s string) string { return s[:strings.IndexByte(s, '\n')+1] })
			return []string{"build", "--data", w.data}
		}, code: 1, msg: "cybernorms build: the new datasets would not validate, nothing written (1 violation(s)); first: ROOT/data/cyber_power.csv: no rows: the chapter's tables are never empty"},
		{family: "wedge", name: "geometry without most states", setup: func(t *testing.T, w *advWorld) []string {
			p := filepath.Join(w.root, "france.geojson")
			os.WriteFile(p, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ISO_N3":"250","ISO_A3":"FRA","ADM0_A3":"FRA","NAME":"France"},"geometry":{"type":"Polygon","coordinates":[[[2,46],[3,46],[3,47],[2,47],[2,46]]]}}]}`), 0o644)
			return []string{"geo", "--from", p, "--data", w.data}
		}, code: 1, msg: "cybernorms geo: the new datasets would not validate, nothing written (…"},
		{family: "wedge", name: "header-only curated frameworks", setup: func(t *testing.T, w *advWorld) []string {
			edit(t, filepath.Join(w.data, "curated/frameworks.csv"), func(s string) string { return s[:strings.IndexByte(s, '\n')+1] })
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data/curated/coverage.csv:2: field framework_id: "paris-call" matches no id in ROOT/data/curated/frameworks.csv`},
		{family: "wedge", name: "geometry with no shapes", setup: func(t *testing.T, w *advWorld) []string {
			p := filepath.Join(w.root, "empty.geojson")
			os.WriteFile(p, []byte(`{"type":"FeatureCollection","features":[]}`), 0o644)
			return []string{"geo", "--from", p, "--data", w.data}
		}, code: 1, msg: "cybernorms geo: ROOT/empty.geojson: no country shapes in it, nothing written"},

		// Unbounded reads end, in one line.
		{family: "bounds", name: "server that never answers", setup: func(t *testing.T, w *advWorld) []string {
			return []string{"refresh", "--upstream", silentServer(t), "--cache", w.cache, "--data", w.data, "--idle-timeout", "1s"}
		}, code: 1, msg: "cybernorms refresh: upstream http://…"},
		{family: "bounds", name: "endless reference advertisement", setup: func(t *testing.T, w *advWorld) []string {
			return []string{"refresh", "--upstream", endlessServer(t), "--cache", w.cache, "--data", w.data}
		}, code: 1, msg: "cybernorms refresh: upstream http://…"},
		{family: "bounds", name: "zero-filled object", setup: func(t *testing.T, w *advWorld) []string {
			return []string{"refresh", "--strict", "--upstream", zeroObjectUpstream(t, 1<<30), "--data", w.data}
		}, code: 1, msg: "cybernorms refresh: upstream drift, nothing written (…"},

		// Upstream text can neither drive the terminal nor forge a line.
		{family: "injection", name: "escape sequences and a forged heading in a name", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			addSupporter(w, "2024-02-04T10:00:00+01:00", "_supporters/evil-civil-society-FRA.md",
				gitfixture.File("---\nname: \"Evil\\e[2J\\n## 9.9.9 (2030-01-01)\\n\"\ncategory: civil-society\nnationality: FRA\n---\n"))
			return []string{"refresh", "--upstream", w.up.Dir, "--data", w.data}
		}, code: 0, writes: true, check: func(t *testing.T, w *advWorld, stdout string) {
			cl, _ := os.ReadFile(filepath.Join(w.data, "CHANGELOG.md"))
			for _, s := range []string{stdout, string(cl)} {
				if strings.Contains(s, "\x1b") || strings.Contains(s, "\n## 9.9.9") {
					t.Errorf("raw control characters or a forged heading:\n%s", s)
				}
			}
			if !strings.Contains(string(cl), `Evil\x1b[2J\n## 9.9.9 (2030-01-01)\n (civil-society)`) {
				t.Errorf("changelog does not show the name escaped:\n%s", cl)
			}
		}},
		{family: "injection", name: "bidirectional override in a file name", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			addSupporter(w, "2024-02-04T10:00:00+01:00", "_supporters/\u202egpj.md", gitfixture.Supporter("Bidi", "civil-society", "", "FRA"))
			return []string{"refresh", "--upstream", w.up.Dir, "--data", w.data}
		}, code: 0, writes: true, check: wantStdout(`    2024-02-04 Bidi (civil-society) [_supporters/\u202egpj.md]`)},

		{family: "injection", name: "hostile name in refresh's report and the changelog", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			addHostile(w, "civil-society")
			return []string{"refresh", "--upstream", w.up.Dir, "--data", w.data}
		}, code: 0, writes: true, check: func(t *testing.T, w *advWorld, stdout string) {
			cl, _ := os.ReadFile(filepath.Join(w.data, "CHANGELOG.md"))
			noRawHostile(t, "stdout", stdout)
			noRawHostile(t, "CHANGELOG.md", string(cl))
			wantStdout("    2024-02-04 "+hostileEscaped+" (civil-society) [_supporters/"+hostilePathEscaped+"]")(t, w, stdout)
			if !strings.Contains(string(cl), "- Added: "+hostileEscaped+" (civil-society).") {
				t.Errorf("the changelog does not show the name escaped:\n%s", cl)
			}
		}},
		{family: "injection", name: "hostile name in a dry run's entry", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			addHostile(w, "civil-society")
			return []string{"refresh", "--dry-run", "--upstream", w.up.Dir, "--data", w.data}
		}, code: 0, check: func(t *testing.T, w *advWorld, stdout string) {
			noRawHostile(t, "stdout", stdout)
			wantStdout("- Added: "+hostileEscaped+" (civil-society).")(t, w, stdout)
		}},
		{family: "injection", name: "hostile name in diff", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			old := filepath.Join(w.root, "old.csv")
			b, _ := os.ReadFile(filepath.Join(w.data, "snapshot/supporter_changes.csv"))
			os.WriteFile(old, b, 0o644)
			addHostile(w, "civil-society")
			if code, stdout, stderr := run(t, "refresh", "--quiet", "--upstream", w.up.Dir, "--data", w.data); code != 0 {
				t.Fatalf("refresh: exit %d\n%s%s", code, stdout, stderr)
			}
			return []string{"diff", old, filepath.Join(w.data, "snapshot/supporter_changes.csv")}
		}, code: 0, check: func(t *testing.T, w *advWorld, stdout string) {
			noRawHostile(t, "stdout", stdout)
			wantStdout("    2024-02-04 "+hostileEscaped+" (civil-society) [_supporters/"+hostilePathEscaped+"]")(t, w, stdout)
		}},
		{family: "injection", name: "hostile file name in validate's notes", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			// A file that does not parse is kept with its problem, which
			// validate lists with its path.
			addSupporter(w, "2024-02-04T10:00:00+01:00", "_supporters/"+hostilePath, gitfixture.File("---\nname: [unclosed\n---\n"))
			if code, stdout, stderr := run(t, "refresh", "--quiet", "--upstream", w.up.Dir, "--data", w.data); code != 0 {
				t.Fatalf("refresh: exit %d\n%s%s", code, stdout, stderr)
			}
			return []string{"validate", "--data", w.data}
		}, code: 0, check: func(t *testing.T, w *advWorld, stdout string) {
			noRawHostile(t, "stdout", stdout)
			if !strings.Contains(stdout, ": upstream _supporters/"+hostilePathEscaped+" on 2024-02-04 could not be read: ") {
				t.Errorf("validate does not note the file, escaped:\n%s", stdout)
			}
		}},
		{family: "injection", name: "hostile name in query", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			addHostile(w, "state")
			if code, stdout, stderr := run(t, "refresh", "--quiet", "--upstream", w.up.Dir, "--data", w.data); code != 0 {
				t.Fatalf("refresh: exit %d\n%s%s", code, stdout, stderr)
			}
			return []string{"query", "--as-of", "2024-02-04", "--format", "json", "--data", w.data}
		}, code: 0, check: func(t *testing.T, w *advWorld, stdout string) {
			noRawHostile(t, "stdout", stdout)
			if !strings.Contains(stdout, `"total": 2`) {
				t.Errorf("query does not count the hostile state:\n%s", stdout)
			}
		}},
		{family: "injection", name: "hostile file name in an error", setup: func(t *testing.T, w *advWorld) []string {
			return []string{"diff", filepath.Join(w.root, hostilePath), filepath.Join(w.root, hostilePath)}
		}, code: 1, msg: "cybernorms diff: open ROOT/" + hostilePathEscaped + ": no such file or directory"},
		func() adversarial {
			out := ""
			return adversarial{family: "injection", name: "hostile name in the report's interactive map", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
				addHostile(w, "civil-society")
				if code, stdout, stderr := run(t, "refresh", "--quiet", "--upstream", w.up.Dir, "--data", w.data); code != 0 {
					t.Fatalf("refresh: exit %d\n%s%s", code, stdout, stderr)
				}
				out = filepath.Join(t.TempDir(), "out")
				return []string{"reproduce", "--quiet", "--as-of", "2024-02-04", "--lang", "en", "--data", w.data, "--out", out}
			}, code: 0, check: func(t *testing.T, w *advWorld, stdout string) {
				// The interactive map's data (tooltips, a country's panel).
				b, err := os.ReadFile(filepath.Join(out, "index.html"))
				if err != nil {
					t.Fatal(err)
				}
				noRawHostile(t, "index.html", string(b))
				if !strings.Contains(string(b), `Evil\\x1b[31m\\n## forged\\u202e`) {
					t.Errorf("index.html: the interactive map's data does not hold the name escaped")
				}
			}}
		}(),

		// Signals stop a writer at its next step, rolled back.
		{family: "signals", name: "SIGTERM during build's swaps", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, filepath.Join(w.data, "curated/coverage.csv"), "Tabel 2.1", "Tabel 2.1 (hlm. 40)")
			return []string{"build", "--data", w.data}
		}, signal: syscall.SIGTERM, pauseAt: "swap 2", code: 143, msg: "cybernorms build: stopped by a signal (terminated) before writing anything more"},
		{family: "signals", name: "SIGINT while build stages", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, filepath.Join(w.data, "curated/coverage.csv"), "Tabel 2.1", "Tabel 2.1 (hlm. 40)")
			return []string{"build", "--data", w.data}
		}, signal: syscall.SIGINT, pauseAt: "write 1", code: 130, msg: "cybernorms build: stopped by a signal (interrupt) before writing anything more"},
		{family: "signals", name: "SIGTERM during refresh's swaps", world: fixtureWorld, setup: func(t *testing.T, w *advWorld) []string {
			addSupporter(w, "2024-02-04T10:00:00+01:00", "_supporters/late-civil-society-FRA.md", gitfixture.Supporter("Late", "civil-society", "", "FRA"))
			return []string{"refresh", "--upstream", w.up.Dir, "--data", w.data}
		}, signal: syscall.SIGTERM, pauseAt: "swap 1", code: 143, msg: "cybernorms refresh: stopped by a signal (terminated) before writing anything more"},
		{family: "signals", name: "SIGTERM while reproduce writes", setup: func(t *testing.T, w *advWorld) []string {
			return []string{"reproduce", "--data", w.data, "--out", reproduceOut(w)}
		}, signal: syscall.SIGTERM, pauseAt: "dir-fill 1", code: 143, msg: "cybernorms reproduce: stopped by a signal (terminated) before writing anything more"},

		// Errors name the line a person edits.
		{family: "errors", name: "bad reference on line 55 of a curated table", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, filepath.Join(w.data, "curated/coverage.csv"), "\nfor-the-web,9,", "\nfor-the-wbe,9,")
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data/curated/coverage.csv:55: field framework_id: "for-the-wbe" matches no id in ROOT/data/curated/frameworks.csv`},
		{family: "errors", name: "claim with a misspelt parameter", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, filepath.Join(w.data, "curated/claims.csv"), "country=IND;", "contry=IND;")
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data/curated/claims.csv:…`, check: func(t *testing.T, w *advWorld, _ string) {}},
		{family: "errors", name: "claim with an unknown country", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, filepath.Join(w.data, "curated/claims.csv"), "country=IND;", "country=INX;")
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data/curated/claims.csv:…`},
		{family: "errors", name: "claim with an unknown metric", setup: func(t *testing.T, w *advWorld) []string {
			replaceFile(t, filepath.Join(w.data, "curated/claims.csv"), ",regions,", ",region_count,")
			return []string{"build", "--data", w.data}
		}, code: 1, msg: `cybernorms build: ROOT/data/curated/claims.csv:…`},

		// The cache: nothing removed that the program did not make.
		{family: "cache", name: "a user's .clone- entry survives a dry run", setup: func(t *testing.T, w *advWorld) []string {
			os.WriteFile(filepath.Join(w.cache, ".clone-notes"), []byte("mine"), 0o644)
			os.Mkdir(filepath.Join(w.cache, ".clone-dir"), 0o755)
			return []string{"refresh", "--dry-run", "--upstream", silentServer(t), "--cache", w.cache, "--data", w.data, "--idle-timeout", "500ms"}
		}, code: 1, msg: "cybernorms refresh: upstream http://…", check: func(t *testing.T, w *advWorld, _ string) {
			if b, err := os.ReadFile(filepath.Join(w.cache, ".clone-notes")); err != nil || string(b) != "mine" {
				t.Errorf("the user's file in the cache is gone: %v", err)
			}
			if _, err := os.Stat(filepath.Join(w.cache, ".clone-dir")); err != nil {
				t.Errorf("the user's directory in the cache is gone: %v", err)
			}
		}},

		// Hostile locations and output directories.
		{family: "locations", name: "remote helper", setup: func(t *testing.T, w *advWorld) []string {
			return []string{"refresh", "--upstream", "ext::sh -c touch% " + filepath.Join(w.root, "pwned"), "--data", w.data}
		}, code: 1, msg: `cybernorms refresh: upstream "ext::sh -c touch% ROOT/pwned": remote-helper transports ("name::address") are not allowed`},
		{family: "locations", name: "option disguised as a location", setup: func(t *testing.T, w *advWorld) []string {
			return []string{"refresh", "--upstream=--upload-pack=touch " + filepath.Join(w.root, "pwned"), "--data", w.data}
		}, code: 1, msg: `cybernorms refresh: upstream "--upload-pack=touch ROOT/pwned": looks like a command-line option, not a repository`},
		{family: "locations", name: "reproduce into a directory it did not write", setup: func(t *testing.T, w *advWorld) []string {
			return []string{"reproduce", "--data", w.data, "--out", w.root}
		}, code: 1, msg: "cybernorms reproduce: --out ROOT: exists and was not written by reproduce (no .cybernorms-reproduce): choose another directory"},
		{family: "locations", name: "reproduce onto a file", setup: func(t *testing.T, w *advWorld) []string {
			return []string{"reproduce", "--data", w.data, "--out", w.victim}
		}, code: 1, msg: "cybernorms reproduce: --out ROOT/victim.txt: exists and is not a directory"},
	}
}

// A hostile supporter: its name would colour the terminal, forge a heading
// of the changelog and reverse the text after it; so would its file name,
// but for the heading (git refuses no byte of a name but "/" and NUL).
const (
	hostileName        = "Evil\x1b[31m\n## forged\u202e"
	hostileEscaped     = `Evil\x1b[31m\n## forged\u202e`
	hostilePath        = "evil\x1b[31m\u202egpj-civil-society-FRA.md"
	hostilePathEscaped = `evil\x1b[31m\u202egpj-civil-society-FRA.md`
)

func addHostile(w *advWorld, category string) {
	nat := "FRA"
	if category == "state" {
		nat = "DEU"
	}
	addSupporter(w, "2024-02-04T10:00:00+01:00", "_supporters/"+strings.Replace(hostilePath, "FRA", nat, 1),
		gitfixture.File("---\nname: \"Evil\\e[31m\\n## forged\\u202E\"\ncategory: "+category+"\nnationality: "+nat+"\n---\n"))
}

// noRawHostile fails when s holds the hostile text unescaped.
func noRawHostile(t *testing.T, what, s string) {
	t.Helper()
	for _, raw := range []string{"\x1b", "\u202e", "\n## forged"} {
		if strings.Contains(s, raw) {
			t.Errorf("%s holds %q raw:\n%s", what, raw, s)
		}
	}
}

func wantStdout(line string) func(t *testing.T, w *advWorld, stdout string) {
	return func(t *testing.T, w *advWorld, stdout string) {
		if !strings.Contains(stdout+"\n", line+"\n") {
			t.Errorf("stdout has no line %q:\n%s", line, stdout)
		}
	}
}

func holdLock(t *testing.T, file, what string) {
	l, err := dirlock.Write(context.Background(), file, what, "cybernorms refresh", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Release() })
}

// crashMidCommit leaves the datasets as a build killed between two swaps
// does: one table new, the rest old, and the journal.
func crashMidCommit(t *testing.T, w *advWorld) {
	b, _ := os.ReadFile(filepath.Join(w.data, "principles.csv"))
	tx := atomicfs.New(w.data)
	tx.Add("supporters.csv", []byte("half-written"))
	tx.Add("principles.csv", append(b, "x"...))
	n := 0
	tx.FailBefore(func(step, rel string) error {
		if step == "swap" {
			if n++; n == 2 {
				return atomicfs.ErrCrash
			}
		}
		return nil
	})
	if _, err := tx.Commit(); err == nil {
		t.Fatal("the commit did not crash")
	}
}

// TestAdversarial runs every hostile case: each ends with its exit status
// and one line, and nothing outside the cache changes (the datasets only
// where a case is meant to write them, and then they validate).
func TestAdversarial(t *testing.T) {
	cases := adversarialCases()
	families := map[string]int{}
	for _, c := range cases {
		families[c.family]++
	}
	t.Logf("%d cases in %d families: %v", len(cases), len(families), families)
	for _, c := range cases {
		t.Run(c.family+"/"+c.name, func(t *testing.T) {
			mk := c.world
			if mk == nil {
				mk = newAdvWorld
			}
			w := mk(t)
			args := c.setup(t, w)
			before, beforeAll := w.digests(t, false), w.digests(t, true)
			var code int
			var stdout, stderr string
			if c.signal != 0 {
				code, stdout = runSignalled(t, c.signal, c.pauseAt, args)
				stderr = stdout
			} else {
				code, stdout, stderr = run(t, args...)
			}
			msg := strings.ReplaceAll(c.msg, "ROOT", w.root)
			lines := errorLines(stderr)
			switch {
			case code != c.code:
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, stdout, stderr)
			case c.code == 0 && len(lines) > 0:
				t.Errorf("succeeded with errors: %q", lines)
			case c.code != 0 && len(lines) != 1:
				t.Errorf("want one error line, got %q", lines)
			case c.code != 0 && strings.HasSuffix(msg, "…") && !strings.HasPrefix(lines[0], strings.TrimSuffix(msg, "…")):
				t.Errorf("error %q\nwant %q", lines[0], msg)
			case c.code != 0 && !strings.HasSuffix(msg, "…") && lines[0] != msg:
				t.Errorf("error %q\nwant %q", lines[0], msg)
			}
			if c.writes {
				if d := testenv.DiffDigests(before, w.digests(t, false)); len(d) > 0 {
					t.Errorf("files outside the datasets and the cache changed: %v", d)
				}
				if code, stdout, stderr := run(t, "validate", "--data", w.data); code != 0 {
					t.Errorf("the datasets written do not validate:\n%s%s", stdout, stderr)
				}
			} else if d := testenv.DiffDigests(withoutTemporaries(beforeAll), withoutTemporaries(w.digests(t, true))); len(d) > 0 {
				t.Errorf("files outside the cache changed: %v", d)
			}
			if c.check != nil {
				c.check(t, w, stdout)
			}
		})
	}
}

// runSignalled runs args in a child that pauses at step; it is sent sig
// there. It returns the exit status and the output.
func runSignalled(t *testing.T, sig syscall.Signal, step string, args []string) (int, string) {
	t.Setenv(pauseEnv, step)
	cmd, out := child(t, args...)
	os.Unsetenv(pauseEnv)
	for i := 0; !strings.Contains(out.String(), "paused\n"); i++ {
		if i > 1200 {
			t.Fatalf("never reached %s: %s", step, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(sig)
	err := cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return code, out.String()
}

// After each input that used to wedge the pipeline, a refresh from the
// upstream once fixed succeeds and the datasets validate.
func TestWedgedUpstreamRecovers(t *testing.T) {
	zone := time.FixedZone("", 99*3600+59*60)
	tests := []struct {
		name       string
		wedge, fix func(w *advWorld)
	}{
		{"colliding paths", func(w *advWorld) {
			w.up.Commit("2024-02-02T10:00:00+01:00", "Collide", map[string]*gitfixture.Entry{
				"_supporters/" + gitfixture.Raw("a/b-civil-society-FRA.md"): gitfixture.Supporter("Slash", "civil-society", "", "FRA"),
				"_supporters/a%2Fb-civil-society-FRA.md":                    gitfixture.Supporter("Percent", "civil-society", "", "FRA"),
			})
		}, func(w *advWorld) {
			w.up.Commit("2024-02-03T10:00:00+01:00", "Fix", map[string]*gitfixture.Entry{"_supporters/" + gitfixture.Raw("a/b-civil-society-FRA.md"): nil})
		}},
		{"time zone +9959", func(w *advWorld) {
			w.up.CommitAt(time.Date(2024, 2, 9, 10, 0, 0, 0, zone), "Odd zone", map[string]*gitfixture.Entry{
				"_supporters/zone-civil-society-FRA.md": gitfixture.Supporter("Zone", "civil-society", "", "FRA")})
		}, func(w *advWorld) {
			addSupporter(w, "2024-02-10T10:00:00+01:00", "_supporters/next-civil-society-FRA.md", gitfixture.Supporter("Next", "civil-society", "", "FRA"))
		}},
		{"commit dated before its parent", func(w *advWorld) {
			addSupporter(w, "2024-01-01T10:00:00+01:00", "_supporters/early-civil-society-FRA.md", gitfixture.Supporter("Early", "civil-society", "", "FRA"))
		}, func(w *advWorld) {
			addSupporter(w, "2024-02-10T10:00:00+01:00", "_supporters/next-civil-society-FRA.md", gitfixture.Supporter("Next", "civil-society", "", "FRA"))
		}},
		{"empty name", func(w *advWorld) {
			addSupporter(w, "2024-02-03T10:00:00+01:00", "_supporters/nameless-civil-society-FRA.md", gitfixture.Supporter("", "civil-society", "", "FRA"))
		}, func(w *advWorld) {
			addSupporter(w, "2024-02-10T10:00:00+01:00", "_supporters/nameless-civil-society-FRA.md", gitfixture.Supporter("Named", "civil-society", "", "FRA"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := fixtureWorld(t)
			for i, step := range []func(*advWorld){tt.wedge, tt.fix} {
				step(w)
				if code, stdout, stderr := run(t, "refresh", "--quiet", "--upstream", w.up.Dir, "--data", w.data); code != 0 {
					t.Fatalf("refresh %d: exit %d\n%s%s", i+1, code, stdout, stderr)
				}
				if code, stdout, stderr := run(t, "validate", "--data", w.data); code != 0 {
					t.Fatalf("after refresh %d: validate exit %d\n%s%s", i+1, code, stdout, stderr)
				}
			}
			if code, stdout, stderr := run(t, "build", "--quiet", "--data", w.data); code != 0 {
				t.Fatalf("build after the fix: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}
