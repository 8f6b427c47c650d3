package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

func init() {
	register(&command{
		name: "claims", synopsis: "[--data DIR]",
		summary: "Count the chapter's claims per kind of check and per verdict, on the chapter's access date and on the latest date.\n" +
			"Kinds: checked against the supporter history, against public sources, the chapter against itself, and transcription only (never counted as holding).",
		run: runClaims,
	})
}

func runClaims(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), "datasets directory")
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	set, err := datasets.Open(*data)
	if err != nil {
		return err
	}
	printClaims(e.stdout, set)
	return nil
}

func printClaims(w io.Writer, set *datasets.Set) {
	cs := set.Claims()
	fmt.Fprintf(w, "%d claims of the chapter, by kind of check and verdict (datasets %s)\n\n", len(cs), set.Version)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "kind\tclaims\t"
	for _, day := range []string{vocab.ChapterAccessDate, set.Span.Last.String()} {
		for _, v := range vocab.Verdicts {
			head += day + " " + v + "\t"
		}
	}
	fmt.Fprintln(tw, head)
	total := claims.KindCount{Kind: "all kinds", Access: map[string]int{}, Latest: map[string]int{}}
	row := func(k claims.KindCount) {
		line := k.Kind + "\t" + strconv.Itoa(k.Claims) + "\t"
		for _, m := range []map[string]int{k.Access, k.Latest} {
			for _, v := range vocab.Verdicts {
				line += strconv.Itoa(m[v]) + "\t"
			}
		}
		fmt.Fprintln(tw, line)
	}
	for _, k := range claims.Summarise(cs) {
		row(k)
		total.Claims += k.Claims
		for _, v := range vocab.Verdicts {
			total.Access[v] += k.Access[v]
			total.Latest[v] += k.Latest[v]
		}
	}
	row(total)
	tw.Flush()
}
