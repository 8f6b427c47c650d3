package interactive

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func load(t testing.TB) (*datasets.Set, *Data) {
	t.Helper()
	set, err := datasets.Open(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	shapes, err := set.Shapes()
	if err != nil {
		t.Fatal(err)
	}
	d, err := Build(set, shapes, labels.EN, datasets.ChapterAccessDate)
	if err != nil {
		t.Fatal(err)
	}
	return set, d
}

// The map's counters and states at every step are analysis's counts on that
// day, and the history runs from the first record to the last.
func TestDataAgreesWithAnalysis(t *testing.T) {
	set, d := load(t)
	if d.Dates[0] != set.Span.First || d.Dates[len(d.Dates)-1] != set.Span.Last {
		t.Errorf("steps run %s to %s, want the whole history %s to %s", d.Dates[0], d.Dates[len(d.Dates)-1], set.Span.First, set.Span.Last)
	}
	if d.Dates[d.Start] != datasets.ChapterAccessDate && d.Dates[d.Start].After(datasets.ChapterAccessDate) {
		t.Errorf("starts at %s for %s", d.Dates[d.Start], datasets.ChapterAccessDate)
	}
	for _, day := range []string{"2019-09-16", "2019-11-12", vocab.ChapterAccessDate, "2022-06-30", "2024-01-19"} {
		date := civil.MustParse(day)
		i := d.StepOf(date)
		tally := analysis.CountOn(set, date, "")
		for k, c := range vocab.Categories {
			if d.Counts[k][i] != tally.ByCategory[c] {
				t.Errorf("%s: %d %s on the map, analysis counts %d", day, d.Counts[k][i], c, tally.ByCategory[c])
			}
		}
		if got, want := d.States(i), len(analysis.StateCodes(set, date)); got != want {
			t.Errorf("%s: %d states on the map, want %d", day, got, want)
		}
	}
	if n := d.States(d.StepOf(datasets.ChapterAccessDate)); n != 79 {
		t.Errorf("%d states on the chapter's access date, want 79", n)
	}
	for _, c := range d.Countries {
		if c.Alpha3 == "USA" && (c.FirstListed.String() != "2021-11-11" || c.InFirstCommit) {
			t.Errorf("United States first listed %s (in first record %v)", c.FirstListed, c.InFirstCommit)
		}
		if c.Alpha3 == "FRA" && (!c.EU || c.NonState[d.StepOf(datasets.ChapterAccessDate)] == 0) {
			t.Errorf("France: EU %v, non-state supporters %d", c.EU, c.NonState[d.StepOf(datasets.ChapterAccessDate)])
		}
	}
}

// The spec draws every shape of the printed map on the same projection.
func TestSpec(t *testing.T) {
	_, d := load(t)
	b, err := d.Spec()
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Projection struct{ Type string }
		Layer      []struct {
			Name string
			Data struct {
				Values json.RawMessage
				Format struct{ Type, Feature string }
			}
		}
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.Projection.Type != "equalEarth" {
		t.Errorf("projection %q", spec.Projection.Type)
	}
	var topo *topology
	for _, l := range spec.Layer {
		if l.Name == "countries" {
			if l.Data.Format.Type != "topojson" || l.Data.Format.Feature != "countries" {
				t.Errorf("countries' format %+v", l.Data.Format)
			}
			if err := json.Unmarshal(l.Data.Values, &topo); err != nil {
				t.Fatal(err)
			}
		}
	}
	if topo == nil {
		t.Fatal("no countries layer")
	}
	checkTopology(t, topo, d.Shapes)
	again, _ := d.Spec()
	if !bytes.Equal(b, again) {
		t.Error("the spec differs between two calls")
	}
}

// The fragment is in the page's language and holds nothing of another.
func TestFragmentLanguage(t *testing.T) {
	set, _ := load(t)
	shapes, _ := set.Shapes()
	for _, l := range labels.All {
		d, err := Build(set, shapes, l, datasets.ChapterAccessDate)
		if err != nil {
			t.Fatal(err)
		}
		f, err := d.Fragment()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(f), text(l, "play")) || !strings.Contains(string(f), `lang="`+string(l)+`"`) {
			t.Errorf("%s: fragment lacks its language's words", l)
		}
		// The data (supporters' names among it) is not the page's words; the
		// words the script shows come from the config's text, in l.
		markup := regexp.MustCompile(`(?s)<script[^>]*>.*?</script>|<style>.*?</style>`).ReplaceAllString(string(f), "")
		cfg := d.config()
		for k, v := range cfg.Text {
			if v != text(l, k) {
				t.Errorf("%s: config text %s = %q", l, k, v)
			}
		}
		// The reader sees the text, not the attributes; the site's name is a
		// name in every language.
		shown := strings.ReplaceAll(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(markup, " "), "pariscall.international", "")
		if foreign := labels.Foreign(shown, l, 4, labels.Words); len(foreign) > 0 {
			t.Errorf("%s: fragment holds %q", l, foreign)
		}
	}
}

