// Package sidecar keeps the files that describe the data package from
// outside its directory in step with it: CITATION.cff's version, the
// README's row counts and the query output it quotes, and the version the
// notebooks' committed outputs cite.
//
// refresh brings CITATION.cff and the row counts in step after a release
// (Sync); the notebooks and the quoted output must be made again, so Check
// names them with the command to run, and validate refuses a package whose sidecar files disagree with it.
package sidecar
