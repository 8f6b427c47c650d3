package refresh

import (
	"bytes"
	"fmt"
	"time"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

// LocalCopy is what the upstream record says of a repository read from a
// local path: the path is the reader's machine's, not the data's provenance.
const LocalCopy = "a local copy of the upstream repository"

// upstreamRecord says which commit the history was read at, and when.
func upstreamRecord(repo *upstream.Repo, src upstream.Source, readOn time.Time) ([]byte, error) {
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
	return build.EncodeUpstream(schema.Upstream{
		Repository: where, Commit: c.Hash.String(), CommitDate: c.Committer.When.Format(time.RFC3339),
		ReadOn: readOn.Format(time.DateOnly),
	})
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
