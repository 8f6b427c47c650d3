package charts

import (
	"image/color"
	"sort"

	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/labels"
)

// StatesByRegion draws a tally of supporter states (analysis.CountOn with
// the state category) by UN M49 region, each bar split into the states the
// upstream marks as EU members and the others; names gives each region's
// name in l.
func StatesByRegion(t analysis.Tally, names map[string]string, l labels.Lang) (*plot.Plot, error) {
	var stacks []Stack
	for _, rc := range t.ByRegion {
		parts := map[string]float64{}
		if rc.EUMembers > 0 {
			parts["eu"] = float64(rc.EUMembers)
		}
		if n := rc.Total - rc.EUMembers; n > 0 {
			parts["other"] = float64(n)
		}
		stacks = append(stacks, Stack{Label: names[rc.Region], Parts: parts})
	}
	// Ties are ordered by the name shown, in the chart's language.
	total := func(s Stack) float64 { return s.Parts["eu"] + s.Parts["other"] }
	sort.SliceStable(stacks, func(i, j int) bool {
		if total(stacks[i]) != total(stacks[j]) {
			return total(stacks[i]) > total(stacks[j])
		}
		return stacks[i].Label < stacks[j].Label
	})
	date := l.LongDate(t.AsOf)
	p, err := StackedBars(l.T("chart.regions.title", date), stacks, []string{"eu", "other"},
		map[string]color.Color{"eu": CategoryColors["state"], "other": CategoryColors["public-authority"]},
		map[string]string{"eu": l.T("chart.regions.eu"), "other": l.T("chart.regions.other")})
	if err != nil {
		return nil, err
	}
	return sized(p, RegionsSize), nil
}
