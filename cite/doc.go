// Package cite writes citations of the study's exhibits in BibTeX and
// CSL-JSON, each pinned to what it cites: the data package and its version,
// the as-of date, the upstream commit the supporter history was read at and
// the sha256 of the bytes cited.
//
// The report cites each file it writes and the notebooks each figure and
// table they show, with the same words and keys.
package cite
