package claims

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// Interval is a run of days [From, To] (To inclusive) of the history.
type Interval struct{ From, To civil.Date }

func (i Interval) String() string {
	if i.From == i.To {
		return i.From.String()
	}
	return i.From.String() + ".." + i.To.String()
}

// Ledger is a data claim's record over the whole supporter history: the
// days it holds, how far it is on a date from changing its verdict, and the
// supporters whose arrival, departure or reclassification changed it.
type Ledger struct {
	Claim    Claim
	Holds    []Interval
	DaysHeld int
	Days     int
	// Margin is the fewest supporters that, listed or removed on the date,
	// would change the claim's verdict (0 when not defined).
	Margin   int
	Deciding []string // ids, in order of the dates they decided it
}

// changeDays are the days on which anything a data claim measures can
// change: supporters listed, removed or reclassified.
func changeDays(set *datasets.Set) []civil.Date {
	seen := map[civil.Date]bool{set.Span.First: true}
	for _, s := range set.Supporters() {
		seen[s.FirstSeen] = true
		if !s.RemovedOn.IsZero() {
			seen[s.RemovedOn] = true
		}
	}
	for _, p := range set.Published() {
		seen[p.ValidFrom] = true
		if !p.ValidTo.IsZero() {
			seen[p.ValidTo] = true
		}
	}
	var out []civil.Date
	for d := range seen {
		if !d.Before(set.Span.First) && !d.After(set.Span.Last) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b civil.Date) int { return a.Compare(b) })
	return out
}

