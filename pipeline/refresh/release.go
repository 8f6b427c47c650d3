package refresh

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/sidecar"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Level is how far a release moves the version.
type Level string

const (
	Major Level = "major" // a table's schema changed
	Minor Level = "minor" // data was added or changed
	Patch Level = "patch" // only the descriptions changed
)

// Release is a new version of the data package.
type Release struct {
	Previous, Version string
	Level             Level
	Date              string
	SchemaChanges     []string // tables whose schema changed
	TablesChanged     []string // resources whose content changed
	Entry             string   // the changelog entry
	Changelog         []byte   // the whole changelog with the entry
}

// maxNames bounds the names listed per kind of change in a changelog entry;
// the change report lists them all.
const maxNames = 12

// newRelease works out the version and changelog entry for a refresh that
// changed something. built is nil when the datasets could not be rebuilt.
// With no committed descriptor there is no previous release to move from,
// and it returns nil; likewise when the changelog holds a release recorded
// but not yet built and the snapshot has not changed since.
func newRelease(opts Options, r Report, drift []Finding, snapshotChanged bool, built map[string][]byte) (*Release, error) {
	descPath := filepath.Join(opts.Dir, build.DescriptorFile)
	db, err := os.ReadFile(descPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	committed, err := schema.ParseDescriptor(db)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", descPath, err)
	}
	clPath := filepath.Join(opts.Dir, build.ChangelogFile)
	cl, err := os.ReadFile(clPath)
	if err != nil {
		return nil, err
	}
	prev, err := build.ParseVersion(cl, clPath)
	if err != nil {
		return nil, err
	}
	if committed.Version != prev && !snapshotChanged {
		// The changelog already has the newest release, which an earlier
		// refresh recorded without rebuilding: this run builds it.
		return nil, nil
	}
	rel := &Release{Previous: prev, Date: opts.Date.String(), SchemaChanges: schema.ChangedSchemas(committed)}
	if b, ok := built[build.DescriptorFile]; ok {
		d, err := schema.ParseDescriptor(b)
		if err != nil {
			return nil, err
		}
		rel.TablesChanged = changedResources(committed, d)
	}
	switch {
	case len(rel.SchemaChanges) > 0:
		rel.Level = Major
	case snapshotChanged || len(rel.TablesChanged) > 0:
		rel.Level = Minor
	default:
		rel.Level = Patch
	}
	if rel.Version, err = bump(prev, rel.Level); err != nil {
		return nil, fmt.Errorf("%s: %w", clPath, err)
	}
	rel.Entry = rel.entry(r, drift, built == nil)
	rel.Changelog = insertEntry(cl, rel.Entry)
	return rel, nil
}

// bump moves a semantic version by one level.
func bump(v string, l Level) (string, error) {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return "", fmt.Errorf("version %q is not X.Y.Z", v)
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return "", fmt.Errorf("version %q is not X.Y.Z", v)
		}
		n[i] = x
	}
	switch l {
	case Major:
		n = [3]int{n[0] + 1, 0, 0}
	case Minor:
		n = [3]int{n[0], n[1] + 1, 0}
	default:
		n[2]++
	}
	return fmt.Sprintf("%d.%d.%d", n[0], n[1], n[2]), nil
}

