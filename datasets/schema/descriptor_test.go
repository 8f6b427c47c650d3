package schema

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// The committed descriptor describes exactly the schemas of this code, and
// a change of a constraint, a type or a field is seen; a description is not.
func TestChangedSchemas(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testenv.Datasets(t), "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"as committed", "", "", nil},
		{"description reworded", `"Name as published`, `"The name as published`, nil},
		{"field renamed", `"name": "twitter"`, `"name": "x_twitter"`, []string{"supporters"}},
		{"type changed", `"name": "position",
            "type": "integer"`, `"name": "position",
            "type": "number"`, []string{"frameworks"}},
		{"constraint dropped", `"required": true,
              "unique": true,
              "pattern": "[A-Z]{3}"`, `"unique": true,
              "pattern": "[A-Z]{3}"`, []string{"countries"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := string(b)
			if tt.old != "" {
				if !strings.Contains(s, tt.old) {
					t.Fatalf("the descriptor has no %q", tt.old)
				}
				s = strings.Replace(s, tt.old, tt.new, 1)
			}
			d, err := ParseDescriptor([]byte(s))
			if err != nil {
				t.Fatal(err)
			}
			if got := ChangedSchemas(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ChangedSchemas = %v, want %v", got, tt.want)
			}
		})
	}
}

// A descriptor that lacks tables lists them all, in name order: the list
// goes into a changelog entry, which must not depend on map order.
func TestChangedSchemasOrder(t *testing.T) {
	d, err := ParseDescriptor([]byte(`{"version": "1.0.0", "resources": []}`))
	if err != nil {
		t.Fatal(err)
	}
	got := ChangedSchemas(d)
	if len(got) != len(Published()) || len(got) < 2 {
		t.Fatalf("ChangedSchemas = %v, want the %d published tables", got, len(Published()))
	}
	if !slices.IsSorted(got) {
		t.Errorf("ChangedSchemas = %v, not in name order", got)
	}
}
