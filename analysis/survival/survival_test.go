package survival

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func rec(start, stop float64, event bool) Record {
	return Record{Start: start, Stop: stop, Event: event}
}

func TestKaplanMeierByHand(t *testing.T) {
	tests := []struct {
		name string
		recs []Record
		// time, n at risk, events, survival, Greenwood variance of -log S
		want [][5]float64
	}{
		{"right censored", []Record{rec(0, 1, true), rec(0, 2, false), rec(0, 3, true), rec(0, 3, true), rec(0, 4, false)},
			[][5]float64{{1, 5, 1, 0.8, 1.0 / 20}, {2, 4, 0, 0.8, 1.0 / 20}, {3, 3, 2, 0.8 / 3, 1.0/20 + 2.0/3}, {4, 1, 0, 0.8 / 3, 1.0/20 + 2.0/3}}},
		// A late entry is not at risk before it enters, nor at its entry time.
		{"late entry", []Record{rec(0, 2, true), rec(2, 5, true), rec(0, 4, false), rec(1, 3, true)},
			[][5]float64{{2, 3, 1, 2.0 / 3, 1.0 / 6}, {3, 3, 1, 4.0 / 9, 1.0/6 + 1.0/6}, {4, 2, 0, 4.0 / 9, 1.0 / 3}, {5, 1, 1, 0, math.Inf(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps, err := KaplanMeier(tt.recs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(steps) != len(tt.want) {
				t.Fatalf("%d steps, want %d", len(steps), len(tt.want))
			}
			for i, w := range tt.want {
				s := steps[i]
				if s.Time != w[0] || float64(s.NRisk) != w[1] || float64(s.NEvent) != w[2] || math.Abs(s.Survival-w[3]) > 1e-15 {
					t.Errorf("step %d: %+v, want %v", i, s, w)
				}
				if math.IsInf(w[4], 1) {
					if !math.IsNaN(s.StdErr) || !math.IsNaN(s.Lower) {
						t.Errorf("step %d: survival 0 must have no error or interval: %+v", i, s)
					}
					continue
				}
				if math.Abs(s.SEHazard-math.Sqrt(w[4])) > 1e-15 || math.Abs(s.StdErr-w[3]*math.Sqrt(w[4])) > 1e-15 {
					t.Errorf("step %d: errors %g %g, want %g", i, s.SEHazard, s.StdErr, math.Sqrt(w[4]))
				}
				if !(s.Lower <= s.Survival && s.Survival <= s.Upper && s.Upper <= 1) {
					t.Errorf("step %d: interval [%g, %g] does not hold %g", i, s.Lower, s.Upper, s.Survival)
				}
			}
		})
	}
}

func TestIntervals(t *testing.T) {
	z := 1.959963984540054
	tests := []struct {
		conf      ConfType
		s, se     float64
		lo, hi    float64
		undefined bool
	}{
		{Log, 0.5, 0.2, 0.5 * math.Exp(-z*0.2), 0.5 * math.Exp(z*0.2), false},
		{Log, 0.9, 1, 0.9 * math.Exp(-z), 1, false}, // capped at 1
		{Log, 1, 0, 1, 1, false},
		{LogLog, 1, 0, 0, 0, true},
		{LogLog, 0.5, 0.2, math.Pow(0.5, math.Exp(-z*0.2/math.Log(0.5))), math.Pow(0.5, math.Exp(z*0.2/math.Log(0.5))), false},
	}
	for _, tt := range tests {
		lo, hi := interval(tt.s, tt.se, z, tt.conf)
		if tt.undefined {
			if !math.IsNaN(lo) || !math.IsNaN(hi) {
				t.Errorf("%v %g: [%g, %g], want undefined", tt.conf, tt.s, lo, hi)
			}
			continue
		}
		if math.Abs(lo-tt.lo) > 1e-12 || math.Abs(hi-tt.hi) > 1e-12 || lo > hi {
			t.Errorf("%v %g±%g: [%g, %g], want [%g, %g]", tt.conf, tt.s, tt.se, lo, hi, tt.lo, tt.hi)
		}
	}
}

// estimable names the refusals that come from the data, not the input.
var estimable = map[string]bool{"one group": true, "no events to compare": true, "no events": true, "constant": true, "collinear": true, "separation": true}

func TestRefused(t *testing.T) {
	ok := []Record{rec(0, 1, true), rec(0, 2, false), rec(0, 3, true), rec(0, 4, true)}
	// x separates the events: only the subjects with x = 1 have one, while
	// the others are still at risk, so the estimate runs off to infinity.
	sep := []Record{rec(0, 1, true), rec(0, 2, true), rec(0, 3, false), rec(0, 4, false)}
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"no events to compare", func() error {
			_, err := LogRankTest([]Record{rec(0, 1, false), rec(0, 2, false)}, []string{"a", "b"})
			return err
		}, "no group has events"},
		{"no records", func() error { _, err := KaplanMeier(nil, Options{}); return err }, "no records"},
		{"empty interval", func() error { _, err := KaplanMeier([]Record{rec(2, 2, true)}, Options{}); return err }, "not after start"},
		{"not finite", func() error { _, err := KaplanMeier([]Record{rec(0, math.NaN(), true)}, Options{}); return err }, "finite"},
		{"level", func() error { _, err := KaplanMeier(ok, Options{Level: 1}); return err }, "confidence level"},
		{"group count", func() error { _, err := LogRankTest(ok, []string{"a"}); return err }, "groups for"},
		{"one group", func() error { _, err := LogRankTest(ok, []string{"a", "a", "a", "a"}); return err }, "two groups"},
		{"no covariates", func() error { _, err := FitCox(ok, [][]float64{{}, {}, {}, {}}, nil); return err }, "without covariates"},
		{"row count", func() error { _, err := FitCox(ok, [][]float64{{1}}, []string{"x"}); return err }, "covariate rows"},
		{"row width", func() error { _, err := FitCox(ok, [][]float64{{1}, {1, 2}, {1}, {1}}, []string{"x"}); return err }, "has 2 covariates"},
		{"not finite covariate", func() error {
			_, err := FitCox(ok, [][]float64{{1}, {math.Inf(1)}, {1}, {1}}, []string{"x"})
			return err
		}, "not finite"},
		{"no events", func() error {
			_, err := FitCox([]Record{rec(0, 1, false), rec(0, 2, false)}, [][]float64{{0}, {1}}, []string{"x"})
			return err
		}, "without events"},
		{"constant", func() error { _, err := FitCox(ok, [][]float64{{1}, {1}, {1}, {1}}, []string{"x"}); return err }, "collinear or constant"},
		{"collinear", func() error {
			_, err := FitCox(ok, [][]float64{{1, 2}, {0, 0}, {1, 2}, {0, 0}}, []string{"x", "y"})
			return err
		}, "collinear"},
		{"separation", func() error { _, err := FitCox(sep, [][]float64{{1}, {1}, {0}, {0}}, []string{"x"}); return err }, "infinite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			// What the data cannot give is told apart from bad input.
			if data := estimable[tt.name]; errors.Is(err, ErrNotEstimable) != data {
				t.Errorf("errors.Is(%v, ErrNotEstimable) = %v, want %v", err, !data, data)
			}
		})
	}
}

