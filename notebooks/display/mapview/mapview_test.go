package mapview

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

// The notebook's map is the report's: the same libraries, spec and
// controls, in the language asked for.
func TestHTML(t *testing.T) {
	set := datasets.MustLoad()
	h, err := HTML(set, labels.FR, datasets.ChapterAccessDate)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"vegaEmbed", `"type":"equalEarth"`, `class="cn-slider"`, ">Lecture<", `lang="fr"`, "==== vega-lite 6.5.0"} {
		if !strings.Contains(h, want) {
			t.Errorf("the map's HTML lacks %q", want)
		}
	}
	if _, err := HTML(set, labels.EN, datasets.ChapterAccessDate.AddDays(-5000)); err == nil {
		t.Error("a date before the history was accepted")
	}
}

// In a notebook page, whose AMD loader (Jupyter's require.js) would capture
// the UMD builds, the map still draws: in Chromium, on a page with a define
// that fails if called, the map ends ready and the page has no error.
func TestInteractiveMapUnderAMDLoader(t *testing.T) {
	chromium := testenv.Program(t, "chromium")
	set := datasets.MustLoad()
	h, err := HTML(set, labels.EN, datasets.ChapterAccessDate)
	if err != nil {
		t.Fatal(err)
	}
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><script>
function define() { throw new Error("captured by the AMD loader"); }
define.amd = {};
window.addEventListener("error", function (e) { document.documentElement.dataset.error = e.message; });
</script></head><body>` + h + `</body></html>`
	file := filepath.Join(t.TempDir(), "notebook.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=15000", "--dump-dom", "file://"+file)
	var dom, log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &dom, &log
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, log.String())
	}
	root := regexp.MustCompile(`<div class="cn-map-root"[^>]*>`).FindString(dom.String())
	if !strings.Contains(root, `data-ready="1"`) {
		t.Errorf("the map did not draw under an AMD loader: %s", root)
	}
	if e := regexp.MustCompile(`<html[^>]*data-error="[^"]*"`).FindString(dom.String()); e != "" {
		t.Errorf("page error: %s", e)
	}
}
