package exhibits

import (
	"reflect"
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

func TestTableWithout(t *testing.T) {
	tb := Table{Columns: []string{"id", "a", "b"}, Align: []byte{'l', 'r', 'l'}, Lang: []string{"zxx", "", "id"},
		Rows: [][]string{{"x-1", "1", "satu"}}, Classes: [][]string{{"", "holds", ""}}}
	got := tb.Without("id")
	if !reflect.DeepEqual(got.Columns, []string{"a", "b"}) || string(got.Align) != "rl" || !reflect.DeepEqual(got.Lang, []string{"", "id"}) ||
		!reflect.DeepEqual(got.Rows, [][]string{{"1", "satu"}}) || !reflect.DeepEqual(got.Classes, [][]string{{"holds", ""}}) {
		t.Errorf("%+v", got)
	}
	if len(tb.Columns) != 3 {
		t.Error("Without changed its table")
	}
}
