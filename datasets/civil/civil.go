// Package civil holds the study's date type: a day of the proleptic Gregorian
// calendar with no time zone, as the supporter history and the chapter date
// things.
//
// Dates are parsed once, where they enter (a flag, a notebook parameter, a
// table cell), and compared and printed as values from then on.
package civil

import (
	"fmt"
	"time"
)

// Date is a day. The zero Date is "no date" (IsZero).
type Date struct {
	t time.Time // midnight UTC of the day
}

// Parse reads YYYY-MM-DD.
func Parse(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return Date{t}, nil
}

// MustParse is Parse for constants; it panics on a malformed date.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// ParseOptional reads YYYY-MM-DD, or "" as the zero Date.
func ParseOptional(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	return Parse(s)
}

// Of returns the day of t in t's location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is YYYY-MM-DD, or "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Time is midnight UTC of the day.
func (d Date) Time() time.Time { return d.t }

// Year, Month and Day of d.
func (d Date) Year() int          { return d.t.Year() }
func (d Date) Month() time.Month  { return d.t.Month() }
func (d Date) Day() int           { return d.t.Day() }
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return d.t.Compare(e.t) }

// Before and After compare days.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }
func (d Date) After(e Date) bool  { return d.t.After(e.t) }

// MarshalText and UnmarshalText make a Date a JSON string and a flag value.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseOptional(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Span is the closed interval of days a history covers.
type Span struct{ First, Last Date }

// String is "FIRST to LAST".
func (s Span) String() string { return s.First.String() + " to " + s.Last.String() }

// Contains reports whether d is within the span.
func (s Span) Contains(d Date) bool { return !d.Before(s.First) && !d.After(s.Last) }

// Check returns an error naming the span when d is outside it.
func (s Span) Check(d Date) error {
	switch {
	case d.Before(s.First):
		return fmt.Errorf("as-of date %s is before the supporter history starts: it covers %s", d, s)
	case d.After(s.Last):
		return fmt.Errorf("as-of date %s is after the supporter history ends: it covers %s", d, s)
	}
	return nil
}

// ParseIn parses an as-of date and checks it against the span, with one
// message for either fault.
func (s Span) ParseIn(v string) (Date, error) {
	d, err := Parse(v)
	if err != nil {
		return Date{}, fmt.Errorf("as-of date %s; the supporter history covers %s", err, s)
	}
	return d, s.Check(d)
}
