package notebooks_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/internal/nbrun"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

// plotRE is a figure a notebook draws outside the catalogue.
var plotRE = regexp.MustCompile(`figure\.Plot(At)?\(`)

// displayedFigures is how many figures the notebook at path displays: the
// catalogue's figures it shows, and those it draws itself.
func displayedFigures(t *testing.T, path string) int {
	t.Helper()
	nb := filepath.Base(path)[:2]
	n := 0
	for _, e := range exhibits.All() {
		if e.Kind == exhibits.Figure && slices.Contains(e.Notebooks, nb) {
			n++
		}
	}
	for _, c := range cells(t, path) {
		if c.Kind == "code" {
			n += len(plotRE.FindAllString(c.Source, -1))
		}
	}
	return n
}

// Every notebook exported to HTML by nbconvert, as a reader does, holds
// every figure it displays, drawn: none lost, none an empty box. The
// export is made twice, as is and with its HTML sanitised (as a viewer of
// untrusted notebooks makes it), from the committed notebook a reader
// downloads.
func TestNotebooksExportWhole(t *testing.T) {
	testenv.Program(t, "jupyter-nbconvert")
	for _, p := range notebooks(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			want := displayedFigures(t, p)
			if want == 0 {
				t.Fatal("the notebook displays no figure")
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var meta struct {
				Metadata struct {
					Cybernorms struct {
						Figures int `json:"figures"`
					} `json:"cybernorms"`
				} `json:"metadata"`
			}
			if err := json.Unmarshal(b, &meta); err != nil {
				t.Fatal(err)
			}
			if got := meta.Metadata.Cybernorms.Figures; got != want {
				t.Errorf("the notebook declares %d figures and displays %d", got, want)
			}
			for _, sanitize := range []bool{false, true} {
				page, err := nbrun.Export(context.Background(), p, sanitize)
				if err != nil {
					t.Fatal(err)
				}
				figs := nbrun.ExportedFigures(page)
				drawn := 0
				for i, f := range figs {
					if f.Drawn {
						drawn++
					} else {
						t.Errorf("sanitised %v: figure %d of the export (%s) is empty: %s", sanitize, i+1, f.Format, f.Why)
					}
				}
				if drawn != want {
					t.Errorf("sanitised %v: %d figures drawn in the HTML export, the notebook displays %d", sanitize, drawn, want)
				}
				t.Logf("sanitised %v: %d of %d figures drawn (%d bytes)", sanitize, drawn, want, len(page))
			}
		})
	}
}

var mapRootRE = regexp.MustCompile(`<div class="cn-map-root"[^>]*>`)

// The interactive map a notebook shows speaks the notebook's language,
// English, whatever the language of its figures' labels: its root says so,
// and its controls are English words, not the Indonesian ones.
func TestNotebookMapInNotebooksLanguage(t *testing.T) {
	maps := 0
	for _, p := range notebooks(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		outs, err := nbrun.Outputs(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, cell := range outs {
			for _, o := range cell {
				root := mapRootRE.FindString(o)
				if root == "" {
					continue
				}
				maps++
				if !strings.Contains(root, `lang="en"`) {
					t.Errorf("%s: the map's root is %s, want lang=\"en\"", filepath.Base(p), root)
				}
				for _, k := range []string{"map.play", "map.slider", "map.legendyes", "map.search"} {
					if en := labels.EN.T(k); !strings.Contains(o, ">"+en+"<") && !strings.Contains(o, `"`+en+`"`) {
						t.Errorf("%s: the map lacks the English %s %q", filepath.Base(p), k, en)
					}
					if id := labels.ID.T(k); id != labels.EN.T(k) && strings.Contains(o, id) {
						t.Errorf("%s: the map shows the Indonesian %s %q", filepath.Base(p), k, id)
					}
				}
			}
		}
	}
	if maps == 0 {
		t.Error("no notebook shows the interactive map")
	}
}
