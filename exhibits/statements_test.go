package exhibits

import (
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/labels"
)

// Every claim of the data set is restated in every language, and a template
// is filled in with the name in that language, never left with a verb or a
// code.
func TestEveryClaimHasAStatement(t *testing.T) {
	set := datasets.MustLoad()
	in := NewInput(set, nil)
	claims := set.Claims()
	if len(claims) < 90 {
		t.Fatalf("%d claims", len(claims))
	}
	for _, l := range labels.All {
		for _, c := range claims {
			s, err := in.Statement(c, l)
			if err != nil {
				t.Error(err)
				continue
			}
			if strings.Contains(s, "%") || strings.Contains(s, "(MISSING") {
				t.Errorf("%s %s: %q", l, c.ID, s)
			}
		}
	}
	for _, c := range claims {
		if c.ID == "budapest-signed-zaf" {
			for l, want := range map[labels.Lang]string{labels.ID: "Afrika Selatan", labels.FR: "Afrique du Sud", labels.Lang("es"): "Sudáfrica"} {
				if s, _ := in.Statement(c, l); !strings.Contains(s, want) {
					t.Errorf("%s: %q, want the name %q", l, s, want)
				}
			}
		}
	}
	if _, err := in.Statement(datasets.CheckedClaim{ID: "no-such-claim", Check: "count() = 1"}, labels.FR); err == nil {
		t.Error("a claim with no statement was accepted")
	}
}

// Every figure says where its numbers come from, in every language.
func TestEveryFigureHasASource(t *testing.T) {
	in := NewInput(datasets.MustLoad(), nil)
	for _, e := range All() {
		if e.Kind != Figure {
			continue
		}
		if e.Source == nil {
			t.Errorf("figure %s has no source line", e.ID)
			continue
		}
		for _, l := range labels.All {
			if s := e.Source(in, Options{AsOf: datasets.ChapterAccessDate, Lang: l}); len(s) < 20 {
				t.Errorf("figure %s, %s: source line %q", e.ID, l, s)
			}
		}
	}
}
