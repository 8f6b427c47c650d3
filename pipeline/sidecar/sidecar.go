package sidecar

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"

	"github.com/cybernorms/cybernorms/support/atomicfs"
)

// The sidecar files, relative to the repository root.
const (
	CitationFile = "CITATION.cff"
	ReadmeFile   = "README.md"
	NotebooksDir = "notebooks"
)

// NotebooksCommand is what brings the notebooks' committed outputs in step.
const NotebooksCommand = "go run ./cmd/cybernorms notebooks run"

// Root returns the repository root the datasets directory dir is in: its
// parent, when that holds CITATION.cff; "" for a datasets directory on its
// own, which has no sidecar files to keep in step.
func Root(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	root := filepath.Dir(abs)
	if _, err := os.Stat(filepath.Join(root, CitationFile)); err != nil {
		return ""
	}
	return root
}

// Package is what the sidecar files must agree with, read from
// datapackage.json.
type Package struct {
	Name, Version string
	Rows          map[string]int // rows by resource name
	// PublicCommit is the public upstream commit the supporter history was
	// read at (x-upstream public_commit), "" when none is recorded.
	PublicCommit string
}

// ReadPackage reads a descriptor's name, version and row counts.
func ReadPackage(descriptor []byte) (Package, error) {
	var d struct {
		Name      string
		Version   string
		Resources []struct {
			Name string
			Rows *int `json:"x-rows"`
		}
		Upstream *struct {
			PublicCommit string `json:"public_commit"`
		} `json:"x-upstream"`
	}
	if err := json.Unmarshal(descriptor, &d); err != nil {
		return Package{}, fmt.Errorf("datapackage.json: %w", err)
	}
	p := Package{Name: d.Name, Version: d.Version, Rows: map[string]int{}}
	if d.Upstream != nil {
		p.PublicCommit = d.Upstream.PublicCommit
	}
	for _, r := range d.Resources {
		if r.Rows != nil {
			p.Rows[r.Name] = *r.Rows
		}
	}
	return p, nil
}

