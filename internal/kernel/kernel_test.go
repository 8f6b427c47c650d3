package kernel

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestModuleVersion(t *testing.T) {
	testenv.Program(t, "go")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if got := moduleVersion(self, "github.com/cybernorms/cybernorms/internal/kernel"); got != "github.com/cybernorms/cybernorms (devel)" {
		t.Errorf("moduleVersion of the test binary = %q", got)
	}
	if got := moduleVersion(self, "example.org/other"); got != "version unknown" {
		t.Errorf("moduleVersion for another module = %q", got)
	}
	if got := moduleVersion(filepath.Join(t.TempDir(), "none"), "x"); got != "version unknown" {
		t.Errorf("moduleVersion of a missing binary = %q", got)
	}
}

func TestNewSpec(t *testing.T) {
	s := NewSpec("/k", "/go/bin/go", "/usr/bin")
	if s.Env["GOFLAGS"] != "-ldflags=-w" || s.Env["PATH"] != "/k:/go/bin:/usr/bin" || s.Argv[0] != "/k/gonb" {
		t.Errorf("spec %+v", s)
	}
}
