package notebooks_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	month = `(January|February|March|April|May|June|July|August|September|October|November|December)`
	// What a text cell may write in figures: dates (which say when they
	// hold), years of dated events, the chapter's own labels of its tables,
	// figures and sections, and a formula.
	allowedFigures = regexp.MustCompile(`\d{4}-\d{2}-\d{2}|\d{1,2} ` + month + ` \d{4}|` + month + ` \d{4}|\b(19|20)\d{2}\b|` +
		`(Tabel|Gambar) \d\.\d|§\d(\.\d)*|[Ss]ections? \d(\.\d)*( and \d(\.\d)*)?|UN M49|1 − similarity`)
	// The chapter's table has nine principles and six frameworks: its
	// design, not a count of the data.
	allowedWords = regexp.MustCompile(`nine principles|five other frameworks|six frameworks`)
	codeSpan     = regexp.MustCompile("`[^`]*`")
	quotation    = regexp.MustCompile(`"[^"]*"`)
	numberWord   = regexp.MustCompile(`(?i)\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|thousand|dozen|half)\b`)
	digit        = regexp.MustCompile(`\d+([.,]\d+)*%?`)
)

// untimedNumbers returns the figures and number words of a text cell that
// are neither a date nor the chapter's own labels: a count stated in prose
// goes stale when the data move, so it belongs in a code cell's output or
// with the date it holds for. Quotations of the chapter (lines opening
// with >, or in double quotes) and code spans are the chapter's and the
// code's words.
func untimedNumbers(src string) []string {
	var out []string
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), ">") {
			continue
		}
		line = codeSpan.ReplaceAllString(line, "")
		line = quotation.ReplaceAllString(line, "")
		line = allowedFigures.ReplaceAllString(line, "")
		line = allowedWords.ReplaceAllString(line, "")
		out = append(out, digit.FindAllString(line, -1)...)
		out = append(out, numberWord.FindAllString(line, -1)...)
	}
	return out
}

func TestUntimedNumbers(t *testing.T) {
	for src, want := range map[string]string{
		"375 civil-society supporters on that day":                  "375",
		"seventeen cells change the closest pair":                   "seventeen",
		"(Jaccard 0.86), 22.4% of the history":                      "0.86 22.4%",
		"on 18 January 2021, in November 2021, on 2020-11-20, 1942": "",
		"Tabel 2.1 and Gambar 2.1, §2.5.1, sections 2.1 and 2.4":    "",
		"> *Di antara 79 negara* (§2.5.1)\n`asOf=2024-01-19`":       "",
		`the chapter's "79 states" held`:                            "",
		"regions (UN M49) of two states":                            "two",
		"the nine principles in six frameworks":                     "",
	} {
		if got := strings.Join(untimedNumbers(src), " "); got != want {
			t.Errorf("%q: %q, want %q", src, got, want)
		}
	}
}

// No text cell of a notebook states a count without its date.
func TestNotebookTextNumbersAreGeneratedOrDated(t *testing.T) {
	for _, p := range notebooks(t) {
		for i, c := range cells(t, p) {
			if c.Kind != "markdown" {
				continue
			}
			if n := untimedNumbers(c.Source); len(n) > 0 {
				t.Errorf("%s, cell %d: %s: print it from a code cell or give its date", filepath.Base(p), i+1, strings.Join(n, ", "))
			}
		}
	}
}
