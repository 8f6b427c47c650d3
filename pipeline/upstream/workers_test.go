package upstream

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/internal/gitfixture"
)

// A worker that fails stops the others: they see their context cancelled,
// start no further job, and the first error is the one returned, alone.
func TestParallelFirstErrorStopsOtherWorkers(t *testing.T) {
	r := gitfixture.New(t)
	r.Commit("2021-01-01T00:00:00Z", "One", map[string]*gitfixture.Entry{"_supporters/a.md": gitfixture.Supporter("A", "state", "", "FRA")})
	boom := errors.New("blob cannot be read")
	const workers, n = 4, 400
	var started atomic.Int32
	err := parallel(context.Background(), r.Dir, workers, n, func(ctx context.Context, _ *historian, i int) error {
		started.Add(1)
		if i == 0 {
			return boom
		}
		// Every other worker waits for the failure to reach it; a pool
		// that does not cancel leaves it waiting until the deadline.
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Second):
			return errors.New("not cancelled by the failing worker")
		}
	})
	if err != boom {
		t.Fatalf("err = %v, want only the first worker's error %q", err, boom)
	}
	if got := started.Load(); got > workers {
		t.Errorf("%d jobs started after the failure, want at most one per worker (%d)", got, workers)
	}
}

// A cancelled caller stops the pool before any job runs.
func TestParallelHonoursCallerCancellation(t *testing.T) {
	r := gitfixture.New(t)
	r.Commit("2021-01-01T00:00:00Z", "One", map[string]*gitfixture.Entry{"_supporters/a.md": gitfixture.Supporter("A", "state", "", "FRA")})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int32
	err := parallel(ctx, r.Dir, 2, 10, func(context.Context, *historian, int) error {
		ran.Add(1)
		return nil
	})
	if !errors.Is(err, context.Canceled) || ran.Load() != 0 {
		t.Fatalf("err = %v after %d jobs, want context.Canceled after none", err, ran.Load())
	}
}

// An unreadable repository is reported once, not once per worker.
func TestParallelOpenFailureIsOneError(t *testing.T) {
	err := parallel(context.Background(), t.TempDir(), 4, 8, func(context.Context, *historian, int) error { return nil })
	if err == nil {
		t.Fatal("no error for a directory that is not a repository")
	}
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		t.Errorf("error joins %d errors, want the first alone: %v", len(joined.Unwrap()), err)
	}
}
