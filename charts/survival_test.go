package charts_test

import (
	"image/color"
	"log"
	"testing"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/labels"
)

// joiningCurve reads one group's estimate of the states' joining the
// Paris Call, through the last day of the committed history (19 January
// 2024), where the follow-up of the golden image ends: a refresh moves the
// end of follow-up and may add steps after it, and leaves the image as it is.
func joiningCurve(set *datasets.Set, group, label string, clr color.Color, band bool) charts.SurvivalCurve {
	c, origin, err := charts.JoiningCurve(set, "paris-call", "joining", group, label)
	if err != nil {
		log.Fatal(err)
	}
	end := float64(set.MustDate("2024-01-19").Time().Sub(origin.Time()).Hours() / 24)
	var through []charts.SurvivalStep
	for _, st := range c.Steps {
		if st.Time <= end {
			through = append(through, st)
		}
	}
	if len(through) < len(c.Steps) && len(through) > 0 && through[len(through)-1].Time < end {
		last := through[len(through)-1]
		last.Time = end // censored there: the estimate stays
		through = append(through, last)
	}
	c.Steps, c.Color, c.Band = through, clr, band
	return c
}

// The states outside the Paris Call at its first record: the share that
// has joined since, all of them with the 95% band, and by region.
func ExampleSurvival() {
	set := datasets.MustLoad()
	p, err := charts.Survival(charts.SurvivalData{
		Title:  "States joining the Paris Call after its first record (Kaplan–Meier)",
		YLabel: "share of the states not listed on 2019-09-16 that have joined",
		Origin: civil.MustParse("2018-11-12"),
		Curves: []charts.SurvivalCurve{
			joiningCurve(set, "all", "All states at risk", color.RGBA{0x00, 0x72, 0xb2, 0xff}, true),
			joiningCurve(set, "Americas", "Americas", color.RGBA{0x00, 0x9e, 0x73, 0xff}, false),
			joiningCurve(set, "Africa", "Africa", color.RGBA{0xe6, 0x9f, 0x00, 0xff}, false),
			joiningCurve(set, "Asia", "Asia", color.RGBA{0xcc, 0x79, 0xa7, 0xff}, false),
		},
		Cumulative: true,
		Lang:       labels.EN,
	})
	if err != nil {
		log.Fatal(err)
	}
	save(p, "survival_en")
}

func TestSurvivalChart(t *testing.T) {
	ExampleSurvival()
	check(t, "survival_en")
}

func TestSurvivalChartRefuses(t *testing.T) {
	origin := civil.MustParse("2018-11-12")
	for name, d := range map[string]charts.SurvivalData{
		"no curve":         {Origin: origin},
		"no origin":        {Curves: []charts.SurvivalCurve{{Steps: []charts.SurvivalStep{{Time: 1, Survival: 1}}}}},
		"no step":          {Origin: origin, Curves: []charts.SurvivalCurve{{Label: "x"}}},
		"before its start": {Origin: origin, Curves: []charts.SurvivalCurve{{Label: "x", Start: 5, Steps: []charts.SurvivalStep{{Time: 1, Survival: 1}}}}},
	} {
		if _, err := charts.Survival(d); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
