// Package textsafe makes text that comes from the upstream safe to print and
// to write into line-oriented files: control characters, line and paragraph
// separators and the bidirectional overrides are written as Go escapes, so a
// name can neither drive a terminal nor start a line of its own.
package textsafe

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every unsafe character written as an escape
// (\n, \x1b, \u202e); s is returned unchanged when it has none.
func Escape(s string) string {
	if !strings.ContainsFunc(s, unsafe) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unsafe(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

func unsafe(r rune) bool {
	switch {
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r == '\u2028' || r == '\u2029': // line and paragraph separators
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f', r == '\u061c':
		return true // bidirectional controls, which reorder what a reader sees
	}
	return false
}

// Writer escapes what passes through it as Escape does, but keeps line feeds
// and carriage returns: it is for a stream of progress lines a remote server
// sends, which redraw a line with "\r". A character split across two writes
// is held until it is whole.
type Writer struct {
	w       io.Writer
	pending []byte
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write escapes p and writes it; it reports p as written in full unless the
// underlying writer fails.
func (x *Writer) Write(p []byte) (int, error) {
	b := append(x.pending, p...)
	// Hold back a trailing, incomplete UTF-8 sequence for the next write.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	x.pending = append(x.pending[:0:0], b[cut:]...)
	var out strings.Builder
	for _, line := range strings.SplitAfter(string(b[:cut]), "\n") {
		body := strings.TrimRight(line, "\r\n")
		parts := strings.Split(body, "\r")
		for i, s := range parts {
			if i > 0 {
				out.WriteByte('\r')
			}
			out.WriteString(Escape(s))
		}
		out.WriteString(line[len(body):])
	}
	if _, err := io.WriteString(x.w, out.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}
