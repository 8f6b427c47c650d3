package frames

import (
	"fmt"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/cybernorms/cybernorms/notebooks/display"
)

func TestHTML(t *testing.T) {
	s := datasets.MustLoad()
	h := HTML(Must(s, "principles"), "Principles")
	for _, want := range []string{"<caption>Principles</caption>", "<th>label_id</th>", `<td class="num">9</td>`, "Melindungi individu dan infrastruktur", "9 rows × 6 columns"} {
		if !strings.Contains(h, want) {
			t.Errorf("principles table lacks %q", want)
		}
	}
	// The supporters as the datasets decode them, not through the frame;
	// 1230 in the committed history, more after a refresh.
	n := len(s.Supporters())
	if s.Span.Last.String() == "2024-01-19" && n != 1230 {
		t.Errorf("%d supporters in the committed history, want 1230", n)
	}
	h = HTML(Must(s, "supporters"), "")
	if !strings.Contains(h, fmt.Sprintf("%s rows not shown", labels.EN.Int(n-30))) || !strings.Contains(h, fmt.Sprintf("%s rows × 22 columns", labels.EN.Int(n))) {
		t.Error("long tables are not elided")
	}
	if strings.Count(h, "<tr>") != display.MaxRows+2 {
		t.Errorf("%d rows shown", strings.Count(h, "<tr>"))
	}
	// A count aggregated by gota is a float, shown as the integer it is.
	counts := Must(s, datasets.Coverage).GroupBy("framework_id").Aggregation([]dataframe.AggregationType{dataframe.Aggregation_COUNT}, []string{"principle_id"})
	if h := HTML(counts, ""); !strings.Contains(h, `<td class="num">9</td>`) || strings.Contains(h, "9.000") {
		t.Errorf("counts not shown as integers: %s", h)
	}
}

// A table of the catalogue is shown by display.Table, without gota, as a
// frame of its text would be: the notebooks' tables look as they did when
// they went through a DataFrame, but for a column with no name (Tabel 2.2's
// first), which gota named X0 and which is now shown, as the report writes
// it, with none.
func TestCatalogueTablesShowAsFrames(t *testing.T) {
	in := exhibits.NewInput(datasets.MustLoad(), nil)
	o := exhibits.Options{AsOf: datasets.ChapterAccessDate, Lang: labels.EN}
	defer func(n int) { display.MaxRows = n }(display.MaxRows)
	display.MaxRows = 40
	n := 0
	for _, e := range exhibits.All() {
		if e.Kind != exhibits.Tabular {
			continue
		}
		tab, err := e.Table(in, o)
		if err != nil {
			t.Fatal(err)
		}
		df := dataframe.LoadRecords(append([][]string{tab.Columns}, tab.Rows...), dataframe.DetectTypes(false), dataframe.HasHeader(true))
		want := HTML(df, tab.Caption)
		for i, c := range tab.Columns {
			if c == "" {
				want = strings.Replace(want, fmt.Sprintf("<th>X%d</th>", i), "<th></th>", 1)
			}
		}
		if got := display.TableHTML(tab.Caption, display.Text(tab.Columns...), tab.Rows); got != want {
			t.Errorf("%s: shown as\n%s\nnot as its frame:\n%s", e.ID, got, want)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no table in the catalogue")
	}
}
