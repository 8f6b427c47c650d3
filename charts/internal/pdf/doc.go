// Package pdf writes one-page PDF documents of vector graphics and text, each
// TrueType font embedded once as a subset of the glyphs the page uses. The same
// drawing gives the same bytes: objects come in a fixed order, and the only
// date in the file is the one the caller gives.
package pdf
