package survival

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Transform is the function of time against which the proportional-hazards
// test looks for a trend in the Schoenfeld residuals.
type Transform int

const (
	// KM is one minus the left-continuous Kaplan–Meier estimate of the
	// model's own data: R's cox.zph default (transform = "km"), and this
	// package's, which keeps a few late events from dominating the test.
	KM Transform = iota
	// Identity is time itself.
	Identity
)

func (t Transform) String() string {
	if t == Identity {
		return "identity"
	}
	return "km"
}

// Term is a group of covariate columns tested together, as the dummy
// columns of one factor.
type Term struct {
	Name string
	Cols []int
}

// ZPHTest is the proportional-hazards test of one term, or of all of them
// (Term "GLOBAL").
type ZPHTest struct {
	Term  string
	Chisq float64
	DF    int
	P     float64
}

// ZPH tests the proportional-hazards assumption of a fitted model as R's
// cox.zph does (survival 3): a score test, at the fitted coefficients, of
// adding each covariate's product with g(t), the transformed and centred
// event time, which is the test of a trend in the scaled Schoenfeld
// residuals. It returns one test per term and a global test last. Terms
// nil tests each covariate on its own.
func (c *Cox) ZPH(tr Transform, terms []Term) ([]ZPHTest, error) {
	p := len(c.Coef)
	if terms == nil {
		for j, n := range c.Names {
			terms = append(terms, Term{Name: n, Cols: []int{j}})
		}
	}
	for _, t := range terms {
		for _, j := range t.Cols {
			if j < 0 || j >= p {
				return nil, fmt.Errorf("survival: term %s: column %d out of range", t.Name, j)
			}
		}
	}
	// g of each record's stop time, centred on the mean over events.
	gOf := func(t float64) float64 { return t }
	if tr == KM {
		km, err := KaplanMeier(c.recs, Options{})
		if err != nil {
			return nil, err
		}
		gOf = func(t float64) float64 {
			s := 1.0 // S(t-): the estimate before t
			for _, st := range km {
				if st.Time >= t {
					break
				}
				s = st.Survival
			}
			return 1 - s
		}
	}
	var sum float64
	var n int
	for _, r := range c.recs {
		if r.Event {
			sum += gOf(r.Stop)
			n++
		}
	}
	mean := sum / float64(n)
	m := &model{recs: c.recs, x: center(c.x)}
	_, u, info := m.efron(c.Coef, func(t float64) float64 { return gOf(t) - mean })
	// The score of the coefficients themselves is zero at the estimate.
	for j := range p {
		u[j] = 0
	}
	test := func(name string, cols []int) (ZPHTest, error) {
		kk := make([]int, 0, p+len(cols))
		for j := range p {
			kk = append(kk, j)
		}
		for _, j := range cols {
			kk = append(kk, p+j)
		}
		sub := mat.NewSymDense(len(kk), nil)
		v := make([]float64, len(kk))
		for a, i := range kk {
			v[a] = u[i]
			for b, j := range kk {
				sub.SetSym(a, b, info.At(i, j))
			}
		}
		chi, err := quad(v, sub)
		if err != nil {
			return ZPHTest{}, notEstimable("survival: proportional-hazards test of %s: singular information", name)
		}
		df := len(cols)
		return ZPHTest{Term: name, Chisq: chi, DF: df, P: distuv.ChiSquared{K: float64(df)}.Survival(chi)}, nil
	}
	var out []ZPHTest
	for _, t := range terms {
		z, err := test(t.Name, t.Cols)
		if err != nil {
			return nil, err
		}
		out = append(out, z)
	}
	all := make([]int, p)
	for j := range p {
		all[j] = j
	}
	z, err := test("GLOBAL", all)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(z.Chisq) {
		return nil, notEstimable("survival: proportional-hazards test: not a number")
	}
	return append(out, z), nil
}
