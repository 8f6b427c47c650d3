package build

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/countries"
)

func init() {
	// The panel's inputs are read with the others, appended so that the
	// list above stays as it is.
	curatedTables = append(curatedTables, schema.CuratedInstruments, schema.CuratedAdherenceEvents, schema.CuratedInstrumentTotals)
}

// The Paris Call and the two coalitions whose members the Call's 2019
// records name (their alliance field).
const (
	parisCall      = "paris-call"
	techAccord     = "tech-accord"
	charterOfTrust = "charter-of-trust"
)

var alliances = map[string]string{"Cyber Tech Accord": techAccord, "Charter of Trust": charterOfTrust}

// panelEvidence is the set of evidence rows (by claim_id) the panel's inputs
// cite: they record the status pages read, not sources of a chapter claim.
func (in *Inputs) panelEvidence() map[string]bool {
	ids := map[string]bool{}
	for _, t := range []*schema.Table{schema.CuratedAdherenceEvents, schema.CuratedInstrumentTotals} {
		for _, id := range in.Curated[t.Name].Col("evidence") {
			ids[id] = true
		}
	}
	return ids
}

// panelStates returns the states the transcribed events name, so that the
// countries table holds them; each must be a current ISO 3166-1 code whose
// printed name, where CLDR knows it, names the same country.
func (in *Inputs) panelStates(res *countries.Resolver) ([]string, error) {
	d := in.Curated[schema.CuratedAdherenceEvents.Name]
	file := File(in.Dir, schema.CuratedAdherenceEvents)
	var codes []string
	for i, r := range d.Rows {
		get := func(f string) string { return d.Table.Get(r, f) }
		if get("party_kind") != "state" {
			if alpha3Shape.MatchString(get("party")) {
				return nil, &schema.Error{File: file, Line: i + 2, Field: "party", Msg: fmt.Sprintf("%q looks like a country code but party_kind is %s", get("party"), get("party_kind"))}
			}
			continue
		}
		code := get("party")
		if _, ok := countries.Lookup(code); !ok {
			return nil, &schema.Error{File: file, Line: i + 2, Field: "party", Msg: fmt.Sprintf("%q is not a current ISO 3166-1 alpha-3 code", code)}
		}
		if got := res.Resolve(get("name_as_printed")); got.Alpha3 != "" && got.Alpha3 != code {
			return nil, &schema.Error{File: file, Line: i + 2, Field: "party", Msg: fmt.Sprintf("%s, but CLDR reads %q as %s", code, get("name_as_printed"), got.Alpha3)}
		}
		codes = append(codes, code)
	}
	return codes, nil
}

var alpha3Shape = regexp.MustCompile(`^[A-Z]{3}$`)

type pageRead struct{ claims.Evidence }

func (p pageRead) source() string { return p.Publisher + " <" + p.URL + ">" }

