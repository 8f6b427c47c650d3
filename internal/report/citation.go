package report

import (
	"fmt"
	"sort"

	"github.com/cybernorms/cybernorms/cite"
)

// Citation files: the chapter's entry, then one entry per figure and table
// file of the report, pinned to what it shows: the data package version, the
// as-of date, the upstream commit the supporter history was read at (the
// public one where recorded) and the file's sha256.
const (
	CitationsBibTeX = "citations.bib"
	CitationsCSL    = "citations.json"
)

// citations returns the BibTeX and CSL-JSON citations of every file named in
// titles (file → title), pinned to pin, each file's sha256 taken from sums.
func citations(pin cite.Pin, titles map[string]string, sums map[string]string) (bibtex, cslJSON []byte, err error) {
	names := make([]string, 0, len(titles))
	for n := range titles {
		names = append(names, n)
	}
	sort.Strings(names)
	var items []cite.Item
	for _, n := range names {
		sum, ok := sums[n]
		if !ok {
			return nil, nil, fmt.Errorf("citation of %s: no such file in the report", n)
		}
		items = append(items, pin.OfSum(n, titles[n], "the report", sum))
	}
	return cite.Bibliography(items...)
}
