package upstream

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/gitfixture"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/pipeline/frontmatter"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// row renders a change compactly for comparison.
func row(c snapshot.Change) string {
	s := fmt.Sprintf("%d %s %s", c.Seq, c.Kind, c.Path)
	if c.OldPath != "" {
		s += " <- " + c.OldPath
	}
	if n := c.Fields["name"]; n != "" {
		s += " name=" + n
	}
	if c.Problem != "" {
		s += " problem=" + c.Problem
	}
	return s
}

func readHistory(t *testing.T, r *gitfixture.Repo) []string {
	t.Helper()
	cs, err := History(context.Background(), r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, row(c))
	}
	return out
}

func check(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestHistoryKindsAndRenames(t *testing.T) {
	r := gitfixture.New(t)
	s := gitfixture.Supporter
	r.Commit("2019-09-16T13:35:50+02:00", "Add supporters", map[string]*gitfixture.Entry{
		"_supporters/abb.md":     gitfixture.File("name: ABB**\ncategory: private_sector\nnature:  Entreprise\nnationality: Suède\n"),
		"_supporters/acn.md":     s("ACN (Alliance pour la Confiance Numérique)", "private_sector", "Entreprise", "France"),
		"_supporters/burkina.md": s("Burkina", "state", "", "BFA"),
		"README.md":              gitfixture.File("not a supporter"),
	})
	r.Commit("2019-09-17T10:00:00+02:00", "Unrelated change", map[string]*gitfixture.Entry{"README.md": gitfixture.File("still not")})
	r.Commit("2019-11-10T19:51:26+01:00", "Unify filenames", map[string]*gitfixture.Entry{
		"_supporters/abb.md":                    nil,
		"_supporters/abb-private-sector-SWE.md": s("ABB", "private-sector", "Entreprise", "SWE"),
		"_supporters/acn.md":                    nil,
		"_supporters/alliance_pour_la_confiance_numerique_acn-private-sector-FRA.md": s("Alliance pour la Confiance Numérique (ACN)", "private-sector", "Entreprise", "FRA"),
		"_supporters/burkina.md":                nil,
		"_supporters/burkina_faso-state-BFA.md": s("Burkina Faso", "state", "", "BFA"),
		"_supporters/new-civil-society-FRA.md":  s("New", "civil-society", "ONG", "FRA"),
	})
	side := r.Head()
	r.Commit("2020-01-01T00:00:00Z", "Edit", map[string]*gitfixture.Entry{"_supporters/abb-private-sector-SWE.md": s("ABB Ltd", "private-sector", "Entreprise", "SWE")})
	r.Merge("2020-02-01T00:00:00Z", "Merge branch", side, map[string]*gitfixture.Entry{"_supporters/new-civil-society-FRA.md": nil})
	check(t, readHistory(t, r), []string{
		"0 added _supporters/abb.md name=ABB**",
		"0 added _supporters/acn.md name=ACN (Alliance pour la Confiance Numérique)",
		"0 added _supporters/burkina.md name=Burkina",
		"2 added _supporters/new-civil-society-FRA.md name=New",
		"2 renamed _supporters/abb-private-sector-SWE.md <- _supporters/abb.md name=ABB",
		"2 renamed _supporters/alliance_pour_la_confiance_numerique_acn-private-sector-FRA.md <- _supporters/acn.md name=Alliance pour la Confiance Numérique (ACN)",
		"2 renamed _supporters/burkina_faso-state-BFA.md <- _supporters/burkina.md name=Burkina Faso",
		"3 modified _supporters/abb-private-sector-SWE.md name=ABB Ltd",
		"4 removed _supporters/new-civil-society-FRA.md name=New",
	})
}

func TestHistoryUnreadableAndHostileEntries(t *testing.T) {
	r := gitfixture.New(t)
	var bomb strings.Builder
	bomb.WriteString("---\na: &a [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 20; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n", i, i)
	}
	bomb.WriteString("name: bomb\ncategory: state\n---\n")
	r.Commit("2021-01-01T00:00:00Z", "Hostile", map[string]*gitfixture.Entry{
		"_supporters/ok-state-FRA.md":                   gitfixture.Supporter("France", "state", "UE", "FRA"),
		"_supporters/link.md":                           gitfixture.Symlink("../../etc/passwd"),
		"_supporters/" + gitfixture.Raw("..") + "/x.md": gitfixture.File("x"),
		"_supporters/" + gitfixture.Raw("a/../../b.md"): gitfixture.Supporter("Sneaky", "state", "", "FRA"),
		"_supporters/big.md":                            gitfixture.File("---\nname: " + strings.Repeat("A", frontmatter.MaxSize) + "\n---\n"),
		"_supporters/latin1.md":                         gitfixture.File("---\nname: Universit\xe9\ncategory: civil-society\n---\n"),
		"_supporters/bomb.md":                           gitfixture.File(bomb.String()),
		"_supporters/noname.md":                         gitfixture.File("---\ncategory: state\nnationality: FRA\n---\n"),
		"_supporters/extra.md":                          gitfixture.File("---\nname: X\ncategory: state\nflag: \"🇫🇷\"\n---\n"),
		"_supporters/a/b/c/d/deep.md":                   gitfixture.Supporter("Deep", "state", "", "FRA"),
	})
	got := readHistory(t, r)
	want := []string{
		`0 added _supporters/".." problem=unsafe file name "..": not read`,
		"0 added _supporters/a%2F..%2F..%2Fb.md problem=unsafe file name \"a/../../b.md\": not read",
		"0 added _supporters/a/b/c/d problem=directory nested deeper than 4 levels: not read",
		"0 added _supporters/big.md problem=file is 65551 bytes, over the 65536-byte limit: not read",
		"0 added _supporters/bomb.md problem=line 2: YAML anchors and aliases are not allowed in front matter",
		"0 added _supporters/extra.md name=X",
		"0 added _supporters/latin1.md problem=line 2: text is not valid UTF-8",
		"0 added _supporters/link.md problem=symbolic link: not followed",
		"0 added _supporters/noname.md problem=field name: missing",
		"0 added _supporters/ok-state-FRA.md name=France",
	}
	check(t, got, want)
	cs, err := History(context.Background(), r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Path == "_supporters/extra.md" && c.Other["flag"] != "🇫🇷" {
			t.Errorf("unknown field not kept: %v", c.Other)
		}
	}
}

