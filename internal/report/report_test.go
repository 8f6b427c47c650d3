package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

func inputs(t testing.TB) Inputs {
	t.Helper()
	dir := filepath.Join(testenv.Root(t), "datasets")
	set, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	shapes, err := set.Shapes()
	if err != nil {
		t.Fatal(err)
	}
	desc, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	return Inputs{Set: set, Shapes: shapes, Descriptor: desc}
}

func write(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for n, b := range files {
		p := filepath.Join(dir, n)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Every file, in every format, comes out the same twice.
func TestBuildIsDeterministic(t *testing.T) {
	in := inputs(t)
	a, err := Build(in, Options{AsOf: datasets.ChapterAccessDate, Lang: labels.ID})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(in, Options{AsOf: datasets.ChapterAccessDate, Lang: labels.ID})
	if err != nil {
		t.Fatal(err)
	}
	// The catalogue's figures in each format, its tables in each, the two
	// citation files and the page: nothing else.
	figs, tabs := len(exhibits.Of(exhibits.Figure)), len(exhibits.Of(exhibits.Tabular))
	if figs < 5 || tabs < 9 || len(a) != figs*len(charts.Formats)+tabs*3+3 {
		t.Errorf("%d files of %d figures and %d tables, want each figure × 3 formats + each table × 3 formats + 2 citation files + index.html", len(a), figs, tabs)
	}
	// Every file the catalogue names is written.
	for _, e := range exhibits.All() {
		for _, f := range e.Kind.Formats() {
			if _, ok := a[e.File(f)]; ok != e.Report {
				t.Errorf("%s written: %v, want %v", e.File(f), ok, e.Report)
			}
		}
	}
	for n := range a {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
	for _, want := range []string{"figures/gambar-2-1-supporter-map.svg", "figures/gambar-2-1-supporter-map.png", "figures/gambar-2-1-supporter-map.pdf",
		"tables/tabel-2-1-coverage.tex", "tables/claims.md", "tables/supporter-states.csv", "index.html"} {
		if a[want] == nil {
			t.Errorf("no %s", want)
		}
	}
}

func TestTables(t *testing.T) {
	in := inputs(t)
	files, err := Build(in, Options{AsOf: datasets.ChapterAccessDate, Lang: labels.EN})
	if err != nil {
		t.Fatal(err)
	}
	states := strings.Count(string(files["tables/supporter-states.csv"]), "\n") - 1
	if states != 79 {
		t.Errorf("supporter-states.csv has %d states on %s, want 79", states, datasets.ChapterAccessDate)
	}
	tex := string(files["tables/tabel-2-1-coverage.tex"])
	for _, want := range []string{`\toprule`, `\midrule`, `\bottomrule`, `Paris Call & \checkmark & \checkmark`, `ENISA & \checkmark & \checkmark & \checkmark & \checkmark & $\times$`} {
		if !strings.Contains(tex, want) {
			t.Errorf("tabel-2-1-coverage.tex lacks %q", want)
		}
	}
	md := string(files["tables/tabel-2-1-coverage.md"])
	if !strings.Contains(md, "| Budapest Convention | ✓ | ✓ | ✓ | ✓ | X | X | ✓ | X | X |") {
		t.Errorf("tabel-2-1-coverage.md:\n%s", md)
	}
	claims := string(files["tables/claims.csv"])
	if !strings.Contains(claims, "usa-absent,2.5.1,supporter history,The United States is not (yet) a supporter state.,\"country_present(category=state, country=USA) = false\",false,holds,true,does not hold") {
		t.Errorf("claims.csv does not show the United States joining after the chapter:\n%s", claims)
	}
	errata := string(files["tables/errata.csv"])
	for _, want := range []string{"date-white-paper-2008,2.1.1,", ",2008-06-17,", "stuxnet-first-trigger,2.1,"} {
		if !strings.Contains(errata, want) {
			t.Errorf("errata.csv lacks %q:\n%s", want, errata)
		}
	}
	// The claim holds 356 days; its share is of the whole history, which a
	// refresh lengthens: counted from the history's two ends (22.4% of the
	// committed one).
	history := int(in.Set.Span.Last.Time().Sub(in.Set.Span.First.Time()).Hours()/24) + 1
	share := fmt.Sprintf("%.1f", 100*356/float64(history))
	if in.Set.Span.String() == "2019-09-16 to 2024-01-19" && share != "22.4" {
		t.Errorf("committed history of %d days: share %s, want 22.4", history, share)
	}
	// The ledger names the claim and the deciding supporters in words, as
	// they publish their names; its periods are dates in words.
	if ledger := string(files["tables/claim-ledger.csv"]); !strings.Contains(ledger, "states-79,The Call has 79 supporter states.,20 November 2020 – 10 November 2021,356,"+share+",1,Equateur; États-Unis") {
		t.Errorf("claim-ledger.csv:\n%s", ledger)
	}
	// Regions and sub-regions in the report's language.
	for l, want := range map[labels.Lang]string{labels.EN: "France,FRA,Europe,Western Europe,", labels.FR: "France,FRA,Europe,Europe de l’Ouest,", labels.ID: "Prancis,FRA,Eropa,Eropa Bagian Barat,"} {
		f, err := Build(in, Options{AsOf: datasets.ChapterAccessDate, Lang: l})
		if err != nil {
			t.Fatal(err)
		}
		if st := string(f["tables/supporter-states.csv"]); !strings.Contains(st, "\n"+want) {
			t.Errorf("%s: supporter-states.csv lacks %q:\n%.300s", l, want, st)
		}
	}
	kinds := string(files["tables/claim-kinds.csv"])
	if !strings.Contains(kinds, "transcription,3,0,0,0,3,0,0,0,0,3,0") || !strings.Contains(kinds, "internal consistency,8,0,3,0,0,5,0,3,0,0,5") {
		t.Errorf("claim-kinds.csv does not count the transcription and self-consistent claims apart:\n%s", kinds)
	}
	// The page's headline counts are per kind: the supporter history's and
	// the public sources' verdicts are never added up, and the kinds that
	// cannot change with the data are left to the table of kinds.
	page := string(files["index.html"])
	for _, want := range []string{"<strong>supporter history</strong>. On 18 January 2021: <span class=\"badge holds\">44 hold</span>",
		"<strong>public sources</strong>. On 18 January 2021: <span class=\"badge holds\">41 hold</span>"} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	if strings.Contains(page, "85 hold") || strings.Contains(page, "<strong>transcription</strong>") {
		t.Error("index.html adds up verdicts of different kinds, or heads a kind that cannot change with the data")
	}
}

func TestBadOptions(t *testing.T) {
	in := inputs(t)
	if _, err := Build(in, Options{AsOf: civil.MustParse("2017-01-01"), Lang: labels.EN}); err == nil || !strings.Contains(err.Error(), "before the supporter history starts: it covers "+in.Set.Span.String()) {
		t.Errorf("as of 2017: %v", err)
	}
}

// The report opened in a real browser: every figure loads, nothing is
// written to the console, and a screenshot is kept.
func TestReportInChromium(t *testing.T) {
	chromium := testenv.Program(t, "chromium")
	in := inputs(t)
	files, err := Build(in, Options{AsOf: datasets.ChapterAccessDate, Lang: labels.ID})
	if err != nil {
		t.Fatal(err)
	}
	dir := write(t, files)
	page := "file://" + filepath.Join(dir, "index.html")
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + t.TempDir(), "--virtual-time-budget=10000"}
	cmd := exec.Command(chromium, append(flags, "--enable-logging=stderr", "--v=0", "--dump-dom", page)...)
	var dom, log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &dom, &log
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, log.String())
	}
	body := regexp.MustCompile(`<body[^>]*>`).FindString(dom.String())
	figures := regexp.MustCompile(`data-figures="(\d+)"`).FindStringSubmatch(body)
	loaded := regexp.MustCompile(`data-figures-loaded="(\d+)"`).FindStringSubmatch(body)
	if figures == nil || loaded == nil || figures[1] != strconv.Itoa(len(exhibits.Of(exhibits.Figure))) || loaded[1] != figures[1] {
		t.Errorf("figures loaded: %v of %v (body tag %s)", loaded, figures, body)
	}
	if strings.Contains(body, "data-errors") {
		t.Errorf("the page raised errors: %s", body)
	}
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, ":CONSOLE") {
			t.Errorf("console: %s", l)
		}
	}

	shot := filepath.Join(testenv.Artifacts(t), "report.png")
	cmd = exec.Command(chromium, append(flags, "--hide-scrollbars", "--window-size=1100,2400", "--screenshot="+shot, page)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	colors := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colors[r>>8<<16|g>>8<<8|bl>>8] = true
		}
	}
	if b.Dx() != 1100 || len(colors) < 50 {
		t.Errorf("screenshot %v with %d colours: blank?", b, len(colors))
	}
	t.Logf("screenshot: %s", shot)
}

