package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/gitfixture"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/pipeline/frontmatter"
)

// hostileWorld is a directory holding the datasets, the cache and a file an
// attacker would like to read or overwrite; outside returns digests of
// everything but the datasets and the cache.
type hostileWorld struct {
	root, data, cache, victim string
}

func newHostileWorld(t *testing.T) *hostileWorld {
	root := t.TempDir()
	w := &hostileWorld{root: root, data: filepath.Join(root, "data"), cache: filepath.Join(root, "cache"), victim: filepath.Join(root, "victim.txt")}
	testenv.CopyTree(t, dataCopy(t), w.data, func(string) bool { return true })
	// The reviewed links and the claims name supporters of the real upstream.
	for _, f := range []string{"curated/supporter_links.csv", "curated/claims.csv", "curated/evidence.csv", "curated/duplicate_review.csv", "curated/adherence_events.csv", "curated/instrument_totals.csv"} {
		edit(t, filepath.Join(w.data, f), func(s string) string { return s[:strings.IndexByte(s, '\n')+1] })
	}
	os.WriteFile(w.victim, []byte("SECRET-VICTIM-CONTENT\n"), 0o644)
	return w
}

func (w *hostileWorld) outside(t *testing.T) map[string]string {
	d := testenv.Digests(t, w.root)
	for k := range d {
		if strings.HasPrefix(k, "data/") || strings.HasPrefix(k, "cache/") {
			delete(d, k)
		}
	}
	return d
}

// aliasBomb is YAML whose aliases expand to 9^20 nodes.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("---\na: &a [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 20; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n", i, i)
	}
	b.WriteString("name: bomb\ncategory: state\n---\n")
	return b.String()
}

// TestHostileUpstream serves, over HTTP, a repository built to attack the
// refresh: names that climb out of the directory or are absolute, symbolic
// links to files outside, a file over the size limit, text that is not
// UTF-8, a YAML alias bomb. --strict rejects it naming each; the default
// refresh keeps each as an unreadable row. Nothing is read or written
// outside the datasets and the cache.
func TestHostileUpstream(t *testing.T) {
	w := newHostileWorld(t)
	r := gitfixture.New(t)
	r.Commit("2024-02-01T10:00:00+01:00", "Hostile", map[string]*gitfixture.Entry{
		"_data/country-codes.csv":                               gitfixture.File(countryCodes),
		"_supporters/ok-state-FRA.md":                           gitfixture.Supporter("France", "state", "UE", "FRA"),
		"_supporters/" + gitfixture.Raw("../../victim.txt"):     gitfixture.Supporter("Climber", "state", "", "FRA"),
		"_supporters/" + gitfixture.Raw(".."):                   gitfixture.File("x"),
		"_supporters/" + gitfixture.Raw(w.root+"/abs-pwned.md"): gitfixture.Supporter("Absolute", "state", "", "FRA"),
		"_supporters/link-out.md":                               gitfixture.Symlink("../../victim.txt"),
		"_supporters/link-abs.md":                               gitfixture.Symlink(w.victim),
		"_supporters/huge.md":                                   gitfixture.File("---\nname: " + strings.Repeat("A", frontmatter.MaxSize) + "\n---\n"),
		"_supporters/latin1.md":                                 gitfixture.File("---\nname: Universit\xe9\ncategory: civil-society\n---\n"),
		"_supporters/bomb.md":                                   gitfixture.File(aliasBomb()),
	})
	os.Remove(filepath.Join(w.data, "snapshot/supporter_changes.csv"))
	srv := serveGit(t, filepath.Dir(r.Dir))
	url := srv.URL + "/" + filepath.Base(r.Dir)
	before, outside := testenv.Digests(t, w.data), w.outside(t)

	wantDrift := []string{
		`drift: 2024-02-01 _supporters/"..": cannot be read: unsafe file name "..": not read`,
		fmt.Sprintf(`drift: 2024-02-01 _supporters/%s: cannot be read: unsafe file name %q: not read`, strings.ReplaceAll(w.root+"/abs-pwned.md", "/", "%2F"), w.root+"/abs-pwned.md"),
		`drift: 2024-02-01 _supporters/..%2F..%2Fvictim.txt: cannot be read: unsafe file name "../../victim.txt": not read`,
		`drift: 2024-02-01 _supporters/bomb.md: cannot be read: line 2: YAML anchors and aliases are not allowed in front matter`,
		fmt.Sprintf(`drift: 2024-02-01 _supporters/huge.md: cannot be read: file is %d bytes, over the %d-byte limit: not read`, frontmatter.MaxSize+15, frontmatter.MaxSize),
		`drift: 2024-02-01 _supporters/latin1.md: cannot be read: line 2: text is not valid UTF-8`,
		`drift: 2024-02-01 _supporters/link-abs.md: cannot be read: symbolic link: not followed`,
		`drift: 2024-02-01 _supporters/link-out.md: cannot be read: symbolic link: not followed`,
	}
	code, stdout, stderr := run(t, "refresh", "--strict", "--upstream", url, "--cache", w.cache, "--data", w.data)
	var drift []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "drift: ") {
			drift = append(drift, l)
		}
	}
	if code != 1 || strings.Join(drift, "\n") != strings.Join(wantDrift, "\n") {
		t.Errorf("strict refresh: exit %d, drift:\n%s\nwant exit 1 and\n%s", code, strings.Join(drift, "\n"), strings.Join(wantDrift, "\n"))
	}
	if errs := errorLines(stderr); len(errs) != 1 || errs[0] != "cybernorms refresh: upstream drift, nothing written (8 finding(s)); first: "+strings.TrimPrefix(wantDrift[0], "drift: ") {
		t.Errorf("strict refresh: stderr %q", stderr)
	}
	if d := testenv.DiffDigests(before, testenv.Digests(t, w.data)); len(d) > 0 {
		t.Errorf("strict refresh wrote %v", d)
	}

	code, stdout, stderr = run(t, "refresh", "--upstream", url, "--cache", w.cache, "--data", w.data)
	if code != 0 {
		t.Fatalf("lenient refresh: exit %d\n%s%s", code, stdout, stderr)
	}
	snap, _ := os.ReadFile(filepath.Join(w.data, "snapshot/supporter_changes.csv"))
	if strings.Contains(string(snap), "SECRET") || strings.Count(string(snap), "\n") != 10 {
		t.Errorf("snapshot: want a row per entry (9) and no content from outside:\n%s", snap)
	}
	if _, err := os.Stat(filepath.Join(w.root, "abs-pwned.md")); err == nil {
		t.Errorf("a file was written at the absolute path an entry named")
	}
	if d := testenv.DiffDigests(outside, w.outside(t)); len(d) > 0 {
		t.Errorf("files outside the datasets and the cache changed: %v", d)
	}
}

