// Package exhibits is the catalogue of the study's figures and tables: one
// entry per exhibit with its file stem, citation key, data view, chart,
// caption, alternative text and row in the README's list of exhibits.
//
// The report, the notebooks and the citations read it, so that an exhibit
// shown anywhere under its name shows the same data: it sits above the
// analyses and charts it composes and below the report and notebooks.
package exhibits
