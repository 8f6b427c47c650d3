package upstream

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/cybernorms/cybernorms/pipeline/frontmatter"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

type parsed struct {
	fields  map[string]string
	keys    []string
	other   map[string]string
	problem string
}

func (h *historian) parse(hash plumbing.Hash) parsed {
	blob, err := h.repo.BlobObject(hash)
	if err != nil {
		return parsed{problem: fmt.Sprintf("blob %s cannot be read: %v", hash, err)}
	}
	if blob.Size > frontmatter.MaxSize {
		return parsed{problem: fmt.Sprintf("file is %d bytes, over the %d-byte limit: not read", blob.Size, frontmatter.MaxSize)}
	}
	r, err := blob.Reader()
	if err != nil {
		return parsed{problem: fmt.Sprintf("blob %s cannot be read: %v", hash, err)}
	}
	defer r.Close()
	content, err := io.ReadAll(io.LimitReader(r, frontmatter.MaxSize+1))
	if err != nil {
		return parsed{problem: fmt.Sprintf("blob %s cannot be read: %v", hash, err)}
	}
	return fromContent(content)
}

// fromContent interprets a supporter file's bytes.
func fromContent(content []byte) parsed {
	doc, err := frontmatter.Parse(content)
	if err != nil {
		return parsed{problem: err.Error()}
	}
	p := parsed{fields: map[string]string{}}
	known := map[string]bool{}
	for _, f := range snapshot.KnownFields {
		known[f] = true
	}
	for _, f := range doc.Fields {
		p.keys = append(p.keys, f.Key)
		if known[f.Key] {
			p.fields[f.Key] = f.Value
			continue
		}
		if p.other == nil {
			p.other = map[string]string{}
		}
		p.other[f.Key] = f.Value
	}
	for _, req := range snapshot.RequiredFields {
		if _, ok := doc.Get(req); !ok {
			p.problem = fmt.Sprintf("field %s: missing", req)
			break
		}
	}
	for _, k := range p.keys {
		if strings.ContainsAny(k, " \t\r\n") {
			p.problem = fmt.Sprintf("field %q: name contains white space", k)
		}
	}
	return p
}
