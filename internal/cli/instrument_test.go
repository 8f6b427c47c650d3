package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestQueryInstrument(t *testing.T) {
	dir := filepath.Join(testenv.Root(t), "datasets")
	code, stdout, stderr := run(t, "query", "--data", dir, "--instrument", "cets-224", "--as-of", "2024-06-20", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var q adherence.Tally
	if err := json.Unmarshal([]byte(stdout), &q); err != nil {
		t.Fatal(err)
	}
	// The Second Protocol's table was read whole: the panel equals the
	// Council of Europe's count of that day, 44 signatories and 2 Parties.
	if q.ByStatus[adherence.Party] != 2 || q.ByStatus[adherence.Signatory] != 44 {
		t.Errorf("CETS 224 on 2024-06-20: %v, want 2 parties and 44 signatories", q.ByStatus)
	}
	same := 0
	for _, o := range q.Official {
		if o.DateISO != "2024-06-20" {
			continue // an earlier total, shown for context
		}
		same++
		if o.Identified != o.Total {
			t.Errorf("%s: panel %d, official %d", o.Measure, o.Identified, o.Total)
		}
	}
	if same != 2 {
		t.Errorf("official totals of the day: %+v", q.Official)
	}
	sum := 0
	for _, r := range q.ByRegion {
		sum += r.Total
	}
	if sum != q.Total || len(q.Parties) != q.Total {
		t.Errorf("regions add up to %d, %d parties listed, total %d", sum, len(q.Parties), q.Total)
	}
	// A day before a signature is certainly past, it does not count.
	code, stdout, _ = run(t, "query", "--data", dir, "--instrument", "un-cybercrime-convention", "--as-of", "2025-10-24", "--format", "csv")
	if code != 0 || stdout != "as_of,instrument,region,status,parties\n" {
		t.Errorf("before the opening: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "query", "--data", dir, "--instrument", "un-cybercrime-convention", "--as-of", "2025-10-24", "--format", "json")
	if code != 0 || !strings.Contains(stdout, `"parties": []`) || !strings.Contains(stdout, `"official": []`) {
		t.Errorf("json before the opening lists no party as an empty list: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "query", "--data", dir, "--instrument", "budapest-convention", "--as-of", "2024-10-09")
	if code != 0 || !strings.Contains(stdout, "official: 76 parties on 2024-10-09") {
		t.Errorf("text query: exit %d\n%s", code, stdout)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"query", "--data", dir, "--instrument", "warsaw-pact"}, "cybernorms query: unknown --instrument \"warsaw-pact\" (want one of paris-call, budapest-convention, cets-224, un-cybercrime-convention, pall-mall-declaration, pall-mall-code, tech-accord, charter-of-trust)\n"},
		{[]string{"query", "--data", dir, "--instrument", "cets-224", "--as-of", "2024-02-30"}, "cybernorms query: --as-of: \"2024-02-30\" is not a date (YYYY-MM-DD)\n"},
		{[]string{"query", "--data", dir, "--instrument", "cets-224", "--category", "state"}, "cybernorms query: --instrument counts parties, not supporters: it takes neither --category nor --latest-classification\n"},
	} {
		code, _, stderr := run(t, tt.args...)
		if code != 2 || stderr != tt.want {
			t.Errorf("%v: exit %d, stderr %q; want 2, %q", tt.args, code, stderr, tt.want)
		}
	}
}
