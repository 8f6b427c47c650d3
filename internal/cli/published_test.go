package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// frontMatterCounts replays the raw snapshot up to the end of day d, file by
// file, and counts the supporters present by the category their files'
// front matter carried that day (the most recently changed file of each
// supporter, mapped by the category crosswalk). It reads the CSV files
// directly, apart from the pipeline, so that it checks query rather than
// repeating it.
func frontMatterCounts(t *testing.T, dir, d string) (map[string]int, int) {
	t.Helper()
	read := func(rel string) []map[string]string {
		f, err := os.Open(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var out []map[string]string
		for _, r := range recs[1:] {
			m := map[string]string{}
			for i, h := range recs[0] {
				m[h] = r[i]
			}
			out = append(out, m)
		}
		return out
	}
	crosswalk := map[string]string{}
	for _, r := range read("curated/category_crosswalk.csv") {
		crosswalk[r["published"]] = r["category"]
	}
	owner := map[[2]string]string{} // (first path, added on) → supporter
	for _, r := range read("supporter_files.csv") {
		owner[[2]string{r["first_path"], r["added_on"]}] = r["supporter_id"]
	}
	type file struct {
		key      [2]string
		category string
		seq      int
	}
	alive := map[string]*file{}
	for _, r := range read("snapshot/supporter_changes.csv") {
		if r["date"][:10] > d {
			break
		}
		seq, _ := strconv.Atoi(r["seq"])
		readable := r["problem"] == ""
		switch r["change"] {
		case "added":
			alive[r["path"]] = &file{key: [2]string{r["path"], r["date"][:10]}, seq: -1}
		case "renamed":
			alive[r["path"]] = alive[r["old_path"]]
			delete(alive, r["old_path"])
		case "removed":
			delete(alive, r["path"])
			continue
		}
		if f := alive[r["path"]]; f != nil && readable {
			f.category, f.seq = strings.TrimSpace(r["category"]), seq
		}
	}
	latest := map[string]*file{}
	for _, f := range alive {
		id, ok := owner[f.key]
		if !ok {
			t.Fatalf("no supporter owns %v", f.key)
		}
		if l := latest[id]; l == nil || f.seq > l.seq {
			latest[id] = f
		}
	}
	counts := map[string]int{}
	for _, f := range latest {
		counts[crosswalk[f.category]]++
	}
	return counts, len(latest)
}

// On three dates, query's counts by category are what the supporter files'
// front matter said that day.
func TestQueryCountsWhatWasPublished(t *testing.T) {
	dir := filepath.Join(testenv.Root(t), "datasets")
	for _, d := range []string{"2019-09-16", "2021-01-18", "2024-01-19"} {
		want, total := frontMatterCounts(t, dir, d)
		code, out, errs := run(t, "query", "--data", dir, "--as-of", d, "--format", "csv")
		if code != 0 {
			t.Fatalf("query --as-of %s: %s", d, errs)
		}
		got := map[string]int{}
		n := 0
		for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			f := strings.Split(line, ",")
			c, _ := strconv.Atoi(f[len(f)-1])
			got[f[len(f)-2]] += c
			n += c
		}
		if n != total || !equalCounts(got, want) {
			t.Errorf("%s: query counts %v (%d), the front matter of that day %v (%d)", d, got, n, want, total)
		}
	}
	// The latest classification is not what was published in 2019: the
	// site had no public-authority category yet.
	want, _ := frontMatterCounts(t, dir, "2019-09-16")
	_, out, _ := run(t, "query", "--data", dir, "--as-of", "2019-09-16", "--format", "csv", "--latest-classification")
	if want["public-authority"] != 0 || !strings.Contains(out, ",public-authority,") {
		t.Errorf("2019-09-16: front matter %v; with --latest-classification:\n%s", want, out)
	}
}

func equalCounts(a, b map[string]int) bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var ks []string
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}
