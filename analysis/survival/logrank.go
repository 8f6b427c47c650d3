package survival

import (
	"fmt"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// LogRank is a k-group log-rank test.
type LogRank struct {
	Groups   []string  // sorted
	N        []int     // records per group
	Observed []float64 // events per group
	Expected []float64 // events expected under equal hazards
	Chisq    float64
	DF       int
	P        float64
}

// LogRankTest compares the hazards of the groups (group[i] is the group of
// recs[i]) with the log-rank test: observed minus expected events at each
// event time, with the hypergeometric variance. Risk sets follow the
// counting-process intervals, so late entries count only after they enter;
// on right-censored data it is R's survdiff, and on any data the score test
// of a Cox model of the group with exact ties.
func LogRankTest(recs []Record, group []string) (*LogRank, error) {
	if err := check(recs); err != nil {
		return nil, err
	}
	if len(group) != len(recs) {
		return nil, fmt.Errorf("survival: %d groups for %d records", len(group), len(recs))
	}
	idx := map[string]int{}
	for _, g := range group {
		idx[g] = 0
	}
	lr := &LogRank{}
	for g := range idx {
		lr.Groups = append(lr.Groups, g)
	}
	sort.Strings(lr.Groups)
	for i, g := range lr.Groups {
		idx[g] = i
	}
	k := len(lr.Groups)
	if k < 2 {
		return nil, notEstimable("survival: log-rank test needs two groups, got %d", k)
	}
	lr.N = make([]int, k)
	for _, g := range group {
		lr.N[idx[g]]++
	}
	lr.Observed, lr.Expected = make([]float64, k), make([]float64, k)
	v := mat.NewSymDense(k, nil)
	nk, dk := make([]float64, k), make([]float64, k)
	for _, t := range eventTimes(recs) {
		clear(nk)
		clear(dk)
		var n, d float64
		for i, r := range recs {
			if r.Start < t && t <= r.Stop {
				g := idx[group[i]]
				nk[g]++
				n++
				if r.Event && r.Stop == t {
					dk[g]++
					d++
				}
			}
		}
		for g := range k {
			lr.Observed[g] += dk[g]
			lr.Expected[g] += d * nk[g] / n
		}
		if n < 2 {
			continue
		}
		f := d * (n - d) / (n - 1)
		for g := range k {
			for h := g; h < k; h++ {
				x := -f * nk[g] / n * nk[h] / n
				if g == h {
					x += f * nk[g] / n
				}
				v.SetSym(g, h, v.At(g, h)+x)
			}
		}
	}
	// The k statistics sum to zero: drop the last group and invert the rest,
	// dropping further groups with no variance (no one ever at risk).
	var keep []int
	for g := range k - 1 {
		if v.At(g, g) > 0 {
			keep = append(keep, g)
		}
	}
	if len(keep) == 0 {
		return nil, notEstimable("survival: log-rank test: no group has events or subjects at risk to compare")
	}
	u := mat.NewVecDense(len(keep), nil)
	sub := mat.NewSymDense(len(keep), nil)
	for a, g := range keep {
		u.SetVec(a, lr.Observed[g]-lr.Expected[g])
		for b, h := range keep {
			sub.SetSym(a, b, v.At(g, h))
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(sub) {
		return nil, notEstimable("survival: log-rank test: singular variance matrix")
	}
	var w mat.VecDense
	if err := ch.SolveVecTo(&w, u); err != nil {
		return nil, fmt.Errorf("survival: log-rank test: %w", err)
	}
	lr.Chisq = mat.Dot(u, &w)
	lr.DF = len(keep)
	lr.P = distuv.ChiSquared{K: float64(lr.DF)}.Survival(lr.Chisq)
	return lr, nil
}
