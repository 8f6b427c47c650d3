package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/validate"
	"github.com/cybernorms/cybernorms/support/textsafe"
)

func init() {
	register(&command{
		name: "validate", synopsis: "[--data DIR]",
		summary: say("validate.summary"),
		run:     runValidate,
	})
	register(&command{
		name: "query", synopsis: "[--as-of DATE] [--category C] [--instrument ID | --country ISO3] [--format text|csv|json] [--data DIR]",
		summary: say("query.summary"),
		run:     runQuery,
	})
}

func runValidate(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	wait := lockWaitFlag(fs)
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	lock, err := readDatasets(ctx, c, *data, *wait)
	if err != nil {
		return err
	}
	defer lock.Release()
	rep, err := validate.Run(*data)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "datasets %s in %s: %d resources, %d rows checked against datapackage.json; Arrow and Parquet copies compared cell by cell\n",
		rep.Version, *data, rep.Resources, rep.Rows)
	// Notes and violations quote values from the upstream: escaped.
	for _, n := range rep.Notes {
		fmt.Fprintf(e.stdout, "note: %s\n", textsafe.Escape(n))
	}
	for _, v := range rep.Violations {
		fmt.Fprintf(e.stdout, "VIOLATION: %s\n", textsafe.Escape(v))
	}
	if !rep.OK() {
		return fmt.Errorf("%d violation(s) in %s (listed above)", len(rep.Violations), *data)
	}
	fmt.Fprintln(e.stdout, "valid")
	return nil
}

// Query counts the supporters present on asOf.
func Query(set *datasets.Set, asOf civil.Date, category string) analysis.Tally {
	return analysis.CountOn(set, asOf, category)
}

func runQuery(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	asOf := fs.String("as-of", vocab.ChapterAccessDate, flagText(fs, "as-of"))
	category := fs.String("category", "", flagText(fs, "category", strings.Join(vocab.Categories, ", ")))
	format := fs.String("format", "text", flagText(fs, "format"))
	latest := fs.Bool("latest-classification", false, flagText(fs, "latest-classification"))
	instrument := fs.String("instrument", "", flagText(fs, "instrument"))
	country := fs.String("country", "", flagText(fs, "country"))
	wait := lockWaitFlag(fs)
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	switch *format {
	case "text", "csv", "json":
	default:
		return usagef("unknown --format %q (want text, csv or json)", *format)
	}
	if *category != "" && !contains(vocab.Categories, *category) {
		return usagef("unknown --category %q (want one of %s)", *category, strings.Join(vocab.Categories, ", "))
	}
	lock, err := readDatasets(ctx, c, *data, *wait)
	if err != nil {
		return err
	}
	set, err := datasets.Open(*data)
	lock.Release()
	if err != nil {
		return err
	}
	if *country != "" {
		if *instrument != "" || *category != "" || *latest {
			return usagef("--country lists one state's instruments: it takes neither --instrument, --category nor --latest-classification")
		}
		day := ""
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "as-of" {
				day = *asOf
			}
		})
		return queryCountry(e, set, *country, day, *format)
	}
	if *instrument != "" {
		if *category != "" || *latest {
			return usagef("--instrument counts parties, not supporters: it takes neither --category nor --latest-classification")
		}
		return queryInstrument(e, set, *instrument, *asOf, *format)
	}
	day, err := set.Date(*asOf)
	if err != nil {
		return usagef("--as-of: %v", err)
	}
	classification := analysis.Published
	if *latest {
		classification = analysis.Latest
	}
	q := analysis.CountOnWith(set, day, *category, classification)
	switch *format {
	case "json":
		return writeJSON(e.stdout, q)
	case "csv":
		fmt.Fprintln(e.stdout, "as_of,region,category,supporters")
		for _, rc := range q.ByRegion {
			for _, cat := range vocab.Categories {
				if n := rc.ByCategory[cat]; n > 0 {
					fmt.Fprintf(e.stdout, "%s,%s,%s,%d\n", q.AsOf, csvField(rc.Region), cat, n)
				}
			}
		}
		return nil
	}
	printQuery(e.stdout, q, set)
	return nil
}

func printQuery(w io.Writer, q analysis.Tally, set *datasets.Set) {
	what := "supporters"
	if q.Category != "" {
		what = q.Category + " supporters"
	}
	fmt.Fprintf(w, "%d %s present on %s (history %s to %s, datasets %s)\n", q.Total, what, q.AsOf, set.Span.First, set.Span.Last, set.Version)
	if n := analysis.SecondListings(set, q.AsOf, q.Category); n > 0 {
		fmt.Fprintf(w, "%d distinct: %d listed twice (duplicates.csv, verdict same)\n", q.Total-n, n)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var cats []string
	for _, c := range vocab.Categories {
		if q.ByCategory[c] > 0 {
			cats = append(cats, c)
		}
	}
	fmt.Fprint(tw, "region\t")
	for _, c := range cats {
		fmt.Fprintf(tw, "%s\t", c)
	}
	fmt.Fprintln(tw, "total\t")
	for _, rc := range q.ByRegion {
		fmt.Fprintf(tw, "%s\t", rc.Region)
		for _, c := range cats {
			fmt.Fprintf(tw, "%d\t", rc.ByCategory[c])
		}
		fmt.Fprintf(tw, "%d\t\n", rc.Total)
	}
	fmt.Fprint(tw, "all regions\t")
	for _, c := range cats {
		fmt.Fprintf(tw, "%d\t", q.ByCategory[c])
	}
	fmt.Fprintf(tw, "%d\t\n", q.Total)
	tw.Flush()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// writeJSON writes v as indented JSON, the form every --format json takes.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
