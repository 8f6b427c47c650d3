package claims

import (
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// KindCount is the headline of one kind of check: how many claims of the
// kind have each verdict on the chapter's access date and on the latest date.
type KindCount struct {
	Kind           string
	Claims         int
	Access, Latest map[string]int // by verdict
}

// Summarise counts the checked claims per kind and verdict, kinds in the
// vocabulary's order. Claims that cannot change with the data are counted
// apart, never as holding: transcription claims as "transcribed only",
// internal-consistency claims that agree as "consistent with itself".
func Summarise(cs []datasets.CheckedClaim) []KindCount {
	by := map[string]*KindCount{}
	for _, k := range vocab.ClaimKinds {
		by[k] = &KindCount{Kind: k, Access: map[string]int{}, Latest: map[string]int{}}
	}
	for _, c := range cs {
		k, ok := by[c.Kind]
		if !ok {
			k = &KindCount{Kind: c.Kind, Access: map[string]int{}, Latest: map[string]int{}}
			by[c.Kind] = k
		}
		k.Claims++
		k.Access[c.VerdictAccess]++
		k.Latest[c.VerdictLatest]++
	}
	var out []KindCount
	for _, k := range vocab.ClaimKinds {
		out = append(out, *by[k])
		delete(by, k)
	}
	// A kind the vocabulary does not know is still counted, not dropped.
	for _, k := range by {
		out = append(out, *k)
	}
	return out
}
