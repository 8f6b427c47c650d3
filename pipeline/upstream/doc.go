// Package upstream reads the supporter history of the Paris Call site's git
// repository, the live one or any copy, into snapshot rows.
//
// It treats the repository as untrusted input: it never checks out a work tree,
// never runs git or a shell, accepts only plain transports, bounds what it
// reads, and reports anything it cannot read instead of dropping it.
package upstream
