// Package study is what a notebook opens to show the catalogue's exhibits:
// the datasets with the notebook's parameters checked once, one call per
// figure bound to them, and each exhibit shown with its citation.
//
// A notebook's parameters cell checks its parameters with package params,
// which links no figure, and so does every cell that shows no exhibit; a
// cell that shows one calls Open with them as written. A bad one is shown
// as one line and ends that cell's program with status 1, so the notebook
// stops there rather than two cells later.
package study

import (
	"fmt"
	"os"

	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/notebooks/study/params"
)

// Study is the datasets and a notebook's checked parameters.
type Study struct {
	// Params are the datasets, the date the analysis is for (within the
	// history) and the language of the figures' labels.
	*params.Params
	// In is the datasets as the catalogue of exhibits reads them.
	In *exhibits.Input
}

// Check loads the datasets and checks the parameters as package params
// does: asOf must be a date within the supporter history, lang a language
// the labels are written in.
func Check(asOf, lang string) (*Study, error) {
	p, err := params.Check(asOf, lang)
	if err != nil {
		return nil, err
	}
	return &Study{Params: p, In: exhibits.NewInput(p.Set, nil)}, nil
}

// exit ends the program; a variable so that tests can see it called.
var exit = os.Exit

// Open is Check for a notebook cell: on an error it prints one line and
// ends the cell's program with status 1.
func Open(asOf, lang string) *Study {
	s, err := Check(asOf, lang)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		exit(1)
	}
	return s
}

// Options are the catalogue's options for the study: its date and language,
// supporters classified as published that day, as the report counts them.
func (s *Study) Options() exhibits.Options {
	return exhibits.Options{AsOf: s.AsOf, Lang: s.Lang, Classification: analysis.Published}
}

// Plot draws the figure e of the catalogue, as the report draws it.
func (s *Study) Plot(e *exhibits.Exhibit) (*plot.Plot, error) {
	if e.Plot == nil {
		return nil, fmt.Errorf("exhibit %s is not a figure", e.ID)
	}
	return e.Plot(s.In, s.Options())
}

// Table is the table e of the catalogue, as the report writes it.
func (s *Study) Table(e *exhibits.Exhibit) (exhibits.Table, error) { return e.Table(s.In, s.Options()) }

// Map is Gambar 2.1: the supporter states on AsOf.
func (s *Study) Map() (*plot.Plot, error) { return s.Plot(exhibits.SupporterMap) }

// Coverage is Tabel 2.1.
func (s *Study) Coverage() (*plot.Plot, error) { return s.Plot(exhibits.CoverageFigure) }

// CyberPower is Tabel 2.2.
func (s *Study) CyberPower() (*plot.Plot, error) { return s.Plot(exhibits.CyberPowerFigure) }

// Growth is the supporters over time, with the history's left censoring
// and the report's notes marked.
func (s *Study) Growth() (*plot.Plot, error) { return s.Plot(exhibits.Growth) }

// StatesByRegion is the supporter states on AsOf by region.
func (s *Study) StatesByRegion() (*plot.Plot, error) { return s.Plot(exhibits.StatesByRegion) }

// Timeline is the doctrine timeline.
func (s *Study) Timeline() (*plot.Plot, error) { return s.Plot(exhibits.TimelineFigure) }
