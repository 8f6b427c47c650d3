package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/validate"
)

func init() {
	register(&command{
		name: "validate", synopsis: "[--data DIR]",
		summary: "Check the datasets against datapackage.json and the project's invariants.\nChecksums, types, keys, and the Arrow and Parquet copies cell by cell; exits non-zero on any violation.",
		run:     runValidate,
	})
	register(&command{
		name: "query", synopsis: "[--as-of DATE] [--category C] [--format text|csv|json] [--data DIR]",
		summary: "Count the supporters present on a date, by category and by region.\nRegions are the UN M49 regions of the supporters' nationality.",
		run:     runQuery,
	})
}

func runValidate(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), "datasets directory")
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
	for _, n := range rep.Notes {
		fmt.Fprintf(e.stdout, "note: %s\n", n)
	}
	for _, v := range rep.Violations {
		fmt.Fprintf(e.stdout, "VIOLATION: %s\n", v)
	}
	if !rep.OK() {
		return fmt.Errorf("%d violation(s) in %s (listed above)", len(rep.Violations), *data)
	}
	fmt.Fprintln(e.stdout, "valid")
	return nil
}

// QueryResult is what query prints.
type QueryResult struct {
	AsOf       string         `json:"as_of"`
	Category   string         `json:"category,omitempty"`
	Total      int            `json:"total"`
	ByCategory map[string]int `json:"by_category"`
	ByRegion   []RegionCounts `json:"by_region"`
}

// RegionCounts is one region's supporters by category.
type RegionCounts struct {
	Region     string         `json:"region"`
	Total      int            `json:"total"`
	ByCategory map[string]int `json:"by_category"`
}

// NoCountry labels supporters whose nationality names no country.
const NoCountry = "(no country)"

// Query counts the supporters present on asOf.
func Query(set *datasets.Set, asOf, category string) QueryResult {
	cs := set.Countries()
	q := QueryResult{AsOf: asOf, Category: category, ByCategory: map[string]int{}}
	regions := map[string]*RegionCounts{}
	for _, s := range set.PresentOn(asOf) {
		if category != "" && s.Category != category {
			continue
		}
		q.Total++
		q.ByCategory[s.Category]++
		region := NoCountry
		if c, ok := cs[s.Country]; ok {
			region = c.RegionEN
		}
		rc := regions[region]
		if rc == nil {
			rc = &RegionCounts{Region: region, ByCategory: map[string]int{}}
			regions[region] = rc
		}
		rc.Total++
		rc.ByCategory[s.Category]++
	}
	for _, rc := range regions {
		q.ByRegion = append(q.ByRegion, *rc)
	}
	sort.Slice(q.ByRegion, func(i, j int) bool {
		a, b := q.ByRegion[i], q.ByRegion[j]
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.Region < b.Region
	})
	return q
}

func runQuery(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), "datasets directory")
	asOf := fs.String("as-of", datasets.ChapterAccessDate, "date to count supporters on (YYYY-MM-DD); the default is the chapter's access date")
	category := fs.String("category", "", "count only this category ("+strings.Join(schema.Categories, ", ")+")")
	format := fs.String("format", "text", "output format: text, csv or json")
	wait := lockWaitFlag(fs)
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	switch *format {
	case "text", "csv", "json":
	default:
		return usagef("unknown --format %q (want text, csv or json)", *format)
	}
	if *category != "" && !contains(schema.Categories, *category) {
		return usagef("unknown --category %q (want one of %s)", *category, strings.Join(schema.Categories, ", "))
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
	if err := set.CheckDate(*asOf); err != nil {
		return usagef("%v", err)
	}
	q := Query(set, *asOf, *category)
	switch *format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(q)
	case "csv":
		fmt.Fprintln(e.stdout, "as_of,region,category,supporters")
		for _, rc := range q.ByRegion {
			for _, cat := range schema.Categories {
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

func printQuery(w io.Writer, q QueryResult, set *datasets.Set) {
	what := "supporters"
	if q.Category != "" {
		what = q.Category + " supporters"
	}
	fmt.Fprintf(w, "%d %s present on %s (history %s to %s, datasets %s)\n\n", q.Total, what, q.AsOf, set.First, set.Last, set.Version)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var cats []string
	for _, c := range schema.Categories {
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
