package report

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/labels"
)

// The findings are written from the data: the state count, its margin and
// the errata change when the tables do.
func TestFindingsFollowTheData(t *testing.T) {
	in := inputs(t)
	set := *in.Set
	set.Tables = maps.Clone(in.Set.Tables)
	edit := func(table, id string, col string, v string) {
		d := set.Tables[table]
		rows := slices.Clone(d.Rows)
		key := "id"
		if table != "claims" {
			key = "claim_id"
		}
		for i, r := range rows {
			if d.Table.Get(r, key) == id {
				r = slices.Clone(r)
				r[d.Table.Index(col)] = v
				rows[i] = r
			}
		}
		set.Tables[table] = schema.Data{Table: d.Table, Rows: rows}
	}
	dp, err := schema.ParseDescriptor(in.Descriptor)
	if err != nil {
		t.Fatal(err)
	}
	text := func() string {
		v, err := claimsOf(exhibits.NewInput(&set, in.Shapes), &set, dp, upstreamOf(metaOf(in.Descriptor)), labels.EN)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, f := range findingsOf(&set, v, labels.EN) {
			b.WriteString(f.Text + "\n")
			for _, it := range f.Items {
				b.WriteString("  " + it.Text + " " + it.Link + "\n")
			}
		}
		return b.String()
	}
	before := text()
	for _, want := range []string{"count of 79 supporter states is right", "margin of 1 ", "the Call had 81.", "history counts 374.", "the adherence panel counts 101 members", "Public sources give 17 June 2008.", "2 of the chapter's dates are wrong"} {
		if !strings.Contains(before, want) {
			t.Errorf("findings lack %q:\n%s", want, before)
		}
	}
	edit("claims", "states-79", "observed_latest", "83")
	edit("claim_ledger", "states-79", "margin_access", "4")
	edit("errata", "civil-society-300", "found", "375")
	after := text()
	for _, want := range []string{"margin of 4 ", "the Call had 83.", "history counts 375."} {
		if !strings.Contains(after, want) {
			t.Errorf("after editing the tables, findings lack %q:\n%s", want, after)
		}
	}
}

// The page links the data package in its three formats, says its licences
// and how to cite it, as CITATION.cff asks.
func TestDownloadsAndCitation(t *testing.T) {
	in := inputs(t)
	files, err := Build(in, Options{AsOf: in.Set.Span.First, Lang: labels.FR})
	if err != nil {
		t.Fatal(err)
	}
	page := string(files["index.html"])
	dp, err := schema.ParseDescriptor(in.Descriptor)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`href="` + dataURL("datapackage.json") + `"`,
		`<a href="` + dataURL("claims.csv") + `">CSV</a>`, `<a href="` + dataURL("claims.parquet") + `">Parquet</a>`, `<a href="` + dataURL("claims.arrow") + `">Arrow</a>`,
		"creativecommons.org/licenses/by/4.0/", "eupl-text-eupl-12", "RIGHTS.md", "CITATION.cff",
		"<cite>cybernorms: The Paris Call for Trust and Security in Cyberspace, chapter facts and supporter history</cite>, version " + dp.Version,
		`<a href="` + ProjectURL + `">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	cff := parseCFF("# x\ntitle: >-\n  a b\n  c\nversion: 3.0.0\nauthors:\n  - name: X\n  - name: Y\nlicense:\n  - CC-BY-4.0\n")
	if cff["title"] != "a b c" || cff["version"] != "3.0.0" || cff["authors"] != "X, Y" {
		t.Errorf("parseCFF: %q", cff)
	}
}
