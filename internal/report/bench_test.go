package report

import (
	"testing"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/labels"
)

// BenchmarkBuild makes every figure, table and the report, in memory.
func BenchmarkBuild(b *testing.B) {
	in := inputs(b)
	for b.Loop() {
		if _, err := Build(in, Options{AsOf: datasets.ChapterAccessDate, Lang: labels.ID}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMap builds the supporter map and renders it in every format: the
// map's share of BenchmarkBuild.
func BenchmarkMap(b *testing.B) {
	in := inputs(b)
	ex := exhibits.NewInput(in.Set, in.Shapes)
	o := exhibits.Options{AsOf: datasets.ChapterAccessDate, Lang: labels.ID}
	for b.Loop() {
		p, err := exhibits.SupporterMap.Plot(ex, o)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range charts.Formats {
			if _, err := charts.Render(p, charts.SizeOf(p), f, charts.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFigure draws each of the report's figures in each format, as
// Build does, and reports the bytes written: a figure's share of
// BenchmarkBuild, and its size.
func BenchmarkFigure(b *testing.B) {
	in := inputs(b)
	ex := exhibits.NewInput(in.Set, in.Shapes)
	o := exhibits.Options{AsOf: datasets.ChapterAccessDate, Lang: labels.ID}
	for _, e := range exhibits.Of(exhibits.Figure) {
		p, err := e.Plot(ex, o)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range charts.Formats {
			b.Run(e.ID+"/"+f, func(b *testing.B) {
				var n int
				for b.Loop() {
					out, err := charts.Render(p, charts.SizeOf(p), f, charts.Options{})
					if err != nil {
						b.Fatal(err)
					}
					n = len(out)
				}
				b.ReportMetric(float64(n), "bytes")
			})
		}
	}
}
