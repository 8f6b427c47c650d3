package charts

import (
	"container/heap"
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cybernorms/cybernorms/charts/internal/arcs"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// MarkerThreshold is the size, on the rendered map, below which a
// supporter's outline is too small to see and it gets a marker instead.
const MarkerThreshold = 3.0 // points, about 1 mm

// DrawTolerance is how far, on the drawn map, a boundary may move when it is
// simplified for drawing: 0.75 pt (0.26 mm, a pixel and a half of the PNG at
// 150 dpi). The geometry is kept at a tolerance that suits the largest
// interactive map; every point finer than the drawing shows cost time in
// every format, and most of the PDF's bytes. At 0.1 pt the map's PDF was
// 256 KB. Each border between neighbours is simplified once (see
// simplified), so a coarser tolerance opens no sliver between them; at 1 pt
// the coasts turn visibly angular.
const DrawTolerance = 0.75 // points

// MinRing is the size, on the drawn map, below which an island (a polygon
// other than its state's largest) or a lake is not drawn: under a white
// border 0.3 pt wide it would show as a speck of white at most.
const MinRing = 1.0 // points

// MapData is what the supporter map shows.
type MapData struct {
	Shapes []geo.Shape
	// Supporters holds the ISO numeric codes (geo.Shape.ID) of the
	// supporter states.
	Supporters map[string]bool
	AsOf       civil.Date
	Lang       labels.Lang
	// Source names where the supporters come from, for the source line;
	// empty means the Paris Call site's supporter files.
	Source string
}

// SupporterMap draws the world with the supporter states filled, on the
// Equal Earth projection: Gambar 2.1 of the chapter. A supporter too small to
// see at the size the map is drawn at gets a marker.
func SupporterMap(d MapData) (*plot.Plot, error) {
	l := d.Lang
	if d.Source == "" {
		d.Source = l.T("source")
	}
	if d.AsOf.IsZero() {
		return nil, fmt.Errorf("map: no as-of date")
	}
	found := map[string]bool{}
	m := &worldMap{data: d}
	for _, s := range d.Shapes {
		ps := project(s.Geometry)
		m.shapes = append(m.shapes, projected{Shape: s, polys: ps, supporter: d.Supporters[s.ID], bound: boundOf(ps)})
		if d.Supporters[s.ID] {
			found[s.ID] = true
			x, y := EqualEarth(s.Centroid()[0], s.Centroid()[1])
			m.shapes[len(m.shapes)-1].centre = orb.Point{x, y}
		}
	}
	var missing []string
	for id := range d.Supporters {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("map: no shape for supporter countries %s", strings.Join(missing, ", "))
	}
	// Largest first: an enclave (San Marino in Italy, Lesotho in South
	// Africa) is a hole of the country around it, filled as land and then
	// drawn over by the enclave itself.
	area := func(b orb.Bound) float64 { return (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]) }
	sort.SliceStable(m.shapes, func(i, j int) bool { return area(m.shapes[i].bound) > area(m.shapes[j].bound) })
	// The chapter's own title of its map, verbatim (Datawrapper's, in
	// English, in every language): the date is in the source line.
	p := newPlot("Paris Call Supporters: List of Paris Call Supporters by States")
	p.HideAxes()
	p.Add(m)
	return sized(p, MapSize), nil
}

type projected struct {
	geo.Shape
	polys     [][][]orb.Point // polygon → ring → points, on the unit sphere
	bound     orb.Bound
	supporter bool
	centre    orb.Point
}

func project(mp orb.MultiPolygon) [][][]orb.Point {
	out := make([][][]orb.Point, len(mp))
	for i, p := range mp {
		out[i] = make([][]orb.Point, len(p))
		for j, r := range p {
			ring := make([]orb.Point, len(r))
			for k, pt := range r {
				x, y := EqualEarth(pt[0], pt[1])
				ring[k] = orb.Point{x, y}
			}
			out[i][j] = ring
		}
	}
	return out
}

