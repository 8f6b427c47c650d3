// Package charts builds the study's figures with gonum/plot: the coverage
// matrix (Tabel 2.1), the cyber power matrix (Tabel 2.2), the world map of
// supporter states (Gambar 2.1), and the growth, composition, timeline and
// similarity charts of the notebooks.
//
// Builders take data, never files, and return a *plot.Plot that Render (or
// gonum's own writers) draws as SVG, PNG or PDF at any size; labels come in
// Indonesian as the chapter prints them or in English.
package charts
