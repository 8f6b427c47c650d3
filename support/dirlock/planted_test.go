package dirlock

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A lock file a checkout carries as a link or a special file is refused at
// once, by readers and writers, with one line, and what a link points to is
// neither truncated nor created.
func TestPlantedLockFiles(t *testing.T) {
	tests := []struct {
		name  string
		plant func(dir, outside string)
		want  string
	}{
		{"link to a file", func(dir, outside string) { os.Symlink(filepath.Join(outside, "victim"), In(dir)) }, "is a symbolic link, not a lock file"},
		{"dangling link", func(dir, outside string) { os.Symlink(filepath.Join(outside, "made"), In(dir)) }, "is a symbolic link, not a lock file"},
		{"FIFO", func(dir, outside string) { syscall.Mkfifo(In(dir), 0o644) }, "is not a regular file (prw-r--r--)"},
		{"directory", func(dir, outside string) { os.Mkdir(In(dir), 0o755) }, "is not a regular file (drwxr-xr-x)"},
	}
	for _, tt := range tests {
		for _, exclusive := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{false: " read", true: " write"}[exclusive], func(t *testing.T) {
				dir, outside := t.TempDir(), t.TempDir()
				os.WriteFile(filepath.Join(outside, "victim"), []byte("victim"), 0o644)
				tt.plant(dir, outside)
				ctx := context.Background()
				done := make(chan error, 1)
				go func() {
					var err error
					if exclusive {
						_, err = Write(ctx, In(dir), dir, "cybernorms build", time.Second)
					} else {
						_, err = Read(ctx, In(dir), dir, time.Second)
					}
					done <- err
				}()
				var err error
				select {
				case err = <-done:
				case <-time.After(2 * time.Second):
					// Unblock a FIFO's open so the test ends.
					if f, err := os.OpenFile(In(dir), os.O_RDWR|syscall.O_NONBLOCK, 0); err == nil {
						f.Close()
					}
					t.Fatal("blocked opening the lock")
				}
				if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
					t.Errorf("got %v, want one line saying %q", err, tt.want)
				}
				if b, _ := os.ReadFile(filepath.Join(outside, "victim")); string(b) != "victim" {
					t.Errorf("the link's target was truncated: %q", b)
				}
				if _, err := os.Lstat(filepath.Join(outside, "made")); err == nil {
					t.Errorf("the dangling link's target was created")
				}
			})
		}
	}
}

// A lock in a directory that is a link is not taken there.
func TestLockDirectoryIsALink(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	dir := filepath.Join(root, "data")
	os.Symlink(outside, dir)
	_, err := Write(context.Background(), In(dir), dir, "cybernorms build", time.Second)
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link, not a directory") {
		t.Errorf("got %v", err)
	}
	if _, err := os.Lstat(filepath.Join(outside, Name)); err == nil {
		t.Errorf("a lock file was made through the link")
	}
}
