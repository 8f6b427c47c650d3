package claims

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestCountMargin(t *testing.T) {
	tests := []struct {
		op    string
		o, x  float64
		holds bool
		want  int
	}{
		{"=", 79, 79, true, 1}, {"=", 81, 79, false, 2},
		{">", 79, 70, true, 9}, {">", 68, 70, false, 3},
		{">=", 5, 4, true, 2}, {"<", 7, 9, true, 2}, {"<=", 9, 9, true, 1},
		{"~", 375, 300, false, 45}, {"~", 300, 300, true, 31}, {"~", 250, 300, false, 20},
	}
	for _, tt := range tests {
		if got := countMargin(tt.op, tt.o, tt.x, tt.holds); got != tt.want {
			t.Errorf("%v %s %v (holds %v): margin %d, want %d", tt.o, tt.op, tt.x, tt.holds, got, tt.want)
		}
	}
}

// The ledger of the supporter history: 79 states from Ecuador's listing to
// the United States', the United States absent until it joined.
func TestLedgers(t *testing.T) {
	set, err := datasets.Open(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	cs := []Claim{
		{ID: "states-79", Kind: "supporter-history", Metric: "count", Params: map[string]string{"category": "state"}, Op: "=", Expected: "79"},
		{ID: "usa-absent", Kind: "supporter-history", Metric: "country_present", Params: map[string]string{"category": "state", "country": "USA"}, Op: "=", Expected: "false"},
		{ID: "transcribed", Kind: "transcription", Metric: "principles", Op: "=", Expected: "9"},
	}
	ls, err := New(set).Ledgers(cs, civil.MustParse("2021-01-18"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 2 {
		t.Fatalf("%d ledgers, want the 2 data claims", len(ls))
	}
	rows := LedgerRows(ls, 12)
	// The days each claim holds lie in 2019-2021 and stay; its share is of
	// the whole history, which grows with each refresh: counted here from
	// the span's two ends, and pinned where the history is the committed one.
	history := int(set.Span.Last.Time().Sub(set.Span.First.Time()).Hours()/24) + 1
	share := func(days int) string { return fmt.Sprintf("%.1f", 100*float64(days)/float64(history)) }
	if set.Span.String() == "2019-09-16 to 2024-01-19" && (share(356) != "22.4" || share(787) != "49.6") {
		t.Errorf("committed history of %d days: shares %s and %s, want 22.4 and 49.6", history, share(356), share(787))
	}
	want := [][]string{
		{"states-79", "2020-11-20..2021-11-10", "356", share(356), "1", "equateur united-states"},
		{"usa-absent", "2019-09-16..2021-11-10", "787", share(787), "1", "united-states"},
	}
	for i, w := range want {
		if strings.Join(rows[i], ",") != strings.Join(w, ",") {
			t.Errorf("ledger %d = %v, want %v", i, rows[i], w)
		}
	}
}

// committedClaims reads the curated claims and opens the committed datasets.
func committedClaims(tb testing.TB) (*datasets.Set, []Claim) {
	tb.Helper()
	dir := filepath.Join(testenv.Root(tb), "datasets")
	set, err := datasets.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "curated", "claims.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	d, err := schema.ReadCSV(f, "claims.csv", schema.CuratedClaims)
	if err != nil {
		tb.Fatal(err)
	}
	cs, err := Parse(d)
	if err != nil {
		tb.Fatal(err)
	}
	return set, cs
}

// The sweep carries a claim from day to day; measuring it afresh on every
// day must give the same ledger, for every committed claim and for claims of
// every metric the sweep carries, with each kind of selection.
func TestSweptLedgersAreMeasuredLedgers(t *testing.T) {
	set, cs := committedClaims(t)
	data := func(id, metric, params, op, expected string) Claim {
		c := Claim{ID: id, Kind: vocab.KindData, Metric: metric, Params: map[string]string{}, Op: op, Expected: expected}
		for _, kv := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(kv, "="); ok {
				c.Params[k] = v
			}
		}
		return c
	}
	cs = append(cs,
		data("all", "count", "", ">=", "60"),
		data("orgs", "count", "category=organisation", "~", "400"),
		data("nato", "count", "category=state;alliance=NATO", ">", "20"),
		data("any-alliance", "count", "alliance=any", "<", "30"),
		data("largest", "largest_region", "category=state", "=", "Europe"),
		data("largest-all", "largest_region", "", "=", "Europe"),
		data("regions", "regions", "category=state", ">=", "5"),
		data("regions-all", "regions", "", "=", "5"),
		data("fra", "country_present", "country=FRA", "=", "true"),
		data("usa-orgs", "country_present", "country=USA;category=organisation", "=", "true"),
	)
	for _, s := range set.Supporters()[:40] {
		cs = append(cs, data("present-"+s.ID, "supporter_present", "id="+s.ID, "=", "true"))
	}
	e := New(set)
	days := changeDays(set)
	if len(days) < 50 {
		t.Fatalf("%d change days: the test needs the committed history", len(days))
	}
	got, err := e.Ledgers(cs, datasets.ChapterAccessDate)
	if err != nil {
		t.Fatal(err)
	}
	movers := map[civil.Date][]string{}
	for _, s := range e.supporters {
		movers[s.FirstSeen] = append(movers[s.FirstSeen], s.ID)
		if !s.RemovedOn.IsZero() {
			movers[s.RemovedOn] = append(movers[s.RemovedOn], s.ID)
		}
	}
	for _, p := range set.Published() {
		movers[p.ValidFrom] = append(movers[p.ValidFrom], p.SupporterID)
	}
	swept := 0
	i := 0
	for _, c := range cs {
		if c.Kind != vocab.KindData {
			continue
		}
		want, err := e.ledgerByDay(c, days, movers)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.finish(&want, datasets.ChapterAccessDate); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("claim %s: swept ledger\n%+v\nmeasured day by day\n%+v", c.ID, got[i], want)
		}
		if incremental(c) {
			swept++
		}
		i++
	}
	if swept < 60 {
		t.Errorf("only %d claims swept", swept)
	}
}

// BenchmarkLedgers computes the ledger of the committed claims, and of 10
// and 100 times as many (the data claims repeated under new ids): its cost
// per claim must stay flat.
func BenchmarkLedgers(b *testing.B) {
	set, cs := committedClaims(b)
	var data []Claim
	for _, c := range cs {
		if c.Kind == vocab.KindData {
			data = append(data, c)
		}
	}
	for _, k := range []int{1, 10, 100} {
		many := slices.Clone(cs)
		for i := 1; len(many) < k*len(cs); i++ {
			for _, c := range data {
				c.ID = fmt.Sprintf("%s-%d", c.ID, i)
				many = append(many, c)
			}
		}
		b.Run(fmt.Sprintf("claims=x%d", k), func(b *testing.B) {
			for b.Loop() {
				if _, err := New(set).Ledgers(many, datasets.ChapterAccessDate); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(many)), "ns/claim")
		})
	}
}
