package refresh

import (
	"fmt"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// maxOffset is the widest UTC offset in use (UTC+14, Kiribati); git accepts
// any four digits, up to +9959.
const maxOffset = 14 * 60 * 60

// wedge is a repair Sanitize made to one change, as drift to report.
type wedge struct {
	change int
	Finding
}

// Sanitize repairs what in an upstream history would give a snapshot that
// cannot be read back or a release build rejects, so that one sloppy or
// hostile commit cannot wedge every later refresh; each repair is a drift
// finding:
//
//   - a commit time zone beyond ±14:00 (git allows +9959, RFC 3339 does not):
//     the date is recorded in UTC, the same instant;
//   - a commit dated before the one it follows on the first-parent line: it
//     takes that commit's date, so that nothing is removed before it is added;
//   - a supporter file whose name is empty: kept as published, and reported;
//     build names a supporter with no non-empty name by its file name.
func Sanitize(changes []snapshot.Change) ([]snapshot.Change, []wedge) {
	var out []wedge
	var last time.Time
	lastSeq := -1
	for i := range changes {
		c := &changes[i]
		if _, off := c.Date.Zone(); off > maxOffset || off < -maxOffset {
			out = append(out, wedge{i, Finding{Date: c.Date.UTC().Format(time.DateOnly), Path: c.Path,
				What: fmt.Sprintf("commit time zone %s is not a real one: date recorded in UTC", c.Date.Format("-0700"))}})
			c.Date = c.Date.UTC()
		}
		if c.Seq != lastSeq && !last.IsZero() && c.Date.Before(last) {
			out = append(out, wedge{i, Finding{Date: last.Format(time.DateOnly), Path: c.Path,
				What: fmt.Sprintf("commit dated %s, before the commit it follows (%s): given that commit's date", c.Date.Format(time.RFC3339), last.Format(time.RFC3339))}})
			c.Date = last
		} else if c.Seq == lastSeq && c.Date.Before(last) {
			c.Date = last // the rest of the same commit
		}
		if c.Seq != lastSeq {
			last, lastSeq = c.Date, c.Seq
		}
		if c.Problem == "" && c.Kind != snapshot.Removed && c.Has("name") && strings.TrimSpace(c.Fields["name"]) == "" {
			out = append(out, wedge{i, Finding{Date: c.Date.Format(time.DateOnly), Path: c.Path, Field: "name",
				What: "empty: the supporter is named by its file name unless another version names it"}})
		}
	}
	return changes, out
}
