package display

import (
	"fmt"
	"io"
	"os"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
)

// CheckParameters checks a notebook's parameters where they are set, so that
// a bad value is one line in that cell instead of a panic in a later one: it
// prints the values, or the problem and ends the cell with status 1.
func CheckParameters(asOf string, lang charts.Lang) {
	if err := checkParameters(os.Stdout, asOf, lang, datasets.Load); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func checkParameters(w io.Writer, asOf string, lang charts.Lang, load func() (*datasets.Set, error)) error {
	if _, err := charts.ParseLang(string(lang)); err != nil {
		return fmt.Errorf("parameter lang: %v", err)
	}
	set, err := load()
	if err != nil {
		return err
	}
	if err := set.CheckDate(asOf); err != nil {
		return fmt.Errorf("parameter asOf: %v", err)
	}
	fmt.Fprintf(w, "parameters: asOf %s, lang %s (datasets %s, history %s to %s)\n", asOf, lang, set.Version, set.First, set.Last)
	return nil
}
