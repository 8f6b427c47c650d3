package build

import (
	"bytes"
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

// rewriteCSV rewrites a CSV file of dir through edit, which gets every record,
// the header first.
func rewriteCSV(t *testing.T, path string, edit func(rec []string) []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	for _, r := range recs {
		if err := w.Write(edit(r)); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A curated file whose columns are swapped or renamed is refused with one
// line naming the file and the field, never read with its values shifted.
// The curated files are published and described column by column, so build
// does not accept another order.
func TestCuratedColumnsReorderedOrRenamedAreRefused(t *testing.T) {
	base := testenv.CopyDatasets(t, func(rel string) bool { return inputsOnly(rel) || strings.HasPrefix(rel, "snapshot/") })
	for _, tb := range curatedTables {
		first, second := tb.Fields[0].Name, tb.Fields[1].Name
		for _, c := range []struct {
			name string
			edit func(rec []string) []string
			want string
		}{
			{"swapped", func(rec []string) []string {
				rec = slices.Clone(rec)
				rec[0], rec[1] = rec[1], rec[0]
				return rec
			}, `DIR/` + tb.Path + `.csv:1: field ` + first + `: header column 1 is "` + second + `", want "` + first + `" (columns reordered: write them as ` + strings.Join(tb.Header(), ",") + `)`},
			{"renamed", func(rec []string) []string {
				if rec[1] == second {
					rec = slices.Clone(rec)
					rec[1] = "old_" + second
				}
				return rec
			}, `DIR/` + tb.Path + `.csv:1: field ` + second + `: header column 2 is "old_` + second + `", want "` + second + `"`},
		} {
			t.Run(tb.Name+"/"+c.name, func(t *testing.T) {
				dir := t.TempDir()
				testenv.CopyTree(t, base, dir, func(string) bool { return true })
				rewriteCSV(t, File(dir, tb), c.edit)
				_, err := LoadInputs(dir)
				if err == nil {
					t.Fatal("loaded, want the file refused")
				}
				if got := strings.ReplaceAll(err.Error(), dir, "DIR"); got != c.want {
					t.Errorf("error:\n%s\nwant:\n%s", got, c.want)
				}
			})
		}
	}
}

// Build reads curated rows by field name: the same curated data, held in
// tables whose fields are in the reverse order, derive the same files.
func TestDeriveReadsCuratedRowsByName(t *testing.T) {
	in := loadCurated(t)
	want := encode(t, in)
	for name, d := range in.Curated {
		in.Curated[name] = reverseFields(d)
	}
	in.UpstreamCodes = reverseFields(in.UpstreamCodes)
	got := encode(t, in)
	for rel, b := range want {
		if rel == DescriptorFile {
			continue // describes the inputs as published, in file order
		}
		if !bytes.Equal(got[rel], b) {
			t.Errorf("%s differs when the curated fields are reordered", rel)
		}
	}
}

func encode(t *testing.T, in *Inputs) map[string][]byte {
	t.Helper()
	out, err := Derive(in)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Encode(in, out)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// reverseFields is d in a copy of its table with the fields reversed.
func reverseFields(d schema.Data) schema.Data {
	t := *d.Table
	t.Fields = slices.Clone(t.Fields)
	slices.Reverse(t.Fields)
	r := schema.Data{Table: &t}
	for _, row := range d.Rows {
		row = slices.Clone(row)
		slices.Reverse(row)
		r.Rows = append(r.Rows, row)
	}
	return r
}
