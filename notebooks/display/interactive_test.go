package display

import (
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/labels"
)

// The notebook's map is the report's: the same libraries, spec and
// controls, in the language asked for.
func TestInteractiveMapHTML(t *testing.T) {
	set := datasets.MustLoad()
	h, err := InteractiveMapHTML(set, labels.FR, datasets.ChapterAccessDate)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"vegaEmbed", `"type":"equalEarth"`, `class="cn-slider"`, ">Lecture<", `lang="fr"`, "==== vega-lite 6.5.0"} {
		if !strings.Contains(h, want) {
			t.Errorf("the map's HTML lacks %q", want)
		}
	}
	if _, err := InteractiveMapHTML(set, labels.EN, datasets.ChapterAccessDate.AddDays(-5000)); err == nil {
		t.Error("a date before the history was accepted")
	}
}
