package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDirWriter checks reproduce's writer of the new directory: after a
// signal it writes nothing, and its errors name the file, not the temporary
// directory.
func TestDirWriter(t *testing.T) {
	t.Run("signal", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		w := newDirWriter(ctx, dir)
		w.write("figures/a.svg", []byte("a"))
		if err := w.wait(); err != nil {
			t.Fatalf("before the signal: %v", err)
		}
		cancel()
		w = newDirWriter(ctx, dir)
		w.write("figures/b.svg", []byte("b"))
		if err := w.wait(); !errors.Is(err, context.Canceled) {
			t.Errorf("after the signal: %v, want the signal's error", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "figures", "b.svg")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a file was written after the signal (%v)", err)
		}
	})
	t.Run("error names the file", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "figures"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		w := newDirWriter(context.Background(), dir)
		w.write("figures/map.svg", []byte("x"))
		err := w.wait()
		if err == nil || !strings.Contains(err.Error(), "writing figures/map.svg: ") || strings.Contains(err.Error(), dir) {
			t.Errorf("error %q: want one naming figures/map.svg and not %s", err, dir)
		}
		if got := unwrapPath(err); got != err {
			t.Errorf("unwrapPath drops the file's name: %q", got)
		}
	})
}
