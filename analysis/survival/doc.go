// Package survival estimates time-to-event statistics for counting-process
// data (each subject at risk on an interval (Start, Stop], so late entry is
// left truncation): Kaplan–Meier curves with Greenwood errors, k-group
// log-rank tests and Cox proportional-hazards models with Efron ties and
// Schoenfeld-residual checks.
//
// Every statistic follows the definitions of R's survival package, against
// which the tests compare it to 1e-6.
package survival
