package frames

import (
	"fmt"
	"html"

	"github.com/go-gota/gota/dataframe"

	"github.com/cybernorms/cybernorms/notebooks/display"
)

// HTML renders a DataFrame as display.TableHTML does, its numbers right-
// aligned and its decimal counts (gota's aggregations are floats) written
// as integers.
func HTML(df dataframe.DataFrame, caption string) string {
	if df.Err != nil {
		return fmt.Sprintf("<pre>%s</pre>", html.EscapeString(df.Err.Error()))
	}
	types := df.Types()
	cols := make([]display.Column, len(types))
	for i, n := range df.Names() {
		cols[i] = display.Column{Name: n, Num: types[i] == "int" || types[i] == "float", Decimal: types[i] == "float"}
	}
	return display.TableHTML(caption, cols, df.Records()[1:])
}

// Show shows a DataFrame in the notebook.
func Show(df dataframe.DataFrame, caption string) { display.HTML(HTML(df, caption)) }
