package frontmatter

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      map[string]string
		delimited bool
	}{
		{
			name:      "current upstream form",
			in:        "---\nname: \"ABB\"\ncategory: private-sector\nnature: \"Entreprise\"\nnationality: SWE\n---\n",
			want:      map[string]string{"name": "ABB", "category": "private-sector", "nature": "Entreprise", "nationality": "SWE"},
			delimited: true,
		},
		{
			name: "first-commit bare YAML with trailing indent",
			in:   "name: ABB**\ncategory: private_sector\nnature:  Entreprise\nnationality: Suède\ndate_signed:\n    ",
			want: map[string]string{"name": "ABB**", "category": "private_sector", "nature": "Entreprise", "nationality": "Suède", "date_signed": ""},
		},
		{
			name:      "quoted trailing space kept, unquoted date kept as written",
			in:        "---\nnature: \"Fondation \"\ndate_signed: 2019-11-12\nname: x\n---\nbody\n",
			want:      map[string]string{"nature": "Fondation ", "date_signed": "2019-11-12", "name": "x"},
			delimited: true,
		},
		{
			name:      "stray text after the closing line is not front matter",
			in:        "---\nname: Northwave**\nnationality: \n---\n    -11-12'\n---\n    ",
			want:      map[string]string{"name": "Northwave**", "nationality": ""},
			delimited: true,
		},
		{
			name:      "dots close front matter, CRLF line ends",
			in:        "---\r\nname: a\r\n...\r\n",
			want:      map[string]string{"name": "a"},
			delimited: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if doc.Delimited != tt.delimited {
				t.Errorf("Delimited = %v, want %v", doc.Delimited, tt.delimited)
			}
			if len(doc.Fields) != len(tt.want) {
				t.Errorf("got %d fields %v, want %d", len(doc.Fields), doc.Fields, len(tt.want))
			}
			for k, v := range tt.want {
				if got, ok := doc.Get(k); !ok || got != v {
					t.Errorf("%s = %q (present %v), want %q", k, got, ok, v)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // the whole error line
	}{
		{"unterminated", "---\nname: a\n", `line 1: front matter opens with "---" but never closes`},
		{"unclosed flow on line 3", "---\nname: a\ncategory: [state\n---\n", "line 3: malformed YAML: did not find expected ',' or ']'"},
		{"unclosed flow noticed on line 3", "---\ncategory: [state\nname: a\n---\n", "line 3: malformed YAML: did not find expected ',' or ']'"},
		{"unclosed flow, bare file", "category: [state\nname: a\n", "line 2: malformed YAML: did not find expected ',' or ']'"},
		{"unclosed quote", "---\nname: a\nnature: \"x\n---\n", "line 3: malformed YAML: found unexpected end of stream"},
		{"tab indentation", "---\nname: a\n\tcategory: b\n---\n", "line 3: malformed YAML: found a tab character that violates indentation"},
		{"bad indentation", "---\nname: a\n  category: b\n---\n", "line 3: malformed YAML: mapping values are not allowed in this context"},
		{"duplicate key", "---\nname: a\nname: b\n---\n", "line 3: field name: duplicate field (first on line 2)"},
		{"list value", "---\nname: a\nnationality:\n  - FRA\n  - DEU\n---\n", "line 4: field nationality: value is not a single string"},
		{"not a mapping", "---\n- a\n- b\n---\n", "line 2: front matter is not a mapping of fields"},
		{"empty", "---\n---\n", "line 2: front matter is empty"},
		{"alias", "---\nname: &n x\ncategory: *n\n---\n", "line 2: YAML anchors and aliases are not allowed in front matter"},
		{"non-UTF-8", "---\nname: a\nnature: \xff\xfe\n---\n", "line 3: text is not valid UTF-8"},
		{"NUL", "---\nname: a\x00\n---\n", "line 2: text contains a NUL byte"},
		{"oversize", "---\nname: " + strings.Repeat("a", MaxSize) + "\n---\n", fmt.Sprintf("file is %d bytes, over the %d-byte limit", MaxSize+15, MaxSize)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse succeeded, want error %q", tt.want)
			}
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not *Error", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\n want  %q", err.Error(), tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err.Error())
			}
		})
	}
}

// An alias bomb must be refused quickly, never expanded.
func TestParseAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 30; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString("name: bomb\n---\n")
	_, err := Parse([]byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "anchors and aliases are not allowed") {
		t.Fatalf("alias bomb: err = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\nname: \"ABB\"\ncategory: private-sector\nnature: \"Entreprise\"\nnationality: SWE\n---\n",
		"name: ABB**\ncategory: private_sector\nnature:  Entreprise\nnationality: Suède\ndate_signed:\n    ",
		"---\nname: &a x\nb: *a\n---\n",
		"---\nname: [a\n---\n",
		"---\r\nname: a\r\n...\r\n",
		"---\n---\n",
		"\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		doc, err := Parse(in)
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not *Error: %v", err, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err.Error())
			}
			return
		}
		seen := map[string]bool{}
		for _, fl := range doc.Fields {
			if seen[fl.Key] {
				t.Fatalf("duplicate key %q accepted", fl.Key)
			}
			seen[fl.Key] = true
			if fl.Line < 1 || fl.Line > yamlLines(in) {
				t.Fatalf("field %q line %d outside the file", fl.Key, fl.Line)
			}
		}
	})
}

func ExampleParse() {
	doc, err := Parse([]byte("---\nname: \"Tuya Inc.\"\ncategory: private-sector\nnature: \"Entreprise\"\nnationality: CHN\n---\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	name, _ := doc.Get("name")
	nationality, _ := doc.Get("nationality")
	fmt.Println(name, nationality)
	_, err = Parse([]byte("---\nname: a\nname: b\n---\n"))
	fmt.Println(err)
	// Output:
	// Tuya Inc. CHN
	// line 3: field name: duplicate field (first on line 2)
}

// yamlLines counts lines as YAML does: CRLF, CR and LF each end one.
func yamlLines(b []byte) int {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return strings.Count(s, "\n") + strings.Count(s, "\r") + 1
}