// Ledgers computes the ledger of every claim checked against the supporter
// history, with its margin on date.
//
// The cost is linear in claims and in days: the published history is swept
// once into the changes of each day, and a claim's count is carried from day
// to day by those changes rather than measured again over every supporter.
func (e *Evaluator) Ledgers(cs []Claim, date civil.Date) ([]Ledger, error) {
	days := changeDays(e.set)
	movers := map[civil.Date][]string{}
	for _, s := range e.supporters {
		movers[s.FirstSeen] = append(movers[s.FirstSeen], s.ID)
		if !s.RemovedOn.IsZero() {
			movers[s.RemovedOn] = append(movers[s.RemovedOn], s.ID)
		}
	}
	for _, p := range e.set.Published() {
		movers[p.ValidFrom] = append(movers[p.ValidFrom], p.SupporterID)
	}
	var sw *sweep
	var out []Ledger
	for _, c := range cs {
		if c.Kind != vocab.KindData {
			continue
		}
		var l Ledger
		var err error
		if incremental(c) {
			if sw == nil {
				sw = e.newSweep(days)
			}
			l, err = e.ledgerSwept(c, sw, movers)
		} else {
			l, err = e.ledgerByDay(c, days, movers)
		}
		if err != nil {
			return nil, err
		}
		if err := e.finish(&l, date); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// finish adds what a ledger says about date: its margin, and who decides a
// presence claim that never changed.
func (e *Evaluator) finish(l *Ledger, date civil.Date) error {
	c := l.Claim
	for _, iv := range l.Holds {
		l.DaysHeld += daysBetween(iv.From, iv.To) + 1
	}
	if len(l.Deciding) == 0 && (c.Metric == vocab.MetricCountryPresent || c.Metric == vocab.MetricSupporterPresent) {
		// A presence claim that never changed is decided by who is present.
		for _, s := range e.filtered(c, date) {
			l.Deciding = append(l.Deciding, s.ID)
		}
	}
	m, err := e.margin(c, date)
	if err != nil {
		return err
	}
	l.Margin = m
	return nil
}

// ledgerByDay measures the claim afresh on every day: the reference the
// sweep is tested against, and the way for metrics the sweep does not carry.
func (e *Evaluator) ledgerByDay(c Claim, days []civil.Date, movers map[civil.Date][]string) (Ledger, error) {
	l := Ledger{Claim: c, Days: daysBetween(e.set.Span.First, e.set.Span.Last) + 1}
	holding := false
	var start civil.Date
	var prev map[string]bool
	for i, d := range days {
		v, err := e.Measure(c, d)
		if err != nil {
			return l, err
		}
		h := Verdict(c, v) == Holds
		if i > 0 && h != holding {
			if holding {
				l.Holds = append(l.Holds, Interval{start, d.AddDays(-1)})
			}
			l.Deciding = append(l.Deciding, e.deciders(c, d, movers[d], prev)...)
		}
		if h && (i == 0 || !holding) {
			start = d
		}
		holding = h
		prev = e.matching(c, d)
	}
	if holding {
		l.Holds = append(l.Holds, Interval{start, e.set.Span.Last})
	}
	return l, nil
}

// incremental says whether the sweep carries the claim's metric: those that
// depend only on which supporters the claim selects on a day.
func incremental(c Claim) bool {
	switch c.Metric {
	case vocab.MetricCount, vocab.MetricLargestRegion, vocab.MetricRegions, vocab.MetricCountryPresent, vocab.MetricSupporterPresent:
		return true
	}
	return false
}

// sweep is the published history as changes: for each change day, the
// supporters whose presence or classification differs from the day before.
type sweep struct {
	days    []civil.Date
	changed [][]listed // by day
	n       int        // supporters
}

// listed is one supporter as published on a day.
type listed struct {
	at      int // index in the supporters table
	present bool
	datasets.Supporter
}

func (e *Evaluator) newSweep(days []civil.Date) *sweep {
	if e.history == nil {
		e.history = analysis.NewHistory(e.set)
	}
	sw := &sweep{days: days, changed: make([][]listed, len(days)), n: len(e.supporters)}
	var prev []listed
	for i, d := range days {
		ss := e.history.On(d)
		cur := make([]listed, len(ss))
		for j, s := range ss {
			cur[j] = listed{at: j, present: analysis.PresentOn(s, d), Supporter: s}
			if i == 0 || differs(prev[j], cur[j]) {
				sw.changed[i] = append(sw.changed[i], cur[j])
			}
		}
		prev = cur
	}
	return sw
}

// differs compares what a claim can select a supporter by.
func differs(a, b listed) bool {
	return a.present != b.present || a.ID != b.ID || a.Category != b.Category || a.Alliance != b.Alliance || a.Country != b.Country
}

// ledgerSwept is ledgerByDay for the metrics the sweep carries: the claim's
// selection is kept up to date by each day's changes, and its value computed
// from the counts kept with it.
func (e *Evaluator) ledgerSwept(c Claim, sw *sweep, movers map[civil.Date][]string) (Ledger, error) {
	l := Ledger{Claim: c, Days: daysBetween(e.set.Span.First, e.set.Span.Last) + 1}
	if len(sw.days) == 0 {
		return l, nil
	}
	// The first day is measured as any other claim is, which also reports
	// a claim the evaluator refuses.
	if _, err := e.Measure(c, sw.days[0]); err != nil {
		return l, err
	}
	sel := selector(c)
	in := make([]bool, sw.n)
	counted := make([]string, sw.n) // the country a selected supporter is counted under
	count := 0
	regions := map[string]int{} // by region, "" for none, as CountBy keys them
	var target *datasets.Supporter
	if c.Metric == vocab.MetricSupporterPresent {
		for i := range e.supporters {
			if e.supporters[i].ID == c.Params["id"] {
				target = &e.supporters[i]
				break
			}
		}
	}
	holding := false
	var start civil.Date
	flipped := map[string]bool{}
	for i, d := range sw.days {
		clear(flipped)
		for _, s := range sw.changed[i] {
			now := s.present && sel(s.Supporter)
			was := in[s.at]
			if was {
				count--
				regions[e.countries[counted[s.at]].RegionEN]--
			}
			if now {
				count++
				regions[e.countries[s.Country].RegionEN]++
			}
			if was != now {
				flipped[s.ID] = true
			}
			in[s.at] = now
			counted[s.at] = s.Country
		}
		v := sweptValue(c, count, regions, target, d)
		h := Verdict(c, v) == Holds
		if i > 0 && h != holding {
			if holding {
				l.Holds = append(l.Holds, Interval{start, d.AddDays(-1)})
			}
			var dec []string
			for _, id := range movers[d] {
				if flipped[id] && !slices.Contains(dec, id) {
					dec = append(dec, id)
				}
			}
			sort.Strings(dec)
			l.Deciding = append(l.Deciding, dec...)
		}
		if h && (i == 0 || !holding) {
			start = d
		}
		holding = h
	}
	if holding {
		l.Holds = append(l.Holds, Interval{start, e.set.Span.Last})
	}
	return l, nil
}

// sweptValue is Measure's value from the selection's counts.
func sweptValue(c Claim, count int, regions map[string]int, target *datasets.Supporter, d civil.Date) string {
	switch c.Metric {
	case vocab.MetricCount:
		return strconv.Itoa(count)
	case vocab.MetricCountryPresent:
		return strconv.FormatBool(count > 0)
	case vocab.MetricSupporterPresent:
		return strconv.FormatBool(target != nil && analysis.PresentOn(*target, d))
	case vocab.MetricRegions:
		n := 0
		for r, k := range regions {
			if r != "" && k > 0 {
				n++
			}
		}
		return strconv.Itoa(n)
	case vocab.MetricLargestRegion:
		var counts []analysis.Count
		for r, k := range regions {
			if k > 0 {
				counts = append(counts, analysis.Count{Key: r, Count: k})
			}
		}
		if len(counts) == 0 {
			return ""
		}
		slices.SortFunc(counts, func(a, b analysis.Count) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Key, b.Key)
		})
		if len(counts) > 1 && counts[0].Count == counts[1].Count {
			return counts[0].Key + " and " + counts[1].Key + " (tied)"
		}
		return counts[0].Key
	}
	return ""
}

