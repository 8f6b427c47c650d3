package claims

import (
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
)

func TestSummarise(t *testing.T) {
	cs := []datasets.CheckedClaim{
		{Kind: "supporter-history", VerdictAccess: Holds, VerdictLatest: DoesNotHold},
		{Kind: "supporter-history", VerdictAccess: Holds, VerdictLatest: Holds},
		{Kind: "public-sources", VerdictAccess: DoesNotHold, VerdictLatest: DoesNotHold},
		{Kind: "transcription", VerdictAccess: Transcribed, VerdictLatest: Transcribed},
		{Kind: "mystery", VerdictAccess: Unchecked, VerdictLatest: Unchecked},
	}
	got := Summarise(cs)
	if len(got) != 5 || got[0].Kind != "supporter-history" || got[3].Kind != "transcription" || got[4].Kind != "mystery" {
		t.Fatalf("kinds = %+v", got)
	}
	if got[0].Claims != 2 || got[0].Access[Holds] != 2 || got[0].Latest[Holds] != 1 || got[0].Latest[DoesNotHold] != 1 {
		t.Errorf("supporter-history = %+v", got[0])
	}
	if got[3].Access[Holds] != 0 || got[3].Access[Transcribed] != 1 {
		t.Errorf("transcription counted as holding: %+v", got[3])
	}
	if got[2].Claims != 0 || got[4].Claims != 1 {
		t.Errorf("internal-consistency %+v, unknown kind %+v", got[2], got[4])
	}
}
