package supporters

import (
	"fmt"
	"time"

	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Lineage is one file followed through renames from addition to removal.
type Lineage struct {
	FirstPath, LastPath string
	Added               time.Time
	AddedSeq            int
	Removed             time.Time // zero while present
	RemovedSeq          int
	Renames             int
	Versions            []snapshot.Change // every row of this lineage, in order
	LinkedBy            string            // why it belongs to its supporter (see schema.SupporterFiles)
	supporter           int               // union-find parent
}

// Alive reports whether the lineage is present just after change seq.
func (l *Lineage) Alive(seq int) bool {
	return l.AddedSeq <= seq && (l.Removed.IsZero() || l.RemovedSeq > seq)
}

// trace follows each file through the history.
func trace(history []snapshot.Change, source string) ([]*Lineage, error) {
	var out []*Lineage
	current := map[string]*Lineage{}
	for _, c := range history {
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: field path: %s %s on %s, but %s", source, c.Line, c.Kind, c.Path, Day(c.Date), fmt.Sprintf(format, a...))
		}
		switch c.Kind {
		case snapshot.Added:
			if current[c.Path] != nil {
				return nil, fail("the file is already present")
			}
			l := &Lineage{FirstPath: c.Path, LastPath: c.Path, Added: c.Date, AddedSeq: c.Seq}
			l.Versions = append(l.Versions, c)
			current[c.Path] = l
			out = append(out, l)
		case snapshot.Modified:
			l := current[c.Path]
			if l == nil {
				return nil, fail("the file is not present")
			}
			l.Versions = append(l.Versions, c)
		case snapshot.Renamed:
			l := current[c.OldPath]
			if l == nil {
				return nil, fail("the old path %s is not present", c.OldPath)
			}
			if current[c.Path] != nil {
				return nil, fail("the new path is already present")
			}
			delete(current, c.OldPath)
			current[c.Path] = l
			l.LastPath = c.Path
			l.Renames++
			l.Versions = append(l.Versions, c)
		case snapshot.Removed:
			l := current[c.Path]
			if l == nil {
				return nil, fail("the file is not present")
			}
			delete(current, c.Path)
			l.Removed, l.RemovedSeq = c.Date, c.Seq
			l.Versions = append(l.Versions, c)
		}
	}
	return out, nil
}

func firstReadable(l *Lineage) snapshot.Change {
	for _, v := range l.Versions {
		if v.Problem == "" && v.Kind != snapshot.Removed {
			return v
		}
	}
	return snapshot.Change{}
}

func lastReadable(l *Lineage) snapshot.Change {
	for i := len(l.Versions) - 1; i >= 0; i-- {
		if v := l.Versions[i]; v.Problem == "" {
			return v
		}
	}
	return snapshot.Change{}
}
