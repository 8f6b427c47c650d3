// Package nbrun executes the project's notebooks headless with the real
// Jupyter kernel and checks them: no error output, the figures and key
// numbers each notebook declares, and committed outputs equal to fresh ones.
//
// A notebook declares what it must produce in its metadata:
// {"cybernorms": {"figures": 3, "expect": ["79 supporter states"]}}.
package nbrun

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// List returns the notebooks of dir, by name; hidden files (a run's
// temporary copy) are not notebooks.
func List(dir string) ([]string, error) {
	ms, err := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	ms = slices.DeleteFunc(ms, func(p string) bool { return strings.HasPrefix(filepath.Base(p), ".") })
	sort.Strings(ms)
	return ms, err
}

// Match picks from paths the notebook each name designates: its name, with
// or without .ipynb, or any prefix of it that no other notebook shares.
func Match(paths, names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		n = strings.TrimSuffix(n, ".ipynb")
		var hits []string
		for _, p := range paths {
			base := strings.TrimSuffix(filepath.Base(p), ".ipynb")
			if base == n {
				hits = []string{p}
				break
			}
			if strings.HasPrefix(base, n) {
				hits = append(hits, p)
			}
		}
		switch {
		case n == "" || len(hits) == 0:
			return nil, fmt.Errorf("no notebook matches %q (there are %s)", n, bases(paths))
		case len(hits) > 1:
			return nil, fmt.Errorf("%q matches %s: give more of the name", n, bases(hits))
		}
		if !slices.Contains(out, hits[0]) {
			out = append(out, hits[0])
		}
	}
	return out, nil
}

func bases(paths []string) string {
	var b []string
	for _, p := range paths {
		b = append(b, strings.TrimSuffix(filepath.Base(p), ".ipynb"))
	}
	return strings.Join(b, ", ")
}

// Execute runs a notebook with nbconvert and the gonb kernel and returns the
// executed notebook, writing nothing. Cold runs use an empty Go build cache.
func Execute(ctx context.Context, path string, cold bool) ([]byte, time.Duration, error) {
	nb, err := readNotebook(path)
	if err != nil {
		return nil, 0, err
	}
	r, err := newRunner(Options{Dir: filepath.Dir(path), Cold: cold})
	if err != nil {
		return nil, 0, err
	}
	defer r.close()
	return r.execute(ctx, filepath.Base(path), nb)
}

type notebook struct {
	Cells []struct {
		CellType string          `json:"cell_type"`
		Source   json.RawMessage `json:"source"`
		Outputs  []output        `json:"outputs"`
	} `json:"cells"`
	Metadata struct {
		Cybernorms struct {
			Figures int      `json:"figures"`
			Expect  []string `json:"expect"`
		} `json:"cybernorms"`
	} `json:"metadata"`
}

type output struct {
	OutputType string                     `json:"output_type"`
	Name       string                     `json:"name,omitempty"`
	Text       json.RawMessage            `json:"text,omitempty"`
	Data       map[string]json.RawMessage `json:"data,omitempty"`
	Ename      string                     `json:"ename,omitempty"`
	Evalue     string                     `json:"evalue,omitempty"`
}

// Cell is a notebook cell as a reader of its text sees it.
type Cell struct {
	Kind   string // "code", "markdown" or "raw"
	Source string
}

// Cells reads the cells of a notebook, in order.
func Cells(b []byte) ([]Cell, error) {
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, err
	}
	out := make([]Cell, len(nb.Cells))
	for i, c := range nb.Cells {
		out[i] = Cell{c.CellType, joined(c.Source)}
	}
	return out, nil
}

// joined reads a Jupyter multiline string (a string or a list of strings).
func joined(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var l []string
	json.Unmarshal(raw, &l)
	return strings.Join(l, "")
}

// Outputs is a notebook's outputs, per code cell, normalised: each stream's
// text merged into one output, the streams first and the other outputs after
// them in their order, execution counts and metadata left out.
//
// A Go program's standard output reaches GoNB by one pipe and its displays by
// another, so the order between printed text and a display is not kept from
// one execution to the next (a busy machine shows it); the order of the text,
// and of the displays, is.
func Outputs(b []byte) ([][]string, error) {
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, err
	}
	var out [][]string
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		streams := map[string]string{}
		var rich []string
		for _, o := range c.Outputs {
			switch o.OutputType {
			case "stream":
				streams[o.Name] += joined(o.Text)
			case "error":
				rich = append(rich, "error: "+o.Ename+": "+o.Evalue)
			default:
				var parts []string
				for _, k := range slices.Sorted(maps.Keys(o.Data)) {
					parts = append(parts, k+"="+joined(o.Data[k]))
				}
				rich = append(rich, o.OutputType+": "+strings.Join(parts, "\x00"))
			}
		}
		var cell []string
		for _, name := range slices.Sorted(maps.Keys(streams)) {
			cell = append(cell, "stream "+name+": "+streams[name])
		}
		out = append(out, append(cell, rich...))
	}
	return out, nil
}

// Report is the check of one executed notebook.
type Report struct {
	Name     string
	Duration time.Duration
	Errors   []string // error outputs, by cell
	Figures  int      // image outputs
	Problems []string // unmet expectations, stale outputs
}

// OK reports whether the notebook passed.
func (r Report) OK() bool { return len(r.Errors) == 0 && len(r.Problems) == 0 }

// Check inspects an executed notebook, against the committed one if given.
func Check(name string, executed, committed []byte) (Report, error) {
	r := Report{Name: name}
	var nb notebook
	if err := json.Unmarshal(executed, &nb); err != nil {
		return r, err
	}
	var text strings.Builder
	cellNo := 0
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		cellNo++
		for _, o := range c.Outputs {
			if o.OutputType == "error" {
				r.Errors = append(r.Errors, fmt.Sprintf("cell %d (code cell %d): %s: %s", i+1, cellNo, o.Ename, o.Evalue))
			}
			if _, ok := o.Data["image/png"]; ok {
				r.Figures++
			}
			// nbconvert picks an SVG before anything else in an image
			// output and its HTML exporter empties it (see ExportedFigures).
			if _, ok := o.Data["image/svg+xml"]; ok {
				r.Problems = append(r.Problems, fmt.Sprintf("cell %d (code cell %d): an image/svg+xml output, empty once exported with nbconvert: send a PNG", i+1, cellNo))
			}
			text.WriteString(joined(o.Text))
			for k, v := range o.Data {
				if strings.HasPrefix(k, "text/") {
					text.WriteString(joined(v))
				}
			}
		}
	}
	want := nb.Metadata.Cybernorms
	if r.Figures < want.Figures {
		r.Problems = append(r.Problems, fmt.Sprintf("%d figures, the notebook declares %d", r.Figures, want.Figures))
	}
	for _, e := range want.Expect {
		if !strings.Contains(text.String(), e) {
			r.Problems = append(r.Problems, fmt.Sprintf("no output contains %q", e))
		}
	}
	if committed != nil {
		a, err := Outputs(committed)
		if err != nil {
			return r, err
		}
		b, err := Outputs(executed)
		if err != nil {
			return r, err
		}
		if len(a) != len(b) {
			r.Problems = append(r.Problems, fmt.Sprintf("stale: %d code cells committed, %d executed", len(a), len(b)))
		}
		for i := 0; i < min(len(a), len(b)); i++ {
			if strings.Join(a[i], "\x01") != strings.Join(b[i], "\x01") {
				r.Problems = append(r.Problems, fmt.Sprintf("stale outputs in code cell %d: re-executing changes them (run cybernorms notebooks run)", i+1))
			}
		}
	}
	return r, nil
}
