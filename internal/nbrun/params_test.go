package nbrun

import (
	"encoding/json"
	"strings"
	"testing"
)

const paramsNB = `{"cells": [
 {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["!*echo setup"]},
 {"cell_type": "code", "metadata": {"tags": ["parameters"], "cybernorms": {"parameters": {"asOf": "string", "lang": "charts.Lang"}, "check": "display.CheckParameters(asOf, lang)"}}, "outputs": [], "source": ["var asOf = \"2021-01-18\"\n", "var lang = charts.ID"]},
 {"cell_type": "markdown", "metadata": {}, "source": ["text"]}
], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`

func TestInject(t *testing.T) {
	b, err := Inject([]byte(paramsNB), "x.ipynb", map[string]string{"asOf": `2024-01-19"; os.Exit(3)`, "lang": "en"})
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			Metadata struct{ Tags []string }
			Source   []string
		}
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 4 || len(nb.Cells[2].Metadata.Tags) != 1 || nb.Cells[2].Metadata.Tags[0] != InjectedTag {
		t.Fatalf("want the injected cell third, after the parameters cell: %s", b)
	}
	src := strings.Join(nb.Cells[2].Source, "")
	// Values are Go string literals: a quote cannot end one and add code.
	for _, want := range []string{"var asOf = \"2024-01-19\\\"; os.Exit(3)\"\n", "var lang = charts.Lang(\"en\")\n", "%%\ndisplay.CheckParameters(asOf, lang)"} {
		if !strings.Contains(src, want) {
			t.Errorf("injected cell lacks %q:\n%s", want, src)
		}
	}
}

func TestInjectErrors(t *testing.T) {
	two := strings.Replace(paramsNB, `"metadata": {}, "outputs": [], "source": ["!*echo setup"]`, `"metadata": {"tags": ["parameters"]}, "outputs": [], "source": ["!*echo setup"]`, 1)
	none := strings.Replace(paramsNB, `"tags": ["parameters"], `, "", 1)
	badType := strings.Replace(paramsNB, `"charts.Lang"`, `"charts.Lang(os.Exit(1))"`, 1)
	for _, tc := range []struct{ name, nb, param, want string }{
		{"unknown", paramsNB, "when", `x.ipynb: no parameter "when" (it has asOf, lang)`},
		{"no cell", none, "asOf", `x.ipynb: no cell is tagged "parameters": it takes no parameters`},
		{"two cells", two, "asOf", `x.ipynb: cells 1 and 2 are both tagged "parameters"`},
		{"bad type", badType, "asOf", `is not a Go name and type`},
		{"not json", "{", "asOf", "x.ipynb: unexpected end of JSON input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Inject([]byte(tc.nb), "x.ipynb", map[string]string{tc.param: "v"})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestInjectedError(t *testing.T) {
	nb := func(outputs string) []byte {
		return []byte(`{"cells": [{"cell_type": "code", "metadata": {"tags": ["injected-parameters"]}, "outputs": [` + outputs + `], "source": []},
 {"cell_type": "code", "metadata": {}, "outputs": [{"output_type": "error", "ename": "panic", "evalue": "later", "traceback": []}], "source": []}]}`)
	}
	for _, tc := range []struct{ outputs, want string }{
		{`{"output_type": "stream", "name": "stdout", "text": ["parameters: asOf 2024-01-19\n"]}`, ""},
		{`{"output_type": "stream", "name": "stderr", "text": ["parameter asOf: as-of date \"x\" is not a date (YYYY-MM-DD)\n"]}, {"output_type": "error", "ename": "ERROR", "evalue": "exit status 1", "traceback": []}`,
			`parameter asOf: as-of date "x" is not a date (YYYY-MM-DD)`},
		{`{"output_type": "error", "ename": "ERROR", "evalue": "failed to run\n go build", "traceback": []}`, "ERROR: failed to run go build"},
	} {
		got, err := InjectedError(nb(tc.outputs))
		if err != nil || got != tc.want {
			t.Errorf("InjectedError = %q, %v; want %q", got, err, tc.want)
		}
	}
}

func TestMatch(t *testing.T) {
	paths := []string{"nb/01_reproduce_chapter.ipynb", "nb/02_supporters.ipynb", "nb/03_principles.ipynb"}
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{[]string{"01"}, "nb/01_reproduce_chapter.ipynb"},
		{[]string{"02_supporters.ipynb", "03_p"}, "nb/02_supporters.ipynb nb/03_principles.ipynb"},
		{[]string{"01", "01_reproduce_chapter"}, "nb/01_reproduce_chapter.ipynb"},
		{[]string{"0"}, `error: "0" matches 01_reproduce_chapter, 02_supporters, 03_principles: give more of the name`},
		{[]string{"05"}, `error: no notebook matches "05" (there are 01_reproduce_chapter, 02_supporters, 03_principles)`},
		{[]string{""}, `error: no notebook matches ""`},
	} {
		got, err := Match(paths, tc.names)
		s := strings.Join(got, " ")
		if err != nil {
			s = "error: " + err.Error()
		}
		if !strings.HasPrefix(s, tc.want) {
			t.Errorf("Match(%q) = %s, want %s", tc.names, s, tc.want)
		}
	}
}
