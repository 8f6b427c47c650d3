package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/labels"
)

// ProjectURL is the project's repository, where the data package is
// published: its module path.
const ProjectURL = "https://github.com/cybernorms/cybernorms"

// dataURL is the address of a file of the data package in the project's
// repository.
func dataURL(rel string) string { return ProjectURL + "/blob/main/datasets/" + rel }

// source is a source a claim is checked against, as the page links it: a
// public source's passage, the supporter history, or the chapter as the
// project transcribed it.
type source struct {
	Title, Publisher, Date, URL string
	Quote                       string // the passage read, verbatim; "" for data
	Read                        string // the day it was read, in words
}

// check is one claim of a sentence of the chapter, restated.
type check struct {
	ID, Statement  string
	Verdict, Class string // on the chapter's date
	// Latest is the verdict on the last day of the history, when it differs.
	Latest, LatestClass string
	Sources             []source
}

// sentence is one sentence of the chapter and the claims read in it.
type sentence struct {
	Anchor, Section, Quote string
	Checks                 []check
	// Sources are the checks' sources, each once, for their passages.
	Sources []source
	// Compact lists the checks as short items: they differ only by the
	// country or supporter they name.
	Compact bool
}

// erratum is a claim that does not hold on the chapter's date: what the
// chapter says, restated, and what is found instead.
type erratum struct {
	ID, Section, Quote, Statement string
	Expected, Found               string
	Sources                       []source
}

// claimsView is the claims and errata as the page shows them.
type claimsView struct {
	Sentences []sentence
	Errata    []erratum
	Claims    int
}

// evidenceOf reads the public sources of the claims (curated/evidence.csv),
// checked against the size and checksum the data package records.
func evidenceOf(set *datasets.Set, dp *schema.Descriptor) (map[string][]source, error) {
	const rel = "curated/evidence.csv"
	var want *schema.DescriptorResource
	for i := range dp.Resources {
		if dp.Resources[i].Path == rel {
			want = &dp.Resources[i]
		}
	}
	if want == nil {
		return nil, fmt.Errorf("datapackage.json: no resource %s", rel)
	}
	b, err := datasets.ReadResource(set.Dir, rel)
	if err != nil {
		return nil, err
	}
	if len(b) != want.Bytes || vocab.Checksum(b) != want.Hash {
		return nil, fmt.Errorf("%s: content differs from datapackage.json", rel)
	}
	d, err := schema.ReadCSV(bytes.NewReader(b), rel, schema.Evidence)
	if err != nil {
		return nil, err
	}
	out := map[string][]source{}
	for _, r := range d.Rows {
		g := func(n string) string { return d.Table.Get(r, n) }
		out[g("claim_id")] = append(out[g("claim_id")], source{Title: g("source_title"), Publisher: g("publisher"), Date: g("published"), URL: g("url"), Quote: g("quote"), Read: g("retrieved")})
	}
	return out, nil
}

// transcribed names the project's transcription of the chapter that a
// check of the chapter against itself reads, by the check's metric.
var transcribed = []struct {
	metric *regexp.Regexp
	file   string
}{
	{regexp.MustCompile(`^timeline_`), "doctrine_timeline.csv"},
	{regexp.MustCompile(`^principles\(`), "principles.csv"},
	{regexp.MustCompile(`^(frameworks|covered_principles|covering_frameworks|max_covered_by_others)\(`), "coverage.csv"},
}

