package labels

import (
	"embed"
	"fmt"
	"strings"
	"sync"
)

// The chapter's claims restated in plain words, one catalogue per language
// keyed by claim id (claims/LANG.json). A key ending in "-*" is a template
// for the claims that differ only by the country or supporter they name:
// "named-*" serves named-qat, named-kor…, its %s filled with the name.
//
//go:embed claims/*.json
var statementFiles embed.FS

// statements are read on first use: most commands never show one.
var statements = sync.OnceValue(func() map[Lang]map[string]string {
	return readCatalogues(statementFiles, "claims/*.json")
})

// Statement returns the claim id restated in l. A claim that differs from
// others only by the name it tests has a template, keyed by the id with
// that name's slug (param, as the claim's check gives it) replaced by "*",
// filled in with name (the country or supporter in l). ok is false when l
// has neither, which a test of every claim catches.
func (l Lang) Statement(id, param, name string) (s string, ok bool) {
	m := statements()[l]
	if s, ok := m[id]; ok {
		return s, true
	}
	if p := strings.ToLower(param); p != "" && name != "" && strings.HasSuffix(id, "-"+p) {
		if t, ok := m[strings.TrimSuffix(id, p)+"*"]; ok {
			return fmt.Sprintf(t, name), true
		}
	}
	return "", false
}

// Statements are the claims' plain statements, as a Source of a page's
// strings.
type Statements struct{}

// Strings returns every statement and template of l.
func (Statements) Strings(l Lang) []string {
	var out []string
	for _, s := range statements()[l.norm()] {
		out = append(out, s)
	}
	return out
}
