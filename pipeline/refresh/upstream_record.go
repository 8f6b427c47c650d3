package refresh

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

// LocalCopy is what the upstream record says of a repository read from a
// local path: the path is the reader's machine's, not the data's provenance.
const LocalCopy = "a local copy of the upstream repository"

// PublicCommitsFile, kept beside a local copy of the upstream whose commit
// IDs differ from the public repository's (its author identities were
// replaced), maps each of the copy's commits to its public counterpart: a
// TSV whose header names the columns extract_commit and public_commit.
const PublicCommitsFile = "public-commits.tsv"

// upstreamRecord says which commit the history was read at, and when, and
// where a reader finds that commit.
func upstreamRecord(repo *upstream.Repo, src upstream.Source, readOn civil.Date) ([]byte, error) {
	head, err := repo.Repository.Head()
	if err != nil {
		return nil, fmt.Errorf("upstream HEAD: %w", err)
	}
	c, err := repo.Repository.CommitObject(head.Hash())
	if err != nil {
		return nil, fmt.Errorf("upstream HEAD: %w", err)
	}
	where := src.URL
	if where == "" {
		where = LocalCopy
	}
	u := schema.Upstream{
		Repository: where, Commit: c.Hash.String(), CommitDate: c.Committer.When.Format(time.RFC3339),
		ReadOn: readOn.String(),
	}
	if err := publicCommit(&u, src); err != nil {
		return nil, err
	}
	return build.EncodeUpstream(u)
}

// publicCommit fills in the public commit: the commit read, when it was read
// over https (where anyone can fetch it); its counterpart in the public
// repository, when it was read from a local copy with a PublicCommitsFile
// beside it that maps it; nothing otherwise.
func publicCommit(u *schema.Upstream, src upstream.Source) error {
	if strings.HasPrefix(src.URL, "https://") {
		u.PublicRepository, u.PublicCommit = src.URL, u.Commit
		return nil
	}
	if src.Path == "" {
		return nil
	}
	path := filepath.Join(filepath.Dir(filepath.Clean(src.Path)), PublicCommitsFile)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := ReadPublicCommits(f, PublicCommitsFile)
	if err != nil {
		return err
	}
	if pub, ok := m[u.Commit]; ok {
		u.PublicRepository, u.PublicCommit = vocab.UpstreamURL, pub
	}
	return nil
}

// ReadPublicCommits reads a PublicCommitsFile (named name in errors): the
// map from a copy's commit IDs to the public repository's.
func ReadPublicCommits(r io.Reader, name string) (map[string]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	from, to := -1, -1
	m := map[string]string{}
	line := 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 {
			for i, c := range cols {
				switch c {
				case "extract_commit":
					from = i
				case "public_commit":
					to = i
				}
			}
			if from < 0 || to < 0 {
				return nil, fmt.Errorf("%s:1: header lacks extract_commit or public_commit", name)
			}
			continue
		}
		if len(cols) <= max(from, to) {
			return nil, fmt.Errorf("%s:%d: %d columns, want at least %d", name, line, len(cols), max(from, to)+1)
		}
		a, b := cols[from], cols[to]
		if !commitID(a) || !commitID(b) {
			return nil, fmt.Errorf("%s:%d: field extract_commit or public_commit: not a 40-digit hexadecimal commit ID", name, line)
		}
		if prev, dup := m[a]; dup && prev != b {
			return nil, fmt.Errorf("%s:%d: field extract_commit: %s mapped twice", name, line, a)
		}
		m[a] = b
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if line == 0 {
		return nil, fmt.Errorf("%s: empty", name)
	}
	return m, nil
}

func commitID(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// recordUpstream adds the upstream record to the files to write when the
// snapshot itself changes: a read that finds nothing new writes nothing, so
// the record names the read the published snapshot came from.
func recordUpstream(dir string, repo *upstream.Repo, opts Options, files map[string][]byte) error {
	rel := schema.SupporterChanges.Path + ".csv"
	committed, err := datasets.ReadResource(dir, rel)
	if err == nil && bytes.Equal(committed, files[rel]) {
		return nil
	}
	b, err := upstreamRecord(repo, opts.Source, opts.Date)
	if err != nil {
		return err
	}
	files[build.UpstreamFile] = b
	return nil
}
