package display

import (
	"fmt"
	"html"

	"github.com/cybernorms/cybernorms/charts/interactive"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/labels"
)

// InteractiveMapHTML returns the report's interactive supporter map (the
// same Go code and Vega-Lite spec), starting at asOf, with labels in l:
// the pinned Vega builds, the controls, the map and its table, as one HTML
// output that works without a network.
func InteractiveMapHTML(set *datasets.Set, l labels.Lang, asOf civil.Date) (string, error) {
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

// InteractiveMap shows the interactive supporter map in the notebook, in
// the reader's language (Lang): its controls, legend and table are words
// of the page a reader works with, not a figure's labels, so a notebook
// that draws the chapter's figures in Indonesian still has a map in the
// language of its prose.
func InteractiveMap(set *datasets.Set, asOf civil.Date) {
	h, err := InteractiveMapHTML(set, Lang, asOf)
	if err != nil {
		h = fmt.Sprintf("<pre>%s</pre>", html.EscapeString(err.Error()))
	}
	HTML(h)
}