// A supporters directory replaced by a link to elsewhere would otherwise read
// as every supporter withdrawing at once.
func TestUpstreamSupportersDirectoryIsALink(t *testing.T) {
	w := newHostileWorld(t)
	r := gitfixture.New(t)
	r.Commit("2024-02-01T10:00:00+01:00", "Fine", map[string]*gitfixture.Entry{
		"_data/country-codes.csv":     gitfixture.File(countryCodes),
		"_supporters/ok-state-FRA.md": gitfixture.Supporter("France", "state", "UE", "FRA"),
	})
	r.Commit("2024-02-02T10:00:00+01:00", "Hostile", map[string]*gitfixture.Entry{
		"_supporters/ok-state-FRA.md": nil,
		"_supporters":                 gitfixture.Symlink("/etc"),
	})
	before, outside := testenv.Digests(t, w.data), w.outside(t)
	code, _, stderr := run(t, "refresh", "--quiet", "--upstream", r.Dir, "--data", w.data)
	if want := "cybernorms refresh: upstream " + r.Dir + ": commit 1 (2024-02-02): _supporters is a symbolic link, not a directory: not followed\n"; code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr, want)
	}
	if d := testenv.DiffDigests(before, testenv.Digests(t, w.data)); len(d) > 0 {
		t.Errorf("refresh wrote %v", d)
	}
	if d := testenv.DiffDigests(outside, w.outside(t)); len(d) > 0 {
		t.Errorf("files outside the datasets changed: %v", d)
	}
}

const unboundedWhy = "ssh, git and user@host:path reads cannot be bounded in time or size; use the repository's https URL, or clone it with git yourself and pass the local path"

// Locations that would make a git client run a program, or read without
// bounds, are refused before anything runs.
func TestDangerousUpstreamLocations(t *testing.T) {
	w := newHostileWorld(t)
	marker := filepath.Join(w.root, "pwned")
	tests := []struct{ upstream, want string }{
		{"ext::sh -c touch% " + marker, `cybernorms refresh: upstream "ext::sh -c touch% ` + marker + `": remote-helper transports ("name::address") are not allowed`},
		{"fd::3", `cybernorms refresh: upstream "fd::3": remote-helper transports ("name::address") are not allowed`},
		{"--upload-pack=touch " + marker, `cybernorms refresh: upstream "--upload-pack=touch ` + marker + `": looks like a command-line option, not a repository`},
		{"https://-oProxyCommand=sh/x", `cybernorms refresh: upstream "https://-oProxyCommand=sh/x": host looks like a command-line option`},
		// Transports whose reads go-git cannot bound are refused before any dial.
		{"ssh://-oProxyCommand=sh/x", `cybernorms refresh: upstream "ssh://-oProxyCommand=sh/x": ` + unboundedWhy},
		{"git://127.0.0.1:1/x.git", `cybernorms refresh: upstream "git://127.0.0.1:1/x.git": ` + unboundedWhy},
		{"git@127.0.0.1:x.git", `cybernorms refresh: upstream "git@127.0.0.1:x.git": ` + unboundedWhy},
		{"https://example.org/x\n--upload-pack=touch", `cybernorms refresh: upstream "https://example.org/x\n--upload-pack=touch": contains control characters`},
		{"file://" + w.victim, `cybernorms refresh: upstream ` + w.victim + `: not a directory, so not a git repository`},
	}
	for _, tt := range tests {
		t.Run(tt.upstream, func(t *testing.T) {
			before, outside := testenv.Digests(t, w.data), w.outside(t)
			code, _, stderr := run(t, "refresh", "--upstream", tt.upstream, "--cache", w.cache, "--data", w.data)
			if code != 1 || stderr != tt.want+"\n" {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Fatalf("a program ran")
			}
			if d := testenv.DiffDigests(before, testenv.Digests(t, w.data)); len(d) > 0 {
				t.Errorf("refresh wrote %v", d)
			}
			if d := testenv.DiffDigests(outside, w.outside(t)); len(d) > 0 {
				t.Errorf("files outside the datasets changed: %v", d)
			}
		})
	}
}
