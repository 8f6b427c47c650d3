package build

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

// chapterText returns the chapter, from the shared reference material.
func chapterText(t *testing.T) string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(testenv.Shared(t), "seed", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
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

// rows calls f with a getter by field name for each row of a curated table.
func rows(in *Inputs, table *schema.Table, f func(get func(field string) string)) {
	d := in.Curated[table.Name]
	for _, r := range d.Rows {
		f(func(field string) string { return d.Table.Get(r, field) })
	}
}

// id reads an integer field the schema has already checked.
func id(t *testing.T, get func(string) string, field string) int {
	t.Helper()
	n, err := strconv.Atoi(get(field))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The curated transcriptions must agree, cell by cell, with the tables as
// the chapter prints them.
func TestCuratedMatchesChapter(t *testing.T) {
	text := chapterText(t)
	in := loadCurated(t)
	lines := strings.Split(text, "\n")

	// Tabel 2.1: the header row of labels, then one row per framework.
	var header []string
	table := map[string][]string{}
	for _, l := range lines {
		cells := strings.Split(l, "\t")
		if len(cells) == 10 && cells[0] == "" && strings.HasPrefix(cells[1], "Melindungi") {
			header = cells[1:]
		}
		if len(cells) == 10 && (cells[1] == "✓" || cells[1] == "X") {
			table[plain(cells[0])] = cells[1:]
		}
	}
	if len(header) != 9 || len(table) != 6 {
		t.Fatalf("could not find Tabel 2.1 in the chapter (header %d labels, %d rows)", len(header), len(table))
	}
	rows(in, schema.CuratedPrinciples, func(get func(string) string) {
		n := id(t, get, "id")
		if want := plain(header[n-1]); get("label_id_table") != want {
			t.Errorf("principle %d label_id_table = %q, Tabel 2.1 prints %q", n, get("label_id_table"), want)
		}
	})
	printed := map[string]string{}
	rows(in, schema.CuratedFrameworks, func(get func(string) string) {
		printed[get("id")] = get("name_as_printed")
		if table[get("name_as_printed")] == nil {
			t.Errorf("framework %s: %q is not a row of Tabel 2.1", get("id"), get("name_as_printed"))
		}
	})
	cells := 0
	rows(in, schema.CuratedCoverage, func(get func(string) string) {
		n := id(t, get, "principle_id")
		if want := table[printed[get("framework_id")]][n-1]; get("mark") != want {
			t.Errorf("coverage %s × %d = %s, Tabel 2.1 prints %s", get("framework_id"), n, get("mark"), want)
		}
		cells++
	})
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
	rows(in, schema.CuratedPrinciples, func(get func(string) string) {
		n := id(t, get, "id")
		if want := plain(items[n-1][2]); get("label_id") != want {
			t.Errorf("principle %d label_id = %q, §2.2 prints %q", n, get("label_id"), want)
		}
	})

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
	rows(in, schema.CuratedCyberPower, func(get func(string) string) {
		key := get("instrument_label_id") + "|" + get("locus") + "|" + get("power")
		if want, ok := power[key]; !ok || get("example_id") != want {
			t.Errorf("cyber power %s = %q, Tabel 2.2 prints %q", key, get("example_id"), want)
		}
	})

	// Every country the chapter names is printed as transcribed, and every
	// event dated from the chapter has its year in the chapter.
	rows(in, schema.CuratedNamedCountries, func(get func(string) string) {
		if !regexp.MustCompile(`\b` + regexp.QuoteMeta(get("name_as_printed")) + `\b`).MatchString(text) {
			t.Errorf("named country %q is not in the chapter", get("name_as_printed"))
		}
	})
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
	for _, table := range []*schema.Table{schema.CuratedClaims, schema.NotCheckable} {
		rows(in, table, func(get func(string) string) {
			if q := get("quote"); !quoted(q) {
				t.Errorf("%s %s: quote %q is not in the chapter", table.Name, get("id"), q)
			}
		})
	}
	rows(in, schema.CuratedTimeline, func(get func(string) string) {
		if year := get("date")[:4]; get("date_note") == "" && !strings.Contains(text, year) {
			t.Errorf("event %s: year %s is not in the chapter", get("id"), year)
		}
	})
}
