package report

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

// pageCheck is what .ci/browser/page.mjs reports.
type pageCheck struct {
	Console  []string `json:"console"`
	Requests []string `json:"requests"`
	Axe      string   `json:"axe"`
	Widths   []pageWidth
	NoScript []pageWidth `json:"noScript"`
}

type pageWidth struct {
	Width, Height int
	Lang          string
	PageHeight    int
	FirstFinding  *struct {
		By        string
		Y, Bottom int
	}
	AboveFold bool
	Findings  []struct {
		Text  string
		Links []string
	}
	ClaimsHeight   int
	Claims, Errata pageItems
	Placeholders   []string
	ScrollWidth    int
	ClientWidth    int
	Axe            []struct {
		ID, Impact string
		Nodes      int
		Target     []string
	}
	Impacts    map[string]int
	Screenshot string
}

type pageItems struct {
	By    string
	Items []struct {
		ID              string
		Links, BadLinks []string
	}
}

// The report page as a reader meets it in Debian's Chromium, offline, in
// every language, at a phone's and a laptop's width: the findings on the
// first screen, each linked to its evidence; every claim and erratum with a
// well-formed link to a source; axe-core finds nothing serious or critical;
// and without JavaScript the findings are there and no counter reads 0.
// Screenshots of each first screen are kept.
func TestPageInChromium(t *testing.T) {
	testenv.Program(t, "chromium")
	node := testenv.Program(t, "node")
	root := testenv.Root(t)
	script := filepath.Join(root, ".ci", "browser", "page.mjs")
	for _, m := range []string{"playwright-core", "axe-core"} {
		if _, err := os.Stat(filepath.Join(root, ".ci", "browser", "node_modules", m)); err != nil {
			testenv.Missing(t, "%s is not installed (npm ci --prefix .ci/browser)", m)
		}
	}
	in := inputs(t)
	claims, errata := len(in.Set.Claims()), len(in.Set.Errata())
	shots := testenv.Artifacts(t)
	for _, l := range labels.All {
		t.Run(string(l), func(t *testing.T) {
			files, err := Build(in, Options{AsOf: datasets.ChapterAccessDate, Lang: l})
			if err != nil {
				t.Fatal(err)
			}
			// The page is one file: it is read alone.
			page := filepath.Join(t.TempDir(), "index.html")
			if err := os.WriteFile(page, files["index.html"], 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(node, script, page, shots)
			cmd.Stderr = os.Stderr
			b, err := cmd.Output()
			if err != nil {
				t.Fatalf("page.mjs: %v", err)
			}
			var r pageCheck
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatalf("page.mjs: %v\n%.2000s", err, b)
			}
			if r.Axe != "4.11.1" {
				t.Errorf("axe-core %s, want 4.11.1 (.ci/browser/package.json)", r.Axe)
			}
			if len(r.Console) > 0 {
				t.Errorf("console: %q", r.Console)
			}
			if len(r.Requests) > 0 {
				t.Errorf("the page asked the network for %q", r.Requests)
			}
			if len(r.Widths) != 2 || len(r.NoScript) != 2 {
				t.Fatalf("%d widths measured, %d without JavaScript", len(r.Widths), len(r.NoScript))
			}
			for _, w := range r.Widths {
				checkFirstScreen(t, w, l, "")
				if len(w.Claims.Items) != claims || w.Claims.By != "data-claim" {
					t.Errorf("%dpx: %d claims on the page (%s), %d in the data", w.Width, len(w.Claims.Items), w.Claims.By, claims)
				}
				if len(w.Errata.Items) != errata {
					t.Errorf("%dpx: %d errata on the page, %d in the data", w.Width, len(w.Errata.Items), errata)
				}
				for _, it := range append(w.Claims.Items, w.Errata.Items...) {
					if len(it.Links) == 0 || len(it.BadLinks) > 0 {
						t.Errorf("%dpx: %s: source links %q, malformed %q", w.Width, it.ID, it.Links, it.BadLinks)
					}
				}
				if w.Impacts["serious"]+w.Impacts["critical"] > 0 {
					for _, v := range w.Axe {
						if v.Impact == "serious" || v.Impact == "critical" {
							t.Errorf("%dpx: axe-core %s (%s) on %d nodes: %q", w.Width, v.ID, v.Impact, v.Nodes, v.Target)
						}
					}
				}
				if w.ScrollWidth > w.ClientWidth {
					t.Errorf("%dpx: the page is %d px wide and scrolls sideways", w.Width, w.ScrollWidth)
				}
				t.Logf("%dpx: page %d px tall, first finding at %d px, claims %d px; axe-core %v; %s", w.Width, w.PageHeight, w.FirstFinding.Y, w.ClaimsHeight, w.Impacts, w.Screenshot)
			}
			for _, w := range r.NoScript {
				checkFirstScreen(t, w, l, "without JavaScript, ")
				if len(w.Placeholders) > 0 {
					t.Errorf("without JavaScript, %dpx: placeholders %q", w.Width, w.Placeholders)
				}
				t.Logf("without JavaScript, %dpx: first finding at %d px; %s", w.Width, w.FirstFinding.Y, w.Screenshot)
			}
		})
	}
}

// checkFirstScreen: the page's findings are on its first screen, in its
// language, each linked to a row of the page.
func checkFirstScreen(t *testing.T, w pageWidth, l labels.Lang, how string) {
	t.Helper()
	if w.Lang != string(l) {
		t.Errorf("%s%dpx: <html lang=%q>, want %q", how, w.Width, w.Lang, l)
	}
	if w.FirstFinding == nil || w.FirstFinding.By != "data-finding" || !w.AboveFold {
		t.Fatalf("%s%dpx: the first finding is not on the first screen (%d px tall): %+v", how, w.Width, w.Height, w.FirstFinding)
	}
	if len(w.Findings) < 3 {
		t.Errorf("%s%dpx: %d findings", how, w.Width, len(w.Findings))
	}
	for _, f := range w.Findings {
		if len(f.Links) == 0 {
			t.Errorf("%s%dpx: finding %q links to no row of the page", how, w.Width, f.Text)
		}
		if strings.Contains(f.Text, "%!") {
			t.Errorf("%s%dpx: finding %q", how, w.Width, f.Text)
		}
	}
}
