package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/cli/verify"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

func init() {
	register(&command{
		name: "verify", synopsis: "[--data DIR] [--upstream PATH|URL] [--report DIR [--as-of DATE] [--lang id|en]]",
		summary: "Rebuild every published file from the committed inputs and compare it with the committed file and its checksum.\n" +
			"Checks each dataset file byte for byte against a fresh build and against datapackage.json's sha256; with --upstream, the\n" +
			"snapshot against a fresh read of that repository; the report rebuilt against its own manifest and, with --report, a\n" +
			"report written earlier by reproduce, naming any file there that the report's manifest does not list. Reads only regular\n" +
			"files inside the directories, as every other command does. Prints \"reproduced N of N files\" or the files that differ;\n" +
			"exit status 1 if any does.",
		run: runVerify,
	})
}

func runVerify(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), "datasets directory")
	up := fs.String("upstream", "", "also read the history from this repository (a local path, or an https, http or file URL) and compare the snapshot")
	reportDir := fs.String("report", "", "a directory written by reproduce, to compare file by file with a fresh report")
	asOf := fs.String("as-of", vocab.ChapterAccessDate, "the --as-of the report was written with")
	lang := fs.String("lang", "id", "the --lang the report was written with")
	deadline := fs.Duration("deadline", upstream.DefaultDeadline, "give up on an --upstream not read within this time")
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	l, err := labels.Parse(*lang)
	if err != nil {
		return usagef("--lang: %v", err)
	}
	opts := verify.Options{Data: *data, Report: *reportDir, Marker: Marker, AsOf: *asOf, Lang: l, Deadline: *deadline}
	if *up != "" {
		source, err := upstream.ParseSource(*up)
		if err != nil {
			return usagef("--upstream: %v", err)
		}
		opts.Upstream = &source
	}
	res, err := verify.Run(ctx, opts)
	var oe *verify.OptionError
	if errors.As(err, &oe) {
		return usagef("%v", oe)
	}
	if err != nil {
		return err
	}
	for _, ch := range res.Checks {
		if ch.Problem != "" {
			fmt.Fprintf(e.stdout, "differs: %s: %s\n", ch.Name, ch.Problem)
		}
	}
	bad := res.Failed()
	fmt.Fprintf(e.stdout, "reproduced %d of %d files\n", len(res.Checks)-bad, len(res.Checks))
	if !res.ReportChecked {
		fmt.Fprintln(e.stdout, "the report was not checked: it is made from the datasets, which differ")
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d files not reproduced (listed above)", bad, len(res.Checks))
	}
	return nil
}