// A covariate with no effect gives a coefficient near zero; the tests and
// the estimate agree in direction with a strong one.
func TestCoxDirection(t *testing.T) {
	var recs []Record
	var x [][]float64
	for i := range 40 {
		hi := float64(i % 2)
		stop := float64(10 + i)
		if hi == 1 {
			stop = float64(1 + i/2)
		}
		recs = append(recs, rec(0, stop, i%5 != 0))
		x = append(x, []float64{hi})
	}
	c, err := FitCox(recs, x, []string{"hi"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Coef[0] <= 0 || c.P[0] > 0.01 || c.LR <= 0 || c.Wald <= 0 || c.Score <= 0 {
		t.Errorf("earlier events for hi = 1 must give a positive, significant coefficient: %+v", c)
	}
	if c.LogLik < c.LogLik0 {
		t.Errorf("the estimate lowers the likelihood: %g < %g", c.LogLik, c.LogLik0)
	}
}

func TestZPHTerms(t *testing.T) {
	recs := []Record{rec(0, 1, true), rec(0, 2, true), rec(0, 3, false), rec(0, 4, true), rec(0, 5, true), rec(0, 6, true)}
	c, err := FitCox(recs, [][]float64{{0}, {1}, {0}, {1}, {0}, {1}}, []string{"x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ZPH(KM, []Term{{Name: "bad", Cols: []int{3}}}); err == nil {
		t.Error("a term outside the model must be refused")
	}
	z, err := c.ZPH(Identity, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(z) != 2 || z[0].Term != "x" || z[1].Term != "GLOBAL" || math.Abs(z[0].Chisq-z[1].Chisq) > 1e-12 {
		t.Errorf("one covariate: its test is the global test: %+v", z)
	}
}
