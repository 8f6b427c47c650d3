package study

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/cybernorms/cybernorms/notebooks/display"
	"github.com/cybernorms/cybernorms/notebooks/display/figure"
)

func openStudy(t *testing.T, asOf string) *Study {
	t.Helper()
	t.Setenv("CYBERNORMS_DATA", filepath.Join(testenv.Root(t), "datasets"))
	s, err := Check(asOf, "en")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A shown exhibit is cited with the data package version, the as-of date,
// the upstream commit and the sha256 of the very bytes shown.
func TestExhibitCitations(t *testing.T) {
	s := openStudy(t, "2024-01-19")
	// The commits cited are those the snapshot records, read here from its
	// own file: the committed snapshot's public commit first, the reference
	// copy's beside it; a snapshot read from a copy with no public
	// counterpart (a refresh from a local copy) is cited by its own.
	rec, err := os.ReadFile(filepath.Join(testenv.Root(t), "datasets", "snapshot", "upstream.json"))
	if err != nil {
		t.Fatal(err)
	}
	var up struct {
		Commit       string `json:"commit"`
		PublicCommit string `json:"public_commit"`
	}
	if err := json.Unmarshal(rec, &up); err != nil || len(up.Commit) != 40 {
		t.Fatalf("snapshot/upstream.json: %v %+v", err, up)
	}
	commits := []string{"upstream commit " + up.Commit[:12] + ",", "upstream commit " + up.Commit}
	if up.Commit == "04c7d960db4648000e11fb78662e6281a38bdcfe" || up.PublicCommit != "" {
		commits = []string{"upstream commit fbdf676295ff,", "upstream commit fbdf676295ffc43bb803ef65f0f170ac78adb85e of https://github.com/ambanum/pariscall.international (reference copy's commit 04c7d960"}
		if up.Commit != "04c7d960db4648000e11fb78662e6281a38bdcfe" {
			commits = []string{"upstream commit " + up.PublicCommit[:12] + ",", "upstream commit " + up.PublicCommit + " of https://github.com/ambanum/pariscall.international (reference copy's commit " + up.Commit[:8]}
		}
	}
	plotCase := func(name string, build func() (figure []byte, citation string)) {
		t.Run(name, func(t *testing.T) {
			shown, got := build()
			sum := fmt.Sprintf("%x", sha256.Sum256(shown))
			for _, want := range append([]string{
				"Cite as: The cybernorms contributors", name, "data package paris-call-cybernorms " + s.Set.Version, "as of 2024-01-19",
				"sha256 " + sum[:16] + "…", "<details>", "sha256 " + sum + "}", `"type": "`,
			}, commits...) {
				if !strings.Contains(html.UnescapeString(got), want) {
					t.Errorf("citation lacks %q:\n%s", want, got)
				}
			}
		})
	}
	// A figure is cited as the PNG shown.
	for _, fig := range []*exhibits.Exhibit{exhibits.CoverageFigure, exhibits.SupporterMap} {
		plotCase(fig.File("png"), func() ([]byte, string) {
			p, err := s.Plot(fig)
			if err != nil {
				t.Fatal(err)
			}
			d, err := figure.PlotData(p, charts.SizeOf(p), "")
			if err != nil {
				t.Fatal(err)
			}
			c, err := Cite(s, fig).PlotCitation(d)
			if err != nil {
				t.Fatal(err)
			}
			return d.Data[protocol.MIMEImagePNG].([]byte), c
		})
	}
	// A table is cited as the report's CSV file: the same bytes.
	plotCase("tables/supporters-by-region.csv", func() ([]byte, string) {
		tab, err := s.Table(exhibits.SupportersByRegion)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Cite(s, exhibits.SupportersByRegion).TableCitation(tab)
		if err != nil {
			t.Fatal(err)
		}
		return tab.CSV(), c
	})
	t.Run("caption escaped", func(t *testing.T) {
		c, err := Cite(s, exhibits.SupportersByRegion).TableCitation(exhibits.Table{Caption: "States & <regions>"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(c, "“States &amp; &lt;regions&gt;”") {
			t.Errorf("caption not escaped: %s", c)
		}
	})

	// Another date, another citation.
	p, _ := s.Coverage()
	data, _ := figure.PlotData(p, charts.SizeOf(p), "")
	a, _ := Cite(s, exhibits.CoverageFigure).PlotCitation(data)
	b, _ := Cite(openStudy(t, "2021-01-18"), exhibits.CoverageFigure).PlotCitation(data)
	if a == b || !strings.Contains(b, "as of 2021-01-18") {
		t.Errorf("the citation does not follow the study's date:\n%s", b)
	}
}

func TestExhibitCitationErrors(t *testing.T) {
	s := openStudy(t, "2021-01-18")
	s.Set.Dir = t.TempDir()
	if _, err := Cite(s, exhibits.Claims).TableCitation(exhibits.Table{}); err == nil || !strings.Contains(err.Error(), "datapackage.json") {
		t.Errorf("no descriptor: err = %v", err)
	}
}

// A figure's text alternative is in the reader's language (Lang), whatever
// the language of the figure's labels, and is shown under the figure.
func TestExhibitAltInReadersLanguage(t *testing.T) {
	s := openStudy(t, "2021-01-18") // figures' labels in English
	defer func(l labels.Lang) { display.Lang = l }(display.Lang)
	alts := map[labels.Lang]string{}
	for _, l := range []labels.Lang{labels.EN, labels.FR, labels.ID} {
		display.Lang = l
		o := s.Options()
		o.Lang = l
		want := exhibits.SupporterMap.Alt(s.In, o)
		if got := Cite(s, exhibits.SupporterMap).Alt(); got != want || want == "" {
			t.Errorf("%s: alt %q, want %q", l, got, want)
		}
		alts[l] = want
	}
	if alts[labels.FR] == alts[labels.EN] || alts[labels.ID] == alts[labels.EN] {
		t.Errorf("the alt text does not follow the reader's language: %q", alts)
	}
	if h := display.AltHTML("States & <regions>"); !strings.Contains(h, "States &amp; &lt;regions&gt;</p>") {
		t.Errorf("alt text not escaped: %s", h)
	}
	if Cite(s, exhibits.Claims).Alt() != "" || display.AltHTML("") != "" {
		t.Error("a table has a text alternative shown")
	}
}