// The inlined builds are those the lockfile pins, unchanged: their checksums
// match SHA256SUMS, and, where npm has installed the lockfile (CI does),
// the files in node_modules byte for byte.
func TestVendoredBuilds(t *testing.T) {
	files := map[string][]byte{"vega.min.js": vegaJS, "vega-lite.min.js": vegaLiteJS, "vega-embed.min.js": vegaEmbedJS, "LICENSES.txt": licencesTxt}
	sums := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(Checksums()), "\n") {
		f := strings.Fields(line)
		sums[f[1]] = f[0]
	}
	for name, b := range files {
		if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != sums[name] {
			t.Errorf("%s: sha256 %s, SHA256SUMS says %s", name, got, sums[name])
		}
	}
	want := map[string]string{"vega": "6.4.0", "vega-lite": "6.5.0", "vega-embed": "7.3.0"}
	for k, v := range want {
		if Versions()[k] != v {
			t.Errorf("js/package.json pins %s %s, want %s", k, Versions()[k], v)
		}
	}
	var lock struct {
		Packages map[string]struct{ Version string } `json:"packages"`
	}
	raw, err := os.ReadFile("js/package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &lock); err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if got := lock.Packages["node_modules/"+k].Version; got != v {
			t.Errorf("package-lock.json locks %s %s, want %s", k, got, v)
		}
	}
	mods := filepath.Join("js", "node_modules")
	if _, err := os.Stat(mods); err != nil {
		testenv.Missing(t, "%s not installed (npm ci --prefix charts/interactive/js): the builds are not compared with npm's", mods)
	}
	for pkg, file := range map[string]string{"vega": "vega.min.js", "vega-lite": "vega-lite.min.js", "vega-embed": "vega-embed.min.js"} {
		b, err := os.ReadFile(filepath.Join(mods, pkg, "build", file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, files[file]) {
			t.Errorf("js/%s differs from npm's %s %s: run go generate ./charts/interactive", file, pkg, want[pkg])
		}
	}
}

// Libraries inlines each build whole, with no source map reference and
// nothing that would end its script element early.
func TestLibraries(t *testing.T) {
	h := string(Libraries())
	if strings.Count(h, "<script>") != 4 || strings.Contains(h, "sourceMappingURL") {
		t.Errorf("%d script elements; source map comment kept: %v", strings.Count(h, "<script>"), strings.Contains(h, "sourceMappingURL"))
	}
	for _, js := range [][]byte{vegaJS, vegaLiteJS, vegaEmbedJS} {
		if bytes.Contains(bytes.ToLower(js), []byte("</script")) {
			t.Error("a build holds </script")
		}
	}
	if !strings.Contains(h, "==== vega 6.4.0 (BSD-3-Clause)") || !strings.Contains(h, "==== d3-geo ") {
		t.Error("the licences are not inlined")
	}
}

// Each build is wrapped so that an AMD loader on the page (Jupyter's
// require.js) does not capture it.
func TestLibrariesIgnoreAMD(t *testing.T) {
	h := string(Libraries())
	if n := strings.Count(h, "(function (define, exports, module) {"); n != 3 {
		t.Errorf("%d of 3 builds wrapped against AMD loaders", n)
	}
}

