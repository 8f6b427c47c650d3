// Package synth generates synthetic upstream histories shaped like the Paris
// Call site's: supporter files added, modified, renamed and removed commit by
// commit, at any size, for the scale benchmarks of refresh and build.
//
// A history is written as a git fast-import stream, deterministic for a given
// seed, and Create turns it into a bare repository with git itself.
package synth

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"
)

// The real history: 241 first-parent commits, 4,657 changes to supporter
// files, about 1,230 supporters present at the end.
const (
	RealCommits = 241
	RealChanges = 4657
	RealAlive   = 1230
)

// Options shape a history.
type Options struct {
	Commits int // first-parent commits, each changing supporter files
	Changes int // changes to supporter files in all (on average Changes/Commits a commit)
	Alive   int // supporter files present once the history has grown
	Seed    uint64
	// CountryCodes is the upstream's _data/country-codes.csv; supporters'
	// nationalities are drawn from it.
	CountryCodes []byte
	Start        time.Time
}

// Scale returns the options for k times the real history's size: k times the
// commits and changes, with as many supporters present at a time.
func Scale(k int, countryCodes []byte) Options {
	return Options{
		Commits: RealCommits * k, Changes: RealChanges * k, Alive: RealAlive, Seed: 2018,
		CountryCodes: countryCodes, Start: time.Date(2019, 9, 16, 13, 35, 50, 0, time.FixedZone("", 2*3600)),
	}
}

// Stats counts what a history holds: refresh must find exactly these.
type Stats struct {
	Commits                           int
	Added, Modified, Renamed, Removed int
	Files                             int // distinct supporter files ever added
	Alive                             int // present at the end
}

// Changes is the number of changes to supporter files.
func (s Stats) Changes() int { return s.Added + s.Modified + s.Renamed + s.Removed }

// supporter is one file of the history.
type supporter struct {
	id                          int
	name, category, nature, iso string
	slug                        string
	path                        string
	revision, renames           int
	alive                       bool
}

func (s *supporter) content() []byte {
	return fmt.Appendf(nil, "---\nname: %q\ncategory: %s\nnature: %q\nnationality: %s\nwebsite: https://example.org/%d/r%d\n---\n",
		s.name, s.category, s.nature, s.iso, s.id, s.revision)
}

var categories = []struct {
	name, nature string
	weight       float64
}{
	{"private-sector", "Entreprise", 0.55},
	{"civil-society", "ONG", 0.30},
	{"public-authority", "Collectivité", 0.10},
	{"state", "Etat", 0.05},
}

