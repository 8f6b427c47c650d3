package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Citation files: one entry per figure and table file of the report, pinned
// to what it shows: the data package version, the as-of date, the upstream
// commit the supporter history was read at and the file's sha256.
const (
	CitationsBibTeX = "citations.bib"
	CitationsCSL    = "citations.json"
)

const citedAuthor = "The cybernorms contributors"

type cited struct {
	key, file, title, note string
}

// provenance is what the descriptor says of how the data were made.
type provenance struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Upstream *struct {
		Commit string `json:"commit"`
	} `json:"x-upstream"`
}

// citations returns the BibTeX and CSL-JSON citations of every file named in
// titles (file → title), each file's sha256 taken from files.
func citations(descriptor []byte, asOf string, titles map[string]string, files map[string][]byte) (bibtex, cslJSON []byte, err error) {
	var p provenance
	if err := json.Unmarshal(descriptor, &p); err != nil {
		return nil, nil, fmt.Errorf("datapackage.json: %w", err)
	}
	commit := "not recorded"
	if p.Upstream != nil && p.Upstream.Commit != "" {
		commit = p.Upstream.Commit
	}
	names := make([]string, 0, len(titles))
	for n := range titles {
		names = append(names, n)
	}
	sort.Strings(names)
	var entries []cited
	for _, n := range names {
		b, ok := files[n]
		if !ok {
			return nil, nil, fmt.Errorf("citation of %s: no such file in the report", n)
		}
		key := "cybernorms-" + strings.NewReplacer("/", "-", ".", "-").Replace(n)
		note := fmt.Sprintf("File %s of the report; data package %s version %s; as of %s; supporter history read at upstream commit %s; sha256 %x",
			n, p.Name, p.Version, asOf, commit, sha256.Sum256(b))
		entries = append(entries, cited{key: key, file: n, title: titles[n], note: note})
	}

	var bb bytes.Buffer
	for i, e := range entries {
		if i > 0 {
			bb.WriteString("\n")
		}
		fmt.Fprintf(&bb, "@misc{%s,\n  author = {{%s}},\n  title = {%s},\n  version = {%s},\n  howpublished = {%s},\n  note = {%s}\n}\n",
			e.key, citedAuthor, bibEscape(e.title), p.Version, bibEscape(e.file), bibEscape(e.note))
	}

	type cslItem struct {
		ID      string              `json:"id"`
		Type    string              `json:"type"`
		Title   string              `json:"title"`
		Author  []map[string]string `json:"author"`
		Version string              `json:"version"`
		Medium  string              `json:"medium"`
		Note    string              `json:"note"`
	}
	var items []cslItem
	for _, e := range entries {
		typ := "dataset"
		if strings.HasPrefix(e.file, "figures/") {
			typ = "figure"
		}
		items = append(items, cslItem{ID: e.key, Type: typ, Title: e.title, Author: []map[string]string{{"literal": citedAuthor}},
			Version: p.Version, Medium: e.file, Note: e.note})
	}
	var cb bytes.Buffer
	enc := json.NewEncoder(&cb)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(items); err != nil {
		return nil, nil, err
	}
	return bb.Bytes(), cb.Bytes(), nil
}

// bibEscape escapes what TeX would read as markup.
func bibEscape(s string) string {
	return strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "%", `\%`, "&", `\&`, "$", `\$`, "#", `\#`, "_", `\_`).Replace(s)
}