// claimsOf groups the claims by the sentence of the chapter they are read
// in, restated in l, each with its sources; and the errata alike.
func claimsOf(ex *exhibits.Input, set *datasets.Set, dp *schema.Descriptor, up upstream, l labels.Lang) (claimsView, error) {
	evidence := map[string][]source{}
	if set.Dir != "" {
		var err error
		if evidence, err = evidenceOf(set, dp); err != nil {
			return claimsView{}, err
		}
	}
	long := func(iso string) string { return l.PartialDate(iso) }
	sourcesOf := func(c datasets.CheckedClaim) []source {
		switch c.Kind {
		case vocab.KindSources:
			var out []source
			for _, s := range evidence[c.ID] {
				s.Date, s.Read = long(s.Date), long(s.Read)
				out = append(out, s)
			}
			return out
		case vocab.KindData:
			return []source{{Title: tr(l, "src.upstream"), Publisher: "pariscall.international", Date: long(up.date), URL: up.url}}
		}
		for _, t := range transcribed {
			if t.metric.MatchString(c.Check) {
				return []source{{Title: tr(l, "src.chapter", "datasets/"+t.file), Publisher: "cybernorms", Date: dp.Version, URL: dataURL(t.file)}}
			}
		}
		return nil
	}
	var v claimsView
	byQuote := map[string]int{}
	byID := map[string]check{}
	all := set.Claims()
	v.Claims = len(all)
	for _, c := range all {
		st, err := ex.Statement(c, l)
		if err != nil {
			return v, err
		}
		k := check{ID: c.ID, Statement: st, Verdict: tr(l, c.VerdictAccess), Class: vocab.VerdictClass(c.VerdictAccess), Sources: sourcesOf(c)}
		if c.VerdictLatest != c.VerdictAccess {
			k.Latest, k.LatestClass = tr(l, c.VerdictLatest), vocab.VerdictClass(c.VerdictLatest)
		}
		byID[c.ID] = k
		i, ok := byQuote[c.Quote]
		if !ok {
			i = len(v.Sentences)
			byQuote[c.Quote] = i
			v.Sentences = append(v.Sentences, sentence{Anchor: "sentence-" + strconv.Itoa(i+1), Section: sectionOf(l, c.Section), Quote: c.Quote})
		}
		s := &v.Sentences[i]
		s.Checks = append(s.Checks, k)
		for _, src := range k.Sources {
			seen := false
			for _, o := range s.Sources {
				seen = seen || o.URL == src.URL
			}
			if !seen && src.Quote != "" {
				s.Sources = append(s.Sources, src)
			}
		}
	}
	for i := range v.Sentences {
		v.Sentences[i].Compact = len(v.Sentences[i].Checks) > 3
	}
	for _, e := range set.Errata() {
		k, ok := byID[e.ClaimID]
		if !ok {
			return v, fmt.Errorf("erratum %s: no such claim", e.ClaimID)
		}
		v.Errata = append(v.Errata, erratum{ID: e.ClaimID, Section: sectionOf(l, e.Section), Quote: e.ChapterSays, Statement: k.Statement,
			Expected: observed(l, e.Expected), Found: observed(l, e.Found), Sources: k.Sources})
	}
	return v, nil
}

// isoDate is a date known to the year, the month or the day.
var isoDate = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}){0,2}$`)

// observed writes a value a claim states or a check finds in l: a date in
// words, a count in the locale's digits, a year as a year.
func observed(l labels.Lang, v string) string {
	switch {
	case v == "true" || v == "false":
		return tr(l, v)
	case isoDate.MatchString(v):
		return l.PartialDate(v)
	}
	if n, err := strconv.Atoi(v); err == nil {
		return l.Int(n)
	}
	return v
}

// upstream is where a reader finds the supporter history: the public
// repository's history of the supporter files at the commit read.
type upstream struct{ url, date string }

func upstreamOf(p packageMeta) upstream {
	u := upstream{url: "https://github.com/ambanum/pariscall.international"}
	if p.Upstream == nil {
		return u
	}
	if p.Upstream.PublicRepository != "" && p.Upstream.PublicCommit != "" {
		u.url = strings.TrimSuffix(p.Upstream.PublicRepository, ".git") + "/commits/" + p.Upstream.PublicCommit + "/_supporters"
	}
	if len(p.Upstream.CommitDate) >= 10 {
		u.date = p.Upstream.CommitDate[:10]
	}
	return u
}

// sectionOf names the places of the chapter a claim is read in ("2.2;
// 2.4", "Bab 2; Tabel 2.1") in l: the chapter's own words for its chapter
// and tables are Indonesian.
func sectionOf(l labels.Lang, s string) string {
	var out []string
	for _, p := range strings.Split(s, "; ") {
		switch {
		case strings.HasPrefix(p, "Tabel "):
			out = append(out, tr(l, "table.section", strings.TrimPrefix(p, "Tabel ")))
		case strings.HasPrefix(p, "Bab "):
			out = append(out, tr(l, "cl.chapter", strings.TrimPrefix(p, "Bab ")))
		default:
			out = append(out, tr(l, "cl.section", p))
		}
	}
	return strings.Join(out, "; ")
}
