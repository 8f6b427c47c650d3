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
		summary: say("verify.summary"),
		run:     runVerify,
	})
}

func runVerify(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	up := fs.String("upstream", "", flagText(fs, "upstream"))
	reportDir := fs.String("report", "", flagText(fs, "report"))
	asOf := fs.String("as-of", vocab.ChapterAccessDate, flagText(fs, "as-of"))
	lang := fs.String("lang", "id", flagText(fs, "lang"))
	deadline := fs.Duration("deadline", upstream.DefaultDeadline, flagText(fs, "deadline"))
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
