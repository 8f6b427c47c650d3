package display

import (
	"fmt"
	"html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/cite"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

func set(t *testing.T) *datasets.Set {
	s, err := datasets.Open(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A long table is elided in the middle, its size said; numbers are right-
// aligned and decimal counts written as integers.
func TestTableHTML(t *testing.T) {
	rows := make([][]string, 45)
	for i := range rows {
		rows[i] = []string{fmt.Sprint("row ", i), fmt.Sprint(i), "2.000000", "NaN"}
	}
	cols := []Column{{Name: "name"}, {Name: "n", Num: true}, {Name: "share", Num: true, Decimal: true}, {Name: "note & <x>"}}
	h := TableHTML("Rows & <more>", cols, rows)
	for _, want := range []string{"<caption>Rows &amp; &lt;more&gt;</caption>", "<th>note &amp; &lt;x&gt;</th>", `<td>row 0</td><td class="num">0</td><td class="num">2</td><td></td>`,
		"<td>row 14</td>", "<td>row 30</td>", "<td>row 44</td>", `<tr><td colspan="4">… 15 rows not shown …</td></tr>`, "45 rows × 4 columns"} {
		if !strings.Contains(h, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	for _, not := range []string{"<td>row 15</td>", "<td>row 29</td>"} {
		if strings.Contains(h, not) {
			t.Errorf("table shows %q, in the elided middle", not)
		}
	}
	if strings.Count(h, "<tr>") != MaxRows+2 {
		t.Errorf("%d rows shown", strings.Count(h, "<tr>"))
	}
}

// TestHelpersSpeakEveryLanguage shows a long table, the claims table and a
// citation in every language of the catalogue: a word missing from one
// panics (labels.T), and each shows its own words, none of English's.
func TestHelpersSpeakEveryLanguage(t *testing.T) {
	s := set(t)
	defer func(l labels.Lang) { Lang = l }(Lang)
	it := cite.Pin{Package: "paris-call-cybernorms", Version: "3.0.0", AsOf: "2021-01-18", Commit: "0123456789abcdef", Year: "2024"}.Of("tables/coverage.csv", "Tabel 2.1", "a notebook", []byte("x"))
	keys := []string{"nb.rows", "nb.rows.hidden", "nb.cite", "nb.cite.formats", "t.claim", "t.check"}
	// The longest fixed part of a message, as a page shows it.
	fixed := func(l labels.Lang, k string) string {
		var f string
		for _, p := range strings.Split(l.T(k), "%s") {
			if p = strings.TrimSpace(p); len(p) > len(f) {
				f = p
			}
		}
		return html.EscapeString(f)
	}
	for _, l := range labels.All {
		Lang = l
		c, err := CitationHTML(it)
		if err != nil {
			t.Fatal(err)
		}
		d := s.Tables[datasets.Supporters]
		h := TableHTML("", Text(d.Table.Header()...), d.Rows) + ClaimsHTML(s) + c
		for _, k := range keys {
			if f := fixed(l, k); !strings.Contains(h, f) {
				t.Errorf("%s: %s (%q) not shown", l, k, f)
			}
			if e := fixed(labels.EN, k); l != labels.EN && e != fixed(l, k) && strings.Contains(h, e) {
				t.Errorf("%s: shows the English %s (%q)", l, k, e)
			}
		}
	}
}

func TestClaimsHTML(t *testing.T) {
	h := ClaimsHTML(set(t))
	if !strings.Contains(h, `<td class="holds">holds</td>`) || !strings.Contains(h, `<td class="fails">does not hold</td>`) || !strings.Contains(h, `<td class="transcribed">transcribed only</td>`) {
		t.Error("verdicts are not coloured")
	}
}

func TestFormatFloat(t *testing.T) {
	for in, want := range map[string]string{"9.000000": "9", "0.777778": "0.778", "-3": "-3", "x": "x"} {
		if got := formatFloat(in); got != want {
			t.Errorf("formatFloat(%q) = %q, want %q", in, got, want)
		}
	}
}
