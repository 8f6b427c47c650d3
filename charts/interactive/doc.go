// Package interactive builds the interactive supporter map: a Vega-Lite
// specification and its data, emitted by Go, with a date control over the
// whole supporter history, counters per category, a table of the states and
// a tooltip per state, all following the date.
//
// The page inlines the pinned Vega, Vega-Lite and vega-embed builds, with
// their licences (js/, copied from npm by `go generate`), so it works from
// file:// with no network; the report and the notebooks show the same HTML.
package interactive

//go:generate npm ci --prefix js --no-audit --no-fund
//go:generate go run ./internal/vendorjs js
