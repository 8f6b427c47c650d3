// Package labels holds the words the study shows people, one catalogue per
// language keyed by message id (words/LANG.json): the charts', the
// report's and the exhibits' words, month and category names, with long
// dates and numbers in the locale's form.
//
// A language is added by adding its catalogue; names of countries and
// regions are CLDR's, in the datasets.
package labels

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/cybernorms/cybernorms/datasets/civil"
)

// Lang is the language of labels: the name of its catalogue of words
// (words/LANG.json), a BCP 47 tag.
type Lang string

const (
	// ID is Indonesian, as the chapter prints its labels.
	ID Lang = "id"
	// EN is English.
	EN Lang = "en"
	// FR is French, the Call's own language.
	FR Lang = "fr"
)

// The words of the study, one catalogue per language keyed by message id;
// a language is added by adding its file.
//
//go:embed words/*.json
var wordFiles embed.FS

var messages, All = load()

// load reads the catalogues: a message id to its text, per language, and
// the languages in the order their "lang.order" message gives.
func load() (map[Lang]map[string]string, []Lang) {
	out := readCatalogues(wordFiles, "words/*.json")
	var all []Lang
	for l := range out {
		all = append(all, l)
	}
	sort.Slice(all, func(i, j int) bool {
		a, _ := strconv.Atoi(out[all[i]]["lang.order"])
		b, _ := strconv.Atoi(out[all[j]]["lang.order"])
		return a < b || a == b && all[i] < all[j]
	})
	return out, all
}

// readCatalogues reads the JSON catalogues of fsys matching glob, one per
// language, named LANG.json; a malformed one is a programming error.
func readCatalogues(fsys fs.FS, glob string) map[Lang]map[string]string {
	files, err := fs.Glob(fsys, glob)
	if err != nil {
		panic(err)
	}
	out := map[Lang]map[string]string{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("labels: %s: %v", f, err))
		}
		out[Lang(strings.TrimSuffix(path.Base(f), ".json"))] = m
	}
	return out
}

// Parse accepts a language with a catalogue of words.
func Parse(s string) (Lang, error) {
	if _, ok := messages[Lang(s)]; ok {
		return Lang(s), nil
	}
	names := make([]string, len(All))
	for i, l := range All {
		names[i] = string(l)
	}
	want := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	return "", fmt.Errorf("unknown language %q (want %s)", s, want)
}

// T returns the message id in l, filled in with a when given. A message
// that is not in the catalogue is a programming error and panics, so that a
// test catches it.
func (l Lang) T(id string, a ...any) string {
	s, ok := messages[l.norm()][id]
	if !ok {
		panic(fmt.Sprintf("labels: no message %q in the %s catalogue", id, l.norm()))
	}
	if len(a) == 0 {
		return s
	}
	return fmt.Sprintf(s, a...)
}

// Pick returns the Indonesian, the English or, when given, the French
// value of data the datasets hold in those languages (names, the chapter's
// words); another language gets the English one. The study's own words are
// messages (T).
func (l Lang) Pick(id, en string, fr ...string) string {
	switch {
	case l == ID:
		return id
	case l == FR && len(fr) > 0:
		return fr[0]
	}
	return en
}

// Months returns the month names of l, January first.
func (l Lang) Months() []string {
	out := make([]string, 12)
	for i := range out {
		out[i] = l.T(fmt.Sprintf("month.%02d", i+1))
	}
	return out
}

func (l Lang) norm() Lang {
	if _, ok := messages[l]; ok {
		return l
	}
	return EN
}

// LongDate writes a date in words: "18 Januari 2021", "18 January 2021",
// "18 janvier 2021" (French writes the first of a month "1er").
func (l Lang) LongDate(d civil.Date) string {
	day := fmt.Sprint(d.Day())
	if d.Day() == 1 {
		day = l.T("date.first")
	}
	return l.T("date.long", day, l.Months()[d.Month()-1], d.Year())
}

// PartialDate writes a date known to the year (2015), the month (2015-06)
// or the day in words; anything else is returned as it is.
func (l Lang) PartialDate(iso string) string {
	switch len(iso) {
	case len("2006-01"):
		var y, m int
		if _, err := fmt.Sscanf(iso, "%d-%d", &y, &m); err == nil && m >= 1 && m <= 12 {
			return l.Months()[m-1] + " " + strconv.Itoa(y)
		}
	case len("2006-01-02"):
		if d, err := civil.Parse(iso); err == nil {
			return l.LongDate(d)
		}
	}
	return iso
}

