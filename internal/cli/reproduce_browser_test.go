package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

// browserCheck is what .ci/browser/check.mjs reports.
type browserCheck struct {
	Console  []string `json:"console"`
	Requests []string `json:"requests"`
	Widths   []struct {
		Width, ScrollWidth, ClientWidth int
		FirstRender                     float64
		Lang                            string
		Overflowing                     []string
		Dates                           []struct {
			Date, Shown, Label string
			Counts             map[string]string
			Rows, Filled       int
		}
		Hover *struct {
			Target, Tip string
			Outlined    []string
			After       int
		}
		Keyboard *struct{ Text, Country string }
		RowFocus *string
		Country  *struct {
			Name, TableName, TableCount, Focus string
			Rows, Instruments                  int
			InView                             bool
			Escape                             *struct{ Hidden, Returned bool }
		}
		MapClick            *string
		Screenshot, MapShot string
		PanelShot           string
		RegionShot          string
		A11y                struct {
			Role, Label, Description, Snapshot string
			VegaExposed                        int
		}
		Axis struct {
			First, Last string
			Max, Span   int
			Ends        []string
			Ticks       []struct {
				Year  int
				Label string
				Off   float64
			}
			Keys struct {
				Before, Next, End string
				Value             int
			}
		}
		Region struct {
			View, Pressed string
			Box, Belgium  []int
		}
		Instruments []struct {
			ID, Date, Coverage, Note, Label, Shot string
			Counts                                map[string]string
			Rows, Filled                          int
			Download                              struct {
				Name, Header string
				Rows         int
			}
		}
		NoJS struct {
			Date, Long, Label, Note, Shot string
			Filled                        int
			Size                          []int
			Controls                      bool
			Counts                        map[string]string
		} `json:"nojs"`
	}
}

// instrumentQuery is what query --instrument --format json prints.
type instrumentQuery struct {
	Total    int            `json:"total"`
	ByStatus map[string]int `json:"by_status"`
	Official []struct {
		Measure string `json:"measure"`
		Total   int    `json:"official_total"`
	} `json:"official"`
	Parties []struct {
		PartyKind string
		Country   string
	} `json:"parties"`
}

