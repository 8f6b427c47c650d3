package nbrun

import (
	"reflect"
	"testing"
)

// cell makes a one-cell notebook with the given outputs (JSON objects).
func cell(outputs string) []byte {
	return []byte(`{"cells": [{"cell_type": "code", "source": "", "outputs": [` + outputs + `]}], "metadata": {}}`)
}

const (
	printed = `{"output_type": "stream", "name": "stdout", "text": ["3 of 45 cells\n"]}`
	split   = `{"output_type": "stream", "name": "stdout", "text": "3 of "}, {"output_type": "stream", "name": "stdout", "text": "45 cells\n"}`
	table   = `{"output_type": "display_data", "data": {"text/html": ["<table>", "</table>"]}, "metadata": {}}`
	figure  = `{"output_type": "display_data", "data": {"image/png": "iVBOR"}, "metadata": {}}`
	other   = `{"output_type": "stream", "name": "stdout", "text": "4 of 45 cells\n"}`
)

// Outputs compares what a cell showed, not the order in which GoNB's two
// pipes delivered printed text and displays.
func TestOutputs(t *testing.T) {
	base := cell(printed + "," + table + "," + figure)
	tests := []struct {
		name string
		nb   []byte
		same bool
	}{
		{"displays arrived before the text", cell(table + "," + figure + "," + printed), true},
		{"text between two displays", cell(table + "," + printed + "," + figure), true},
		{"text in two pieces", cell(split + "," + table + "," + figure), true},
		{"other text", cell(other + "," + table + "," + figure), false},
		{"displays swapped", cell(printed + "," + figure + "," + table), false},
		{"a display missing", cell(printed + "," + table), false},
	}
	want, err := Outputs(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		got, err := Outputs(tt.nb)
		if err != nil {
			t.Fatal(err)
		}
		if same := reflect.DeepEqual(got, want); same != tt.same {
			t.Errorf("%s: same = %v, want %v\n got %q\nbase %q", tt.name, same, tt.same, got, want)
		}
	}
}

// A figure sent as SVG is refused: exported with nbconvert it is an empty
// box. A PNG passes, and counts as a figure.
func TestCheckRefusesSVGFigures(t *testing.T) {
	svg := `{"output_type": "display_data", "data": {"image/png": "iVBOR", "image/svg+xml": "<svg></svg>"}, "metadata": {}}`
	for _, tt := range []struct {
		out      string
		problems int
	}{{figure, 0}, {svg, 1}} {
		r, err := Check("x.ipynb", cell(tt.out), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Problems) != tt.problems || r.Figures != 1 {
			t.Errorf("%s: %d figures, problems %q; want 1 figure and %d problems", tt.out, r.Figures, r.Problems, tt.problems)
		}
	}
}
