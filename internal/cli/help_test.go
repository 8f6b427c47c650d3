package cli

import (
	"os"
	"strings"
	"testing"
)

// Every command and subcommand answers --help with its synopsis on standard
// output and status 0, and "help CMD" says the same.
func TestHelp(t *testing.T) {
	var cases [][]string
	for _, c := range commands {
		cases = append(cases, []string{c.name})
	}
	cases = append(cases, []string{"kernel", "install"}, []string{"kernel", "doctor"}, []string{"notebooks", "run"}, []string{"notebooks", "check"})
	for _, args := range cases {
		for _, h := range []string{"--help", "-h", "-help"} {
			code, out, errOut := run(t, append(append([]string{}, args...), h)...)
			if code != 0 || !strings.HasPrefix(out, "Usage: cybernorms "+args[0]+" ") || errOut != "" {
				t.Errorf("%v %s: exit %d, stdout %q, stderr %q", args, h, code, out, errOut)
			}
		}
		code, out, _ := run(t, append([]string{"help"}, args...)...)
		_, want, _ := run(t, append(append([]string{}, args...), "--help")...)
		if code != 0 || out != want {
			t.Errorf("help %v: exit %d, %q; want %q", args, code, out, want)
		}
	}
}

// The command list gives each command's first sentence whole.
func TestUsageSentences(t *testing.T) {
	_, out, _ := run(t, "help")
	for _, c := range commands {
		want := firstSentence(c.summary)
		if !strings.Contains(out, want) || !strings.HasSuffix(want, ".") {
			t.Errorf("%s: the list shows %q, want the whole first sentence %q", c.name, out, want)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "version", "--data", dataCopy(t))
	for _, want := range []string{"data package: paris-call-cybernorms ", "go:           go1.", "module:       github.com/cybernorms/cybernorms"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("version: exit %d, %q lacks %q", code, out, want)
		}
	}
}

// Outside a checkout, a command that reads the datasets says where to run it,
// not to build what is only elsewhere.
func TestOutsideCheckout(t *testing.T) {
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	if err := os.Chdir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"query", "reproduce", "validate", "build", "verify"} {
		code, _, errOut := run(t, cmd)
		if code != 1 || !strings.Contains(errOut, "run cybernorms inside a checkout of the repository") || strings.Contains(errOut, "run build") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s outside a checkout: exit %d, %q", cmd, code, errOut)
		}
	}
	if code, out, _ := run(t, "version"); code != 0 || !strings.Contains(out, "data package: none here") {
		t.Errorf("version outside a checkout: exit %d, %q", code, out)
	}
}
