package refresh

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

const (
	copyHead   = "04c7d960db4648000e11fb78662e6281a38bdcfe"
	publicHead = "fbdf676295ffc43bb803ef65f0f170ac78adb85e"
)

func TestReadPublicCommits(t *testing.T) {
	header := "extract_commit\tpublic_commit\tauthor_date\tsubject\n"
	row := copyHead + "\t" + publicHead + "\t2024-01-19T15:19:40+01:00\tCreate x.md\n"
	for _, tc := range []struct{ name, tsv, err string }{
		{"ok", header + row, ""},
		{"columns swapped", "public_commit\textract_commit\n" + publicHead + "\t" + copyHead + "\n", ""},
		{"no header", row, "header lacks"},
		{"short ID", header + "04c7d96\t" + publicHead + "\tx\ty\n", "public-commits.tsv:2: field extract_commit or public_commit"},
		{"too few columns", header + copyHead + "\n", "public-commits.tsv:2: 1 columns"},
		{"mapped twice", header + row + copyHead + "\t" + strings.Repeat("0", 40) + "\tx\ty\n", "public-commits.tsv:3: field extract_commit"},
		{"empty", "", "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadPublicCommits(strings.NewReader(tc.tsv), PublicCommitsFile)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || m[copyHead] != publicHead || len(m) != 1 {
				t.Errorf("%v, %v", m, err)
			}
		})
	}
}

// TestPublicCommit: read over https, the commit is the public one; read
// from a copy, its counterpart is looked up beside the copy, and nothing is
// recorded when there is no map or the map lacks it.
func TestPublicCommit(t *testing.T) {
	dir := t.TempDir()
	repo := filepath.Join(dir, "copy.git")
	if err := os.WriteFile(filepath.Join(dir, PublicCommitsFile), []byte("extract_commit\tpublic_commit\n"+copyHead+"\t"+publicHead+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name                   string
		src                    upstream.Source
		commit, wantRepo, want string
	}{
		{"https", upstream.Source{URL: vocab.UpstreamURL}, publicHead, vocab.UpstreamURL, publicHead},
		{"file URL", upstream.Source{URL: "file://" + repo}, copyHead, "", ""},
		{"mapped copy", upstream.Source{Path: repo}, copyHead, vocab.UpstreamURL, publicHead},
		{"unmapped head", upstream.Source{Path: repo}, strings.Repeat("a", 40), "", ""},
		{"no map", upstream.Source{Path: filepath.Join(t.TempDir(), "copy.git")}, copyHead, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := schema.Upstream{Commit: tc.commit}
			if err := publicCommit(&u, tc.src); err != nil {
				t.Fatal(err)
			}
			if u.PublicRepository != tc.wantRepo || u.PublicCommit != tc.want {
				t.Errorf("public %q %q, want %q %q", u.PublicRepository, u.PublicCommit, tc.wantRepo, tc.want)
			}
		})
	}
	if err := os.WriteFile(filepath.Join(dir, PublicCommitsFile), []byte("no header\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := publicCommit(&schema.Upstream{Commit: copyHead}, upstream.Source{Path: repo}); err == nil {
		t.Error("a broken map was read without an error")
	}
}

// TestCommittedUpstreamNamesItsPublicCommit keeps the committed provenance
// true: the snapshot names the public repository's commit, and, where the
// reference copy is at hand, that commit is the copy's head's counterpart in
// its map (author date, committer date and subject matched).
func TestCommittedUpstreamNamesItsPublicCommit(t *testing.T) {
	rec, err := build.DecodeUpstream([]byte(readFile(t, filepath.Join(testenv.Datasets(t), build.UpstreamFile))), build.UpstreamFile)
	if err != nil {
		t.Fatal(err)
	}
	if rec.PublicRepository != vocab.UpstreamURL || rec.PublicCommit == "" {
		t.Fatalf("%s names no public commit of %s: %+v", build.UpstreamFile, vocab.UpstreamURL, rec)
	}
	var desc struct {
		Upstream *schema.Upstream `json:"x-upstream"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(testenv.Datasets(t), build.DescriptorFile))), &desc); err != nil {
		t.Fatal(err)
	}
	if desc.Upstream == nil || *desc.Upstream != *rec {
		t.Errorf("datapackage.json x-upstream %+v, %s %+v", desc.Upstream, build.UpstreamFile, rec)
	}
	f, err := os.Open(filepath.Join(testenv.Shared(t), "upstream", PublicCommitsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := ReadPublicCommits(f, PublicCommitsFile)
	if err != nil {
		t.Fatal(err)
	}
	if got := m[rec.Commit]; got != rec.PublicCommit {
		t.Errorf("%s: commit %s is public %q in the map, recorded as %s", build.UpstreamFile, rec.Commit, got, rec.PublicCommit)
	}
}