// drawn simplifies a projected ring to tol (in projected units). A ring the
// simplification would leave without area is smaller than the tolerance
// both ways: it is drawn as a triangle of its own points, a speck.
func drawn(ring []orb.Point, tol float64) []orb.Point {
	s := simplify.DouglasPeucker(tol).Ring(orb.Ring(ring).Clone())
	if len(s) >= 4 {
		return s
	}
	n := len(ring) - 1
	if n < 3 {
		return ring
	}
	return []orb.Point{ring[0], ring[n/3], ring[2*n/3], ring[0]}
}

func boundOf(polys [][][]orb.Point) orb.Bound {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, p := range polys {
		for _, pt := range p[0] {
			b = b.Extend(pt)
		}
	}
	return b
}

type worldMap struct {
	data   MapData
	shapes []projected

	// The rings cut into arcs, each border between neighbours once, and
	// the rings simplified for a scale: the formats of one figure are drawn
	// at once at the same scale, and simplify once.
	mu     sync.Mutex
	topo   *arcs.Topology
	ringAt [][][]int // shape → polygon → ring → ring of topo
	scale  vg.Length
	simple []simpleRing
}

// topology cuts every ring into arcs, once.
func (m *worldMap) topology() {
	if m.topo != nil {
		return
	}
	var rings [][]orb.Point
	m.ringAt = make([][][]int, len(m.shapes))
	for i, s := range m.shapes {
		m.ringAt[i] = make([][]int, len(s.polys))
		for j, poly := range s.polys {
			m.ringAt[i][j] = make([]int, len(poly))
			for k, ring := range poly {
				m.ringAt[i][j][k] = len(rings)
				rings = append(rings, ring)
			}
		}
	}
	key := ringsHash(rings)
	lastTopo.Lock()
	defer lastTopo.Unlock()
	if lastTopo.t == nil || lastTopo.key != key || len(lastTopo.t.Rings) != len(rings) {
		lastTopo.t, lastTopo.key = arcs.Build(rings), key
	}
	m.topo = lastTopo.t
}

// lastTopo is the topology of the last rings cut into arcs: a run draws
// the map from the same boundaries in every language and format, and
// cutting them takes longer than drawing them in any one format. The
// rings are matched by a hash of every coordinate.
var lastTopo struct {
	sync.Mutex
	key uint64
	t   *arcs.Topology
}

// ringsHash is FNV-1a over the rings' lengths and coordinates' bits.
func ringsHash(rings [][]orb.Point) uint64 {
	h := uint64(14695981039346656037)
	for _, r := range rings {
		h = (h ^ uint64(len(r))) * 1099511628211
		for _, p := range r {
			h = (h ^ math.Float64bits(p[0])) * 1099511628211
			h = (h ^ math.Float64bits(p[1])) * 1099511628211
		}
	}
	return h
}

// simpleRing is a ring as drawn: simplified, in drawing order.
type simpleRing struct {
	shape int // in worldMap.shapes
	hole  bool
	pts   []orb.Point
}

