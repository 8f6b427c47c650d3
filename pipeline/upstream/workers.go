package upstream

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// parallel runs job for indexes 0..n-1 on workers goroutines, each with its
// own reader of the repository: go-git repositories are not safe for
// concurrent use, but separate ones on the same files are. Each worker takes
// a contiguous range, so that an object and its delta base, usually
// neighbours in history, are read by the same worker and its cache.
func parallel(ctx context.Context, path string, workers, n int, job func(ctx context.Context, h *historian, i int) error) error {
	return parallelRanges(ctx, path, workers, n, func(ctx context.Context, h *historian, lo, hi int) error {
		for i := lo; i < hi; i++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := job(ctx, h, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// parallelRanges splits 0..n-1 into one contiguous range per worker. The
// first error cancels the context the other workers are given, so a history
// that cannot be read stops every reader, and is the error returned.
func parallelRanges(ctx context.Context, path string, workers, n int, job func(ctx context.Context, h *historian, lo, hi int) error) error {
	if workers > n {
		workers = n
	}
	if workers < 1 {
		workers = 1
	}
	g, ctx := errgroup.WithContext(ctx)
	for w := 0; w < workers; w++ {
		g.Go(func() error {
			repo, err := OpenPath(path)
			if err != nil {
				return err
			}
			defer repo.Close()
			h := &historian{repo: repo.Repository, paths: map[string]map[string]string{}}
			return job(ctx, h, w*n/workers, (w+1)*n/workers)
		})
	}
	return g.Wait()
}
