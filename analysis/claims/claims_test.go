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
		{"source_value", "in", "2008-02", "2008-06-17", DoesNotHold},
		{"source_value", "in", "2008-02", "2008-02-14", Holds},
		{"source_value", "in", "2016", "2015-10-16", DoesNotHold},
		// A year cannot bear out a day: one source at least must be as precise.
		{"source_value", "in", "2009-07-07", "2009", Unchecked},
		{"source_value", "in", "2009-07-07", "2009 | 2009-07", Unchecked},
		{"source_value", "in", "2009-07-07", "2009 | 2009-07 | 2009-07-07", Holds},
		{"source_value", "in", "2011-04", "2011-04-27 | 2011-04-29", Holds},
		{"source_value", "in", "2009-07-07", "2010", DoesNotHold},
		{"source_value", "in", "1996", "1996 | 1996-01-29", Holds},
		{"source_value", "in", "1996", "1996 | 1997-01-29", DoesNotHold},
		{"source_value", "=", "true", "", Unchecked},
		{"source_value", "=", "true", "false", DoesNotHold},
		{"adherence", "=", "true", "", Unchecked},
		{"adherence", "=", "true", "false", DoesNotHold},
		{"adherence", "=", "true", "true", Holds},
	}
	for _, tt := range tests {
		c := Claim{Metric: tt.metric, Op: tt.op, Expected: tt.expected}
		if got := Verdict(c, tt.observed); got != tt.want {
			t.Errorf("%s %s %s with %q = %s, want %s", tt.metric, tt.op, tt.expected, tt.observed, got, tt.want)
		}
	}
}

// A claim that only compares the chapter's table with its transcription
// never holds, whatever its value; nor does an internal-consistency claim,
// which is "consistent with itself" when it agrees and "does not hold" when
// the chapter contradicts itself.
func TestTranscriptionNeverHolds(t *testing.T) {
	for _, observed := range []string{"9", "8"} {
		c := Claim{Kind: "transcription", Metric: "principles", Op: "=", Expected: "9"}
		if got := Verdict(c, observed); got != Transcribed {
			t.Errorf("transcription claim with %s = %s, want %s", observed, got, Transcribed)
		}
	}
	for observed, want := range map[string]string{"5": SelfConsistent, "6": DoesNotHold} {
		c := Claim{Kind: "internal-consistency", Metric: "frameworks", Op: "=", Expected: "5"}
		if got := Verdict(c, observed); got != want {
			t.Errorf("internal-consistency claim with %s = %s, want %s", observed, got, want)
		}
	}
}

func TestSourceValue(t *testing.T) {
	e := &Evaluator{evidence: map[string][]Evidence{
		"a": {{Value: "2008-06-17"}, {Value: "2008-06-17"}},
		"b": {{Value: "1996-01-29"}, {Value: "1996"}},
	}}
	for id, want := range map[string]string{"a": "2008-06-17", "b": "1996 | 1996-01-29", "c": ""} {
		if got := e.sourceValue(Claim{ID: id}); got != want {
			t.Errorf("sources of %s = %q, want %q", id, got, want)
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
		{"timeline_events", map[string]string{"level": "domestic", "kind": "institution|policy|report", "before": "2010"}, "", "8"},
		{"timeline_events", map[string]string{"level": "domestic", "kind": "incident"}, "", "1"},
		{"timeline_text", map[string]string{"event": "kenya-election", "word": "pemilu"}, "", "true"},
		{"timeline_text", map[string]string{"event": "estonia-attacks", "word": "pemilu"}, "", "false"},
		{"frameworks", map[string]string{"exclude": "paris-call"}, "", "5"},
		{"max_covered_by_others", map[string]string{"framework": "paris-call", "among": "for-the-web"}, "", "4"},
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
