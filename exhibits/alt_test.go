package exhibits

import (
	"regexp"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/labels"
)

// one counts a single thing with a plural noun ("1 frameworks"): a word
// that only holds for some numbers belongs outside the number's sentence.
var one = regexp.MustCompile(`(^|[^\d.,\s])\s?\b1 (frameworks|cadres|marcos|principles|principes|principios|states|États|Estados|events|événements|hechos)\b`)

// Every figure, in every language, says what it shows in words: a notebook
// exporting it without the picture keeps its alternative text.
func TestEveryFigureHasAlternativeText(t *testing.T) {
	in := NewInput(datasets.MustLoad(), nil)
	for _, l := range []labels.Lang{labels.ID, labels.EN, labels.FR, labels.Lang("es")} {
		o := Options{AsOf: datasets.ChapterAccessDate, Lang: l}
		for _, e := range All() {
			if e.Kind != Figure {
				continue
			}
			alt := e.Alt(in, o)
			switch {
			case alt == "":
				t.Errorf("%s %s: no alternative text", e.ID, l)
			case strings.Contains(alt, "%!"):
				t.Errorf("%s %s: %q", e.ID, l, alt)
			case one.MatchString(alt):
				t.Errorf("%s %s: a plural counts one: %q", e.ID, l, alt)
			}
		}
	}
	o := Options{AsOf: datasets.ChapterAccessDate, Lang: labels.EN}
	if alt := FrameworkSimilarity.Alt(in, o); !strings.Contains(alt, "6 frameworks") {
		t.Errorf("similarity: %q", alt)
	}
	if alt := TimelineFigure.Alt(in, o); !strings.HasPrefix(alt, "Timeline of ") {
		t.Errorf("timeline: %q", alt)
	}
}