// matching is the set of supporters a claim counts on day d.
func (e *Evaluator) matching(c Claim, d civil.Date) map[string]bool {
	m := map[string]bool{}
	for _, s := range e.filtered(c, d) {
		m[s.ID] = true
	}
	return m
}

// deciders are the supporters that moved on day d into or out of what the
// claim counts.
func (e *Evaluator) deciders(c Claim, d civil.Date, moved []string, before map[string]bool) []string {
	after := e.matching(c, d)
	var out []string
	for _, id := range moved {
		if before[id] != after[id] && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// margin is the fewest supporters that, added to or removed from what the
// claim counts on date, would change its verdict.
func (e *Evaluator) margin(c Claim, date civil.Date) (int, error) {
	v, err := e.Measure(c, date)
	if err != nil {
		return 0, err
	}
	holds := Verdict(c, v) == Holds
	switch c.Metric {
	case vocab.MetricCountryPresent, vocab.MetricSupporterPresent:
		if holds || v == "true" {
			return max(1, len(e.filtered(c, date))), nil
		}
		return 1, nil
	case vocab.MetricAdherence:
		if v == "" {
			// A panel that cannot decide the claim gives it no margin.
			return 0, nil
		}
		if c.Params["party"] != "" {
			// One party's standing decides the claim either way.
			return 1, nil
		}
		o, _ := strconv.Atoi(v)
		x, err := strconv.ParseFloat(c.Expected, 64)
		if err != nil {
			return 0, fmt.Errorf("claim %s: expected %q is not a number", c.ID, c.Expected)
		}
		return countMargin(c.Op, float64(o), x, holds), nil
	case vocab.MetricCount:
		o, _ := strconv.Atoi(v)
		x, err := strconv.ParseFloat(c.Expected, 64)
		if err != nil {
			return 0, fmt.Errorf("claim %s: expected %q is not a number", c.ID, c.Expected)
		}
		return countMargin(c.Op, float64(o), x, holds), nil
	case vocab.MetricLargestRegion, vocab.MetricRegions:
		counts := map[string]int{}
		for _, s := range e.filtered(c, date) {
			if r := e.countries[s.Country].RegionEN; r != "" {
				counts[r]++
			}
		}
		var ns []int
		for _, n := range counts {
			ns = append(ns, n)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(ns)))
		if c.Metric == vocab.MetricRegions {
			x, _ := strconv.Atoi(c.Expected)
			if !holds {
				return x - len(ns), nil
			}
			// Remove whole regions, smallest first, until fewer than x remain.
			m := 0
			for i := 0; i < len(ns)-x+1; i++ {
				m += ns[len(ns)-1-i]
			}
			return m, nil
		}
		if len(ns) < 2 {
			return 0, nil
		}
		if holds {
			return ns[0] - ns[1], nil
		}
		return ns[0] - counts[c.Expected] + 1, nil
	}
	return 0, nil
}

func countMargin(op string, o, x float64, holds bool) int {
	var m float64
	switch op {
	case "=":
		m = math.Abs(o - x)
		if holds {
			m = 1
		}
	case ">":
		m = x - o + 1
		if holds {
			m = o - x
		}
	case ">=":
		m = x - o
		if holds {
			m = o - x + 1
		}
	case "<":
		m = o - x + 1
		if holds {
			m = x - o
		}
	case "<=":
		m = o - x
		if holds {
			m = x - o + 1
		}
	case "~":
		lo, hi := math.Ceil(x*(1-Tolerance)), math.Floor(x*(1+Tolerance))
		switch {
		case holds:
			m = math.Min(o-lo+1, hi-o+1)
		case o > hi:
			m = o - hi
		default:
			m = lo - o
		}
	}
	return int(m)
}

// LedgerRows formats ledgers for a table: intervals joined by "; ", the
// share of the history, and at most max deciding supporters.
func LedgerRows(ls []Ledger, max int) [][]string {
	var rows [][]string
	for _, l := range ls {
		var iv []string
		for _, i := range l.Holds {
			iv = append(iv, i.String())
		}
		dec := l.Deciding
		more := ""
		if len(dec) > max {
			more = fmt.Sprintf(" (+%d more)", len(dec)-max)
			dec = dec[:max]
		}
		held := "never"
		if len(iv) > 0 {
			held = strings.Join(iv, "; ")
		}
		rows = append(rows, []string{l.Claim.ID, held, strconv.Itoa(l.DaysHeld), strconv.FormatFloat(100*float64(l.DaysHeld)/float64(l.Days), 'f', 1, 64),
			strconv.Itoa(l.Margin), strings.Join(dec, " ") + more})
	}
	return rows
}

func daysBetween(a, b civil.Date) int { return int(math.Round(b.Time().Sub(a.Time()).Hours() / 24)) }
