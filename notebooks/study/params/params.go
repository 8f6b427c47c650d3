// Package params checks a notebook's parameters against the datasets: the
// date the analysis is for and the language of its labels; and answers
// who is a supporter on a day, as the report does.
//
// It is the light half of package study, which draws the figures: a
// notebook's parameters cell, its first Go cell, and every cell that shows
// no exhibit of the catalogue use it alone, so that the program GoNB builds
// for them links the datasets and analyses but not the charts (130 packages
// instead of study's 232).
package params

import (
	"fmt"
	"os"
	"sync"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/labels"
)

// Params are a notebook's parameters, checked, and the datasets they were
// checked against.
type Params struct {
	Set  *datasets.Set
	AsOf civil.Date  // the date the analysis is for, within the history
	Lang labels.Lang // the language of figures' labels

	history func() *analysis.History
}

// Check loads the datasets and checks the parameters: asOf must be a date
// within the supporter history, lang a language the labels are written in.
func Check(asOf, lang string) (*Params, error) {
	set, err := datasets.Load()
	if err != nil {
		return nil, err
	}
	d, err := set.Date(asOf)
	if err != nil {
		return nil, fmt.Errorf("parameter asOf: %w", err)
	}
	l, err := labels.Parse(lang)
	if err != nil {
		return nil, fmt.Errorf("parameter lang: %w", err)
	}
	return New(set, d, l), nil
}

// New is the parameters asOf and lang, already checked, of set.
func New(set *datasets.Set, asOf civil.Date, lang labels.Lang) *Params {
	return &Params{Set: set, AsOf: asOf, Lang: lang,
		history: sync.OnceValue(func() *analysis.History { return analysis.NewHistory(set) })}
}

// exit ends the program; a variable so that tests can see it called.
var exit = os.Exit

// Open is Check for a notebook cell: on an error it prints one line and
// ends the cell's program with status 1, so the notebook stops there.
func Open(asOf, lang string) *Params {
	p, err := Check(asOf, lang)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		exit(1)
	}
	return p
}

// String says what the parameters are for: their values, the datasets and
// the history's span, as a parameters cell prints them.
func (p *Params) String() string {
	return fmt.Sprintf("asOf %s, lang %s (datasets %s, supporter history %s)", p.AsOf, p.Lang, p.Set.Version, p.Set.Span)
}

// Present is who is a supporter of the categories (all when none) on AsOf,
// as the site published it that day: the report's answer (that of
// exhibits.Input.Present with the published classification).
func (p *Params) Present(categories ...string) []datasets.Supporter {
	return p.PresentOn(p.AsOf, categories...)
}

// PresentOn is Present on day d instead of AsOf.
func (p *Params) PresentOn(d civil.Date, categories ...string) []datasets.Supporter {
	return analysis.Present(p.history().On(d), d, categories...)
}

// CoverageMatrix is Tabel 2.1 as vectors, for the similarity analyses.
func (p *Params) CoverageMatrix() analysis.Coverage {
	c, err := analysis.CoverageOf(p.Set)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		exit(1)
	}
	return c
}
