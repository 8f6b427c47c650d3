package claims

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
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

// The ledger of the committed history: 79 states from Ecuador's listing to
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
	want := [][]string{
		{"states-79", "2020-11-20..2021-11-10", "356", "22.4", "1", "equateur united-states"},
		{"usa-absent", "2019-09-16..2021-11-10", "787", "49.6", "1", "united-states"},
	}
	for i, w := range want {
		if strings.Join(rows[i], ",") != strings.Join(w, ",") {
			t.Errorf("ledger %d = %v, want %v", i, rows[i], w)
		}
	}
}
