package snapshot

import (
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// fileSuffix matches the "-category-CODE" ending the upstream has put on
// supporter file names since November 2019: its categories, and the two
// names it has used that are not categories.
var fileSuffix = regexp.MustCompile(`-(` + strings.Join(append(slices.Clone(vocab.Categories), "international-organization", "private-society"), "|") + `)(-[A-Za-z]{0,3})?$`)

// FileName splits a supporter file path into its slug, the category written in
// the file name and the code written in the file name. Early files have
// neither; "abb.md" and "abb-private-sector-SWE.md" share the slug "abb".
func FileName(p string) (slug, category, code string) {
	base := path.Base(p)
	for {
		trimmed := strings.TrimSuffix(strings.TrimRight(base, "."), ".md")
		if trimmed == base {
			break
		}
		base = trimmed
	}
	if m := fileSuffix.FindStringSubmatchIndex(base); m != nil {
		category = base[m[2]:m[3]]
		if m[4] >= 0 {
			code = base[m[4]+1 : m[5]]
		}
		base = base[:m[0]]
	}
	return strings.ToLower(base), category, code
}

// articles are dropped from name keys: upstream edits added and removed them
// ("Coalition of services industries" / "The Coalition of Services Industries").
var articles = map[string]bool{"the": true, "la": true, "le": true, "les": true, "l": true}

var foldAccents = transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// NameKey reduces a supporter name to the set of its words, case and accents
// folded, punctuation and articles dropped, so that edits which only reorder
// or re-punctuate a name ("ACN (Alliance pour la Confiance Numérique)" and
// "Alliance pour la Confiance Numérique (ACN)") give the same key.
func NameKey(name string) string {
	folded, _, err := transform.String(foldAccents, name)
	if err != nil {
		folded = name
	}
	words := strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	set := map[string]bool{}
	for _, w := range words {
		if !articles[w] {
			set[w] = true
		}
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
