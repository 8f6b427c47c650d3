package display

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"

	"github.com/go-gota/gota/dataframe"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/cite"
	"github.com/cybernorms/cybernorms/notebooks/study"
)

// where is how a notebook's citations say where the exhibit is shown.
const where = "a notebook"

// Exhibit is a figure or table a notebook shows with its citation: the one
// the report gives the file of the same name, pinned to the bytes shown.
type Exhibit struct {
	s    *study.Study
	name string
}

// Cite names the exhibit a cell shows, as reproduce names its file
// ("tabel-2-1-coverage"); its Plot and Frame show it, then its citation:
//
//	display.Cite(s, "tabel-2-1-coverage").Plot(s.Coverage())
func Cite(s *study.Study, name string) Exhibit { return Exhibit{s: s, name: name} }

// Plot shows p as Plot does, then the citation of the image shown (the SVG,
// or the PNG where the SVG is too large to send).
func (e Exhibit) Plot(p *plot.Plot, err error) {
	if err != nil {
		Error(err)
		return
	}
	data, err := PlotData(p, charts.SizeOf(p))
	if err != nil {
		Error(err)
		return
	}
	c, err := e.PlotCitation(p, data)
	if err != nil {
		Error(err)
		return
	}
	if gonbui.IsNotebook {
		gonbui.SendData(&protocol.DisplayData{Data: data})
		gonbui.Sync()
	}
	HTML(c)
}

// Frame shows df as Frame does, then the citation of its rows as CSV.
func (e Exhibit) Frame(df dataframe.DataFrame, caption string) {
	c, err := e.FrameCitation(df, caption)
	if err != nil {
		Error(err)
		return
	}
	Frame(df, caption)
	HTML(c)
}

// PlotCitation is the citation Plot shows for p, drawn as data.
func (e Exhibit) PlotCitation(p *plot.Plot, data map[protocol.MIMEType]any) (string, error) {
	file, content := "figures/"+e.name+".png", data[protocol.MIMEImagePNG].([]byte)
	if svg, ok := data[protocol.MIMEImageSVG].(string); ok {
		file, content = "figures/"+e.name+".svg", []byte(svg)
	}
	title := p.Title.Text
	if title == "" {
		title = e.name
	}
	return e.citation(file, title, content)
}

// FrameCitation is the citation Frame shows for df.
func (e Exhibit) FrameCitation(df dataframe.DataFrame, caption string) (string, error) {
	if df.Err != nil {
		return "", df.Err
	}
	var b bytes.Buffer
	if err := df.WriteCSV(&b); err != nil {
		return "", err
	}
	return e.citation("tables/"+e.name+".csv", caption, b.Bytes())
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
	return fmt.Sprintf(`<div class="cn-cite" style="font-size:11px;color:#555;margin:.2em 0 1em">Cite as: %s, “%s”, %s, data package %s %s, as of %s, upstream commit %s, sha256 %s…; chapter facts from %s %s, “%s”, Chapter II of a thesis whose record is not identified (lead: %s)`+
		`<details><summary>BibTeX and CSL-JSON</summary><pre style="white-space:pre-wrap">%s</pre><pre style="white-space:pre-wrap">%s</pre></details></div>`,
		e(cite.Author), e(it.Title), e(it.File), e(it.Package), e(it.Version), e(it.AsOf), e(commit), e(it.SHA256[:16]), e(cite.ChapterAuthorGiven), e(cite.ChapterAuthorFamily), e(cite.ChapterTitle), e(cite.ArticleURL),
		e(string(cite.BibTeX(it))), e(string(csl))), nil
}
