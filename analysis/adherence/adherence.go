package adherence

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// Event is a row of adherence_events.
type Event struct {
	Instrument, Party, PartyKind, Country, Name string
	Kind                                        string // the event: signature, ratification, …
	DateISO, Bound                              string
	// Certain is the first day on which the event has certainly happened:
	// the last day of DateISO for bound "on", the date itself for "on or before".
	Certain civil.Date
}

// Statuses a party can have on a day, most advanced first.
const (
	Party     = "party"     // ratified, accepted or acceded to a treaty
	Signatory = "signatory" // signed a treaty, not (yet) a party
	Invited   = "invited"   // invited to accede, not (yet) a party
	Supporter = "supporter" // supports a declaration or belongs to a coalition
	Withdrawn = "withdrawn"
)

// LastDay returns the last day of the period a YYYY, YYYY-MM or YYYY-MM-DD
// date names.
func LastDay(iso string) (civil.Date, error) {
	for _, f := range []struct {
		layout string
		add    func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }},
	} {
		if len(iso) == len(f.layout) {
			t, err := time.Parse(f.layout, iso)
			if err != nil {
				return civil.Date{}, fmt.Errorf("%q is not a valid date", iso)
			}
			return civil.Of(f.add(t)), nil
		}
	}
	return civil.Date{}, fmt.Errorf("%q is not YYYY, YYYY-MM or YYYY-MM-DD", iso)
}

// Certain returns the first day an event of the given date and bound has
// certainly happened by.
func Certain(dateISO, bound string) (civil.Date, error) {
	if bound == "on or before" {
		if len(dateISO) != len("2006-01-02") {
			return civil.Date{}, fmt.Errorf("an upper bound must be a day, not %q", dateISO)
		}
		return civil.Parse(dateISO)
	}
	return LastDay(dateISO)
}

// Parse reads the adherence_events table.
func Parse(d schema.Data) ([]Event, error) {
	out := make([]Event, 0, len(d.Rows))
	for i, r := range d.Rows {
		get := func(f string) string { return d.Table.Get(r, f) }
		e := Event{Instrument: get("instrument"), Party: get("party"), PartyKind: get("party_kind"), Country: get("country"), Name: get("name"),
			Kind: get("event"), DateISO: get("date_iso"), Bound: get("bound")}
		var err error
		if e.Certain, err = Certain(e.DateISO, e.Bound); err != nil {
			return nil, &schema.Error{File: d.Table.CSV(), Line: i + 2, Field: "date_iso", Msg: err.Error()}
		}
		out = append(out, e)
	}
	return out, nil
}

// Standing is a party's status under an instrument on a day.
type Standing struct {
	Party, PartyKind, Country, Name string
	Status                          string
	Since                           string // date_iso of the event that gave the status
}

var rank = map[string]int{"withdrawal": 0, "ratification": 1, "accession": 1, "acceptance": 1, "entry-into-force": 1, "support": 2, "signature": 3, "invitation": 4}

// On returns where each party of instrument stands on day, from the events
// certainly past by then, sorted by party. A withdrawal ends every status;
// for a treaty, ratification, acceptance or accession makes a party,
// signature a signatory, invitation an invitee; support (and a coalition's
// signature) makes a supporter.
func On(events []Event, instrument, kind string, day civil.Date) []Standing {
	// The events that count, by party and in table order within a party:
	// a party's standing is then read from a run of its events, and the
	// standings come out sorted, in two allocations rather than a map
	// grown party by party (the interactive map and the co-membership
	// figure ask for hundreds of days).
	n := 0
	for i := range events {
		if events[i].Instrument == instrument && !events[i].Certain.After(day) {
			n++
		}
	}
	idx := make([]int32, 0, n)
	for i := range events {
		if events[i].Instrument == instrument && !events[i].Certain.After(day) {
			idx = append(idx, int32(i))
		}
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return strings.Compare(events[a].Party, events[b].Party) })
	parties := 0
	for k, i := range idx {
		if k == 0 || events[i].Party != events[idx[k-1]].Party {
			parties++
		}
	}
	out := make([]Standing, 0, parties)
	best := 0
	for k, i := range idx {
		e := &events[i]
		if k == 0 || e.Party != events[idx[k-1]].Party {
			out = append(out, Standing{Party: e.Party, PartyKind: e.PartyKind, Country: e.Country, Name: e.Name})
			best = 99
		}
		s := &out[len(out)-1]
		r := rank[e.Kind]
		if kind != "treaty" && e.Kind == "signature" {
			r = rank["support"] // a coalition's signatories are its members
		}
		if r > best || (r == best && s.Since <= e.DateISO) {
			continue
		}
		best = r
		s.Since = e.DateISO
		switch {
		case e.Kind == "withdrawal":
			s.Status = Withdrawn
		case kind != "treaty":
			s.Status = Supporter
		case r == 1:
			s.Status = Party
		case e.Kind == "signature":
			s.Status = Signatory
		case e.Kind == "invitation":
			s.Status = Invited
		default:
			s.Status = Supporter
		}
	}
	return out
}

