// Package analysis computes what the study says about the published rows:
// who is listed on a day, counts by region and category, growth over time,
// the largest addition, and Tabel 2.1 as vectors (similarity, clustering,
// sensitivity); analysis/claims checks the chapter's claims with them.
//
// It reads only the contract under datasets/, so the producers (build writes
// the claims table with it) and the consumers (charts, notebooks, report,
// the CLI's query) share one definition of each concept.
package analysis