// panel derives instruments, adherence_events and instrument_coverage.
func (in *Inputs) panel(out *Output, set *datasets.Set) error {
	pages := map[string][]claims.Evidence{}
	cited := in.panelEvidence()
	for _, ev := range claims.ParseEvidence(in.Curated[schema.Evidence.Name]) {
		pages[ev.ClaimID] = append(pages[ev.ClaimID], ev)
		if strings.HasPrefix(ev.ClaimID, schema.StatusPrefix) && !cited[ev.ClaimID] {
			return &schema.Error{File: File(in.Dir, schema.Evidence), Line: ev.Line, Field: "claim_id",
				Msg: fmt.Sprintf("status page %s is cited by no row of %s or %s", ev.ClaimID, File(in.Dir, schema.CuratedAdherenceEvents), File(in.Dir, schema.CuratedInstrumentTotals))}
		}
	}
	ci := in.Curated[schema.CuratedInstruments.Name]
	kinds := map[string]string{}
	for i, r := range ci.Rows {
		if _, _, err := parsePartialDate(ci.Table.Get(r, "opened")); err != nil {
			return &schema.Error{File: File(in.Dir, schema.CuratedInstruments), Line: i + 2, Field: "opened", Msg: err.Error()}
		}
		kinds[ci.Table.Get(r, "id")] = ci.Table.Get(r, "kind")
	}
	for _, id := range []string{parisCall, techAccord, charterOfTrust} {
		if kinds[id] == "" {
			return fmt.Errorf("%s: no instrument %s, whose events build derives", File(in.Dir, schema.CuratedInstruments), id)
		}
	}

	events := schema.Data{Table: schema.AdherenceEvents}
	add := func(v schema.Values) error { return events.Append(v) }
	// An organisation that is also a Paris Call supporter takes the
	// nationality the Call publishes for it.
	nationality := map[string]string{}
	sup := out.Tables[schema.Supporters.Name]
	for _, r := range sup.Rows {
		nationality[sup.Table.Get(r, "supporter_id")] = sup.Table.Get(r, "country")
	}
	ce := in.Curated[schema.CuratedAdherenceEvents.Name]
	file := File(in.Dir, schema.CuratedAdherenceEvents)
	for i, r := range ce.Rows {
		get := func(f string) string { return ce.Table.Get(r, f) }
		fail := func(field, msg string) error { return &schema.Error{File: file, Line: i + 2, Field: field, Msg: msg} }
		if kinds[get("instrument")] == "" {
			return fail("instrument", fmt.Sprintf("no instrument %q in %s", get("instrument"), File(in.Dir, schema.CuratedInstruments)))
		}
		ps := pages[get("evidence")]
		if len(ps) != 1 {
			return fail("evidence", fmt.Sprintf("%d rows of %s have claim_id %q; a page read has exactly one", len(ps), File(in.Dir, schema.Evidence), get("evidence")))
		}
		first, precision, err := parsePartialDate(get("date"))
		if err != nil {
			return fail("date", err.Error())
		}
		if get("bound") == "on or before" && precision != "day" {
			return fail("bound", fmt.Sprintf("an upper bound must be a day, not %q", get("date")))
		}
		country := nationality[get("party")]
		if get("party_kind") == "state" {
			country = get("party")
		}
		if err := add(schema.Values{
			"instrument": get("instrument"), "party": get("party"), "party_kind": get("party_kind"), "country": country, "name": get("name_as_printed"),
			"event": get("event"), "date": first.String(), "date_iso": get("date"), "precision": precision, "bound": get("bound"),
			"source_type": ps[0].SourceType, "evidence": get("evidence"), "source": pageRead{ps[0]}.source(), "note": get("note"),
		}); err != nil {
			return fail("", err.Error())
		}
	}
	if err := derivedEvents(out, add); err != nil {
		return err
	}
	sortEvents(events)
	parsed, err := adherence.Parse(events)
	if err != nil {
		return err
	}

	coverage, err := in.coverage(parsed, kinds, pages, set)
	if err != nil {
		return err
	}
	instruments, err := instrumentsTable(ci, events, coverage, parsed, kinds)
	if err != nil {
		return err
	}
	out.Tables[schema.Instruments.Name], out.Tables[schema.AdherenceEvents.Name], out.Tables[schema.InstrumentCoverage.Name] = instruments, events, coverage
	out.Tables[schema.CoMembership.Name], err = coMembership(ci, parsed, kinds, set)
	return err
}

