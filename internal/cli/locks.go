package cli

import (
	"context"
	"flag"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/support/atomicfs"
	"github.com/cybernorms/cybernorms/support/dirlock"
)

// lockWaitFlag is the bound on how long a command waits for another one
// using the same directory.
func lockWaitFlag(fs *flag.FlagSet) *time.Duration {
	return fs.Duration("lock-wait", dirlock.DefaultWait, flagText(fs, "lock-wait"))
}

// writeDatasets takes the datasets directory for a command that writes it,
// and rolls back a write a killed command left, judging its journal by
// what the writers write.
func writeDatasets(ctx context.Context, c *command, dir string, wait time.Duration) (*dirlock.Lock, error) {
	l, err := dirlock.Write(ctx, dirlock.In(dir), dir, "cybernorms "+c.name, wait)
	if err != nil {
		return nil, err
	}
	if err := recoverDatasets(dir); err != nil {
		l.Release()
		return nil, err
	}
	return l, nil
}

// readDatasets waits until no command writes the datasets directory, rolling
// back a write that was killed, and keeps writers out until released.
func readDatasets(ctx context.Context, c *command, dir string, wait time.Duration) (*dirlock.Lock, error) {
	return dirlock.ReadDatasetsWith(ctx, dir, "cybernorms "+c.name, wait, recoverDatasets)
}

// recoverDatasets rolls back an interrupted write of the datasets; a
// journal naming a file no writer writes (a curated input, the README) was
// not left by one and is refused.
func recoverDatasets(dir string) error { return atomicfs.RecoverOnly(dir, datasetsWritten) }

// datasetsWritten says whether build, refresh or geo write rel (relative
// to the datasets directory): the published tables in their three formats,
// the descriptor, the changelog, the snapshot and the geometry.
func datasetsWritten(rel string) bool {
	rel = filepath.ToSlash(rel)
	dir, base := path.Split(rel)
	switch dir {
	case "":
		switch path.Ext(base) {
		case ".csv", ".arrow", ".parquet":
			return true
		}
		return base == build.DescriptorFile || base == build.ChangelogFile
	case "snapshot/":
		return !strings.HasPrefix(base, ".")
	}
	return rel == geo.File
}
