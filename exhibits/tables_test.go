package exhibits

import (
	"testing"

	"github.com/cybernorms/cybernorms/labels"
)

func TestPartialDate(t *testing.T) {
	for _, c := range []struct {
		l        labels.Lang
		iso, out string
	}{
		{labels.ID, "1943-08", "Agustus 1943"},
		{labels.FR, "1943-08", "août 1943"},
		{labels.EN, "2001-11-23", "23 November 2001"},
		{labels.FR, "2019-11-01", "1er novembre 2019"},
		{labels.EN, "1942", "1942"},
		{labels.EN, "1943-13", "1943-13"}, // not a month: shown as written
	} {
		if got := partialDate(c.l, c.iso); got != c.out {
			t.Errorf("%s %s: %q, want %q", c.l, c.iso, got, c.out)
		}
	}
}
