package dirlock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/support/atomicfs"
)

func TestWriterWaitsThenNamesTheHolder(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	held, err := Write(ctx, In(dir), dir, "cybernorms build", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Write(ctx, In(dir), dir, "cybernorms refresh", 200*time.Millisecond)
	var he *HeldError
	if !errors.As(err, &he) {
		t.Fatalf("second writer: %v, want a HeldError", err)
	}
	if d := time.Since(start); d < 200*time.Millisecond || d > 2*time.Second {
		t.Errorf("second writer gave up after %s, want about 200ms", d)
	}
	want := regexp.MustCompile(fmt.Sprintf(`^%s is in use by pid %d \(cybernorms build, since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\); gave up after 200ms \(run again when it is done, or wait longer with --lock-wait\)$`,
		regexp.QuoteMeta(dir), os.Getpid()))
	if !want.MatchString(err.Error()) {
		t.Errorf("message %q\ndoes not match %s", err, want)
	}
	// A reader waits for the writer too.
	if _, err := Read(ctx, In(dir), dir, 100*time.Millisecond); !errors.As(err, &he) {
		t.Errorf("reader while a writer holds the lock: %v, want a HeldError", err)
	}
	held.Release()
	w, err := Write(ctx, In(dir), dir, "cybernorms refresh", 100*time.Millisecond)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	w.Release()
}

func TestReadersShareAndKeepWritersOut(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	r1, err := Read(ctx, In(dir), dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Read(ctx, In(dir), dir, 100*time.Millisecond)
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	_, err = Write(ctx, In(dir), dir, "cybernorms build", 100*time.Millisecond)
	if err == nil || err.Error() != dir+" is in use by another cybernorms process reading it; gave up after 100ms (run again when it is done, or wait longer with --lock-wait)" {
		t.Errorf("writer while readers hold the lock: %v", err)
	}
	r1.Release()
	r2.Release()
	w, err := Write(ctx, In(dir), dir, "cybernorms build", 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	w.Release()
}

func TestWaitStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	held, _ := Write(context.Background(), In(dir), dir, "cybernorms build", time.Second)
	defer held.Release()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := Write(ctx, In(dir), dir, "cybernorms refresh", time.Minute); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled wait: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelled wait took %s", d)
	}
}

// A reader finds a transaction a killed writer left: it rolls it back
// before reading, or refuses when told not to write.
func TestReadDatasetsRecoversOrRefuses(t *testing.T) {
	for _, recover := range []bool{true, false} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "a.csv"), []byte("old"), 0o644)
		tx := atomicfs.New(dir)
		tx.Add("a.csv", []byte("new"))
		tx.FailBefore(func(step, rel string) error {
			if step == "commit" {
				return atomicfs.ErrCrash
			}
			return nil
		})
		if _, err := tx.Commit(); !errors.Is(err, atomicfs.ErrCrash) {
			t.Fatal(err)
		}
		l, err := ReadDatasets(context.Background(), dir, "cybernorms query", time.Second, recover)
		b, _ := os.ReadFile(filepath.Join(dir, "a.csv"))
		if recover {
			if err != nil || string(b) != "old" {
				t.Errorf("recover: %v, a.csv = %q, want the old content", err, b)
			}
			l.Release()
			continue
		}
		want := dir + `: a write was interrupted (.atomicfs-journal.json is left): run "cybernorms build" to roll it back`
		if err == nil || err.Error() != want || string(b) != "new" {
			t.Errorf("refuse: %v, a.csv = %q; want %q and nothing touched", err, b, want)
		}
	}
}
