// Package testenv finds the inputs tests need outside the repository (the
// shared reference material, installed programs) and decides what happens when
// they are missing: a skip on a developer's machine, a failure under CI.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// RequireAll is the environment variable that turns every skip for a missing
// input into a failure. The CI script sets it.
const RequireAll = "CYBERNORMS_REQUIRE_ALL"

// Root returns the repository root (the directory holding go.mod).
func Root(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the repository root")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Missing skips the test, or fails it when RequireAll is set.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv(RequireAll) != "" {
		t.Fatalf("required by "+RequireAll+": "+format, args...)
	}
	t.Skipf("skipped: "+format, args...)
}

// RequireShared is the environment variable that makes a missing shared
// reference directory a failure. RequireAll does not: the reference material
// (the chapter's text, a copy of the upstream repository, the Natural Earth
// boundaries) is not in the repository, and a clone elsewhere lacks it. The
// CI entry point sets both.
const RequireShared = "CYBERNORMS_REQUIRE_SHARED"

// Shared returns the shared reference directory (CYBERNORMS_SHARED, or
// ../shared beside the repository), or skips the test (fails it under
// RequireShared) when there is none.
func Shared(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CYBERNORMS_SHARED")
	if dir == "" {
		dir = filepath.Join(Root(t), "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "upstream", "pariscall.international.git")); err != nil {
		const why = "shared reference material not found at %s (set CYBERNORMS_SHARED)"
		if os.Getenv(RequireShared) != "" {
			t.Fatalf("required by "+RequireShared+": "+why, dir)
		}
		t.Skipf("skipped: "+why, dir)
	}
	return dir
}

// Upstream returns the local copy of the supporter history repository.
func Upstream(t testing.TB) string {
	t.Helper()
	return filepath.Join(Shared(t), "upstream", "pariscall.international.git")
}

// Program returns the path of an installed program, or skips/fails.
func Program(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not installed", name)
	}
	return p
}

// Artifacts is where tests keep files for people to look at (screenshots):
// $CYBERNORMS_ARTIFACTS, or a temporary directory.
func Artifacts(t testing.TB) string {
	dir := os.Getenv("CYBERNORMS_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
