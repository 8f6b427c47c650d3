package interactive

import (
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/labels"
)

// Decoded from the page's runs, every instrument's states at every step are
// those query --instrument lists (adherence.TallyOn), with their status and
// since; the counters are its by_status and total.
func TestInstrumentRunsAgreeWithTally(t *testing.T) {
	set, d := load(t)
	if len(d.Instruments) < 3 {
		t.Fatalf("%d instruments for the switch", len(d.Instruments))
	}
	for _, in := range d.Instruments {
		c := in.config(labels.EN, d.regionName)
		if c.Label == "" || len(c.Dates) != len(in.Dates) {
			t.Fatalf("%s: label %q, %d dates", in.ID, c.Label, len(c.Dates))
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Counts [][5]int
			States map[string][][3]any
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		for i, day := range in.Dates {
			want, err := adherence.TallyOn(set, in.ID, day)
			if err != nil {
				t.Fatal(err)
			}
			n := page.Counts[i]
			if n != [5]int{want.ByStatus[adherence.Party], want.ByStatus[adherence.Signatory], want.ByStatus[adherence.Invited], want.ByStatus[adherence.Supporter], want.Total} {
				t.Errorf("%s %s: counts %v, tally %v total %d", in.ID, day, n, want.ByStatus, want.Total)
			}
			got := map[string]string{}
			for a3, runs := range page.States {
				var s [3]any
				for _, r := range runs {
					if int(r[0].(float64)) <= i {
						s = r
					}
				}
				if s[1] != nil && s[1].(float64) != 0 {
					got[a3] = strings.TrimSpace(strings.Join([]string{[]string{"", "party", "signatory", "invited", "supporter"}[int(s[1].(float64))], s[2].(string)}, " "))
				}
			}
			wantStates := map[string]string{}
			for _, p := range want.Parties {
				if p.PartyKind == "state" && p.Country != "" {
					wantStates[p.Country] = p.Status + " " + p.Since
				}
			}
			if len(got) != len(wantStates) {
				t.Errorf("%s %s: %d states on the page, tally %d", in.ID, day, len(got), len(wantStates))
			}
			for a3, s := range wantStates {
				if got[a3] != s {
					t.Errorf("%s %s: %s is %q on the page, %q in the tally", in.ID, day, a3, got[a3], s)
				}
			}
		}
	}
}

// The static map is well-formed SVG, the same for the same data, and draws
// the supporter states of its step (a dot for a small one), no more.
func TestStaticSVG(t *testing.T) {
	_, d := load(t)
	for _, i := range []int{0, d.Start, len(d.Dates) - 1} {
		s := d.StaticSVG(i)
		if err := xml.Unmarshal([]byte(s), new(struct{})); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if s != d.StaticSVG(i) {
			t.Error("two drawings differ")
		}
		drawn := map[string]bool{}
		for _, m := range regexp.MustCompile(`class="y" data-a3="([A-Z]{3})"`).FindAllStringSubmatch(s, -1) {
			drawn[m[1]] = true
		}
		if len(drawn) != d.States(i) {
			t.Errorf("step %d: %d states drawn, %d supporter states", i, len(drawn), d.States(i))
		}
		for _, c := range d.Countries {
			if c.State[i] != drawn[c.Alpha3] {
				t.Errorf("step %d: %s drawn %v, a supporter %v", i, c.Alpha3, drawn[c.Alpha3], c.State[i])
			}
		}
	}
}

// Without its script the fragment shows the start date, its counts and its
// description, and hides the controls that need the script.
func TestFragmentWithoutScript(t *testing.T) {
	_, d := load(t)
	f, err := d.Fragment()
	if err != nil {
		t.Fatal(err)
	}
	h := regexp.MustCompile(`(?s)<script.*?</script>`).ReplaceAllString(string(f), "")
	total := 0
	for k := range d.Counts {
		total += d.Counts[k][d.Start]
	}
	for _, want := range []string{labels.EN.LongDate(d.Dates[d.Start]), `<span class="cn-count">` + labels.EN.Int(total) + `</span>`, `aria-label="` + d.alt(d.Start) + `"`, `class="cn-controls" hidden`, `class="cn-static"`} {
		if !strings.Contains(h, want) {
			t.Errorf("the fragment without its script lacks %q", want)
		}
	}
	if strings.Contains(h, `<span class="cn-count">0</span> <span class="cn-label">`+labels.EN.Category("state")) {
		t.Error("the states' counter reads 0")
	}
}

// Dates known to the month are written in words; a day as LongDate does.
func TestIsoLong(t *testing.T) {
	for iso, want := range map[string]string{"2025-10": "October 2025", "2024-10-09": "9 October 2024", "2022": "2022"} {
		if got := isoLong(labels.EN, iso); got != want {
			t.Errorf("%s: %q, want %q", iso, got, want)
		}
	}
}

// The page writes any day in words from the config's pattern as LongDate
// does, in every language.
func TestDatePattern(t *testing.T) {
	set, _ := load(t)
	shapes, _ := set.Shapes()
	for _, l := range labels.All {
		d, err := Build(set, shapes, l, set.Span.Last)
		if err != nil {
			t.Fatal(err)
		}
		c := d.config()
		for _, day := range []string{"2019-09-01", "2021-01-18", "2024-12-31"} {
			dd := d.Dates[0]
			if err := json.Unmarshal([]byte(`"`+day+`"`), &dd); err != nil {
				t.Fatal(err)
			}
			n := strings.TrimLeft(day[8:], "0")
			if n == "1" {
				n = c.DateFirst
			}
			m := c.Months[int(day[5]-'0')*10+int(day[6]-'0')-1]
			if got, want := strings.NewReplacer("{d}", n, "{m}", m, "{y}", day[:4]).Replace(c.DateLong), l.LongDate(dd); got != want {
				t.Errorf("%s %s: the page writes %q, LongDate %q", l, day, got, want)
			}
		}
	}
}