// pageText is what a reader of the page reads: its markup and text without
// the inlined libraries, the figures' data and the chapter's words quoted in
// their own language.
func pageText(page string) string {
	page = regexp.MustCompile(`(?s)<script[^>]*>.*?</script>|<style>.*?</style>`).ReplaceAllString(page, "")
	// Quoted words are the chapter's, verbatim.
	page = regexp.MustCompile(`“[^”]*”|« [^»]* »`).ReplaceAllString(page, "")
	page = regexp.MustCompile(`data:image/[^"]+`).ReplaceAllString(page, "")
	page = regexp.MustCompile(`(?s)<(td|th) [^>]*lang="[a-z]+"[^>]*>.*?</(td|th)>`).ReplaceAllString(page, "")
	// So are the sources' titles, publishers and passages, and the data
	// package's citation, in their own language.
	page = regexp.MustCompile(`(?s)<blockquote[^>]*>.*?</blockquote>|<cite>.*?</cite>|<span class="own">.*?</span>`).ReplaceAllString(page, "")
	// The site's name is a name.
	page = strings.ReplaceAll(page, "pariscall.international", "")
	return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " ")
}

// Each report is in one language: it holds no string of another language's
// catalogue (the report's, the interactive map's, the labels'), says which
// language it is in, and writes dates and numbers the locale's way.
func TestOneLanguagePerReport(t *testing.T) {
	in := inputs(t)
	for _, c := range []struct {
		l     labels.Lang
		wants []string
	}{
		{labels.ID, []string{`<html lang="id">`, "18 Januari 2021", "Klaim bab, diperiksa", ">1.173<"}},
		{labels.EN, []string{`<html lang="en">`, "18 January 2021", "The chapter&#39;s claims, checked", ">1,173<", "Figure 2.1"}},
		{labels.FR, []string{`<html lang="fr">`, "18 janvier 2021", "Les affirmations du chapitre, vérifiées", ">1\u00a0173<", "Figure 2.1"}},
	} {
		files, err := Build(in, Options{AsOf: datasets.ChapterAccessDate, Lang: c.l})
		if err != nil {
			t.Fatal(err)
		}
		page := string(files["index.html"])
		for _, w := range c.wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the report lacks %q", c.l, w)
			}
		}
		if foreign := labels.Foreign(pageText(page), c.l, 4, labels.Words, labels.Statements{}); len(foreign) > 0 {
			text := pageText(page)
			for _, f := range foreign {
				i := strings.Index(text, f)
				t.Errorf("%s: the report holds %q, a string of another language: …%s…", c.l, f, text[max(0, i-80):min(len(text), i+len(f)+40)])
			}
		}
		if c.l != labels.ID && (strings.Contains(page, ">Gambar") || strings.Contains(page, ">Tabel")) {
			t.Errorf("%s: a heading or caption starts with the chapter's Gambar/Tabel", c.l)
		}
		checkClaims(t, c.l, in, page)
	}
}

