package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildCommitStamped(t *testing.T) {
	bi := &debug.BuildInfo{Main: debug.Module{Path: "example.org/m", Version: "v0.0.0-20261202014822-fee5d2050b05+dirty"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "fee5d2050b0503c0895dd6cba4ac6065442abd74"},
		{Key: "vcs.time", Value: "2026-12-02T01:48:22Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	want := "(commit fee5d2050b0503c0895dd6cba4ac6065442abd74 of 2026-12-02T01:48:22Z, with uncommitted changes)"
	if got := buildCommit(context.Background(), bi); got != want {
		t.Errorf("%s\nwant %s", got, want)
	}
}

func TestModuleRoot(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("// x\nmodule \"example.org/m\"\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dir, path, want string }{
		{sub, "example.org/m", root},
		{root, "example.org/m", root},
		{sub, "example.org/other", ""},
		{t.TempDir(), "example.org/m", ""},
	} {
		if got := moduleRoot(tc.dir, tc.path); got != tc.want {
			t.Errorf("moduleRoot(%s, %s) = %q, want %q", tc.dir, tc.path, got, tc.want)
		}
	}
}

// TestCheckoutCommit: unstamped (go run), the commit is read from the
// checkout, and an edit to a tracked file is reported.
func TestCheckoutCommit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.invalid"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE=2026-12-01T10:00:00Z", "GIT_AUTHOR_DATE=2026-12-01T10:00:00Z")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.org/m\n"), 0o644)
	git("add", "go.mod")
	git("commit", "-qm", "first")
	head := git("rev-parse", "HEAD")
	v, err := checkoutCommit(context.Background(), dir)
	if err != nil || v.Revision != head || v.Time != "2026-12-01T10:00:00Z" || v.Modified {
		t.Fatalf("clean checkout: %+v, %v", v, err)
	}
	os.WriteFile(filepath.Join(dir, "untracked"), []byte("x"), 0o644)
	if v, _ := checkoutCommit(context.Background(), dir); v.Modified {
		t.Error("an untracked file counted as a change")
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.org/m\n\ngo 1.26\n"), 0o644)
	if v, _ := checkoutCommit(context.Background(), dir); !v.Modified || !strings.HasSuffix(v.String(), ", with uncommitted changes") {
		t.Errorf("edited checkout: %+v", v)
	}
	if _, err := checkoutCommit(context.Background(), t.TempDir()); err == nil {
		t.Error("a directory outside any repository gave a commit")
	}
}
