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

// The chapter every curated table comes from. The chapter names its writer
// (its map, Gambar 2.1, is credited "Map: Diko Catur Novanto" and sourced as
// made by the writer); its thesis's university and year are not known and no
// public record of the thesis was found (README, "The chapter"), so the
// citation says what is known and names the published article that is the
// lead to the thesis.
const (
	ChapterKey = "cybernorms-source-chapter"
	// The chapter's writer, the name split as the lead below cites the
	// article's first author ("D. C. Novanto").
	ChapterAuthorGiven, ChapterAuthorFamily = "Diko Catur", "Novanto"
	ChapterTitle                            = "BAB II: Latar Belakang Keamanan Siber Prancis hingga Pembuatan Paris Call"
	ChapterNote                             = "Chapter II of an Indonesian-language thesis by Diko Catur Novanto: the chapter credits its map (Gambar 2.1) \"Map: Diko Catur Novanto\" and gives its source as \"Map Data dibuat oleh Penulis sendiri\" (made by the writer). " +
		"The thesis's university and year are not named in the chapter and no public record of the thesis was found. " +
		"Lead: D. C. Novanto, I. R. Putranti and A. A. B. Dir, \"Cybernorms: Analysis of International Norms in France's Paris Call for Trust and Security in Cyberspace\", " +
		"Journal of Islamic World and Politics (Universitas Muhammadiyah Yogyakarta), " + ArticleURL + ", whose abstract and references match the chapter's"
	ArticleURL = "https://journal.umy.ac.id/index.php/jiwp/article/view/11656/0"
)

// Pin is what every citation of one run names besides the exhibit itself.
type Pin struct {
	Package, Version string // the data package's name and version
	AsOf             string // the date the exhibits are for
	Commit           string // the upstream commit the history was read at, or "not recorded"
	// PublicCommit is Commit's counterpart in PublicRepository, where a
	// reader can find it ("" when not recorded): the same commit when the
	// history was read from the public repository, another ID when it was
	// read from a copy whose commits were rewritten.
	PublicCommit, PublicRepository string
	Year                           string // the year the history was read (x-upstream read_on), "" when not recorded
	URL                            string // the package's homepage, else the public commit's page, else ""
}

// PinOf reads the data package's name, version, homepage and upstream record
// from its descriptor (datapackage.json).
func PinOf(descriptor []byte, asOf string) (Pin, error) {
	var p struct {
		Name     string `json:"name"`
		Version  string `json:"version"`
		Homepage string `json:"homepage"`
		Upstream *struct {
			Commit           string `json:"commit"`
			ReadOn           string `json:"read_on"`
			PublicRepository string `json:"public_repository"`
			PublicCommit     string `json:"public_commit"`
		} `json:"x-upstream"`
	}
	if err := json.Unmarshal(descriptor, &p); err != nil {
		return Pin{}, fmt.Errorf("datapackage.json: %w", err)
	}
	pin := Pin{Package: p.Name, Version: p.Version, AsOf: asOf, Commit: "not recorded", URL: p.Homepage}
	if u := p.Upstream; u != nil {
		if u.Commit != "" {
			pin.Commit = u.Commit
		}
		pin.PublicCommit, pin.PublicRepository = u.PublicCommit, u.PublicRepository
		if len(u.ReadOn) >= 4 {
			pin.Year = u.ReadOn[:4]
		}
		if pin.URL == "" && u.PublicCommit != "" && strings.HasPrefix(u.PublicRepository, "https://github.com/") {
			pin.URL = strings.TrimSuffix(u.PublicRepository, ".git") + "/tree/" + u.PublicCommit
		}
	}
	return pin, nil
}

// Upstream names the commit the supporter history was read at, the public
// one first: "fbdf676… of https://github.com/… (reference copy 04c7d96…)".
func (p Pin) Upstream() string {
	switch {
	case p.PublicCommit == "":
		return p.Commit
	case p.PublicCommit == p.Commit:
		return p.PublicCommit + " of " + p.PublicRepository
	default:
		return p.PublicCommit + " of " + p.PublicRepository + " (reference copy's commit " + p.Commit + ")"
	}
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
	return p.OfSum(file, title, where, strings.TrimPrefix(vocab.Checksum(content), vocab.ChecksumPrefix))
}

