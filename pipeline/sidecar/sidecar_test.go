package sidecar

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// TestCommittedSidecarsAgree is the repository's own consistency check:
// CITATION.cff, the README and the notebooks' outputs agree with the
// committed data package.
func TestCommittedSidecarsAgree(t *testing.T) {
	root := testenv.Root(t)
	if got := Root(testenv.Datasets(t)); got != root {
		t.Fatalf("Root(datasets) = %q, want %q", got, root)
	}
	b, err := os.ReadFile(filepath.Join(testenv.Datasets(t), "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := ReadPackage(b)
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Version == "" || pkg.Rows["supporters"] == 0 {
		t.Fatalf("package %+v", pkg)
	}
	problems, err := Check(root, pkg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

const (
	cff    = "cff-version: 1.2.0\ntitle: x\nversion: 2.0.0\nreferences:\n  - type: thesis\n    version: 9.9.9\n  - type: data\n    commit: fbdf676295ffc43bb803ef65f0f170ac78adb85e\n"
	newPub = "8e399dcd340d82911764d57d77d4293a6095530b"
	readme = "| table | rows | what |\n|---|---:|---|\n| `supporters` | 1230 | every supporter |\n| `other` | 7 | not a resource |\n\n```\n1173 supporters present on 2021-01-18 (history 2019-09-16 to 2024-01-19, datasets 2.0.0)\n```\n"
	nb     = `{"cells": [{"outputs": [{"data": {"text/html": "Cite as: x, data package pkg 2.0.0, as of 2021-01-18"}}]}]}`
)

func scratch(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for rel, s := range map[string]string{CitationFile: cff, ReadmeFile: readme, "notebooks/01_a.ipynb": nb, "datasets/x": ""} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, rel), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestSyncAfterRelease: after a release every sidecar disagrees; Sync brings
// CITATION.cff and the README in step and leaves the notebooks, which Check
// still names with the command that executes them.
func TestSyncAfterRelease(t *testing.T) {
	root := scratch(t)
	if Root(filepath.Join(root, "datasets")) != root || Root(t.TempDir()) != "" {
		t.Fatal("Root does not find the repository root by its CITATION.cff")
	}
	pkg := Package{Name: "pkg", Version: "2.1.0", Rows: map[string]int{"supporters": 1231}, PublicCommit: newPub}
	before, err := Check(root, pkg)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"CITATION.cff: version 2.0.0, the data package is 2.1.0",
		"CITATION.cff: names upstream commit fbdf676295ffc43bb803ef65f0f170ac78adb85e, the data package was read at " + newPub,
		"README.md: table supporters: 1230 rows, the data package has 1231",
		"README.md: quotes query's output for datasets 2.0.0, the data package is 2.1.0 (run `go run ./cmd/cybernorms query --as-of 2021-01-18`",
		"notebooks/01_a.ipynb: committed outputs cite data package 2.0.0, the package is 2.1.0 (run `" + NotebooksCommand + "`",
	}
	if len(before) != len(want) {
		t.Fatalf("before Sync: %v", before)
	}
	for i, w := range want {
		if !strings.HasPrefix(before[i].String(), w) {
			t.Errorf("problem %d: %s\nwant %s…", i, before[i], w)
		}
	}
	written, err := Sync(root, pkg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(written, " ") != "CITATION.cff README.md" {
		t.Errorf("wrote %v", written)
	}
	b, _ := os.ReadFile(filepath.Join(root, CitationFile))
	if !strings.Contains(string(b), "\nversion: 2.1.0\n") || !strings.Contains(string(b), "    version: 9.9.9\n") || !strings.Contains(string(b), "    commit: "+newPub+"\n") {
		t.Errorf("CITATION.cff:\n%s", b)
	}
	b, _ = os.ReadFile(filepath.Join(root, ReadmeFile))
	if !strings.Contains(string(b), "| `supporters` | 1231 |") || !strings.Contains(string(b), "| `other` | 7 |") || !strings.Contains(string(b), "datasets 2.0.0)") {
		t.Errorf("README:\n%s", b)
	}
	after, err := Check(root, pkg)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 2 || after[0].File != ReadmeFile || after[1].File != "notebooks/01_a.ipynb" {
		t.Errorf("after Sync: %v", after)
	}
	if again, _ := Sync(root, pkg); len(again) != 0 {
		t.Errorf("a second Sync wrote %v", again)
	}
}

func TestCitationWithoutVersion(t *testing.T) {
	root := scratch(t)
	if err := os.WriteFile(filepath.Join(root, CitationFile), []byte("cff-version: 1.2.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg := Package{Name: "pkg", Version: "2.0.0"}
	if p, err := Check(root, pkg); err != nil || len(p) != 1 || !strings.Contains(p[0].What, "no top-level version") {
		t.Errorf("%v, %v", p, err)
	}
	if _, err := Sync(root, pkg); err == nil {
		t.Error("Sync wrote a CITATION.cff it could not read a version from")
	}
}

// TestCitationCommitNotPublic: a package read from a copy whose head has no
// public counterpart cannot be traced, and Check says so; Sync leaves the
// citation's commit as it is rather than write one a reader cannot find.
func TestCitationCommitNotPublic(t *testing.T) {
	root := scratch(t)
	pkg := Package{Name: "pkg", Version: "2.0.0", Rows: map[string]int{"supporters": 1230}}
	p, err := Check(root, pkg)
	if err != nil || len(p) != 1 || !strings.Contains(p[0].String(), "the data package names no public commit (refresh from the public repository") {
		t.Errorf("%v, %v", p, err)
	}
	if _, err := Sync(root, pkg); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, CitationFile)); string(b) != cff {
		t.Errorf("CITATION.cff rewritten:\n%s", b)
	}
}

// TestNotebookCitingNothing: a notebook whose outputs cite no version of the
// package cannot be told current, so it is named as such.
func TestNotebookCitingNothing(t *testing.T) {
	root := scratch(t)
	if err := os.WriteFile(filepath.Join(root, "notebooks", "02_uncited.ipynb"), []byte(`{"cells": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ps, err := Check(root, Package{Name: "pkg", Version: "2.0.0", Rows: map[string]int{"supporters": 1230}, PublicCommit: "fbdf676295ffc43bb803ef65f0f170ac78adb85e"})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, p := range ps {
		found = found || strings.HasPrefix(p.String(), "notebooks/02_uncited.ipynb: committed outputs cite no data package version")
	}
	if !found {
		t.Errorf("an uncited notebook is not named: %v", ps)
	}
}