// checkClaims reads the page's claims as a reader does: every claim of the
// data, restated in the page's language, under the sentence it is read in,
// with a link to a source; no check expression; the findings first.
func checkClaims(t *testing.T, l labels.Lang, in Inputs, page string) {
	t.Helper()
	ex := exhibits.NewInput(in.Set, in.Shapes)
	item := regexp.MustCompile(`(?s)<li id="claim-([^"]+)" data-claim="[^"]+">(.*?)</li>`)
	found := map[string]string{}
	for _, m := range item.FindAllStringSubmatch(page, -1) {
		found[m[1]] = m[2]
	}
	for _, c := range in.Set.Claims() {
		li, ok := found[c.ID]
		if !ok {
			t.Errorf("%s: claim %s is not on the page", l, c.ID)
			continue
		}
		st, err := ex.Statement(c, l)
		if err != nil {
			t.Error(err)
		}
		if !strings.Contains(li, template.HTMLEscapeString(st)) {
			t.Errorf("%s: claim %s does not read %q: %s", l, c.ID, st, li)
		}
		if !regexp.MustCompile(`<a href="https?://[^" ]+\.[^" ]+"`).MatchString(li) {
			t.Errorf("%s: claim %s links to no source: %s", l, c.ID, li)
		}
	}
	if n := strings.Count(page, "data-erratum="); n != len(in.Set.Errata()) {
		t.Errorf("%s: %d errata on the page, %d in the data", l, n, len(in.Set.Errata()))
	}
	// The sentences are the chapter's: one block for each distinct quote.
	quotes := map[string]bool{}
	for _, c := range in.Set.Claims() {
		quotes[c.Quote] = true
	}
	if n := strings.Count(page, `<article class="sentence"`); n != len(quotes) {
		t.Errorf("%s: %d sentences on the page, %d distinct quotes in the claims", l, n, len(quotes))
	}
	text := pageText(page)
	for _, c := range in.Set.Claims() {
		if strings.Contains(text, c.Check) {
			t.Errorf("%s: the page shows the check expression %q", l, c.Check)
		}
	}
	if f, m := strings.Index(page, "data-finding"), strings.Index(page, `id="map"`); f < 0 || f > m {
		t.Errorf("%s: the findings are not before the map", l)
	}
}
