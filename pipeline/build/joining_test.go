package build

import (
	"bytes"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

var regen = flag.Bool("regen", false, "rewrite analysis/survival/testdata/joining.csv, the R reference script's input")

// derived builds every table from the committed inputs, in memory.
func derived(t *testing.T) (*Inputs, *Output, *datasets.Set) {
	t.Helper()
	in, err := LoadInputs(testenv.Datasets(t))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Derive(in)
	if err != nil {
		t.Fatal(err)
	}
	return in, out, datasets.FromTables(out.Tables, out.Version)
}

func TestJoiningSpells(t *testing.T) {
	in, out, set := derived(t)
	spells, err := in.joiningSpells(set)
	if err != nil {
		t.Fatal(err)
	}
	opened, err := parisCallOpened(set)
	if err != nil || opened.String() != "2018-11-12" {
		t.Fatalf("the Call opened on %s (%v), want 2018-11-12", opened, err)
	}
	firstRecord := days(opened, set.Span.First)
	if firstRecord != 308 {
		t.Errorf("the first record is day %d of the Call, want 308 (2018-11-12 to 2019-09-16)", firstRecord)
	}
	lastDay := days(opened, set.Span.Last)
	states, events, censored := map[string]bool{}, 0, 0
	for _, s := range spells {
		if s.stop <= s.entry {
			t.Errorf("%s %s: stop %d not after entry %d", s.outcome, s.party, s.stop, s.entry)
		}
		if s.outcome != outcomeJoining {
			continue
		}
		states[s.party] = true
		if s.entry != firstRecord {
			t.Errorf("%s enters on day %d, not at the first record", s.party, s.entry)
		}
		if s.event {
			events++
		} else {
			censored++
			if s.stop != lastDay {
				t.Errorf("%s: censored on day %d, not on the data's last day %d", s.party, s.stop, lastDay)
			}
		}
	}
	if states["HKG"] {
		t.Error("Hong Kong counted as a state")
	}
	if !states["MMR"] || !states["CHN"] || !states["USA"] {
		t.Error("Myanmar (listed as BUR), China or the United States missing from the states")
	}
	// Every state supporter listed after the first record is an event; the
	// others, listed in it, are left out.
	var later, inFirst int
	for _, s := range set.Supporters() {
		if s.Category == "state" {
			if s.InFirstCommit {
				inFirst++
			} else {
				later++
			}
		}
	}
	if events != later || states[""] {
		t.Errorf("%d joining events, want the %d state supporters listed after the first record", events, later)
	}
	// The upstream's list less Hong Kong: every state is in it or a supporter.
	if n := len(states) + inFirst; n != len(in.UpstreamCodes.Rows)-1 {
		t.Errorf("%d states at risk and %d listed in the first record; the site's list has %d entries besides Hong Kong", len(states), inFirst, len(in.UpstreamCodes.Rows)-1)
	}
	if censored == 0 {
		t.Error("no state left to join")
	}
	// The published table is these spells.
	if got := len(out.Tables[schema.Joining.Name].Rows); got != len(spells) {
		t.Errorf("joining has %d rows, want %d", got, len(spells))
	}
}

// A supporter listed and removed the same day has no time at risk.
func TestJoiningLeavesOutEmptySpells(t *testing.T) {
	in, _, set := derived(t)
	spells, err := in.joiningSpells(set)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, s := range spells {
		seen[s.party] = true
	}
	for _, s := range set.Supporters() {
		if s.Category != "state" && !s.RemovedOn.IsZero() && s.RemovedOn == s.FirstSeen && seen[s.ID] {
			t.Errorf("%s, listed and removed on %s, is in the table", s.ID, s.FirstSeen)
		}
	}
}

func TestJoiningRefusesUnknownCodes(t *testing.T) {
	in, _, set := derived(t)
	codes := in.UpstreamCodes
	rows := append([][]string(nil), codes.Rows...)
	bad := append([]string(nil), rows[0]...)
	for i := range bad {
		bad[i] = ""
	}
	bad[codes.Table.Index("ISO-3166-1-alpha-3")], bad[codes.Table.Index("usual-en")] = "QQQ", "Nowhere"
	in.UpstreamCodes.Rows = append(rows, bad)
	_, err := in.joiningSpells(set)
	if err == nil || !strings.Contains(err.Error(), `"QQQ" (Nowhere) names no country`) || !strings.Contains(err.Error(), "country_codes.csv:"+strconv.Itoa(len(rows)+2)) {
		t.Fatalf("error %v, want one naming the file, line and code", err)
	}
}

// The R reference script of analysis/survival reads the published states'
// rows; the copy it reads must be the one build derives now.
func TestJoiningRInputCurrent(t *testing.T) {
	in, _, set := derived(t)
	b, err := in.JoiningRInput(set)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(testenv.Root(t), "analysis", "survival", "testdata", "joining.csv")
	if *regen {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, b) {
		t.Error("analysis/survival/testdata/joining.csv is not the states' joining rows build derives: run go test ./pipeline/build -run TestJoiningRInputCurrent -regen, then the R script (see analysis/survival/testdata/survival.R)")
	}
}

// The published estimates are R's: every Kaplan–Meier estimate, standard
// error and bound of the states' joining, every Cox coefficient, standard
// error and test, to 1e-6, against the goldens of analysis/survival (which
// its tests keep equal to what R computes from the same rows).
func TestJoiningPublishedMatchesR(t *testing.T) {
	_, out, _ := derived(t)
	golden := filepath.Join(testenv.Root(t), "analysis", "survival", "testdata", "golden")
	read := func(name string) []map[string]string {
		f, err := os.ReadFile(filepath.Join(golden, name))
		if err != nil {
			t.Fatal(err)
		}
		d, err := csv.NewReader(bytes.NewReader(f)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var rows []map[string]string
		for _, r := range d[1:] {
			m := map[string]string{}
			for j, h := range d[0] {
				m[h] = r[j]
			}
			if m["data"] == "joining" {
				rows = append(rows, m)
			}
		}
		return rows
	}
	pub := func(t0 *schema.Table, match func(get func(string) string) bool) func(string) string {
		d := out.Tables[t0.Name]
		for _, r := range d.Rows {
			get := func(f string) string { return d.Table.Get(r, f) }
			if match(get) {
				return get
			}
		}
		return nil
	}
	compared := 0
	near := func(what, got, want string) {
		t.Helper()
		compared++
		if want == "NA" {
			if got != "" {
				t.Errorf("%s: published %q, R NA", what, got)
			}
			return
		}
		g, err1 := strconv.ParseFloat(got, 64)
		w, err2 := strconv.ParseFloat(want, 64)
		if err1 != nil || err2 != nil || !(math.Abs(g-w) <= 1e-6) {
			t.Errorf("%s: published %q, R %q", what, got, want)
		}
	}
	for _, r := range read("km.csv") {
		if r["conf"] != "log" {
			continue
		}
		get := pub(schema.JoiningKM, func(g func(string) string) bool {
			return g("outcome") == outcomeJoining && g("group") == r["group"] && g("time_days") == r["time"]
		})
		if get == nil {
			t.Errorf("joining_km: no row for %s at %s", r["group"], r["time"])
			continue
		}
		for f, rf := range map[string]string{"survival": "surv", "std_err": "std_err", "ci_lower": "lower", "ci_upper": "upper", "n_risk": "n_risk", "n_event": "n_event"} {
			near("joining_km "+r["group"]+" "+r["time"]+" "+f, get(f), r[rf])
		}
	}
	for _, r := range read("cox.csv") {
		get := pub(schema.JoiningCox, func(g func(string) string) bool {
			return g("model") == r["model"] && "x_"+g("term") == r["term"]
		})
		if get == nil {
			t.Errorf("joining_cox: no row for %s %s", r["model"], r["term"])
			continue
		}
		near("joining_cox coef "+r["term"], get("coef"), r["coef"])
		near("joining_cox std_err "+r["term"], get("std_err"), r["std_err"])
	}
	for _, r := range read("cox_tests.csv") {
		for test, rf := range map[string]string{"likelihood-ratio": "lr", "wald": "wald", "score": "score"} {
			get := pub(schema.JoiningTests, func(g func(string) string) bool { return g("model") == r["model"] && g("test") == test })
			if get == nil {
				t.Fatalf("joining_tests: no %s test of %s", test, r["model"])
			}
			near("joining_tests "+r["model"]+" "+test, get("chisq"), r[rf])
		}
	}
	for _, r := range read("logrank.csv") {
		get := pub(schema.JoiningTests, func(g func(string) string) bool { return g("outcome") == outcomeJoining && g("test") == "log-rank" })
		near("joining_tests log-rank", get("chisq"), r["chisq"])
	}
	for _, r := range read("zph.csv") {
		if r["transform"] != "km" {
			continue
		}
		if r["term"] == "GLOBAL" {
			get := pub(schema.JoiningTests, func(g func(string) string) bool {
				return g("model") == r["model"] && g("test") == "proportional-hazards"
			})
			near("joining_tests proportional-hazards "+r["model"], get("chisq"), r["chisq"])
			continue
		}
		get := pub(schema.JoiningCox, func(g func(string) string) bool { return g("model") == r["model"] && "x_"+g("term") == r["term"] })
		near("joining_cox ph_chisq "+r["term"], get("ph_chisq"), r["chisq"])
	}
	if compared < 100 {
		t.Errorf("only %d values compared", compared)
	}
}

// Day 0 is the launch the doctrine timeline dates: without it, no table.
func TestJoiningNeedsTheLaunchDay(t *testing.T) {
	in, out, _ := derived(t)
	tl := out.Tables[schema.DoctrineTimeline.Name]
	var kept [][]string
	for _, r := range tl.Rows {
		if tl.Table.Get(r, "id") != launchEvent {
			kept = append(kept, r)
		}
	}
	if len(kept) == len(tl.Rows) {
		t.Fatalf("no %s event in the doctrine timeline", launchEvent)
	}
	tl.Rows = kept
	out.Tables[schema.DoctrineTimeline.Name] = tl
	_, err := in.joiningSpells(datasets.FromTables(out.Tables, out.Version))
	if err == nil || !strings.Contains(err.Error(), "no event paris-call-launch") {
		t.Fatalf("error %v, want one naming the missing launch", err)
	}
}
