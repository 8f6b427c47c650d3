package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const root = "../.."

// TestCitationMatchesDataPackage keeps CITATION.cff in step with the data
// package it cites: same version, same licence, and the fields CFF 1.2.0
// requires.
func TestCitationMatchesDataPackage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "CITATION.cff"))
	if err != nil {
		t.Fatal(err)
	}
	var cff struct {
		CFFVersion string `yaml:"cff-version"`
		Message    string
		Title      string
		Version    string
		License    []string
		Authors    []map[string]string
		References []struct {
			Type    string
			Title   string
			Authors []map[string]string
		}
	}
	if err := yaml.Unmarshal(b, &cff); err != nil {
		t.Fatalf("CITATION.cff: %v", err)
	}
	pb, err := os.ReadFile(filepath.Join(root, "datasets", DescriptorFile))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Version  string
		Licenses []struct{ Name string }
	}
	if err := json.Unmarshal(pb, &pkg); err != nil {
		t.Fatal(err)
	}
	if cff.CFFVersion != "1.2.0" {
		t.Errorf("cff-version %q, want 1.2.0", cff.CFFVersion)
	}
	if cff.Version != pkg.Version {
		t.Errorf("CITATION.cff version %q, datapackage.json version %q: update CITATION.cff with each release", cff.Version, pkg.Version)
	}
	var names []string
	for _, l := range pkg.Licenses {
		names = append(names, l.Name)
	}
	if !slices.Equal(cff.License, names) {
		t.Errorf("CITATION.cff license %q, datapackage.json licenses %q", cff.License, names)
	}
	if cff.Message == "" || cff.Title == "" || len(cff.Authors) == 0 {
		t.Errorf("CITATION.cff lacks message, title or authors (required by CFF 1.2.0)")
	}
	thesis := false
	for i, r := range cff.References {
		if r.Type == "" || r.Title == "" || len(r.Authors) == 0 {
			t.Errorf("reference %d lacks type, title or authors (required by CFF 1.2.0)", i+1)
		}
		thesis = thesis || r.Type == "thesis"
	}
	if !thesis {
		t.Error("CITATION.cff does not reference the chapter (a reference of type thesis)")
	}
}

// TestToolsMatchGoMod checks that the versions datapackage.json names are
// the ones go.mod pins.
func TestToolsMatchGoMod(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	pinned := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "require")))
		switch {
		case len(f) >= 2 && f[0] == "go":
			pinned["go"] = f[1]
		case len(f) >= 2 && strings.Contains(f[0], "."):
			pinned[f[0]] = f[1]
		}
	}
	for _, tool := range Tools {
		if got := pinned[tool.Name]; got != tool.Version {
			t.Errorf("Tools says %s %s, go.mod %q", tool.Name, tool.Version, got)
		}
	}
}

func TestDecodeUpstream(t *testing.T) {
	for _, tc := range []struct{ name, json, err string }{
		{"ok", `{"repository":"https://example.org/r","commit":"04c7d960db4648000e11fb78662e6281a38bdcfe","commit_date":"2024-01-19T15:19:40+01:00","read_on":"2026-11-24"}`, ""},
		{"short commit", `{"repository":"r","commit":"04c7d96","commit_date":"","read_on":"2026-11-24"}`, "field commit"},
		{"bad day", `{"repository":"r","commit":"04c7d960db4648000e11fb78662e6281a38bdcfe","read_on":"24/11/2026"}`, "field read_on"},
		{"no repository", `{"commit":"04c7d960db4648000e11fb78662e6281a38bdcfe","read_on":"2026-11-24"}`, "field repository"},
		{"unknown field", `{"repository":"r","commit":"04c7d960db4648000e11fb78662e6281a38bdcfe","read_on":"2026-11-24","x":1}`, "unknown field"},
		{"not json", `commit: abc`, "invalid character"},
		{"public", `{"repository":"r","commit":"04c7d960db4648000e11fb78662e6281a38bdcfe","read_on":"2026-11-24","public_repository":"https://github.com/ambanum/pariscall.international","public_commit":"fbdf676295ffc43bb803ef65f0f170ac78adb85e"}`, ""},
		{"short public commit", `{"repository":"r","commit":"04c7d960db4648000e11fb78662e6281a38bdcfe","read_on":"2026-11-24","public_repository":"p","public_commit":"fbdf676"}`, "field public_commit"},
		{"public commit without repository", `{"repository":"r","commit":"04c7d960db4648000e11fb78662e6281a38bdcfe","read_on":"2026-11-24","public_commit":"fbdf676295ffc43bb803ef65f0f170ac78adb85e"}`, "one without the other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeUpstream([]byte(tc.json), "snapshot/upstream.json")
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "snapshot/upstream.json: ")) {
				t.Errorf("err = %v, want %q", err, tc.err)
			}
		})
	}
}
