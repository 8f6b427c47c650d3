package frames

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

func TestOf(t *testing.T) {
	s := datasets.MustLoad()
	df, err := Of(s, "supporters")
	if err != nil {
		t.Fatal(err)
	}
	if df.Nrow() != len(s.Supporters()) || df.Col("files").Type() != series.Int || df.Col("in_first_commit").Type() != series.Bool || df.Col("name").Type() != series.String {
		t.Errorf("supporters frame: %d rows, types %v", df.Nrow(), df.Types())
	}
	if _, err := Of(s, "nope"); err == nil {
		t.Error("Of an unknown table succeeded")
	}
}

func ExampleMust() {
	s := datasets.MustLoad()
	df := Must(s, datasets.Supporters)
	states := df.Filter(dataframe.F{Colname: "category", Comparator: series.Eq, Comparando: "state"})
	fmt.Println(states.Nrow(), "states in the whole history")
	// Output: 81 states in the whole history
}

func ExamplePresent() {
	set := datasets.MustLoad()
	states := Present(set, datasets.ChapterAccessDate, "state")
	fmt.Println(states.Nrow(), "states;", Present(set, datasets.ChapterAccessDate).Nrow(), "supporters")
	// Output: 79 states; 1173 supporters
}

// The frame a notebook groups is the report's view: on the chapter's date
// the categories are those published that day, not the latest ones.
func TestPresentIsAsPublished(t *testing.T) {
	set := datasets.MustLoad()
	d := datasets.ChapterAccessDate
	for _, c := range []analysis.Classification{analysis.Published, analysis.Latest} {
		df := PresentWith(set, d, c)
		want := map[string]int{}
		for _, s := range analysis.Present(analysis.Classified(set, d, c), d) {
			want[s.Category]++
		}
		got := map[string]int{}
		for _, v := range df.Col("category").Records() {
			got[v]++
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: frame categories %v, want %v", c, got, want)
		}
	}
	pub, latest := analysis.CountOnWith(set, d, "", analysis.Published), analysis.CountOnWith(set, d, "", analysis.Latest)
	if reflect.DeepEqual(pub.ByCategory, latest.ByCategory) {
		t.Fatalf("no supporter reclassified since %s: the test shows nothing", d)
	}
	if n := Present(set, d, vocab.PrivateSector).Nrow(); n != pub.ByCategory[vocab.PrivateSector] {
		t.Errorf("PresentFrame: %d private-sector rows, the published count is %d", n, pub.ByCategory[vocab.PrivateSector])
	}
}