// simplified returns the rings to draw at scale, simplified, in the order
// to draw them. Each arc is simplified once, so that neighbours keep one
// border between them and no sliver opens where their rings would have
// been simplified apart.
func (m *worldMap) simplified(scale vg.Length) []simpleRing {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.simple != nil && m.scale == scale {
		return m.simple
	}
	m.topology()
	tol := float64(DrawTolerance / scale)
	simple := make([][]orb.Point, len(m.topo.Arcs))
	var rings []candidate
	outerOf := map[[2]int]int{} // shape, polygon → its outer ring in rings
	for i, s := range m.shapes {
		largest, area := 0, 0.0
		for j, poly := range s.polys {
			if a := extent(poly[0]); a[0]*a[1] > area {
				largest, area = j, a[0]*a[1]
			}
		}
		for j, poly := range s.polys {
			// A polygon smaller than a speck both ways is drawn as
			// nothing but its white border; a state keeps its largest.
			if a := extent(poly[0]); j != largest && a[0]*float64(scale) < MinRing && a[1]*float64(scale) < MinRing {
				continue
			}
			outerOf[[2]int{i, j}] = len(rings)
			for k, ring := range poly {
				if a := extent(ring); k > 0 && a[0]*float64(scale) < MinRing && a[1]*float64(scale) < MinRing {
					continue
				}
				ti := m.ringAt[i][j][k]
				for _, ref := range m.topo.Rings[ti] {
					if simple[ref.Arc] == nil {
						simple[ref.Arc] = drawnArc(m.topo.Arcs[ref.Arc], tol)
					}
				}
				c := candidate{simpleRing: simpleRing{shape: i, hole: k > 0}, ring: ti, outer: -1}
				if k > 0 {
					c.outer = outerOf[[2]int{i, j}]
				}
				c.pts = m.topo.Ring(ti, simple)
				if len(c.pts) < 4 || planar.Area(orb.Ring(c.pts)) == 0 {
					// Its arcs simplified to lines: a speck.
					c.pts, c.speck = drawn(ring, tol), true
				}
				rings = append(rings, c)
			}
		}
	}
	dir := make([]int8, len(m.topo.Arcs))
	out := make([]simpleRing, 0, len(rings))
	for _, r := range m.drawOrder(rings, outerOf) {
		c := rings[r]
		if !c.speck && m.along(c.ring, simple, dir) {
			slices.Reverse(c.pts)
		}
		out = append(out, c.simpleRing)
	}
	m.scale, m.simple = scale, out
	return out
}

// candidate is a ring to draw, before it is put in order.
type candidate struct {
	simpleRing
	ring  int  // in topo.Rings
	outer int  // the hole's outer ring, in the candidates; -1 for an outer ring
	speck bool // drawn as a triangle of its own points, not of its arcs
}

// drawOrder orders the rings near to far on a Z-order curve, so that
// neighbours, whose common border is the same text in the PDF, come close
// enough for deflate to find it the second time. A hole is filled after
// its polygon, and a ring on the edge of a hole in the boundaries (an
// enclave: San Marino, Lesotho) after the polygon around it, even where
// the hole itself is too small to draw.
func (m *worldMap) drawOrder(rings []candidate, outerOf map[[2]int]int) []int {
	users := map[int][]int{} // arc → the candidates along it
	for r, c := range rings {
		for _, ref := range m.topo.Rings[c.ring] {
			users[ref.Arc] = append(users[ref.Arc], r)
		}
	}
	after := make([][]int, len(rings))
	preds := make([]int, len(rings))
	edge := func(a, b int) {
		if a != b {
			after[a] = append(after[a], b)
			preds[b]++
		}
	}
	for r, c := range rings {
		if c.outer >= 0 {
			edge(c.outer, r)
		}
	}
	for i, s := range m.shapes {
		for j, poly := range s.polys {
			outer, ok := outerOf[[2]int{i, j}]
			if !ok {
				continue
			}
			for k := 1; k < len(poly); k++ {
				for _, ref := range m.topo.Rings[m.ringAt[i][j][k]] {
					for _, u := range users[ref.Arc] {
						if rings[u].shape != i {
							edge(outer, u)
						}
					}
				}
			}
		}
	}
	key := make([]uint64, len(rings))
	xMax, _ := EqualEarth(180, 0)
	_, yMax := EqualEarth(0, 90)
	for r, c := range rings {
		b := orb.MultiPoint(c.pts).Bound()
		x := uint64(math.Max(0, math.Min(1023, ((b.Min[0]+b.Max[0])/2+xMax)/(2*xMax)*1024)))
		y := uint64(math.Max(0, math.Min(1023, (yMax-(b.Min[1]+b.Max[1])/2)/(2*yMax)*1024)))
		for bit := range 10 {
			key[r] |= (x>>bit&1)<<(2*bit) | (y>>bit&1)<<(2*bit+1)
		}
	}
	// Kahn's algorithm, the ready ring with the least key first.
	ready := &ringHeap{key: key}
	for r := range rings {
		if preds[r] == 0 {
			heap.Push(ready, r)
		}
	}
	order := make([]int, 0, len(rings))
	for ready.Len() > 0 {
		r := heap.Pop(ready).(int)
		order = append(order, r)
		for _, n := range after[r] {
			if preds[n]--; preds[n] == 0 {
				heap.Push(ready, n)
			}
		}
	}
	if len(order) < len(rings) {
		// A cycle the boundaries should not hold: the rest as they came.
		seen := make([]bool, len(rings))
		for _, r := range order {
			seen[r] = true
		}
		for r := range rings {
			if !seen[r] {
				order = append(order, r)
			}
		}
	}
	return order
}

