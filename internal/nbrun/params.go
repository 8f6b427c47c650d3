package nbrun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Parameters follow papermill's convention: the cell tagged "parameters"
// holds the defaults, and a run with other values gets a cell tagged
// "injected-parameters" right after it that declares them again (GoNB keeps
// the last declaration of a name). A notebook declares each parameter's Go
// type, and the statement that checks the values, in the cell's metadata:
//
//	{"tags": ["parameters"], "cybernorms": {"parameters": {"asOf": "string", "lang": "string"},
//	 "check": "study.Open(asOf, lang)"}}
const (
	ParametersTag = "parameters"
	InjectedTag   = "injected-parameters"
)

// Parameter is a declared parameter: its name and Go type.
type Parameter struct{ Name, Type string }

type paramsMeta struct {
	Parameters map[string]string `json:"parameters"`
	Check      string            `json:"check"`
}

var (
	goIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	goType  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)
)

// parametersCell finds the cell tagged "parameters" and its declaration.
func parametersCell(cells []map[string]json.RawMessage, name string) (int, paramsMeta, error) {
	var meta paramsMeta
	at := -1
	for i, c := range cells {
		var m struct {
			Tags       []string   `json:"tags"`
			Cybernorms paramsMeta `json:"cybernorms"`
		}
		if raw, ok := c["metadata"]; ok {
			if err := json.Unmarshal(raw, &m); err != nil {
				return 0, meta, fmt.Errorf("%s: cell %d: metadata: %w", name, i+1, err)
			}
		}
		if slices.Contains(m.Tags, ParametersTag) {
			if at >= 0 {
				return 0, meta, fmt.Errorf("%s: cells %d and %d are both tagged %q", name, at+1, i+1, ParametersTag)
			}
			at, meta = i, m.Cybernorms
		}
	}
	if at < 0 {
		return 0, meta, fmt.Errorf("%s: no cell is tagged %q: it takes no parameters", name, ParametersTag)
	}
	for p, typ := range meta.Parameters {
		if !goIdent.MatchString(p) || !goType.MatchString(typ) {
			return 0, meta, fmt.Errorf("%s: parameters cell: parameter %q of type %q is not a Go name and type", name, p, typ)
		}
	}
	return at, meta, nil
}

// Parameters lists the parameters a notebook declares, by name.
func Parameters(nb []byte, name string) ([]Parameter, error) {
	var doc struct {
		Cells []map[string]json.RawMessage `json:"cells"`
	}
	if err := json.Unmarshal(nb, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	_, meta, err := parametersCell(doc.Cells, name)
	if err != nil {
		return nil, err
	}
	var out []Parameter
	for p, typ := range meta.Parameters {
		out = append(out, Parameter{p, typ})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Inject returns the notebook with a cell tagged "injected-parameters" after
// its parameters cell, declaring values (each a Go literal of its declared
// type) and running the notebook's check of them. Names it does not declare
// are refused with the list of those it does.
func Inject(nb []byte, name string, values map[string]string) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(nb, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var cells []map[string]json.RawMessage
	if err := json.Unmarshal(doc["cells"], &cells); err != nil {
		return nil, fmt.Errorf("%s: cells: %w", name, err)
	}
	at, meta, err := parametersCell(cells, name)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	var src strings.Builder
	src.WriteString("// Parameters injected by `cybernorms notebooks run`: they replace the defaults of the\n// parameters cell above.\n")
	for _, k := range names {
		typ, ok := meta.Parameters[k]
		if !ok {
			declared := make([]string, 0, len(meta.Parameters))
			for p := range meta.Parameters {
				declared = append(declared, p)
			}
			sort.Strings(declared)
			return nil, fmt.Errorf("%s: no parameter %q (it has %s)", name, k, strings.Join(declared, ", "))
		}
		lit := strconv.Quote(values[k])
		if typ != "string" {
			lit = typ + "(" + lit + ")"
		}
		fmt.Fprintf(&src, "var %s = %s\n", k, lit)
	}
	if meta.Check != "" {
		fmt.Fprintf(&src, "\n%%%%\n%s\n", meta.Check)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(src.String(), "\n"), "\n")
	cell := map[string]any{
		"cell_type": "code", "execution_count": nil, "outputs": []any{}, "source": lines,
		"metadata": map[string]any{"tags": []string{InjectedTag}},
	}
	raw, err := json.Marshal(cell)
	if err != nil {
		return nil, err
	}
	var injected map[string]json.RawMessage
	json.Unmarshal(raw, &injected)
	cells = slices.Insert(cells, at+1, injected)
	if doc["cells"], err = json.Marshal(cells); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// InjectedError returns the error output of the injected cell of an
// executed notebook, if it has one: a parameter its check refused.
func InjectedError(executed []byte) (string, error) {
	var doc struct {
		Cells []struct {
			Metadata struct {
				Tags []string `json:"tags"`
			} `json:"metadata"`
			Outputs []output `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(executed, &doc); err != nil {
		return "", err
	}
	for _, c := range doc.Cells {
		if !slices.Contains(c.Metadata.Tags, InjectedTag) {
			continue
		}
		var stderr, errs []string
		for _, o := range c.Outputs {
			switch {
			case o.OutputType == "stream" && o.Name == "stderr":
				stderr = append(stderr, strings.TrimSpace(joined(o.Text)))
			case o.OutputType == "error":
				errs = append(errs, o.Ename+": "+o.Evalue)
			}
		}
		if len(errs) == 0 {
			return "", nil
		}
		// The check's own line says what is wrong; the kernel's error only
		// that the cell failed.
		if len(stderr) > 0 && stderr[0] != "" {
			first, _, _ := strings.Cut(stderr[0], "\n")
			return first, nil
		}
		return strings.Join(strings.Fields(errs[0]), " "), nil
	}
	return "", nil
}
