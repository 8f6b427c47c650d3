package exhibits

import (
	"strings"
	"testing"
)

// A cell of upstream text can neither drive a terminal showing the file, nor
// start a line of its own (a forged Markdown heading), nor reorder what a
// reader sees, in any format but CSV, which keeps the value as data.
func TestTableEscapesCells(t *testing.T) {
	tab := Table{Name: "t", Caption: "States", Columns: []string{"name", "n"}, Align: []byte("lr"),
		Rows: [][]string{{"Evil\x1b[31m\n## forged\u202e|x", "1"}}}
	tests := []struct {
		format, want string
		got          string
	}{
		{"markdown", `| Evil\x1b[31m\n## forged\u202e\|x | 1 |`, string(tab.Markdown())},
		{"latex", `Evil\textbackslash{}x1b[31m\textbackslash{}n\#\# forged\textbackslash{}u202e|x & 1 \\`, string(tab.LaTeX())},
		{"html", `<td class="al">Evil\x1b[31m\n## forged\u202e|x</td>`, tab.HTML(nil)},
	}
	for _, tt := range tests {
		for _, raw := range []string{"\x1b", "\u202e", "\n## forged"} {
			if strings.Contains(tt.got, raw) {
				t.Errorf("%s holds %q raw:\n%s", tt.format, raw, tt.got)
			}
		}
		if !strings.Contains(tt.got, tt.want) {
			t.Errorf("%s has no %q:\n%s", tt.format, tt.want, tt.got)
		}
	}
	if csv := string(tab.CSV()); !strings.Contains(csv, "\"Evil\x1b[31m\n## forged\u202e|x\",1\n") {
		t.Errorf("CSV does not keep the value:\n%q", csv)
	}
}
