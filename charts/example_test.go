package charts_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// save draws p at the size its builder designed it for, as the PNG the
// golden images are kept in.
func save(p *plot.Plot, name string) {
	b, err := charts.Render(p, charts.SizeOf(p), "png", charts.Options{DPI: 96})
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", name+".png"), b, 0o644); err != nil {
		log.Fatal(err)
	}
}

var langs = []labels.Lang{labels.ID, labels.EN}

// Gambar 2.1: the supporter states on the chapter's access date, in
// Indonesian and English.
func ExampleSupporterMap() {
	set := datasets.MustLoad()
	shapes, err := set.Shapes()
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range langs {
		p, err := charts.SupporterMap(charts.MapData{
			Shapes:     shapes,
			Supporters: analysis.StateCodes(set, datasets.ChapterAccessDate),
			AsOf:       datasets.ChapterAccessDate,
			Lang:       l,
			Source:     vocab.UpstreamName,
		})
		if err != nil {
			log.Fatal(err)
		}
		save(p, "supporter_map_"+string(l))
	}
}

// Tabel 2.1 as a figure.
func ExampleCoverage() {
	set := datasets.MustLoad()
	for _, l := range langs {
		p, err := charts.Coverage(set.Principles(), set.Frameworks(), set.Coverage(), l)
		if err != nil {
			log.Fatal(err)
		}
		save(p, "coverage_"+string(l))
	}
}

// Tabel 2.2 as a figure.
func ExampleCyberPower() {
	set := datasets.MustLoad()
	for _, l := range langs {
		p, err := charts.CyberPower(set.CyberPower(), l)
		if err != nil {
			log.Fatal(err)
		}
		save(p, "cyber_power_"+string(l))
	}
}

// The supporters over time, with the chapter's access date marked, drawn
// to the last day of the committed history (19 January 2024): what a
// refresh adds after it leaves the golden image as it is.
func ExampleGrowth() {
	set := datasets.MustLoad()
	end := set.MustDate("2024-01-19")
	censored := 0
	var through []datasets.Supporter
	for _, s := range set.Supporters() {
		if s.FirstSeen.After(end) {
			continue
		}
		if s.RemovedOn.After(end) {
			s.RemovedOn = civil.Date{}
		}
		through = append(through, s)
		if s.InFirstCommit {
			censored++
		}
	}
	p, err := charts.Growth(charts.GrowthData{
		Series:        analysis.GrowthByCategory(through),
		End:           end,
		Censored:      set.Span.First,
		CensoredCount: censored,
		AsOf:          set.MustDate("2022-06-30"),
		Notes:         []charts.Note{{Date: datasets.ChapterAccessDate, Text: "18 January 2021: the chapter's access date"}},
		Lang:          labels.EN,
	})
	if err != nil {
		log.Fatal(err)
	}
	save(p, "growth_en")
}

// The supporter states by region, EU members apart.
func ExampleStatesByRegion() {
	set := datasets.MustLoad()
	names := map[string]string{}
	for _, c := range set.Countries() {
		names[c.RegionEN] = c.RegionID
	}
	p, err := charts.StatesByRegion(analysis.CountOn(set, datasets.ChapterAccessDate, vocab.State), names, labels.ID)
	if err != nil {
		log.Fatal(err)
	}
	save(p, "states_by_region_id")
}

// Bars divided into parts, for any counts.
func ExampleStackedBars() {
	p, err := charts.StackedBars("Supporter states by region", []charts.Stack{
		{Label: "Europe", Parts: map[string]float64{"eu": 26, "other": 14}},
		{Label: "Americas", Parts: map[string]float64{"other": 13}},
		{Label: "Asia", Parts: map[string]float64{"eu": 1, "other": 12}},
	}, []string{"eu", "other"},
		map[string]color.Color{"eu": charts.CategoryColors[vocab.State], "other": charts.CategoryColors[vocab.PublicAuthority]},
		map[string]string{"eu": "EU member", "other": "Other"})
	if err != nil {
		log.Fatal(err)
	}
	save(p, "bars_en")
}

