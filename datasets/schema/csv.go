package schema

import (
	"bytes"
	"encoding/csv"
	"io"
)

// csvScanner reads the records of a CSV file held in memory by the rules of
// encoding/csv's Reader as ReadCSV configured it (comma-separated, fields in
// double quotes with "" for a quote, strict quotes, no comments, records of
// any length), which the tests compare it with: a line's "\r\n" is read as
// "\n", a "\r" ending the input is dropped, empty lines are skipped. A field
// is a slice of one string of the whole file unless it must be unquoted, so
// that a table costs one allocation for its text rather than one per record.
type csvScanner struct {
	b    []byte
	s    string // b as a string, which fields are cut from
	off  int    // where the next line starts
	line int    // lines read, counted as csv.Reader counts them
	buf  []byte
}

func newCSVScanner(b []byte) *csvScanner { return &csvScanner{b: b, s: string(b)} }

// readLine reads the next line: its content, without "\n", "\r\n" or a "\r"
// ending the input, whether a newline ended it, and false at the end.
func (c *csvScanner) readLine() (start, end int, nl, ok bool) {
	c.line++ // csv.Reader counts the read that finds the end too
	if c.off >= len(c.b) {
		return 0, 0, false, false
	}
	start = c.off
	if i := bytes.IndexByte(c.b[start:], '\n'); i >= 0 {
		end, nl = start+i, true
		c.off = end + 1
	} else {
		end = len(c.b)
		c.off = end
	}
	if end > start && c.b[end-1] == '\r' {
		end--
	}
	return start, end, nl, true
}

// recordError is a record that does not read, on line Line.
type recordError struct {
	Line int
	Err  error
}

func (e *recordError) Error() string { return e.Err.Error() }

// next reads a record, with the line it starts on; io.EOF after the last.
// A field's hint is the number of fields expected.
func (c *csvScanner) next(hint int) ([]string, int, error) {
	var start, end int
	var nl, ok bool
	for {
		if start, end, nl, ok = c.readLine(); !ok {
			return nil, 0, io.EOF
		}
		if end > start {
			break
		}
	}
	recLine, posLine := c.line, c.line
	fields := make([]string, 0, hint)
	p := start
	for {
		if p >= end || c.b[p] != '"' {
			fe := end
			if i := bytes.IndexByte(c.b[p:end], ','); i >= 0 {
				fe = p + i
			}
			if bytes.IndexByte(c.b[p:fe], '"') >= 0 {
				return nil, recLine, &recordError{c.line, csv.ErrBareQuote}
			}
			fields = append(fields, c.s[p:fe])
			if fe < end {
				p = fe + 1
				continue
			}
			return fields, recLine, nil
		}
		// A quoted field: a slice of the file while it has no "" and no
		// line end, else unquoted into buf.
		p++
		from, plain := p, true
		for {
			if i := bytes.IndexByte(c.b[p:end], '"'); i >= 0 {
				q := p + i
				if !plain {
					c.buf = append(c.buf, c.b[p:q]...)
				}
				p = q + 1
				switch {
				case p < end && c.b[p] == '"':
					if plain {
						c.buf, plain = append(c.buf[:0], c.b[from:q]...), false
					}
					c.buf = append(c.buf, '"')
					p++
					continue
				case p < end && c.b[p] == ',':
					fields = append(fields, c.field(plain, from, q))
					p++
				case p >= end:
					return append(fields, c.field(plain, from, q)), recLine, nil
				default:
					return nil, recLine, &recordError{c.line, csv.ErrQuote}
				}
				break
			}
			if p >= end && !nl {
				// The input ends inside the quotes.
				return nil, recLine, &recordError{posLine, csv.ErrQuote}
			}
			if plain {
				c.buf, plain = append(c.buf[:0], c.b[from:end]...), false
			} else {
				c.buf = append(c.buf, c.b[p:end]...)
			}
			if nl {
				c.buf = append(c.buf, '\n')
			}
			if start, end, nl, ok = c.readLine(); !ok {
				return nil, recLine, &recordError{posLine, csv.ErrQuote}
			}
			if end > start || nl {
				posLine++
			}
			p = start
		}
	}
}

// field is a quoted field's value: the file's text from..to, or buf.
func (c *csvScanner) field(plain bool, from, to int) string {
	if plain {
		return c.s[from:to]
	}
	return string(c.buf)
}
