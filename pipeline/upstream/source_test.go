package upstream

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/vocab"
)

func TestParseSource(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in      string
		url     string
		path    string
		wantErr string
	}{
		{in: vocab.UpstreamURL, url: vocab.UpstreamURL},
		{in: "http://127.0.0.1:8080/x.git", url: "http://127.0.0.1:8080/x.git"},
		{in: "HTTPS://example.org/x", url: "HTTPS://example.org/x"},
		// go-git cannot bound these reads: refused, with what to do instead.
		{in: "ssh://git@github.com/ambanum/pariscall.international.git", wantErr: "cannot be bounded in time or size; use the repository's https URL, or clone it with git yourself and pass the local path"},
		{in: "SSH://git@github.com/a/b", wantErr: "cannot be bounded"},
		{in: "git://github.com/ambanum/pariscall.international.git", wantErr: "cannot be bounded"},
		{in: "git@github.com:ambanum/pariscall.international.git", wantErr: "cannot be bounded"},
		{in: "user.name@host-1.example:repo", wantErr: "cannot be bounded"},
		{in: "file://" + dir + "/", path: dir},
		{in: "file://" + dir, path: dir},
		{in: dir, path: dir},
		{in: "", wantErr: "empty repository location"},
		{in: "ext::sh -c touch% /tmp/pwned", wantErr: `transport`},
		{in: "ext::sh", wantErr: `remote-helper transports`},
		{in: "fd::17", wantErr: `remote-helper transports`},
		{in: "--upload-pack=touch /tmp/pwned", wantErr: "looks like a command-line option"},
		{in: "-oProxyCommand=evil", wantErr: "looks like a command-line option"},
		{in: "https://-oProxyCommand=evil/x", wantErr: "host looks like a command-line option"},
		{in: "ssh://-oProxyCommand=evil/x", wantErr: "cannot be bounded"},
		{in: "ftp://example.com/repo", wantErr: `transport "ftp" is not allowed`},
		{in: "https://github.com/a/b\nx", wantErr: "control characters"},
		{in: filepath.Join(dir, "missing"), wantErr: "no such repository"},
		{in: file, wantErr: "not a directory"},
	}
	for _, tt := range tests {
		s, err := ParseSource(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseSource(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSource(%q): %v", tt.in, err)
			continue
		}
		if s.URL != tt.url || s.Path != tt.path {
			t.Errorf("ParseSource(%q) = %+v, want URL %q path %q", tt.in, s, tt.url, tt.path)
		}
	}
}

func TestCacheName(t *testing.T) {
	a, b := CacheName(vocab.UpstreamURL), CacheName(vocab.UpstreamURL+".git")
	if a == b || !strings.HasPrefix(a, "pariscall.international-") || strings.ContainsAny(a, "/:") {
		t.Errorf("CacheName: %q, %q", a, b)
	}
}

// Clones left by killed runs, each marked as this program's, are removed,
// even from a cache whose path holds glob characters; other entries, an
// unmarked ".clone-…" of the user's among them, are kept.
func TestRemoveStale(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "cache [1]")
	for _, d := range []string{".clone-123", ".clone-456/objects", ".clone-mine", "kept.git"} {
		if err := os.MkdirAll(filepath.Join(cache, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []string{".clone-123", ".clone-456"} {
		if err := os.WriteFile(filepath.Join(cache, m+cloneOwner), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := removeStale(cache); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(cache)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != ".clone-mine kept.git" {
		t.Errorf("cache holds %v, want .clone-mine and kept.git", names)
	}
}