// checkTopology decodes every arc as a TopoJSON reader does and checks that
// each ring drawn is one of the shape's, in order: its positions the shape's,
// each within half a grid step, its first and last among them, every
// position left out within the screen tolerance (and a grid step) of the ring
// drawn, and turning the same way. A ring left out must be narrow (its area
// over its extent's diagonal, a mean width, no more than twice the tolerance
// and a grid step): simplifying or the grid collapses it or turns it over.
func checkTopology(t *testing.T, topo *topology, shapes []geo.Shape) {
	t.Helper()
	geoms := topo.Objects.Countries.Geometries
	if len(geoms) != len(shapes) {
		t.Fatalf("%d geometries in the topology, %d shapes", len(geoms), len(shapes))
	}
	k, tr := topo.Transform.Scale, topo.Transform.Translate
	near := func(q, c orb.Point) bool {
		return math.Abs(q[0]-c[0]) <= k[0]/2+1e-9 && math.Abs(q[1]-c[1]) <= k[1]/2+1e-9
	}
	// drawn reports whether arc draws ring, and the decoded ring.
	drawn := func(arc [][2]int, ring orb.Ring) (orb.Ring, string) {
		var x, y int
		var out orb.Ring
		j := 0
		var prev orb.Point
		for n, d := range arc {
			x, y = x+d[0], y+d[1]
			c := orb.Point{float64(x)*k[0] + tr[0], float64(y)*k[1] + tr[1]}
			start := j
			for j < len(ring) && !near(ring[j], c) {
				j++
			}
			if j == len(ring) || (n == 0 && j != 0) {
				return nil, fmt.Sprintf("position %d %v is not the ring's next", n, c)
			}
			for _, q := range ring[start:j] {
				if dd := dist(q, prev, c); dd > screenTolerance+math.Hypot(k[0], k[1]) {
					return nil, fmt.Sprintf("%v left out, %.3f° from the ring drawn", q, dd)
				}
			}
			j, prev = j+1, c
			out = append(out, c)
		}
		for ; j < len(ring); j++ {
			if !near(ring[j], prev) {
				return nil, "its last positions are left out"
			}
		}
		if len(out) < 4 {
			return nil, fmt.Sprintf("%d positions", len(out))
		}
		if (planar.Area(out) > 0) != (planar.Area(ring) > 0) {
			return nil, "it turns the other way"
		}
		return out, ""
	}
	narrow := func(r orb.Ring) bool {
		b, w := r.Bound(), 2*(screenTolerance+max(k[0], k[1]))
		return math.Abs(planar.Area(r)) <= w*math.Hypot(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])
	}
	kept, all, dropped := 0, 0, 0
	for i, s := range shapes {
		g := geoms[i]
		if g.Arcs == nil {
			t.Errorf("shape %s: arcs null", s.ID)
		}
		if g.ID != s.ID {
			t.Fatalf("geometry %d: id %q, shape %q", i, g.ID, s.ID)
		}
		var rings []orb.Ring // the shape's, in order, outer rings marked below
		var outer []bool
		for _, poly := range s.Geometry {
			for r, ring := range poly {
				rings, outer = append(rings, ring), append(outer, r == 0)
				all += len(ring)
			}
		}
		j := 0
		for p, poly := range g.Arcs {
			for r, a := range poly {
				arc := topo.Arcs[a[0]]
				for ; j < len(rings); j++ {
					if r == 0 && !outer[j] {
						continue
					}
					if _, why := drawn(arc, rings[j]); why == "" {
						break
					} else if !narrow(rings[j]) {
						t.Fatalf("shape %s: polygon %d ring %d does not draw its ring %d, which is not narrow: %s", s.ID, p, r, j, why)
					}
					dropped++
				}
				if j == len(rings) {
					t.Fatalf("shape %s: polygon %d ring %d draws none of its rings", s.ID, p, r)
				}
				kept += len(arc)
				j++
			}
		}
		for ; j < len(rings); j++ {
			if !narrow(rings[j]) {
				t.Fatalf("shape %s: ring %d left out, and not narrow", s.ID, j)
			}
			dropped++
		}
	}
	t.Logf("%d of %d positions sent; %d narrow rings left out", kept, all, dropped)
}

// dist is the distance from q to the segment ab, in degrees.
func dist(q, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	u := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		u = max(0, min(1, ((q[0]-a[0])*dx+(q[1]-a[1])*dy)/l))
	}
	return math.Hypot(q[0]-a[0]-u*dx, q[1]-a[1]-u*dy)
}
