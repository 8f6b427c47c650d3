package exhibits

import (
	"fmt"
	"slices"
	"strings"
)

// notebookFiles are the notebooks by number, as the README names them.
var notebookFiles = map[string]string{
	"01": "notebooks/01_reproduce_chapter.ipynb",
	"02": "notebooks/02_supporters.ipynb",
	"03": "notebooks/03_principles.ipynb",
	"04": "notebooks/04_doctrine_timeline.ipynb",
	"05": "notebooks/05_who_is_bound.ipynb",
}

// README is the catalogue as the README's list of exhibits prints it: a
// Markdown table with one row per figure (with the table of its data) and
// per table shown apart, what it is, where it is shown and its files.
func README() string {
	var b strings.Builder
	b.WriteString("| exhibit | shown by | files |\n|---|---|---|\n")
	// A table is printed in its figure's row when it is shown where the
	// figure is.
	data := map[*Exhibit]bool{}
	for _, e := range All() {
		if e.Data != nil && e.Report && subset(e.Data.Notebooks, e.Notebooks) {
			data[e.Data] = true
		}
	}
	for _, e := range All() {
		if data[e] {
			continue
		}
		var by, files []string
		if e.Report {
			by = append(by, "`cybernorms reproduce`")
			files = append(files, fmt.Sprintf("`out/%s`", e.File("*")))
			if e.Data != nil && e.Data.Report {
				files = append(files, fmt.Sprintf("`out/%s`", e.Data.File("*")))
			}
		}
		for _, n := range e.Notebooks {
			by = append(by, "notebook "+n)
			if !e.Report {
				files = append(files, fmt.Sprintf("`%s`", notebookFiles[n]))
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", e.README, strings.Join(by, ", "), strings.Join(files, ", "))
	}
	return b.String()
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
