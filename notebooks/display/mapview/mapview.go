// Package mapview shows the report's interactive supporter map in a GoNB
// notebook.
//
// It is a package of its own so that only the cell that shows the map links
// its Vega-Lite page and templates.
package mapview

import (
	"fmt"
	"html"

	"github.com/cybernorms/cybernorms/charts/interactive"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/cybernorms/cybernorms/notebooks/display"
)

// HTML returns the report's interactive supporter map (the
// same Go code and Vega-Lite spec), starting at asOf, with labels in l:
// the pinned Vega builds, the controls, the map and its table, as one HTML
// output that works without a network.
func HTML(set *datasets.Set, l labels.Lang, asOf civil.Date) (string, error) {
	shapes, err := set.Shapes()
	if err != nil {
		return "", err
	}
	d, err := interactive.Build(set, shapes, l, asOf)
	if err != nil {
		return "", err
	}
	return d.HTML()
}

// Show shows the interactive supporter map in the notebook, in the
// reader's language (display.Lang): its controls, legend and table are words
// of the page a reader works with, not a figure's labels, so a notebook
// that draws the chapter's figures in Indonesian still has a map in the
// language of its prose.
func Show(set *datasets.Set, asOf civil.Date) {
	h, err := HTML(set, display.Lang, asOf)
	if err != nil {
		h = fmt.Sprintf("<pre>%s</pre>", html.EscapeString(err.Error()))
	}
	display.HTML(h)
}