// ringHeap holds ring indices, the least key (then index) first.
type ringHeap struct {
	key []uint64
	r   []int
}

func (h *ringHeap) Len() int { return len(h.r) }
func (h *ringHeap) Less(i, j int) bool {
	a, b := h.r[i], h.r[j]
	return h.key[a] < h.key[b] || h.key[a] == h.key[b] && a < b
}
func (h *ringHeap) Swap(i, j int) { h.r[i], h.r[j] = h.r[j], h.r[i] }
func (h *ringHeap) Push(x any)    { h.r = append(h.r, x.(int)) }
func (h *ringHeap) Pop() any {
	x := h.r[len(h.r)-1]
	h.r = h.r[:len(h.r)-1]
	return x
}

// along reports whether ring i should be drawn reversed so that most of
// its points run along the borders it shares the way the neighbours drawn
// before it ran them, and records the way it runs its arcs in dir (+1 as
// the arc, -1 against it). A border then comes twice as the same text in
// the PDF, which deflate sends the second time as a reference; a ring's
// fill does not depend on the way it turns.
func (m *worldMap) along(i int, simple [][]orb.Point, dir []int8) bool {
	vote := 0
	for _, ref := range m.topo.Rings[i] {
		d := int8(1)
		if ref.Reversed {
			d = -1
		}
		vote += int(dir[ref.Arc]*d) * len(simple[ref.Arc])
	}
	flip := int8(1)
	if vote < 0 {
		flip = -1
	}
	for _, ref := range m.topo.Rings[i] {
		if dir[ref.Arc] == 0 {
			dir[ref.Arc] = flip
			if ref.Reversed {
				dir[ref.Arc] = -flip
			}
		}
	}
	return vote < 0
}

// drawnArc simplifies an arc to tol, keeping its ends, where it meets
// other arcs; a closed arc is a whole ring.
func drawnArc(arc []orb.Point, tol float64) []orb.Point {
	if len(arc) > 3 && arc[0] == arc[len(arc)-1] {
		return drawn(arc, tol)
	}
	return simplify.DouglasPeucker(tol).LineString(orb.LineString(arc).Clone())
}

