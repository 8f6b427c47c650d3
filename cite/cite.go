package cite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// Author is who the exhibits are cited to.
const Author = "The cybernorms contributors"

// Pin is what every citation of one run names besides the exhibit itself.
type Pin struct {
	Package, Version string // the data package's name and version
	AsOf             string // the date the exhibits are for
	Commit           string // the upstream commit the history was read at, or "not recorded"
}

// PinOf reads the data package's name, version and upstream commit from its
// descriptor (datapackage.json).
func PinOf(descriptor []byte, asOf string) (Pin, error) {
	var p struct {
		Name     string `json:"name"`
		Version  string `json:"version"`
		Upstream *struct {
			Commit string `json:"commit"`
		} `json:"x-upstream"`
	}
	if err := json.Unmarshal(descriptor, &p); err != nil {
		return Pin{}, fmt.Errorf("datapackage.json: %w", err)
	}
	pin := Pin{Package: p.Name, Version: p.Version, AsOf: asOf, Commit: "not recorded"}
	if p.Upstream != nil && p.Upstream.Commit != "" {
		pin.Commit = p.Upstream.Commit
	}
	return pin, nil
}

// Item is the citation of one exhibit.
type Item struct {
	Pin
	Key, File, Title string
	Where            string // where the exhibit is shown: "the report", "a notebook"
	SHA256           string // of the bytes cited, hexadecimal
}

// Of cites content, shown as file (figures/… or tables/…, the name reproduce
// gives it) in where ("the report", "a notebook"), under title.
func (p Pin) Of(file, title, where string, content []byte) Item {
	return Item{Pin: p, Key: Key(file), File: file, Title: title, Where: where, SHA256: strings.TrimPrefix(vocab.Checksum(content), vocab.ChecksumPrefix)}
}

// Note says what the item is pinned to, in a sentence.
func (it Item) Note() string {
	return fmt.Sprintf("File %s of %s; data package %s version %s; as of %s; supporter history read at upstream commit %s; sha256 %s",
		it.File, it.Where, it.Package, it.Version, it.AsOf, it.Commit, it.SHA256)
}

// Key is the citation key of file.
func Key(file string) string {
	return "cybernorms-" + strings.NewReplacer("/", "-", ".", "-").Replace(file)
}

// Type is the CSL type of the item: a figure, or a dataset for a table.
func (it Item) Type() string {
	if strings.HasPrefix(it.File, "figures/") {
		return "figure"
	}
	return "dataset"
}

// BibTeX returns the items as BibTeX @misc entries, in order.
func BibTeX(items ...Item) []byte {
	var b bytes.Buffer
	for i, e := range items {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "@misc{%s,\n  author = {{%s}},\n  title = {%s},\n  version = {%s},\n  howpublished = {%s},\n  note = {%s}\n}\n",
			e.Key, Author, bibEscape(e.Title), e.Version, bibEscape(e.File), bibEscape(e.Note()))
	}
	return b.Bytes()
}

// CSL returns the items as a CSL-JSON array, in order.
func CSL(items ...Item) ([]byte, error) {
	type cslItem struct {
		ID      string              `json:"id"`
		Type    string              `json:"type"`
		Title   string              `json:"title"`
		Author  []map[string]string `json:"author"`
		Version string              `json:"version"`
		Medium  string              `json:"medium"`
		Note    string              `json:"note"`
	}
	var out []cslItem
	for _, e := range items {
		out = append(out, cslItem{ID: e.Key, Type: e.Type(), Title: e.Title, Author: []map[string]string{{"literal": Author}},
			Version: e.Version, Medium: e.File, Note: e.Note()})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// bibEscape escapes what TeX would read as markup.
func bibEscape(s string) string {
	return strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "%", `\%`, "&", `\&`, "$", `\$`, "#", `\#`, "_", `\_`).Replace(s)
}
