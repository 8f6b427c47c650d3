package textsafe

import (
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Université de Genève", "Université de Genève"},
		{"", ""},
		{"Evil\x1b[2J\x1b]0;pwned\x07", `Evil\x1b[2J\x1b]0;pwned\x07`},
		{"Name\n## 9.9.9 (2030-01-01)", `Name\n## 9.9.9 (2030-01-01)`},
		{"a\rb\tc", `a\rb\tc`},
		{"\u202eevil", `\u202eevil`},
		{"x\u2028y", `x\u2028y`},
		{"c1 \u009b31m", `c1 \x9b31m`},
		{"del\x7f", `del\x7f`},
		{"bad \xff utf8", `bad \xff utf8`},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzEscape(f *testing.F) {
	f.Add("Name\n## 1.0.0\x1b[31m\u202e")
	f.Fuzz(func(t *testing.T, s string) {
		e := Escape(s)
		if strings.ContainsFunc(e, unsafe) || strings.ContainsAny(e, "\n\r") {
			t.Fatalf("Escape(%q) = %q still has an unsafe character", s, e)
		}
	})
}

// A server's progress stream keeps its line breaks and carriage returns but
// cannot drive the terminal, even with a sequence split across writes.
func TestWriter(t *testing.T) {
	tests := []struct {
		writes []string
		want   string
	}{
		{[]string{"Counting objects: 50% (1/2)\rCounting objects: 100% (2/2), done.\n"}, "Counting objects: 50% (1/2)\rCounting objects: 100% (2/2), done.\n"},
		{[]string{"remote: \x1b[31mred\x1b[0m\n"}, `remote: \x1b[31mred\x1b[0m` + "\n"},
		{[]string{"\u202eevil\r\n"}, `\u202eevil` + "\r\n"},
		{[]string{"split \xe2\x80", "\xae here\n"}, `split \u202e here` + "\n"},
		{[]string{"c1 \xc2", "\x9b31m"}, `c1 \x9b31m`},
		{[]string{"Genève ", "ok\n"}, "Genève ok\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		w := NewWriter(&b)
		for _, s := range tt.writes {
			if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
				t.Errorf("Write(%q) = %d, %v", s, n, err)
			}
		}
		if b.String() != tt.want {
			t.Errorf("writes %q gave %q, want %q", tt.writes, b.String(), tt.want)
		}
	}
}
