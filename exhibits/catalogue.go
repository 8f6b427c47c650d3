package exhibits

// All is the catalogue, in the order the report's figures and tables are
// listed: the chapter's first, then beyond it, then what the notebooks
// alone show.
func All() []*Exhibit {
	return []*Exhibit{
		SupporterMap, SupporterStates,
		CoverageFigure, CoverageTable,
		CyberPowerFigure, CyberPowerTable,
		Claims, ClaimKinds, Errata, ClaimLedger,
		Growth, StatesByRegion, SupportersByRegion, Reclassifications,
		PrincipleCoverage, PrincipleCoverageTable, Timeline,
		InstrumentCoverage, CoMembershipFigure, CoMembershipTable, JoiningFigure, JoiningTests,
		FrameworkSimilarity, TimelineFigure,
	}
}

// Of returns the exhibits of the catalogue of kind k that the report shows.
func Of(k Kind) []*Exhibit {
	var out []*Exhibit
	for _, e := range All() {
		if e.Kind == k && e.Report {
			out = append(out, e)
		}
	}
	return out
}
