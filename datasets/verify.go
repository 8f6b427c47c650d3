package datasets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cybernorms/cybernorms/datasets/confined"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// MaxFileSize bounds every file the loader and validate read: the largest
// table is under 1 MiB, so anything near this is not a dataset.
const MaxFileSize = 64 << 20

// journalFile is left in the directory by a write that was killed part-way
// (it is the name the writers' transaction uses); until the next writer
// rolls it back the files are a mix of two versions.
const journalFile = ".atomicfs-journal.json"

// ReadResource reads the file rel (slash-separated, as datapackage.json
// names it) below dir by the rules of every reader (package confined): no
// "..", no absolute path, no symbolic link on the way, nothing but a regular
// file, at most MaxFileSize bytes.
func ReadResource(dir, rel string) ([]byte, error) {
	if rel == "" || strings.Contains(rel, "\\") || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return nil, fmt.Errorf("%s: resource path %q leaves the datasets directory", filepath.Join(dir, "datapackage.json"), rel)
	}
	return Root(dir).ReadFile(rel)
}

// Root is the datasets directory dir as every reader reads it.
func Root(dir string) confined.Root {
	return confined.Root{Dir: dir, Max: MaxFileSize, Plural: "datasets", One: "a dataset file"}
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// verify reads every file datapackage.json (desc) lists in dir and checks
// each against its recorded size and sha256; it returns the bytes read, by
// slash-separated path, so that what is parsed is what was checked.
func verify(dir string, desc []byte) (map[string][]byte, error) {
	dp := filepath.Join(dir, "datapackage.json")
	if _, err := os.Lstat(filepath.Join(dir, journalFile)); err == nil {
		return nil, fmt.Errorf("datasets %s: a write was interrupted and its files are mixed (%s is left): run \"cybernorms build\" to roll it back", dir, journalFile)
	}
	d, err := schema.ParseDescriptor(desc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dp, err)
	}
	files := map[string][]byte{}
	check := func(f schema.File) error {
		b, err := ReadResource(dir, f.Path)
		if err != nil {
			return err
		}
		if h := vocab.Checksum(b); len(b) != f.Bytes || h != f.Hash {
			return fmt.Errorf("%s: content differs from datapackage.json (%d bytes, %s; recorded %d bytes, %s): edited or half-written; %s",
				filepath.Join(dir, filepath.FromSlash(f.Path)), len(b), short(h), f.Bytes, short(f.Hash), fixFor(f.Path))
		}
		files[f.Path] = b
		return nil
	}
	for _, r := range d.Resources {
		if err := check(schema.File{Path: r.Path, Bytes: r.Bytes, Hash: r.Hash}); err != nil {
			return nil, err
		}
		for _, a := range r.Alternates {
			if err := check(a); err != nil {
				return nil, err
			}
		}
	}
	for _, t := range schema.Derived {
		if _, ok := files[t.Path+".csv"]; !ok {
			return nil, fmt.Errorf("%s: no resource %s (run \"cybernorms build\")", dp, t.Path+".csv")
		}
	}
	return files, nil
}

// fixFor names the command that puts a file back in agreement with
// datapackage.json.
func fixFor(rel string) string {
	switch {
	case strings.HasPrefix(rel, "snapshot/"):
		return "run \"cybernorms refresh\" to restore it (or \"cybernorms build\" if the edit is meant)"
	case rel == geo.File:
		return "run \"cybernorms geo --from FILE\" to derive it again (or \"cybernorms build\" if the edit is meant)"
	case strings.HasPrefix(rel, "curated/"):
		return "run \"cybernorms build\" to record the edit"
	}
	return "run \"cybernorms build\" to write it again"
}

func short(h string) string {
	if len(h) > 19 {
		return h[:19] + "…"
	}
	return h
}
