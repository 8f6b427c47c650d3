// Package labels holds the words the study shows people in each language:
// the language type, long dates, numbers, the names of supporter categories
// and the catalogues of the report's own words.
//
// Charts, the report and the notebooks take their labels from here, so a
// language is added in one place.
package labels

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// Lang is the language of labels.
type Lang string

const (
	// ID is Indonesian, as the chapter prints its labels.
	ID Lang = "id"
	// EN is English.
	EN Lang = "en"
	// FR is French, the Call's own language.
	FR Lang = "fr"
)

// All lists the languages, in the order the flags name them.
var All = []Lang{ID, EN, FR}

// Parse accepts "id", "en" or "fr".
func Parse(s string) (Lang, error) {
	switch Lang(s) {
	case ID, EN, FR:
		return Lang(s), nil
	}
	return "", fmt.Errorf("unknown language %q (want id, en or fr)", s)
}

// Pick returns the Indonesian, the English or, when given, the French
// string. A French label with no French string falls back to English, so
// callers that have not been translated keep working; the report checks
// its own pages for strings of another language.
func (l Lang) Pick(id, en string, fr ...string) string {
	switch {
	case l == ID:
		return id
	case l == FR && len(fr) > 0:
		return fr[0]
	}
	return en
}

var months = map[Lang][]string{
	ID: {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"},
	EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	FR: {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}

// Months returns the month names of l, January first.
func (l Lang) Months() []string { return months[l.norm()] }

func (l Lang) norm() Lang {
	if _, ok := months[l]; ok {
		return l
	}
	return EN
}

// LongDate writes a date in words: "18 Januari 2021", "18 January 2021",
// "18 janvier 2021" (French writes the first of a month "1er").
func (l Lang) LongDate(d civil.Date) string {
	day := fmt.Sprint(d.Day())
	if l == FR && d.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, l.Months()[d.Month()-1], d.Year())
}

// Tag is the BCP 47 tag of l, for <html lang> and number formats.
func (l Lang) Tag() language.Tag {
	switch l {
	case ID:
		return language.Indonesian
	case FR:
		return language.French
	}
	return language.English
}

// Int writes n with the locale's digit grouping (CLDR, through x/text):
// 1.173 in Indonesian, 1,173 in English, 1 173 in French.
func (l Lang) Int(n int) string {
	return message.NewPrinter(l.Tag()).Sprintf("%d", n)
}

// Category names a supporter category (plural, as a legend or a column).
func (l Lang) Category(c string) string {
	if n, ok := categories[c]; ok {
		return l.Of(n)
	}
	return c
}

var categories = map[string]Text{
	vocab.State:           {"Negara", "States", "États"},
	vocab.PublicAuthority: {"Otoritas publik", "Public authorities", "Autorités publiques"},
	vocab.PrivateSector:   {"Sektor swasta", "Private sector", "Secteur privé"},
	vocab.CivilSociety:    {"Masyarakat sipil", "Civil society", "Société civile"},
	vocab.Undefined:       {"Tanpa kategori", "No category", "Sans catégorie"},
}

// Text is one string in every language: Indonesian, English, French.
type Text [3]string

// Of returns t in l.
func (l Lang) Of(t Text) string {
	switch l {
	case ID:
		return t[0]
	case FR:
		return t[2]
	}
	return t[1]
}

// Catalogue is a set of strings by key, each in every language.
type Catalogue map[string]Text

// Get returns the string of key in l; a key that is not in the catalogue is
// a programming error and panics, so that a test catches it.
func (c Catalogue) Get(l Lang, key string) string {
	t, ok := c[key]
	if !ok {
		panic(fmt.Sprintf("labels: no string %q in the catalogue", key))
	}
	return l.Of(t)
}

// Strings returns every string of the catalogues in l, sorted: what a page in
// another language must not hold.
func Strings(l Lang, cs ...Catalogue) []string {
	seen := map[string]bool{}
	for _, c := range append(cs, categories) {
		for _, t := range c {
			seen[l.Of(t)] = true
		}
	}
	for _, m := range months[l.norm()] {
		seen[m] = true
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
func Foreign(text string, l Lang, min int, cs ...Catalogue) []string {
	own := map[string]bool{}
	for _, s := range Strings(l, cs...) {
		own[s] = true
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
				if own[s] || seen[s] || len([]rune(s)) < min || ownFragment(own, s) {
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
