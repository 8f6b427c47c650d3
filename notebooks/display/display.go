// Package display shows the study's outputs in GoNB notebooks: HTML,
// Markdown, tables, the claims check with coloured verdicts and citations,
// sent to the kernel as GoNB's gonbui package sends them.
//
// It links neither charts nor gota, so that a cell links only what it shows:
// figures are shown by package figure, DataFrames by package frames, the
// catalogue's exhibits by package study, the interactive map by mapview. Each
// function that shows has a pure counterpart that returns the HTML, so that
// what a notebook shows can be tested outside Jupyter; outside a notebook
// they show nothing.
package display

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/janpfeifer/gonb/gonbui/protocol"

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

// Error shows an error as one line.
func Error(err error) {
	HTML(fmt.Sprintf(`<pre style="color:#a03c3c">%s</pre>`, html.EscapeString(err.Error())))
}

// HTML shows an HTML fragment. Like every function here, it waits until GoNB
// has the output (see Send).
func HTML(s string) {
	Send(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextHTML: s}})
}

// Markdown shows Markdown.
func Markdown(s string) {
	Send(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextMarkdown: s}})
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

// Column is how a table shows a column: numbers right-aligned, and
// decimal numbers as integers when they are one.
type Column struct {
	Name         string
	Num, Decimal bool
}

// Text is columns of text with the names given.
func Text(names ...string) []Column {
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = Column{Name: n}
	}
	return cols
}

// TableHTML renders rows as an HTML table, with at most MaxRows rows (the
// first and last halves, and how many were left out).
func TableHTML(caption string, cols []Column, rows [][]string) string {
	var b strings.Builder
	b.WriteString(style)
	b.WriteString(`<table class="cn">`)
	if caption != "" {
		fmt.Fprintf(&b, "<caption>%s</caption>", html.EscapeString(caption))
	}
	b.WriteString("<thead><tr>")
	for _, c := range cols {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(c.Name))
	}
	b.WriteString("</tr></thead><tbody>")
	n := len(rows)
	show := func(i int) {
		b.WriteString("<tr>")
		for j, v := range rows[i] {
			class := ""
			if cols[j].Num {
				class = ` class="num"`
			}
			if v == "NaN" {
				v = ""
			}
			if cols[j].Decimal {
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
		fmt.Fprintf(&b, `<tr><td colspan="%d">%s</td></tr>`, len(cols), html.EscapeString(Lang.T("nb.rows.hidden", Lang.Int(n-MaxRows))))
		for i := n - MaxRows/2; i < n; i++ {
			show(i)
		}
	}
	fmt.Fprintf(&b, "</tbody></table><div style=\"color:#666;font-size:11px\">%s</div>", html.EscapeString(Lang.T("nb.rows", Lang.Int(n), Lang.Int(len(cols)))))
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

// Table shows rows as TableHTML renders them.
func Table(caption string, cols []Column, rows [][]string) { HTML(TableHTML(caption, cols, rows)) }

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
