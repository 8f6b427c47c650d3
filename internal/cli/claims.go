package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

func init() {
	register(&command{
		name: "claims", synopsis: "[--data DIR] [--width N]",
		summary: say("claims.summary"),
		run:     runClaims,
	})
}

// defaultWidth is the width when neither the terminal nor COLUMNS gives one.
const defaultWidth = 80

func runClaims(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	width := fs.Int("width", 0, flagText(fs, "width"))
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	if *width < 0 {
		return usagef("--width %d: want 0 or more", *width)
	}
	set, err := datasets.Open(*data)
	if err != nil {
		return err
	}
	w := *width
	if w == 0 {
		w = outputWidth(e.stdout, os.Getenv("COLUMNS"))
	}
	printClaims(e.stdout, set, w)
	return nil
}

// outputWidth is the width of the terminal w writes to, else columns (the
// COLUMNS variable) when it is a number, else defaultWidth.
func outputWidth(w io.Writer, columns string) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(columns)); err == nil && n > 0 {
		return n
	}
	return defaultWidth
}

// printClaims prints the counts as one table, a column per date and
// verdict, when it fits width; otherwise as a table per date, its verdicts
// over two header lines.
func printClaims(w io.Writer, set *datasets.Set, width int) {
	cs := set.Claims()
	fmt.Fprintf(w, "%d claims of the chapter, by kind of check and verdict (datasets %s)\n\n", len(cs), set.Version)
	rows := claims.Summarise(cs)
	total := claims.KindCount{Kind: "all kinds", Access: map[string]int{}, Latest: map[string]int{}}
	for _, k := range rows {
		total.Claims += k.Claims
		for _, v := range vocab.Verdicts {
			total.Access[v] += k.Access[v]
			total.Latest[v] += k.Latest[v]
		}
	}
	rows = append(rows, total)
	days := []string{vocab.ChapterAccessDate, set.Span.Last.String()}

	wide := func() []byte {
		var b bytes.Buffer
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		head := "kind\tclaims\t"
		for _, day := range days {
			for _, v := range vocab.Verdicts {
				head += day + " " + v + "\t"
			}
		}
		fmt.Fprintln(tw, head)
		for _, k := range rows {
			line := k.Kind + "\t" + strconv.Itoa(k.Claims) + "\t"
			for _, m := range []map[string]int{k.Access, k.Latest} {
				for _, v := range vocab.Verdicts {
					line += strconv.Itoa(m[v]) + "\t"
				}
			}
			fmt.Fprintln(tw, line)
		}
		tw.Flush()
		return b.Bytes()
	}()
	if widest(wide) <= width {
		w.Write(wide)
		return
	}
	for i, day := range days {
		what := "the chapter's access date"
		if i == 1 {
			what = "the latest date of the history"
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "On %s (%s):\n", day, what)
		// Each verdict one word to a header line, the words bottom-aligned,
		// and one space between columns: the table is as narrow as its
		// longest word allows.
		tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
		words := make([][]string, len(vocab.Verdicts))
		lines := 1
		for j, v := range vocab.Verdicts {
			words[j] = strings.Fields(v)
			lines = max(lines, len(words[j]))
		}
		for l := 0; l < lines; l++ {
			head := "\t\t"
			if l == lines-1 {
				head = "kind\tclaims\t"
			}
			for _, ws := range words {
				if k := l - (lines - len(ws)); k >= 0 {
					head += ws[k]
				}
				head += "\t"
			}
			fmt.Fprintln(tw, head)
		}
		for _, k := range rows {
			m := k.Access
			if i == 1 {
				m = k.Latest
			}
			line := k.Kind + "\t" + strconv.Itoa(k.Claims) + "\t"
			for _, v := range vocab.Verdicts {
				line += strconv.Itoa(m[v]) + "\t"
			}
			fmt.Fprintln(tw, line)
		}
		tw.Flush()
	}
}

// widest is the length of the longest line of b, in characters.
func widest(b []byte) int {
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		n = max(n, len([]rune(l)))
	}
	return n
}