// OfSum is Of for a file whose sha256 (in hexadecimal) is already known.
func (p Pin) OfSum(file, title, where, sha256 string) Item {
	return Item{Pin: p, Key: Key(file), File: file, Title: title, Where: where, SHA256: sha256}
}

// Note says what the item is pinned to, in a sentence.
func (it Item) Note() string {
	return fmt.Sprintf("File %s of %s; data package %s version %s; as of %s; supporter history read at upstream commit %s; chapter facts from %s; sha256 %s",
		it.File, it.Where, it.Package, it.Version, it.AsOf, it.Upstream(), ChapterKey, it.SHA256)
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
		fmt.Fprintf(&b, "@misc{%s,\n  author = {{%s}},\n  title = {%s},\n  version = {%s},\n", e.Key, Author, bibEscape(e.Title), e.Version)
		if e.Year != "" {
			fmt.Fprintf(&b, "  year = {%s},\n", e.Year)
		}
		if e.URL != "" {
			fmt.Fprintf(&b, "  url = {%s},\n", e.URL)
		}
		fmt.Fprintf(&b, "  howpublished = {%s},\n  note = {%s}\n}\n", bibEscape(e.File), bibEscape(e.Note()))
	}
	return b.Bytes()
}

// ChapterBibTeX is the BibTeX entry of the chapter, which every exhibit's
// note names by its key. It has no year: none is known.
func ChapterBibTeX() []byte {
	return []byte(fmt.Sprintf("@misc{%s,\n  author = {%s, %s},\n  title = {%s},\n  language = {indonesian},\n  note = {%s}\n}\n",
		ChapterKey, ChapterAuthorFamily, ChapterAuthorGiven, bibEscape(ChapterTitle), bibEscape(ChapterNote)))
}

// CSL returns the items as a CSL-JSON array, in order.
func CSL(items ...Item) ([]byte, error) {
	type cslItem struct {
		ID       string              `json:"id"`
		Type     string              `json:"type"`
		Title    string              `json:"title"`
		Author   []map[string]string `json:"author"`
		Version  string              `json:"version"`
		Issued   *cslDate            `json:"issued,omitempty"`
		URL      string              `json:"URL,omitempty"`
		Medium   string              `json:"medium"`
		Note     string              `json:"note"`
		Language string              `json:"language,omitempty"`
	}
	var out []cslItem
	for _, e := range items {
		it := cslItem{ID: e.Key, Type: e.Type(), Title: e.Title, Author: []map[string]string{{"literal": Author}},
			Version: e.Version, URL: e.URL, Medium: e.File, Note: e.Note()}
		if e.Year != "" {
			it.Issued = &cslDate{DateParts: [][]string{{e.Year}}}
		}
		out = append(out, it)
	}
	return encodeJSON(out)
}

// ChapterCSL is the CSL-JSON item of the chapter (an object, not an array).
func ChapterCSL() ([]byte, error) {
	return encodeJSON(map[string]any{"id": ChapterKey, "type": "thesis", "title": ChapterTitle, "language": "id", "note": ChapterNote,
		"author": []map[string]string{{"family": ChapterAuthorFamily, "given": ChapterAuthorGiven}}})
}

type cslDate struct {
	DateParts [][]string `json:"date-parts"`
}

func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// bibEscape escapes what TeX would read as markup.
func bibEscape(s string) string {
	return strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "%", `\%`, "&", `\&`, "$", `\$`, "#", `\#`, "_", `\_`).Replace(s)
}

// Bibliography returns the chapter's entry followed by the items', in
// BibTeX and as one CSL-JSON array: what a file of citations holds.
func Bibliography(items ...Item) (bib, cslJSON []byte, err error) {
	its, err := CSL(items...)
	if err != nil {
		return nil, nil, err
	}
	var all []json.RawMessage
	if err := json.Unmarshal(its, &all); err != nil {
		return nil, nil, err
	}
	ch, err := ChapterCSL()
	if err != nil {
		return nil, nil, err
	}
	if cslJSON, err = encodeJSON(append([]json.RawMessage{ch}, all...)); err != nil {
		return nil, nil, err
	}
	return append(append(ChapterBibTeX(), '\n'), BibTeX(items...)...), cslJSON, nil
}