func (m *worldMap) Plot(c draw.Canvas, _ *plot.Plot) {
	l := m.data.Lang
	r := c.Rectangle
	small := textStyle(7.5, false, Muted)
	legend := textStyle(8.5, false, Ink)
	date := l.LongDate(m.data.AsOf)
	var uncoded []string
	for _, s := range m.shapes {
		if s.ID == "" {
			uncoded = append(uncoded, s.Name)
		}
	}
	sort.Strings(uncoded)
	apart := ""
	if len(uncoded) > 0 {
		apart = l.T("chart.map.apart") + strings.Join(uncoded, ", ") + "."
	}
	src := wrap(l.T("chart.map.source", m.data.Source, date, vocab.Boundaries)+apart, small, r.Size().X)
	band := 2*lineHeight(legend) + vg.Length(len(src))*lineHeight(small) + vg.Points(6)

	scale, cx, cy := fit(vg.Rectangle{Min: vg.Point{X: r.Min.X, Y: r.Min.Y + band}, Max: r.Max})
	at := func(p orb.Point) vg.Point {
		return vg.Point{X: cx + vg.Length(p[0])*scale, Y: cy + vg.Length(p[1])*scale}
	}
	lonlat := func(lon, lat float64) vg.Point { x, y := EqualEarth(lon, lat); return at(orb.Point{x, y}) }

	// The sphere and a 30° graticule.
	var sphere []vg.Point
	for lat := -90.0; lat <= 90; lat++ {
		sphere = append(sphere, lonlat(-180, lat))
	}
	for lat := 90.0; lat >= -90; lat-- {
		sphere = append(sphere, lonlat(180, lat))
	}
	// Parallels are straight on Equal Earth, meridians curves drawn at the
	// boundaries' tolerance.
	sphere = simplifyVG(sphere, DrawTolerance)
	c.FillPolygon(Ocean, sphere)
	grat := draw.LineStyle{Color: blend(Ocean, Rule, 0.35), Width: 0.25}
	for lon := -150.0; lon <= 150; lon += 30 {
		var line []vg.Point
		for lat := -90.0; lat <= 90; lat += 2 {
			line = append(line, lonlat(lon, lat))
		}
		c.StrokeLines(grat, simplifyVG(line, DrawTolerance))
	}
	for lat := -60.0; lat <= 60; lat += 30 {
		var line []vg.Point
		for lon := -180.0; lon <= 180; lon += 2 {
			line = append(line, lonlat(lon, lat))
		}
		c.StrokeLines(grat, simplifyVG(line, DrawTolerance))
	}

	border := draw.LineStyle{Color: Paper, Width: 0.3}
	var markers []vg.Point
	var rings []mapRing
	for _, s := range m.shapes {
		if s.supporter && tooSmall(s, scale) {
			markers = append(markers, at(s.centre))
		}
	}
	for _, r := range m.simplified(scale) {
		s := m.shapes[r.shape]
		clr := OtherLand
		switch {
		case r.hole:
			// The land of another country.
		case s.ID == "":
			clr = Uncoded // drawn apart from the state that claims it
		case s.supporter:
			clr = SupporterClr
		}
		pts := make([]vg.Point, len(r.pts))
		for i, pt := range r.pts {
			pts[i] = at(pt)
		}
		rings = append(rings, mapRing{fill: clr, pts: pts})
	}
	drawRings(c, rings, border)
	marker := draw.GlyphStyle{Color: SupporterClr, Radius: vg.Points(2.4), Shape: draw.CircleGlyph{}}
	ring := draw.GlyphStyle{Color: Paper, Radius: vg.Points(3.1), Shape: draw.CircleGlyph{}}
	for _, pt := range markers {
		c.DrawGlyphNoClip(ring, pt)
		c.DrawGlyphNoClip(marker, pt)
	}
	c.StrokeLines(draw.LineStyle{Color: Rule, Width: 0.5}, append(sphere, sphere[0]))

	// Legend, then the source line.
	y := r.Min.Y + band - vg.Points(2)
	x := r.Min.X
	sw := vg.Points(9)
	legend.YAlign = draw.YCenter
	entry := func(draw func(vg.Point), label string) {
		mid := vg.Point{X: x + sw/2, Y: y - sw/2}
		draw(mid)
		c.FillText(legend, vg.Point{X: x + sw + vg.Points(4), Y: y - sw/2}, label)
		x += sw + vg.Points(4) + legend.Width(label) + vg.Points(14)
	}
	square := func(clr color.Color) func(vg.Point) {
		return func(p vg.Point) { fillRect(c, clr, p.X-sw/2, p.Y-sw/2, p.X+sw/2, p.Y+sw/2) }
	}
	n := len(m.data.Supporters)
	entry(square(SupporterClr), l.T("chart.map.supporter", n))
	entry(square(OtherLand), l.T("chart.map.other"))
	if len(uncoded) > 0 {
		entry(square(Uncoded), l.T("chart.map.uncoded"))
	}
	entry(func(p vg.Point) { c.DrawGlyphNoClip(ring, p); c.DrawGlyphNoClip(marker, p) },
		l.T("chart.map.small", len(markers)))
	drawLines(c, small, vg.Point{X: r.Min.X, Y: r.Min.Y + vg.Length(len(src))*lineHeight(small)}, src)
}

