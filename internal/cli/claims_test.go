package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// TestClaimsFitTheWidth: at 80 columns (and down to 72) no line is wider
// than the width, and the counts are the wide table's, date by date; given
// the room, the wide table is printed as it was.
func TestClaimsFitTheWidth(t *testing.T) {
	data := testenv.Datasets(t)
	code, wide, stderr := run(t, "claims", "--data", data, "--width", "1000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := widest([]byte(wide)); n <= 80 {
		t.Fatalf("the wide table is %d columns: nothing to fit", n)
	}
	for _, width := range []string{"80", "72"} {
		code, out, stderr := run(t, "claims", "--data", data, "--width", width)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, l := range strings.Split(out, "\n") {
			if len([]rune(l)) > atoi(t, width) {
				t.Errorf("--width %s: %d columns: %q", width, len([]rune(l)), l)
			}
		}
		// Every row's numbers, date by date, are the wide table's.
		wideRows := rowsOf(wide, 2)
		if len(wideRows) == 0 {
			t.Fatalf("no rows in:\n%s", wide)
		}
		blocks := strings.Split(out, "\nOn ")
		if len(blocks) != 3 {
			t.Fatalf("--width %s: want a table per date:\n%s", width, out)
		}
		for d := 0; d < 2; d++ {
			narrow := rowsOf(blocks[d+1], 3)
			if len(narrow) != len(wideRows) {
				t.Fatalf("date %d: %d rows, wide table %d", d, len(narrow), len(wideRows))
			}
			for i, w := range wideRows {
				nv := len(w[2:]) / 2
				want := strings.Join(append(w[:2:2], w[2+d*nv:2+(d+1)*nv]...), " ")
				if got := strings.Join(narrow[i], " "); got != want {
					t.Errorf("--width %s, date %d, row %d: %q, want %q", width, d, i, got, want)
				}
			}
		}
	}
}

// rowsOf returns the fields of a table's rows: the lines after the first
// header lines that start with a kind ("all kinds" as one field).
func rowsOf(s string, _ int) [][]string {
	var out [][]string
	for _, l := range strings.Split(s, "\n") {
		f := strings.Fields(strings.Replace(l, "all kinds", "all-kinds", 1))
		if len(f) > 2 && !isNumber(f[0]) && isNumber(f[1]) {
			out = append(out, f)
		}
	}
	return out
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestOutputWidth(t *testing.T) {
	var b bytes.Buffer
	for _, tc := range []struct {
		columns string
		want    int
	}{{"", 80}, {"120", 120}, {" 100 ", 100}, {"wide", 80}, {"-3", 80}, {"0", 80}} {
		if got := outputWidth(&b, tc.columns); got != tc.want {
			t.Errorf("COLUMNS=%q: %d, want %d", tc.columns, got, tc.want)
		}
	}
	if code, _, stderr := run(t, "claims", "--width", "-1"); code != 2 || !strings.Contains(stderr, "--width -1") {
		t.Errorf("--width -1: exit %d, %s", code, stderr)
	}
}

func isNumber(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
