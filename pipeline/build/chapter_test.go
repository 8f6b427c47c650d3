package build

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// chapterText returns the chapter, from the shared reference material.
func chapterText(t *testing.T) string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(testenv.Shared(t), "seed", "*.txt"))
	if len(matches) != 1 {
		testenv.Missing(t, "want one chapter text in shared/seed, found %d", len(matches))
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var tags = regexp.MustCompile(`</?[a-z]+>|\*`)

// plain strips the chapter's inline markup and normalises spacing.
func plain(s string) string {
	s = tags.ReplaceAllString(s, "")
	s = strings.NewReplacer("( ", "(", " )", ")").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func loadCurated(t *testing.T) *Inputs {
	t.Helper()
	in, err := LoadInputs(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// The curated transcriptions must agree, cell by cell, with the tables as
// the chapter prints them.
func TestCuratedMatchesChapter(t *testing.T) {
	text := chapterText(t)
	in := loadCurated(t)
	lines := strings.Split(text, "\n")

	// Tabel 2.1: the header row of labels, then one row per framework.
	var header []string
	rows := map[string][]string{}
	for _, l := range lines {
		cells := strings.Split(l, "\t")
		if len(cells) == 10 && cells[0] == "" && strings.HasPrefix(cells[1], "Melindungi") {
			header = cells[1:]
		}
		if len(cells) == 10 && (cells[1] == "✓" || cells[1] == "X") {
			rows[plain(cells[0])] = cells[1:]
		}
	}
	if len(header) != 9 || len(rows) != 6 {
		t.Fatalf("could not find Tabel 2.1 in the chapter (header %d labels, %d rows)", len(header), len(rows))
	}
	for _, p := range in.Curated["curated_principles"].Rows {
		id, _ := strconv.Atoi(p[0])
		if want := plain(header[id-1]); p[4] != want {
			t.Errorf("principle %d label_id_table = %q, Tabel 2.1 prints %q", id, p[4], want)
		}
	}
	printed := map[string]string{}
	for _, f := range in.Curated["curated_frameworks"].Rows {
		printed[f[0]] = f[3]
		if rows[f[3]] == nil {
			t.Errorf("framework %s: %q is not a row of Tabel 2.1", f[0], f[3])
		}
	}
	cells := 0
	for _, c := range in.Curated["curated_coverage"].Rows {
		id, _ := strconv.Atoi(c[1])
		if want := rows[printed[c[0]]][id-1]; c[2] != want {
			t.Errorf("coverage %s × %d = %s, Tabel 2.1 prints %s", c[0], id, c[2], want)
		}
		cells++
	}
	if cells != 54 {
		t.Errorf("%d coverage cells, want 54", cells)
	}

	// The §2.2 list of the nine principles.
	m := regexp.MustCompile(`yakni: (.*?)\.\n`).FindStringSubmatch(text)
	if m == nil {
		t.Fatal("could not find the §2.2 list of principles")
	}
	items := regexp.MustCompile(`\((\d)\) (.*?)(?:; dan |; |$)`).FindAllStringSubmatch(m[1], -1)
	if len(items) != 9 {
		t.Fatalf("found %d principles in §2.2, want 9", len(items))
	}
	for _, p := range in.Curated["curated_principles"].Rows {
		id, _ := strconv.Atoi(p[0])
		if want := plain(items[id-1][2]); p[3] != want {
			t.Errorf("principle %d label_id = %q, §2.2 prints %q", id, p[3], want)
		}
	}

	// Tabel 2.2: two rows, two columns, a hard and a soft example per cell.
	power := map[string]string{}
	for _, l := range lines {
		cells := strings.Split(l, "\t")
		if len(cells) != 3 || !strings.HasPrefix(cells[0], "Instrumen") {
			continue
		}
		for i, locus := range []string{"intra", "extra"} {
			hard, soft, ok := strings.Cut(cells[i+1], "<b>Soft</b>")
			if !ok {
				t.Fatalf("Tabel 2.2 cell without a soft example: %q", cells[i+1])
			}
			key := cells[0] + "|" + locus
			power[key+"|hard"] = plain(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(hard, "<b>Hard</b>")), ": "))
			power[key+"|soft"] = plain(strings.TrimPrefix(strings.TrimSpace(soft), ": "))
		}
	}
	if len(power) != 8 {
		t.Fatalf("found %d cells of Tabel 2.2, want 8", len(power))
	}
	for _, c := range in.Curated["curated_cyber_power"].Rows {
		key := c[5] + "|" + c[1] + "|" + c[2]
		if want, ok := power[key]; !ok || c[3] != want {
			t.Errorf("cyber power %s = %q, Tabel 2.2 prints %q", key, c[3], want)
		}
	}

	// Every country the chapter names is printed as transcribed, and every
	// event dated from the chapter has its year in the chapter.
	for _, n := range in.Curated["curated_named_countries"].Rows {
		if !regexp.MustCompile(`\b` + regexp.QuoteMeta(n[1]) + `\b`).MatchString(text) {
			t.Errorf("named country %q is not in the chapter", n[1])
		}
	}
	// Every claim, and every sentence judged not checkable, quotes the
	// chapter verbatim (parts cut with "[…]" or "..." each verbatim), or says
	// in parentheses what a table implies.
	flat := plain(strings.ReplaceAll(text, "\n", " "))
	quoted := func(q string) bool {
		if strings.HasPrefix(q, "(") {
			return true
		}
		for _, part := range regexp.MustCompile(`\s*(\[…\]|\.\.\.)\s*`).Split(q, -1) {
			if part = strings.Trim(part, `" `); part != "" && !strings.Contains(flat, plain(part)) {
				return false
			}
		}
		return true
	}
	for _, table := range []string{"curated_claims", "not_checkable"} {
		d := in.Curated[table]
		for _, c := range d.Rows {
			if q := c[d.Table.Index("quote")]; !quoted(q) {
				t.Errorf("%s %s: quote %q is not in the chapter", table, c[0], q)
			}
		}
	}
	for _, e := range in.Curated["curated_doctrine_timeline"].Rows {
		if e[11] == "" && !strings.Contains(text, e[1][:4]) {
			t.Errorf("event %s: year %s is not in the chapter", e[0], e[1][:4])
		}
	}
}
