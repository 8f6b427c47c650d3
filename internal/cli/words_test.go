package cli

import (
	"sort"
	"strings"
	"testing"
)

// Every catalogue of the command line's words holds the keys of the one help
// is written in, and no other.
func TestWordsComplete(t *testing.T) {
	for lang, m := range cliWords {
		for k := range cliWords[helpLang] {
			if _, ok := m[k]; !ok {
				t.Errorf("words/%s.json: no message %q", lang, k)
			}
		}
		for k := range m {
			if _, ok := cliWords[helpLang][k]; !ok {
				t.Errorf("words/%s.json: message %q is not in words/%s.json", lang, k, helpLang)
			}
		}
	}
}

// Every message of the catalogue is shown by some help, so that a summary or
// an option's description cannot be left behind in the code or the catalogue.
func TestWordsUsed(t *testing.T) {
	run(t, "help")
	for _, c := range commands {
		run(t, c.name, "--help")
	}
	for _, args := range [][]string{{"kernel", "install"}, {"kernel", "doctor"}, {"notebooks", "run"}, {"notebooks", "check"}} {
		run(t, append(args, "--help")...)
	}
	wordsMu.Lock()
	defer wordsMu.Unlock()
	var unused []string
	for k := range cliWords[helpLang] {
		if !wordsUsed[k] {
			unused = append(unused, k)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("messages no help shows: %s", strings.Join(unused, ", "))
	}
}

func TestMissingWordPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "no.such.message") {
			t.Errorf("recover() = %v", r)
		}
	}()
	say("no.such.message")
}

// A count of one takes the singular: "1 figure", "1 file".
func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 files"}, {1, "1 file"}, {2, "2 files"}} {
		if got := plural(c.n, "file"); got != c.want {
			t.Errorf("plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
