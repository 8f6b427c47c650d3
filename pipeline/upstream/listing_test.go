package upstream

import (
	"strings"
	"testing"
)

// Every name a crafted tree can hold that could climb out of its directory,
// reach a repository's own files or hide a separator is reported, not read;
// names that merely resemble them are read.
func TestSafeJoin(t *testing.T) {
	const dir = "_supporters"
	tests := []struct {
		name, path string
		refused    bool
	}{
		{name: "a.md", path: dir + "/a.md"},
		{name: ".gitignore", path: dir + "/.gitignore"},
		{name: ".github", path: dir + "/.github"},
		{name: "git", path: dir + "/git"},
		{name: "..md", path: dir + "/..md"},
		{name: "", path: dir + `/""`, refused: true},
		{name: ".", path: dir + `/"."`, refused: true},
		{name: "..", path: dir + `/".."`, refused: true},
		{name: "/etc/passwd", path: dir + "/%2Fetc%2Fpasswd", refused: true},
		{name: "../../etc/passwd", path: dir + "/..%2F..%2Fetc%2Fpasswd", refused: true},
		{name: "a/b", path: dir + "/a%2Fb", refused: true},
		{name: `C:\x`, path: dir + "/C:%5Cx", refused: true},
		{name: "a\x00b", path: dir + "/a%00b", refused: true},
		{name: ".git", path: dir + "/.git", refused: true},
		// Case-insensitive file systems (macOS, Windows) open .git for these,
		// and Windows drops trailing dots and spaces.
		{name: ".GIT", path: dir + "/.GIT", refused: true},
		{name: ".Git", path: dir + "/.Git", refused: true},
		{name: ".git.", path: dir + "/.git.", refused: true},
		{name: ".git. ", path: dir + "/.git. ", refused: true},
	}
	for _, tt := range tests {
		p, problem := safeJoin(dir, tt.name)
		if p != tt.path {
			t.Errorf("safeJoin(%q) path = %q, want %q", tt.name, p, tt.path)
		}
		if refused := problem != ""; refused != tt.refused {
			t.Errorf("safeJoin(%q) problem = %q, want refused = %v", tt.name, problem, tt.refused)
		} else if refused && (!strings.HasPrefix(problem, "unsafe file name ") || !strings.HasSuffix(problem, ": not read")) {
			t.Errorf("safeJoin(%q) problem = %q, want \"unsafe file name …: not read\"", tt.name, problem)
		}
	}
}
