package supporters

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

var cats = map[string]string{"state": "state", "private-sector": "private-sector", "private_sector": "private-sector", "civil-society": "civil-society", "": "undefined"}

func resolver(t *testing.T) *countries.Resolver {
	r, err := countries.NewResolver([]countries.Crosswalk{{Published: "ROM", Alpha3: "ROU"}}, [][2]string{{"ARM", "République d'Arménie"}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// ch builds a snapshot row: kind is a, m, r (path "old>new") or d.
func ch(seq int, kind, path, name, category, nationality string, extra ...string) snapshot.Change {
	c := snapshot.Change{Seq: seq, Date: time.Date(2019, 9, 16, 12, 0, 0, 0, time.UTC).AddDate(0, 0, seq), Line: seq + 100}
	switch kind {
	case "a":
		c.Kind = snapshot.Added
	case "m":
		c.Kind = snapshot.Modified
	case "d":
		c.Kind = snapshot.Removed
	case "r":
		c.Kind = snapshot.Renamed
		c.OldPath, path, _ = strings.Cut(path, ">")
	}
	c.Path = path
	if name == "!" {
		c.Problem = "line 2: malformed YAML"
		return c
	}
	c.Fields = map[string]string{"name": name, "category": category, "nationality": nationality}
	c.Keys = []string{"name", "category", "nationality"}
	for i := 0; i+1 < len(extra); i += 2 {
		c.Fields[extra[i]] = extra[i+1]
	}
	return c
}

// summary renders supporters as "id name category country first..removed files(reasons)".
func summary(r *Result) []string {
	var out []string
	for _, s := range r.Supporters {
		var why []string
		for _, l := range s.Lineages {
			why = append(why, l.LinkedBy)
		}
		rm := ""
		if !s.RemovedOn.IsZero() {
			rm = Day(s.RemovedOn)[5:]
		}
		out = append(out, fmt.Sprintf("%s %q %s %s %s..%s first=%v [%s]", s.ID, s.Name, s.Category, s.Country, Day(s.FirstSeen)[5:], rm, s.InFirstCommit, strings.Join(why, " ")))
	}
	sort.Strings(out)
	return out
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name    string
		history []snapshot.Change
		links   []Link
		want    []string
	}{
		{
			name: "rename and edit keep identity",
			history: []snapshot.Change{
				ch(0, "a", "_supporters/abb.md", "ABB**", "private_sector", "Suède"),
				ch(3, "r", "_supporters/abb.md>_supporters/abb-private-sector-SWE.md", "ABB", "private-sector", "SWE"),
				ch(4, "m", "_supporters/abb-private-sector-SWE.md", "ABB Ltd", "private-sector", "SWE"),
			},
			want: []string{`abb "ABB Ltd" private-sector SWE 09-16.. first=true [first]`},
		},
		{
			name: "a restructure that removes and re-adds files: same path, same name, same state",
			history: []snapshot.Change{
				ch(0, "a", "_supporters/acn.md", "ACN (Alliance pour la Confiance Numérique)", "private_sector", "France"),
				ch(0, "a", "_supporters/x.md", "X", "private_sector", "France"),
				ch(0, "a", "_supporters/republique_d_armenie.md", "République d'Arménie", "state", ""),
				ch(2, "d", "_supporters/acn.md", "ACN (Alliance pour la Confiance Numérique)", "private_sector", "France"),
				ch(2, "d", "_supporters/x.md", "X", "private_sector", "France"),
				ch(2, "d", "_supporters/republique_d_armenie.md", "République d'Arménie", "state", ""),
				ch(5, "a", "_supporters/alliance_acn.md", "Alliance pour la Confiance Numérique (ACN)", "private-sector", "FRA"),
				ch(5, "a", "_supporters/x.md", "X", "private-sector", "FRA"),
				ch(5, "a", "_supporters/armenie.md", "Arménie", "state", "ARM"),
			},
			want: []string{
				`acn "Alliance pour la Confiance Numérique (ACN)" private-sector FRA 09-16.. first=true [first same-name]`,
				`republique-d-armenie "Arménie" state ARM 09-16.. first=true [first same-country]`,
				`x "X" private-sector FRA 09-16.. first=true [first same-path]`,
			},
		},
		{
			name: "a removal that nothing replaces",
			history: []snapshot.Change{
				ch(0, "a", "_supporters/lima.md", "University of Lima", "civil-society", "PER"),
				ch(1, "a", "_supporters/other.md", "Other", "civil-society", "PER"),
				ch(2, "d", "_supporters/lima.md", "University of Lima", "civil-society", "PER"),
			},
			want: []string{
				`lima "University of Lima" civil-society PER 09-16..09-18 first=true [first]`,
				`other "Other" civil-society PER 09-17.. first=false [first]`,
			},
		},
		{
			name: "a duplicate filed under another category is merged; the surviving file's fields win",
			history: []snapshot.Change{
				ch(0, "a", "_supporters/teleton-private-sector-CHL.md", "Teletón", "private-sector", "CHL"),
				ch(3, "a", "_supporters/teleton-civil-society-CHL.md", "Teletón", "civil-society", "CHL"),
				ch(4, "d", "_supporters/teleton-private-sector-CHL.md", "Teletón", "private-sector", "CHL"),
			},
			want: []string{`teleton "Teletón" civil-society CHL 09-16.. first=true [first duplicate]`},
		},
		{
			name: "a file briefly named like another, then corrected, stays separate",
			history: []snapshot.Change{
				ch(0, "a", "_supporters/europol-public-authority-NLD.md", "Europol", "public-authority", "NLD"),
				ch(2, "a", "_supporters/interpol-international-organization.md", "Europol", "public-authority", "NLD"),
				ch(3, "m", "_supporters/interpol-international-organization.md", "INTERPOL", "public-authority", ""),
			},
			want: []string{
				`europol "Europol" undefined NLD 09-16.. first=true [first]`,
				`interpol "INTERPOL" undefined  09-18.. first=false [first]`,
			},
		},
		{
			name: "an explicit link joins what no rule can",
			history: []snapshot.Change{
				ch(0, "a", "_supporters/swiss_am_cham.md", "Swiss American Chamber of Commerce (Swiss AmCham)", "private_sector", "Suisse"),
				ch(2, "d", "_supporters/swiss_am_cham.md", "Swiss American Chamber of Commerce (Swiss AmCham)", "private_sector", "Suisse"),
				ch(5, "a", "_supporters/amcham_ch.md", "American Chamber of Commerce in Switzerland", "private-sector", "CHE"),
			},
			links: []Link{{From: "_supporters/swiss_am_cham.md", To: "_supporters/amcham_ch.md", Line: 2}},
			want:  []string{`swiss-am-cham "American Chamber of Commerce in Switzerland" private-sector CHE 09-16.. first=true [first explicit]`},
		},
		{
			name: "unreadable versions: the readable one gives the fields; with none, the file name does",
			history: []snapshot.Change{
				ch(0, "a", "_supporters/fundacja-civil-society-POL.md", "!", "", ""),
				ch(2, "m", "_supporters/fundacja-civil-society-POL.md", "Fundacja Pokonaj raka", "civil-society", "POL"),
				ch(3, "a", "_supporters/broken_thing-civil-society-ROM.md", "!", "", ""),
			},
			want: []string{
				`broken-thing "broken_thing" civil-society ROU 09-19.. first=false [first]`,
				`fundacja "Fundacja Pokonaj raka" civil-society POL 09-16.. first=true [first]`,
			},
		},
		{
			name: "the same slug for two supporters gets a suffix, in order of appearance",
			history: []snapshot.Change{
				ch(0, "a", "_supporters/new-supporter.md", "New supporter", "private-sector", "FRA"),
				ch(1, "d", "_supporters/new-supporter.md", "New supporter", "private-sector", "FRA"),
				ch(2, "a", "_supporters/new-supporter-private-sector-DEU.md", "Neu GmbH", "private-sector", "DEU"),
			},
			want: []string{
				`new-supporter "New supporter" private-sector FRA 09-16..09-17 first=true [first]`,
				`new-supporter-2 "Neu GmbH" private-sector DEU 09-18.. first=false [first]`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := map[string]string{"public-authority": "undefined"}
			for k, v := range cats {
				all[k] = v
			}
			r, err := Build(tt.history, Config{Categories: all, Resolver: resolver(t), Links: tt.links, Source: "s.csv", LinksSource: "l.csv"})
			if err != nil {
				t.Fatal(err)
			}
			got := summary(r)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name    string
		history []snapshot.Change
		links   []Link
		want    string
	}{
		{"unknown category", []snapshot.Change{ch(0, "a", "_supporters/x.md", "X", "international-organisation", "")},
			nil, `s.csv:100: field category: "international-organisation" (_supporters/x.md, 2019-09-16) is not in the category crosswalk`},
		{"modifying a file that is not there", []snapshot.Change{ch(2, "m", "_supporters/x.md", "X", "state", "")},
			nil, "s.csv:102: field path: modified _supporters/x.md on 2019-09-18, but the file is not present"},
		{"adding a file twice", []snapshot.Change{ch(0, "a", "_supporters/x.md", "X", "state", ""), ch(1, "a", "_supporters/x.md", "X", "state", "")},
			nil, "s.csv:101: field path: added _supporters/x.md on 2019-09-17, but the file is already present"},
		{"link from nowhere", []snapshot.Change{ch(0, "a", "_supporters/x.md", "X", "state", "")},
			[]Link{{From: "_supporters/gone.md", To: "_supporters/x.md", Line: 7}}, "l.csv:7: field from_path: no removed supporter file ends at _supporters/gone.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(tt.history, Config{Categories: cats, Resolver: resolver(t), Links: tt.links, Source: "s.csv", LinksSource: "l.csv"})
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant  %s", err, tt.want)
			}
		})
	}
}
