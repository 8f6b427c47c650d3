package build

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

// checkableSentences reads the list of the chapter's checkable sentences, by
// their opening words.
func checkableSentences(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "checkable_sentences.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?]\s+["“('#]?[A-Z]|$`)

// uncovered returns the listed sentences of flat (the chapter, markup
// removed) that no quote covers: a quote, or one of its parts cut with "[…]"
// or "...", must lie within the sentence or contain it. A listed opening not
// in the chapter is reported too, so the list cannot drift from the text.
func uncovered(flat string, openings, quotes []string) []string {
	var parts []string
	for _, q := range quotes {
		for _, p := range regexp.MustCompile(`\s*(\[…\]|\.\.\.)\s*`).Split(q, -1) {
			if p = plain(strings.Trim(p, `" `)); len(p) >= 12 {
				parts = append(parts, p)
			}
		}
	}
	var out []string
	for _, o := range openings {
		i := strings.Index(flat, o)
		if i < 0 {
			out = append(out, o+" (not in the chapter)")
			continue
		}
		rest := flat[i:]
		end := sentenceEnd.FindStringIndex(rest[len(o)-1:])
		sentence := rest[:min(len(rest), len(o)-1+end[0]+1)]
		if sentence = strings.TrimSpace(sentence); !slices.ContainsFunc(parts, func(p string) bool {
			return strings.Contains(sentence, p) || strings.Contains(p, strings.TrimSuffix(sentence, "."))
		}) {
			out = append(out, o)
		}
	}
	return out
}

// Every checkable sentence of the chapter is either a claim or listed as not
// checkable with a reason; dropping one from both tables fails.
func TestCheckableSentencesCovered(t *testing.T) {
	in := loadCurated(t)
	flat := plain(strings.ReplaceAll(chapterText(t), "\n", " "))
	openings := checkableSentences(t)
	quotes := func(drop string) []string {
		var qs []string
		for _, table := range []*schema.Table{schema.CuratedClaims, schema.NotCheckable} {
			d := in.Curated[table.Name]
			for _, r := range d.Rows {
				if r[d.Table.Index("id")] != drop {
					qs = append(qs, r[d.Table.Index("quote")])
				}
			}
		}
		return qs
	}
	if u := uncovered(flat, openings, quotes("")); len(u) > 0 {
		t.Errorf("%d checkable sentences are in neither %s nor %s: %q", len(u), schema.CuratedClaims.Path, schema.NotCheckable.Path, u)
	}
	// The guard itself: a sentence whose only row is dropped is reported.
	if u := uncovered(flat, openings, quotes("valls-no-spying")); !slices.Equal(u, []string{"Prancis tidak akan membiarkan perusahaan internasional"}) {
		t.Errorf("without valls-no-spying, uncovered = %q, want that sentence alone", u)
	}
	if u := uncovered(flat, []string{"A sentence the chapter never printed"}, quotes("")); len(u) != 1 {
		t.Errorf("an opening not in the chapter is not reported: %q", u)
	}
}
