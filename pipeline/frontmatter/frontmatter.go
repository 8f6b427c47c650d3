package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MaxSize is the largest file Parse accepts. Real supporter files are a few
// hundred bytes; anything far larger is not a supporter file.
const MaxSize = 64 << 10

// Field is one key of the front matter with its value exactly as the YAML
// scalar reads (quotes removed, whitespace inside quotes kept).
type Field struct {
	Key   string
	Value string
	Line  int // 1-based line in the file
}

// Document is a parsed front matter block.
type Document struct {
	Fields []Field
	// Delimited is false for the earliest upstream files, which held bare YAML
	// without the "---" lines Jekyll expects.
	Delimited bool
}

// Get returns the value of key and whether the key is present.
func (d Document) Get(key string) (string, bool) {
	for _, f := range d.Fields {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// Error is a parse failure located by line and, where known, field.
type Error struct {
	Line  int
	Field string
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %s: ", e.Field)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Parse reads the front matter of content. A file that starts with a "---"
// line is read up to the next "---" or "..." line, as Jekyll does; a file
// without one is read whole as YAML, which is how the upstream's first commits
// stored supporters.
func Parse(content []byte) (Document, error) {
	if len(content) > MaxSize {
		return Document{}, &Error{Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit", len(content), MaxSize)}
	}
	if !utf8.Valid(content) {
		return Document{}, &Error{Line: invalidUTF8Line(content), Msg: "text is not valid UTF-8"}
	}
	if bytes.IndexByte(content, 0) >= 0 {
		return Document{}, &Error{Line: 1 + bytes.Count(content[:bytes.IndexByte(content, 0)], []byte("\n")), Msg: "text contains a NUL byte"}
	}
	body, offset, delimited, err := split(content)
	if err != nil {
		return Document{}, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(body, &root); err != nil {
		return Document{}, yamlError(err, offset)
	}
	doc := Document{Delimited: delimited}
	if root.Kind == 0 { // empty document
		return doc, &Error{Line: offset + 1, Msg: "front matter is empty"}
	}
	m := &root
	if m.Kind == yaml.DocumentNode && len(m.Content) == 1 {
		m = m.Content[0]
	}
	if err := refuseAnchors(m, offset); err != nil {
		return Document{}, err
	}
	if m.Kind != yaml.MappingNode {
		return Document{}, &Error{Line: m.Line + offset, Msg: "front matter is not a mapping of fields"}
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := k.Line + offset
		if k.Kind != yaml.ScalarNode {
			return Document{}, &Error{Line: line, Msg: "field name is not a plain string"}
		}
		if first, dup := seen[k.Value]; dup {
			return Document{}, &Error{Line: line, Field: k.Value, Msg: fmt.Sprintf("duplicate field (first on line %d)", first)}
		}
		seen[k.Value] = line
		if v.Kind != yaml.ScalarNode {
			return Document{}, &Error{Line: v.Line + offset, Field: k.Value, Msg: "value is not a single string"}
		}
		doc.Fields = append(doc.Fields, Field{Key: k.Value, Value: v.Value, Line: line})
	}
	return doc, nil
}

// split returns the YAML text, the number of lines before it, and whether it
// was delimited.
func split(content []byte) (body []byte, offset int, delimited bool, err error) {
	first, rest, found := bytes.Cut(content, []byte("\n"))
	if !isDelimiter(first, false) {
		return content, 0, false, nil
	}
	if !found {
		return nil, 0, true, &Error{Line: 1, Msg: `front matter opens with "---" but never closes`}
	}
	line := 1
	start := len(first) + 1
	pos := start
	for len(rest) > 0 {
		l, next, more := bytes.Cut(rest, []byte("\n"))
		line++
		if isDelimiter(l, true) {
			return content[start:pos], 1, true, nil
		}
		pos += len(l)
		if more {
			pos++
		}
		rest = next
	}
	return nil, 0, true, &Error{Line: 1, Msg: `front matter opens with "---" but never closes`}
}

func isDelimiter(line []byte, closing bool) bool {
	l := bytes.TrimRight(line, " \t\r")
	return string(l) == "---" || (closing && string(l) == "...")
}

func refuseAnchors(n *yaml.Node, offset int) error {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return &Error{Line: n.Line + offset, Msg: "YAML anchors and aliases are not allowed in front matter"}
	}
	for _, c := range n.Content {
		if err := refuseAnchors(c, offset); err != nil {
			return err
		}
	}
	return nil
}

// yamlError turns the YAML library's "yaml: line N: msg" into an Error with
// the file's own line number.
func yamlError(err error, offset int) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	// The library omits the line when the problem is on the first line.
	line := 1
	if strings.HasPrefix(msg, "line ") {
		var n int
		if _, scanErr := fmt.Sscanf(msg, "line %d:", &n); scanErr == nil {
			line = n
			if i := strings.Index(msg, ": "); i >= 0 {
				msg = msg[i+2:]
			}
			// Parser-stage errors ("did not find expected …") carry libyaml's
			// 0-based mark of the construct that is left open; scanner errors
			// are already 1-based.
			if strings.HasPrefix(msg, "did not find expected") {
				line++
			}
		}
	}
	return &Error{Line: line + offset, Msg: "malformed YAML: " + msg}
}

func invalidUTF8Line(b []byte) int {
	line := 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		b = b[size:]
	}
	return line
}
