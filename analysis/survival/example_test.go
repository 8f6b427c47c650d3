package survival_test

import (
	"fmt"

	"github.com/cybernorms/cybernorms/analysis/survival"
)

// Six subjects; two enter late, at day 3, and count at risk only after it.
var recs = []survival.Record{
	{Start: 0, Stop: 5, Event: true},
	{Start: 0, Stop: 8, Event: false},
	{Start: 3, Stop: 6, Event: true},
	{Start: 3, Stop: 9, Event: true},
	{Start: 0, Stop: 4, Event: true},
	{Start: 0, Stop: 10, Event: false},
}

func ExampleKaplanMeier() {
	steps, err := survival.KaplanMeier(recs, survival.Options{Conf: survival.Log})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range steps {
		fmt.Printf("t=%-2g at risk %d events %d S=%.3f se=%.3f 95%% CI [%.3f, %.3f]\n",
			s.Time, s.NRisk, s.NEvent, s.Survival, s.StdErr, s.Lower, s.Upper)
	}
	// Output:
	// t=4  at risk 6 events 1 S=0.833 se=0.152 95% CI [0.583, 1.000]
	// t=5  at risk 5 events 1 S=0.667 se=0.192 95% CI [0.379, 1.000]
	// t=6  at risk 4 events 1 S=0.500 se=0.204 95% CI [0.225, 1.000]
	// t=8  at risk 3 events 0 S=0.500 se=0.204 95% CI [0.225, 1.000]
	// t=9  at risk 2 events 1 S=0.250 se=0.204 95% CI [0.050, 1.000]
	// t=10 at risk 1 events 0 S=0.250 se=0.204 95% CI [0.050, 1.000]
}

func ExampleLogRankTest() {
	lr, err := survival.LogRankTest(recs, []string{"a", "a", "b", "b", "a", "b"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("observed %v expected %.2f chisq %.3f on %d df, p %.3f\n", lr.Observed, lr.Expected, lr.Chisq, lr.DF, lr.P)
	// Output:
	// observed [2 2] expected [1.15 2.85] chisq 1.066 on 1 df, p 0.302
}

func ExampleFitCox() {
	x := [][]float64{{1}, {0}, {0}, {1}, {1}, {0}}
	c, err := survival.FitCox(recs, x, []string{"treated"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("coef %.3f se %.3f hazard ratio %.2f\n", c.Coef[0], c.StdErr[0], c.HazardRatio(0))
	fmt.Printf("likelihood ratio %.3f, Wald %.3f, score %.3f on %d df\n", c.LR, c.Wald, c.Score, c.DF)
	z, _ := c.ZPH(survival.KM, nil)
	fmt.Printf("proportional hazards (km): chisq %.3f, p %.3f\n", z[0].Chisq, z[0].P)
	// Output:
	// coef 1.523 se 1.180 hazard ratio 4.59
	// likelihood ratio 1.970, Wald 1.667, score 1.965 on 1 df
	// proportional hazards (km): chisq 0.236, p 0.627
}
