// Package display shows the study's data in GoNB notebooks: gota DataFrames
// as HTML tables, gonum plots as PNG with their text alternative, and the
// claims check with coloured verdicts, through GoNB's gonbui.
//
// Each Display function has a pure counterpart that returns the HTML or the
// image bytes, so that what a notebook shows can be tested outside Jupyter;
// outside a notebook the Display functions do nothing.
package display

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// MaxRows is how many rows Frame shows before eliding the middle.
var MaxRows = 30

// Lang is the language of the helpers' own words: a table's size and elided
// rows, the claims table's headers, the citation line. English by default,
// the language the notebooks' prose is written in; a notebook may set it to
// its study's (display.Lang = s.Lang).
var Lang = labels.EN

// DPI is the figures' resolution: 1.5 image pixels for each CSS pixel of
// the size a figure is designed for (96 CSS pixels to the inch), sharp on
// most screens, with 56 % of the pixels of 2x.
const DPI = 144

// PlotData renders p at size s as the display Plot sends: a PNG, shown at
// the size the chart is designed for, and alt, its text alternative, as
// text/plain (the title when alt is empty).
//
// A figure is sent as PNG alone, without the SVG it could also be. A
// notebook's readers see it exported by nbconvert or rendered by a code
// host, not only in Jupyter: nbconvert picks image/svg+xml before image/png
// whenever both are there, and its HTML exporter passes the SVG through an
// HTML cleaner that drops every element inside <svg> (nbconvert 6.5 and
// 7.0, jupyter/nbconvert#1849) or, since, the style attributes a gonum SVG
// draws with (#1894), leaving an empty box; code hosts' notebook viewers
// have dropped SVG outputs too. A PNG is rendered by all of them.
func PlotData(p *plot.Plot, s charts.Size, alt string) (*protocol.DisplayData, error) {
	png, err := charts.Render(p, s, "png", charts.Options{DPI: DPI})
	if err != nil {
		return nil, err
	}
	if alt == "" {
		alt = p.Title.Text
	}
	return &protocol.DisplayData{
		Data: map[protocol.MIMEType]any{protocol.MIMEImagePNG: png, protocol.MIMETextPlain: alt},
		// Jupyter's image metadata: the width and height in CSS pixels, in
		// a type GoNB's pipe (gob) has registered: with any other the
		// pipe closes, and every later display of the cell is lost.
		Metadata: map[string]any{string(protocol.MIMEImagePNG): map[string]int{
			"width": cssPixels(s.W), "height": cssPixels(s.H),
		}},
	}, nil
}

// cssPixels is a length in CSS pixels, 96 to the inch.
func cssPixels(l vg.Length) int { return int(math.Round(l.Points() * 96 / 72)) }

// Plot shows what a chart builder returns, at the size the chart is
// designed for, or the builder's error as one line:
//
//	display.Plot(charts.Growth(data))
func Plot(p *plot.Plot, err error) {
	if err != nil {
		Error(err)
		return
	}
	PlotAt(p, charts.SizeOf(p))
}

// PlotAt shows p at size s.
func PlotAt(p *plot.Plot, s charts.Size) {
	d, err := PlotData(p, s, "")
	if err != nil {
		Error(err)
		return
	}
	send(d)
}

// send sends a display to the notebook, and waits until GoNB has it.
func send(d *protocol.DisplayData) {
	if gonbui.IsNotebook {
		gonbui.SendData(d)
		gonbui.Sync()
	}
}

// Error shows an error as one line.
func Error(err error) {
	HTML(fmt.Sprintf(`<pre style="color:#a03c3c">%s</pre>`, html.EscapeString(err.Error())))
}

// HTML shows an HTML fragment. Like every function here, it waits until GoNB
// has the output: a cell's program may end right after, and output still in
// the pipe then would be lost.
func HTML(s string) {
	gonbui.DisplayHTML(s)
	gonbui.Sync()
}

// Markdown shows Markdown.
func Markdown(s string) {
	gonbui.DisplayMarkdown(s)
	gonbui.Sync()
}

