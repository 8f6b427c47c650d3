package survival

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Record is one subject: at risk on (Start, Stop], with the event at Stop
// when Event is set and censored there otherwise. A Start above the time
// origin is a late entry: the subject is counted at risk only after it.
type Record struct {
	Start, Stop float64
	Event       bool
}

// ErrNotEstimable is what every error of a statistic the data cannot give
// matches (errors.Is): a single group, no events, a covariate constant
// among those at risk or separating the events. Other errors are bad input.
var ErrNotEstimable = errors.New("survival: not estimable from these data")

type notEstimableError struct{ msg string }

func (e notEstimableError) Error() string        { return e.msg }
func (e notEstimableError) Is(target error) bool { return target == ErrNotEstimable }

func notEstimable(format string, args ...any) error {
	return notEstimableError{fmt.Sprintf(format, args...)}
}

// check returns an error naming the first record that is not an interval.
func check(recs []Record) error {
	if len(recs) == 0 {
		return errors.New("survival: no records")
	}
	for i, r := range recs {
		if math.IsNaN(r.Start) || math.IsNaN(r.Stop) || math.IsInf(r.Start, 0) || math.IsInf(r.Stop, 0) {
			return fmt.Errorf("survival: record %d: start and stop must be finite", i)
		}
		if !(r.Stop > r.Start) {
			return fmt.Errorf("survival: record %d: stop %g is not after start %g", i, r.Stop, r.Start)
		}
	}
	return nil
}

// ConfType is how a Kaplan–Meier confidence interval is drawn.
type ConfType int

const (
	// Log is the interval exp(log S ± z·se(H)), capped at 1: R's default
	// (survfit's conf.type = "log") and this package's.
	Log ConfType = iota
	// LogLog is the interval on the log(-log S) scale, which stays inside
	// (0, 1); it is undefined where S is 0 or 1.
	LogLog
)

func (c ConfType) String() string {
	if c == LogLog {
		return "log-log"
	}
	return "log"
}

// Options configures KaplanMeier. The zero value is a 95% log interval.
type Options struct {
	Conf  ConfType
	Level float64 // confidence level; 0 means 0.95
}

// Step is the Kaplan–Meier estimate at one time where some subject leaves
// the risk set (the rows of R's survfit object).
type Step struct {
	Time                   float64
	NRisk, NEvent, NCensor int
	Survival               float64
	// StdErr is Greenwood's standard error of Survival (summary.survfit's
	// std.err); SEHazard is that of the cumulative hazard, -log S, on which
	// the intervals are drawn (survfit's own std.err). Both are NaN, and the
	// bounds too, once Survival reaches 0.
	StdErr, SEHazard float64
	Lower, Upper     float64
}

// KaplanMeier returns the product-limit estimate of the survival function at
// every distinct stop time, with Greenwood standard errors and confidence
// intervals. Subjects are at risk at t when Start < t <= Stop.
func KaplanMeier(recs []Record, opt Options) ([]Step, error) {
	if err := check(recs); err != nil {
		return nil, err
	}
	level := opt.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("survival: confidence level %g is not in (0, 1)", level)
	}
	z := distuv.UnitNormal.Quantile(1 - (1-level)/2)
	var out []Step
	s, varH := 1.0, 0.0
	for _, t := range stopTimes(recs) {
		st := Step{Time: t}
		for _, r := range recs {
			if r.Start < t && t <= r.Stop {
				st.NRisk++
			}
			if r.Stop == t {
				if r.Event {
					st.NEvent++
				} else {
					st.NCensor++
				}
			}
		}
		if st.NEvent > 0 {
			n, d := float64(st.NRisk), float64(st.NEvent)
			s *= 1 - d/n
			if n == d {
				varH = math.Inf(1)
			} else {
				varH += d / (n * (n - d))
			}
		}
		st.Survival, st.SEHazard = s, math.Sqrt(varH)
		st.StdErr = s * st.SEHazard
		if s == 0 {
			st.StdErr, st.SEHazard = math.NaN(), math.NaN()
		}
		st.Lower, st.Upper = interval(s, st.SEHazard, z, opt.Conf)
		out = append(out, st)
	}
	return out, nil
}

// interval follows survfit_confint of R's survival package.
func interval(s, se, z float64, c ConfType) (lo, hi float64) {
	switch c {
	case LogLog:
		if s == 0 || s == 1 {
			return math.NaN(), math.NaN()
		}
		se2 := z * se / math.Log(s)
		return math.Exp(-math.Exp(math.Log(-math.Log(s)) - se2)), math.Exp(-math.Exp(math.Log(-math.Log(s)) + se2))
	default:
		if s == 0 {
			return math.NaN(), math.NaN()
		}
		return math.Exp(math.Log(s) - z*se), math.Min(math.Exp(math.Log(s)+z*se), 1)
	}
}

// stopTimes returns the distinct stop times in increasing order.
func stopTimes(recs []Record) []float64 {
	var ts []float64
	for _, r := range recs {
		ts = append(ts, r.Stop)
	}
	return distinct(ts)
}

// eventTimes returns the distinct event times in increasing order.
func eventTimes(recs []Record) []float64 {
	var ts []float64
	for _, r := range recs {
		if r.Event {
			ts = append(ts, r.Stop)
		}
	}
	return distinct(ts)
}

func distinct(ts []float64) []float64 {
	sort.Float64s(ts)
	out := ts[:0]
	for i, t := range ts {
		if i == 0 || t != ts[i-1] {
			out = append(out, t)
		}
	}
	return out
}
