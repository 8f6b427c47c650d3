// Package labels holds the words the study shows people in each language:
// the language type, long dates and the names of supporter categories.
//
// Charts, the report and the notebooks take their labels from here, so a
// language is added in one place.
package labels

import (
	"fmt"

	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// Lang is the language of labels.
type Lang string

const (
	// ID is Indonesian, as the chapter prints its labels.
	ID Lang = "id"
	// EN is English.
	EN Lang = "en"
)

// Parse accepts "id" or "en".
func Parse(s string) (Lang, error) {
	switch Lang(s) {
	case ID, EN:
		return Lang(s), nil
	}
	return "", fmt.Errorf("unknown language %q (want id or en)", s)
}

// Pick returns the Indonesian or the English string.
func (l Lang) Pick(id, en string) string {
	if l == ID {
		return id
	}
	return en
}

var monthsID = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// LongDate writes a date in words: "18 Januari 2021", "18 January 2021".
func (l Lang) LongDate(d civil.Date) string {
	if l == ID {
		return fmt.Sprintf("%d %s %d", d.Day(), monthsID[d.Month()-1], d.Year())
	}
	return d.Time().Format("2 January 2006")
}

// Category names a supporter category (plural, as a legend or a column).
func (l Lang) Category(c string) string {
	names := map[string][2]string{
		vocab.State:           {"Negara", "States"},
		vocab.PublicAuthority: {"Otoritas publik", "Public authorities"},
		vocab.PrivateSector:   {"Sektor swasta", "Private sector"},
		vocab.CivilSociety:    {"Masyarakat sipil", "Civil society"},
		vocab.Undefined:       {"Tanpa kategori", "No category"},
	}
	if n, ok := names[c]; ok {
		return l.Pick(n[0], n[1])
	}
	return c
}
