package notebooks_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// goProgram is a cell's Go program as GoNB composes it: the notebook's
// imports and declarations, and a main that calls flag.Parse, then the
// cell's lines (those that are not GoNB's % commands).
func goProgram(imports, decls, body string) string {
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "%") {
			lines = append(lines, l)
		}
	}
	return "package main\n\n" + imports + "\n" + decls + "\nfunc main() {\n\tflag.Parse()\n" + strings.Join(lines, "\n") + "\n}\n"
}

// Every package a cell uses is among the notebook's imports, flag (GoNB's
// main calls flag.Parse) among them: goimports, which GoNB runs on every
// cell, then only drops the imports the cell does not use, where a package
// to find would cost it a go list of the modules at every cell.
func TestCellsDeclareTheirImports(t *testing.T) {
	builtin := map[string]bool{}
	for _, b := range []string{"append", "cap", "clear", "close", "copy", "delete", "len", "make", "max", "min", "new", "panic", "print", "println", "recover", "true", "false", "nil", "iota", "any", "bool", "byte", "error", "float64", "int", "int64", "rune", "string", "uint8", "comparable", "complex", "real", "imag"} {
		builtin[b] = true
	}
	for _, p := range notebooks(t) {
		nb := filepath.Base(p)
		var imports, decls string
		checked := 0
		for _, c := range cells(t, p) {
			if c.Kind != "code" || strings.HasPrefix(c.Source, "%noautoget") {
				continue
			}
			body := c.Source
			if strings.HasPrefix(body, "import (") {
				head, rest, ok := strings.Cut(body, "\n%%\n")
				if !ok {
					t.Fatalf("%s: the import cell has no %%%% line", nb)
				}
				end := strings.Index(head, "\n)\n")
				imports, decls, body = head[:end+2], head[end+3:], rest
			}
			if imports == "" {
				t.Fatalf("%s: a Go cell before the import cell", nb)
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, nb+".go", goProgram(imports, decls, body), 0)
			if err != nil {
				t.Fatalf("%s: %v", nb, err)
			}
			names := map[string]bool{}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				names[path[strings.LastIndex(path, "/")+1:]] = true
				if imp.Name != nil {
					names[imp.Name.Name] = true
				}
			}
			if !names["flag"] {
				t.Errorf("%s: the import cell does not declare flag", nb)
			}
			for _, id := range f.Unresolved {
				if !builtin[id.Name] && !names[id.Name] {
					t.Errorf("%s, %s: %s is not imported: goimports would look for it at every cell", nb, fset.Position(id.Pos()), id.Name)
				}
			}
			checked++
		}
		if checked < 3 {
			t.Errorf("%s: %d Go cells checked", nb, checked)
		}
	}
}
