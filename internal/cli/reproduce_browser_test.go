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
		Hover    *struct{ Target, Tip string }
		Keyboard *struct{ Text, Country string }
		RowFocus *string
		Country  *struct {
			Name, TableName, TableCount string
			Rows                        int
		}
		MapClick            *string
		Screenshot, MapShot string
	}
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
	for _, lang := range []string{"id", "fr"} {
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
			for _, w := range r.Widths {
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
				t.Logf("%dpx: first render of the interactive map %.0f ms; screenshots %s, %s", w.Width, w.FirstRender, w.Screenshot, w.MapShot)
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
