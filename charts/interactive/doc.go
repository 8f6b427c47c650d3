// Package interactive builds the interactive map: a Vega-Lite specification
// and its data, emitted by Go, with a time axis over the whole supporter
// history, counters per category, a table of the states, a tooltip and a
// panel per state, region views, and a switch to the adherence panel's other
// instruments, all following the date; and the map of the start date drawn as
// SVG, which the page shows without JavaScript.
//
// The page inlines the pinned Vega, Vega-Lite and vega-embed builds, with
// their licences (js/, copied from npm by `go generate`), so it works from
// file:// with no network; the report and the notebooks show the same HTML.
package interactive

//go:generate npm ci --prefix js --no-audit --no-fund
//go:generate go run ./internal/vendorjs js
