package exhibits

import (
	"fmt"
	"sync"

	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/cite"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/labels"
)

// Kind is a figure (written as SVG, PNG and PDF) or a table (CSV, Markdown,
// LaTeX).
type Kind string

const (
	Figure  Kind = "figure"
	Tabular Kind = "table"
)

// Options are what an exhibit's view depends on besides the data.
type Options struct {
	AsOf civil.Date  // the day of the map and the supporter tables
	Lang labels.Lang // the language of labels, captions and alternative text
	// Classification is how a supporter is classified on a past day: as the
	// site published it that day (the zero value) or its latest category.
	Classification analysis.Classification
}

// Input is the data set the exhibits are made from: what several of them
// read is decoded once, and may be read from several goroutines.
type Input struct {
	Set *datasets.Set

	shapes     func() ([]geo.Shape, error)
	supporters []datasets.Supporter
	countries  map[string]datasets.Country
	history    func() *analysis.History
	// events are the adherence panel's events, parsed once: the
	// co-membership figure, its table, caption and finding all read them.
	events func() ([]adherence.Event, error)

	namesOnce sync.Once
	names     map[string]string // supporter id to name
}

// NewInput reads set for the exhibits; shapes, when nil, are decoded from
// set the first time a figure needs them.
func NewInput(set *datasets.Set, shapes []geo.Shape) *Input {
	in := &Input{Set: set, supporters: set.Supporters(), countries: set.Countries()}
	in.shapes = sync.OnceValues(func() ([]geo.Shape, error) {
		if shapes != nil {
			return shapes, nil
		}
		return set.Shapes()
	})
	in.history = sync.OnceValue(func() *analysis.History { return analysis.NewHistory(set) })
	in.events = sync.OnceValues(func() ([]adherence.Event, error) {
		return adherence.Parse(set.Tables[schema.AdherenceEvents.Name])
	})
	return in
}

// Shapes is the world geometry, decoded once.
func (in *Input) Shapes() ([]geo.Shape, error) { return in.shapes() }

// Present is the one answer to "who is a supporter of these categories on
// o.AsOf": the supporters listed that day, classified as o says.
func (in *Input) Present(o Options, categories ...string) []datasets.Supporter {
	ss := in.supporters
	if o.Classification == analysis.Published {
		ss = in.history().On(o.AsOf)
	}
	return analysis.Present(ss, o.AsOf, categories...)
}

// Tally counts Present by region and category (one category when it is not
// empty).
func (in *Input) Tally(o Options, category string) analysis.Tally {
	var cats []string
	if category != "" {
		cats = []string{category}
	}
	return analysis.TallyOf(in.countries, in.Present(o, cats...), o.AsOf, category)
}

// Exhibit is one figure or table of the study.
type Exhibit struct {
	// ID is the exhibit's name and its files' stem: figures/ID.svg,
	// tables/ID.csv.
	ID   string
	Kind Kind
	// Report says reproduce writes it; the others are shown by a notebook
	// alone.
	Report bool
	// Caption is the exhibit's caption in o.Lang.
	Caption func(in *Input, o Options) string
	// Plot draws a figure from the view; Geometry says it needs the world
	// geometry (decoded while the other figures are drawn).
	Plot     func(in *Input, o Options) (*plot.Plot, error)
	Geometry bool
	// Alt is a figure's alternative text, written from the numbers it shows.
	Alt func(in *Input, o Options) string
	// Rows is a table's view, or the data a figure shows.
	Rows func(in *Input, o Options) Table
	// Data is the table that holds the data a figure shows, if any.
	Data *Exhibit
	// Beyond places the exhibit in the report's section beyond the chapter,
	// in the catalogue's order; the chapter's own exhibits are placed by the
	// page's template.
	Beyond bool
	// Note, if set, is a remark the report prints under the exhibit.
	Note func(in *Input, o Options) string
	// Source is where a figure's numbers come from, in o.Lang: the line
	// the report prints under it (a test keeps every figure with one).
	Source func(in *Input, o Options) string
	// README is the exhibit's row in the README's list of exhibits: what it
	// is, in English.
	README string
	// Notebooks are the notebooks that show it ("01"), under its name.
	Notebooks []string
}

// Formats are the file formats an exhibit of the kind is written in.
func (k Kind) Formats() []string {
	if k == Figure {
		return charts.Formats
	}
	return []string{"csv", "md", "tex"}
}

// File is the exhibit's file in format, relative to reproduce's output.
func (e *Exhibit) File(format string) string {
	if e.Kind == Figure {
		return "figures/" + e.ID + "." + format
	}
	return "tables/" + e.ID + "." + format
}

// Key is the citation key of the exhibit's file in format.
func (e *Exhibit) Key(format string) string { return cite.Key(e.File(format)) }

// Table is a table exhibit's rows, named and captioned as the exhibit.
func (e *Exhibit) Table(in *Input, o Options) (Table, error) {
	if e.Rows == nil {
		return Table{}, fmt.Errorf("exhibit %s has no rows", e.ID)
	}
	t := e.Rows(in, o)
	t.Name = e.ID
	if e.Caption != nil && t.Caption == "" {
		t.Caption = e.Caption(in, o)
	}
	return t, nil
}

// tr returns the study's string k in l, filled in with a.
func tr(l labels.Lang, k string, a ...any) string {
	s := labels.Words.Get(l, k)
	if len(a) == 0 {
		return s
	}
	return fmt.Sprintf(s, a...)
}

// T is tr for a template or a notebook: the study's words in l.
func T(l labels.Lang, k string, a ...any) string { return tr(l, k, a...) }
