package supporters

import (
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

func TestPublishedHistory(t *testing.T) {
	res, err := countries.NewResolver(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Categories: map[string]string{"": "undefined", "civil_society": "civil-society", "public-authority": "public-authority", "state": "state"}, Resolver: res, Source: "s.csv"}
	day := func(d string) time.Time { x, _ := time.Parse(time.DateOnly, d); return x }
	v := func(seq int, d string, kind snapshot.Kind, cat, nat, problem string) snapshot.Change {
		return snapshot.Change{Seq: seq, Date: day(d), Kind: kind, Path: "_supporters/x.md", Problem: problem,
			Fields: map[string]string{"name": "X", "category": cat, "nationality": nat}}
	}
	r := &Result{Supporters: []*Supporter{{ID: "x", Name: "X", FirstSeen: day("2019-09-16"), Lineages: []*Lineage{{Versions: []snapshot.Change{
		v(0, "2019-09-16", snapshot.Added, "", "", "malformed YAML"),         // nothing readable yet: the file name
		v(1, "2019-10-01", snapshot.Modified, "civil_society", "FRA", ""),    // readable
		v(2, "2019-10-01", snapshot.Modified, "civil_society", "DEU", ""),    // the day's last change counts
		v(3, "2020-01-01", snapshot.Modified, "civil_society", "DEU", ""),    // no change of classification
		v(4, "2020-02-01", snapshot.Modified, "", "", "malformed YAML"),      // unreadable later: changes nothing
		v(5, "2021-03-01", snapshot.Modified, "public-authority", "DEU", ""), // a new category
	}}}}}}
	got, err := PublishedHistory(r, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ from, to, cat, country string }{
		{"2019-09-16", "2019-10-01", "undefined", ""},
		{"2019-10-01", "2021-03-01", "civil-society", "DEU"},
		{"2021-03-01", "", "public-authority", "DEU"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d periods %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if g := got[i]; g.From != w.from || g.To != w.to || g.Category != w.cat || g.Country != w.country {
			t.Errorf("period %d = %s..%s %s %s, want %+v", i, g.From, g.To, g.Category, g.Country, w)
		}
	}
	cfg.Categories = map[string]string{"": "undefined"}
	if _, err := PublishedHistory(r, cfg); err == nil {
		t.Error("a category outside the crosswalk was accepted")
	}
}
