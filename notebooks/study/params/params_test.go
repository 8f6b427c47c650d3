package params

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestCheck(t *testing.T) {
	// The history's span is the datasets' (their own tests check it against
	// the snapshot): a refresh moves its end.
	set, err := datasets.Load()
	if err != nil {
		t.Fatal(err)
	}
	span := set.Span.String()
	for _, tt := range []struct{ asOf, lang, want string }{
		{"2021-01-18", "id", ""},
		{set.Span.Last.String(), "en", ""},
		{"2030-01-01", "en", "parameter asOf: as-of date 2030-01-01 is after the supporter history ends: it covers " + span},
		{"2019-01-01", "en", "parameter asOf: as-of date 2019-01-01 is before the supporter history starts: it covers " + span},
		{"yesterday", "en", `parameter asOf: as-of date "yesterday" is not a date (YYYY-MM-DD)`},
		{"2021-01-18", "de", `parameter lang: unknown language "de"`},
	} {
		p, err := Check(tt.asOf, tt.lang)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Check(%q, %q): %v", tt.asOf, tt.lang, err)
		case tt.want == "" && (p.AsOf.String() != tt.asOf || string(p.Lang) != tt.lang):
			t.Errorf("Check(%q, %q) = %v, %v", tt.asOf, tt.lang, p.AsOf, p.Lang)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("Check(%q, %q) error = %v, want %q", tt.asOf, tt.lang, err, tt.want)
		}
	}
}

func TestOpenExitsOnABadParameter(t *testing.T) {
	code := -1
	exit = func(c int) { code = c; panic("exit") }
	defer func() { exit = nil; recover() }()
	defer func() {
		if code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
	}()
	Open("2030-01-01", "en")
}

func TestString(t *testing.T) {
	p := Open("2021-01-18", "en")
	want := "asOf 2021-01-18, lang en (datasets " + p.Set.Version + ", supporter history " + p.Set.Span.String() + ")"
	if got := p.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// The parameters cell is a notebook's first Go cell: its program must not
// link the charts, which would make GoNB link a program three times larger
// before the notebook shows anything.
func TestLinksNoFigures(t *testing.T) {
	testenv.Program(t, "go")
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		for _, heavy := range []string{"gonum.org/v1/plot", "github.com/cybernorms/cybernorms/charts", "github.com/cybernorms/cybernorms/exhibits", "github.com/go-gota/"} {
			if strings.HasPrefix(p, heavy) {
				t.Errorf("package params links %s", p)
			}
		}
	}
}

func Example() {
	p, err := Check("2021-01-18", "en")
	if err != nil {
		panic(err)
	}
	fmt.Println(p.AsOf, p.Lang)
	// Output: 2021-01-18 en
}
