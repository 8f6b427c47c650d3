package notebooks_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

// byName is the catalogue's exhibits by the name a cell gives them
// (exhibits.Growth), read from the declarations of package exhibits.
func byName(t *testing.T) map[string]*exhibits.Exhibit {
	t.Helper()
	type key struct{ id, kind string }
	of := map[key]*exhibits.Exhibit{}
	for _, e := range exhibits.All() {
		of[key{e.ID, string(e.Kind)}] = e
	}
	kinds := map[string]string{"Figure": string(exhibits.Figure), "Tabular": string(exhibits.Tabular)}
	pkgs, err := parser.ParseDir(token.NewFileSet(), filepath.Join(testenv.Root(t), "exhibits"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*exhibits.Exhibit{}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.VAR {
					continue
				}
				for _, spec := range g.Specs {
					vs := spec.(*ast.ValueSpec)
					if len(vs.Values) != 1 {
						continue
					}
					u, ok := vs.Values[0].(*ast.UnaryExpr)
					if !ok {
						continue
					}
					lit, ok := u.X.(*ast.CompositeLit)
					if !ok || fmt.Sprint(lit.Type) != "Exhibit" {
						continue
					}
					var k key
					for _, el := range lit.Elts {
						kv := el.(*ast.KeyValueExpr)
						switch fmt.Sprint(kv.Key) {
						case "ID":
							k.id, _ = strconv.Unquote(kv.Value.(*ast.BasicLit).Value)
						case "Kind":
							k.kind = kinds[fmt.Sprint(kv.Value)]
						}
					}
					if e, ok := of[k]; ok {
						out[vs.Names[0].Name] = e
					}
				}
			}
		}
	}
	return out
}

var citeRE = regexp.MustCompile(`study\.Cite\(\w+, exhibits\.(\w+)\)`)

// A notebook cites an exhibit only through the catalogue, and exactly the
// exhibits the catalogue says it shows: the README's list is right.
func TestNotebooksShowTheCatalogue(t *testing.T) {
	byName := byName(t)
	if len(byName) != len(exhibits.All()) {
		t.Fatalf("%d declarations of exhibits for %d exhibits in the catalogue", len(byName), len(exhibits.All()))
	}
	for _, e := range exhibits.All() {
		found := false
		for _, x := range byName {
			found = found || x == e
		}
		if !found {
			t.Fatalf("exhibit %s (%s) has no declaration in package exhibits", e.ID, e.Kind)
		}
	}
	shown := map[*exhibits.Exhibit][]string{}
	for _, p := range notebooks(t) {
		nb := filepath.Base(p)[:2]
		for _, c := range cells(t, p) {
			if regexp.MustCompile(`study\.Cite\(\w+, "`).MatchString(c.Source) {
				t.Errorf("notebook %s cites an exhibit by a string, not from the catalogue", nb)
			}
			for _, m := range citeRE.FindAllStringSubmatch(c.Source, -1) {
				e, ok := byName[m[1]]
				if !ok {
					t.Errorf("notebook %s cites exhibits.%s, not in the catalogue", nb, m[1])
					continue
				}
				if !slices.Contains(shown[e], nb) {
					shown[e] = append(shown[e], nb)
				}
			}
		}
	}
	for _, e := range exhibits.All() {
		if got := shown[e]; !slices.Equal(got, e.Notebooks) {
			t.Errorf("%s %s: shown by notebooks %v, the catalogue says %v", e.Kind, e.ID, got, e.Notebooks)
		}
	}
}