// coMembership is the co_membership table: on the chapter's access date, the
// history's last day and the day of the panel's latest event.
func coMembership(ci schema.Data, events []adherence.Event, kinds map[string]string, set *datasets.Set) (schema.Data, error) {
	d := schema.Data{Table: schema.CoMembership}
	var ids []string
	for _, id := range ci.Col("id") {
		if kinds[id] != "industry coalition" {
			ids = append(ids, id)
		}
	}
	latest := set.Span.Last
	for _, e := range events {
		if e.Certain.After(latest) {
			latest = e.Certain
		}
	}
	days := []civil.Date{datasets.ChapterAccessDate, set.Span.Last}
	if latest.After(set.Span.Last) {
		days = append(days, latest)
	}
	for _, day := range days {
		note := ""
		if day.After(set.Span.Last) {
			note = "The Paris Call's supporters as on " + set.Span.Last.String() + ", the last day of its supporter history: the panel has no later record of the Call."
		}
		for _, c := range adherence.CoMembership(events, ids, kinds, day) {
			if err := d.Append(schema.Values{"as_of": day.String(), "combination": strings.Join(c.Instruments, " + "), "instruments": strconv.Itoa(len(c.Instruments)),
				"states": strconv.Itoa(len(c.States)), "parties": strings.Join(c.States, " "), "note": note}); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

// derivedEvents adds the Paris Call's supporters (support on the join date,
// withdrawal on removal from the list) and the coalition members the Call's
// 2019 records name.
func derivedEvents(out *Output, add func(schema.Values) error) error {
	sup, jd := out.Tables[schema.Supporters.Name], out.Tables[schema.JoinDates.Name]
	joins := map[string][]string{}
	for _, r := range jd.Rows {
		joins[jd.Table.Get(r, "supporter_id")] = r
	}
	for _, r := range sup.Rows {
		get := func(f string) string { return sup.Table.Get(r, f) }
		id := get("supporter_id")
		j := joins[id]
		method := jd.Table.Get(j, "join_method")
		party, kind := id, "organisation"
		if get("category") == vocab.State && get("country") != "" {
			// Two state files of one country would break the table's
			// primary key, which Derive checks.
			party, kind = get("country"), "state"
		}
		bound, how := "on or before", "first listed on the Call's site ("+method+" in join_dates)"
		if method == "date-signed" {
			bound, how = "on", "its own date_signed"
		}
		src := "Paris Call supporter history: supporters " + id
		join := jd.Table.Get(j, "join_date")
		if err := add(schema.Values{"instrument": parisCall, "party": party, "party_kind": kind, "country": get("country"), "name": get("name"),
			"event": "support", "date": join, "date_iso": join, "precision": "day", "bound": bound, "source_type": "primary", "evidence": "", "source": src,
			"note": "Join date: " + how + "."}); err != nil {
			return err
		}
		if rm := get("removed_on"); rm != "" {
			if err := add(schema.Values{"instrument": parisCall, "party": party, "party_kind": kind, "country": get("country"), "name": get("name"),
				"event": "withdrawal", "date": rm, "date_iso": rm, "precision": "day", "bound": "on", "source_type": "primary", "evidence": "", "source": src,
				"note": "Removed from the list; the record does not say why."}); err != nil {
				return err
			}
		}
		for _, a := range strings.Split(get("alliance"), ",") {
			inst, ok := alliances[strings.TrimSpace(a)]
			if !ok {
				continue
			}
			first := get("first_seen")
			if err := add(schema.Values{"instrument": inst, "party": id, "party_kind": "organisation", "country": get("country"), "name": get("name"),
				"event": "support", "date": first, "date_iso": first, "precision": "day", "bound": "on or before", "source_type": "primary", "evidence": "", "source": src + " (alliance field)",
				"note": "The Call's record says the supporter came through this coalition; it was a member by the record's first listing."}); err != nil {
				return fmt.Errorf("supporters %s: %w", id, err)
			}
		}
	}
	return nil
}

func sortEvents(d schema.Data) {
	ix := func(f string) int { return d.Table.Index(f) }
	i, p, dt, e := ix("instrument"), ix("party"), ix("date_iso"), ix("event")
	sort.SliceStable(d.Rows, func(a, b int) bool {
		ra, rb := d.Rows[a], d.Rows[b]
		for _, k := range []int{i, p, dt, e} {
			if ra[k] != rb[k] {
				return ra[k] < rb[k]
			}
		}
		return false
	})
}

// coverage reconciles every official total with the panel, and the Paris
// Call's list with the events derived from it.
func (in *Inputs) coverage(events []adherence.Event, kinds map[string]string, pages map[string][]claims.Evidence, set *datasets.Set) (schema.Data, error) {
	d := schema.Data{Table: schema.InstrumentCoverage}
	ct := in.Curated[schema.CuratedInstrumentTotals.Name]
	file := File(in.Dir, schema.CuratedInstrumentTotals)
	for i, r := range ct.Rows {
		get := func(f string) string { return ct.Table.Get(r, f) }
		fail := func(field, msg string) error { return &schema.Error{File: file, Line: i + 2, Field: field, Msg: msg} }
		inst := get("instrument")
		if kinds[inst] == "" {
			return d, fail("instrument", fmt.Sprintf("no instrument %q", inst))
		}
		var page *claims.Evidence
		for _, p := range pages[get("evidence")] {
			if p.URL == get("evidence_url") {
				page = &p
			}
		}
		if page == nil {
			return d, fail("evidence", fmt.Sprintf("no row of %s with claim_id %q and url %s", File(in.Dir, schema.Evidence), get("evidence"), get("evidence_url")))
		}
		asOf, err := adherence.LastDay(get("date"))
		if err != nil {
			return d, fail("date", err.Error())
		}
		total, _ := strconv.Atoi(get("value"))
		n, err := adherence.Count(events, inst, kinds[inst], get("measure"), asOf)
		if err != nil {
			return d, fail("measure", err.Error())
		}
		if err := appendCoverage(&d, inst, get("date"), asOf, get("measure"), total, get("qualifier"), n, page.SourceType, pageRead{*page}.source(), get("note")); err != nil {
			return d, fail("", err.Error())
		}
	}
	// The Paris Call's own list, counted, against the panel derived from it.
	// On the history's first day, the chapter's access date and the last
	// day: each once, and only within the history.
	var days []civil.Date
	for _, day := range []civil.Date{set.Span.First, datasets.ChapterAccessDate, set.Span.Last} {
		if set.Span.Contains(day) && (len(days) == 0 || days[len(days)-1].Before(day)) {
			days = append(days, day)
		}
	}
	for _, day := range days {
		t := analysis.CountOnWith(set, day, "", analysis.Latest)
		for _, m := range []struct {
			measure string
			total   int
		}{{"states", t.ByCategory[vocab.State]}, {"supporters", t.Total}} {
			n, err := adherence.Count(events, parisCall, kinds[parisCall], m.measure, day)
			if err != nil {
				return d, err
			}
			note := "The Call's list on the day, counted (latest classification), against the supporters whose join date is certainly past; a supporter whose own date_signed precedes its first listing counts before it is listed."
			if err := appendCoverage(&d, parisCall, day.String(), day, m.measure, m.total, "list", n, "primary", "Paris Call supporter history <"+vocab.UpstreamURL+">", note); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

func appendCoverage(d *schema.Data, inst, dateISO string, asOf civil.Date, measure string, total int, qualifier string, n int, sourceType, source, note string) error {
	missing, extra := "", ""
	var say string
	switch {
	case qualifier == "more than":
		say = fmt.Sprintf("The panel identifies %d; the source gives only a lower bound (more than %d), so how many are missing is not known.", n, total)
	case n < total:
		missing = strconv.Itoa(total - n)
		verb := "are"
		if total-n == 1 {
			verb = "is"
		}
		say = fmt.Sprintf("The panel identifies %d of %d; %d %s not identified (see instruments.note for the pages that could not be read in full).", n, total, total-n, verb)
	case n > total:
		extra = strconv.Itoa(n - total)
		say = fmt.Sprintf("The panel identifies %d, %d more than the %d stated.", n, n-total, total)
	default:
		say = fmt.Sprintf("The panel identifies all %d.", total)
	}
	if note != "" {
		say += " " + note
	}
	return d.Append(schema.Values{"instrument": inst, "date_iso": dateISO, "as_of": asOf.String(), "measure": measure, "official_total": strconv.Itoa(total),
		"qualifier": qualifier, "identified": strconv.Itoa(n), "missing": missing, "extra": extra, "source_type": sourceType, "source": source, "note": say})
}

// preferred is the order in which an instrument's latest totals are shown.
var preferred = []string{"parties", "signatories", "members", "supporters"}

func instrumentsTable(ci, events, coverage schema.Data, parsed []adherence.Event, kinds map[string]string) (schema.Data, error) {
	d := schema.Data{Table: schema.Instruments}
	type stats struct{ events, good int }
	st := map[string]*stats{}
	parties := map[string]map[string]bool{}
	for _, r := range events.Rows {
		inst := events.Table.Get(r, "instrument")
		if st[inst] == nil {
			st[inst], parties[inst] = &stats{}, map[string]bool{}
		}
		st[inst].events++
		if t := events.Table.Get(r, "source_type"); t == "official" || t == "primary" {
			st[inst].good++
		}
		parties[inst][events.Table.Get(r, "party")] = true
	}
	for _, r := range ci.Rows {
		get := func(f string) string { return ci.Table.Get(r, f) }
		id := get("id")
		opened, _, _ := parsePartialDate(get("opened"))
		v := schema.Values{"id": id, "name_en": get("name_en"), "name_fr": get("name_fr"), "name_id": get("name_id"), "kind": get("kind"),
			"opened": opened.String(), "opened_iso": get("opened"), "status_url": get("status_url"), "status_publisher": get("status_publisher"),
			"official_total": "", "official_measure": "", "official_qualifier": "", "official_date_iso": "", "official_source": "",
			"identified": strconv.Itoa(len(parties[id])), "parties": strconv.Itoa(len(parties[id])), "events": "0", "events_official_or_primary": "0", "note": get("note")}
		if s := st[id]; s != nil {
			v["events"], v["events_official_or_primary"] = strconv.Itoa(s.events), strconv.Itoa(s.good)
		}
		if row := latestTotal(coverage, id); row != nil {
			g := func(f string) string { return coverage.Table.Get(row, f) }
			v["official_total"], v["official_measure"], v["official_qualifier"], v["official_date_iso"], v["official_source"], v["identified"] =
				g("official_total"), g("measure"), g("qualifier"), g("date_iso"), g("source"), g("identified")
		}
		if err := d.Append(v); err != nil {
			return d, fmt.Errorf("instruments %s: %w", id, err)
		}
	}
	return d, nil
}

// latestTotal is an instrument's coverage row of the latest date, of the
// first measure in preferred order with a non-zero total.
func latestTotal(cov schema.Data, id string) []string {
	var best []string
	bestRank := 0
	for _, r := range cov.Rows {
		g := func(f string) string { return cov.Table.Get(r, f) }
		if g("instrument") != id {
			continue
		}
		rank := len(preferred)
		for i, m := range preferred {
			if m == g("measure") {
				rank = i
			}
		}
		if rank == len(preferred) || g("official_total") == "0" {
			continue
		}
		if best == nil || g("as_of") > cov.Table.Get(best, "as_of") || (g("as_of") == cov.Table.Get(best, "as_of") && rank < bestRank) {
			best, bestRank = r, rank
		}
	}
	return best
}
