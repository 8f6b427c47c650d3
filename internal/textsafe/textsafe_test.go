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