// Tag is the BCP 47 tag of l, for <html lang> and number formats.
func (l Lang) Tag() language.Tag { return language.Make(string(l.norm())) }

// Int writes n with the locale's digit grouping (CLDR, through x/text):
// 1.173 in Indonesian, 1,173 in English, 1 173 in French.
func (l Lang) Int(n int) string {
	return message.NewPrinter(l.Tag()).Sprintf("%d", n)
}

// Category names a supporter category (plural, as a legend or a column).
func (l Lang) Category(c string) string {
	if _, ok := messages[l.norm()]["category."+c]; ok {
		return l.T("category." + c)
	}
	return c
}

// Source is a set of strings in each language, such as the messages
// (Words).
type Source interface {
	// Strings returns every string of the source in l.
	Strings(l Lang) []string
}

// Messages are the study's words, by message id, in every language.
type Messages struct{}

// Words are the study's words: the messages of every catalogue.
var Words Messages

// Get returns message k in l.
func (Messages) Get(l Lang, k string) string { return l.T(k) }

// Strings returns the messages of l a page's text shows: not the
// catalogue's settings (lang., date.), the words drawn inside charts
// (chart.), the notebooks' helpers' words (nb.), nor "Tabel", the chapter's
// own word that every language quotes.
func (Messages) Strings(l Lang) []string {
	var out []string
	for k, s := range messages[l.norm()] {
		if !strings.HasPrefix(k, "lang.") && !strings.HasPrefix(k, "date.") && !strings.HasPrefix(k, "chart.") && !strings.HasPrefix(k, "nb.") && k != "table.section" {
			out = append(out, s)
		}
	}
	return out
}

// basics are the month and category names, which every page may show.
type basics struct{}

func (basics) Strings(l Lang) []string {
	var out []string
	for k, s := range messages[l.norm()] {
		if strings.HasPrefix(k, "month.") || strings.HasPrefix(k, "category.") {
			out = append(out, s)
		}
	}
	return out
}

// Strings returns every string of the sources in l, and the month and
// category names, sorted: what a page in another language must not hold.
func Strings(l Lang, cs ...Source) []string {
	seen := map[string]bool{}
	for _, c := range append(cs, basics{}) {
		for _, s := range c.Strings(l) {
			seen[s] = true
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Foreign returns the strings of other languages' catalogues that text holds
// and l's catalogues do not: a page in one language must hold none. Strings
// shorter than min runes (codes, "ISO") and words spelt alike in l are not
// counted. Matching is by whole words.
func Foreign(text string, l Lang, min int, cs ...Source) []string {
	own := map[string]bool{}
	// A one-word string of another language that is also a word of l's own
	// strings ("Nombre": a name in Spanish, a number in French) says nothing.
	ownWords := map[string]bool{}
	for _, s := range Strings(l, cs...) {
		own[s] = true
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
			ownWords[w] = true
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, other := range All {
		if other == l {
			continue
		}
		for _, str := range Strings(other, cs...) {
			// A string with verbs is matched by its fixed parts.
			for _, s := range verbs.Split(str, -1) {
				s = strings.TrimSpace(s)
				if own[s] || seen[s] || letters(s) < min || ownFragment(own, s) || ownWords[s] {
					continue
				}
				if containsWord(text, s) {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// letters counts the letters of s: a fragment such as ", un" is too short
// to tell a language.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

var verbs = regexp.MustCompile(`%[a-z]|\{\w+\}`)

// ownFragment reports whether s is a fixed part of one of l's own strings.
func ownFragment(own map[string]bool, s string) bool {
	for o := range own {
		if strings.Contains(o, "%") || strings.Contains(o, "{") {
			for _, f := range verbs.Split(o, -1) {
				if strings.TrimSpace(f) == s {
					return true
				}
			}
		}
	}
	return false
}

func containsWord(text, s string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], s)
		if j < 0 {
			return false
		}
		a, b := i+j, i+j+len(s)
		if (a == 0 || !isLetter(text[a-1])) && (b == len(text) || !isLetter(text[b])) {
			return true
		}
		i = a + 1
	}
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
