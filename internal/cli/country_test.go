package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestQueryCountry(t *testing.T) {
	dir := filepath.Join(testenv.Root(t), "datasets")
	code, stdout, stderr := run(t, "query", "--data", dir, "--country", "fra", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var v CountryView
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatal(err)
	}
	by := map[string]CountryInstrument{}
	for _, ci := range v.Instruments {
		by[ci.Instrument] = ci
	}
	if v.Country != "FRA" || len(v.Instruments) != 8 {
		t.Fatalf("France: %s with %d instruments, want FRA with the panel's 8", v.Country, len(v.Instruments))
	}
	// The Council of Europe's chart: signed 23 November 2001, ratified 10
	// January 2006, in force 1 May 2006.
	b := by["budapest-convention"]
	var evs []string
	for _, e := range b.Events {
		evs = append(evs, e.Event+" "+e.DateISO)
	}
	if b.Status != "party" || b.Since != "2006-01-10" || strings.Join(evs, "; ") != "signature 2001-11-23; ratification 2006-01-10; entry-into-force 2006-05-01" {
		t.Errorf("France under the Budapest Convention: %s since %s, events %v", b.Status, b.Since, evs)
	}
	if u := by["un-cybercrime-convention"]; u.Status != "signatory" || u.Since != "2025-10-25" {
		t.Errorf("France under the UN convention: %+v", u)
	}
	// The press names France among the Code's Paris signatories of April
	// 2025; the Tech Accord, a coalition of companies, has no state: its
	// events are an empty list, not null.
	if pm := by["pall-mall-code"]; pm.Status != "supporter" || pm.Since != "2025-04" {
		t.Errorf("France under the Pall Mall Code: %+v", pm)
	}
	if ta := by["tech-accord"]; ta.Status != "none" || ta.Events == nil || len(ta.Events) != 0 {
		t.Errorf("France under the Tech Accord: %+v", ta)
	}
	if by["paris-call"].Organisations == 0 {
		t.Error("no French organisation counted under the Paris Call")
	}
	// On an earlier day a later event does not count, yet it is listed.
	code, stdout, _ = run(t, "query", "--data", dir, "--country", "USA", "--as-of", "2021-01-18", "--format", "csv")
	if code != 0 || !strings.Contains(stdout, "2021-01-18,USA,paris-call,none,,support,2021-11-11,") ||
		!strings.Contains(stdout, "2021-01-18,USA,budapest-convention,party,2006-09-29,ratification,2006-09-29,") {
		t.Errorf("United States on 2021-01-18: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "query", "--data", dir, "--country", "FRA")
	if code != 0 || !strings.Contains(stdout, "France (FRA) on ") || !strings.Contains(stdout, "signature 2001-11-23; ratification 2006-01-10") {
		t.Errorf("text: exit %d\n%s", code, stdout)
	}
	for _, args := range [][]string{
		{"--country", "XYZ"},
		{"--country", "FRA", "--instrument", "paris-call"},
		{"--country", "FRA", "--category", "state"},
		{"--country", "FRA", "--as-of", "2021-02-30"},
	} {
		code, _, stderr := run(t, append([]string{"query", "--data", dir}, args...)...)
		if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "--") {
			t.Errorf("%v: exit %d, %q; want a one-line usage error", args, code, stderr)
		}
	}
}
