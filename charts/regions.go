package charts

import (
	"image/color"
	"sort"

	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// StatesByRegion draws the supporter states present on asOf by UN M49
// region, each bar split into the states the upstream marks as EU members and
// the others.
func StatesByRegion(supporters []datasets.Supporter, countries map[string]datasets.Country, asOf civil.Date, l labels.Lang) (*plot.Plot, error) {
	regions := map[string]map[string]float64{}
	for _, s := range supporters {
		if s.Category != vocab.State || !analysis.PresentOn(s, asOf) {
			continue
		}
		c := countries[s.Country]
		r := l.Pick(c.RegionID, c.RegionEN, c.RegionFR)
		if r == "" {
			r = l.Pick("(tanpa negara)", "(no country)", "(sans pays)")
		}
		if regions[r] == nil {
			regions[r] = map[string]float64{}
		}
		k := "other"
		if s.EUMember {
			k = "eu"
		}
		regions[r][k]++
	}
	var stacks []Stack
	for r, parts := range regions {
		stacks = append(stacks, Stack{Label: r, Parts: parts})
	}
	total := func(s Stack) float64 { return s.Parts["eu"] + s.Parts["other"] }
	sort.Slice(stacks, func(i, j int) bool {
		if total(stacks[i]) != total(stacks[j]) {
			return total(stacks[i]) > total(stacks[j])
		}
		return stacks[i].Label < stacks[j].Label
	})
	date := l.LongDate(asOf)
	p, err := StackedBars(l.Pick("Negara pendukung per wilayah, "+date, "Supporter states by region, "+date, "États soutiens par région, "+date), stacks, []string{"eu", "other"},
		map[string]color.Color{"eu": CategoryColors["state"], "other": CategoryColors["public-authority"]},
		map[string]string{"eu": l.Pick("Anggota UE", "EU member", "Membre de l'UE"), "other": l.Pick("Lainnya", "Other", "Autres")})
	if err != nil {
		return nil, err
	}
	return sized(p, RegionsSize), nil
}
