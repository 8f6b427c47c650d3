package build

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func committedInputs(t *testing.T) *Inputs {
	t.Helper()
	in, err := LoadInputs(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// The committed evidence table: every claim checked against public sources
// has a source, every source row can be followed and dated, and every dated
// event of the timeline has a source or is listed as not checked yet.
func TestEvidenceIntegrity(t *testing.T) {
	in := committedInputs(t)
	evidence := claims.ParseEvidence(in.Curated[schema.Evidence.Name])
	cs, err := claims.Parse(in.Curated[schema.CuratedClaims.Name])
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, ev := range evidence {
		u, err := url.Parse(ev.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Errorf("evidence line %d: url %q cannot be followed", ev.Line, ev.URL)
		}
		if strings.TrimSpace(ev.Publisher) == "" || strings.TrimSpace(ev.Quote) == "" || strings.TrimSpace(ev.Value) == "" {
			t.Errorf("evidence line %d: publisher, quote or value is empty", ev.Line)
		}
		if _, _, err := parsePartialDate(ev.Published); err != nil {
			t.Errorf("evidence line %d: published: %v", ev.Line, err)
		}
		if _, err := civil.Parse(ev.Retrieved); err != nil {
			t.Errorf("evidence line %d: retrieved: %v", ev.Line, err)
		}
		rows[ev.ClaimID]++
	}
	events := map[string]bool{}
	sourced := 0
	for _, c := range cs {
		if c.Kind != vocab.KindSources {
			continue
		}
		sourced++
		if rows[c.ID] == 0 {
			t.Errorf("claim %s is checked against public sources and has no evidence", c.ID)
		}
		if e := c.Params["event"]; e != "" && rows[c.ID] > 0 {
			events[e] = true
		}
	}
	if sourced == 0 {
		t.Fatal("no claim is checked against public sources")
	}
	pending := map[string]bool{}
	for _, r := range in.Curated[schema.NotCheckable.Name].Rows {
		pending[r[0]] = true
	}
	for _, r := range in.Curated[schema.CuratedTimeline.Name].Rows {
		if !events[r[0]] && !pending[r[0]] {
			t.Errorf("timeline event %s has no source and is not listed in %s", r[0], schema.NotCheckable.Path)
		}
	}
}

// noOfficialSource opens the note of an evidence row whose event has no
// official or primary source: the gap is declared where the source is cited.
const noOfficialSource = "No official or primary source was found for the event"

// Every dated event of the timeline has an official or primary source, or
// declares that none was found: in each of its evidence rows' notes, or, when
// it has no source at all, in the sentences not checked. A declaration on an
// event that does have one is stale.
func TestTimelineOfficialSources(t *testing.T) {
	in := committedInputs(t)
	cs, err := claims.Parse(in.Curated[schema.CuratedClaims.Name])
	if err != nil {
		t.Fatal(err)
	}
	eventOf := map[string]string{}
	for _, c := range cs {
		if c.Kind == vocab.KindSources && c.Params["event"] != "" {
			eventOf[c.ID] = c.Params["event"]
		}
	}
	official, declared, rows := map[string]bool{}, map[string]int{}, map[string]int{}
	for _, ev := range claims.ParseEvidence(in.Curated[schema.Evidence.Name]) {
		e := eventOf[ev.ClaimID]
		if e == "" {
			continue
		}
		rows[e]++
		if ev.SourceType == "official" || ev.SourceType == "primary" {
			official[e] = true
		}
		if strings.HasPrefix(ev.Note, noOfficialSource) || strings.Contains(ev.Note, ". "+noOfficialSource) {
			declared[e]++
		}
	}
	pending := map[string]bool{}
	for _, r := range in.Curated[schema.NotCheckable.Name].Rows {
		pending[r[0]] = true
	}
	for _, r := range in.Curated[schema.CuratedTimeline.Name].Rows {
		id := r[0]
		switch {
		case official[id] && declared[id] > 0:
			t.Errorf("timeline event %s has an official or primary source, yet a note says none was found", id)
		case official[id]:
		case rows[id] == 0 && !pending[id]:
			t.Errorf("timeline event %s has no source and is not listed in %s", id, schema.NotCheckable.Path)
		case rows[id] > 0 && declared[id] != rows[id]:
			t.Errorf("timeline event %s has only secondary sources and %d of its %d evidence rows say so (%q)", id, declared[id], rows[id], noOfficialSource)
		}
	}
}

// Each guard of checkSources fails the build with the file, line and field.
func TestCheckSourcesGuards(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(in *Inputs)
		want   string
	}{
		{"claim without source", func(in *Inputs) {
			dropEvidence(in, func(r []string) bool { return r[0] == "date-anssi" })
		}, "claim date-anssi is checked against public sources but has no row"},
		{"evidence for no claim", func(in *Inputs) { setEvidence(in, 0, "claim_id", "no-such-claim") }, `field claim_id: no claim "no-such-claim"`},
		{"evidence for a computed claim", func(in *Inputs) { setEvidence(in, 0, "claim_id", "states-79") }, "claim states-79 is of kind supporter-history"},
		{"publication date that is no date", func(in *Inputs) { setEvidence(in, 0, "published", "2008-13") }, "field published"},
		{"retrieval date that is no date", func(in *Inputs) { setEvidence(in, 0, "retrieved", "2026-02-30") }, "field retrieved"},
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

// The chapter's wrong dates reach the timeline as corrections, its own date kept.
func TestTimelineCorrections(t *testing.T) {
	out, err := Derive(committedInputs(t))
	if err != nil {
		t.Fatal(err)
	}
	tl := out.Tables[vocab.DoctrineTimeline]
	got := map[string][2]string{}
	for _, r := range tl.Rows {
		if c := r[tl.Table.Index("corrected_date_iso")]; c != "" {
			got[r[0]] = [2]string{r[tl.Table.Index("date_iso")], c}
		}
	}
	want := map[string][2]string{"white-paper-2008": {"2008-02", "2008-06-17"}, "national-digital-strategy-2016": {"2016", "2015-10-16"}}
	if len(got) != len(want) {
		t.Errorf("corrected events = %v, want %v", got, want)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: (chapter, corrected) = %v, want %v", id, got[id], w)
		}
	}
}

func setEvidence(in *Inputs, row int, field, v string) {
	d := in.Curated[schema.Evidence.Name]
	r := append([]string(nil), d.Rows[row]...)
	r[d.Table.Index(field)] = v
	rows := append([][]string(nil), d.Rows...)
	rows[row] = r
	in.Curated[schema.Evidence.Name] = schema.Data{Table: d.Table, Rows: rows}
}

func dropEvidence(in *Inputs, drop func([]string) bool) {
	d := in.Curated[schema.Evidence.Name]
	var rows [][]string
	for _, r := range d.Rows {
		if !drop(r) {
			rows = append(rows, r)
		}
	}
	in.Curated[schema.Evidence.Name] = schema.Data{Table: d.Table, Rows: rows}
}

// A duplicate candidate nobody reviewed, or a review of a pair the rule no
// longer finds, fails the build.
func TestDuplicateReviewGuards(t *testing.T) {
	in := committedInputs(t)
	d := in.Curated[schema.DuplicateReview.Name]
	in.Curated[schema.DuplicateReview.Name] = schema.Data{Table: d.Table, Rows: d.Rows[1:]}
	if _, err := Derive(in); err == nil || !strings.Contains(err.Error(), "review the pair") {
		t.Errorf("unreviewed candidate: err = %v", err)
	}
	in = committedInputs(t)
	d = in.Curated[schema.DuplicateReview.Name]
	in.Curated[schema.DuplicateReview.Name] = schema.Data{Table: d.Table, Rows: append(append([][]string(nil), d.Rows...), []string{"airbus", "thales", "distinct", "x"})}
	if _, err := Derive(in); err == nil || !strings.Contains(err.Error(), "not a duplicate candidate") {
		t.Errorf("stale review: err = %v", err)
	}
}

// A country the reference file does not name fails the build, rather than
// keeping an old name.
func TestCLDRNamesRequired(t *testing.T) {
	in := committedInputs(t)
	d := in.Curated[schema.CLDRTerritories.Name]
	var rows [][]string
	for _, r := range d.Rows {
		if r[0] != "MK" {
			rows = append(rows, r)
		}
	}
	in.Curated[schema.CLDRTerritories.Name] = schema.Data{Table: d.Table, Rows: rows}
	if _, err := Derive(in); err == nil || !strings.Contains(err.Error(), "no CLDR name for MK") {
		t.Errorf("err = %v", err)
	}
	out, err := Derive(committedInputs(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range out.Tables["countries"].Rows {
		if r[0] == "MKD" && r[3] != "North Macedonia" {
			t.Errorf("MKD is named %q", r[3])
		}
	}
}

// Regions come from the reference file, by field name: a country placed
// elsewhere there is placed elsewhere in the countries table, and a country
// with no region there fails the build.
func TestCLDRRegions(t *testing.T) {
	withRef := func(code, region, subregion string) *Inputs {
		in := committedInputs(t)
		d := in.Curated[schema.CLDRTerritories.Name]
		var rows [][]string
		for _, r := range d.Rows {
			r = append([]string(nil), r...)
			if d.Table.Get(r, "code") == code {
				r[d.Table.Index("region_m49")], r[d.Table.Index("subregion_m49")] = region, subregion
			}
			rows = append(rows, r)
		}
		in.Curated[schema.CLDRTerritories.Name] = schema.Data{Table: d.Table, Rows: rows}
		return in
	}
	out, err := Derive(withRef("CY", "150", "039"))
	if err != nil {
		t.Fatal(err)
	}
	c := out.Tables[schema.Countries.Name]
	for _, r := range c.Rows {
		if c.Table.Get(r, "alpha3") == "CYP" {
			got := strings.Join([]string{c.Table.Get(r, "region_m49"), c.Table.Get(r, "region_en"), c.Table.Get(r, "subregion_m49"), c.Table.Get(r, "subregion_fr")}, " ")
			if want := "150 Europe 039 Europe du Sud"; got != want {
				t.Errorf("CYP placed %q, want %q", got, want)
			}
		}
	}
	for _, tt := range []struct{ region, subregion string }{{"", ""}, {"142", ""}} {
		if _, err := Derive(withRef("CY", tt.region, tt.subregion)); err == nil || !strings.Contains(err.Error(), "no UN M49 region and sub-region for CY (CYP)") {
			t.Errorf("CY placed %q/%q: err = %v", tt.region, tt.subregion, err)
		}
	}
}