// fit returns the scale and centre that fit the projected world (x ±2.7066,
// y ±1.3174 on the unit sphere) in r, keeping its proportions.
func fit(r vg.Rectangle) (scale, cx, cy vg.Length) {
	xMax, _ := EqualEarth(180, 0)
	_, yMax := EqualEarth(0, 90)
	scale = min(r.Size().X/vg.Length(2*xMax), r.Size().Y/vg.Length(2*yMax))
	return scale, (r.Min.X + r.Max.X) / 2, (r.Min.Y + r.Max.Y) / 2
}

// tooSmall reports whether a shape drawn at scale spans less than the
// marker threshold both ways.
func tooSmall(s projected, scale vg.Length) bool {
	w, h := vg.Length(s.bound.Max[0]-s.bound.Min[0])*scale, vg.Length(s.bound.Max[1]-s.bound.Min[1])*scale
	return w < MarkerThreshold && h < MarkerThreshold
}

// extent is the width and height of a ring's bounding box.
func extent(ring []orb.Point) [2]float64 {
	b := orb.MultiPoint(ring).Bound()
	return [2]float64{b.Max[0] - b.Min[0], b.Max[1] - b.Min[1]}
}

// mapRing is a ring of the map as drawn: its points and its fill.
type mapRing struct {
	fill color.Color
	pts  []vg.Point
}

// ringDrawer is a canvas that fills and strokes many rings in one go.
type ringDrawer interface {
	drawRings(rings []mapRing, border draw.LineStyle)
}

// drawRings fills each ring and strokes its border, in order, so that a
// ring drawn later (an enclave) covers the ones before it.
func drawRings(c draw.Canvas, rings []mapRing, border draw.LineStyle) {
	// A cropped canvas holds the canvas it crops, with no transform.
	v := c.Canvas
	for {
		dc, ok := v.(draw.Canvas)
		if !ok {
			break
		}
		v = dc.Canvas
	}
	if rd, ok := v.(ringDrawer); ok {
		rd.drawRings(rings, border)
		return
	}
	// Every ring lies inside the canvas: no clipping.
	fillAndStroke(c, rings, border)
}

// fillAndStroke draws the rings one by one through a canvas's own path
// operators, as any canvas can. One path, sized for the longest ring, holds
// each ring in turn: a canvas reads a path when it fills or strokes it and
// keeps none, and a path grown anew for each of some thousand rings was
// most of what the map's raster allocated besides its pixels.
func fillAndStroke(c vg.Canvas, rings []mapRing, border draw.LineStyle) {
	longest := 0
	for _, r := range rings {
		longest = max(longest, len(r.pts))
	}
	p := make(vg.Path, 0, longest+1)
	for _, r := range rings {
		p = p[:0]
		p.Move(r.pts[0])
		for _, pt := range r.pts[1:] {
			p.Line(pt)
		}
		p.Close()
		c.SetColor(r.fill)
		c.Fill(p)
		c.SetLineWidth(border.Width)
		c.SetLineDash(border.Dashes, border.DashOffs)
		c.SetColor(border.Color)
		c.Stroke(p)
	}
}

// simplifyVG simplifies a drawn line to tol.
func simplifyVG(pts []vg.Point, tol vg.Length) []vg.Point {
	ls := make(orb.LineString, len(pts))
	for i, p := range pts {
		ls[i] = orb.Point{float64(p.X), float64(p.Y)}
	}
	ls = simplify.DouglasPeucker(float64(tol)).LineString(ls)
	out := make([]vg.Point, len(ls))
	for i, p := range ls {
		out[i] = vg.Point{X: vg.Length(p[0]), Y: vg.Length(p[1])}
	}
	return out
}