// The report's interactive map in Debian's Chromium, offline from file://,
// at a phone's and a laptop's width: no sideways scroll, the date control
// shows query's counts for three dates, tooltips on hover and on keyboard
// focus, and a clean console. Screenshots are kept for people to look at.
func TestReproducePageInChromium(t *testing.T) {
	testenv.Program(t, "chromium")
	node := testenv.Program(t, "node")
	root := testenv.Root(t)
	script := filepath.Join(root, ".ci", "browser", "check.mjs")
	if _, err := os.Stat(filepath.Join(root, ".ci", "browser", "node_modules", "playwright-core")); err != nil {
		testenv.Missing(t, "playwright-core is not installed (npm ci --prefix .ci/browser)")
	}
	data := filepath.Join(root, "datasets")
	dates := []string{"2019-11-12", vocab.ChapterAccessDate, "2024-01-19"}
	want := map[string]map[string]int{}
	for _, d := range dates {
		code, stdout, stderr := run(t, "query", "--data", data, "--as-of", d, "--format", "json")
		if code != 0 {
			t.Fatalf("query %s: %s", d, stderr)
		}
		var q struct {
			Total      int            `json:"total"`
			ByCategory map[string]int `json:"by_category"`
		}
		if err := json.Unmarshal([]byte(stdout), &q); err != nil {
			t.Fatal(err)
		}
		q.ByCategory["total"] = q.Total
		want[d] = q.ByCategory
	}
	// The instrument switch on a date each: counters as query --instrument.
	switches := []string{"budapest-convention@2024-01-19", "cets-224@2024-06-20", "un-cybercrime-convention@2025-10-31"}
	wantInst := map[string]instrumentQuery{}
	for _, sw := range switches {
		id, d, _ := strings.Cut(sw, "@")
		code, stdout, stderr := run(t, "query", "--data", data, "--instrument", id, "--as-of", d, "--format", "json")
		if code != 0 {
			t.Fatalf("query --instrument %s: %s", id, stderr)
		}
		var q instrumentQuery
		if err := json.Unmarshal([]byte(stdout), &q); err != nil {
			t.Fatal(err)
		}
		wantInst[id] = q
	}
	dates = append(dates, switches...)
	for _, lang := range []string{"id", "en", "fr", "es"} {
		t.Run(lang, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if code, _, stderr := run(t, "reproduce", "--data", data, "--out", out, "--lang", lang, "--quiet"); code != 0 {
				t.Fatalf("reproduce: %s", stderr)
			}
			cmd := exec.Command(node, append([]string{script, filepath.Join(out, "index.html"), testenv.Artifacts(t)}, dates...)...)
			cmd.Stderr = os.Stderr
			b, err := cmd.Output()
			if err != nil {
				t.Fatalf("check.mjs: %v", err)
			}
			var r browserCheck
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatalf("check.mjs: %v\n%s", err, b)
			}
			if len(r.Console) > 0 {
				t.Errorf("console: %q", r.Console)
			}
			if len(r.Requests) > 0 {
				t.Errorf("the page asked the network for %q", r.Requests)
			}
			if len(r.Widths) != 2 {
				t.Fatalf("%d widths measured", len(r.Widths))
			}
			for i := range r.Widths {
				w := &r.Widths[i]
				if w.Lang != lang {
					t.Errorf("%dpx: <html lang=%q>, want %q", w.Width, w.Lang, lang)
				}
				if w.ScrollWidth > w.ClientWidth {
					t.Errorf("%dpx: the page is %d px wide and scrolls sideways; too wide: %q", w.Width, w.ScrollWidth, w.Overflowing)
				}
				for _, d := range w.Dates {
					if d.Shown != d.Date {
						t.Errorf("%dpx: the date control moved to %s shows %s", w.Width, d.Date, d.Shown)
					}
					if strings.Contains(d.Date, "@") {
						continue
					}
					for cat, n := range want[d.Date] {
						if got, _ := strconv.Atoi(d.Counts[cat]); got != n {
							t.Errorf("%dpx, %s: %s counter %q, query says %d", w.Width, d.Date, cat, d.Counts[cat], n)
						}
					}
					if d.Rows != want[d.Date]["state"] || d.Filled != want[d.Date]["state"] {
						t.Errorf("%dpx, %s: %d table rows and %d states filled on the map, query says %d states", w.Width, d.Date, d.Rows, d.Filled, want[d.Date]["state"])
					}
					if !strings.Contains(d.Label, strconv.Itoa(want[d.Date]["state"])) {
						t.Errorf("%dpx, %s: map description %q does not give the number of states", w.Width, d.Date, d.Label)
					}
				}
				if w.Hover == nil || w.Hover.Tip == "" || !strings.HasPrefix(w.Hover.Tip, w.Hover.Target) {
					t.Errorf("%dpx: hover: %+v", w.Width, w.Hover)
				}
				if w.Keyboard == nil || w.Keyboard.Country == "" {
					t.Errorf("%dpx: no tooltip on keyboard focus of the map", w.Width)
				}
				if w.RowFocus == nil {
					t.Errorf("%dpx: no tooltip on keyboard focus of a table row", w.Width)
				}
				if c := w.Country; c == nil || c.Name != c.TableName || strconv.Itoa(c.Rows) != c.TableCount {
					t.Errorf("%dpx: the country view chosen from the table: %+v", w.Width, w.Country)
				}
				if w.MapClick == nil || w.Hover == nil || *w.MapClick != w.Hover.Target {
					t.Errorf("%dpx: clicking %+v on the map opened %v", w.Width, w.Hover, stringOr(w.MapClick))
				}
				checkMapExtras(t, w.Width, &r, wantInst)
				t.Logf("%dpx: first render of the interactive map %.0f ms; screenshots %s, %s, %s, %s, %s", w.Width, w.FirstRender, w.Screenshot, w.MapShot, w.PanelShot, w.RegionShot, w.NoJS.Shot)
			}
		})
	}
}

func stringOr(s *string) string {
	if s == nil {
		return "nothing"
	}
	return *s
}