func TestHistoryWithoutSupporters(t *testing.T) {
	r := gitfixture.New(t)
	r.Commit("2021-01-01T00:00:00Z", "Empty", map[string]*gitfixture.Entry{"README.md": gitfixture.File("x")})
	if _, err := History(context.Background(), r.Dir); err != ErrNoSupporters {
		t.Fatalf("err = %v, want ErrNoSupporters", err)
	}
}

// The real history, read from the local copy: its known shape and its known
// flaws, every one of them kept as a row, none dropped.
func TestHistoryOfSharedCopy(t *testing.T) {
	cs, err := History(context.Background(), testenv.Upstream(t))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[snapshot.Kind]int{}
	var problems []string
	for _, c := range cs {
		kinds[c.Kind]++
		if c.Problem != "" {
			problems = append(problems, c.Date.Format("2006-01-02")+" "+c.Path+": "+c.Problem)
		}
	}
	if got := cs[0].Date.Format("2006-01-02"); got != "2019-09-16" {
		t.Errorf("history starts %s, want 2019-09-16", got)
	}
	// Its end, as git itself gives it: the last first-parent commit that
	// touches _supporters, its committer's day and its place in the
	// first-parent chain. A refresh brings newer commits into the copy;
	// the committed copy's end is pinned.
	git := func(args ...string) string {
		out, err := exec.Command(testenv.Program(t, "git"), append([]string{"--git-dir", testenv.Upstream(t)}, args...)...).Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return strings.TrimSpace(string(out))
	}
	chain := strings.Fields(git("rev-list", "--first-parent", "--reverse", "HEAD"))
	last := strings.Fields(git("log", "--first-parent", "-1", "--format=%H %cI", "HEAD", "--", "_supporters"))
	endDay, endSeq := last[1][:10], slices.Index(chain, last[0])
	if chain[len(chain)-1] == "04c7d960db4648000e11fb78662e6281a38bdcfe" && (endDay != "2024-01-19" || endSeq != 240 || len(chain) != 241) {
		t.Errorf("the committed copy ends %s in commit %d of %d, want 2024-01-19 in commit 240 of 241", endDay, endSeq, len(chain))
	}
	if got := cs[len(cs)-1].Date.Format("2006-01-02"); got != endDay {
		t.Errorf("history ends %s, want %s", got, endDay)
	}
	if got := cs[len(cs)-1].Seq; got != endSeq {
		t.Errorf("last change is in commit %d, want %d (%d first-parent commits)", got, endSeq, len(chain))
	}
	first := 0
	for _, c := range cs {
		if c.Seq == 0 {
			first++
		}
	}
	if first != 568 {
		t.Errorf("first commit adds %d files, want 568", first)
	}
	wantProblems := []string{
		"2019-09-16 _supporters/advanced_cyber_security_engineering_research_centre_acsrc_the_university_of_newcastle.md: line 2: malformed YAML: could not find expected ':'",
		"2019-09-16 _supporters/northwave.md: line 6: field date_signed: value is not a single string",
		"2019-09-16 _supporters/advanced_cyber_security_engineering_research_centre_acsrc_the_university_of_newcastle.md: line 3: malformed YAML: could not find expected ':'",
		"2019-09-16 _supporters/advanced_cyber_security_engineering_research_centre_acsrc_the_university_of_newcastle.md: line 3: malformed YAML: could not find expected ':'",
		"2021-02-23 _supporters/fundacja_pokonaj_raka-civil-society-POL.md: line 2: malformed YAML: did not find expected key",
	}
	check(t, problems, wantProblems)
	// The 2019-11-10 renaming of every file to slug-category-CODE.md is
	// paired, not seen as 1036 removals and 1036 additions.
	renamed := 0
	for _, c := range cs {
		if c.Kind == snapshot.Renamed && c.Subject == "Unify supporter filenames with new standard" {
			renamed++
		}
	}
	if renamed != 1036 {
		t.Errorf("%d renames in the filename unification, want 1036", renamed)
	}
	t.Logf("%d rows: %v", len(cs), kinds)
}
