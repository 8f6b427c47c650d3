package build

import (
	"strconv"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

func setCurated(in *Inputs, t *schema.Table, row int, field, v string) {
	d := in.Curated[t.Name]
	d.Rows[row][d.Table.Index(field)] = v
}

// Each guard of the adherence panel fails the build with the file, line and field.
func TestPanelGuards(t *testing.T) {
	ev, tot := schema.CuratedAdherenceEvents, schema.CuratedInstrumentTotals
	tests := []struct {
		name   string
		mutate func(in *Inputs)
		want   string
	}{
		{"event citing no page", func(in *Inputs) { setCurated(in, ev, 0, "evidence", "status-nowhere") }, `field evidence: 0 rows of`},
		{"state that is no country", func(in *Inputs) { setCurated(in, ev, 0, "party", "XKX") }, `field party: "XKX" is not a current ISO 3166-1 alpha-3 code`},
		{"state code and printed name disagree", func(in *Inputs) {
			setCurated(in, ev, 0, "party", "DEU")
		}, `DEU, but CLDR reads "Albania" as ALB`},
		{"organisation with a country code", func(in *Inputs) { setCurated(in, ev, 0, "party_kind", "organisation") }, `"ALB" looks like a country code`},
		{"event of no instrument", func(in *Inputs) { setCurated(in, ev, 0, "instrument", "warsaw-pact") }, `no instrument "warsaw-pact"`},
		{"event date that is no date", func(in *Inputs) { setCurated(in, ev, 0, "date", "2001-11-31") }, "field date"},
		{"upper bound that is no day", func(in *Inputs) {
			setCurated(in, ev, 0, "bound", "on or before")
			setCurated(in, ev, 0, "date", "2001-11")
		}, `field bound: an upper bound must be a day, not "2001-11"`},
		{"total citing another page's address", func(in *Inputs) { setCurated(in, tot, 0, "evidence_url", "https://example.org/") }, "field evidence: no row of"},
		{"total of no instrument", func(in *Inputs) { setCurated(in, tot, 0, "instrument", "warsaw-pact") }, `no instrument "warsaw-pact"`},
		{"status page cited by nothing", func(in *Inputs) {
			d := in.Curated[schema.Evidence.Name]
			row := append([]string(nil), d.Rows[len(d.Rows)-1]...)
			row[d.Table.Index("claim_id")] = "status-orphan"
			d.Rows = append(d.Rows, row)
			in.Curated[schema.Evidence.Name] = d
		}, "status page status-orphan is cited by no row"},
		{"instrument build derives missing", func(in *Inputs) {
			d := in.Curated[schema.CuratedInstruments.Name]
			for i, r := range d.Rows {
				if d.Table.Get(r, "id") == "tech-accord" {
					d.Rows[i][d.Table.Index("id")] = "tech-accords"
				}
			}
		}, "no instrument tech-accord"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := committedInputs(t)
			tt.mutate(in)
			_, err := Derive(in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// The committed panel: no official total is exceeded by the parties the
// panel identifies (a transcription error would show as one), and every
// transcribed event names its page.
func TestPanelAgreesWithOfficialTotals(t *testing.T) {
	in := committedInputs(t)
	out, err := Derive(in)
	if err != nil {
		t.Fatal(err)
	}
	cov := out.Tables[schema.InstrumentCoverage.Name]
	if len(cov.Rows) == 0 {
		t.Fatal("no coverage rows")
	}
	for _, r := range cov.Rows {
		g := func(f string) string { return cov.Table.Get(r, f) }
		if g("qualifier") == "exact" && g("extra") != "" {
			t.Errorf("%s %s %s: the panel identifies %s, more than the official %s", g("instrument"), g("date_iso"), g("measure"), g("identified"), g("official_total"))
		}
	}
	ev := out.Tables[schema.AdherenceEvents.Name]
	for i, r := range ev.Rows {
		g := func(f string) string { return ev.Table.Get(r, f) }
		if g("evidence") == "" && !strings.HasPrefix(g("source"), "Paris Call supporter history") {
			t.Errorf("adherence_events line %d: no evidence and not derived from the supporter history", i+2)
		}
	}
	// Every state is in one combination a day, and the counts add up.
	cm := out.Tables[schema.CoMembership.Name]
	seen := map[string]bool{}
	for _, r := range cm.Rows {
		g := func(f string) string { return cm.Table.Get(r, f) }
		parties := strings.Fields(g("parties"))
		if strconv.Itoa(len(parties)) != g("states") {
			t.Errorf("co_membership %s %s: %s states, %d listed", g("as_of"), g("combination"), g("states"), len(parties))
		}
		for _, p := range parties {
			if k := g("as_of") + " " + p; seen[k] {
				t.Errorf("co_membership: %s is in two combinations on %s", p, g("as_of"))
			} else {
				seen[k] = true
			}
		}
	}
}