// checkMapExtras checks what the map does beyond the date control: the time
// axis, the hover highlight, the country panel's focus, the accessible name
// after Vega has drawn, the region view, the instrument switch against
// query --instrument, the download, and the page without JavaScript.
func checkMapExtras(t *testing.T, width int, r *browserCheck, wantInst map[string]instrumentQuery) {
	t.Helper()
	var w = &r.Widths[0]
	for i := range r.Widths {
		if r.Widths[i].Width == width {
			w = &r.Widths[i]
		}
	}
	a := w.Axis
	if a.Max != a.Span || len(a.Ends) != 2 || a.Ends[0] == "" || a.Ends[1] == "" {
		t.Errorf("%dpx: the date control runs over %d steps for %d days, ends %q", width, a.Max, a.Span, a.Ends)
	}
	labelled := 0
	for _, tk := range a.Ticks {
		if tk.Off > 1.5 {
			t.Errorf("%dpx: the tick of %d is %.1f px from its share of the time axis", width, tk.Year, tk.Off)
		}
		if tk.Label != "" {
			labelled++
			if tk.Label != strconv.Itoa(tk.Year) {
				t.Errorf("%dpx: the tick of %d reads %q", width, tk.Year, tk.Label)
			}
		}
	}
	if len(a.Ticks) == 0 || labelled == 0 {
		t.Errorf("%dpx: %d year ticks, %d labelled", width, len(a.Ticks), labelled)
	}
	if a.Keys.Next <= a.Keys.Before || a.Keys.End != a.Last {
		t.Errorf("%dpx: the arrow key moved the date from %s to %s; End to %s, want %s", width, a.Keys.Before, a.Keys.Next, a.Keys.End, a.Last)
	}
	if w.Hover != nil && (w.Hover.Outlined == nil || len(w.Hover.Outlined) != 1 || w.Hover.Outlined[0] != w.Hover.Target || w.Hover.After != 0) {
		t.Errorf("%dpx: hovering %s outlines %q, and %d after the pointer left", width, w.Hover.Target, w.Hover.Outlined, w.Hover.After)
	}
	if c := w.Country; c == nil || c.Focus != "cn-country-name" || !c.InView || c.Escape == nil || !c.Escape.Hidden || !c.Escape.Returned || c.Instruments < 2 {
		t.Errorf("%dpx: the country panel: %+v", width, c)
		if c != nil && c.Escape != nil {
			t.Errorf("%dpx: after Escape: %+v", width, *c.Escape)
		}
	}
	if w.A11y.Role != "img" || w.A11y.VegaExposed != 0 || !strings.Contains(w.A11y.Snapshot, w.A11y.Label) || w.A11y.Description == "" || strings.Contains(w.A11y.Snapshot, "Vega visualization") {
		t.Errorf("%dpx: after render the map is %+v", width, w.A11y)
	}
	if w.Region.View != "1" || len(w.Region.Belgium) != 2 || w.Region.Belgium[0] < 12 {
		t.Errorf("%dpx: Europe's view: %+v (Belgium must be at least 12 px wide)", width, w.Region)
	}
	if len(w.Instruments) != len(wantInst) {
		t.Errorf("%dpx: %d instruments switched to, want %d", width, len(w.Instruments), len(wantInst))
	}
	for _, in := range w.Instruments {
		q := wantInst[in.ID]
		if got, _ := strconv.Atoi(in.Counts["total"]); got != q.Total {
			t.Errorf("%dpx, %s on %s: total %q, query says %d", width, in.ID, in.Date, in.Counts["total"], q.Total)
		}
		for st, n := range q.ByStatus {
			if got, _ := strconv.Atoi(in.Counts[st]); got != n {
				t.Errorf("%dpx, %s on %s: %s counter %q, query says %d", width, in.ID, in.Date, st, in.Counts[st], n)
			}
		}
		states := 0
		for _, p := range q.Parties {
			if p.PartyKind == "state" && p.Country != "" {
				states++
			}
		}
		if in.Rows != states || in.Filled != states || in.Download.Rows != states || !strings.Contains(in.Label, strconv.Itoa(states)) {
			t.Errorf("%dpx, %s on %s: %d rows, %d shapes filled, %d rows downloaded, described %q; query lists %d states", width, in.ID, in.Date, in.Rows, in.Filled, in.Download.Rows, in.Label, states)
		}
		if in.Download.Name != "cybernorms-"+in.ID+"-"+in.Date+".csv" || !strings.HasPrefix(in.Download.Header, "alpha3,") {
			t.Errorf("%dpx, %s: download %+v", width, in.ID, in.Download)
		}
		// Where the panel identifies fewer than the official total, the map
		// says so with both numbers.
		if n, total, ok := strings.Cut(in.Coverage, "/"); ok && n != total {
			if !strings.Contains(digits(in.Note), n) || !strings.Contains(digits(in.Note), total) {
				t.Errorf("%dpx, %s: %s identified, but the note reads %q", width, in.ID, in.Coverage, in.Note)
			}
		} else if !ok {
			t.Errorf("%dpx, %s: no coverage shown", width, in.ID)
		}
	}
	nj := w.NoJS
	if nj.Controls || nj.Note == "" || len(nj.Size) != 2 || nj.Size[0] < 300 || nj.Size[1] < 140 {
		t.Errorf("%dpx without JavaScript: %+v", width, nj)
	}
	code, stdout, _ := run(t, "query", "--data", filepath.Join(testenv.Root(t), "datasets"), "--as-of", nj.Date, "--format", "json")
	var q struct {
		Total      int            `json:"total"`
		ByCategory map[string]int `json:"by_category"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &q) != nil {
		t.Fatalf("query %s", nj.Date)
	}
	q.ByCategory["total"] = q.Total
	for cat, n := range q.ByCategory {
		if got, _ := strconv.Atoi(nj.Counts[cat]); got != n {
			t.Errorf("%dpx without JavaScript, %s: %s counter %q, query says %d", width, nj.Date, cat, nj.Counts[cat], n)
		}
	}
	if nj.Filled != q.ByCategory["state"] {
		t.Errorf("%dpx without JavaScript: %d states drawn on the static map, query says %d", width, nj.Filled, q.ByCategory["state"])
	}
}

// digits keeps a text's digits and spaces between numbers, so that "1,234"
// and "1 234" both read 1234.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == ',' || r == '.' || r == '\u00a0' || r == '\u202f':
			return -1
		}
		return ' '
	}, s)
}
