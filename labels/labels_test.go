package labels

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/civil"
)

func TestDatesAndNumbers(t *testing.T) {
	for _, c := range []struct {
		l       Lang
		date, n string
	}{
		{ID, "18 Januari 2021", "1.173"},
		{EN, "18 January 2021", "1,173"},
		{FR, "18 janvier 2021", "1\u00a0173"},
	} {
		if got := c.l.LongDate(civil.MustParse("2021-01-18")); got != c.date {
			t.Errorf("%s: LongDate = %q, want %q", c.l, got, c.date)
		}
		if got := c.l.Int(1173); got != c.n {
			t.Errorf("%s: Int = %q, want %q", c.l, got, c.n)
		}
	}
	if got := FR.LongDate(civil.MustParse("2019-11-01")); got != "1er novembre 2019" {
		t.Errorf("FR first of month: %q", got)
	}
}

func TestParse(t *testing.T) {
	for _, s := range []string{"id", "en", "fr"} {
		if l, err := Parse(s); err != nil || string(l) != s {
			t.Errorf("Parse(%q) = %q, %v", s, l, err)
		}
	}
	if _, err := Parse("de"); err == nil {
		t.Error("Parse(de) accepted")
	}
}

// sourceOf is a Source for the tests: each language's strings.
type sourceOf map[Lang][]string

func (s sourceOf) Strings(l Lang) []string { return s[l] }

func TestForeign(t *testing.T) {
	c := sourceOf{ID: {"Peta", "Klaim", "ISO"}, EN: {"Map", "Claims", "ISO"}, FR: {"Carte", "Affirmations", "ISO"}}
	for _, x := range []struct {
		l    Lang
		text string
		want []string
	}{
		{FR, "<h2>Carte</h2><p>Affirmations</p>", nil},
		{FR, "<h2>Carte</h2><p>Claims of the chapter</p>", []string{"Claims"}},
		{EN, "<p>Mappa is not Map</p><p>Sektor swasta</p>", []string{"Sektor swasta"}},
		{EN, "Peta: ISO", []string{"Peta"}},
		{ID, "Petals", nil}, // whole words only

	} {
		if got := Foreign(x.text, x.l, 3, c); !reflect.DeepEqual(got, x.want) {
			t.Errorf("%s %q: %q, want %q", x.l, x.text, got, x.want)
		}
	}
}

func TestForeignFragments(t *testing.T) {
	c := sourceOf{ID: {"Per %s:", "{n} dari {k} negara ditampilkan"}, EN: {"On %s:", "{n} of {k} states shown"}, FR: {"Au %s :", "{n} États affichés sur {k}"}}
	if got := Foreign("<p>2 dari 5 negara ditampilkan</p>", EN, 3, c); !reflect.DeepEqual(got, []string{"dari", "negara ditampilkan"}) {
		t.Errorf("got %q", got)
	}
	if got := Foreign("<p>2 États affichés sur 5</p>", FR, 3, c); got != nil {
		t.Errorf("got %q", got)
	}
	// A fragment of punctuation and a short word tells no language.
	es := sourceOf{FR: {"Carte"}, Lang("es"): {"%s se habían adherido, un %s estimado"}}
	if got := Foreign("<p>Lors de l'élection de 2018, un site web</p>", FR, 4, es); got != nil {
		t.Errorf("got %q", got)
	}
}

// Every language's catalogue has every message, with the same verbs in the
// same order, so that a missing key fails here and not on a reader's page.
func TestCataloguesAreComplete(t *testing.T) {
	if len(All) < 3 || All[0] != ID || All[1] != EN || All[2] != FR {
		t.Fatalf("languages %v, want id, en, fr first", All)
	}
	verb := regexp.MustCompile(`%[-+# 0-9.\[\]]*[a-zA-Z%]`)
	for _, l := range All {
		for _, other := range All {
			for k, s := range messages[other] {
				mine, ok := messages[l][k]
				switch {
				case !ok:
					t.Errorf("%s has no message %q (%s has %q)", l, k, other, s)
				case mine == "":
					t.Errorf("%s: message %q is empty", l, k)
				case !slices.Equal(verb.FindAllString(mine, -1), verb.FindAllString(s, -1)):
					t.Errorf("message %q: %s %q and %s %q fill in different values", k, l, mine, other, s)
				}
			}
		}
	}
}

// A message a catalogue lacks panics, for a test to catch.
func TestMissingMessagePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	EN.T("no such message")
}

// A one-word string of another language that is a word of the page's own
// strings is not foreign: "Nombre" is a name in Spanish and a number in French.
func TestForeignWordsSpeltAlike(t *testing.T) {
	c := sourceOf{ID: {"Nama", "Jumlah negara"}, EN: {"Name", "Number of states"}, FR: {"Nom", "Nombre d'États"}, Lang("es"): {"Nombre", "Número de Estados"}}
	if got := Foreign("<th>Nombre d'États</th>", FR, 3, c); got != nil {
		t.Errorf("fr: %q", got)
	}
	if got := Foreign("<th>Nombre</th>", EN, 3, c); !reflect.DeepEqual(got, []string{"Nombre"}) {
		t.Errorf("en: %q", got)
	}
}

// Every language restates the same claims, each template filling in one
// name.
func TestStatementCataloguesAgree(t *testing.T) {
	for _, l := range All {
		if len(statements()[l]) == 0 {
			t.Errorf("%s: no claims/%s.json", l, l)
		}
		for _, other := range All {
			for k := range statements()[other] {
				s, ok := statements()[l][k]
				switch {
				case !ok:
					t.Errorf("claims/%s.json has no statement %q (%s has one)", l, k, other)
				case strings.HasSuffix(k, "-*") != (strings.Count(s, "%s") == 1):
					t.Errorf("claims/%s.json %q: a template, and only a template, fills in one name: %q", l, k, s)
				}
			}
		}
	}
	if s, ok := FR.Statement("named-qat", "QAT", "Qatar"); !ok || !strings.Contains(s, "Qatar") {
		t.Errorf("template not filled: %q %v", s, ok)
	}
	if _, ok := FR.Statement("named-qat", "QAT", ""); ok {
		t.Error("a template was used without the name it fills in")
	}
}

func TestPartialDate(t *testing.T) {
	for _, c := range []struct {
		l        Lang
		iso, out string
	}{
		{ID, "1943-08", "Agustus 1943"},
		{FR, "1943-08", "août 1943"},
		{EN, "2001-11-23", "23 November 2001"},
		{FR, "2019-11-01", "1er novembre 2019"},
		{EN, "1942", "1942"},
		{EN, "1943-13", "1943-13"}, // not a month: shown as written
	} {
		if got := c.l.PartialDate(c.iso); got != c.out {
			t.Errorf("%s %s: %q, want %q", c.l, c.iso, got, c.out)
		}
	}
}