// Count returns how many parties the panel counts under an official total's
// measure on day.
func Count(events []Event, instrument, kind, measure string, day civil.Date) (int, error) {
	return count(events, On(events, instrument, kind, day), instrument, kind, measure, day)
}

// count is Count given the standings On returns for the same day.
func count(events []Event, standings []Standing, instrument, kind, measure string, day civil.Date) (int, error) {
	signed := map[string]bool{}
	if measure == "signatories" {
		for _, e := range events {
			if e.Instrument == instrument && e.Kind == "signature" && !e.Certain.After(day) {
				signed[e.Party] = true
			}
		}
	}
	n := 0
	for _, s := range standings {
		var counts bool
		switch measure {
		case "parties":
			counts = s.Status == Party
		case "signatories":
			// Every state that signed, whether or not it has ratified since;
			// a coalition's or declaration's signatories are its supporters.
			counts = (signed[s.Party] || kind != "treaty") && s.Status != Withdrawn
		case "signatories-not-parties":
			counts = s.Status == Signatory
		case "invited":
			counts = s.Status == Invited
		case "members", "supporters":
			counts = s.Status == Supporter || s.Status == Party
		case "states":
			counts = s.PartyKind == "state" && (s.Status == Supporter || s.Status == Party)
		default:
			return 0, fmt.Errorf("unknown measure %q", measure)
		}
		if counts {
			n++
		}
	}
	return n, nil
}

// Joined says whether a standing counts as having joined: signed, ratified,
// accepted, acceded to or supported, and not withdrawn; an invitation alone
// does not.
func Joined(s Standing) bool {
	return s.Status == Party || s.Status == Signatory || s.Status == Supporter
}

// Combination is the set of instruments a group of states had joined on a
// day, and the states.
type Combination struct {
	Instruments []string // in the order given to CoMembership
	States      []string // ISO 3166-1 alpha-3, sorted
}

// CoMembership groups the states that had joined at least one of the
// instruments (id → kind, in order) by the exact combination they had joined
// on day, largest group first, then by combination.
func CoMembership(events []Event, instruments []string, kinds map[string]string, day civil.Date) []Combination {
	joined := map[string][]string{}
	for _, id := range instruments {
		for _, s := range On(events, id, kinds[id], day) {
			if s.PartyKind == "state" && Joined(s) {
				joined[s.Party] = append(joined[s.Party], id)
			}
		}
	}
	groups := map[string]*Combination{}
	var keys []string
	for state, ids := range joined {
		k := fmt.Sprint(ids)
		if groups[k] == nil {
			groups[k] = &Combination{Instruments: ids}
			keys = append(keys, k)
		}
		groups[k].States = append(groups[k].States, state)
	}
	out := make([]Combination, 0, len(keys))
	for _, k := range keys {
		sort.Strings(groups[k].States)
		out = append(out, *groups[k])
	}
	pos := map[string]int{}
	for i, id := range instruments {
		pos[id] = i
	}
	less := func(a, b []string) bool { // fewer instruments first, then by position
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		for i := range a {
			if a[i] != b[i] {
				return pos[a[i]] < pos[b[i]]
			}
		}
		return false
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].States) != len(out[j].States) {
			return len(out[i].States) > len(out[j].States)
		}
		return less(out[i].Instruments, out[j].Instruments)
	})
	return out
}
