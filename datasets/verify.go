package datasets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

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
	if err := local(dir, rel); err != nil {
		return nil, err
	}
	return Root(dir).ReadFile(rel)
}

// local refuses a resource path that leaves dir, naming the descriptor.
func local(dir, rel string) error {
	if rel == "" || strings.Contains(rel, "\\") || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("%s: resource path %q leaves the datasets directory", filepath.Join(dir, "datapackage.json"), rel)
	}
	return nil
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

// verify reads every file datapackage.json (d) lists in dir and checks
// each against its recorded size and sha256; it returns the bytes read, by
// slash-separated path, so that what is parsed is what was checked, and the
// derived tables parsed from them. The files are read, checked and parsed
// on every core, the largest first; the error is the one the first file
// wrong in the descriptor's order gives, whatever finished first.
func verify(dir string, d *schema.Descriptor) (map[string][]byte, map[string]schema.Data, error) {
	dp := filepath.Join(dir, "datapackage.json")
	if _, err := os.Lstat(filepath.Join(dir, journalFile)); err == nil {
		return nil, nil, fmt.Errorf("datasets %s: a write was interrupted and its files are mixed (%s is left): run \"cybernorms build\" to roll it back", dir, journalFile)
	}
	derived := map[string]*schema.Table{}
	for _, t := range schema.Derived {
		derived[t.Path+".csv"] = t
	}
	type job struct {
		f        schema.File
		table    *schema.Table // a derived table to parse, or nil
		keep     bool          // whether the bytes are parsed or loaded later
		b        []byte
		data     schema.Data
		err      error // reading or checking the file
		parseErr error
	}
	var jobs []*job
	add := func(f schema.File) {
		j := &job{f: f, table: derived[f.Path], keep: derived[f.Path] != nil || f.Path == geo.File}
		delete(derived, f.Path) // a table listed twice is parsed once
		jobs = append(jobs, j)
	}
	for _, r := range d.Resources {
		add(schema.File{Path: r.Path, Bytes: r.Bytes, Hash: r.Hash})
		for _, a := range r.Alternates {
			add(a)
		}
	}
	order := make([]*job, len(jobs))
	copy(order, jobs)
	sort.SliceStable(order, func(i, k int) bool { return order[i].f.Bytes > order[k].f.Bytes })
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(order)) {
		wg.Go(func() {
			for {
				n := int(next.Add(1)) - 1
				if n >= len(order) {
					return
				}
				j := order[n]
				if j.b, j.err = check(dir, j.f, j.keep); j.err == nil && j.table != nil {
					p := filepath.Join(dir, filepath.FromSlash(j.f.Path))
					j.data, j.parseErr = schema.ReadCSV(bytes.NewReader(j.b), p, j.table)
				}
			}
		})
	}
	wg.Wait()
	files := map[string][]byte{}
	tables := map[string]schema.Data{}
	for _, j := range jobs {
		if j.err != nil {
			return nil, nil, j.err
		}
		if j.keep {
			files[j.f.Path] = j.b
		}
	}
	for _, t := range schema.Derived {
		if _, ok := files[t.Path+".csv"]; !ok {
			return nil, nil, fmt.Errorf("%s: no resource %s (run \"cybernorms build\")", dp, t.Path+".csv")
		}
	}
	parsed := map[string]*job{}
	for _, j := range jobs {
		if j.table != nil {
			parsed[j.f.Path] = j
		}
	}
	for _, t := range schema.Derived {
		j := parsed[t.Path+".csv"]
		if j.parseErr != nil {
			return nil, nil, j.parseErr
		}
		tables[t.Name] = j.data
	}
	return files, tables, nil
}

// check reads the file f names below dir and checks it against the size
// and checksum recorded for it; it returns the bytes if keep is set, and
// otherwise hashes them as they are read, holding none.
func check(dir string, f schema.File, keep bool) ([]byte, error) {
	var b []byte
	var n int
	var sum string
	if keep {
		var err error
		if b, err = ReadResource(dir, f.Path); err != nil {
			return nil, err
		}
		n, sum = len(b), vocab.Checksum(b)
	} else {
		if err := local(dir, f.Path); err != nil {
			return nil, err
		}
		h := sha256.New()
		read, err := Root(dir).Digest(f.Path, h)
		if err != nil {
			return nil, err
		}
		n, sum = int(read), vocab.ChecksumPrefix+hex.EncodeToString(h.Sum(nil))
	}
	if n != f.Bytes || sum != f.Hash {
		return nil, fmt.Errorf("%s: content differs from datapackage.json (%d bytes, %s; recorded %d bytes, %s): edited or half-written; %s",
			filepath.Join(dir, filepath.FromSlash(f.Path)), n, short(sum), f.Bytes, short(f.Hash), fixFor(f.Path))
	}
	return b, nil
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
