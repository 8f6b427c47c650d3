package build

import (
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// An erratum's source says where its value comes from: a count by alliance
// reads the alliance field of the 2019 files, which later files lack, so its
// source says so; a count without it does not.
func TestErrataSourceNamesAllianceRecords(t *testing.T) {
	out, err := Derive(committedInputs(t))
	if err != nil {
		t.Fatal(err)
	}
	e := out.Tables[vocab.Errata]
	source := map[string]string{}
	for _, r := range e.Rows {
		source[r[e.Table.Index("claim_id")]] = r[e.Table.Index("source")]
	}
	for id, want := range map[string]bool{"firms-85": true, "civil-society-300": false} {
		s, ok := source[id]
		if !ok {
			t.Fatalf("no erratum %s", id)
		}
		if got := strings.Contains(s, "2019 files"); got != want {
			t.Errorf("erratum %s: source %q names the 2019 files: %v, want %v", id, s, got, want)
		}
	}
}
