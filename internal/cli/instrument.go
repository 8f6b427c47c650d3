package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
)

// queryInstrument is query --instrument: where the parties of an instrument
// stand on a day, by status and region, beside the official totals stated by then.
func queryInstrument(e *env, set *datasets.Set, id, asOf, format string) error {
	ids := adherence.Instruments(set)
	if !contains(ids, id) {
		return usagef("unknown --instrument %q (want one of %s)", id, strings.Join(ids, ", "))
	}
	day, err := civil.Parse(asOf)
	if err != nil {
		return usagef("--as-of: %q is not a date (YYYY-MM-DD)", asOf)
	}
	t, err := adherence.TallyOn(set, id, day)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		return writeJSON(e.stdout, t)
	case "csv":
		fmt.Fprintln(e.stdout, "as_of,instrument,region,status,parties")
		for _, rt := range t.ByRegion {
			for _, s := range adherence.Statuses {
				if n := rt.ByStatus[s]; n > 0 {
					fmt.Fprintf(e.stdout, "%s,%s,%s,%s,%d\n", t.AsOf, t.Instrument, csvField(rt.Region), s, n)
				}
			}
		}
		return nil
	}
	printInstrument(e.stdout, t, set)
	return nil
}

var statusPlural = map[string]string{adherence.Party: "parties", adherence.Signatory: "signatories", adherence.Invited: "invited", adherence.Supporter: "supporters"}

func printInstrument(w io.Writer, t adherence.Tally, set *datasets.Set) {
	var parts []string
	var statuses []string
	for _, s := range adherence.Statuses {
		if n := t.ByStatus[s]; n > 0 {
			word := statusPlural[s]
			if n == 1 {
				word = s
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, word))
			statuses = append(statuses, s)
		}
	}
	if len(parts) == 0 {
		parts = []string{"no party"}
	}
	fmt.Fprintf(w, "%s (%s) on %s: %s identified (datasets %s)\n", t.Instrument, t.Name, t.AsOf, strings.Join(parts, ", "), set.Version)
	for _, o := range t.Official {
		q := ""
		if o.Qualifier == "more than" {
			q = "more than "
		}
		fmt.Fprintf(w, "official: %s%d %s on %s (%s); the panel counts %d on %s\n", q, o.Total, o.Measure, o.DateISO, o.Source, o.Identified, t.AsOf)
	}
	if len(t.Official) == 0 {
		fmt.Fprintln(w, "official: no total stated by this date was read (see instruments.note)")
	}
	if t.Total == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "region\t")
	for _, s := range statuses {
		fmt.Fprintf(tw, "%s\t", s)
	}
	fmt.Fprintln(tw, "total\t")
	row := func(name string, by map[string]int, total int) {
		fmt.Fprintf(tw, "%s\t", name)
		for _, s := range statuses {
			fmt.Fprintf(tw, "%d\t", by[s])
		}
		fmt.Fprintf(tw, "%d\t\n", total)
	}
	for _, rt := range t.ByRegion {
		row(rt.Region, rt.ByStatus, rt.Total)
	}
	row("all regions", t.ByStatus, t.Total)
	tw.Flush()
}