// The doctrine timeline, domestic above international.
func ExampleTimeline() {
	set := datasets.MustLoad()
	for _, l := range langs {
		p, err := charts.Timeline(set.Timeline(), l)
		if err != nil {
			log.Fatal(err)
		}
		save(p, "timeline_"+string(l))
	}
}

// A similarity matrix, rows and columns in cluster order.
func ExampleHeatmap() {
	p, err := charts.Heatmap("Similarity", []string{"Paris Call", "ENISA", "Tech Accord"},
		[][]float64{{1, 0.67, 0.78}, {0.67, 1, 0.86}, {0.78, 0.86, 1}}, []int{0, 2, 1})
	if err != nil {
		log.Fatal(err)
	}
	save(p, "heatmap_en")
}

// TestExamples runs each example and compares the images it writes with
// the golden ones (testdata/NAME_golden.png), with the tolerance gonum/plot's
// own tests use for anti-aliasing. On a mismatch the rendered image stays at
// testdata/NAME.png and the difference is written to testdata/NAME_diff.png,
// for a person to open. go test ./charts -regen rewrites the golden images
// (then look at every one).
func TestExamples(t *testing.T) {
	for _, tt := range []struct {
		name    string
		example func()
		files   []string
	}{
		{"SupporterMap", ExampleSupporterMap, []string{"supporter_map_id", "supporter_map_en"}},
		{"Coverage", ExampleCoverage, []string{"coverage_id", "coverage_en"}},
		{"CyberPower", ExampleCyberPower, []string{"cyber_power_id", "cyber_power_en"}},
		{"Growth", ExampleGrowth, []string{"growth_en"}},
		{"StatesByRegion", ExampleStatesByRegion, []string{"states_by_region_id"}},
		{"StackedBars", ExampleStackedBars, []string{"bars_en"}},
		{"Timeline", ExampleTimeline, []string{"timeline_id", "timeline_en"}},
		{"Heatmap", ExampleHeatmap, []string{"heatmap_en"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.example()
			for _, f := range tt.files {
				check(t, f)
			}
		})
	}
}

// check compares testdata/NAME.png, just rendered, with its golden image.
func check(t *testing.T, name string) {
	t.Helper()
	path, golden := filepath.Join("testdata", name+".png"), filepath.Join("testdata", name+"_golden.png")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if *cmpimg.GenerateTestData {
		if err := os.Rename(path, golden); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./charts -regen writes it: then look at it)", err)
	}
	ok, err := cmpimg.EqualApprox("png", got, want, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Errorf("%s differs from %s beyond tolerance", path, golden)
		writeDiff(t, name)
		return
	}
	os.Remove(path)
}

// writeDiff writes testdata/NAME_diff.png: where the rendered image and the
// golden one differ.
func writeDiff(t *testing.T, name string) {
	dec := func(p string) image.Image {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Log(err)
			return nil
		}
		m, _, err := image.Decode(bytes.NewReader(b))
		if err != nil {
			t.Log(err)
			return nil
		}
		return m
	}
	got, want := dec(filepath.Join("testdata", name+".png")), dec(filepath.Join("testdata", name+"_golden.png"))
	if got == nil || want == nil {
		return
	}
	dst := image.NewRGBA64(got.Bounds().Union(want.Bounds()))
	cmpimg.Diff(dst, got, want)
	var b bytes.Buffer
	if err := png.Encode(&b, dst); err != nil {
		t.Log(err)
		return
	}
	p := filepath.Join("testdata", name+"_diff.png")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err == nil {
		wd, _ := os.Getwd()
		t.Logf("rendered: %s; difference: %s", filepath.Join(wd, "testdata", name+".png"), filepath.Join(wd, p))
	}
}
