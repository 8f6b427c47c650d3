package display

import (
	"fmt"
	"html"
	"os"
	"path/filepath"

	"github.com/go-gota/gota/dataframe"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/cite"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/notebooks/study"
)

// where is how a notebook's citations say where the exhibit is shown.
const where = "a notebook"

// Exhibit is an exhibit of the catalogue as a notebook shows it: the data
// the report shows under the same name, then its citation, pinned to the
// bytes shown.
type Exhibit struct {
	s *study.Study
	e *exhibits.Exhibit
}

// Cite binds an exhibit of the catalogue to a notebook's study; Show shows
// it:
//
//	display.Cite(s, exhibits.CoverageFigure).Show()
func Cite(s *study.Study, e *exhibits.Exhibit) Exhibit { return Exhibit{s: s, e: e} }

// Show shows a figure as the report draws it, or a table as the report
// writes it, then its citation. A figure's text alternative, the report's,
// is in the reader's language (Lang) and shown under it too: an exported
// notebook's image has no alt attribute of ours.
func (e Exhibit) Show() {
	if e.e.Kind == exhibits.Tabular {
		e.showTable()
		return
	}
	p, err := e.s.Plot(e.e)
	if err != nil {
		Error(err)
		return
	}
	d, err := PlotData(p, charts.SizeOf(p), e.Alt())
	if err != nil {
		Error(err)
		return
	}
	c, err := e.PlotCitation(d)
	if err != nil {
		Error(err)
		return
	}
	send(d)
	HTML(AltHTML(e.Alt()) + c)
}

// Alt is a figure's text alternative in the reader's language (Lang),
// written from the numbers it shows, or "" if the catalogue has none.
func (e Exhibit) Alt() string {
	if e.e.Alt == nil {
		return ""
	}
	o := e.s.Options()
	o.Lang = Lang
	return e.e.Alt(e.s.In, o)
}

// AltHTML shows a figure's text alternative as a line under it.
func AltHTML(alt string) string {
	if alt == "" {
		return ""
	}
	return `<p class="cn-alt" style="font-size:12px;color:#444;margin:.2em 0">` + html.EscapeString(alt) + `</p>`
}

func (e Exhibit) showTable() {
	t, err := e.s.Table(e.e)
	if err != nil {
		Error(err)
		return
	}
	c, err := e.TableCitation(t)
	if err != nil {
		Error(err)
		return
	}
	Frame(TableFrame(t), t.Caption)
	HTML(c)
}

// TableFrame is a table of the catalogue as a gota DataFrame of text, its
// columns those of the table's CSV.
func TableFrame(t exhibits.Table) dataframe.DataFrame {
	return dataframe.LoadRecords(append([][]string{t.Columns}, t.Rows...), dataframe.DetectTypes(false), dataframe.HasHeader(true))
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
	return CitationHTML(pin.Of(file, title, where, content))
}

// CitationHTML is a compact citation line, with the BibTeX and CSL-JSON
// entries folded below it.
func CitationHTML(it cite.Item) (string, error) {
	csl, err := cite.CSL(it)
	if err != nil {
		return "", err
	}
	// The public commit is the one a reader can look up.
	commit := it.Commit
	if it.PublicCommit != "" {
		commit = it.PublicCommit
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	e := html.EscapeString
	line := Lang.T("nb.cite", cite.Author, it.Title, it.File, it.Package, it.Version, it.AsOf, commit, it.SHA256[:16], cite.ChapterAuthorGiven, cite.ChapterAuthorFamily, cite.ChapterTitle, cite.ArticleURL)
	return fmt.Sprintf(`<div class="cn-cite" style="font-size:11px;color:#555;margin:.2em 0 1em">%s`+
		`<details><summary>%s</summary><pre style="white-space:pre-wrap">%s</pre><pre style="white-space:pre-wrap">%s</pre></details></div>`,
		e(line), e(Lang.T("nb.cite.formats")), e(string(cite.BibTeX(it))), e(string(csl))), nil
}
