package analysis

import (
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// DuplicateCandidate is a pair of supporters that may be one organisation
// listed twice: they share a website domain, a LinkedIn page or a
// normalised name. A candidate is a question for a reviewer, not an answer.
type DuplicateCandidate struct {
	A, B    string   // supporter ids, A < B
	Matches []string // rule=value, sorted
}

var (
	nonAlnum = regexp.MustCompile(`[^a-z0-9]+`)
	// Legal forms and generic words that do not tell two organisations apart.
	generic = regexp.MustCompile(`\b(the|inc|ltd|llc|limited|plc|corp|corporation|company|co|group|sa|sas|sarl|ag|gmbh|spol|s r o|software|technologies|technology)\b`)
	// Pages shared by unrelated supporters.
	commonHosts = map[string]bool{"linkedin.com": true, "facebook.com": true, "twitter.com": true, "github.com": true}
)

// NormalisedName folds case, accents, punctuation, legal forms and generic
// words: "EGERIE Software" and "EGERIE" both give "egerie".
func NormalisedName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		if r < 0x80 {
			b.WriteRune(r)
		}
	}
	s := nonAlnum.ReplaceAllString(b.String(), " ")
	s = generic.ReplaceAllString(" "+s+" ", " ")
	return strings.Join(strings.Fields(s), " ")
}

// WebsiteDomain is a website's host without scheme and "www.".
func WebsiteDomain(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	if commonHosts[u] {
		return ""
	}
	return u
}

var linkedinHost = regexp.MustCompile(`^([a-z]{2,3}|www)\.linkedin\.com/`)

// LinkedInPage is a LinkedIn address reduced to its page: no scheme, no
// language subdomain, no trailing section.
func LinkedInPage(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = linkedinHost.ReplaceAllString(u, "linkedin.com/")
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(u, "/"), "/mycompany"), "/about")
	if !strings.HasPrefix(u, "linkedin.com/") || u == "linkedin.com/" {
		return ""
	}
	return u
}

// DuplicateCandidates finds every pair of non-state supporters that share a
// website domain, a LinkedIn page or a normalised name, in id order.
func DuplicateCandidates(ss []datasets.Supporter) []DuplicateCandidate {
	groups := map[string][]string{}
	for _, s := range ss {
		if s.Category == vocab.State {
			continue // states are joined by country when the supporters table is built
		}
		for rule, v := range map[string]string{"website": WebsiteDomain(s.Website), "linkedin": LinkedInPage(s.LinkedIn), "name": NormalisedName(s.Name)} {
			if v != "" {
				groups[rule+"="+v] = append(groups[rule+"="+v], s.ID)
			}
		}
	}
	pairs := map[[2]string][]string{}
	for match, ids := range groups {
		sort.Strings(ids)
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				k := [2]string{ids[i], ids[j]}
				pairs[k] = append(pairs[k], match)
			}
		}
	}
	var out []DuplicateCandidate
	for k, m := range pairs {
		sort.Strings(m)
		out = append(out, DuplicateCandidate{A: k[0], B: k[1], Matches: m})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}

// Misfiling is a supporter whose category its own published fields
// contradict. It is a finding to report, not a correction.
type Misfiling struct {
	ID, Name, Category, Nature, Rule, Note string
}

var (
	companyForm = regexp.MustCompile(`(?i)(\b(inc|ltd|llc|plc|gmbh|corp)\b\.?|\bs\.?\s?r\.?\s?o\b\.?|\bs\.a\.|\bsas\b)`)
	nonProfit   = []string{"think tank", "ong", "fondation", "université", "organisation à but non lucratif", "centre de recherche"}
)

// Misfilings flags supporters whose published nature or legal form
// contradicts their category: a company (nature "Entreprise", or a company's
// legal form in its name) outside the private sector, or a think tank, NGO,
// foundation, university or research centre filed as private sector.
func Misfilings(ss []datasets.Supporter) []Misfiling {
	var out []Misfiling
	for _, s := range ss {
		nature := strings.ToLower(strings.TrimSpace(s.Nature))
		switch {
		case s.Category != vocab.PrivateSector && s.Category != vocab.State && nature == "entreprise":
			out = append(out, Misfiling{s.ID, s.Name, s.Category, s.Nature, "nature", "nature \"Entreprise\" (company) but filed as " + s.Category})
		case s.Category == vocab.PrivateSector && contains(nonProfit, nature):
			out = append(out, Misfiling{s.ID, s.Name, s.Category, s.Nature, "nature", "nature \"" + strings.TrimSpace(s.Nature) + "\" but filed as private-sector"})
		case s.Category == vocab.CivilSociety && companyForm.MatchString(s.Name):
			out = append(out, Misfiling{s.ID, s.Name, s.Category, s.Nature, "legal-form", "a company's legal form (" + strings.TrimSpace(companyForm.FindString(s.Name)) + ") in the name but filed as civil-society"})
		}
	}
	return out
}

// SecondListings counts, among the supporters listed on day d (of category,
// if not empty; as published that day), those that are a second listing of
// one already counted: the reviewed duplicates judged the same organisation.
// The distinct count is the tally's total minus this.
func SecondListings(set *datasets.Set, d civil.Date, category string) int {
	present := map[string]bool{}
	var cats []string
	if category != "" {
		cats = []string{category}
	}
	for _, s := range Present(AsPublished(set, d), d, cats...) {
		present[s.ID] = true
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			parent[x] = find(p)
			return parent[x]
		}
		return x
	}
	n := 0
	for _, p := range set.Duplicates() {
		if p.Verdict != "same" || !present[p.A] || !present[p.B] {
			continue
		}
		if a, b := find(p.A), find(p.B); a != b {
			parent[b] = a
			n++
		}
	}
	return n
}
