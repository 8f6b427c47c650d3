package claims

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// The standings a claim on the adherence panel can ask for.
const (
	// StandingSigned is a signature certainly past (whether or not a
	// ratification followed); for a coalition or declaration, membership.
	StandingSigned = "signed"
	// StandingParty is a ratification, acceptance, accession or entry into
	// force certainly past, not withdrawn.
	StandingParty = "party"
	// StandingJoined is any of signed, party or supporter, not withdrawn; an
	// invitation alone does not count.
	StandingJoined = "joined"
)

var standings = []string{StandingSigned, StandingParty, StandingJoined}

// panel is the adherence panel as the claims read it, decoded once.
type panel struct {
	events   []adherence.Event
	kinds    map[string]string // instrument -> kind
	coverage schema.Data
}

func (e *Evaluator) adherencePanel() (*panel, error) {
	if e.panel != nil {
		return e.panel, nil
	}
	inst, ok := e.set.Tables[schema.Instruments.Name]
	if !ok {
		return nil, fmt.Errorf("the adherence panel (%s) is not in the data set", schema.Instruments.Name)
	}
	events, err := adherence.Parse(e.set.Tables[schema.AdherenceEvents.Name])
	if err != nil {
		return nil, err
	}
	p := &panel{events: events, kinds: map[string]string{}, coverage: e.set.Tables[schema.InstrumentCoverage.Name]}
	for _, r := range inst.Rows {
		p.kinds[inst.Table.Get(r, "id")] = inst.Table.Get(r, "kind")
	}
	e.panel = p
	return p, nil
}

// stands says whether a party's standing on day under an instrument of kind
// is the one asked for; signed is the set of parties with a signature
// certainly past.
func stands(s adherence.Standing, kind, want string, signed map[string]bool) bool {
	if s.Status == adherence.Withdrawn {
		return false
	}
	switch want {
	case StandingParty:
		return s.Status == adherence.Party
	case StandingSigned:
		return kind != "treaty" && adherence.Joined(s) || signed[s.Party]
	}
	return adherence.Joined(s)
}

// standingOn returns, for each party, whether it stands as asked under any
// of the instruments on day.
func (p *panel) standingOn(instruments []string, want string, day civil.Date) map[string]bool {
	out := map[string]bool{}
	for _, inst := range instruments {
		signed := map[string]bool{}
		for _, ev := range p.events {
			if ev.Instrument == inst && ev.Kind == "signature" && !ev.Certain.After(day) {
				signed[ev.Party] = true
			}
		}
		for _, s := range adherence.On(p.events, inst, p.kinds[inst], day) {
			if stands(s, p.kinds[inst], want, signed) {
				out[s.Party] = true
			}
		}
	}
	return out
}

