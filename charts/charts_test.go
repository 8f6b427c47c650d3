package charts

import (
	"bytes"
	"flag"
	"image/color"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/ (then look at every one)")

func load(t *testing.T) (*datasets.Set, []geo.Shape) {
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

const source = "pariscall.international supporter files (github.com/ambanum/pariscall.international)"

// golden renders p as PNG and compares it with testdata/name.png, with the
// tolerance gonum/plot's own tests use for anti-aliasing differences.
func golden(t *testing.T, name string, p *plot.Plot, w, h vg.Length) {
	t.Helper()
	got, err := Render(p, w, h, "png", Options{DPI: 96})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".png")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./charts -update and look at the image)", err)
	}
	ok, err := cmpimg.EqualApprox("png", got, want, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		os.WriteFile(filepath.Join(t.TempDir(), name+".png"), got, 0o644)
		t.Errorf("%s differs from %s beyond tolerance", name, path)
	}
}

func TestGoldenImages(t *testing.T) {
	s, shapes := load(t)
	for _, l := range []labels.Lang{labels.ID, labels.EN} {
		cov, err := Coverage(s.Principles(), s.Frameworks(), s.Coverage(), l)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "coverage_"+string(l), cov, CoverageSize[0], CoverageSize[1])
		pw, err := CyberPower(s.CyberPower(), l)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "cyber_power_"+string(l), pw, CyberPowerSize[0], CyberPowerSize[1])
		m, err := SupporterMap(MapData{Shapes: shapes, Supporters: analysis.StateCodes(s, datasets.ChapterAccessDate), AsOf: datasets.ChapterAccessDate, Lang: l, Source: source})
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "supporter_map_"+string(l), m, MapSize[0], MapSize[1])
	}
	g, err := Growth(GrowthData{Supporters: s.Supporters(), Censored: s.Span.First, Lang: labels.EN, AsOf: s.MustDate("2022-06-30"),
		Notes: []Note{{Date: datasets.ChapterAccessDate, Text: "18 January 2021: the chapter's access date"}}})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "growth_en", g, GrowthSize[0], GrowthSize[1])
	b := StackedBars("Supporter states by region", []Stack{
		{Label: "Europe", Parts: map[string]float64{"eu": 26, "other": 14}},
		{Label: "Americas", Parts: map[string]float64{"other": 13}},
		{Label: "Asia", Parts: map[string]float64{"eu": 1, "other": 12}},
	}, []string{"eu", "other"}, map[string]color.Color{"eu": CategoryColors["state"], "other": CategoryColors["public-authority"]}, map[string]string{"eu": "EU member", "other": "Other"})
	golden(t, "bars_en", b, BarsSize[0], 6*vg.Centimeter)
	golden(t, "states_by_region_id", StatesByRegion(s.Supporters(), s.Countries(), datasets.ChapterAccessDate, labels.ID), BarsSize[0], 7*vg.Centimeter)
	for _, l := range []labels.Lang{labels.ID, labels.EN} {
		tl, err := Timeline(s.Timeline(), l)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "timeline_"+string(l), tl, TimelineSize[0], TimelineSize[1])
	}
	labels := []string{"Paris Call", "ENISA", "Tech Accord"}
	h, err := Heatmap("Similarity", labels, [][]float64{{1, 0.67, 0.78}, {0.67, 1, 0.86}, {0.78, 0.86, 1}}, []int{0, 2, 1})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "heatmap_en", h, 12*vg.Centimeter, 9*vg.Centimeter)
	if _, err := Heatmap("x", labels[:2], [][]float64{{1}}, nil); err == nil {
		t.Error("a heatmap with more labels than rows was accepted")
	}
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
		a, err := Render(p, 10*vg.Centimeter, 5*vg.Centimeter, f, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !bytes.HasPrefix(a, []byte(magic[f])) {
			t.Errorf("%s output starts %q", f, a[:8])
		}
		b, _ := Render(p, 10*vg.Centimeter, 5*vg.Centimeter, f, Options{})
		if !bytes.Equal(a, b) {
			t.Errorf("two %s renderings differ", f)
		}
	}
	// A PDF embeds one font program (see regularPDF), used by every font
	// resource.
	pdf, _ := Render(p, 10*vg.Centimeter, 5*vg.Centimeter, "pdf", Options{})
	if n := bytes.Count(pdf, []byte("/FontFile2 ")); n != 1 {
		t.Errorf("the PDF has %d font programs, want 1", n)
	}
	if n := bytes.Count(pdf, []byte("/BaseFont /LiberationSans\n")); n != 1 {
		t.Errorf("the PDF has %d LiberationSans fonts, want only the regular one", n)
	}
	if _, err := Render(p, vg.Centimeter, vg.Centimeter, "gif", Options{}); err == nil {
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