// changedResources lists the resources, by name, whose files differ between
// two descriptors, or that only one of them has.
func changedResources(a, b *schema.Descriptor) []string {
	sig := func(d *schema.Descriptor) map[string]string {
		m := map[string]string{}
		for _, r := range d.Resources {
			s := r.Hash
			for _, alt := range r.Alternates {
				s += " " + alt.Hash
			}
			m[r.Name] = s
		}
		return m
	}
	sa, sb := sig(a), sig(b)
	var out []string
	for n, s := range sb {
		if sa[n] != s {
			out = append(out, n)
		}
	}
	for n := range sa {
		if _, ok := sb[n]; !ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// entry is the changelog entry: what changed upstream, counted by kind and
// category with names, what drifted, and what changed in the package.
func (rel *Release) entry(r Report, drift []Finding, notBuilt bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s (%s)\n\n", rel.Version, rel.Date)
	switch {
	case len(r.Changes) == 0 && len(r.Vanished) > 0:
		fmt.Fprintf(&b, "The upstream history was rewritten (now to %s): %d supporter file(s) vanished from it without a removal.\n", r.To, len(r.Vanished))
	case len(r.Changes) == 0:
		b.WriteString("No change to the supporter history.\n")
	default:
		counts := r.Count()
		var parts []string
		for _, k := range reportKinds {
			if byCat := counts[k]; len(byCat) > 0 {
				parts = append(parts, fmt.Sprintf("%d %s (%s)", sum(byCat), k, categoryCounts(byCat)))
			}
		}
		fmt.Fprintf(&b, "Supporter history refreshed to %s: %s.\n", r.To, strings.Join(parts, ", "))
	}
	for _, k := range reportKinds {
		var items []string
		for _, c := range r.Changes {
			if c.Kind == k {
				items = append(items, c.short())
			}
		}
		if len(items) == 0 {
			continue
		}
		if len(items) > maxNames {
			items = append(items[:maxNames], fmt.Sprintf("and %d more", len(items)-maxNames))
		}
		fmt.Fprintf(&b, "\n- %s%s: %s.", strings.ToUpper(string(k[:1])), k[1:], strings.Join(items, "; "))
	}
	if len(r.Changes) > 0 {
		b.WriteString("\n")
	}
	if len(drift) > 0 {
		fmt.Fprintf(&b, "\nUpstream drift, kept as published (%d):\n\n", len(drift))
		for i, f := range drift {
			if i == maxNames {
				fmt.Fprintf(&b, "- and %d more\n", len(drift)-maxNames)
				break
			}
			fmt.Fprintf(&b, "- %s\n", f)
		}
	}
	b.WriteString("\n")
	if len(rel.SchemaChanges) > 0 {
		fmt.Fprintf(&b, "Schema changed: %s.\n", strings.Join(rel.SchemaChanges, ", "))
	}
	switch {
	case notBuilt:
		b.WriteString("The datasets were not rebuilt with this snapshot; run `cybernorms build`.\n")
	case len(rel.TablesChanged) > 0:
		fmt.Fprintf(&b, "Resources changed: %s.\n", strings.Join(rel.TablesChanged, ", "))
	case len(rel.SchemaChanges) > 0:
		b.WriteString("No data changed.\n")
	default:
		b.WriteString("Descriptions changed; no data did.\n")
	}
	return b.String()
}

// reportKinds is the order kinds are reported in.
var reportKinds = []snapshot.Kind{snapshot.Added, snapshot.Removed, snapshot.Renamed, snapshot.Modified}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// categoryCounts renders counts by category, largest first.
func categoryCounts(m map[string]int) string {
	type kv struct {
		k string
		v int
	}
	var kvs []kv
	for k, v := range m {
		if k == "" {
			k = "no category"
		}
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool {
		if kvs[i].v != kvs[j].v {
			return kvs[i].v > kvs[j].v
		}
		return kvs[i].k < kvs[j].k
	})
	var parts []string
	for _, x := range kvs {
		parts = append(parts, fmt.Sprintf("%s %d", x.k, x.v))
	}
	return strings.Join(parts, ", ")
}

// insertEntry puts entry above the newest release heading.
func insertEntry(changelog []byte, entry string) []byte {
	at := len(changelog)
	if bytes.HasPrefix(changelog, []byte("## ")) {
		at = 0
	} else if i := bytes.Index(changelog, []byte("\n## ")); i >= 0 {
		at = i + 1
	}
	var b bytes.Buffer
	b.Write(changelog[:at])
	if at == len(changelog) && at > 0 && !bytes.HasSuffix(changelog, []byte("\n\n")) {
		b.WriteString("\n")
	}
	b.WriteString(entry)
	if at < len(changelog) {
		b.WriteString("\n")
	}
	b.Write(changelog[at:])
	return b.Bytes()
}

// RReferenceInput is the states' joining rows the R reference script of
// the survival package reads, relative to the repository root; its
// estimates (testdata/golden beside it) are what the published
// time-to-event tables are checked against.
const RReferenceInput = "analysis/survival/testdata/joining.csv"

// timeToEvent are the resources derived from the states' joining spells,
// which R's reference estimates are computed from.
var timeToEvent = []string{"joining", "joining_km", "joining_cox", "joining_tests"}

// Finish brings the repository around the datasets directory dir in step
// with the release written there: CITATION.cff's version and the README's
// row counts and quoted version (sidecar.Sync). It returns the files it
// wrote, relative to the repository root, and what is still out of step —
// the notebooks, whose outputs only executing them renews, and, where the
// release changed the time-to-event tables, R's reference estimates they
// are tested against (only R renews them; validate checks the package, not
// the tests' references) — each with the command that fixes it. A datasets
// directory outside a repository has nothing to finish.
func (rel *Release) Finish(dir string) (written []string, left []sidecar.Problem, err error) {
	root := sidecar.Root(dir)
	if root == "" {
		return nil, nil, nil
	}
	b, err := os.ReadFile(filepath.Join(dir, build.DescriptorFile))
	if err != nil {
		return nil, nil, err
	}
	pkg, err := sidecar.ReadPackage(b)
	if err != nil {
		return nil, nil, err
	}
	if pkg.Version != rel.Version {
		return nil, nil, fmt.Errorf("%s: version %s, not the release's %s: the datasets were not rebuilt (run cybernorms build first)", filepath.Join(dir, build.DescriptorFile), pkg.Version, rel.Version)
	}
	if written, err = sidecar.Sync(root, pkg); err != nil {
		return nil, nil, err
	}
	if left, err = sidecar.Check(root, pkg); err != nil {
		return written, left, err
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(RReferenceInput))); err == nil && changedAny(rel.TablesChanged, timeToEvent) {
		left = append(left, sidecar.Problem{
			File: RReferenceInput,
			What: fmt.Sprintf("R's reference estimates of the time-to-event tables (testdata/golden beside it) are for the data before %s, which changed %s", rel.Version, strings.Join(changedOf(rel.TablesChanged, timeToEvent), ", ")),
			Fix:  "run `go test ./pipeline/build -run TestJoiningRInputCurrent -regen`, then in analysis/survival `Rscript testdata/survival.R testdata testdata/golden`; check the new estimates, then commit them",
		})
	}
	return written, left, nil
}

// changedOf lists the tables of want among changed.
func changedOf(changed, want []string) []string {
	var out []string
	for _, c := range changed {
		for _, w := range want {
			if c == w {
				out = append(out, c)
			}
		}
	}
	return out
}

func changedAny(changed, want []string) bool { return len(changedOf(changed, want)) > 0 }
