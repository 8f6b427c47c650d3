package study

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/cite"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/notebooks/display"
	"github.com/cybernorms/cybernorms/notebooks/display/figure"
)

// where is how a notebook's citations say where the exhibit is shown.
const where = "a notebook"

// Exhibit is an exhibit of the catalogue as a notebook shows it: the data
// the report shows under the same name, then its citation, pinned to the
// bytes shown.
type Exhibit struct {
	s *Study
	e *exhibits.Exhibit
}

// Cite binds an exhibit of the catalogue to a notebook's study; Show shows
// it:
//
//	study.Cite(s, exhibits.CoverageFigure).Show()
func Cite(s *Study, e *exhibits.Exhibit) Exhibit { return Exhibit{s: s, e: e} }

// Show shows a figure as the report draws it, or a table as the report
// writes it, then its citation. A figure's text alternative, the report's,
// is in the reader's language (display.Lang) and shown under it too: an
// exported notebook's image has no alt attribute of ours.
func (e Exhibit) Show() {
	if e.e.Kind == exhibits.Tabular {
		e.showTable()
		return
	}
	p, err := e.s.Plot(e.e)
	if err != nil {
		display.Error(err)
		return
	}
	alt := e.Alt()
	d, err := figure.PlotData(p, charts.SizeOf(p), alt)
	if err != nil {
		display.Error(err)
		return
	}
	c, err := e.PlotCitation(d)
	if err != nil {
		display.Error(err)
		return
	}
	display.Send(d)
	display.HTML(display.AltHTML(alt) + c)
}

// Alt is a figure's text alternative in the reader's language
// (display.Lang), written from the numbers it shows, or "" if the catalogue
// has none.
func (e Exhibit) Alt() string {
	if e.e.Alt == nil {
		return ""
	}
	o := e.s.Options()
	o.Lang = display.Lang
	return e.e.Alt(e.s.In, o)
}

func (e Exhibit) showTable() {
	t, err := e.s.Table(e.e)
	if err != nil {
		display.Error(err)
		return
	}
	c, err := e.TableCitation(t)
	if err != nil {
		display.Error(err)
		return
	}
	display.Table(t.Caption, display.Text(t.Columns...), t.Rows)
	display.HTML(c)
}

// PlotCitation is the citation Show shows for a figure drawn as d: that
// of its PNG, the bytes shown.
func (e Exhibit) PlotCitation(d *protocol.DisplayData) (string, error) {
	png, ok := d.Data[protocol.MIMEImagePNG].([]byte)
	if !ok {
		return "", fmt.Errorf("exhibit %s: no PNG to cite", e.e.ID)
	}
	return e.citation(e.e.File("png"), e.e.Caption(e.s.In, e.s.Options()), png)
}

// TableCitation is the citation Show shows for a table: that of its CSV,
// the very bytes of the report's file.
func (e Exhibit) TableCitation(t exhibits.Table) (string, error) {
	return e.citation(e.e.File("csv"), t.Caption, t.CSV())
}

func (e Exhibit) citation(file, title string, content []byte) (string, error) {
	desc := filepath.Join(e.s.Set.Dir, "datapackage.json")
	b, err := os.ReadFile(desc)
	if err != nil {
		return "", err
	}
	pin, err := cite.PinOf(b, e.s.AsOf.String())
	if err != nil {
		return "", fmt.Errorf("%s: %w", desc, err)
	}
	return display.CitationHTML(pin.Of(file, title, where, content))
}
