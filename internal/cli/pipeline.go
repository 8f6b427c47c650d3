package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/naturalearth"

	"github.com/cybernorms/cybernorms/datasets/confined"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/refresh"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
	"github.com/cybernorms/cybernorms/pipeline/validate"
	"github.com/cybernorms/cybernorms/support/atomicfs"
	"github.com/cybernorms/cybernorms/support/dirlock"
	"github.com/cybernorms/cybernorms/support/textsafe"
)

func init() {
	register(&command{
		name: "refresh", synopsis: "[--upstream PATH|URL] [--cache DIR] [--data DIR] [--dry-run] [--strict]",
		summary: say("refresh.summary"),
		run:     runRefresh,
	})
	register(&command{
		name: "build", synopsis: "[--data DIR]",
		summary: say("build.summary"),
		run:     runBuild,
	})
	register(&command{
		name: "diff", synopsis: "OLD.csv NEW.csv",
		summary: say("diff.summary"),
		run:     runDiff,
	})
}

func defaultCache() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "cybernorms")
	}
	return filepath.Join(os.TempDir(), "cybernorms-cache")
}

// releaseDate is today, or SOURCE_DATE_EPOCH (the reproducible-builds
// convention) when set.
func releaseDate() (civil.Date, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return civil.Of(time.Now().UTC()), nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return civil.Date{}, usagef("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)
	}
	return civil.Of(time.Unix(n, 0).UTC()), nil
}

func runRefresh(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	src := fs.String("upstream", vocab.UpstreamURL, flagText(fs, "upstream"))
	cache := fs.String("cache", defaultCache(), flagText(fs, "cache"))
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	quiet := fs.Bool("quiet", false, flagText(fs, "quiet"))
	strict := fs.Bool("strict", false, flagText(fs, "strict"))
	dryRun := fs.Bool("dry-run", false, flagText(fs, "dry-run"))
	wait := lockWaitFlag(fs)
	network := upstream.DefaultNetwork
	fs.DurationVar(&network.Connect, "connect-timeout", upstream.DefaultConnectTimeout, flagText(fs, "connect-timeout"))
	fs.DurationVar(&network.Idle, "idle-timeout", upstream.DefaultIdleTimeout, flagText(fs, "idle-timeout"))
	deadline := fs.Duration("deadline", upstream.DefaultDeadline, flagText(fs, "deadline"))
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	network.Install()
	source, err := upstream.ParseSource(*src)
	if err != nil {
		return err
	}
	// The datasets are taken only once the upstream is read and staged:
	// a slow server keeps no reader out.
	takeData := func(ctx context.Context) (func(), error) {
		var lock *dirlock.Lock
		var err error
		if *dryRun {
			lock, err = dirlock.ReadDatasets(ctx, *data, "cybernorms "+c.name, *wait, false)
		} else {
			lock, err = writeDatasets(ctx, c, *data, *wait)
		}
		if err != nil {
			return nil, err
		}
		return func() { lock.Release() }, nil
	}
	if source.URL != "" {
		cl, err := dirlock.Write(ctx, dirlock.In(*cache), "upstream cache "+*cache, "cybernorms "+c.name, *wait)
		if err != nil {
			return err
		}
		defer cl.Release()
	}
	date, err := releaseDate()
	if err != nil {
		return err
	}
	opts := refresh.Options{Dir: *data, Source: source, CacheDir: *cache, Strict: *strict, DryRun: *dryRun, Date: date, Deadline: *deadline, Lock: takeData}
	if !*quiet {
		// The server's progress messages are its own text: escaped.
		opts.Progress = textsafe.NewWriter(e.stderr)
		fmt.Fprintf(e.stderr, "reading %s\n", source)
	}
	res, err := refresh.Run(ctx, opts)
	if res != nil && !*quiet {
		printRefresh(e, res)
	}
	if err != nil {
		return err
	}
	if !*quiet {
		if rel := res.Release; rel != nil {
			verb := "released"
			if *dryRun {
				verb = "would release"
			}
			fmt.Fprintf(e.stdout, "%s %s (%s; was %s), entry in %s\n", verb, rel.Version, rel.Level, rel.Previous, filepath.Join(*data, build.ChangelogFile))
			if *dryRun {
				fmt.Fprintf(e.stdout, "\n%s\n", rel.Entry)
			}
		}
		switch {
		case !*dryRun:
			printWritten(e, *data, res.Written)
		case len(res.Written) == 0:
			fmt.Fprintf(e.stdout, "%s: up to date, nothing to write\n", *data)
		default:
			fmt.Fprintf(e.stdout, "%s: would write %s: %s\n", *data, plural(len(res.Written), "file"), strings.Join(res.Written, ", "))
		}
	}
	if rel := res.Release; rel != nil && !*dryRun {
		// The release is written: bring the citation, the README and (by
		// saying what to run) the notebooks in step with it.
		written, left, err := rel.Finish(*data)
		if err != nil {
			return fmt.Errorf("release %s written; CITATION.cff and README.md not brought in step: %w", rel.Version, err)
		}
		if !*quiet {
			if len(written) > 0 {
				fmt.Fprintf(e.stdout, "brought in step with %s: %s\n", rel.Version, strings.Join(written, ", "))
			}
			for _, p := range left {
				fmt.Fprintf(e.stdout, "next: %s\n", p)
			}
		}
	}
	return nil
}