// Problem is one place a sidecar file disagrees with the package.
type Problem struct {
	File string // relative to the root
	What string
	Fix  string // what brings it in step
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s (%s)", p.File, p.What, p.Fix) }

var (
	cffVersionRE = regexp.MustCompile(`(?m)^version: *(\S*) *$`)
	rowRE        = regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\| ([0-9]+) \\|")
	// The upstream's reference in CITATION.cff names the commit read.
	cffCommitRE = regexp.MustCompile(`(?m)^( +commit: )([0-9a-f]{40}) *$`)
	// The README quotes query's output, which names the package version.
	queryOutRE = regexp.MustCompile(`present on ([0-9]{4}-[0-9]{2}-[0-9]{2}) \(history [^,)]*, datasets ([0-9]+\.[0-9]+\.[0-9]+)\)`)
)

// syncCommand is what brings CITATION.cff and the README in step.
const syncCommand = "refresh does it after a release; by hand: set it to the package's"

// Check lists where root's sidecar files disagree with pkg. A missing README
// or notebooks directory is not a disagreement; a missing CITATION.cff is.
func Check(root string, pkg Package) ([]Problem, error) {
	var out []Problem
	cff, err := os.ReadFile(filepath.Join(root, CitationFile))
	if err != nil {
		return nil, err
	}
	if v, ok := citationVersion(cff); !ok {
		out = append(out, Problem{CitationFile, "no top-level version line", "add `version: " + pkg.Version + "`"})
	} else if v != pkg.Version {
		out = append(out, Problem{CitationFile, fmt.Sprintf("version %s, the data package is %s", v, pkg.Version), syncCommand})
	}
	for _, m := range cffCommitRE.FindAllSubmatch(cff, -1) {
		switch c := string(m[2]); {
		case pkg.PublicCommit == "":
			out = append(out, Problem{CitationFile, "names upstream commit " + c + ", and the data package names no public commit",
				"refresh from the public repository, whose commits readers can find"})
		case c != pkg.PublicCommit:
			out = append(out, Problem{CitationFile, fmt.Sprintf("names upstream commit %s, the data package was read at %s", c, pkg.PublicCommit), syncCommand})
		}
	}
	readme, err := readOptional(filepath.Join(root, ReadmeFile))
	if err != nil {
		return nil, err
	}
	for _, m := range rowRE.FindAllSubmatch(readme, -1) {
		name, n := string(m[1]), string(m[2])
		if want, ok := pkg.Rows[name]; ok && n != strconv.Itoa(want) {
			out = append(out, Problem{ReadmeFile, fmt.Sprintf("table %s: %s rows, the data package has %d", name, n, want), syncCommand})
		}
	}
	for _, m := range queryOutRE.FindAllSubmatch(readme, -1) {
		if string(m[2]) != pkg.Version {
			out = append(out, Problem{ReadmeFile, fmt.Sprintf("quotes query's output for datasets %s, the data package is %s", m[2], pkg.Version),
				fmt.Sprintf("run `go run ./cmd/cybernorms query --as-of %s` and put its output in place of the quoted one", m[1])})
		}
	}
	nbs, err := filepath.Glob(filepath.Join(root, NotebooksDir, "*.ipynb"))
	if err != nil {
		return nil, err
	}
	sort.Strings(nbs)
	citesRE := regexp.MustCompile(`data package ` + regexp.QuoteMeta(pkg.Name) + ` ([0-9]+\.[0-9]+\.[0-9]+)`)
	for _, nb := range nbs {
		b, err := os.ReadFile(nb)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		cites := citesRE.FindAllSubmatch(b, -1)
		if len(cites) == 0 {
			// A notebook that cites no version cannot be told current or
			// stale: each shows at least one exhibit with its citation.
			rel, _ := filepath.Rel(root, nb)
			out = append(out, Problem{filepath.ToSlash(rel), "committed outputs cite no data package version, so they cannot be told current",
				"show an exhibit with study.Cite, then run `" + NotebooksCommand + "`"})
		}
		for _, m := range cites {
			if v := string(m[1]); v != pkg.Version && !seen[v] {
				seen[v] = true
				rel, _ := filepath.Rel(root, nb)
				out = append(out, Problem{filepath.ToSlash(rel), fmt.Sprintf("committed outputs cite data package %s, the package is %s", v, pkg.Version),
					"run `" + NotebooksCommand + "`; where it reports a key number no output contains (the notebook's metadata, cybernorms.expect), check the new value and update it; then commit the notebooks"})
			}
		}
	}
	return out, nil
}

// Sync rewrites CITATION.cff's version and upstream commit (when pkg names
// a public one) and the README's row counts to pkg's,
// and returns the files it changed. The notebooks and the README's quoted
// query output are left to the commands Check names: only running them
// renews what they show.
func Sync(root string, pkg Package) ([]string, error) {
	tx := atomicfs.New(root)
	cff, err := os.ReadFile(filepath.Join(root, CitationFile))
	if err != nil {
		return nil, err
	}
	if _, ok := citationVersion(cff); !ok {
		return nil, fmt.Errorf("%s: no top-level version line", filepath.Join(root, CitationFile))
	}
	cff = cffVersionRE.ReplaceAll(cff, []byte("version: "+pkg.Version))
	if pkg.PublicCommit != "" {
		cff = cffCommitRE.ReplaceAll(cff, []byte("${1}"+pkg.PublicCommit))
	}
	tx.Add(CitationFile, cff)
	readme, err := readOptional(filepath.Join(root, ReadmeFile))
	if err != nil {
		return nil, err
	}
	if readme != nil {
		readme = rowRE.ReplaceAllFunc(readme, func(m []byte) []byte {
			sub := rowRE.FindSubmatch(m)
			n, ok := pkg.Rows[string(sub[1])]
			if !ok {
				return m
			}
			return []byte(fmt.Sprintf("| `%s` | %d |", sub[1], n))
		})
		tx.Add(ReadmeFile, readme)
	}
	res, err := tx.Commit()
	if err != nil {
		return nil, err
	}
	return res.Written, nil
}

// citationVersion returns CITATION.cff's top-level version.
func citationVersion(cff []byte) (string, bool) {
	m := cffVersionRE.FindSubmatch(cff)
	if m == nil || len(cffVersionRE.FindAll(cff, -1)) != 1 {
		return "", false
	}
	return string(m[1]), true
}

func readOptional(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}
