//go:build race

package cli

// raceDetector is set when the tests are built with -race, whose shadow
// memory (5 to 10 times the program's, as the Go documentation states) makes
// a bound on a child's resident set meaningless.
const raceDetector = true
