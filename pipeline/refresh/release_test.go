package refresh

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/sidecar"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
	"github.com/cybernorms/cybernorms/pipeline/validate"
)

// TestReleaseLeavesThePackageWhole drives a refresh with one new supporter
// end to end in a scratch copy of the repository (its datasets, CITATION.cff,
// README and notebooks) against a copy of the upstream with one commit
// added, then runs the consistency checks: validate refuses the released
// package until CITATION.cff and the README are in step, Finish brings them
// in step, and what is left is the notebooks, each named with the command
// that executes them.
func TestReleaseLeavesThePackageWhole(t *testing.T) {
	up := filepath.Join(t.TempDir(), "upstream.git")
	testenv.CopyTree(t, testenv.Upstream(t), up, func(string) bool { return true })
	// A supporter the copy lacks, listed after its last commit: once a
	// refresh has added Zeta Institute to the package (and the reference
	// copy), the next one is new again.
	name, file, when := newSupporter(t, up)
	addSupporter(t, up, when, "Create "+file, file, "---\nname: \""+name+"\"\ncategory: civil-society\nnature: \"ONG\"\nnationality: FRA\n---\n")

	root := t.TempDir()
	src := testenv.Root(t)
	testenv.CopyTree(t, src, root, func(rel string) bool {
		return rel == sidecar.CitationFile || rel == sidecar.ReadmeFile || rel == RReferenceInput ||
			strings.HasPrefix(rel, sidecar.NotebooksDir+"/") && strings.HasSuffix(rel, ".ipynb") && !strings.Contains(rel[len(sidecar.NotebooksDir)+1:], "/")
	})
	dir := filepath.Join(root, "datasets")
	testenv.CopyTree(t, testenv.Datasets(t), dir, func(rel string) bool { return !strings.HasSuffix(rel, ".go") })
	committed, err := sidecar.ReadPackage([]byte(readFile(t, filepath.Join(dir, build.DescriptorFile))))
	if err != nil {
		t.Fatal(err)
	}

	source, err := upstream.ParseSource(up)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Dir: dir, Source: source, CacheDir: t.TempDir(), Date: civil.Of(when.AddDate(0, 0, 1))})
	if err != nil {
		t.Fatal(err)
	}
	rel := res.Release
	if rel == nil || rel.Level != Minor || rel.Previous != committed.Version {
		t.Fatalf("release %+v; report %s", rel, res.Report.Summary())
	}
	if !strings.Contains(rel.Entry, "Added: "+name+" (civil-society)") {
		t.Errorf("changelog entry:\n%s", rel.Entry)
	}
	pkg, err := sidecar.ReadPackage([]byte(readFile(t, filepath.Join(dir, build.DescriptorFile))))
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Version != rel.Version || pkg.Rows["supporters"] != committed.Rows["supporters"]+1 {
		t.Fatalf("released package %s with %d supporters; was %s with %d", pkg.Version, pkg.Rows["supporters"], committed.Version, committed.Rows["supporters"])
	}

	// As released, the package is inconsistent, and validate says so.
	report, err := validate.Run(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CITATION.cff: version " + committed.Version, "README.md: table supporters", "notebooks/01_reproduce_chapter.ipynb"} {
		if !strings.Contains(strings.Join(report.Violations, "\n"), want) {
			t.Errorf("validate of the released package does not report %q:\n%s", want, strings.Join(report.Violations, "\n"))
		}
	}

	written, left, err := rel.Finish(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(written, " ") != "CITATION.cff README.md" {
		t.Errorf("Finish wrote %v", written)
	}
	// Left: the citation's upstream commit (the commit added to the copy
	// has no public counterpart: only a refresh from the public repository
	// gives one), the query output the README quotes, the notebooks, and
	// R's reference estimates of the time-to-event tables, which the new
	// day of the history moves (their follow-up ends on it).
	nbs, _ := filepath.Glob(filepath.Join(root, sidecar.NotebooksDir, "*.ipynb"))
	if len(left) != 3+len(nbs) || len(nbs) == 0 {
		t.Fatalf("left out of step %v; notebooks %v", left, nbs)
	}
	ref := left[len(left)-1]
	if ref.File != RReferenceInput || !strings.Contains(ref.What, "joining") || !strings.Contains(ref.Fix, "go test ./pipeline/build -run TestJoiningRInputCurrent -regen") || !strings.Contains(ref.Fix, "Rscript testdata/survival.R") {
		t.Errorf("left: %s", ref)
	}
	left = left[:len(left)-1] // the tests' reference, not the package: validate does not check it
	if left[0].File != sidecar.CitationFile || !strings.Contains(left[0].What, "names no public commit") {
		t.Errorf("left: %s", left[0])
	}
	if left[1].File != sidecar.ReadmeFile || !strings.Contains(left[1].Fix, "cybernorms query --as-of 2021-01-18") {
		t.Errorf("left: %s", left[1])
	}
	for _, p := range left[2:] {
		if !strings.HasPrefix(p.File, sidecar.NotebooksDir+"/") || !strings.Contains(p.Fix, sidecar.NotebooksCommand) {
			t.Errorf("left: %s", p)
		}
	}

	// The consistency checks: validate now reports exactly what is left.
	report, err = validate.Run(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range left {
		want = append(want, p.String())
	}
	if strings.Join(report.Violations, "\n") != strings.Join(want, "\n") {
		t.Errorf("after Finish, validate reports:\n%s\nwant:\n%s", strings.Join(report.Violations, "\n"), strings.Join(want, "\n"))
	}
	if cff := readFile(t, filepath.Join(root, sidecar.CitationFile)); !strings.Contains(cff, "\nversion: "+rel.Version+"\n") {
		t.Errorf("CITATION.cff not at %s", rel.Version)
	}
}

// newSupporter names a supporter file the default branch of the bare
// repository at dir does not hold (Zeta Institute, or Zeta Institute 2, 3…
// where a refresh has already brought it in) and a time after its last
// commit, 30 November 2026 at the earliest.
func newSupporter(t *testing.T, dir string) (name, file string, when time.Time) {
	t.Helper()
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	top, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	sub, err := top.Tree("_supporters")
	if err != nil {
		t.Fatal(err)
	}
	name, file = "Zeta Institute", "zeta-institute-civil-society-FRA.md"
	for n := 2; ; n++ {
		if _, err := sub.FindEntry(file); err != nil {
			break
		}
		name, file = fmt.Sprintf("Zeta Institute %d", n), fmt.Sprintf("zeta-institute-%d-civil-society-FRA.md", n)
	}
	when = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	if last := c.Committer.When.UTC().AddDate(0, 0, 1); last.After(when) {
		when = last
	}
	return name, file, when
}

// addSupporter commits one new supporter file on top of the default branch
// of the bare repository at dir.
func addSupporter(t *testing.T, dir string, when time.Time, msg, name, content string) {
	t.Helper()
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	top, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	sub, err := top.Tree("_supporters")
	if err != nil {
		t.Fatal(err)
	}
	store := func(o interface {
		Encode(plumbing.EncodedObject) error
	}, typ plumbing.ObjectType) plumbing.Hash {
		obj := r.Storer.NewEncodedObject()
		obj.SetType(typ)
		if err := o.Encode(obj); err != nil {
			t.Fatal(err)
		}
		h, err := r.Storer.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	blob := r.Storer.NewEncodedObject()
	blob.SetType(plumbing.BlobObject)
	w, _ := blob.Writer()
	w.Write([]byte(content))
	w.Close()
	bh, err := r.Storer.SetEncodedObject(blob)
	if err != nil {
		t.Fatal(err)
	}
	entries := append(append([]object.TreeEntry{}, sub.Entries...), object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: bh})
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	subHash := store(&object.Tree{Entries: entries}, plumbing.TreeObject)
	topEntries := append([]object.TreeEntry{}, top.Entries...)
	for i := range topEntries {
		if topEntries[i].Name == "_supporters" {
			topEntries[i].Hash = subHash
		}
	}
	sig := object.Signature{Name: "fixture", Email: "fixture@example.invalid", When: when}
	nc := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: store(&object.Tree{Entries: topEntries}, plumbing.TreeObject), ParentHashes: []plumbing.Hash{head.Hash()}}
	if err := r.Storer.SetReference(plumbing.NewHashReference(head.Name(), store(nc, plumbing.CommitObject))); err != nil {
		t.Fatal(err)
	}
}
