package claims

import (
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

// A claim whose metric or parameters the evaluator does not know is an
// error naming the claim, never a verdict.
func TestValidateRefusesWhatItDoesNotKnow(t *testing.T) {
	set, err := datasets.Open(testenv.Root(t) + "/datasets")
	if err != nil {
		t.Fatal(err)
	}
	e := New(set)
	for _, tt := range []struct {
		metric string
		params map[string]string
		want   string // "" when valid
	}{
		{"count", map[string]string{"category": "state"}, ""},
		{"count", map[string]string{"contry": "IND"}, `unknown parameter "contry" for metric count`},
		{"count", map[string]string{"category": "states"}, `unknown category "states"`},
		{"country_present", map[string]string{"category": "state", "country": "XXX"}, `unknown country code "XXX"`},
		{"country_present", nil, "needs the parameter country"},
		{"covered_principles", map[string]string{"framework": "paris"}, `unknown framework "paris"`},
		{"frameworks", map[string]string{"exclude": "nope"}, `unknown framework "nope"`},
		{"max_covered_by_others", map[string]string{"framework": "paris-call", "among": "enisa"}, ""},
		{"timeline_text", map[string]string{"event": "stuxnet"}, "needs the parameter word"},
		{"timeline_events", map[string]string{"before": "2010", "level": "domestic"}, ""},
		{"source_value", nil, ""},
		{"source_value", map[string]string{"event": "stuxnet", "country": "USA"}, "takes event or country, not both"},
		{"sizes", nil, `unknown metric "sizes"`},
	} {
		err := e.validate(Claim{ID: "c", Metric: tt.metric, Params: tt.params})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s %v: %v", tt.metric, tt.params, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "claim c")):
			t.Errorf("%s %v: error %v, want one naming claim c with %q", tt.metric, tt.params, err, tt.want)
		}
	}
}