// totalDates are the days, in order, on which an official total of
// instrument was read.
func (p *panel) totalDates(instrument string) []string {
	cov := p.coverage
	var out []string
	for _, r := range cov.Rows {
		if a := cov.Table.Get(r, "as_of"); cov.Table.Get(r, "instrument") == instrument && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

// completeOn says whether the panel identifies every party the official
// totals of instrument read on asOf count, for a standing of want: none of
// the totals needed stated as a bound, none missing, none extra. For a
// treaty, a Party needs the count of Parties; a signature or any joining
// needs the signatories as well, since one who signed is now a Party or a
// signatory that is not one. For a declaration or coalition every total of
// the day must match.
func (p *panel) completeOn(instrument, asOf, want string) bool {
	cov := p.coverage
	ok := map[string]bool{}
	for _, r := range cov.Rows {
		if cov.Table.Get(r, "instrument") != instrument || cov.Table.Get(r, "as_of") != asOf {
			continue
		}
		ok[cov.Table.Get(r, "measure")] = cov.Table.Get(r, "qualifier") != "more than" &&
			cov.Table.Get(r, "missing") == "" && cov.Table.Get(r, "extra") == ""
	}
	if len(ok) == 0 {
		return false
	}
	if p.kinds[instrument] != "treaty" {
		for _, v := range ok {
			if !v {
				return false
			}
		}
		return true
	}
	if want == StandingParty {
		return ok["parties"]
	}
	return ok["parties"] && (ok["signatories-not-parties"] || ok["signatories"])
}

// absent says whether the panel shows that party did not stand as asked
// under instrument on day. A total the panel matches in full on day or
// later does: a party absent then was absent before, since a standing once
// taken lasts unless a withdrawal, which the panel records, ends it. A total
// matched in full before day does not: a party may have joined since, and
// the panel, a lower bound after its last complete total, would not show it.
func (p *panel) absent(instrument, party, want string, day civil.Date) bool {
	// A signature is shown absent by the party's not having joined at all:
	// the totals show every Party and every signatory, not every signature.
	then := want
	if want != StandingParty {
		then = StandingJoined
	}
	for _, a := range p.totalDates(instrument) {
		if a < day.String() || !p.completeOn(instrument, a, want) {
			continue
		}
		on, err := civil.Parse(a)
		if err != nil {
			continue
		}
		if !p.standingOn([]string{instrument}, then, on)[party] {
			return true
		}
	}
	return false
}

// exact says whether the panel's parties of instrument standing as want on
// day are all of them: only an official total of that very day, matched in
// full, says so.
func (p *panel) exact(instrument, want string, day civil.Date) bool {
	return p.completeOn(instrument, day.String(), want)
}

// adherenceValue measures a claim on the adherence panel on day. With a
// party it says "true" when the panel shows the party standing as asked
// under one of the instruments, "false" only when, for every instrument, an
// official total of that day or later that the panel matches in full does
// not show it either, and "" (cannot be checked) otherwise: a panel that is
// a lower bound cannot show that a party is missing. Without a party it
// counts the parties that stand as asked, of a kind (state, organisation)
// and, with among, that have also joined another instrument; unless an
// official total of the day matches the panel in full for every instrument
// the count is a lower bound, given only where it decides the claim.
func (e *Evaluator) adherenceValue(c Claim, day civil.Date) (string, error) {
	p, err := e.adherencePanel()
	if err != nil {
		return "", fmt.Errorf("claim %s: %w", c.ID, err)
	}
	insts := strings.Split(c.Params["instrument"], "|")
	want := c.Params["standing"]
	if want == "" {
		want = StandingJoined
	}
	in := p.standingOn(insts, want, day)
	if party := c.Params["party"]; party != "" {
		if in[party] {
			return "true", nil
		}
		for _, inst := range insts {
			if !p.absent(inst, party, want, day) {
				return "", nil
			}
		}
		return "false", nil
	}
	var among map[string]bool
	if a := c.Params["among"]; a != "" {
		among = p.standingOn(strings.Split(a, "|"), StandingJoined, day)
	}
	kinds := map[string]string{}
	for _, ev := range p.events {
		kinds[ev.Party] = ev.PartyKind
	}
	n := 0
	for party := range in {
		if k := c.Params["kind"]; k != "" && kinds[party] != k {
			continue
		}
		if among != nil && !among[party] {
			continue
		}
		n++
	}
	v := strconv.Itoa(n)
	for _, inst := range insts {
		if !p.exact(inst, want, day) {
			return lowerBound(c, n), nil
		}
	}
	if a := c.Params["among"]; a != "" {
		for _, inst := range strings.Split(a, "|") {
			if !p.exact(inst, StandingJoined, day) {
				return lowerBound(c, n), nil
			}
		}
	}
	return v, nil
}

// lowerBound is what a count of n on a panel that may miss parties says
// about claim c: a count that already passes a floor (>, >=) holds, one that
// already exceeds a ceiling (<, <=, =, ~) does not, whatever is missing;
// otherwise the parties missing could decide it, and it cannot be checked.
func lowerBound(c Claim, n int) string {
	v := strconv.Itoa(n)
	x, err := strconv.ParseFloat(c.Expected, 64)
	if err != nil {
		return ""
	}
	holds := verdict(c, v) == Holds
	switch c.Op {
	case ">", ">=":
		if holds {
			return v
		}
	case "<":
		if !holds {
			return v
		}
	case "<=", "=", "~":
		if !holds && float64(n) > x {
			return v
		}
	}
	return ""
}

// validateAdherence checks a panel claim's instruments and standing.
func (e *Evaluator) validateAdherence(c Claim) error {
	p, err := e.adherencePanel()
	if err != nil {
		return fmt.Errorf("field metric: claim %s: %w", c.ID, err)
	}
	for _, k := range []string{"instrument", "among"} {
		if c.Params[k] == "" {
			continue
		}
		for _, id := range strings.Split(c.Params[k], "|") {
			if _, ok := p.kinds[id]; !ok {
				return fmt.Errorf("field params: claim %s: unknown instrument %q in %s", c.ID, id, k)
			}
		}
	}
	if s := c.Params["standing"]; s != "" && !slices.Contains(standings, s) {
		return fmt.Errorf("field params: claim %s: unknown standing %q (want one of %s)", c.ID, s, strings.Join(standings, ", "))
	}
	if c.Params["party"] != "" && (c.Params["among"] != "" || c.Params["kind"] != "") {
		return fmt.Errorf("field params: claim %s: a claim about one party takes no among or kind", c.ID)
	}
	return nil
}
