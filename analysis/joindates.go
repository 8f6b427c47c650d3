package analysis

import (
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
)

// How a join date is estimated.
const (
	JoinDateSigned  = "date-signed"      // the supporter's own date_signed
	JoinFirstSeen   = "first-seen"       // the first commit listing it: on or before
	JoinBeforeSign  = "first-seen-early" // listed before its date_signed: the listing is the earlier evidence
	JoinFirstRecord = "first-record"     // in the first record, date_signed a placeholder: on or before the record
)

// BulkBatch is the smallest batch of supporters first listed in one commit
// whose shared date_signed is read as a placeholder rather than as each
// one's date.
const BulkBatch = 100

// JoinDate is a supporter's best-estimate join date.
type JoinDate struct {
	ID          string
	DateSigned  civil.Date
	Placeholder bool // date_signed is a bulk value, not the supporter's own
	Date        civil.Date
	Method      string
	Censored    bool // the true date is earlier than Date, by an unknown time
}

// JoinDates estimates every supporter's join date. A date_signed is a
// placeholder when more than half of a batch of at least BulkBatch
// supporters first listed the same day carry that same value (566 of the
// 567 supporters of the site's first record give the launch day; the Call
// had far fewer supporters at its launch). Otherwise a date_signed no later
// than the first listing is the join date; without one, the first listing
// is an upper bound, and for the first record it is left-censored.
func JoinDates(ss []datasets.Supporter) []JoinDate {
	batch := map[civil.Date]int{}
	shared := map[[2]civil.Date]int{}
	for _, s := range ss {
		batch[s.FirstSeen]++
		if !s.DateSigned.IsZero() {
			shared[[2]civil.Date{s.FirstSeen, s.DateSigned}]++
		}
	}
	out := make([]JoinDate, 0, len(ss))
	for _, s := range ss {
		j := JoinDate{ID: s.ID, DateSigned: s.DateSigned}
		n := batch[s.FirstSeen]
		j.Placeholder = !s.DateSigned.IsZero() && n >= BulkBatch && 2*shared[[2]civil.Date{s.FirstSeen, s.DateSigned}] > n
		switch {
		case !s.DateSigned.IsZero() && !j.Placeholder && !s.DateSigned.After(s.FirstSeen):
			j.Date, j.Method = s.DateSigned, JoinDateSigned
		case !s.DateSigned.IsZero() && !j.Placeholder:
			j.Date, j.Method = s.FirstSeen, JoinBeforeSign
		case s.InFirstCommit:
			j.Date, j.Method, j.Censored = s.FirstSeen, JoinFirstRecord, true
		default:
			j.Date, j.Method = s.FirstSeen, JoinFirstSeen
		}
		out = append(out, j)
	}
	return out
}
