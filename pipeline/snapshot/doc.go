// Package snapshot holds the raw supporter history of the Paris Call site as
// published: one row per supporter file per change, with the front-matter
// fields exactly as written, stored as datasets/snapshot/supporter_changes.csv.
//
// It is the boundary between the network-facing refresh and the offline build:
// refresh writes it, build reads it, and nothing downstream needs a commit ID.
package snapshot
