package cli

import (
	"context"
	"flag"
	"time"

	"github.com/cybernorms/cybernorms/internal/dirlock"
)

// lockWaitFlag is the bound on how long a command waits for another one
// using the same directory.
func lockWaitFlag(fs *flag.FlagSet) *time.Duration {
	return fs.Duration("lock-wait", dirlock.DefaultWait, "how long to wait for another cybernorms command using the same directory before giving up")
}

// writeDatasets takes the datasets directory for a command that writes it.
func writeDatasets(ctx context.Context, c *command, dir string, wait time.Duration) (*dirlock.Lock, error) {
	return dirlock.Write(ctx, dirlock.In(dir), dir, "cybernorms "+c.name, wait)
}

// readDatasets waits until no command writes the datasets directory, rolling
// back a write that was killed, and keeps writers out until released.
func readDatasets(ctx context.Context, c *command, dir string, wait time.Duration) (*dirlock.Lock, error) {
	return dirlock.ReadDatasets(ctx, dir, "cybernorms "+c.name, wait, true)
}
