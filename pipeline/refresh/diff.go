package refresh

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/support/textsafe"

	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Change is one supporter change found by Diff.
type Change struct {
	Date     string // YYYY-MM-DD
	Kind     snapshot.Kind
	Path     string
	OldPath  string
	Name     string
	Category string   // as published (for a removal, of the version removed)
	Fields   []string // for modifications and renames: `field "old" → "new"`
}

// short is the change without its date: name and category, then what moved
// or changed.
func (c Change) short() string {
	s := c.Name
	if s == "" {
		s = c.Path
	}
	if c.Category != "" {
		s += " (" + c.Category + ")"
	}
	var what []string
	if c.Kind == snapshot.Renamed {
		what = append(what, c.OldPath+" → "+c.Path)
	}
	what = append(what, c.Fields...)
	if len(what) > 0 {
		s += ": " + strings.Join(what, ", ")
	}
	return s
}

func (c Change) String() string {
	s := c.Date + " " + c.short()
	if c.Kind != snapshot.Renamed && c.Name != "" {
		s += " [" + c.Path + "]"
	}
	return s
}

// Report is what changed between two snapshots.
type Report struct {
	From, To string // dates of the newest change in each
	Changes  []Change
	// Vanished lists files the old snapshot had whose history is gone from
	// the new one without a removal: a rewritten upstream history.
	Vanished []Finding
}

// Empty reports whether nothing changed.
func (r Report) Empty() bool { return len(r.Changes) == 0 && len(r.Vanished) == 0 }

// Count returns the number of changes of each kind, by category.
func (r Report) Count() map[snapshot.Kind]map[string]int {
	out := map[snapshot.Kind]map[string]int{}
	for _, c := range r.Changes {
		if out[c.Kind] == nil {
			out[c.Kind] = map[string]int{}
		}
		out[c.Kind][c.Category]++
	}
	return out
}

// Diff compares the committed snapshot old with a new history: the rows of
// new that old does not have, and the files whose rows vanished.
func Diff(old, new []snapshot.Change) Report {
	var r Report
	if len(old) > 0 {
		r.From = old[len(old)-1].Date.Format(time.DateOnly)
	}
	if len(new) > 0 {
		r.To = new[len(new)-1].Date.Format(time.DateOnly)
	}
	inOld, inNew := map[string]bool{}, map[string]bool{}
	for _, c := range old {
		inOld[key(c)] = true
	}
	for _, c := range new {
		inNew[key(c)] = true
	}
	// Replay new to know, at each row, the version it replaces.
	current := map[string]snapshot.Change{}
	for _, c := range new {
		prev, had := apply(current, c)
		if inOld[key(c)] {
			continue
		}
		// Names and paths come from the upstream: escaped, they can neither
		// drive a terminal nor forge a line of the changelog.
		ch := Change{Date: c.Date.Format(time.DateOnly), Kind: c.Kind, Path: textsafe.Escape(c.Path), OldPath: textsafe.Escape(c.OldPath),
			Name: textsafe.Escape(c.Fields["name"]), Category: textsafe.Escape(c.Fields["category"])}
		if had && (c.Kind == snapshot.Modified || c.Kind == snapshot.Renamed) {
			ch.Fields = fieldChanges(prev, c)
		}
		r.Changes = append(r.Changes, ch)
	}
	// A file present at the end of old whose rows are not all in new, and
	// that new does not have at its end either, went without a removal.
	oldEnd := map[string]snapshot.Change{}
	for _, c := range old {
		apply(oldEnd, c)
	}
	lost := map[string]bool{}
	for _, c := range old {
		if !inNew[key(c)] {
			lost[c.Path] = true
		}
	}
	var paths []string
	for p := range oldEnd {
		if _, still := current[p]; !still && lost[p] {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		c := oldEnd[p]
		r.Vanished = append(r.Vanished, Finding{Date: c.Date.Format(time.DateOnly), Path: p, Field: "name", Value: c.Fields["name"],
			What: "vanished from the upstream history without a removal (the history was rewritten)"})
	}
	return r
}

// apply moves files, the latest version of each file present by path, past
// change c, and returns the version c replaces, if any.
func apply(files map[string]snapshot.Change, c snapshot.Change) (prev snapshot.Change, had bool) {
	from := c.Path
	if c.Kind == snapshot.Renamed {
		from = c.OldPath
	}
	prev, had = files[from]
	delete(files, from)
	if c.Kind != snapshot.Removed {
		files[c.Path] = c
	}
	return prev, had
}

// fieldChanges lists the front-matter fields that differ between versions.
func fieldChanges(a, b snapshot.Change) []string {
	// An unreadable version has no fields to compare.
	switch {
	case b.Problem != "" && a.Problem != b.Problem:
		return []string{"now unreadable: " + b.Problem}
	case b.Problem != "":
		return nil
	case a.Problem != "":
		return []string{"readable again"}
	}
	var names []string
	for _, m := range []map[string]string{a.Fields, b.Fields, a.Other, b.Other} {
		names = slices.AppendSeq(names, maps.Keys(m))
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var out []string
	for _, k := range names {
		va, vb := a.Fields[k]+a.Other[k], b.Fields[k]+b.Other[k]
		if va != vb {
			out = append(out, fmt.Sprintf("%s %q → %q", k, va, vb))
		}
	}
	return out
}

// Summary is the report as text: counts by kind and category, then every
// change with its name.
func (r Report) Summary() string { return r.SummaryAgainst("the committed snapshot") }

// SummaryAgainst is Summary naming the old snapshot base.
func (r Report) SummaryAgainst(base string) string {
	if r.Empty() {
		return "no change since " + base + "\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d change(s) to supporter files since %s (its newest change %s; now %s)\n", len(r.Changes), base, orNone(r.From), orNone(r.To))
	counts := r.Count()
	for _, k := range reportKinds {
		byCat := counts[k]
		if len(byCat) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s %d: %s\n", k, sum(byCat), categoryCounts(byCat))
		for _, c := range r.Changes {
			if c.Kind == k {
				fmt.Fprintf(&b, "    %s\n", c)
			}
		}
	}
	for _, v := range r.Vanished {
		fmt.Fprintf(&b, "  vanished: %s\n", v)
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
