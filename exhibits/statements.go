package exhibits

import (
	"fmt"
	"regexp"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/labels"
)

// claimParam is the country or supporter a claim's check names (a panel
// check's party is either): the claims that differ only by it share one
// template of words.
var claimParam = regexp.MustCompile(`\b(country|id|party)=([A-Za-z0-9-]+)`)

// Statement is claim c restated in plain words in l, from the language's
// catalogue of statements (labels/claims): the country a template names is
// written in l, a supporter under its published name. A claim with no
// statement in l is an error, never the English fallback.
func (in *Input) Statement(c datasets.CheckedClaim, l labels.Lang) (string, error) {
	param, name := "", ""
	if m := claimParam.FindStringSubmatch(c.Check); m != nil {
		param = m[2]
		ct, isCountry := in.countries[param]
		switch {
		case isCountry && m[1] != "id":
			name = ct.Name(string(l))
		case m[1] != "country":
			name = in.SupporterName(param)
		}
	}
	s, ok := l.Statement(c.ID, param, name)
	if !ok {
		return "", fmt.Errorf("claim %s: no statement in labels/claims/%s.json", c.ID, l)
	}
	return s, nil
}

// SupporterName is the published name of the supporter id, or id itself
// when the supporters table has none.
func (in *Input) SupporterName(id string) string {
	in.namesOnce.Do(func() {
		in.names = map[string]string{}
		for _, s := range in.supporters {
			in.names[s.ID] = s.Name
		}
	})
	if n, ok := in.names[id]; ok && n != "" {
		return n
	}
	return id
}
