package upstream

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseSource: whatever the location, an accepted one is a plain
// transport or a local directory, and nothing that could reach a git
// client's option or helper parsing is accepted.
func FuzzParseSource(f *testing.F) {
	for _, s := range []string{DefaultURL, "ext::sh -c touch% /tmp/x", "--upload-pack=touch x", "ssh://-oProxyCommand=sh/x",
		"git@github.com:a/b.git", "file:///tmp", ".", "https://example.org/x\n--upload-pack=x", "fd::3", "HTTPS://EXAMPLE.ORG/x",
		"ssh://git@github.com/a/b", "git://github.com/a/b", "Git://h/x", "https://-oProxyCommand=sh/x", "u@h:p"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseSource(spec)
		if err != nil {
			return
		}
		if strings.HasPrefix(spec, "-") || strings.ContainsFunc(spec, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Fatalf("accepted %q", spec)
		}
		switch {
		case s.URL != "" && s.Path != "":
			t.Fatalf("%q: both a URL and a path", spec)
		case s.URL != "":
			if m := schemeRE.FindStringSubmatch(s.URL); m != nil {
				switch strings.ToLower(m[1]) {
				case "https", "http":
				default:
					t.Fatalf("%q: transport %s accepted", spec, m[1])
				}
			} else {
				// scp-like user@host:path is ssh, whose reads cannot be bounded.
				t.Fatalf("%q: accepted as a URL without a scheme", spec)
			}
		case s.Path != "":
			if !filepath.IsAbs(s.Path) {
				t.Fatalf("%q: relative path %q", spec, s.Path)
			}
		default:
			t.Fatalf("%q: accepted as nothing", spec)
		}
	})
}

// FuzzSafeJoin: a name is one path element below its directory, or it is
// reported; a reported name never climbs out or reaches .git either.
func FuzzSafeJoin(f *testing.F) {
	for _, s := range []string{"a.md", "..", ".", "", "a/../../b", "/etc/passwd", ".git", ".GIT. ", "a\x00b", `a\b`, "%2F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		const dir = "_supporters"
		p, problem := safeJoin(dir, name)
		if !strings.HasPrefix(p, dir+"/") {
			t.Fatalf("safeJoin(%q) = %q, not below %s", name, p, dir)
		}
		rest := strings.TrimPrefix(p, dir+"/")
		if strings.ContainsAny(rest, "/\x00") {
			t.Fatalf("safeJoin(%q) = %q: more than one element", name, p)
		}
		if rest == "." || rest == ".." || rest == "" {
			t.Fatalf("safeJoin(%q) = %q", name, p)
		}
		if problem == "" && (rest != name || strings.EqualFold(strings.TrimRight(name, ". "), ".git") || strings.Contains(name, `\`)) {
			t.Fatalf("safeJoin(%q) = %q accepted", name, p)
		}
	})
}
