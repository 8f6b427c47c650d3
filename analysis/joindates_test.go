package analysis

import (
	"fmt"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
)

func TestJoinDates(t *testing.T) {
	first, launch := civil.MustParse("2019-09-16"), civil.MustParse("2018-11-12")
	var ss []datasets.Supporter
	// A first record of BulkBatch supporters, all but one with the launch day.
	for i := 0; i < BulkBatch; i++ {
		s := datasets.Supporter{ID: fmt.Sprintf("r%03d", i), FirstSeen: first, InFirstCommit: true, DateSigned: launch}
		if i == 0 {
			s.DateSigned = civil.Date{}
		}
		ss = append(ss, s)
	}
	later := civil.MustParse("2020-05-01")
	ss = append(ss,
		datasets.Supporter{ID: "own", FirstSeen: later, DateSigned: civil.MustParse("2020-04-20")},
		datasets.Supporter{ID: "early", FirstSeen: later, DateSigned: civil.MustParse("2020-05-03")},
		datasets.Supporter{ID: "none", FirstSeen: later},
	)
	got := map[string]JoinDate{}
	for _, j := range JoinDates(ss) {
		got[j.ID] = j
	}
	for id, want := range map[string]JoinDate{
		"r001":  {Placeholder: true, Date: first, Method: JoinFirstRecord, Censored: true},
		"r000":  {Date: first, Method: JoinFirstRecord, Censored: true},
		"own":   {Date: civil.MustParse("2020-04-20"), Method: JoinDateSigned},
		"early": {Date: later, Method: JoinBeforeSign},
		"none":  {Date: later, Method: JoinFirstSeen},
	} {
		g := got[id]
		if g.Placeholder != want.Placeholder || g.Date != want.Date || g.Method != want.Method || g.Censored != want.Censored {
			t.Errorf("%s = %+v, want %+v", id, g, want)
		}
	}
	// A small batch sharing a date keeps it: it may be a signing ceremony.
	small := []datasets.Supporter{{ID: "a", FirstSeen: later, DateSigned: launch}, {ID: "b", FirstSeen: later, DateSigned: launch}}
	for _, j := range JoinDates(small) {
		if j.Placeholder || j.Method != JoinDateSigned {
			t.Errorf("small batch: %+v", j)
		}
	}
}
