package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/atomicfs"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/geo"
	"github.com/cybernorms/cybernorms/pipeline/refresh"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

func init() {
	register(&command{
		name: "refresh", synopsis: "[--upstream PATH|URL] [--cache DIR] [--data DIR]",
		summary: "Read the upstream supporter history and write the raw snapshot (datasets/snapshot/).\nThe default upstream is cloned or fetched into a cache; a local path is read in place.",
		run:     runRefresh,
	})
	register(&command{
		name: "build", synopsis: "[--data DIR]",
		summary: "Derive the normalized tables from the snapshot and the curated transcriptions, offline.\nWrites CSV, Arrow IPC and Parquet with datapackage.json: all files or none.",
		run:     runBuild,
	})
}

func defaultCache() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "cybernorms")
	}
	return filepath.Join(os.TempDir(), "cybernorms-cache")
}

func runRefresh(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	src := fs.String("upstream", upstream.DefaultURL, "repository to read: a local path or an https/ssh/git URL")
	cache := fs.String("cache", defaultCache(), "where remote repositories are cloned")
	data := fs.String("data", dataDir(), "datasets directory")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	strict := fs.Bool("strict", false, "fail, writing nothing, if the upstream holds anything the pipeline does not know")
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	source, err := upstream.ParseSource(*src)
	if err != nil {
		return err
	}
	opts := refresh.Options{Dir: *data, Source: source, CacheDir: *cache, Strict: *strict}
	if !*quiet {
		opts.Progress = e.stderr
		fmt.Fprintf(e.stderr, "reading %s\n", source)
	}
	res, err := refresh.Run(ctx, opts)
	if res != nil && !*quiet {
		for _, f := range res.Drift {
			fmt.Fprintf(e.stdout, "drift: %s\n", f)
		}
	}
	if err != nil {
		return err
	}
	if *quiet {
		return nil
	}
	problems := 0
	for _, ch := range res.Changes {
		if ch.Problem != "" {
			problems++
		}
	}
	last := res.Changes[len(res.Changes)-1]
	fmt.Fprintf(e.stdout, "snapshot: %d changes to supporter files, %d commits, %s to %s; %d unreadable versions kept with their problem\n",
		len(res.Changes), last.Seq+1, res.Changes[0].Date.Format("2006-01-02"), last.Date.Format("2006-01-02"), problems)
	printWritten(e, *data, res.Written)
	return nil
}

func runBuild(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), "datasets directory")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	rep, err := build.Run(build.Options{Dir: *data})
	if err != nil {
		return err
	}
	if *quiet {
		return nil
	}
	var parts []string
	for _, t := range []string{"supporters", "countries", "coverage", "doctrine_timeline"} {
		parts = append(parts, fmt.Sprintf("%s %d", t, len(rep.Output.Tables[t].Rows)))
	}
	fmt.Fprintf(e.stdout, "build %s: %s rows\n", rep.Output.Version, strings.Join(parts, ", "))
	printWritten(e, *data, rep.Written)
	return nil
}

func printWritten(e *env, dir string, written []string) {
	if len(written) == 0 {
		fmt.Fprintf(e.stdout, "%s: already up to date, nothing written\n", dir)
		return
	}
	fmt.Fprintf(e.stdout, "%s: wrote %d files: %s\n", dir, len(written), strings.Join(written, ", "))
}

func init() {
	register(&command{
		name: "geo", synopsis: "--from FILE [--data DIR]",
		summary: "Derive the world geometry the maps use (datasets/geo/countries.geojson) from Natural Earth.\nReads a Natural Earth admin-0 GeoJSON (1:50m), simplifies and rounds it; deterministic.",
		run:     runGeo,
	})
}

func runGeo(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	from := fs.String("from", "", "Natural Earth admin-0 countries GeoJSON (e.g. countries-50m.geojson)")
	data := fs.String("data", dataDir(), "datasets directory")
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usagef("--from is required")
	}
	src, err := os.ReadFile(*from)
	if err != nil {
		return err
	}
	out, err := geo.Derive(src)
	if err != nil {
		return fmt.Errorf("%s: %w", *from, err)
	}
	if err := atomicfs.WriteFile(filepath.Join(*data, datasets.GeometryFile), out); err != nil {
		return err
	}
	shapes, _ := geo.Load(out)
	fmt.Fprintf(e.stdout, "%s: %d shapes, %d vertices, %d bytes\n", filepath.Join(*data, datasets.GeometryFile), len(shapes), geo.Vertices(shapes), len(out))
	return nil
}
