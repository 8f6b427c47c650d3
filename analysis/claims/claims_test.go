package claims

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestVerdict(t *testing.T) {
	tests := []struct {
		metric, op, expected, observed, want string
	}{
		{"count", "=", "79", "79", Holds},
		{"count", "=", "79", "81", DoesNotHold},
		{"count", ">", "70", "79", Holds},
		{"count", ">", "70", "70", DoesNotHold},
		{"count", ">=", "4", "4", Holds},
		{"count", "<", "9", "7", Holds},
		{"count", "<=", "9", "10", DoesNotHold},
		{"count", "~", "300", "330", Holds},
		{"count", "~", "300", "331", DoesNotHold},
		{"count", "~", "300", "270", Holds},
		{"count", "~", "300", "269", DoesNotHold},
		{"largest_region", "=", "Europe", "Europe", Holds},
		{"largest_region", "=", "Europe", "Europe and Asia (tied)", DoesNotHold},
		{"country_present", "=", "false", "true", DoesNotHold},
		{"count", ">", "70", "many", Unchecked},
		{"none", "", "", "", Unchecked},
	}
	for _, tt := range tests {
		c := Claim{Metric: tt.metric, Op: tt.op, Expected: tt.expected}
		if got := Verdict(c, tt.observed); got != tt.want {
			t.Errorf("%s %s %s with %q = %s, want %s", tt.metric, tt.op, tt.expected, tt.observed, got, tt.want)
		}
	}
}

func TestMeasure(t *testing.T) {
	set, err := datasets.Open(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	e := New(set)
	tests := []struct {
		metric string
		params map[string]string
		date   string
		want   string
	}{
		{"count", map[string]string{"category": "state"}, "2021-01-18", "79"},
		{"count", map[string]string{"category": "state"}, "2019-09-16", "68"},
		{"count", map[string]string{"category": "state", "country": "USA"}, "2021-11-30", "1"},
		{"country_present", map[string]string{"category": "state", "country": "USA"}, "2021-01-18", "false"},
		{"largest_region", map[string]string{"category": "state"}, "2021-01-18", "Europe"},
		{"regions", map[string]string{"category": "state"}, "2021-01-18", "5"},
		{"covered_principles", map[string]string{"framework": "for-the-web"}, "", "4"},
		{"covering_frameworks", map[string]string{"principle": "1"}, "", "6"},
		{"supporter_present", map[string]string{"id": "new-supporter"}, "2024-01-19", "false"},
	}
	for _, tt := range tests {
		got, err := e.Measure(Claim{ID: "t", Metric: tt.metric, Params: tt.params}, day(tt.date))
		if err != nil || got != tt.want {
			t.Errorf("%s %v on %s = %q, %v; want %q", tt.metric, tt.params, tt.date, got, err, tt.want)
		}
	}
	if _, err := e.Measure(Claim{ID: "t", Metric: "supporter_present", Params: map[string]string{"id": "nobody"}}, civil.MustParse("2021-01-18")); err == nil {
		t.Error("an unknown supporter id was accepted")
	}
}

func ExampleClaim_Check() {
	c := Claim{Metric: "count", Params: map[string]string{"category": "state"}, Op: ">", Expected: "70"}
	fmt.Println(c.Check(), "→", Verdict(c, "79"))
	// Output: count(category=state) > 70 → holds
}

func day(s string) civil.Date { d, _ := civil.ParseOptional(s); return d }