// printRefresh prints what the upstream holds, what changed and what drifted.
func printRefresh(e *env, res *refresh.Result) {
	if h := res.History; h.Changes > 0 {
		kept := "versions kept with their problem"
		if h.Unreadable == 1 {
			kept = "version kept with its problem"
		}
		fmt.Fprintf(e.stdout, "upstream: %s to supporter files in %s, %s to %s; %d unreadable %s\n",
			plural(h.Changes, "change"), plural(h.Commits, "commit"), h.First, h.Last, h.Unreadable, kept)
	}
	fmt.Fprint(e.stdout, res.Report.Summary())
	for _, f := range res.Drift {
		fmt.Fprintf(e.stdout, "drift: %s\n", f)
	}
}

func runDiff(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	if err := parseArgs(e, c, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("want two snapshot files, OLD and NEW")
	}
	var hist [2][]snapshot.Change
	for i, p := range fs.Args() {
		b, err := confined.File(p, datasets.MaxFileSize)
		if err != nil {
			return err
		}
		if hist[i], err = snapshot.Read(bytes.NewReader(b), p); err != nil {
			return err
		}
	}
	fmt.Fprint(e.stdout, refresh.Diff(hist[0], hist[1]).SummaryAgainst(fs.Arg(0)))
	return nil
}

func runBuild(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	quiet := fs.Bool("quiet", false, flagText(fs, "quiet"))
	wait := lockWaitFlag(fs)
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	lock, err := writeDatasets(ctx, c, *data, *wait)
	if err != nil {
		return err
	}
	defer lock.Release()
	rep, err := build.Run(build.Options{Dir: *data, Context: ctx})
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
	fmt.Fprintf(e.stdout, "%s: wrote %s: %s\n", dir, plural(len(written), "file"), strings.Join(written, ", "))
}

func init() {
	register(&command{
		name: "geo", synopsis: "--from FILE [--data DIR]",
		summary: say("geo.summary"),
		run:     runGeo,
	})
}

func runGeo(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	from := fs.String("from", "", flagText(fs, "from"))
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	wait := lockWaitFlag(fs)
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usagef("--from is required")
	}
	lock, err := writeDatasets(ctx, c, *data, *wait)
	if err != nil {
		return err
	}
	defer lock.Release()
	// A Natural Earth file is some tens of megabytes; a FIFO or a device
	// named here is refused rather than waited on or read for ever.
	src, err := confined.File(*from, 1<<30)
	if err != nil {
		return err
	}
	out, err := naturalearth.Derive(src)
	if err != nil {
		return fmt.Errorf("%s: %w", *from, err)
	}
	shapes, err := geo.Load(out)
	if err != nil {
		return fmt.Errorf("%s: derived geometry does not load: %w", *from, err)
	}
	if len(shapes) == 0 {
		return fmt.Errorf("%s: no country shapes in it, nothing written", *from)
	}
	// The geometry and the descriptor that records its checksum are written
	// together, once the whole set passes validate.
	files := map[string][]byte{geo.File: out}
	in, err := build.LoadInputsWith(*data, files)
	if err != nil {
		return err
	}
	derived, err := build.Derive(in)
	if err != nil {
		return err
	}
	encoded, err := build.Encode(in, derived)
	if err != nil {
		return err
	}
	tx := atomicfs.New(*data)
	tx.StopOn(ctx)
	for rel, b := range encoded {
		files[rel] = b
	}
	if err := validate.CheckStaged(*data, files); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for rel, b := range files {
		tx.Add(filepath.FromSlash(rel), b)
	}
	if _, err := tx.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d shapes, %d vertices, %d bytes\n", filepath.Join(*data, geo.File), len(shapes), geo.Vertices(shapes), len(out))
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