// Write writes the history as a git fast-import stream.
func Write(w io.Writer, o Options) (Stats, error) {
	if o.Commits < 1 || o.Changes < o.Commits || o.Alive < 1 {
		return Stats{}, fmt.Errorf("synth: want at least one commit, one change a commit and one supporter (got %d, %d, %d)", o.Commits, o.Changes, o.Alive)
	}
	codes, err := isoCodes(o.CountryCodes)
	if err != nil {
		return Stats{}, err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	var st Stats
	var all []*supporter
	var alive []*supporter // in no particular order; index kept in pos
	pos := map[*supporter]int{}
	remove := func(s *supporter) {
		i := pos[s]
		last := alive[len(alive)-1]
		alive[i], pos[last] = last, i
		alive = alive[:len(alive)-1]
		delete(pos, s)
		s.alive = false
	}
	step := 4 * 365 * 24 * time.Hour / time.Duration(o.Commits)
	mean := float64(o.Changes) / float64(o.Commits)
	remaining := o.Changes
	for c := 0; c < o.Commits; c++ {
		n := remaining / (o.Commits - c) // what is left, spread evenly…
		if c < o.Commits-1 {
			// …with a spread around the mean.
			n = max(1, min(remaining-(o.Commits-c-1), int(rng.ExpFloat64()*mean+0.5)))
		}
		remaining -= n
		when := o.Start.Add(time.Duration(c) * step)
		fmt.Fprintf(bw, "commit refs/heads/master\ncommitter Synth <synth@example.org> %d %s\n", when.Unix(), when.Format("-0700"))
		msg := fmt.Sprintf("Synthetic change %d", c+1)
		fmt.Fprintf(bw, "data %d\n%s\n", len(msg), msg)
		if c == 0 {
			inline(bw, "_data/country-codes.csv", o.CountryCodes)
		}
		touched := map[*supporter]bool{}
		goneStates := map[string]bool{} // a state added where one went would read as a rename
		pick := func() *supporter {
			for range 8 {
				if len(alive) == 0 {
					return nil
				}
				s := alive[rng.IntN(len(alive))]
				if !touched[s] {
					return s
				}
			}
			return nil
		}
		for range n {
			addW, removeW := 0.39, 0.13
			if len(alive) >= o.Alive {
				addW, removeW = 0.2, 0.2
			}
			r := rng.Float64()
			var s *supporter
			if r >= addW {
				s = pick()
			}
			switch {
			case s == nil: // an addition (also when nothing is left to change)
				cat := categories[len(categories)-1]
				x := rng.Float64()
				for _, c := range categories {
					if x < c.weight {
						cat = c
						break
					}
					x -= c.weight
				}
				iso := codes[rng.IntN(len(codes))]
				for cat.name == "state" && goneStates[iso] {
					iso = codes[rng.IntN(len(codes))]
				}
				id := len(all) + 1
				s = &supporter{id: id, category: cat.name, nature: cat.nature, iso: iso, alive: true}
				s.name = fmt.Sprintf("Supporter %06d", id)
				if cat.name == "state" {
					s.name = fmt.Sprintf("State %06d", id)
				}
				s.slug = fmt.Sprintf("supporter_%06d", id)
				s.path = fmt.Sprintf("_supporters/%s-%s-%s.md", s.slug, s.category, s.iso)
				all = append(all, s)
				pos[s] = len(alive)
				alive = append(alive, s)
				inline(bw, s.path, s.content())
				st.Added++
			case r < addW+removeW:
				fmt.Fprintf(bw, "D %s\n", s.path)
				remove(s)
				if s.category == "state" {
					goneStates[s.iso] = true
				}
				st.Removed++
			case r < addW+removeW+0.22:
				// The upstream renames files as its naming scheme changes;
				// the content stays, so git and refresh pair them by blob.
				old := s.path
				s.renames++
				s.path = fmt.Sprintf("_supporters/%s_v%d-%s-%s.md", s.slug, s.renames, s.category, s.iso)
				fmt.Fprintf(bw, "R %s %s\n", old, s.path)
				st.Renamed++
			default:
				s.revision++
				inline(bw, s.path, s.content())
				st.Modified++
			}
			touched[s] = true
		}
		bw.WriteString("\n")
	}
	st.Commits = o.Commits
	st.Files = len(all)
	st.Alive = len(alive)
	return st, bw.Flush()
}

func inline(w *bufio.Writer, path string, content []byte) {
	fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n", path, len(content))
	w.Write(content)
	w.WriteString("\n")
}

// isoCodes reads the alpha-3 codes of the upstream's country list.
func isoCodes(b []byte) ([]string, error) {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("synth: country codes: %w", err)
	}
	var out []string
	for _, r := range rows[1:] {
		if len(r) > 0 && len(r[0]) == 3 {
			out = append(out, r[0])
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("synth: country codes: no alpha-3 code")
	}
	sort.Strings(out)
	return out, nil
}

// Create writes the history into a new bare repository at dir with git
// fast-import (git must be installed) and returns what it holds.
func Create(ctx context.Context, git, dir string, o Options) (Stats, error) {
	run := func(stdin io.Reader, args ...string) error {
		cmd := exec.CommandContext(ctx, git, args...)
		cmd.Stdin = stdin
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("synth: git %s: %v: %s", args[0], err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if err := run(nil, "init", "--quiet", "--bare", dir); err != nil {
		return Stats{}, err
	}
	pr, pw := io.Pipe()
	var st Stats
	errc := make(chan error, 1)
	go func() {
		var err error
		st, err = Write(pw, o)
		pw.CloseWithError(err)
		errc <- err
	}()
	if err := run(pr, "-C", dir, "fast-import", "--quiet"); err != nil {
		pr.CloseWithError(err)
		<-errc
		return Stats{}, err
	}
	if err := <-errc; err != nil {
		return Stats{}, err
	}
	if err := run(nil, "-C", dir, "symbolic-ref", "HEAD", "refs/heads/master"); err != nil {
		return Stats{}, err
	}
	return st, nil
}
