package synth

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

func codes(t testing.TB) []byte {
	b, err := os.ReadFile(filepath.Join(testenv.Datasets(t), "snapshot", "country_codes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	sa, err := Write(&a, Scale(1, codes(t)))
	if err != nil {
		t.Fatal(err)
	}
	sb, _ := Write(&b, Scale(1, codes(t)))
	if !bytes.Equal(a.Bytes(), b.Bytes()) || sa != sb {
		t.Error("two histories from the same seed differ")
	}
	if sa.Changes() != RealChanges || sa.Commits != RealCommits {
		t.Errorf("1× history: %d changes in %d commits, want %d in %d", sa.Changes(), sa.Commits, RealChanges, RealCommits)
	}
	o := Scale(1, codes(t))
	o.Seed++
	var c bytes.Buffer
	Write(&c, o)
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("another seed gives the same history")
	}
}

// Refresh reads back exactly the changes the generator made.
func TestHistoryReadsWhatWasGenerated(t *testing.T) {
	git := testenv.Program(t, "git")
	for _, k := range []int{1, 3} {
		dir := filepath.Join(t.TempDir(), "upstream.git")
		st, err := Create(context.Background(), git, dir, Scale(k, codes(t)))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d×: %+v", k, st)
		changes, err := upstream.History(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		got := Stats{Commits: st.Commits, Files: st.Files, Alive: st.Alive}
		alive := map[string]bool{}
		for _, c := range changes {
			switch c.Kind {
			case snapshot.Added:
				got.Added++
				alive[c.Path] = true
			case snapshot.Modified:
				got.Modified++
			case snapshot.Renamed:
				got.Renamed++
				delete(alive, c.OldPath)
				alive[c.Path] = true
			case snapshot.Removed:
				got.Removed++
				delete(alive, c.Path)
			}
			if c.Problem != "" {
				t.Errorf("%s: %s", c.Path, c.Problem)
			}
		}
		if got != st || len(alive) != st.Alive {
			t.Errorf("%d×: read %+v (%d present), generated %+v", k, got, len(alive), st)
		}
		if last := changes[len(changes)-1]; last.Seq != st.Commits-1 {
			t.Errorf("%d×: last change in commit %d, want %d", k, last.Seq, st.Commits-1)
		}
	}
}
