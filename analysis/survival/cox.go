package survival

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Cox is a fitted proportional-hazards model.
type Cox struct {
	Names  []string
	Coef   []float64 // log hazard ratios
	StdErr []float64 // from the inverse of the information matrix
	Z, P   []float64 // Wald statistic and two-sided p-value of each coefficient
	Var    *mat.SymDense

	N, Events int
	Iter      int
	// LogLik0 and LogLik are the log partial likelihoods at zero and at the
	// estimate; LR = 2(LogLik - LogLik0). Wald and Score test all
	// coefficients at zero, on DF degrees of freedom, as R's coxph prints.
	LogLik0, LogLik float64
	LR, Wald, Score float64
	PLR, PWald, PSc float64
	DF              int
	recs            []Record
	x               [][]float64
}

// maxCoef is the largest log hazard ratio taken as finite: a ratio of
// e^20 means a covariate separates the events.
const maxCoef = 20

// MaxIter bounds the Newton–Raphson iterations of FitCox.
const MaxIter = 50

// FitCox fits a Cox model of recs on the covariate rows x (x[i] for
// recs[i], named by names) by Newton–Raphson with step halving, handling
// tied event times by Efron's approximation (R's coxph default). It fails
// when the estimate does not converge, as when a covariate separates the
// events (an infinite coefficient), or when the covariates are collinear.
func FitCox(recs []Record, x [][]float64, names []string) (*Cox, error) {
	if err := check(recs); err != nil {
		return nil, err
	}
	p := len(names)
	if p == 0 {
		return nil, errors.New("survival: Cox model without covariates")
	}
	if len(x) != len(recs) {
		return nil, fmt.Errorf("survival: %d covariate rows for %d records", len(x), len(recs))
	}
	for i, row := range x {
		if len(row) != p {
			return nil, fmt.Errorf("survival: record %d has %d covariates, want %d", i, len(row), p)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("survival: record %d: covariate %s is not finite", i, names[j])
			}
		}
	}
	if len(eventTimes(recs)) == 0 {
		return nil, notEstimable("survival: Cox model without events")
	}
	m := &model{recs: recs, x: center(x)}
	beta := make([]float64, p)
	ll0, u0, i0 := m.efron(beta, nil)
	score, err := quad(u0, i0)
	if err != nil {
		return nil, notEstimable("survival: Cox model: information singular at zero: covariates collinear or constant among the subjects at risk")
	}
	ll, u, info := ll0, u0, i0
	iter := 0
	for ; ; iter++ {
		if iter == MaxIter {
			return nil, notEstimable("survival: Cox model did not converge in %d iterations (a coefficient may be infinite: does a covariate separate the events?)", MaxIter)
		}
		for _, b := range beta {
			if math.Abs(b) > maxCoef {
				return nil, notEstimable("survival: Cox model: coefficient %.3g is effectively infinite (a covariate separates the events)", b)
			}
		}
		step, err := solve(info, u)
		if err != nil {
			return nil, notEstimable("survival: Cox model: information singular at iteration %d (a coefficient may be infinite: does a covariate separate the events?)", iter)
		}
		next := make([]float64, p)
		for j := range p {
			next[j] = beta[j] + step[j]
		}
		nll, nu, ninfo := m.efron(next, nil)
		for h := 0; nll < ll && h < 30; h++ {
			for j := range p {
				next[j] = (beta[j] + next[j]) / 2
			}
			nll, nu, ninfo = m.efron(next, nil)
		}
		if nll < ll {
			return nil, notEstimable("survival: Cox model: step halving failed at iteration %d", iter)
		}
		small := true
		for j := range p {
			if math.Abs(next[j]-beta[j]) > 1e-10*math.Max(1, math.Abs(next[j])) {
				small = false
			}
		}
		beta, ll, u, info = next, nll, nu, ninfo
		if small {
			break
		}
	}
	for _, b := range beta {
		if math.Abs(b) > maxCoef {
			return nil, notEstimable("survival: Cox model: coefficient %.3g is effectively infinite (a covariate separates the events)", b)
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(info) {
		return nil, notEstimable("survival: Cox model: information singular at the estimate")
	}
	v := mat.NewSymDense(p, nil)
	if err := ch.InverseTo(v); err != nil {
		return nil, fmt.Errorf("survival: Cox model: %w", err)
	}
	c := &Cox{Names: names, Coef: beta, Var: v, N: len(recs), Iter: iter, LogLik0: ll0, LogLik: ll, Score: score, DF: p, recs: recs, x: x}
	for _, r := range recs {
		if r.Event {
			c.Events++
		}
	}
	norm := distuv.UnitNormal
	for j := range p {
		se := math.Sqrt(v.At(j, j))
		c.StdErr = append(c.StdErr, se)
		c.Z = append(c.Z, beta[j]/se)
		c.P = append(c.P, 2*norm.Survival(math.Abs(beta[j]/se)))
	}
	c.LR = 2 * (ll - ll0)
	// The Wald statistic is beta' I beta, I the information at beta.
	for a := range p {
		for b := range p {
			c.Wald += beta[a] * info.At(a, b) * beta[b]
		}
	}
	chi := distuv.ChiSquared{K: float64(p)}
	c.PLR, c.PWald, c.PSc = chi.Survival(c.LR), chi.Survival(c.Wald), chi.Survival(c.Score)
	return c, nil
}

// model holds centred covariates; centring changes no statistic but keeps
// exp(eta) in range.
type model struct {
	recs []Record
	x    [][]float64
}

func center(x [][]float64) [][]float64 {
	p := len(x[0])
	mean := make([]float64, p)
	for _, row := range x {
		for j, v := range row {
			mean[j] += v / float64(len(x))
		}
	}
	out := make([][]float64, len(x))
	for i, row := range x {
		out[i] = make([]float64, p)
		for j, v := range row {
			out[i][j] = v - mean[j]
		}
	}
	return out
}

// efron returns the log partial likelihood with Efron's handling of ties,
// its gradient and its information matrix at beta. With g set, every
// covariate x also enters as x·g(t) with coefficient zero, for the
// proportional-hazards test: gradient and information are then 2p wide.
func (m *model) efron(beta []float64, g func(t float64) float64) (float64, []float64, *mat.SymDense) {
	p := len(beta)
	q := p
	if g != nil {
		q = 2 * p
	}
	w := make([]float64, len(m.recs))
	for i, row := range m.x {
		eta := 0.0
		for j := range p {
			eta += row[j] * beta[j]
		}
		w[i] = math.Exp(eta)
	}
	var ll float64
	u := make([]float64, q)
	info := mat.NewSymDense(q, nil)
	z := make([]float64, q)
	s1, s1d := make([]float64, q), make([]float64, q)
	s2, s2d := mat.NewSymDense(q, nil), mat.NewSymDense(q, nil)
	for _, t := range eventTimes(m.recs) {
		gt := 0.0
		if g != nil {
			gt = g(t)
		}
		var s0, s0d float64
		clear(s1)
		clear(s1d)
		s2.Zero()
		s2d.Zero()
		d := 0
		for i, r := range m.recs {
			if !(r.Start < t && t <= r.Stop) {
				continue
			}
			copy(z, m.x[i])
			if g != nil {
				for j := range p {
					z[p+j] = m.x[i][j] * gt
				}
			}
			dead := r.Event && r.Stop == t
			s0 += w[i]
			if dead {
				d++
				s0d += w[i]
				ll += math.Log(w[i])
				for a := range q {
					u[a] += z[a]
				}
			}
			for a := range q {
				s1[a] += w[i] * z[a]
				if dead {
					s1d[a] += w[i] * z[a]
				}
				for b := a; b < q; b++ {
					s2.SetSym(a, b, s2.At(a, b)+w[i]*z[a]*z[b])
					if dead {
						s2d.SetSym(a, b, s2d.At(a, b)+w[i]*z[a]*z[b])
					}
				}
			}
		}
		for l := range d {
			f := float64(l) / float64(d)
			den := s0 - f*s0d
			ll -= math.Log(den)
			for a := range q {
				ma := (s1[a] - f*s1d[a]) / den
				u[a] -= ma
				for b := a; b < q; b++ {
					mb := (s1[b] - f*s1d[b]) / den
					v := (s2.At(a, b)-f*s2d.At(a, b))/den - ma*mb
					info.SetSym(a, b, info.At(a, b)+v)
				}
			}
		}
	}
	return ll, u, info
}

// solve returns a with A a = b, A positive definite.
func solve(a *mat.SymDense, b []float64) ([]float64, error) {
	var ch mat.Cholesky
	if !ch.Factorize(a) {
		return nil, errors.New("not positive definite")
	}
	var w mat.VecDense
	if err := ch.SolveVecTo(&w, mat.NewVecDense(len(b), append([]float64(nil), b...))); err != nil {
		return nil, err
	}
	return w.RawVector().Data, nil
}

// quad returns b' A⁻¹ b.
func quad(b []float64, a *mat.SymDense) (float64, error) {
	w, err := solve(a, b)
	if err != nil {
		return 0, err
	}
	s := 0.0
	for i := range b {
		s += b[i] * w[i]
	}
	return s, nil
}

// HazardRatio is exp(Coef[j]).
func (c *Cox) HazardRatio(j int) float64 { return math.Exp(c.Coef[j]) }
