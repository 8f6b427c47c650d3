package charts

import (
	"bytes"
	"image/color"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

func load(t testing.TB) (*datasets.Set, []geo.Shape) {
	t.Helper()
	s, err := datasets.Open(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	shapes, err := s.Shapes()
	if err != nil {
		t.Fatal(err)
	}
	return s, shapes
}

// At print size (17 cm across), every supporter state is visible: the
// micro-states the issue names get a marker.
func TestMapMarksMicroStates(t *testing.T) {
	s, shapes := load(t)
	sup := analysis.StateCodes(s, datasets.ChapterAccessDate)
	scale, _, _ := fit(vg.Rectangle{Max: vg.Point{X: 17 * vg.Centimeter, Y: 9 * vg.Centimeter}})
	marked := map[string]bool{}
	for _, sh := range shapes {
		if sup[sh.ID] && tooSmall(projected{Shape: sh, bound: boundOf(project(sh.Geometry))}, scale) {
			marked[sh.ID] = true
		}
	}
	// Andorra, Liechtenstein, Malta, Mauritius, Monaco, San Marino, Singapore.
	for _, id := range []string{"020", "438", "470", "480", "492", "674", "702"} {
		if !marked[id] {
			t.Errorf("supporter %s gets no marker at print size", id)
		}
	}
	// France is large enough to need none.
	if marked["250"] {
		t.Error("France gets a marker")
	}
	var ids []string
	for id := range marked {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	t.Logf("markers at 17 cm: %s", strings.Join(ids, " "))
}

func TestRenderFormats(t *testing.T) {
	s, _ := load(t)
	p, err := Coverage(s.Principles(), s.Frameworks(), s.Coverage(), labels.EN)
	if err != nil {
		t.Fatal(err)
	}
	magic := map[string]string{"svg": "<?xml", "png": "\x89PNG", "pdf": "%PDF"}
	for _, f := range Formats {
		a, err := Render(p, Size{10 * vg.Centimeter, 5 * vg.Centimeter}, f, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !bytes.HasPrefix(a, []byte(magic[f])) {
			t.Errorf("%s output starts %q", f, a[:8])
		}
		b, _ := Render(p, Size{10 * vg.Centimeter, 5 * vg.Centimeter}, f, Options{})
		if !bytes.Equal(a, b) {
			t.Errorf("two %s renderings differ", f)
		}
	}
	// A PDF embeds each face it draws once, cut to the glyphs it uses: the
	// bold header face under its own name, and no whole font program.
	pdf, err := Render(p, Size{10 * vg.Centimeter, 5 * vg.Centimeter}, "pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, face := range []string{"LiberationSans", "LiberationSans-Bold"} {
		// Once for the Type0 font, once for its CID descendant, under its
		// subset's tag.
		if n := len(regexp.MustCompile(`/BaseFont /[A-Z]{6}\+`+face+` `).FindAll(pdf, -1)); n != 2 {
			t.Errorf("the PDF names %s %d times, want twice", face, n)
		}
	}
	if n := bytes.Count(pdf, []byte("/FontFile2 ")); n != 2 {
		t.Errorf("the PDF has %d font programs, want 2", n)
	}
	if len(pdf) > 40<<10 {
		t.Errorf("the PDF is %d bytes, want at most 40 KB", len(pdf))
	}
	if _, err := Render(p, Size{vg.Centimeter, vg.Centimeter}, "gif", Options{}); err == nil {
		t.Error("gif accepted")
	}
}

func TestBuilderErrors(t *testing.T) {
	s, shapes := load(t)
	if _, err := Coverage(s.Principles(), s.Frameworks(), s.Coverage()[1:], labels.EN); err == nil || !strings.Contains(err.Error(), "no cell for paris-call × principle 1") {
		t.Errorf("missing cell: %v", err)
	}
	if _, err := CyberPower(s.CyberPower()[:7], labels.EN); err == nil {
		t.Error("missing cyber power cell accepted")
	}
	if _, err := SupporterMap(MapData{Shapes: shapes, Supporters: map[string]bool{"999": true}, AsOf: datasets.ChapterAccessDate, Lang: labels.EN}); err == nil || !strings.Contains(err.Error(), "no shape for supporter countries 999") {
		t.Errorf("unknown supporter: %v", err)
	}
	if _, err := SupporterMap(MapData{Shapes: shapes, Lang: labels.EN}); err == nil {
		t.Error("map without a date accepted")
	}
}

func TestBarsErrors(t *testing.T) {
	if _, err := Bars("x", []string{"a", "b"}, []float64{1}, Ink); err == nil || !strings.Contains(err.Error(), "2 labels for 1 values") {
		t.Errorf("labels and values of different lengths: %v", err)
	}
	if _, err := StackedBars("x", []Stack{{Label: "a", Parts: map[string]float64{"k": -1}}}, []string{"k"}, map[string]color.Color{"k": Ink}, nil); err == nil || !strings.Contains(err.Error(), "-1 is not a count") {
		t.Errorf("negative part: %v", err)
	}
	if _, err := StackedBars("x", []Stack{{Label: "a", Parts: map[string]float64{"z": 1}}}, []string{"k"}, map[string]color.Color{"k": Ink}, nil); err == nil || !strings.Contains(err.Error(), `part "z" that is not a key`) {
		t.Errorf("unknown part: %v", err)
	}
	if _, err := StackedBars("x", nil, []string{"k"}, nil, nil); err == nil || !strings.Contains(err.Error(), `key "k" has no colour`) {
		t.Errorf("key without colour: %v", err)
	}
}

func TestSizeOf(t *testing.T) {
	s, _ := load(t)
	p, err := Coverage(s.Principles(), s.Frameworks(), s.Coverage(), labels.EN)
	if err != nil {
		t.Fatal(err)
	}
	if SizeOf(p) != CoverageSize {
		t.Errorf("SizeOf(coverage) = %v, want %v", SizeOf(p), CoverageSize)
	}
	if got := SizeOf(newPlot("not built here")); got != (Size{20 * vg.Centimeter, 12 * vg.Centimeter}) {
		t.Errorf("SizeOf(foreign plot) = %v", got)
	}
}