const style = `<style>
table.cn { border-collapse: collapse; font-size: 12px; margin: .4em 0; }
table.cn th, table.cn td { border-bottom: 1px solid #e4e4e4; padding: 2px 8px; text-align: left; vertical-align: top; }
table.cn th { background: #eef2f6; }
table.cn td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.cn td.holds { color: #007a3d; font-weight: bold; } table.cn td.fails { color: #a03c3c; font-weight: bold; }
table.cn td.unchecked { color: #777; }
table.cn td.transcribed, table.cn td.consistent { color: #777; font-style: italic; }
table.cn caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
</style>`

// FrameHTML renders a DataFrame as an HTML table, with at most MaxRows rows
// (the first and last halves, and how many were left out).
func FrameHTML(df dataframe.DataFrame, caption string) string {
	if df.Err != nil {
		return fmt.Sprintf("<pre>%s</pre>", html.EscapeString(df.Err.Error()))
	}
	var b strings.Builder
	b.WriteString(style)
	b.WriteString(`<table class="cn">`)
	if caption != "" {
		fmt.Fprintf(&b, "<caption>%s</caption>", html.EscapeString(caption))
	}
	b.WriteString("<thead><tr>")
	names := df.Names()
	types := df.Types()
	for _, n := range names {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(n))
	}
	b.WriteString("</tr></thead><tbody>")
	n := df.Nrow()
	rows := df.Records()[1:]
	show := func(i int) {
		b.WriteString("<tr>")
		for j, v := range rows[i] {
			class := ""
			if types[j] == "int" || types[j] == "float" {
				class = ` class="num"`
			}
			if v == "NaN" {
				v = ""
			}
			if types[j] == "float" {
				v = formatFloat(v)
			}
			fmt.Fprintf(&b, "<td%s>%s</td>", class, html.EscapeString(v))
		}
		b.WriteString("</tr>")
	}
	if n <= MaxRows {
		for i := 0; i < n; i++ {
			show(i)
		}
	} else {
		for i := 0; i < MaxRows/2; i++ {
			show(i)
		}
		fmt.Fprintf(&b, `<tr><td colspan="%d">%s</td></tr>`, len(names), html.EscapeString(Lang.T("nb.rows.hidden", Lang.Int(n-MaxRows))))
		for i := n - MaxRows/2; i < n; i++ {
			show(i)
		}
	}
	fmt.Fprintf(&b, "</tbody></table><div style=\"color:#666;font-size:11px\">%s</div>", html.EscapeString(Lang.T("nb.rows", Lang.Int(n), Lang.Int(len(names)))))
	return b.String()
}

// formatFloat writes a float as an integer when it is one (gota's counts
// are floats), else with three decimals.
func formatFloat(v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', 3, 64)
}

// Frame shows a DataFrame.
func Frame(df dataframe.DataFrame, caption string) { HTML(FrameHTML(df, caption)) }

// ClaimsHTML renders the claims table with coloured verdicts.
func ClaimsHTML(set *datasets.Set) string {
	var b strings.Builder
	b.WriteString(style)
	esc := html.EscapeString
	access, last := vocab.ChapterAccessDate, set.Span.Last.String()
	fmt.Fprintf(&b, `<table class="cn"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>`,
		esc(Lang.T("t.claim")), esc(Lang.T("t.section")), esc(Lang.T("t.check")), access, esc(Lang.T("t.verdict", access)), last, esc(Lang.T("t.verdict", last)))
	for _, c := range set.Claims() {
		fmt.Fprintf(&b, `<tr><td title="%s">%s</td><td>%s</td><td><code>%s</code></td><td class="num">%s</td><td class="%s">%s</td><td class="num">%s</td><td class="%s">%s</td></tr>`,
			esc(c.Quote), esc(c.ClaimEN), esc(c.Section), esc(c.Check), esc(c.ObservedAccess), vocab.VerdictClass(c.VerdictAccess), esc(c.VerdictAccess),
			esc(c.ObservedLatest), vocab.VerdictClass(c.VerdictLatest), esc(c.VerdictLatest))
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// Claims shows the claims table.
func Claims(set *datasets.Set) { HTML(ClaimsHTML(set)) }
