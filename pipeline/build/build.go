// Package build derives the normalized tables from the committed snapshot and
// the curated transcriptions, offline and deterministically, and writes them
// as CSV, Arrow IPC and Parquet with a Frictionless datapackage.json.
//
// Everything is computed and encoded in memory first and then written as one
// transaction, so a build that fails leaves the previous datasets untouched.
package build

import (
	"context"

	"github.com/cybernorms/cybernorms/pipeline/validate"
	"github.com/cybernorms/cybernorms/support/atomicfs"
)

// ChangelogFile records each data release; its newest heading is the version.
const ChangelogFile = "CHANGELOG.md"

// DescriptorFile is the Frictionless descriptor.
const DescriptorFile = "datapackage.json"

// Options configure Run.
type Options struct {
	Dir string
	// FailBefore is a test hook passed to the file transaction.
	FailBefore func(step, rel string) error
	// Context, when set, stops the build at its next safe point once done.
	Context context.Context
}

// Report says what Run did.
type Report struct {
	Output    *Output
	Written   []string
	Unchanged []string
}

// Run builds the datasets in opts.Dir.
func Run(opts Options) (*Report, error) {
	// Read the committed inputs, not the half of a killed run's.
	if err := atomicfs.Recover(opts.Dir); err != nil {
		return nil, err
	}
	in, err := LoadInputs(opts.Dir)
	if err != nil {
		return nil, err
	}
	out, err := Derive(in)
	if err != nil {
		return nil, err
	}
	files, err := Encode(in, out)
	if err != nil {
		return nil, err
	}
	if err := validate.CheckStaged(opts.Dir, files); err != nil {
		return nil, err
	}
	tx := atomicfs.New(opts.Dir)
	if opts.Context != nil {
		if err := context.Cause(opts.Context); err != nil {
			return nil, err
		}
		tx.StopOn(opts.Context)
	}
	for rel, b := range files {
		tx.Add(rel, b)
	}
	if opts.FailBefore != nil {
		tx.FailBefore(opts.FailBefore)
	}
	res, err := tx.Commit()
	if err != nil {
		return nil, err
	}
	return &Report{Output: out, Written: res.Written, Unchanged: res.Unchanged}, nil
}
