package claims

import (
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

func curatedClaims(t *testing.T, rows string) schema.Data {
	t.Helper()
	d, err := schema.ReadCSV(strings.NewReader("id,section,kind,quote,claim_en,metric,params,op,expected,note\n"+rows), "claims.csv", schema.CuratedClaims)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCorrections(t *testing.T) {
	d := curatedClaims(t, `wrong,2.1,public-sources,q,c,source_value,event=wp,in,2008-02,
right,2.1,public-sources,q,c,source_value,event=anssi,in,2009-07-07,
split,2.1,public-sources,q,c,source_value,event=split,in,2016,
fact,2.1,public-sources,q,c,source_value,,=,true,
`)
	ev := []Evidence{
		{ClaimID: "wrong", Value: "2008-06-17", Publisher: "P", URL: "https://a"},
		{ClaimID: "right", Value: "2009", Publisher: "P", URL: "https://b"},
		{ClaimID: "split", Value: "2015-10-16", Publisher: "P", URL: "https://c"},
		{ClaimID: "split", Value: "2016-01-01", Publisher: "Q", URL: "https://d"},
		{ClaimID: "fact", Value: "false", Publisher: "P", URL: "https://e"},
	}
	got, err := Corrections(d, ev)
	if err != nil {
		t.Fatal(err)
	}
	want := Correction{Event: "wp", Date: "2008-06-17", Claim: "wrong", Source: "P <https://a>"}
	if len(got) != 1 || got["wp"] != want {
		t.Errorf("corrections = %+v, want only %+v", got, want)
	}
}

func TestCorrectionsRefuseTwoForOneEvent(t *testing.T) {
	d := curatedClaims(t, `a,2.1,public-sources,q,c,source_value,event=wp,in,2008-02,
b,2.1,public-sources,q,c,source_value,event=wp,in,2008-03,
`)
	ev := []Evidence{{ClaimID: "a", Value: "2008-06-17"}, {ClaimID: "b", Value: "2008-06-17"}}
	if _, err := Corrections(d, ev); err == nil || !strings.Contains(err.Error(), "event wp") {
		t.Errorf("two corrections of one event: err = %v", err)
	}
}

// Only a claim of kind public-sources may be measured by its sources, and it
// by nothing else but the adherence panel, which a claim on the supporter
// history may read too.
func TestParseKindAndMetricAgree(t *testing.T) {
	for _, row := range []string{
		"a,2.1,public-sources,q,c,count,category=state,=,79,\n",
		"a,2.1,supporter-history,q,c,source_value,,=,true,\n",
		"a,2.1,internal-consistency,q,c,adherence,instrument=x,=,true,\n",
	} {
		if _, err := Parse(curatedClaims(t, row)); err == nil || !strings.Contains(err.Error(), "field metric") {
			t.Errorf("%q: err = %v", row, err)
		}
	}
}
